#!/usr/bin/env bash
# End-to-end speed of the tender check from the command line: the release
# `buildcert tender --json` over a folder of N issuer-made certificate PDFs
# (default 1,005), timed as a person runs it (start-up, trust list, folder
# walk, reading every PDF, the JSON), next to the in-process floor of the
# same machine and build (`tender_bench`, run_tender on 1 and 2 threads).
#
#   bench/tender/run.sh [N] [RUNS]
#
# Needs nothing from ../shared/: the PDFs come from `buildcert-issuer demo`
# (fixed seed), in a temporary folder that is removed afterwards.
set -euo pipefail
n="${1:-1005}"
runs="${2:-3}"
root="$(cd "$(dirname "$0")/../.." && pwd)"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$root/target}"
cargo build --release -q -p buildcert-cli -p buildcert-issuer
bin="$CARGO_TARGET_DIR/release"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
export BUILDCERT_DATA_DIR="$work/data"
today=2026-12-05

"$bin/buildcert-issuer" demo --out "$work/set" --count "$n" --seed 7 --today "$today" --scanned 0 >/dev/null
mkdir "$work/pdfs"
cp "$work/set"/certs/*.pdf "$work/pdfs/"
count=$(ls "$work/pdfs" | wc -l)
"$bin/buildcert" trust pin "$(cat "$work/set/root.pub.hex")" --label bench --demo >/dev/null
"$bin/buildcert" trust import "$work/set/trust.bctl" >/dev/null

# The bidding company: the employer of certificate no. 1 (the others are other
# companies' people, as in a real mixed folder; the check is the same work).
uscc=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["certificates"][0]["uscc"])' "$work/set/manifest.json")

echo "== machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//')"
echo "== buildcert tender --json over $count PDFs ($(du -sh "$work/pdfs" | cut -f1)), $runs runs after one warm-up"
cmd=("$bin/buildcert" tender --json --date "$today" --uscc "$uscc" "$work/pdfs")
"${cmd[@]}" >"$work/out.json" || true
for i in $(seq 1 "$runs"); do
  rc=0
  /usr/bin/time -f '%e %U %S %M' -o "$work/time" "${cmd[@]}" >"$work/out.json" || rc=$?
  [ "$rc" -le 1 ] || { echo "buildcert tender exited $rc" >&2; exit 1; }
  read -r wall user sys rss < <(tail -n 1 "$work/time") # after "Command exited with non-zero status 1"
  awk -v n="$count" -v w="$wall" -v u="$user" -v s="$sys" -v m="$rss" -v i="$i" 'BEGIN {
    printf "run %d: %.2f s wall, %.2f s CPU (%.2f ms CPU/PDF), %.0f PDFs/s, peak RSS %.0f MiB\n", i, w, u + s, (u + s) * 1000 / n, n / w, m / 1024 }'
done
python3 - "$work/out.json" "$count" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
rows = r.get("rows", [])
print(f"   rows in the JSON: {len(rows)} of {sys.argv[2]} files")
if len(rows) != int(sys.argv[2]):
    sys.exit("the JSON does not hold one row a file")
PY

echo "== floor: tender_bench (run_tender in process, same build profile)"
cargo run --release -q -p buildcert-tender --example tender_bench -- "$count" 0 2>&1 | sed -n '/^## End to end/,/^## Where/p' | grep '^|' 
