#!/usr/bin/env bash
# Output identity between two builds: every shipped scenario run at 1 and 2 threads (CSV and Parquet tables), a
# checkpoint, a run continued from it and a fork of it, compared file by file with cmp.
#
#   benchmarks/identity/compare-outputs.sh build SRC BIN    build SRC's command line (Release) into BIN
#   benchmarks/identity/compare-outputs.sh run BIN OUT      run the set with BIN into OUT (scenarios copied from this checkout)
#   benchmarks/identity/compare-outputs.sh compare A B      compare two folders made by run; exit 0 when identical
#
# Both builds are made with the same SourceRevisionId ("identity"): the library version, with the commit, is written
# into checkpoint.bin's header and manifest.json, and it is the model's outputs that are compared, not the commit.
# manifest.json is compared with its version, commit, started and wallSeconds fields removed (and the folder the set
# ran in taken out of the checkpoint path it names). checkpoint.bin is
# compared with cmp; where that fails, its header is decoded and the script says which part differs (the state-layout
# fingerprint is a hash of the saved state's description, so a change of that description alone shows there). A change
# of that fingerprint alone, made on purpose, is accepted with LAYOUT_CHANGE=OLD:NEW (the two fingerprints): the files
# must then be identical in everything else, every replication's state included, and the script says so.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"

build() {
    local src="$1" bin="$2"
    dotnet build "$src/src/Participation.Cli" -c Release -p:SourceRevisionId=identity -o "$bin" -v quiet -nologo
}

run() {
    local bin out
    bin="$(cd "$1" && pwd)"; out="$2"
    if [[ -e "$out" ]]; then echo "$out exists: give a new folder" >&2; exit 2; fi
    mkdir -p "$out"
    cp -r "$root/scenarios" "$out/scenarios"
    cd "$out"
    local cli=(dotnet "$bin/Participation.Cli.dll" run)
    local list=(scenarios/*.json scenarios/x-policies/*.json scenarios/bench/small.json)
    for s in "${list[@]}"; do
        local name="${s#scenarios/}"; name="${name%.json}"; name="${name//\//_}"
        # A date inside every calendar (small.json runs 2020-2022, the others from 1994).
        local at=2020-01-01; [[ "$name" == bench_small ]] && at=2021-06-07
        echo "$name"
        "${cli[@]}" "$s" -r 2 -t 1 --format parquet --checkpoint-at "$at" --out "results/$name/t1" --quiet
        "${cli[@]}" "$s" -r 2 -t 2 --format parquet --out "results/$name/t2" --quiet
    done
    # Continued from a checkpoint (on two threads) and forked into a variant.
    for name in x-shaoxing x-policies_full-package bench_small; do
        "${cli[@]}" --from "results/$name/t1/checkpoint.bin" -t 2 --format parquet --out "results/$name/from" --quiet
    done
    "${cli[@]}" scenarios/x-policies/insurance.json --from results/x-shaoxing/t1/checkpoint.bin -t 1 --format parquet \
        --out results/x-shaoxing/fork-insurance --quiet
}

compare() {
    python3 - "$1" "$2" <<'EOF'
import filecmp, hashlib, json, os, struct, sys

a, b = sys.argv[1], sys.argv[2]
def files(top):
    out = set()
    for d, _, names in os.walk(os.path.join(top, "results")):
        for n in names: out.add(os.path.relpath(os.path.join(d, n), top))
    return out

def manifest(path, top):
    m = json.load(open(path))
    for k in ("version", "commit", "started", "wallSeconds"): m.pop(k, None)
    # A path the run was given absolutely (--from) names the folder the set was run in.
    return json.loads(json.dumps(m).replace(os.path.abspath(top) + "/", ""))

def string(buf, at):
    n, shift = 0, 0
    while True:
        byte = buf[at]; at += 1
        n |= (byte & 0x7F) << shift; shift += 7
        if byte < 0x80: break
    return buf[at:at + n].decode(), at + n

def checkpoint(path):
    buf = open(path, "rb").read()
    at = 16 + 4
    library, at = string(buf, at)
    layout, at = string(buf, at)
    return {"head": buf[:20], "library": library, "layout": layout, "rest": buf[at:-32],
            "checksum ok": hashlib.sha256(buf[:-32]).digest() == buf[-32:]}

fa, fb = files(a), files(b)
bad, expected = [], []
layout_change = tuple(os.environ.get("LAYOUT_CHANGE", "").split(":")) if os.environ.get("LAYOUT_CHANGE") else None
for f in sorted(fa ^ fb): bad.append(f"{f}: only in {a if f in fa else b}")
compared = 0
for f in sorted(fa & fb):
    pa, pb = os.path.join(a, f), os.path.join(b, f)
    compared += 1
    if f.endswith("manifest.json"):
        if manifest(pa, a) != manifest(pb, b): bad.append(f"{f}: differs (version, commit and times left out)")
    elif not filecmp.cmp(pa, pb, shallow=False):
        if f.endswith("checkpoint.bin"):
            ca, cb = checkpoint(pa), checkpoint(pb)
            parts = [k for k in ca if ca[k] != cb[k]]
            if parts == ["layout"] and (ca["layout"], cb["layout"]) == layout_change: expected.append(f)
            else: bad.append(f"{f}: differs in {', '.join(parts)}" + (f" (layout {ca['layout']} / {cb['layout']})" if "layout" in parts else ""))
        else:
            bad.append(f"{f}: differs")
for line in bad: print("DIFF", line)
if expected: print(f"{len(expected)} checkpoint.bin files differ only in the state-layout fingerprint, {layout_change[0]} -> {layout_change[1]}, as LAYOUT_CHANGE says (their states are identical)")
kinds = {}
for f in fa & fb: kinds[os.path.splitext(f)[1]] = kinds.get(os.path.splitext(f)[1], 0) + 1
print(f"{compared} files compared ({', '.join(f'{n} {k}' for k, n in sorted(kinds.items()))}): " + ("identical" if not bad else f"{len(bad)} differ"))
sys.exit(1 if bad else 0)
EOF
}

case "${1:-}" in
    build) build "$2" "$3" ;;
    run) run "$2" "$3" ;;
    compare) compare "$2" "$3" ;;
    *) sed -n '2,14p' "$0" | sed 's/^# \{0,1\}//'; exit 2 ;;
esac
