#!/usr/bin/env bash
# Measures the app's start-up time to first paint and its idle memory.
# Usage (needs a display; `make measure` runs it under Xvfb):
#   tests/e2e/measure.sh /abs/path/to/buildcert-app [runs]
# First paint: the UI calls `ui_ready` after two animation frames; the app
# prints the ms since main() began (BUILDCERT_STARTUP_TRACE) and quits
# (BUILDCERT_EXIT_AFTER_FIRST_PAINT, only in a build with the `measure`
# feature, which `make measure` builds; any other build would hang here
# until the 60 s timeout). Idle memory: RSS and PSS summed over
# the app and every descendant (WebKitWebProcess, WebKitNetworkProcess),
# 10 s after the first paint, then each process's largest mappings by PSS
# (MEASURE_TOP of them, default 8). Last, in the same run and with the same
# WebKit settings, a blank WebKitGTK window (bench/webkit-floor/run.sh), and
# both idle figures side by side (issue 18: the app within 45 MiB of it).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
app="${1:?usage: measure.sh APP [runs]}"
runs="${2:-5}"
data="$(mktemp -d)"
trap 'rm -rf "$data"' EXIT
export BUILDCERT_DATA_DIR="$data"

descendants() { # pid -> pid and all its descendants
  local p="$1"; echo "$p"
  for c in $(ps -o pid= --ppid "$p" 2>/dev/null); do descendants "$c"; done
}

if [ -w /proc/sys/vm/drop_caches ]; then sync; echo 3 > /proc/sys/vm/drop_caches || true; cold="(page cache dropped before run 1)"; else cold="(page cache not dropped)"; fi
echo "== start-up to first paint, $runs runs $cold"
for i in $(seq 1 "$runs"); do
  t0=$(date +%s%N)
  out=$(BUILDCERT_STARTUP_TRACE=1 BUILDCERT_EXIT_AFTER_FIRST_PAINT=1 timeout 60 "$app" 2>&1 >/dev/null | grep 'first paint' || true)
  t1=$(date +%s%N)
  echo "run $i: ${out#buildcert-app: } (exec to exit $(( (t1 - t0) / 1000000 )) ms)"
done

echo "== idle memory, 10 s after first paint"
BUILDCERT_STARTUP_TRACE=1 "$app" >/dev/null 2>"$data/stderr" &
pid=$!
for _ in $(seq 1 300); do grep -q 'first paint' "$data/stderr" && break; sleep 0.1; done
sleep 10
rss=0; pss=0
printf '%-8s %-28s %10s %10s\n' PID NAME RSS_KiB PSS_KiB
for p in $(descendants "$pid"); do
  [ -r "/proc/$p/status" ] || continue
  name=$(awk '/^Name:/{print $2}' "/proc/$p/status")
  r=$(awk '/^VmRSS:/{print $2}' "/proc/$p/status"); r=${r:-0}
  s=$(awk '/^Pss:/{print $2}' "/proc/$p/smaps_rollup" 2>/dev/null); s=${s:-0}
  printf '%-8s %-28s %10s %10s\n' "$p" "$name" "$r" "$s"
  rss=$((rss + r)); pss=$((pss + s))
done
echo "total RSS: $((rss / 1024)) MiB; total PSS: $((pss / 1024)) MiB"
# Where each process's memory goes: PSS summed per mapped file (anonymous
# memory as [anon], [heap]), largest first, to see what is worth cutting.
for p in $(descendants "$pid"); do
  [ -r "/proc/$p/smaps" ] || continue
  echo "-- largest mappings of $p ($(awk '/^Name:/{print $2}' "/proc/$p/status")), PSS KiB"
  awk '/^[0-9a-f]+-[0-9a-f]+ /{n=$6; if (n == "") n="[anon]"} /^Pss:/{s[n]+=$2} END{for (n in s) print s[n], n}' \
    "/proc/$p/smaps" | sort -rn | awk -v top="${MEASURE_TOP:-8}" 'NR <= top {printf "  %8d  %s\n", $1, $2}'
done
kill -TERM "$pid"; wait "$pid" 2>/dev/null || true

echo "== idle memory of a blank WebKitGTK window, same settings, 10 s after start"
floor_out="$("$here/../../bench/webkit-floor/run.sh")"
echo "$floor_out"
floor_kib=$(sed -n 's/.*total PSS: [0-9]* MiB (\([0-9]*\) KiB).*/\1/p' <<<"$floor_out")
[ -n "$floor_kib" ] || { echo "measure: no total from bench/webkit-floor/run.sh" >&2; exit 1; }
diff_mib=$(( (pss - floor_kib) / 1024 ))
echo "== idle PSS side by side: app $((pss / 1024)) MiB, blank WebKitGTK window $((floor_kib / 1024)) MiB," \
  "difference $diff_mib MiB ($([ "$diff_mib" -le 45 ] && echo within || echo OVER) the 45 MiB allowed)"
