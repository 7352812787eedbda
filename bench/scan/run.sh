#!/usr/bin/env bash
# One command: the decode benchmark of buildcert-scan against zxing-cpp and zbar.
#   bench/scan/run.sh [--only boofcv|zxing|bc1]...
# Needs ../shared/qr-corpus beside the repository (QR_CORPUS overrides it).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
corpus="${QR_CORPUS:-$root/../shared/qr-corpus}"
target="${CARGO_TARGET_DIR:-$root/target}"

(cd "$root" && cargo build --release -p buildcert-scan --example bench_scan --example gen_bc1)

if [ ! -x "$here/.venv/bin/python" ] || ! "$here/.venv/bin/python" -c "import zxingcpp, PIL" 2>/dev/null; then
  python3 -m venv "$here/.venv"
  "$here/.venv/bin/pip" install -q "zxing-cpp==3.1.1" pillow
fi
if ! command -v zbarimg >/dev/null; then
  if [ "$(id -u)" = 0 ]; then
    (apt-get update -qq && apt-get install -y -qq zbar-tools) >/dev/null
  else
    echo "zbarimg missing: apt-get install zbar-tools" >&2; exit 1
  fi
fi

bc1="$here/out/bc1set"
if [ ! -f "$bc1/manifest.json" ]; then
  "$target/release/examples/gen_bc1" "$bc1" "${BC1_PER_CATEGORY:-8}"
fi

"$here/.venv/bin/python" "$here/bench.py" --ours "$target/release/examples/bench_scan" \
  --corpus "$corpus" --bc1 "$bc1" "$@" | tee "$here/out/table.md"
