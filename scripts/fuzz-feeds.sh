#!/usr/bin/env bash
# Fuzzes the feed parser (reliability.md H1): builds the libFuzzer target HarkFuzzFeeds
# (Sources/HarkFuzzFeeds, present only with HARK_FUZZ=1) with -sanitize=fuzzer,address into
# .build-fuzz (never .build), seeds it from ../shared/corpora/feeds (*.xml *.rss *.atom *.rdf *.json,
# skipped when absent) and Tests/HarkTests/Fixtures/feeds, runs it for SECONDS, and reports
# crashes, leaks, timeouts and OOMs. Every such input is copied into
# Tests/HarkTests/Fixtures/feeds/fuzz-regressions/ (with its stack in the work directory).
#
# usage: scripts/fuzz-feeds.sh [--no-build] [--plain] [--keep-corpus] [--record] [SECONDS]   (default 300)
#   --plain        one libFuzzer process that stops at the first finding (default: -fork=1, which
#                  goes on after a crash/leak/timeout/OOM and reports all of them)
#   --keep-corpus  start from the corpus grown by the previous run as well as the seeds
#   --record       append a dated section with the outcome to bench/RESULTS.md
# env:   FUZZ_WORK (default ${TMPDIR:-/tmp}/hark-fuzz-feeds): seeds, corpus, artifacts, logs
#        CORPORA (default ../shared/corpora/feeds), SEED_MAX_KB (default 256: larger seeds are skipped)
#        Inputs already in fuzz-regressions/ are replayed too, and reported while they still fail.
# exit:  0 no finding, 1 findings (listed), 2 set-up or build failure.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
ARGS="$*"
SECONDS_TOTAL=300 BUILD=1 MODE=fork KEEP=0 RECORD=0
while [ $# -gt 0 ]; do
  case $1 in
    --no-build) BUILD=0; shift;;
    --plain) MODE=plain; shift;;
    --keep-corpus) KEEP=1; shift;;
    --record) RECORD=1; shift;;
    -h|--help) sed -n '2,17p' "$0"; exit 0;;
    [0-9]*) SECONDS_TOTAL=$1; shift;;
    *) echo "unknown argument: $1 (see --help)" >&2; exit 2;;
  esac
done
WORK=${FUZZ_WORK:-${TMPDIR:-/tmp}/hark-fuzz-feeds}
CORPORA=${CORPORA:-$ROOT/../shared/corpora/feeds}
FIXTURES=$ROOT/Tests/HarkTests/Fixtures/feeds
REGRESSIONS=$FIXTURES/fuzz-regressions
SEED_MAX_KB=${SEED_MAX_KB:-256}
SCRATCH=$ROOT/.build-fuzz
log() { printf '== %s\n' "$*"; }

TOOLBIN=$(dirname "$(command -v swift)")
export ASAN_SYMBOLIZER_PATH=${ASAN_SYMBOLIZER_PATH:-$TOOLBIN/llvm-symbolizer}
# Leaks are checked per input by libFuzzer (-detect_leaks=1). Swift's own crash backtracer is off:
# it cannot suspend threads under ASan and stalls; libFuzzer prints the (symbolised) stack instead.
# ASan's quarantine of freed memory (256 MB by default) alone would pass -rss_limit_mb=256, so it is
# kept small: the limit then measures the parser's memory, not the sanitizer's.
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_odr_violation=0:symbolize=1:quarantine_size_mb=16:allocator_release_to_os_interval_ms=500}
export SWIFT_BACKTRACE=enable=no
# The options the target derives from an input's length (keep in step with Sources/HarkFuzzFeeds).
CHARSETS=(none none none none windows-1252 iso-8859-1 koi8-r utf-16)
URLS=(https://fuzz.example/feeds/a/feed.xml none 'http://fuzz.example:8080/x/?q=1' https://fuzz.example/)
options_of() { echo "charset ${CHARSETS[$(($1 % 8))]}, url ${URLS[$((($1 / 8) % 4))]}"; }
demangle() { if [ -x "$TOOLBIN/swift-demangle" ]; then "$TOOLBIN/swift-demangle" --simplified; else cat; fi; }

if [ "$BUILD" = 1 ]; then
  BUILD_CMD=(swift build -c release --scratch-path "$SCRATCH" -Xswiftc -sanitize=fuzzer,address
             -Xswiftc -parse-as-library --product hark-fuzz-feeds)
  log "HARK_FUZZ=1 ${BUILD_CMD[*]}"
  (cd "$ROOT" && HARK_FUZZ=1 "${BUILD_CMD[@]}") || { echo "fuzz build failed" >&2; exit 2; }
fi
BIN_SRC=$SCRATCH/release/hark-fuzz-feeds
[ -x "$BIN_SRC" ] || { echo "no $BIN_SRC (run without --no-build)" >&2; exit 2; }

mkdir -p "$WORK"
# The binary under test is copied: a later build may replace it while this runs.
cp "$BIN_SRC" "$WORK/hark-fuzz-feeds"
FUZZER=$WORK/hark-fuzz-feeds

# Seeds: one file per distinct content (named by hash), the corpora first, then the fixtures.
rm -rf "$WORK/seeds"; mkdir -p "$WORK/seeds"
add_seeds() { # dir find-args...
  local dir=$1; shift
  [ -d "$dir" ] || return 0
  find "$dir" -type f "$@" -size -"$((SEED_MAX_KB + 1))"k -print0 |
    while IFS= read -r -d '' f; do cp "$f" "$WORK/seeds/$(sha1sum < "$f" | cut -c1-16)"; done
}
if [ -d "$CORPORA" ]; then
  add_seeds "$CORPORA" \( -iname '*.xml' -o -iname '*.rss' -o -iname '*.atom' -o -iname '*.rdf' -o -iname '*.json' \)
else
  echo "note: no shared feed corpus at $CORPORA; seeding from the project's fixtures only" >&2
fi
add_seeds "$FIXTURES" ! -name 'README*'
NSEEDS=$(find "$WORK/seeds" -type f | wc -l)
[ "$NSEEDS" -gt 0 ] || printf '<rss version="2.0"><channel><item><title>t</title></item></channel></rss>' > "$WORK/seeds/minimal.xml"
log "seeds: $NSEEDS files (${SEED_MAX_KB} KB at most each) from ${CORPORA} and ${FIXTURES}"

[ "$KEEP" = 1 ] || rm -rf "$WORK/corpus"
rm -rf "$WORK/artifacts"; mkdir -p "$WORK/corpus" "$WORK/artifacts"
FLAGS=(-max_total_time="$SECONDS_TOTAL" -rss_limit_mb=256 -timeout=2 -print_final_stats=1
       -artifact_prefix="$WORK/artifacts/")
if [ "$MODE" = fork ]; then
  FLAGS+=(-fork=1 -ignore_crashes=1 -ignore_timeouts=1 -ignore_ooms=1)
fi
CMD="$FUZZER ${FLAGS[*]} $WORK/corpus $WORK/seeds"
log "fuzzing for ${SECONDS_TOTAL}s: $CMD"
START=$(date -u '+%Y-%m-%d %H:%M UTC')
set +e
(cd "$WORK" && "$FUZZER" "${FLAGS[@]}" "$WORK/corpus" "$WORK/seeds") > "$WORK/fuzz.log" 2>&1
RC=$?
set -e

# Summary from libFuzzer's own lines: the last status line, and the final stats.
STATUS=$(grep -E '^#[0-9]+' "$WORK/fuzz.log" | tail -1 || true)
RUNS=$(sed -n 's/^stat::number_of_executed_units: *//p' "$WORK/fuzz.log" | tail -1)
[ -n "$RUNS" ] || RUNS=$(printf '%s\n' "$STATUS" | sed -n 's/^#\([0-9]*\).*/\1/p')
EXECS=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$WORK/fuzz.log" | tail -1)
[ -n "$EXECS" ] || EXECS=$(printf '%s\n' "$STATUS" | sed -n 's/.*exec\/s:\{0,1\} \([0-9]*\).*/\1/p')
COV=$(printf '%s\n' "$STATUS" | sed -n 's/.*cov: \([0-9]*\).*/\1/p')
FT=$(printf '%s\n' "$STATUS" | sed -n 's/.*ft: \([0-9]*\).*/\1/p')
CORP=$(printf '%s\n' "$STATUS" | sed -n 's/.*corp: \([0-9]*\).*/\1/p')
PEAK=$(sed -n 's/^stat::peak_rss_mb: *//p' "$WORK/fuzz.log" | tail -1)
INITED=$(grep -E 'INITED' "$WORK/fuzz.log" | head -1 || true)

# Findings: each artifact is replayed once (full malloc stacks) for its report and stack, demangled;
# artifacts with the same kind and top frames are one finding, and only its smallest input is kept.
signature() { # report-file -> "kind: frame1 < frame2 < frame3" ('' when nothing reproduced)
  python3 - "$1" <<'PYEOF'
import re, sys
t = re.sub(r" \(BuildId: [0-9a-f]+\)", "", open(sys.argv[1], errors="replace").read())
kind = ("leak" if "LeakSanitizer: detected memory leaks" in t else
        "timeout" if "libFuzzer: timeout" in t else
        "oom" if "libFuzzer: out-of-memory" in t else
        (re.search(r"ERROR: AddressSanitizer: ([\w-]+)", t).group(1) if "ERROR: AddressSanitizer" in t else
         "crash" if re.search(r"deadly signal|Fatal error|ERROR:", t) else ""))
slow = re.search(r"^Executed .* in (\d+) ms$", t, re.M)
if not kind and slow and int(slow.group(1)) > 2000:
    # libFuzzer's SIGALRM check does not always fire when a file is replayed alone; the time does not lie.
    print(f"timeout ({slow.group(1)} ms when replayed alone; no stack: libFuzzer's alarm did not fire)")
    sys.exit(0)
if not kind:
    sys.exit(0)
skip = re.compile(r"malloc|calloc|realloc|operator new|__sanitizer|__asan|fuzzer::|LLVMFuzzer|AddValue|HandleCmp|TracePC|harkFuzzFeeds|HarkFuzzFeeds|"
                  r"__libc|_start|libc\.so|Swift runtime failure|swift_|_swift|Array\._check|\(/")
block = t.split("Direct leak", 1)[1] if kind == "leak" and "Direct leak" in t else t
frames = []
for m in re.finditer(r"^\s*#\d+ 0x[0-9a-f]+ in (.+)$", block, re.M):
    f = re.sub(r" (/\S*|\(/\S*\)|\S+\.o)$", "", m.group(1).strip())
    if not skip.search(f) and f not in frames:
        frames.append(f)
    if len(frames) == 3:
        break
reason = re.search(r"Swift runtime failure: ([^/\n]+)|Fatal error: ([^\n]+)", t)
r = (reason.group(1) or reason.group(2)).strip() if reason else ""
print(f"{kind}{' (' + r + ')' if r else ''}: " + " < ".join(frames or ["?"]))
PYEOF
}
# Fork mode: a job's exit-time leak check may report leaks without an input (an empty crash-da39a3…
# artifact). A sweep over the grown corpus in one process, leak detection per input, names one.
if [ "$MODE" = fork ]; then
  find "$WORK/artifacts" -maxdepth 1 -type f -size 0 -name 'crash-*' -delete
  log "leak sweep over the corpus (one pass, -runs=0)"
  (cd "$WORK" && "$FUZZER" -runs=0 -detect_leaks=1 -rss_limit_mb=256 -timeout=2 -artifact_prefix="$WORK/artifacts/" \
    "$WORK/corpus" "$WORK/seeds" > "$WORK/sweep.log" 2>&1) || true
  find "$WORK/artifacts" -maxdepth 1 -type f -size 0 -name 'crash-*' -delete
fi
# Known regressions are replayed one by one: fork mode's start-up merge drops seeds that crash or time
# out without reporting them, so a finding that is still there would otherwise go unseen.
if [ -d "$REGRESSIONS" ]; then
  while IFS= read -r -d '' f; do
    name=$(basename "$f")
    ok=1
    (cd "$WORK" && "$FUZZER" -timeout=2 -rss_limit_mb=256 "$f" > "$WORK/replay.log" 2>&1) || ok=0
    ms=$(sed -n 's/^Executed .* in \([0-9]*\) ms$/\1/p' "$WORK/replay.log")
    [ "${ms:-0}" -le 2000 ] || ok=0
    if [ "$ok" = 0 ]; then
      case $name in crash-*|leak-*|timeout-*|oom-*) cp "$f" "$WORK/artifacts/$name";; *) cp "$f" "$WORK/artifacts/crash-$name";; esac
    fi
  done < <(find "$REGRESSIONS" -maxdepth 1 -type f ! -name 'README*' -print0)
fi
mapfile -t ARTS < <(find "$WORK/artifacts" -maxdepth 1 -type f \( -name 'crash-*' -o -name 'leak-*' -o -name 'timeout-*' -o -name 'oom-*' \) -printf '%s %p\n' | sort -n | cut -d' ' -f2-)
declare -A SEEN=()
FINDINGS=() NOREPRO=() DUPES=0
for a in "${ARTS[@]}"; do
  name=$(basename "$a")
  size=$(stat -c %s "$a")
  (cd "$WORK" && ASAN_OPTIONS="$ASAN_OPTIONS:fast_unwind_on_malloc=0" "$FUZZER" -timeout=2 -rss_limit_mb=256 "$a") 2>&1 | demangle > "$a.txt" || true
  sig=$(signature "$a.txt")
  if [ -z "$sig" ]; then NOREPRO+=("$name ($size bytes): did not reproduce when replayed alone ($a.txt)"); continue; fi
  if [ -n "${SEEN[$sig]:-}" ]; then DUPES=$((DUPES + 1)); continue; fi
  SEEN[$sig]=$name
  frame=$(grep -E '^ *#[0-9]+ ' "$a.txt" | grep -F "$ROOT/Sources/" | grep -v HarkFuzzFeeds | head -1 | sed 's/^ *//' || true)
  mkdir -p "$REGRESSIONS"
  cp "$a" "$REGRESSIONS/$name"
  cp "$a.txt" "$WORK/$name.report.txt"
  FINDINGS+=("$sig — input $name ($size bytes, $(options_of "$size"))${frame:+; first project frame: $frame}; report $WORK/$name.report.txt")
done

echo
echo "fuzz-feeds: mode $MODE, ${SECONDS_TOTAL}s, exit $RC"
echo "  seeds:     $NSEEDS   ${INITED:+($INITED)}"
echo "  inputs run: ${RUNS:-?}   exec/s: ${EXECS:-?}   coverage: cov ${COV:-?} ft ${FT:-?}   corpus: ${CORP:-?} inputs   peak RSS: ${PEAK:+$PEAK MB}${PEAK:-n/a in fork mode}"
echo "  last status: ${STATUS:-none}"
if [ ${#FINDINGS[@]} -eq 0 ]; then
  echo "  findings: none (no crash, leak, timeout or OOM)"
else
  echo "  findings: ${#FINDINGS[@]} distinct ($DUPES more inputs with the same signature; smallest input of each copied to ${REGRESSIONS#"$ROOT"/}/)"
  for f in "${FINDINGS[@]}"; do echo "    - $f"; done
fi
for f in "${NOREPRO[@]}"; do echo "    - not reproduced: $f"; done
echo "  log: $WORK/fuzz.log"

if [ "$RECORD" = 1 ]; then
  REV=$(cd "$ROOT" && git rev-parse --short HEAD 2>/dev/null || echo "?")
  DIRTY=$(cd "$ROOT" && git status --porcelain 2>/dev/null | wc -l)
  CPU=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1)
  {
    echo
    echo "## $START — feed parser fuzzing (scripts/fuzz-feeds.sh)"
    echo
    echo "- machine: $(nproc) CPUs ($CPU), $(uname -sr), $(swift --version 2>&1 | head -1)"
    echo "- hark: commit $REV ($DIRTY changed or new files in the tree); target Sources/HarkFuzzFeeds (FeedParser.parse, processHTML on, HTTP charset and URL varied by input length)"
    echo "- command: \`scripts/fuzz-feeds.sh${ARGS:+ $ARGS}\` (fuzzer: \`hark-fuzz-feeds ${FLAGS[*]} CORPUS SEEDS\`, built with \`HARK_FUZZ=1 swift build -c release --scratch-path .build-fuzz -Xswiftc -sanitize=fuzzer,address -Xswiftc -parse-as-library --product hark-fuzz-feeds\`)"
    echo "- seeds: $NSEEDS distinct files ≤ ${SEED_MAX_KB} KB from shared/corpora/feeds and Tests/HarkTests/Fixtures/feeds"
    echo "- outcome: ${RUNS:-?} inputs run (${EXECS:-?}/s), coverage cov ${COV:-?} / ft ${FT:-?}, corpus ${CORP:-?} inputs, peak RSS ${PEAK:+$PEAK MB}${PEAK:-n/a in fork mode}, libFuzzer exit $RC"
    if [ ${#FINDINGS[@]} -eq 0 ]; then
      echo "- findings: none — no crash, leak, timeout (> 2 s) or OOM (> 256 MB)"
    else
      echo "- findings: ${#FINDINGS[@]} distinct ($DUPES more inputs with the same signature), smallest input of each in \`Tests/HarkTests/Fixtures/feeds/fuzz-regressions/\`:"
      for f in "${FINDINGS[@]}"; do echo "  - ${f%%; report *}"; done
    fi
    for f in "${NOREPRO[@]}"; do echo "  - not reproduced alone (not copied): ${f% (/*}"; done
  } >> "$ROOT/bench/RESULTS.md"
  echo "recorded in bench/RESULTS.md"
fi
[ ${#FINDINGS[@]} -eq 0 ] || exit 1
# A libFuzzer failure without an artifact (e.g. it could not start) is a set-up failure.
[ "$RC" = 0 ] || { echo "libFuzzer exited $RC without an artifact; see $WORK/fuzz.log" >&2; exit 2; }
exit 0
