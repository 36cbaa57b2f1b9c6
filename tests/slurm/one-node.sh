#!/usr/bin/env bash
# A real test of `participation slurm` on a one-node Slurm cluster on this machine (docs/cluster.md, "Testing on one node").
#
#   sudo tests/slurm/one-node.sh            # from the repository root; Debian or Ubuntu, as root
#
# What it does, step by step:
#   1. installs Debian's slurm-wlm and munge if slurmctld is missing (apt-get, noninteractive);
#   2. publishes participation self-contained for linux-x64 (as you would to install it on a cluster);
#   3. makes a munge key and starts munged, slurmctld and slurmd as a one-node cluster on localhost, all state under
#      $STATE (no systemd, no cgroups: proctrack/linuxproc, task/none, select/cons_tres; the node's CPUs from nproc);
#   4. submits a small sweep as a job array of 4 shards plus the merge job with `participation slurm ... --submit`
#      (and, at the end, a calibration design with `participation slurm calibrate ... --submit`, its fit compared too);
#   5. waits, checks that every shard task and the merge job ran, and that the merged sweep.csv, sweep_summary.csv and
#      design.csv are byte for byte those of the same sweep run locally in one process (cmp);
#   6. resubmits shard 1 alone (`sbatch --array=1 shards.sh`, as after a failure) and the merge job, and checks again;
#   7. stops the daemons it started (trap), whatever happened.
# Not part of `dotnet test`: it installs packages and needs root. Exit status 0 when every check passed.
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
STATE="${STATE:-/run/participation-slurm-test}"
TIMEOUT="${TIMEOUT:-900}"   # seconds to wait for the jobs
SHARDS=4

say() { printf '\n== %s\n' "$*"; }
fail() { printf 'FAIL: %s\n' "$*" >&2; exit 1; }

[ "$(id -u)" -eq 0 ] || fail "run as root (it installs packages and starts daemons)"

# ---- 1. packages -----------------------------------------------------------------------------------------------------
if ! command -v slurmctld >/dev/null || ! command -v munged >/dev/null; then
    say "installing slurm-wlm and munge"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -q
    apt-get install -y -q --no-install-recommends slurm-wlm munge
fi
slurmd -V

# ---- 2. the tool, published as on a cluster --------------------------------------------------------------------------
rm -rf "$STATE"
install -d -m 0755 "$STATE"
say "publishing participation (self-contained, linux-x64)"
dotnet publish "$repo/src/Participation.Cli" -c Release -r linux-x64 --self-contained -o "$STATE/bin" -nologo -v q
participation="$STATE/bin/Participation.Cli"
"$participation" --version

# ---- 3. a one-node cluster -------------------------------------------------------------------------------------------
started=()
stop() {
    # Stop only the daemons this script started, by their process ids, newest first.
    for ((i = ${#started[@]} - 1; i >= 0; i--)); do
        kill "${started[i]}" 2>/dev/null || true
    done
    for pid in "${started[@]}"; do
        for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    done
}
trap stop EXIT

say "starting munged (a fresh key in $STATE/munge)"
install -d -o munge -g munge -m 0755 "$STATE/munge"
mungekey --create --keyfile="$STATE/munge/munge.key" --bits=1024
chown munge:munge "$STATE/munge/munge.key"
chmod 0400 "$STATE/munge/munge.key"
socket="$STATE/munge/munge.socket"
runuser -u munge -- munged --key-file="$STATE/munge/munge.key" --socket="$socket" --pid-file="$STATE/munge/munged.pid" \
    --log-file="$STATE/munge/munged.log" --seed-file="$STATE/munge/munged.seed"
for _ in $(seq 50); do [ -s "$STATE/munge/munged.pid" ] && break; sleep 0.1; done
started+=("$(cat "$STATE/munge/munged.pid")")
munge -n -S "$socket" | unmunge -S "$socket" >/dev/null || fail "munge cannot encode and decode a credential"

node="$(hostname -s)"
cpus="$(nproc)"
memory=$(( $(awk '/MemTotal/ { print int($2 / 1024) }' /proc/meminfo) * 8 / 10 ))
install -d -m 0755 "$STATE/ctld" "$STATE/slurmd"
export SLURM_CONF="$STATE/slurm.conf"
cat > "$SLURM_CONF" <<CONF
# A one-node cluster for tests/slurm/one-node.sh: no systemd, no cgroups, no accounting.
ClusterName=onenode
SlurmctldHost=$node(127.0.0.1)
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
AuthInfo=socket=$socket
CredType=cred/munge
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU_Memory
SchedulerType=sched/backfill
MpiDefault=none
ReturnToService=2
StateSaveLocation=$STATE/ctld
SlurmdSpoolDir=$STATE/slurmd
SlurmctldPidFile=$STATE/slurmctld.pid
SlurmdPidFile=$STATE/slurmd.pid
SlurmctldLogFile=$STATE/slurmctld.log
SlurmdLogFile=$STATE/slurmd.log
JobCompType=jobcomp/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
MinJobAge=3600
NodeName=$node NodeAddr=127.0.0.1 CPUs=$cpus RealMemory=$memory State=UNKNOWN
PartitionName=debug Nodes=$node Default=YES MaxTime=INFINITE State=UP
CONF
say "starting slurmctld and slurmd ($node: $cpus CPUs, $memory MB)"
slurmctld -D -i -f "$SLURM_CONF" > "$STATE/slurmctld.out" 2>&1 &
started+=("$!")
for _ in $(seq 100); do scontrol ping >/dev/null 2>&1 && break; sleep 0.2; done
scontrol ping | grep -q UP || { cat "$STATE/slurmctld.log" "$STATE/slurmctld.out" >&2; fail "slurmctld did not come up"; }
slurmd -D -f "$SLURM_CONF" -N "$node" > "$STATE/slurmd.out" 2>&1 &
started+=("$!")
for _ in $(seq 100); do sinfo -h -o %T 2>/dev/null | grep -Eq '^(idle|mixed|allocated)' && break; sleep 0.2; done
sinfo
sinfo -h -o %T | grep -Eq '^(idle|mixed|allocated)' || { cat "$STATE/slurmd.log" >&2; fail "the node did not become idle"; }

# ---- 4. a sharded sweep through `participation slurm --submit` --------------------------------------------------------
work="$STATE/work"
install -d -m 0755 "$work"
cd "$work"
cat > tiny.json <<'JSON'
{
  "name": "one-node slurm test community",
  "seed": 11,
  "calendar": { "start": "2016-01-04", "end": "2017-12-31", "registerDate": "2017-12-31", "reportFrom": "2017-01-01" },
  "compounds": {
    "old": { "type": "old", "households": 90, "buildings": 4 },
    "new": { "type": "commercial", "households": 60, "buildings": 2 }
  },
  "decision": { "intercept": -6.5 },
  "policies": { "drive": { "kind": "registrationDrive", "start": "2017-06-01", "end": "2017-12-31", "scale": 1.5 } }
}
JSON
sweep=(tiny.json --vary roles.exitNew=0.02:0.2:4 --vary decision.intercept=-7:-6:2 --replications 3)
say "participation slurm ${sweep[*]} --shards $SHARDS --submit"
"$participation" slurm "${sweep[@]}" --shards "$SHARDS" --partition debug --time 10:00 --mem 500M --out "$work/job" --submit
. "$work/job/jobs.txt"   # shards=ID, merge=ID
[ -n "${shards:-}" ] && [ -n "${merge:-}" ] || fail "no job ids in jobs.txt"

wait_for() {
    local deadline=$((SECONDS + TIMEOUT))
    while squeue -h -j "$1" 2>/dev/null | grep -q .; do
        [ "$SECONDS" -lt "$deadline" ] || { squeue; fail "jobs $1 still queued after $TIMEOUT s"; }
        sleep 2
    done
}
state_of() { scontrol show job "$1" 2>/dev/null | grep -o 'JobState=[A-Z_]*' | sort | uniq -c | tr -s ' ' | tr '\n' ' '; }
t0=$SECONDS
wait_for "$shards,$merge"
echo "jobs finished after $((SECONDS - t0)) s"
echo "array job $shards: $(state_of "$shards")"
echo "merge job $merge: $(state_of "$merge")"
[ "$(state_of "$merge")" = " 1 JobState=COMPLETED " ] || { cat "$work/job/logs/"* >&2; fail "the merge job did not complete"; }
[ "$(scontrol show job "$shards" | grep -c 'JobState=COMPLETED')" -eq "$SHARDS" ] || fail "not every shard task completed"
for k in $(seq 0 $((SHARDS - 1))); do
    [ -s "$work/job/shards/$k/sweep.journal" ] || fail "shard $k wrote no journal"
    echo "shard $k: $(grep -c '^run' "$work/job/shards/$k/sweep.journal") runs; log: $(tail -n 2 "$work/job/logs/shard-$k.out" | head -n 1)"
done
echo "merge log:"; cat "$work/job/logs/merge.out"

# ---- 5. the same sweep in one process, compared byte for byte ---------------------------------------------------------
say "the same sweep locally, in one process"
"$participation" sweep "${sweep[@]}" --out "$work/local"
compare() {
    for f in sweep.csv sweep_summary.csv design.csv; do
        cmp "$work/local/$f" "$work/job/merged/$f" || fail "merged $f differs from the local sweep's"
        echo "identical: $f ($(wc -l < "$work/local/$f") lines)"
    done
}
compare

# ---- 6. a shard resubmitted alone, then the merge again ---------------------------------------------------------------
say "resubmitting shard 1 alone and the merge"
again=$(sbatch --parsable --array=1 "$work/job/shards.sh"); again=${again%%;*}
remerge=$(sbatch --parsable --dependency=afterok:"$again" "$work/job/merge.sh"); remerge=${remerge%%;*}
wait_for "$again,$remerge"
echo "array job $again (shard 1): $(state_of "$again")"
echo "merge job $remerge: $(state_of "$remerge")"
[ "$(state_of "$remerge")" = " 1 JobState=COMPLETED " ] || fail "the second merge job did not complete"
grep -q "Resuming: " "$work/job/logs/shard-1.out" || fail "the resubmitted shard did not resume from its journal"
compare

# ---- 7. a calibration design through `participation slurm calibrate --submit` ----------------------------------------
say "a calibration from a sharded design"
cat > targets.json <<'JSON'
{
  "targets": { "participation_rate_month": { "value": 0.1, "tolerance": 0.05 }, "top10_task_share": { "value": 0.5, "tolerance": 0.1 } },
  "parameters": { "decision.intercept": { "min": -8, "max": -5 }, "roles.exitNew": { "min": 0.02, "max": 0.2 } }
}
JSON
calibration=(tiny.json --targets targets.json --design-samples 6 --replications 2 --check-replications 1 --budget 2)
"$participation" slurm calibrate "${calibration[@]}" --shards "$SHARDS" --partition debug --time 10:00 --mem 500M --out "$work/cal" --submit
shards=; merge=; . "$work/cal/jobs.txt"
[ -n "${shards:-}" ] && [ -n "${merge:-}" ] || fail "no job ids in the calibration's jobs.txt"
wait_for "$shards,$merge"
echo "calibration: array job $shards: $(state_of "$shards"); merge and fit job $merge: $(state_of "$merge")"
[ "$(state_of "$merge")" = " 1 JobState=COMPLETED " ] || { cat "$work/cal/logs/"* >&2; fail "the calibration's merge and fit job did not complete"; }
"$participation" calibrate "${calibration[@]}" --out "$work/cal-local" --quiet
for f in fitted.csv targets.csv trace.csv design_losses.csv; do
    cmp "$work/cal-local/$f" "$work/cal/fit/$f" || fail "the fit's $f differs from the one-process calibration's"
    echo "identical: $f ($(wc -l < "$work/cal-local/$f") lines)"
done

say "PASS: a $SHARDS-shard sweep on Slurm, merged, equals the one-process sweep byte for byte; so does a calibration from a sharded design"
