#!/usr/bin/env bash
# Assessment throughput benchmark (issue 5): the labelled dev set (../shared/data/mentions-dev.jsonl)
# repeated to at least N mentions, assessed by `hark assess --stats` (release build) on one core
# (taskset -c 0). The figure is mentions/s of assessment alone (JSON reading and writing excluded, as
# measured inside the command); the end-to-end rate of the whole command (JSON included) is printed
# beside it. Runs ROUNDS times and reports the median. Target: >= 50,000 mentions/s.
#
# usage: bench/assess.sh [-n MENTIONS] [-r ROUNDS] [--no-build] [--record]
#   -n MENTIONS   at least this many mentions (default 100000)
#   -r ROUNDS     measured rounds (default 5)
#   --no-build    reuse .build/release/hark as it is
#   --record      append a dated section to bench/RESULTS.md
# env:   DEV (the labelled set), RESULTS (bench/RESULTS.md)
# exit:  0 the target is met, 1 it is missed, 2 set-up failure.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/.." && pwd)
ARGS="$*"
N=100000 ROUNDS=5 BUILD=1 RECORD=0
while [ $# -gt 0 ]; do
  case $1 in
    -n) N=$2; shift 2;;
    -r) ROUNDS=$2; shift 2;;
    --no-build) BUILD=0; shift;;
    --record) RECORD=1; shift;;
    *) echo "usage: bench/assess.sh [-n MENTIONS] [-r ROUNDS] [--no-build] [--record]" >&2; exit 2;;
  esac
done
DEV=${DEV:-$ROOT/../shared/data/mentions-dev.jsonl}
RESULTS=${RESULTS:-$HERE/RESULTS.md}
TARGET=50000
[ -f "$DEV" ] || { echo "bench/assess.sh: $DEV is missing" >&2; exit 2; }
command -v taskset >/dev/null || { echo "bench/assess.sh: taskset (util-linux) is needed" >&2; exit 2; }

if [ "$BUILD" = 1 ]; then
  (cd "$ROOT" && swift build -c release --product hark >/dev/null) || { echo "bench/assess.sh: build failed" >&2; exit 2; }
fi
HARK=$ROOT/.build/release/hark
[ -x "$HARK" ] || { echo "bench/assess.sh: $HARK is missing (build first)" >&2; exit 2; }

WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
LINES=$(grep -c . "$DEV")
REPEAT=$(( (N + LINES - 1) / LINES ))
for _ in $(seq "$REPEAT"); do cat "$DEV"; done > "$WORK/input.jsonl"
TOTAL=$(grep -c . "$WORK/input.jsonl")
echo "input: $TOTAL mentions ($LINES distinct, x$REPEAT), $(wc -c < "$WORK/input.jsonl") bytes"

RATES=() WALLS=()
for round in $(seq "$ROUNDS"); do
  t0=$(date +%s%N)
  taskset -c 0 "$HARK" assess --stats "$WORK/input.jsonl" > "$WORK/out.jsonl" 2> "$WORK/stats.txt"
  t1=$(date +%s%N)
  rate=$(sed -n 's/.*(\([0-9]*\) mentions\/s.*/\1/p' "$WORK/stats.txt")
  wall=$(( TOTAL * 1000000000 / (t1 - t0) ))
  [ "$(grep -c . "$WORK/out.jsonl")" = "$TOTAL" ] || { echo "round $round: wrong output line count" >&2; exit 2; }
  echo "round $round: $rate mentions/s assessment only, $wall mentions/s end to end (JSON in and out)"
  RATES+=("$rate") WALLS+=("$wall")
done
median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
RATE=$(median "${RATES[@]}")
WALL=$(median "${WALLS[@]}")
STATUS=PASS; [ "$RATE" -ge "$TARGET" ] || STATUS=MISS
echo "median: $RATE mentions/s (assessment only, one core), $WALL mentions/s end to end; target $TARGET: $STATUS"

if [ "$RECORD" = 1 ]; then
  CPU=$(lscpu 2>/dev/null | sed -n 's/^Model name: *//p' | head -1)
  MEM=$(free -g 2>/dev/null | awk '/^Mem:/ {print $2 " GiB"}')
  {
    echo
    echo "## $(date -u '+%Y-%m-%d %H:%M') UTC — assessment throughput (bench/assess.sh)"
    echo
    echo "Command: \`bench/assess.sh $ARGS\` — \`taskset -c 0 .build/release/hark assess --stats\` over the dev set"
    echo "(\`mentions-dev.jsonl\`, $LINES mentions) repeated to $TOTAL mentions; release build; median of $ROUNDS rounds."
    echo "Machine: $(nproc) CPUs (${CPU:-unknown}), ${MEM:-?} RAM, $(uname -sr)."
    echo
    echo "| figure | mentions/s | target | status |"
    echo "|---|---:|---:|---|"
    echo "| assessment only (language, complaint, severity, category, brands, cues), one core | $RATE | ≥ $TARGET | $STATUS |"
    echo "| end to end: \`hark assess\` reading and writing JSON Lines, one core | $WALL | — | — |"
    echo
    echo "Rounds (assessment only): ${RATES[*]}; end to end: ${WALLS[*]}."
  } >> "$RESULTS"
  echo "recorded in $RESULTS"
fi
[ "$STATUS" = PASS ]
