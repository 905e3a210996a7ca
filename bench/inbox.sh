#!/usr/bin/env bash
# Inbox benchmark (issue 6): with N mentions in the SQLite store, how fast the daemon answers the
# inbox list, a filtered list, a full-text search and an overdue list (API), and renders the web
# page (signed in), one request at a time on loopback, release build. Target: p95 under 50 ms for
# the lists and the search, under 100 ms for the page.
#
# usage: bench/inbox.sh [-n MENTIONS] [-r ROUNDS] [--no-build] [--record]
#   -n MENTIONS   mentions in the store (default 100000)
#   -r ROUNDS     measured requests per case (default 300, after 10 warm-up)
#   --no-build    reuse .build/release/hark as it is
#   --record      append a dated section to bench/RESULTS.md
# exit: 0 every target is met, 1 one is missed, 2 set-up failure.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/.." && pwd)
ARGS="$*"
N=100000 ROUNDS=300 BUILD=1 RECORD=0
while [ $# -gt 0 ]; do
  case $1 in
    -n) N=$2; shift 2;;
    -r) ROUNDS=$2; shift 2;;
    --no-build) BUILD=0; shift;;
    --record) RECORD=1; shift;;
    *) echo "usage: bench/inbox.sh [-n MENTIONS] [-r ROUNDS] [--no-build] [--record]" >&2; exit 2;;
  esac
done
RESULTS=${RESULTS:-$HERE/RESULTS.md}
if [ "$BUILD" = 1 ]; then
  (cd "$ROOT" && swift build -c release --product hark >/dev/null) || { echo "bench/inbox.sh: build failed" >&2; exit 2; }
fi
HARK=$ROOT/.build/release/hark
[ -x "$HARK" ] || { echo "bench/inbox.sh: $HARK is missing (build first)" >&2; exit 2; }

WORK=$(mktemp -d /tmp/hark-inbox-bench.XXXXXX)
PID=""
cleanup() { [ -n "$PID" ] && kill "$PID" 2>/dev/null && wait "$PID" 2>/dev/null; rm -rf "$WORK"; }
trap cleanup EXIT
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()')
TOKEN=hark_bench_$(head -c 12 /dev/urandom | od -An -tx1 | tr -d ' \n')
printf '%s' "$TOKEN" > "$WORK/ops"
cat > "$WORK/hark.yaml" <<YAML
server: { listen: "127.0.0.1:$PORT" }
storage: { sqlite: "$WORK/hark.sqlite" }
api:
  tokens: [{ name: "ops", role: "admin", token_file: "ops" }]
brands: [{ name: "Nordlys Energi" }, { name: "Fjord Kraft" }]
sources: [{ id: "forms", kind: "webhook", scheme: "none" }]
limits: { api_rate_per_token: 0 }
YAML

start() {
  "$HARK" serve --config "$WORK/hark.yaml" > "$WORK/serve.log" 2>&1 &
  PID=$!
  for _ in $(seq 1 200); do
    curl -fsS "http://127.0.0.1:$PORT/healthz" >/dev/null 2>&1 && return 0
    kill -0 "$PID" 2>/dev/null || { cat "$WORK/serve.log" >&2; exit 2; }
    sleep 0.1
  done
  echo "bench/inbox.sh: the daemon did not start" >&2; exit 2
}
stop() { kill "$PID"; wait "$PID" 2>/dev/null || true; PID=""; }

start; stop   # creates and migrates the store
SHARED=$ROOT/../shared/data/mentions-dev.jsonl
FIX=$ROOT/Tests/HarkTests/Fixtures/assessment
python3 "$HERE/inbox_seed.py" "$WORK/hark.sqlite" "$N" "$SHARED" "$FIX/heldout.jsonl" "$FIX/validation.jsonl" \
  "$FIX/test.jsonl" "$FIX/mentions.jsonl" || exit 2
start
RSS_BEFORE=$(awk '/VmRSS/ {print $2}' "/proc/$PID/status")
OUT=$(python3 "$HERE/inbox_measure.py" "$PORT" "$TOKEN" "$ROUNDS") || exit 2
RSS_AFTER=$(awk '/VmRSS/ {print $2}' "/proc/$PID/status")
stop

REPORT=$(python3 - "$OUT" <<'PY'
import json, sys
r = json.loads(sys.argv[1])
targets = {"list": 50, "filtered": 50, "search": 50, "overdue": 50, "statistics": 50, "page": 100}
ok = True
lines = ["| case | p50 ms | p95 ms | p99 ms | items | target p95 | status |", "|---|---:|---:|---:|---:|---:|---|"]
for name, target in targets.items():
    c = r[name]
    passed = c["p95"] < target
    ok = ok and passed
    lines.append(f"| {name} | {c['p50']} | {c['p95']} | {c['p99']} | {c['items'] if c['items'] is not None else '–'} | < {target} | {'PASS' if passed else 'FAIL'} |")
e = r["export"]
lines.append("")
lines.append(f"Full CSV export (`GET /api/v1/export?format=csv`, admin): {e['seconds']} s, {e['bytes']} bytes.")
print("\n".join(lines))
print("OK" if ok else "MISSED")
PY
)
echo "$REPORT" | sed '$d'
echo "daemon RSS: ${RSS_BEFORE} KiB after start, ${RSS_AFTER} KiB after the run"
STATUS=$(echo "$REPORT" | tail -1)
if [ "$RECORD" = 1 ]; then
  {
    echo
    echo "## $(date -u '+%Y-%m-%d %H:%M UTC') — inbox with $N mentions (bench/inbox.sh)"
    echo
    echo "Command: \`bench/inbox.sh $ARGS\` — release build, SQLite store seeded with $N mentions (texts from the"
    echo "labelled sets, 60 days, mixed statuses and assessments; search index built), one request at a time"
    echo "on loopback from Python's http.client (keep-alive), $ROUNDS measured requests per case after 10 warm-up."
    echo "Machine: $(nproc) CPUs, $(uname -sr). Cases: \`list\` = \`GET /api/v1/mentions?limit=50\`; \`filtered\` ="
    echo "severity, status and channel; \`search\` = \`q=faktura\`; \`overdue\` = \`overdue=true\`; \`statistics\` ="
    echo "\`GET /api/v1/statistics\`; \`page\` = \`GET /\` signed in (the inbox page: counts, 100 rows, two 30-day charts,"
    echo "all computed on every render, no cache)."
    echo
    echo "$REPORT" | sed '$d'
    echo
    echo "Daemon RSS: ${RSS_BEFORE} KiB after start, ${RSS_AFTER} KiB after the run."
  } >> "$RESULTS"
  echo "recorded in $RESULTS"
fi
[ "$STATUS" = OK ]
