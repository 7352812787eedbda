#!/usr/bin/env bash
# One command: the decode benchmark of buildcert-scan against zxing-cpp and zbar.
#   bench/scan/run.sh [--only boofcv|zxing|bc1|photos]...
# boofcv-dev is reported whole and as its halves A (tune) and B (held-out) of
# bench/scan/split.json, side by side. The photo set (gen_photos) is generated
# and scored when that example exists.
# Needs ../shared/qr-corpus beside the repository (QR_CORPUS overrides it).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
corpus="${QR_CORPUS:-$root/../shared/qr-corpus}"
target="${CARGO_TARGET_DIR:-$root/target}"
if [ ! -d "$corpus/boofcv-dev" ]; then
  echo "QR corpus absent: $corpus/boofcv-dev (set QR_CORPUS); the boofcv and zxing sets cannot be run" >&2
  exit 1
fi

examples="--example bench_scan --example gen_bc1"
[ -f "$root/crates/scan/examples/gen_photos.rs" ] && examples="$examples --example gen_photos"
(cd "$root" && cargo build --release -p buildcert-scan $examples)

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

photos=()
if [ -x "$target/release/examples/gen_photos" ]; then
  if [ ! -f "$here/out/photoset/manifest.json" ]; then
    "$target/release/examples/gen_photos" "$here/out/photoset" "${PHOTOS_PER_CATEGORY:-6}"
  fi
  photos=(--photos "$here/out/photoset")
fi

mkdir -p "$here/out"
"$here/.venv/bin/python" "$here/bench.py" --ours "$target/release/examples/bench_scan" \
  --corpus "$corpus" --bc1 "$bc1" --split "$here/split.json" "${photos[@]}" "$@" | tee "$here/out/table.md"
