#!/usr/bin/env bash
# Cross-validation of the decode pipeline on boofcv-dev (issue 21).
#   bench/scan/crossval.sh             dev / half A / half B for buildcert-scan, zxing-cpp, zbar
#   bench/scan/crossval.sh --diagnose  also every production try alone on every image
#                                      (bench_scan --diagnose --pipeline, two processes),
#                                      then crossval.py: each try's finds on A and B
# The halves are bench/scan/split.json (make_split.py). Reads ../shared/qr-corpus
# (QR_CORPUS overrides it); says so and stops when it is absent.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
corpus="${QR_CORPUS:-$root/../shared/qr-corpus}"
target="${CARGO_TARGET_DIR:-$root/target}"
dev="$corpus/boofcv-dev"
if [ ! -d "$dev" ]; then
  echo "QR corpus absent: $dev (set QR_CORPUS); nothing to measure" >&2
  exit 1
fi
diag=0
[ "${1:-}" = "--diagnose" ] && diag=1

(cd "$root" && cargo build --release -p buildcert-scan --example bench_scan)
if [ ! -x "$here/.venv/bin/python" ] || ! "$here/.venv/bin/python" -c "import zxingcpp, PIL" 2>/dev/null; then
  python3 -m venv "$here/.venv"
  "$here/.venv/bin/pip" install -q "zxing-cpp==3.1.1" pillow
fi
command -v zbarimg >/dev/null || { echo "zbarimg missing: apt-get install zbar-tools" >&2; exit 1; }
mkdir -p "$here/out"

"$here/.venv/bin/python" "$here/bench.py" --ours "$target/release/examples/bench_scan" \
  --corpus "$corpus" --bc1 /nonexistent --only boofcv --split "$here/split.json" | tee "$here/out/crossval.md"

if [ "$diag" = 1 ]; then
  # Every image of the split, A and B interleaved, in two lists (one per core).
  python3 - "$dev" "$here/split.json" "$here/out/diag" <<'PY'
import json, os, sys
dev, split, out = sys.argv[1:]
s = json.load(open(split))
paths = sorted(os.path.join(dev, c, n) for h in ("A", "B") for c, ns in s[h].items() for n in ns)
for k in range(2):
    open(f"{out}{k}.txt", "w").write("\n".join(paths[k::2]) + "\n")
PY
  for k in 0 1; do
    "$target/release/examples/bench_scan" --diagnose --pipeline --files-from "$here/out/diag$k.txt" \
      > "$here/out/diag$k.jsonl" &
  done
  wait
  python3 "$here/crossval.py" "$dev" "$here/split.json" "$here/out/diag0.jsonl" "$here/out/diag1.jsonl" --markdown \
    | tee "$here/out/crossval_tries.md"
fi
