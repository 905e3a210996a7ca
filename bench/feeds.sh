#!/usr/bin/env bash
# Feed-parsing benchmark, one run, side by side and interleaved (runab.py):
#   hark parse feed FILES            (release build, HTML-to-text and sanitising on, as the daemon runs)
#   hark parse feed --no-html FILES  (the same with HTML processing off: the parser alone)
#   xmllint --stream --noout FILES   (libxml2's own parse-only speed, the limit)
#   feedparser 6 (parse_feedparser.py, sanitising on: the peer people run)
# over the generated corpus (RSS 2.0 and Atom 1.0, HTML content, Nordic text, four 4-6 MB feeds, plus
# the larger real-world feeds of ../shared/corpora/feeds). Prints MB/s and items/s (median of rounds,
# min-max), the ratios, Hark's peak RSS on the largest feed alone, a verdict table against issue 3's
# targets, and appends a dated section to bench/RESULTS.md. Details: bench/README.md.
#
# usage: bench/feeds.sh [-n ROUNDS] [--no-build] [--no-feedparser] [--no-record] [--no-wait]
#   -n ROUNDS        interleaved rounds after one warm-up round (default 5)
#   --no-build       reuse .build/release/hark as it is
#   --no-feedparser  skip feedparser (it takes ~30 s a round); its ratio is then not checked
#   --no-record      do not append to bench/RESULTS.md
#   --no-wait        do not wait for other Swift builds and tests on the machine to finish
# env:   SHARED_BENCH (default ../shared/bench: gen_feeds.py, runab.py, parse_feedparser.py, parse_lxml.py)
#        PERF (default ${TMPDIR:-/tmp}/hark-perf), CORPUS (default $PERF/feeds, generated when missing),
#        VENV (default $PERF/venv, made with feedparser 6 and lxml when missing), RESULTS (bench/RESULTS.md)
# exit:  0 every target passes, 1 a target is missed (figures recorded anyway), 2 set-up failure.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/.." && pwd)
. "$HERE/common.sh"
ARGS="$*"
N=5 BUILD=1 FP=1 RECORD=1 WAIT=1
while [ $# -gt 0 ]; do
  case $1 in
    -n) N=$2; shift 2;;
    --no-build) BUILD=0; shift;;
    --no-feedparser) FP=0; shift;;
    --no-record) RECORD=0; shift;;
    --no-wait) WAIT=0; shift;;
    -h|--help) sed -n '2,22p' "$0"; exit 0;;
    *) echo "unknown argument: $1 (see --help)" >&2; exit 2;;
  esac
done
[ "$N" -ge 1 ] && [ "$N" -le 20 ] || { echo "-n must be 1..20" >&2; exit 2; }
SHARED=${SHARED_BENCH:-$ROOT/../shared/bench}
PERF=${PERF:-${TMPDIR:-/tmp}/hark-perf}; VENV=${VENV:-$PERF/venv}; CORPUS=${CORPUS:-$PERF/feeds}
RESULTS=${RESULTS:-$HERE/RESULTS.md}

for f in gen_feeds.py runab.py parse_feedparser.py parse_lxml.py; do
  [ -f "$SHARED/$f" ] || { echo "missing $SHARED/$f: this benchmark uses the shared yardstick (shared/bench/ beside the repository, or SHARED_BENCH=DIR with those four scripts)" >&2; exit 2; }
done

# Tools: xmllint (libxml2-utils) from apt; a venv with feedparser 6 and lxml (the same venv as
# ../shared/bench/setup.sh makes, without that script's mail and HTTP tools).
if ! command -v xmllint >/dev/null 2>&1; then
  log "installing libxml2-utils"
  SUDO=; [ "$(id -u)" = 0 ] || SUDO=sudo
  $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends libxml2-utils ||
    { $SUDO apt-get update -qq && $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends libxml2-utils; }
fi
mkdir -p "$PERF"
if [ ! -x "$VENV/bin/python" ] || ! "$VENV/bin/python" -c 'import feedparser, lxml' 2>/dev/null; then
  log "making $VENV (feedparser 6.0.x, lxml)"
  python3 -m venv "$VENV"
  "$VENV/bin/pip" install -q 'feedparser==6.0.*' lxml
fi
PY=$VENV/bin/python

# Release build with the flags of scripts/run.sh (same .build, so nothing is rebuilt needlessly).
if [ "$BUILD" = 1 ]; then
  log "swift build -c release --static-swift-stdlib --product hark"
  (cd "$ROOT" && swift build -c release --static-swift-stdlib --product hark) || { echo "release build failed" >&2; exit 2; }
fi
[ -x "$ROOT/.build/release/hark" ] || { echo "no $ROOT/.build/release/hark" >&2; exit 2; }
WORK=$(mktemp -d "${TMPDIR:-/tmp}/hark-feeds-bench.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
trap 'exit 130' INT TERM
# The binary under test is copied: other builds may replace .build/release/hark during the run.
cp "$ROOT/.build/release/hark" "$WORK/hark"
HARK=$WORK/hark

if [ ! -d "$CORPUS/synthetic" ]; then
  real=(); R="$SHARED/../corpora/feeds"
  [ -d "$R" ] && real=(--real "$R/miniflux/internal/reader/parser/testdata" --real "$R/feedparser/tests/wellformed/sanitize" --real "$R/rome/rome/src/test/resources")
  log "generating the corpus in $CORPUS"
  "$PY" "$SHARED/gen_feeds.py" "$CORPUS" "${real[@]}"
fi
mapfile -t FILES < <(ls "$CORPUS"/synthetic/*.xml "$CORPUS"/real/*.xml 2>/dev/null)
[ ${#FILES[@]} -gt 0 ] || { echo "no corpus files in $CORPUS" >&2; exit 2; }
BYTES=$(cat "${FILES[@]}" | wc -c)
ITEMS=$("$PY" "$SHARED/parse_lxml.py" "${FILES[@]}" 2>&1 >/dev/null | sed -n 's/.*items=\([0-9]*\).*/\1/p')
BIGGEST=$(ls -S "${FILES[@]}" | head -1)
NSYN=$(ls "$CORPUS"/synthetic/*.xml | wc -l); NREAL=$((${#FILES[@]} - NSYN))
log "corpus: ${#FILES[@]} files ($NSYN synthetic, $NREAL real), $BYTES bytes, $ITEMS items (lxml: RSS item + Atom entry); largest $(basename "$BIGGEST") $(stat -c %s "$BIGGEST") bytes"

# HTML processing off: the hidden --no-html flag of `hark parse feed`, when this binary has it.
NOHTML=0
if "$HARK" parse feed --no-html "${FILES[0]}" >/dev/null 2>&1; then NOHTML=1; else
  echo "note: this hark has no 'parse feed --no-html'; HTML off is not measured" >&2; fi

# Sanity: every file gives one feed object, exit 0 (figures of a failing parser mean nothing).
"$HARK" parse feed "${FILES[@]}" > "$WORK/html.jsonl" 2> "$WORK/html.err" || { echo "hark parse feed exited $? (stderr: $(head -c 400 "$WORK/html.err"))" >&2; }
"$PY" "$HERE/feeds_report.py" check "$WORK/html.jsonl" > "$WORK/check-html.json"
CHECKS=(--check "hark-html=$WORK/check-html.json")
if [ "$NOHTML" = 1 ]; then
  "$HARK" parse feed --no-html "${FILES[@]}" > "$WORK/nohtml.jsonl" 2>/dev/null || true
  "$PY" "$HERE/feeds_report.py" check "$WORK/nohtml.jsonl" > "$WORK/check-nohtml.json"
  CHECKS+=(--check "hark-no-html=$WORK/check-nohtml.json")
fi
log "sanity: html $(cat "$WORK/check-html.json")$([ "$NOHTML" = 1 ] && echo "; no-html $(cat "$WORK/check-nohtml.json")")"

# Quiet machine: wait (up to 20 minutes) while other Swift builds or tests run; 2 CPUs only.
busy_procs() { pgrep -f -- '(swift-build|swift-frontend|swift-test|swift-driver|\.xctest|hark-fuzz-feeds)( |$)' || true; }
if [ "$WAIT" = 1 ]; then
  for i in $(seq 240); do
    [ -z "$(busy_procs)" ] && break
    [ "$i" = 1 ] && log "waiting for other Swift builds/tests to finish (--no-wait to skip): $(busy_procs | tr '\n' ' ')"
    sleep 5
  done
  [ -z "$(busy_procs)" ] || echo "note: other Swift processes still running; measuring anyway" >&2
fi

names=(--name hark-html); cmds=("$HARK parse feed ${FILES[*]}")
if [ "$NOHTML" = 1 ]; then names+=(--name hark-no-html); cmds+=("$HARK parse feed --no-html ${FILES[*]}"); fi
names+=(--name xmllint-stream); cmds+=("xmllint --stream --noout ${FILES[*]}")
if [ "$FP" = 1 ]; then names+=(--name feedparser); cmds+=("$PY $SHARED/parse_feedparser.py ${FILES[*]}"); fi
LOAD0=$(cut -d' ' -f1-3 /proc/loadavg)
cpu_busy() { awk '/^cpu / {print $2+$3+$4+$7+$8, $2+$3+$4+$5+$6+$7+$8}' /proc/stat; }
read -r B0 T0 < <(cpu_busy)
log "rounds: 1 warm-up + $N interleaved (${names[*]//--name /})"
"$PY" "$SHARED/runab.py" -n "$N" -w 1 --json "$WORK/runab.json" "${names[@]}" "${cmds[@]}"
read -r B1 T1 < <(cpu_busy)
LOAD1=$(cut -d' ' -f1-3 /proc/loadavg)
BUSY=$(awk -v b=$((B1 - B0)) -v t=$((T1 - T0)) 'BEGIN {printf "%.0f", t ? 100 * b / t : 0}')

log "peak RSS of hark on $(basename "$BIGGEST") alone (3 runs each)"
"$PY" "$HERE/feeds_report.py" peak -n 3 -- "$HARK" parse feed "$BIGGEST" > "$WORK/peak-html.json"
PEAKS=(--peak "hark-html on $(basename "$BIGGEST")=$WORK/peak-html.json")
if [ "$NOHTML" = 1 ]; then
  "$PY" "$HERE/feeds_report.py" peak -n 3 -- "$HARK" parse feed --no-html "$BIGGEST" > "$WORK/peak-nohtml.json"
  PEAKS+=(--peak "hark-no-html on $(basename "$BIGGEST")=$WORK/peak-nohtml.json")
fi

MEM=$(awk '/MemTotal/ {printf "%.1f GiB", $2 / 1048576}' /proc/meminfo)
CPU=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1)
REV=$(cd "$ROOT" && git rev-parse --short HEAD 2>/dev/null || echo "?")
DIRTY=$(cd "$ROOT" && git status --porcelain 2>/dev/null | grep -vc '^.. bench/' || true)
SUM=$(sha256sum "$HARK" | cut -c1-12)
REC=(); [ "$RECORD" = 1 ] && REC=(--results-md "$RESULTS")
set +e
"$PY" "$HERE/feeds_report.py" report --runab "$WORK/runab.json" --bytes "$BYTES" --items "$ITEMS" --files "${#FILES[@]}" \
  "${PEAKS[@]}" "${CHECKS[@]}" --busy "$BUSY" "${REC[@]}" --command "bench/feeds.sh${ARGS:+ $ARGS}" \
  --info "machine=$(nproc) CPUs ($CPU), $MEM RAM, $(uname -sr), $(. /etc/os-release && echo "$PRETTY_NAME")" \
  --info "hark=commit $REV ($DIRTY changed files outside bench/ in the tree), release build (--static-swift-stdlib), binary sha256 $SUM" \
  --info "peers=xmllint (libxml2 $(xmllint --version 2>&1 | head -1 | sed 's/.*version //')); feedparser $("$PY" -c 'import feedparser; print(feedparser.__version__)') on Python $("$PY" -c 'import platform; print(platform.python_version())')" \
  --info "corpus=${CORPUS} (shared/bench/gen_feeds.py): ${#FILES[@]} files ($NSYN synthetic RSS 2.0/Atom 1.0 with HTML content and Nordic text, $NREAL real from shared/corpora/feeds), $BYTES bytes, $ITEMS items; largest $(basename "$BIGGEST") $(stat -c %s "$BIGGEST") bytes" \
  --info "commands=\`hark parse feed FILES\`$([ "$NOHTML" = 1 ] && echo ", \`hark parse feed --no-html FILES\`"), \`xmllint --stream --noout FILES\`$([ "$FP" = 1 ] && echo ", \`python parse_feedparser.py FILES\`") — each once per round, 1 warm-up + $N interleaved rounds (shared/bench/runab.py; stdout to /dev/null)" \
  --info "load average at start / end of the rounds=$LOAD0 / $LOAD1"
RC=$?
set -e
exit "$RC"
