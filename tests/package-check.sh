#!/usr/bin/env bash
# Checks a built .deb (run by `make package`, under Xvfb): its control
# fields, that it holds the app, its desktop entry and icons, and that the
# packaged binary starts and paints its window (extracted into a temporary
# directory, not installed).
# Usage: tests/package-check.sh path/to/BuildCert_VERSION_amd64.deb
set -euo pipefail
deb="${1:?usage: package-check.sh FILE.deb}"
tmp="$(mktemp -d)"; trap 'rm -rf "$tmp"' EXIT
fail() { echo "package-check: $*" >&2; exit 1; }

info="$(dpkg-deb -f "$deb" Package Version Architecture Depends)"
echo "$info"
grep -q '^Depends:.*libwebkit2gtk-4.1-0' <<<"$info" || fail "Depends lacks libwebkit2gtk-4.1-0"
grep -q '^Depends:.*fonts-noto-cjk | fonts-wqy-microhei | fonts-wqy-zenhei' <<<"$info" \
  || fail "Depends lacks the CJK font choice fonts-noto-cjk | fonts-wqy-microhei | fonts-wqy-zenhei (Chinese would not render)"

dpkg-deb -x "$deb" "$tmp/root"
bin="$tmp/root/usr/bin/buildcert-app"
[ -x "$bin" ] || fail "usr/bin/buildcert-app missing"
desktop="$(ls "$tmp"/root/usr/share/applications/*.desktop 2>/dev/null | head -1)"
[ -n "$desktop" ] || fail "no desktop entry"
grep -q '^Exec=buildcert-app' "$desktop" || fail "desktop entry does not start buildcert-app"
ls "$tmp"/root/usr/share/icons/hicolor/*/apps/buildcert-app.png >/dev/null || fail "no icons"

# The third-party licence notices (scripts/third-party-notices.mjs): the
# crates compiled in and the npm packages bundled into the UI, with texts,
# in the package's doc folder (build-cert: the package name Tauri makes of
# the product name BuildCert).
notices="$tmp/root/usr/share/doc/build-cert/THIRD-PARTY-NOTICES"
[ -s "$notices" ] || fail "usr/share/doc/build-cert/THIRD-PARTY-NOTICES missing"
for entry in 'tauri ' 'webkit2gtk ' 'rusqlite ' 'ed25519-dalek ' 'svelte ' '@tauri-apps/api '; do
  grep -q "^$entry" "$notices" || fail "THIRD-PARTY-NOTICES does not list ${entry% }"
done
grep -q 'Apache License' "$notices" && grep -q 'Permission is hereby granted' "$notices" \
  || fail "THIRD-PARTY-NOTICES lacks the licence texts"
echo "package-check: $(grep -m1 '^Rust crates compiled' "$notices"); $(grep -m1 '^npm packages bundled' "$notices")"

# The packaged binary must carry its UI (custom-protocol) and paint it: it
# prints the first-paint line (BUILDCERT_STARTUP_TRACE, a diagnostic) and is
# then stopped here; the shipped app has no quit-after-paint hook.
BUILDCERT_DATA_DIR="$tmp/data" BUILDCERT_STARTUP_TRACE=1 "$bin" >/dev/null 2>"$tmp/stderr" &
pid=$!
for _ in $(seq 1 600); do
  grep -q 'first paint' "$tmp/stderr" && break
  kill -0 "$pid" 2>/dev/null || break
  sleep 0.1
done
kill -TERM "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true
out="$(grep 'first paint' "$tmp/stderr" || true)"
[ -n "$out" ] || fail "the packaged app did not paint its window: $(tail -5 "$tmp/stderr")"
echo "package-check: $(basename "$deb") OK ($(du -h "$deb" | cut -f1)); ${out##*: }"
