#!/usr/bin/env bash
# The UI with the .deb's second font choice: fonts-wqy-microhei installed and
# Noto CJK hidden from fontconfig (no-noto-cjk.conf), as on UOS/Kylin desktops
# that ship WenQuanYi. Checks that fontconfig then gives WenQuanYi for Chinese
# (and no Noto CJK at all), runs the accessibility e2e file (every screen in
# zh and en, axe checks) with that font set, and leaves its screenshots in
# target/screenshots-wqy/ to look at.
#
#   make ui-build && cargo build -p buildcert-app --features buildcert-app/custom-protocol \
#     && cargo build -p buildcert-cli -p buildcert-issuer && tests/fonts/wqy-screens.sh
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
here="$root/tests/fonts"
export FONTCONFIG_FILE="$here/no-noto-cjk.conf"

dpkg -s fonts-wqy-microhei >/dev/null 2>&1 || {
  echo "wqy-screens: installing fonts-wqy-microhei"
  ${SUDO:-$([ "$(id -u)" = 0 ] || echo sudo)} apt-get install -y --no-install-recommends fonts-wqy-microhei
}
zh="$(fc-match -f '%{family}\n' 'sans-serif:lang=zh-cn')"
echo "fc-match sans-serif:lang=zh-cn -> $zh"
case "$zh" in *WenQuanYi*) ;; *) echo "wqy-screens: expected WenQuanYi, got $zh" >&2; exit 1 ;; esac
if fc-list | grep -qi 'Noto Sans CJK'; then echo "wqy-screens: Noto CJK still visible" >&2; exit 1; fi

out="$root/target/screenshots-wqy"
rm -rf "$out"; mkdir -p "$out"
cd "$root"
BUILDCERT_APP="${BUILDCERT_APP:-$root/target/debug/buildcert-app}" \
TAURI_DRIVER="${TAURI_DRIVER:-$root/.tools/bin/tauri-driver}" \
SCREENSHOT_DIR="$out" \
  xvfb-run -a -s "-screen 0 1280x800x24" \
  node --test --test-concurrency=1 --test-timeout=120000 tests/e2e/a11y.test.mjs
echo "wqy-screens: screenshots in $out"
ls "$out"
