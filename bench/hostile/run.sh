#!/usr/bin/env bash
# Issue 16: time and peak memory of every hostile input, with a release
# build of `buildcert`, each run under `/usr/bin/time -v`.
#
#   bench/hostile/run.sh            # builds, then prints a Markdown table
#   NO_BUILD=1 bench/hostile/run.sh # uses target/release as it is
#
# The files are the test set of crates/cli/tests/support/hostile_files.rs
# (fixed seeds), written by `cargo run --example hostile_files`; the named
# pipe and the folders are made here. A trust list is installed first in a
# temporary data dir; at the end the script checks that no input changed it
# (`trust show --json` and every file of the data dir, byte for byte).
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$ROOT/target}
BIN=$CARGO_TARGET_DIR/release/buildcert
GEN=$CARGO_TARGET_DIR/release/examples/hostile_files
LIMIT_S=${LIMIT_S:-120} # a run still going after this is killed (and shows as signal 9)

if [ -z "${NO_BUILD:-}" ]; then
  (cd "$ROOT" && cargo build --release -p buildcert-cli --bin buildcert --example hostile_files)
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/buildcert-hostile.XXXXXX")
trap 'rm -rf "$work"' EXIT
files=$work/files
data=$work/data
mkdir -p "$files" "$data"
"$GEN" "$files" >/dev/null
mkfifo "$files/fifo.pdf"

# Folders for `tender`: links back up the tree; 6,000 files (past the
# 5,000-file cap); folders nested 60 deep (past the depth cap).
links=$work/bid-links
mkdir -p "$links/sub"
echo "not a certificate" >"$links/sub/cert.txt"
ln -s . "$links/l1"
ln -s .. "$links/l2"
ln -s .. "$links/sub/l3"
ln -s ../.. "$links/sub/l4"
many=$work/bid-many
mkdir -p "$many"
for i in $(seq 1 6000); do echo "not a certificate $i" >"$many/f$i.txt"; done
deep=$work/bid-deep
d=$deep
for i in $(seq 1 60); do d=$d/d$i; done
mkdir -p "$d"
echo "not a certificate" >"$d/cert.txt"

unset LANG LC_ALL LC_MESSAGES
export BUILDCERT_DATA_DIR=$data
root_hex=$(sed -n 's/.*"root_public_key_hex": *"\([0-9a-f]*\)".*/\1/p' "$ROOT/tests/fixtures/vectors/cases.json")
"$BIN" trust import "$ROOT/tests/fixtures/vectors/trust.bctl" --root-key "$root_hex" >/dev/null
trust_before=$("$BIN" trust show --json)
sums_before=$(cd "$data" && find . -type f -print0 | sort -z | xargs -0 sha256sum)

# One run: a table row with wall time, peak resident memory, exit status and
# the first line of what it said.
measure() {
  local what=$1 input=$2
  shift 2
  local tf=$work/time out=$work/out err=$work/err
  /usr/bin/time -v -o "$tf" timeout -s KILL "$LIMIT_S" "$@" >"$out" 2>"$err" </dev/null || true
  local wall cpu rss status msg
  wall=$(sed -n 's/.*Elapsed (wall clock) time (h:mm:ss or m:ss): //p' "$tf")
  cpu=$(awk -F': ' '/User time|System time/ { s += $2 } END { printf "%.2f", s }' "$tf")
  rss=$(sed -n 's/.*Maximum resident set size (kbytes): //p' "$tf")
  status=$(sed -n 's/.*Exit status: //p' "$tf")
  if grep -q "Command terminated by signal" "$tf"; then status="signal $(sed -n 's/.*terminated by signal //p' "$tf")"; fi
  if [ "$status" = 137 ]; then status="killed after ${LIMIT_S} s"; fi
  # --json prints one line with "error"; human output goes to stderr.
  msg=$(python3 -c '
import json, sys
out, err = open(sys.argv[1], errors="replace").read(), open(sys.argv[2], errors="replace").read()
m = ""
for line in out.splitlines():
    try:
        v = json.loads(line)
    except ValueError:
        continue
    if isinstance(v, dict):
        m = v.get("error") or v.get("message") or v.get("status") or ""
        if isinstance(m, dict):
            m = m.get("en") or json.dumps(m, ensure_ascii=False)
        if m:
            break
if not m:
    m = next((l for l in err.splitlines() if l.strip()), "") or next((l for l in out.splitlines() if l.strip()), "")
m = " ".join(str(m).split())
print((m[:157] + "...") if len(m) > 160 else m)
' "$out" "$err" | sed 's/|/\\|/g')
  printf '| `%s` | %s | %s | %s | %s | %s | %s |\n' "$what" "$input" "$wall" "$cpu" "$((rss / 1024))" "$status" "$msg"
}

echo "Load average before: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores."
echo
echo "| command | input | wall (m:ss) | CPU user+sys (s) | peak RSS (MiB) | exit | first line of the answer |"
echo "|---|---|---|---|---|---|---|"
for f in forms.pdf jpeg100.pdf pages.pdf giga.png bomb.txt oversize.bctl deep.bctl wide.bctl fifo.pdf; do
  p=$files/$f
  measure "verify --json" "$f" "$BIN" verify --json "$p"
  case $f in
    *.bctl)
      measure "trust import" "$f" "$BIN" trust import "$p"
      measure "verify --trust-list" "$f" "$BIN" verify --trust-list "$p" --root-key "$root_hex" "$ROOT/tests/fixtures/vectors/valid.txt"
      ;;
    *)
      measure "wallet import" "$f" "$BIN" wallet import "$p"
      ;;
  esac
done
for dir in bid-links bid-many bid-deep; do
  measure "tender --json" "$dir/" "$BIN" tender --date 2026-10-01 --uscc 91320000134567890Y --role 项目经理=建筑工程 --json "$work/$dir"
done

echo
echo "Load average after: $(cut -d' ' -f1-3 /proc/loadavg)."
trust_after=$("$BIN" trust show --json)
sums_after=$(cd "$data" && find . -type f -print0 | sort -z | xargs -0 sha256sum)
echo
if [ "$trust_before" = "$trust_after" ]; then
  echo "Installed trust list: unchanged (\`trust show --json\` identical before and after)."
else
  echo "Installed trust list: CHANGED"
  diff <(echo "$trust_before") <(echo "$trust_after") || true
fi
changed=$(diff <(echo "$sums_before") <(echo "$sums_after") | grep '^[<>]' || true)
if [ -z "$changed" ]; then
  echo "Data dir: every file present before is byte-for-byte the same after ($(echo "$sums_before" | wc -l) files), none added."
else
  echo "Data dir files that differ (< before, > after):"
  echo '```'
  echo "$changed"
  echo '```'
fi
