#!/usr/bin/env bash
# Fuzzes Hark's parsers of untrusted input with libFuzzer (reliability.md H1, issue 4). TARGET is
#   feeds the feed parser: target HarkFuzzFeeds (Sources/HarkFuzzFeeds, FeedParser.parse with HTML
#         processing on, the HTTP charset and feed URL varied by input length), seeded from
#         ../shared/corpora/feeds (*.xml *.rss *.atom *.rdf *.json) and Tests/HarkTests/Fixtures/feeds;
#   mime  the MIME parser: libFuzzer target HarkFuzzMail (Sources/HarkFuzzMail, MailParser.parse, every
#         output read and MailMessage's guarantees checked), seeded from ../shared/corpora/mail
#         (mime4j *.msg, imap_tools/mimekit *.eml, mimekit messages/*.txt, cpython-email msg_*.txt,
#         mboxes split into messages) and Tests/HarkTests/Fixtures/mail/*.eml;
#   imap  the IMAP response framer and parser: target HarkFuzzIMAP (Sources/HarkFuzzIMAP, server bytes
#         replayed in reads of varying sizes by IMAPFuzzEntry), seeded from Tests/HarkTests/Fixtures/
#         imap-seeds and from small corpus messages wrapped as `UID FETCH` answers with a literal.
# All exist only with HARK_FUZZ=1 and are built with -sanitize=fuzzer,address into .build-fuzz (never
# .build). The run lasts SECONDS and reports crashes, leaks, timeouts and OOMs; every such input is
# copied into Tests/HarkTests/Fixtures/{feeds,mail,imap}/fuzz-regressions/ (its stack in the work
# directory). scripts/fuzz-feeds.sh and scripts/fuzz-mail.sh are the same script under older names.
#
# usage: scripts/fuzz.sh feeds|mime|imap [--no-build] [--plain] [--keep-corpus] [--record] [SECONDS]   (default 300)
#   --plain        one libFuzzer process that stops at the first finding (default: -fork=1, which
#                  goes on after a crash/leak/timeout/OOM and reports all of them)
#   --keep-corpus  start from the corpus grown by the previous run as well as the seeds
#   --record       append a dated section with the outcome to bench/RESULTS.md
# env:   FUZZ_WORK (default ${TMPDIR:-/tmp}/hark-fuzz-TARGET): seeds, corpus, artifacts, logs
#        CORPORA (default ../shared/corpora/feeds or ../shared/corpora/mail), SEED_MAX_KB (default 256: larger seeds are skipped)
#        Inputs already in fuzz-regressions/ are replayed too, and reported while they still fail.
# exit:  0 no finding, 1 findings (listed), 2 set-up or build failure.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
ARGS="$*"
TARGET=${1:-}
case $TARGET in
  feeds) PRODUCT=hark-fuzz-feeds MODULE=HarkFuzzFeeds FIXDIR=feeds
        WHAT="feed parser" DESCR="target Sources/HarkFuzzFeeds (FeedParser.parse, processHTML on, HTTP charset and URL varied by input length)";;
  mime) PRODUCT=hark-fuzz-mail MODULE=HarkFuzzMail FIXDIR=mail
        WHAT="MIME parser" DESCR="target Sources/HarkFuzzMail (MailParser.parse, every output and the inspection JSON read, MailMessage's guarantees checked; tight limits when size % 4 == 3)";;
  imap) PRODUCT=hark-fuzz-imap MODULE=HarkFuzzIMAP FIXDIR=imap
        WHAT="IMAP response parser" DESCR="target Sources/HarkFuzzIMAP (IMAPFramer + IMAPResponseParser via IMAPFuzzEntry.replay; read sizes and limits varied by input length)";;
  -h|--help) sed -n '2,28p' "$0"; exit 0;;
  *) echo "usage: $0 feeds|mime|imap [--no-build] [--plain] [--keep-corpus] [--record] [SECONDS] (see --help)" >&2; exit 2;;
esac
shift
SECONDS_TOTAL=300 BUILD=1 MODE=fork KEEP=0 RECORD=0
while [ $# -gt 0 ]; do
  case $1 in
    --no-build) BUILD=0; shift;;
    --plain) MODE=plain; shift;;
    --keep-corpus) KEEP=1; shift;;
    --record) RECORD=1; shift;;
    [0-9]*) SECONDS_TOTAL=$1; shift;;
    *) echo "unknown argument: $1 (see --help)" >&2; exit 2;;
  esac
done
WORK=${FUZZ_WORK:-${TMPDIR:-/tmp}/hark-fuzz-$TARGET}
if [ "$TARGET" = feeds ]; then CORPORA=${CORPORA:-$ROOT/../shared/corpora/feeds}; else CORPORA=${CORPORA:-$ROOT/../shared/corpora/mail}; fi
FIXTURES=$ROOT/Tests/HarkTests/Fixtures
REGRESSIONS=$FIXTURES/$FIXDIR/fuzz-regressions
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
# The options the targets derive from an input's length (keep in step with FuzzFeeds.options(size:),
# FuzzMail.limits(size:) and IMAPFuzzEntry.options(size:)).
CHARSETS=(none none none none windows-1252 iso-8859-1 koi8-r utf-16)
URLS=(https://fuzz.example/feeds/a/feed.xml none 'http://fuzz.example:8080/x/?q=1' https://fuzz.example/)
options_of() {
  if [ "$TARGET" = feeds ]; then
    echo "charset ${CHARSETS[$(($1 % 8))]}, url ${URLS[$((($1 / 8) % 4))]}"
  elif [ "$TARGET" = mime ]; then
    if [ $(($1 % 4)) = 3 ]; then echo "tight limits"; else echo "default limits"; fi
  else
    local reads=(all-at-once 1 2 3 7 16 64 512)
    echo "reads ${reads[$(($1 % 8))]}$([ $(($1 % 8)) -ge 2 ] && echo ' at most'), $([ $((($1 / 8) % 2)) = 1 ] && echo tight || echo default) limits"
  fi
}
demangle() { if [ -x "$TOOLBIN/swift-demangle" ]; then "$TOOLBIN/swift-demangle" --simplified; else cat; fi; }

BUILD_CMD=(swift build -c release --scratch-path "$SCRATCH" -Xswiftc -sanitize=fuzzer,address
           -Xswiftc -parse-as-library --product "$PRODUCT")
if [ "$BUILD" = 1 ]; then
  log "HARK_FUZZ=1 ${BUILD_CMD[*]}"
  (cd "$ROOT" && HARK_FUZZ=1 "${BUILD_CMD[@]}") || { echo "fuzz build failed" >&2; exit 2; }
fi
BIN_SRC=$SCRATCH/release/$PRODUCT
[ -x "$BIN_SRC" ] || { echo "no $BIN_SRC (run without --no-build)" >&2; exit 2; }

mkdir -p "$WORK"
# The binary under test is copied: a later build may replace it while this runs.
cp "$BIN_SRC" "$WORK/$PRODUCT"
FUZZER=$WORK/$PRODUCT

# Seeds: one file per distinct content (named by hash).
rm -rf "$WORK/seeds"; mkdir -p "$WORK/seeds"
add_seeds() { # dir find-args...
  local dir=$1; shift
  [ -d "$dir" ] || return 0
  find "$dir" -type f "$@" -size -"$((SEED_MAX_KB + 1))"k -print0 |
    while IFS= read -r -d '' f; do cp "$f" "$WORK/seeds/$(sha1sum < "$f" | cut -c1-16)"; done
}
# Mboxes split into their messages ("From " lines after a blank line or at the start), and small
# messages wrapped as IMAP FETCH answers; both written as seeds named by hash.
split_and_wrap() { # mode(mbox|imap) files...
  python3 - "$WORK/seeds" "$SEED_MAX_KB" "$@" <<'PYEOF'
import hashlib, os, re, sys
seeds, max_kb, mode, files = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4:]
def write(data):
    if 0 < len(data) <= max_kb * 1024:
        open(os.path.join(seeds, hashlib.sha1(data).hexdigest()[:16]), "wb").write(data)
for uid, path in enumerate(files, 1):
    data = open(path, "rb").read()
    if mode == "mbox":
        for message in re.split(rb"(?:^|\n\n)(?=From )", data):
            message = message.split(b"\n", 1)[1] if message.startswith(b"From ") and b"\n" in message else message
            write(message)
    else:
        message = data.replace(b"\r\n", b"\n").replace(b"\n", b"\r\n")
        write(b"* %d FETCH (UID %d INTERNALDATE \"17-Jul-1996 02:44:25 -0700\" RFC822.SIZE %d BODY[] {%d}\r\n%s)\r\n"
              b"A3 OK Fetch completed.\r\n" % (uid, 1000 + uid, len(message), len(message), message))
PYEOF
}
if [ "$TARGET" = feeds ]; then
  if [ -d "$CORPORA" ]; then
    add_seeds "$CORPORA" \( -iname '*.xml' -o -iname '*.rss' -o -iname '*.atom' -o -iname '*.rdf' -o -iname '*.json' \)
  else
    echo "note: no shared feed corpus at $CORPORA; seeding from the project's fixtures only" >&2
  fi
  add_seeds "$FIXTURES/feeds" ! -name 'README*'
  SEED_FROM="shared/corpora/feeds and Tests/HarkTests/Fixtures/feeds"
elif [ "$TARGET" = mime ]; then
  if [ -d "$CORPORA" ]; then
    add_seeds "$CORPORA" \( -iname '*.eml' -o -iname '*.msg' -o -path '*/cpython-email/msg_*.txt' \
      -o \( -path '*/TestData/messages/*.txt' \) \)
    mapfile -t MBOXES < <(find "$CORPORA" -type f \( -iname '*.mbox' -o -iname '*.mbox.txt' \))
    [ ${#MBOXES[@]} -eq 0 ] || split_and_wrap mbox "${MBOXES[@]}"
  else
    echo "note: no shared mail corpus at $CORPORA; seeding from the project's fixtures only" >&2
  fi
  add_seeds "$FIXTURES/mail" -maxdepth 1 -name '*.eml'
  SEED_FROM="shared/corpora/mail (*.eml, *.msg, cpython msg_*.txt, mimekit messages/*.txt, split mboxes) and Tests/HarkTests/Fixtures/mail"
else
  add_seeds "$FIXTURES/imap-seeds" ! -name 'README*'
  if [ -d "$CORPORA" ]; then
    mapfile -t SMALL < <(find "$CORPORA" -type f -iname '*.eml' -size -4k | sort | head -40)
    [ ${#SMALL[@]} -eq 0 ] || split_and_wrap imap "${SMALL[@]}"
  fi
  SEED_FROM="Tests/HarkTests/Fixtures/imap-seeds and up to 40 shared/corpora/mail *.eml under 4 KB wrapped as UID FETCH answers"
fi
NSEEDS=$(find "$WORK/seeds" -type f | wc -l)
if [ "$NSEEDS" -eq 0 ]; then
  case $TARGET in
    feeds) printf '<rss version="2.0"><channel><item><title>t</title></item></channel></rss>' > "$WORK/seeds/minimal";;
    mime) printf 'From: a@b.example\r\nSubject: s\r\n\r\nbody\r\n' > "$WORK/seeds/minimal";;
    imap) printf '* OK ready\r\n' > "$WORK/seeds/minimal";;
  esac
fi
log "seeds: $NSEEDS files (${SEED_MAX_KB} KB at most each) from $SEED_FROM"

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
skip = re.compile(r"malloc|calloc|realloc|operator new|__sanitizer|__asan|fuzzer::|LLVMFuzzer|AddValue|HandleCmp|TracePC|harkFuzz|HarkFuzz|FuzzFeeds\.|FuzzMail\.|FuzzIMAP\.|"
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
mapfile -t ARTS < <(find "$WORK/artifacts" -maxdepth 1 -type f \( -name 'crash-*' -o -name 'leak-*' -o -name 'timeout-*' -o -name 'oom-*' \) ! -name '*.txt' -printf '%s %p\n' | sort -n | cut -d' ' -f2-)
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
  frame=$(grep -E '^ *#[0-9]+ ' "$a.txt" | grep -F "$ROOT/Sources/" | grep -v "$MODULE" | head -1 | sed 's/^ *//' || true)
  mkdir -p "$REGRESSIONS"
  cp "$a" "$REGRESSIONS/$name"
  cp "$a.txt" "$WORK/$name.report.txt"
  FINDINGS+=("$sig — input $name ($size bytes, $(options_of "$size"))${frame:+; first project frame: $frame}; report $WORK/$name.report.txt")
done

echo
echo "fuzz $TARGET: mode $MODE, ${SECONDS_TOTAL}s, exit $RC"
echo "  seeds:     $NSEEDS   ${INITED:+($INITED)}"
PEAK_TEXT=${PEAK:+$PEAK MB}
PEAK_TEXT=${PEAK_TEXT:-n/a in fork mode}
echo "  inputs run: ${RUNS:-?}   exec/s: ${EXECS:-?}   coverage: cov ${COV:-?} ft ${FT:-?}   corpus: ${CORP:-?} inputs   peak RSS: $PEAK_TEXT"
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
    echo "## $START — $WHAT fuzzing (scripts/fuzz.sh $TARGET)"
    echo
    echo "- machine: $(nproc) CPUs ($CPU), load average at the end $(cut -d' ' -f1-3 /proc/loadavg) (other builds share it), $(uname -sr), $(swift --version 2>&1 | head -1)"
    echo "- hark: commit $REV ($DIRTY changed or new files in the tree); $DESCR"
    echo "- command: \`scripts/fuzz.sh${ARGS:+ $ARGS}\` (fuzzer: \`$PRODUCT ${FLAGS[*]} CORPUS SEEDS\`, built with \`HARK_FUZZ=1 swift build -c release --scratch-path .build-fuzz -Xswiftc -sanitize=fuzzer,address -Xswiftc -parse-as-library --product $PRODUCT\`)"
    echo "- seeds: $NSEEDS distinct files ≤ ${SEED_MAX_KB} KB from $SEED_FROM"
    echo "- outcome: ${RUNS:-?} inputs run (${EXECS:-?}/s), coverage cov ${COV:-?} / ft ${FT:-?}, corpus ${CORP:-?} inputs, peak RSS $PEAK_TEXT, libFuzzer exit $RC"
    if [ ${#FINDINGS[@]} -eq 0 ]; then
      echo "- findings: none — no crash, leak, timeout (> 2 s) or OOM (> 256 MB)"
    else
      echo "- findings: ${#FINDINGS[@]} distinct ($DUPES more inputs with the same signature), smallest input of each in \`Tests/HarkTests/Fixtures/$FIXDIR/fuzz-regressions/\`:"
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
