#!/usr/bin/env bash
# `hark migrate` on a store of N mentions (issue 8): copied from SQLite into PostgreSQL once without
# a stop (the reference time), and once killed with SIGKILL when half the mentions are in PostgreSQL
# and run again, which must resume
# and end with every table identical (row counts and SHA-256 checksums, printed by hark migrate).
#
# The SQLite store is made by the release daemon (migrations), filled by bench/inbox_seed.py
# --with-input (N mentions with their raw input and dedup keys, texts from the labelled sets),
# given 1,000 more through the daemon's webhook path (delivery keys, raw input, audit and source
# state as the daemon writes them), and decided by `hark recurrence rebuild` (customers, issues,
# similarity index). PostgreSQL is scripts/postgres-test-server.sh's cluster with --durable.
#
# usage: bench/migrate.sh [-n MENTIONS] [-b BATCH] [--no-build] [--record]
#   -n MENTIONS   mentions in the SQLite store (default 100000)
#   -b BATCH      hark migrate --batch-size (default 2000, the command's default)
#   --no-build    reuse .build/release/hark as it is
#   --record      append a dated section to bench/RESULTS.md
# exit: 0 the resumed copy is identical, 1 it is not, 2 set-up failure.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/.." && pwd)
. "$HERE/common.sh"
ARGS="$*"
N=100000 BATCH=2000 BUILD=1 RECORD=0
while [ $# -gt 0 ]; do
  case $1 in
    -n) N=$2; shift 2;;
    -b) BATCH=$2; shift 2;;
    --no-build) BUILD=0; shift;;
    --record) RECORD=1; shift;;
    *) echo "usage: bench/migrate.sh [-n MENTIONS] [-b BATCH] [--no-build] [--record]" >&2; exit 2;;
  esac
done
[ "$N" -ge 1000 ] && [ "$N" -le 2000000 ] || { echo "-n must be 1000..2000000" >&2; exit 2; }
RESULTS=${RESULTS:-$HERE/RESULTS.md}
for tool in python3 curl psql sqlite3; do
  command -v "$tool" >/dev/null || { echo "bench/migrate.sh: $tool is missing (scripts/setup-deps.sh test)" >&2; exit 2; }
done
if [ "$BUILD" = 1 ]; then
  (cd "$ROOT" && swift build -c release --product hark >/dev/null) || { echo "bench/migrate.sh: build failed" >&2; exit 2; }
fi
[ -x "$ROOT/.build/release/hark" ] || { echo "bench/migrate.sh: no .build/release/hark (build first)" >&2; exit 2; }

WORK=$(mktemp -d /tmp/hark-migrate-bench.XXXXXX)
chmod 755 "$WORK"
HARK=$WORK/hark
cp "$ROOT/.build/release/hark" "$HARK"   # other builds may replace the original meanwhile
PID="" MIGRATE_PID="" PG_STARTED=0
cleanup() {
  [ -n "$PID" ] && kill "$PID" 2>/dev/null && wait "$PID" 2>/dev/null
  [ -n "$MIGRATE_PID" ] && kill -9 "$MIGRATE_PID" 2>/dev/null
  [ "$PG_STARTED" = 1 ] && "$ROOT/scripts/postgres-test-server.sh" stop "$WORK/pg" || true
  rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM
now() { python3 -c 'import time; print(f"{time.monotonic():.3f}")'; }
since() { python3 -c "import sys; print(f'{float(sys.argv[2]) - float(sys.argv[1]):.1f}')" "$1" "$(now)"; }

PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()')
cat > "$WORK/hark.yaml" <<YAML
server: { listen: "127.0.0.1:$PORT" }
storage: { sqlite: "$WORK/hark.sqlite" }
brands: [{ name: "Nordlys Energi" }, { name: "Fjord Kraft" }]
sources: [{ id: "forms", kind: "webhook", scheme: "none", delivery_header: "X-Delivery-Id" }]
limits: { webhook_rate_per_source: 0, webhook_rate_per_address: 0 }
YAML
start() {
  "$HARK" serve --config "$WORK/hark.yaml" > "$WORK/serve.log" 2>&1 &
  PID=$!
  for _ in $(seq 1 300); do
    curl -fsS "http://127.0.0.1:$PORT/readyz" >/dev/null 2>&1 && return 0
    kill -0 "$PID" 2>/dev/null || { cat "$WORK/serve.log" >&2; exit 2; }
    sleep 0.1
  done
  echo "bench/migrate.sh: the daemon did not start" >&2; exit 2
}
stop() { kill "$PID"; wait "$PID" 2>/dev/null || true; PID=""; }

log "SQLite store: $N mentions (bench/inbox_seed.py --with-input), 1000 webhooks, recurrence rebuild"
T0=$(now)
start; stop
SHARED=$ROOT/../shared/data/mentions-dev.jsonl
FIX=$ROOT/Tests/HarkTests/Fixtures/assessment
python3 "$HERE/inbox_seed.py" --with-input "$WORK/hark.sqlite" "$N" "$SHARED" "$FIX/heldout.jsonl" \
  "$FIX/validation.jsonl" "$FIX/test.jsonl" "$FIX/mentions.jsonl" || exit 2
start
python3 - "$PORT" <<'PY' || exit 2
import http.client, json, sys
conn = http.client.HTTPConnection("127.0.0.1", int(sys.argv[1]), timeout=30)
for i in range(1000):
    body = json.dumps({"id": f"hook-{i}", "text": f"Regningen er for høy igjen, sak {i}",
                       "author": f"Kunde {i % 50}", "email": f"kunde{i % 50}@example.no"}).encode()
    conn.request("POST", "/hooks/forms", body, {"Content-Type": "application/json", "X-Delivery-Id": f"d-{i}"})
    answer = conn.getresponse()
    answer.read()
    assert answer.status == 202, answer.status
PY
stop
"$HARK" recurrence rebuild --config "$WORK/hark.yaml" > "$WORK/rebuild.json"
SEED_S=$(since "$T0")
SIZE=$(du -m "$WORK/hark.sqlite" | cut -f1)
MENTIONS=$(sqlite3 "$WORK/hark.sqlite" "select count(*) from mentions")
log "store ready in ${SEED_S} s: $MENTIONS mentions, ${SIZE} MiB"

log "PostgreSQL: scripts/postgres-test-server.sh start $WORK/pg --durable"
PG_STARTED=1
PG_URL=$("$ROOT/scripts/postgres-test-server.sh" start "$WORK/pg" --durable)
PG_BASE=${PG_URL%/*}
for db in hark_once hark_resumed; do psql -X -q -d "$PG_URL" -c "CREATE DATABASE $db"; done

log "uninterrupted: hark migrate --from hark.sqlite --to $PG_BASE/hark_once --batch-size $BATCH"
T0=$(now)
set +e
"$HARK" migrate --from "$WORK/hark.sqlite" --to "$PG_BASE/hark_once" --batch-size "$BATCH" \
  > "$WORK/once.out" 2> "$WORK/once.err"
ONCE_RC=$?
set -e
ONCE_S=$(since "$T0")
log "uninterrupted copy: exit $ONCE_RC in ${ONCE_S} s"

log "interrupted: the same into $PG_BASE/hark_resumed, SIGKILL once half the mentions are in"
T0=$(now)
"$HARK" migrate --from "$WORK/hark.sqlite" --to "$PG_BASE/hark_resumed" --batch-size "$BATCH" \
  > "$WORK/first.out" 2> "$WORK/first.err" &
MIGRATE_PID=$!
KILLED_AT=""
for _ in $(seq 1 36000); do   # at most an hour
  IN=$(psql -X -At -d "$PG_BASE/hark_resumed" -c "select count(*) from mentions" 2>/dev/null || echo 0)
  if [ "${IN:-0}" -ge $((MENTIONS / 2)) ]; then
    kill -9 "$MIGRATE_PID"
    KILLED_AT="$IN of $MENTIONS mentions in PostgreSQL"
    break
  fi
  kill -0 "$MIGRATE_PID" 2>/dev/null || break
  sleep 0.05
done
wait "$MIGRATE_PID" 2>/dev/null || true
MIGRATE_PID=""
FIRST_S=$(since "$T0")
[ -n "$KILLED_AT" ] || { echo "bench/migrate.sh: the copy ended before it could be killed" >&2; cat "$WORK/first.err" >&2; exit 2; }
COMMITTED=$(psql -X -At -d "$PG_BASE/hark_resumed" -c "select count(*) from mentions")
log "killed after ${FIRST_S} s when $KILLED_AT ($COMMITTED committed by then)"

T0=$(now)
set +e
"$HARK" migrate --from "$WORK/hark.sqlite" --to "$PG_BASE/hark_resumed" --batch-size "$BATCH" \
  > "$WORK/resumed.out" 2> "$WORK/resumed.err"
RESUMED_RC=$?
set -e
RESUMED_S=$(since "$T0")
cat "$WORK/resumed.out"
tail -1 "$WORK/resumed.err"
log "resumed copy: exit $RESUMED_RC in ${RESUMED_S} s"

PG_MENTIONS=$(psql -X -At -d "$PG_BASE/hark_resumed" -c "select count(*) from mentions")
DIFFERENT=$(grep -c DIFFERENT "$WORK/resumed.out" || true)
OK=1
[ "$RESUMED_RC" = 0 ] && [ "$ONCE_RC" = 0 ] || OK=0
grep -q "resumed an earlier run" "$WORK/resumed.err" || OK=0
grep -q "tables verified identical" "$WORK/resumed.err" || OK=0
[ "$PG_MENTIONS" = "$MENTIONS" ] && [ "$DIFFERENT" = 0 ] || OK=0
# The two copies agree with each other too (the checksum column of both tables).
diff <(awk '{print $1, $2, $3, $5}' "$WORK/once.out") <(awk '{print $1, $2, $3, $5}' "$WORK/resumed.out") > /dev/null || OK=0
VERDICT=$([ "$OK" = 1 ] && echo "identical (every table's count and checksum, and the same as the uninterrupted copy)" || echo "NOT identical")
log "verdict: $VERDICT"

if [ "$RECORD" = 1 ]; then
  {
    echo
    echo "## hark migrate: $N mentions, killed half-way through the mentions and resumed ($(date -u +%Y-%m-%d))"
    echo
    echo "Command: \`bench/migrate.sh${ARGS:+ $ARGS}\` (release build, commit $(cd "$ROOT" && git rev-parse --short HEAD)," \
      "PostgreSQL $(psql -X -At -d "$PG_URL" -c 'show server_version') from scripts/postgres-test-server.sh --durable," \
      "$(nproc) CPUs, $(awk '/MemTotal/ {printf "%.0f GiB", $2 / 1048576}' /proc/meminfo))."
    echo
    echo "| step | figure |"
    echo "|---|---|"
    echo "| SQLite store | $MENTIONS mentions (raw input, delivery and mention keys each), ${SIZE} MiB, made in ${SEED_S} s |"
    echo "| uninterrupted copy + verification | ${ONCE_S} s, exit $ONCE_RC |"
    echo "| first run, SIGKILL | after ${FIRST_S} s, seen $KILLED_AT; $COMMITTED committed when it died |"
    echo "| resumed run + verification | ${RESUMED_S} s, exit $RESUMED_RC: $(tail -1 "$WORK/resumed.err" | sed 's/^hark: //') |"
    echo "| result | $VERDICT |"
    echo
    echo '```'
    cat "$WORK/resumed.out"
    echo '```'
  } >> "$RESULTS"
  log "recorded in $RESULTS"
fi
[ "$OK" = 1 ] || exit 1
