#!/usr/bin/env bash
# The reference kernel side by side: the same synchronous threshold-contagion model in C# (KernelCs/) and in
# numpy + scipy (kernel.py) on one Watts-Strogatz graph read from one edge-list file, trajectories checked for
# agreement, agent-steps per second of each, "ratio: X" (C# over numpy, one thread each), the C# figure on two
# threads and with Phi evaluated per agent (--phi direct), and the machine's STREAM-triad bandwidth. Usage: benchmarks/peers/run.sh (from anywhere).
# Environment: N (100000), K (10), P (0.1), SHARE (0.3), STEPS (100), REPS (5), SEED (20200106).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
PY=/usr/bin/python3   # Debian's interpreter (apt's numpy/scipy), not a pyenv python3 that may be first on PATH
N=${N:-100000} K=${K:-10} P=${P:-0.1} SHARE=${SHARE:-0.3} STEPS=${STEPS:-100} REPS=${REPS:-5} SEED=${SEED:-20200106}

if ! "$PY" -c 'import numpy, scipy' 2>/dev/null; then
  sudo=""; [ "$(id -u)" -ne 0 ] && sudo="sudo"
  echo "# installing python3-numpy python3-scipy with apt-get"
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get install -y -q python3-numpy python3-scipy >/dev/null \
    || { $sudo apt-get update -q >/dev/null && $sudo apt-get install -y -q python3-numpy python3-scipy >/dev/null; }
fi

echo "# building KernelCs (Release)"
dotnet build "$here/KernelCs/KernelCs.csproj" -c Release -nologo -v q -o "$here/KernelCs/bin/run" >/dev/null
cs() { dotnet "$here/KernelCs/bin/run/KernelCs.dll" "$@"; }

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
echo "# machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//')"
cs gen --n "$N" --k "$K" --p "$P" --share "$SHARE" --seed "$SEED" --edges "$tmp/edges.txt" --init "$tmp/init.txt"

export OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 MKL_NUM_THREADS=1
"$PY" "$here/kernel.py" "$N" "$tmp/edges.txt" "$tmp/init.txt" "$STEPS" "$REPS" "$SEED" "$tmp/py.csv" "$tmp/py.result"
common=(--n "$N" --edges "$tmp/edges.txt" --init "$tmp/init.txt" --steps "$STEPS" --reps "$REPS" --seed "$SEED")
cs run "${common[@]}" --threads 1 --trajectory "$tmp/cs.csv" --result "$tmp/cs1.result"
cs run "${common[@]}" --threads 2 --trajectory "$tmp/cs2.csv" --result "$tmp/cs2.result"
cs run "${common[@]}" --threads 1 --phi direct --trajectory "$tmp/csdir.csv" --result "$tmp/csdir.result"
status=0
if cmp -s "$tmp/cs.csv" "$tmp/cs2.csv"; then echo "C# 1 and 2 threads: identical trajectories"
else echo "C# 1 and 2 threads: trajectories DIFFER"; status=1; fi
"$PY" "$here/check.py" "$N" "$tmp/py.csv" "$tmp/cs.csv" "$tmp/py.result" "$tmp/cs1.result" "$tmp/cs2.result" \
  "$tmp/csdir.result" "$tmp/csdir.csv" || status=$?
cs triad --mib 128 --threads 1,2 --reps 10
exit $status
