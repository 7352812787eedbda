#!/usr/bin/env bash
# Idle memory of a blank WebKitGTK window (floor.c), measured like the app's
# in tests/e2e/measure.sh: PSS of the process and its WebKit children, 10 s
# after start. Needs gcc and libwebkit2gtk-4.1-dev (`make deps`), a display:
#   xvfb-run -a -s "-screen 0 1280x800x24" bench/webkit-floor/run.sh
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
gcc -O2 -o "$out/floor" "$here/floor.c" $(pkg-config --cflags --libs webkit2gtk-4.1 gtk+-3.0)

# The defaults the app applies on Linux (src-tauri/src/webview_env.rs), and
# like the app, a value already in the environment is kept.
export WEBKIT_DISABLE_COMPOSITING_MODE="${WEBKIT_DISABLE_COMPOSITING_MODE-1}"
export WEBKIT_DISABLE_DMABUF_RENDERER="${WEBKIT_DISABLE_DMABUF_RENDERER-1}"

"$out/floor" >/dev/null 2>&1 &
pid=$!
sleep 10
pss=0
printf '%-8s %-20s %10s\n' PID NAME PSS_KiB
for p in "$pid" $(ps -o pid= --ppid "$pid"); do
  s=$(awk '/^Pss:/{print $2}' "/proc/$p/smaps_rollup")
  printf '%-8s %-20s %10s\n' "$p" "$(cat "/proc/$p/comm")" "$s"
  pss=$((pss + s))
done
echo "blank WebKitGTK window, total PSS: $((pss / 1024)) MiB ($pss KiB)"
kill "$pid"; wait "$pid" 2>/dev/null || true
