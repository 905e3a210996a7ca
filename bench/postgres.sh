#!/usr/bin/env bash
# Webhook ingest on PostgreSQL, one run, side by side on loopback, interleaved rounds:
#   sqlite  one Hark on SQLite (bench/hark-bench.yaml: synchronous=full)
#   pg1     one Hark on PostgreSQL (its own fresh database)
#   pg2     two Hark instances (instance names pg2a, pg2b; two ports) on one fresh PostgreSQL database,
#           one wrk each with half the connections, at once; req/s summed
# The PostgreSQL cluster is scripts/postgres-test-server.sh's, started with --durable (a temporary
# directory, PostgreSQL's default durability: fsync on, synchronous_commit on, full_page_writes on),
# so that both engines promise the same thing: a 202 only after the commit is on disk. wrk posts the pre-signed ~700-byte webhooks of
# bench/gen_pool.py with bench/webhook.lua, a new delivery id per request. Checks every 2xx is in the
# store exactly once, reports req/s, p50/p99, PG-1/SQLite and PG-2/PG-1 against the issue's targets
# (>= 0.5x; two > one) and appends a dated section to bench/RESULTS.md. Details: bench/README.md.
#
# usage: bench/postgres.sh [-d SECS] [-r ROUNDS] [-c CONNS] [-t THREADS] [-n IDS_PER_ROUND] [--no-build]
#                          [--no-record] [--no-wait]
#   --no-wait   start each round at once instead of waiting (at most QUIET_MAX s) until other people's
#               builds and tests use under QUIET_CPU CPUs
# env:   PG1_PORT (18191) PG2A_PORT (18192) PG2B_PORT (18193) POOL_SIZE (8) DRAIN_MAX (180 s)
#        QUIET_MAX (300 s) QUIET_CPU (0.25)
#        KEEP=1 keeps the temporary directory; RESULTS (bench/RESULTS.md) where the section goes.
# exit:  0 both targets and the counts pass, 1 one missed (figures recorded anyway), other: set-up failure.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/.." && pwd)
. "$HERE/common.sh"
ARGS="$*"
DUR=10 ROUNDS=3 CONNS=64 THREADS=2 PER_ROUND= BUILD=1 RECORD=1 WAIT=1
while [ $# -gt 0 ]; do
  case $1 in
    -d) DUR=$2; shift 2;;
    -r) ROUNDS=$2; shift 2;;
    -c) CONNS=$2; shift 2;;
    -t) THREADS=$2; shift 2;;
    -n) PER_ROUND=$2; shift 2;;
    --no-build) BUILD=0; shift;;
    --no-record) RECORD=0; shift;;
    --no-wait) WAIT=0; shift;;
    -h|--help) sed -n '2,21p' "$0"; exit 0;;
    *) echo "unknown argument: $1 (see --help)" >&2; exit 2;;
  esac
done
[ "$DUR" -ge 1 ] && [ "$DUR" -le 60 ] || { echo "-d must be 1..60 seconds" >&2; exit 2; }
[ "$ROUNDS" -ge 1 ] && [ "$ROUNDS" -le 10 ] || { echo "-r must be 1..10" >&2; exit 2; }
[ "$CONNS" -ge 2 ] && [ "$CONNS" -le 1024 ] || { echo "-c must be 2..1024" >&2; exit 2; }
[ "$THREADS" -ge 1 ] && [ "$THREADS" -le "$((CONNS / 2))" ] || { echo "-t must be 1..c/2" >&2; exit 2; }
# Ids per round and wrk process: 25k req/s over the round, several times what Hark reaches here; a wrk
# thread that runs out starts over (counted as wrapped, which fails the count check).
PER_ROUND=${PER_ROUND:-$((25000 * DUR))}
PG1_PORT=${PG1_PORT:-18191} PG2A_PORT=${PG2A_PORT:-18192} PG2B_PORT=${PG2B_PORT:-18193}
POOL_SIZE=${POOL_SIZE:-8} DRAIN_MAX=${DRAIN_MAX:-180} QUIET_MAX=${QUIET_MAX:-300} QUIET_CPU=${QUIET_CPU:-0.25}
[ "$WAIT" = 1 ] || QUIET_MAX=0
RESULTS=${RESULTS:-$HERE/RESULTS.md}
CONFIG=$HERE/hark-bench.yaml
SQLITE_LISTEN=$(sed -n 's/^[[:space:]]*listen:[[:space:]]*"\([^"]*\)".*/\1/p' "$CONFIG" | head -1)
SQLITE_PORT=${SQLITE_LISTEN##*:}
# Two instances: half the connections each, and half the wrk threads (at least one), so the client
# uses the same threads and connections in every setup.
C2A=$((CONNS / 2)) C2B=$((CONNS - CONNS / 2)) T2=$((THREADS / 2)); [ "$T2" -ge 1 ] || T2=1

# Tools (before the build, so a missing tool fails fast).
need=()
command -v wrk >/dev/null 2>&1 || need+=(wrk)
command -v python3 >/dev/null 2>&1 || need+=(python3)
command -v sqlite3 >/dev/null 2>&1 || need+=(sqlite3)
command -v curl >/dev/null 2>&1 || need+=(curl)
command -v psql >/dev/null 2>&1 || need+=(postgresql-client)
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || need+=(postgresql)
if [ ${#need[@]} -gt 0 ]; then
  log "installing ${need[*]}"
  SUDO=; [ "$(id -u)" = 0 ] || SUDO=sudo
  $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${need[@]}" ||
    { $SUDO apt-get update -qq && $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${need[@]}"; }
fi

# Release build (SwiftPM waits while another build holds .build; .build is shared, never deleted).
# Other people edit sources meanwhile: a failed build is tried again, three times at most.
if [ "$BUILD" = 1 ]; then
  for try in 1 2 3; do
    log "swift build -c release --product hark (attempt $try)"
    (cd "$ROOT" && swift build -c release --product hark) && break
    [ "$try" = 3 ] && { echo "release build failed" >&2; exit 2; }
    sleep 120
  done
fi
[ -x "$ROOT/.build/release/hark" ] || { echo "no $ROOT/.build/release/hark" >&2; exit 2; }

for p in "$SQLITE_PORT" "$PG1_PORT" "$PG2A_PORT" "$PG2B_PORT"; do
  if (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then
    echo "port 127.0.0.1:$p is already in use (set PG1_PORT/PG2A_PORT/PG2B_PORT, or the listen in $CONFIG)" >&2; exit 2
  fi
done

WORK=$(mktemp -d "${TMPDIR:-/tmp}/hark-pgbench.XXXXXX")
chmod 755 "$WORK"                       # the PostgreSQL cluster runs as an unprivileged user
OUT=$HERE/out/pg-$(date +%Y%m%d-%H%M%S) # logs and JSON (bench/out is git-ignored)
mkdir -p "$OUT"
PG_DIR=$WORK/pg PG_STARTED=0
declare -A PIDS=()
cleanup() {
  for n in "${!PIDS[@]}"; do stop_pid "${PIDS[$n]}" TERM 20; done
  [ "$PG_STARTED" = 1 ] && "$ROOT/scripts/postgres-test-server.sh" stop "$PG_DIR" || true
  if [ "${KEEP:-0}" = 1 ]; then echo "kept $WORK"; else rm -rf "$WORK"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

prepare_hark "$WORK"

log "PostgreSQL: scripts/postgres-test-server.sh start $PG_DIR --durable"
PG_STARTED=1
PG_URL=$("$ROOT/scripts/postgres-test-server.sh" start "$PG_DIR" --durable)
PG_BASE=${PG_URL%/*}
PG_PID=$(head -1 "$PG_DIR/data/postmaster.pid")
for db in hark_pg1 hark_pg2; do psql -X -q -d "$PG_URL" -c "CREATE DATABASE $db"; done
PG_SETTINGS=$(psql -X -At -d "$PG_URL" -c "select string_agg(name || '=' || setting || coalesce(unit, ''), ', ' order by name)
  from pg_settings where name in ('fsync', 'synchronous_commit', 'wal_sync_method', 'full_page_writes',
  'shared_buffers', 'max_wal_size', 'checkpoint_timeout', 'wal_level')")
PG_VERSION=$(psql -X -At -d "$PG_URL" -c "show server_version")

log "signing: $((2 * ROUNDS)) x $PER_ROUND requests (one instance), $((2 * ROUNDS)) x $PER_ROUND (two instances)"
python3 "$HERE/gen_pool.py" --secret-file "$WORK/credentials/webhook-bench" --out "$WORK/pool1" \
  --rounds $((2 * ROUNDS)) --per-round "$PER_ROUND" --threads "$THREADS"
python3 "$HERE/gen_pool.py" --secret-file "$WORK/credentials/webhook-bench" --out "$WORK/pool2" \
  --rounds $((2 * ROUNDS)) --per-round "$PER_ROUND" --threads "$T2"

# Configurations: bench/hark-bench.yaml as it is (SQLite), and copies with storage.postgres and a port.
pg_config() { # name port db
  sed -e "s#^\([[:space:]]*\)sqlite:.*#\1postgres: { url: \"$PG_BASE/$3\", instance: \"$1\", lease: \"30s\", pool_size: $POOL_SIZE }#" \
      -e "s#^\([[:space:]]*listen:[[:space:]]*\)\"[^\"]*\"#\1\"127.0.0.1:$2\"#" "$CONFIG" > "$WORK/$1.yaml"
  grep -q "postgres: { url: \"$PG_BASE/$3\"" "$WORK/$1.yaml" && grep -q "127.0.0.1:$2" "$WORK/$1.yaml" ||
    { echo "could not derive $WORK/$1.yaml from $CONFIG" >&2; exit 2; }
}
pg_config pg1 "$PG1_PORT" hark_pg1
pg_config pg2a "$PG2A_PORT" hark_pg2
pg_config pg2b "$PG2B_PORT" hark_pg2

start_hark() { # name config
  mkdir -p "$WORK/run-$1"
  (cd "$WORK/run-$1" && CREDENTIALS_DIRECTORY="$WORK/credentials" exec "$WORK/hark" serve --config "$2") > "$OUT/$1.log" 2>&1 &
  PIDS[$1]=$!
}
wait_ready() { # name port
  for _ in $(seq 150); do
    curl -fs -o /dev/null --max-time 2 "http://127.0.0.1:$2/readyz" && return 0
    kill -0 "${PIDS[$1]}" 2>/dev/null || break
    sleep 0.2
  done
  echo "hark $1 did not answer at 127.0.0.1:$2/readyz" >&2; cat "$OUT/$1.log" >&2; exit 2
}
log "starting hark: sqlite :$SQLITE_PORT, pg1 :$PG1_PORT, pg2a :$PG2A_PORT, pg2b :$PG2B_PORT"
start_hark sqlite "$CONFIG"
start_hark pg1 "$WORK/pg1.yaml"
start_hark pg2a "$WORK/pg2a.yaml"
wait_ready sqlite "$SQLITE_PORT"
wait_ready pg1 "$PG1_PORT"
wait_ready pg2a "$PG2A_PORT"          # migrations done before the second instance starts
start_hark pg2b "$WORK/pg2b.yaml"
wait_ready pg2b "$PG2B_PORT"

# One signed probe per instance: proves the secret, signature and mapping before minutes of load (stored).
for n in sqlite:$SQLITE_PORT pg1:$PG1_PORT pg2a:$PG2A_PORT pg2b:$PG2B_PORT; do
  python3 - "$WORK/credentials/webhook-bench" "http://127.0.0.1:${n#*:}/hooks/bench" "bench-probe-${n%%:*}" <<'EOF'
import hashlib, hmac, json, sys, urllib.request
key = open(sys.argv[1], "rb").read().rstrip(b"\n")
body = json.dumps({"id": sys.argv[3], "text": "probe from bench/postgres.sh", "author": "bench"}).encode()
req = urllib.request.Request(sys.argv[2], data=body, method="POST", headers={
    "Content-Type": "application/json", "X-Delivery-Id": sys.argv[3],
    "X-Signature": "sha256=" + hmac.new(key, body, hashlib.sha256).hexdigest()})
with urllib.request.urlopen(req, timeout=10) as r:
    answer = json.loads(r.read())
    assert r.status == 202 and answer.get("duplicate") is False, (r.status, answer)
print(f"signed probe {sys.argv[3]}: 202", answer)
EOF
done

cat > "$WORK/spec.json" <<EOF
{"pg_pid": $PG_PID, "pg_url": "$PG_URL",
 "setups": [
  {"name": "sqlite", "store": {"kind": "sqlite", "path": "$WORK/run-sqlite/hark-bench.sqlite"},
   "instances": [{"name": "sqlite", "port": $SQLITE_PORT, "pid": ${PIDS[sqlite]}, "pool": "$WORK/pool1/pool-r", "offset": 0, "conns": $CONNS, "threads": $THREADS}]},
  {"name": "pg1", "store": {"kind": "postgres", "url": "$PG_BASE/hark_pg1", "db": "hark_pg1"},
   "instances": [{"name": "pg1", "port": $PG1_PORT, "pid": ${PIDS[pg1]}, "pool": "$WORK/pool1/pool-r", "offset": $ROUNDS, "conns": $CONNS, "threads": $THREADS}]},
  {"name": "pg2", "store": {"kind": "postgres", "url": "$PG_BASE/hark_pg2", "db": "hark_pg2"},
   "instances": [{"name": "pg2a", "port": $PG2A_PORT, "pid": ${PIDS[pg2a]}, "pool": "$WORK/pool2/pool-r", "offset": 0, "conns": $C2A, "threads": $T2},
                 {"name": "pg2b", "port": $PG2B_PORT, "pid": ${PIDS[pg2b]}, "pool": "$WORK/pool2/pool-r", "offset": $ROUNDS, "conns": $C2B, "threads": $T2}]}
 ]}
EOF
sleep 2   # let the daemons settle

MEM=$(awk '/MemTotal/ {printf "%.1f GiB", $2 / 1048576}' /proc/meminfo)
CPU=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1)
FS=$(df -PT "$WORK" | awk 'NR == 2 {print $2 " on " $7}')
REV=$(cd "$ROOT" && git rev-parse --short HEAD 2>/dev/null || echo "?")
DIRTY=$(cd "$ROOT" && git status --porcelain 2>/dev/null | grep -vc '^.. bench/' || true)
SUM=$(sha256sum "$WORK/hark" | cut -c1-12)
log "load: $ROUNDS rounds x (sqlite, pg1, pg2), ${DUR}s each, $CONNS connections"
RECORD_ARGS=()
[ "$RECORD" = 1 ] && RECORD_ARGS=(--results-md "$RESULTS")
set +e
python3 "$HERE/postgres_report.py" --spec "$WORK/spec.json" -d "$DUR" -r "$ROUNDS" -c "$CONNS" --drain-max "$DRAIN_MAX" \
  --quiet-max "$QUIET_MAX" --quiet-cpu "$QUIET_CPU" \
  --json "$OUT/results.json" "${RECORD_ARGS[@]}" --command "bench/postgres.sh${ARGS:+ $ARGS}" \
  --info "machine=$(nproc) CPUs ($CPU), $MEM RAM, $(uname -sr), $(. /etc/os-release && echo "$PRETTY_NAME"), temp files (SQLite file, PostgreSQL cluster) on $FS; wrk, PostgreSQL and Hark share the $(nproc) CPUs" \
  --info "hark=commit $REV ($DIRTY changed files outside bench/ in the tree), \`swift build -c release --product hark\`, binary sha256 $SUM; bench/hark-bench.yaml (rate limits 0, group_commit_items 500); SQLite synchronous=full; PostgreSQL instances: the same file with \`storage.postgres: { url, instance, lease: 30s, pool_size: $POOL_SIZE }\`" \
  --info "postgresql=$PG_VERSION, scripts/postgres-test-server.sh cluster on loopback (TCP), $PG_SETTINGS; one fresh database per PostgreSQL setup (hark_pg1, hark_pg2)" \
  --info "load=wrk -t$THREADS -c$CONNS -d${DUR}s (two instances: wrk -t$T2 -c$C2A and -t$T2 -c$C2B at once) --timeout 10s -s bench/webhook.lua, $ROUNDS interleaved rounds (sqlite, pg1, pg2) on loopback, $PER_ROUND pre-signed ids per round and wrk process; after each round the setup's recurrence backlog is left to drain (at most ${DRAIN_MAX} s) before the next setup starts; before each round the script waits (at most ${QUIET_MAX} s) until other processes use under ${QUIET_CPU} CPUs" \
  2>&1 | tee "$OUT/summary.txt"
RC=${PIPESTATUS[0]}
set -e
echo "logs: $OUT"
exit "$RC"
