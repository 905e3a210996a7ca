#!/usr/bin/env bash
# Webhook ingest benchmark, one run, side by side on loopback:
#   nginx answering 204 (the HTTP ceiling), a hand-written Python http.server receiver committing
#   each body to SQLite, and Hark (release build, bench/hark-bench.yaml, SQLite synchronous=full).
# wrk -t2 -c64 POSTs ~700-byte JSON bodies signed with HMAC-SHA256 (X-Signature: sha256=<hex>), a new
# X-Delivery-Id on every request, interleaved rounds (nginx, python, hark; x3). Prints req/s, p50/p99,
# Hark/nginx, Hark's RSS idle/peak/after, checks mentions in SQLite against the 202 answers, and
# appends a dated section to bench/RESULTS.md. Details: bench/README.md.
#
# usage: bench/webhooks.sh [-d SECS] [-r ROUNDS] [-c CONNS] [-t THREADS] [-n IDS_PER_ROUND] [--no-build]
# env:   NGINX_PORT (18180) PY_PORT (18182) PY_SYNC (NORMAL|FULL, NORMAL as the shared receiver)
#        KEEP=1 keeps the temporary directory; RESULTS (bench/RESULTS.md) where the section goes.
# exit:  0 all targets pass, 1 a target was missed (figures recorded anyway), other: set-up failure.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/.." && pwd)
. "$HERE/common.sh"
ARGS="$*"
DUR=12 ROUNDS=3 CONNS=64 THREADS=2 PER_ROUND= BUILD=1
while [ $# -gt 0 ]; do
  case $1 in
    -d) DUR=$2; shift 2;;
    -r) ROUNDS=$2; shift 2;;
    -c) CONNS=$2; shift 2;;
    -t) THREADS=$2; shift 2;;
    -n) PER_ROUND=$2; shift 2;;
    --no-build) BUILD=0; shift;;
    -h|--help) sed -n '2,13p' "$0"; exit 0;;
    *) echo "unknown argument: $1 (see --help)" >&2; exit 2;;
  esac
done
[ "$DUR" -ge 1 ] && [ "$DUR" -le 60 ] || { echo "-d must be 1..60 seconds" >&2; exit 2; }
[ "$ROUNDS" -ge 1 ] && [ "$ROUNDS" -le 10 ] || { echo "-r must be 1..10" >&2; exit 2; }
# Ids per round: enough for 75k req/s over the round (more than nginx reaches here), split over the
# wrk threads; a thread that runs out starts over, which the report counts as wrapped (duplicates;
# for Hark this fails the count check).
PER_ROUND=${PER_ROUND:-$((75000 * DUR))}
NGINX_PORT=${NGINX_PORT:-18180} PY_PORT=${PY_PORT:-18182} PY_SYNC=${PY_SYNC:-NORMAL}
RESULTS=${RESULTS:-$HERE/RESULTS.md}
CONFIG=$HERE/hark-bench.yaml
HARK_LISTEN=$(sed -n 's/^[[:space:]]*listen:[[:space:]]*"\([^"]*\)".*/\1/p' "$CONFIG" | head -1)
HARK_PORT=${HARK_LISTEN##*:}

# 2. Tools (before the build, so a missing tool fails fast).
need=()
command -v wrk >/dev/null 2>&1 || need+=(wrk)
[ -x /usr/sbin/nginx ] || command -v nginx >/dev/null 2>&1 || need+=(nginx-light)
command -v python3 >/dev/null 2>&1 || need+=(python3)
command -v sqlite3 >/dev/null 2>&1 || need+=(sqlite3)
command -v curl >/dev/null 2>&1 || need+=(curl)
if [ ${#need[@]} -gt 0 ]; then
  log "installing ${need[*]}"
  SUDO=; [ "$(id -u)" = 0 ] || SUDO=sudo
  $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${need[@]}" ||
    { $SUDO apt-get update -qq && $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${need[@]}"; }
fi
NGINX=$(command -v nginx 2>/dev/null || echo /usr/sbin/nginx)

# 1. Release build (SwiftPM waits if another build holds .build; .build is shared, never deleted).
if [ "$BUILD" = 1 ]; then
  log "swift build -c release --static-swift-stdlib --product hark"
  (cd "$ROOT" && swift build -c release --static-swift-stdlib --product hark)
fi
[ -x "$ROOT/.build/release/hark" ] || { echo "no $ROOT/.build/release/hark" >&2; exit 2; }

for p in "$NGINX_PORT" "$PY_PORT" "$HARK_PORT"; do
  if (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then
    echo "port 127.0.0.1:$p is already in use (set NGINX_PORT/PY_PORT, or the listen in $CONFIG)" >&2; exit 2
  fi
done

WORK=$(mktemp -d "${TMPDIR:-/tmp}/hark-bench.XXXXXX")
chmod 755 "$WORK"                       # nginx workers run as nobody
OUT=$HERE/out/$(date +%Y%m%d-%H%M%S)    # logs and JSON (bench/out is git-ignored)
mkdir -p "$OUT"
NGINX_PID= PY_PID= HARK_PID=
cleanup() {
  stop_pid "$HARK_PID" TERM 20
  stop_pid "$PY_PID" TERM 5
  stop_pid "$NGINX_PID" QUIT 10
  if [ "${KEEP:-0}" = 1 ]; then echo "kept $WORK"; else rm -rf "$WORK"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

prepare_hark "$WORK"

log "signing $ROUNDS x $PER_ROUND requests"
python3 "$HERE/gen_pool.py" --secret-file "$WORK/credentials/webhook-bench" --out "$WORK/pool" \
  --rounds "$ROUNDS" --per-round "$PER_ROUND" --threads "$THREADS"

log "starting nginx :$NGINX_PORT, python receiver :$PY_PORT, hark :$HARK_PORT"
mkdir -p "$WORK/nginx"
sed -e "s#@PREFIX@#$WORK/nginx#g" -e "s#@PORT@#$NGINX_PORT#g" "$HERE/nginx.conf.in" > "$WORK/nginx/nginx.conf"
"$NGINX" -e "$WORK/nginx/error.log" -p "$WORK/nginx" -c "$WORK/nginx/nginx.conf"
for _ in $(seq 50); do [ -s "$WORK/nginx/nginx.pid" ] && break; sleep 0.1; done
NGINX_PID=$(cat "$WORK/nginx/nginx.pid")
python3 "$HERE/receiver.py" "$PY_PORT" "$WORK/python.sqlite" "$PY_SYNC" > "$OUT/python.log" 2>&1 &
PY_PID=$!
(cd "$WORK" && CREDENTIALS_DIRECTORY="$WORK/credentials" exec ./hark serve --config "$CONFIG") > "$OUT/hark.log" 2>&1 &
HARK_PID=$!

wait_http() { # what url [curl args...]
  local what=$1 url=$2; shift 2
  for _ in $(seq 100); do
    curl -fs -o /dev/null --max-time 2 "$@" "$url" && return 0
    sleep 0.2
  done
  echo "$what did not answer at $url" >&2; return 1
}
wait_http nginx "http://127.0.0.1:$NGINX_PORT/hook" -X POST -H 'Content-Type: application/json' -d '{"id":"probe"}'
wait_http python "http://127.0.0.1:$PY_PORT/hook" -X POST -H 'Content-Type: application/json' -d '{"id":"probe"}'
wait_http hark "http://127.0.0.1:$HARK_PORT/readyz" || { cat "$OUT/hark.log" >&2; exit 2; }
HARK_URL="http://127.0.0.1:$HARK_PORT/hooks/bench"
# One signed probe: proves the secret, signature and mapping before minutes of load (it is stored).
python3 - "$WORK/credentials/webhook-bench" "$HARK_URL" <<'EOF'
import hashlib, hmac, json, sys, urllib.request
key = open(sys.argv[1], "rb").read().rstrip(b"\n")
body = b'{"id":"bench-probe","text":"probe from bench/webhooks.sh","author":"bench"}'
req = urllib.request.Request(sys.argv[2], data=body, method="POST", headers={
    "Content-Type": "application/json", "X-Delivery-Id": "bench-probe",
    "X-Signature": "sha256=" + hmac.new(key, body, hashlib.sha256).hexdigest()})
with urllib.request.urlopen(req, timeout=10) as r:
    answer = json.loads(r.read())
    assert r.status == 202 and answer.get("duplicate") is False, (r.status, answer)
print("signed probe: 202", answer)
EOF
sleep 2   # let Hark settle before the idle RSS reading

MEM=$(awk '/MemTotal/ {printf "%.1f GiB", $2 / 1048576}' /proc/meminfo)
CPU=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1)
FS=$(df -PT "$WORK" | awk 'NR == 2 {print $2 " on " $7}')
REV=$(cd "$ROOT" && git rev-parse --short HEAD 2>/dev/null || echo "?")
DIRTY=$(cd "$ROOT" && git status --porcelain 2>/dev/null | grep -vc '^.. bench/' || true)
SUM=$(sha256sum "$WORK/hark" | cut -c1-12)
log "load: $ROUNDS rounds x (nginx, python, hark), wrk -t$THREADS -c$CONNS -d${DUR}s"
set +e
python3 "$HERE/webhooks.py" --pool-dir "$WORK/pool" -d "$DUR" -c "$CONNS" -t "$THREADS" -r "$ROUNDS" \
  --target "nginx=http://127.0.0.1:$NGINX_PORT/hooks/bench,$NGINX_PID" \
  --target "python=http://127.0.0.1:$PY_PORT/hooks/bench,$PY_PID" \
  --target "hark=$HARK_URL,$HARK_PID" \
  --hark hark --base nginx --metrics-url "http://127.0.0.1:$HARK_PORT/metrics" \
  --hark-db "$WORK/hark-bench.sqlite" --hark-probes 1 --py "python=$WORK/python.sqlite" --py-probes 1 \
  --json "$OUT/results.json" --results-md "$RESULTS" --command "bench/webhooks.sh${ARGS:+ $ARGS}" \
  --info "machine=$(nproc) CPUs ($CPU), $MEM RAM, $(uname -sr), $(. /etc/os-release && echo "$PRETTY_NAME"), temp files on $FS" \
  --info "hark=commit $REV ($DIRTY changed files outside bench/ in the tree), binary sha256 $SUM, config bench/hark-bench.yaml (synchronous=full, rate limits 0, group_commit_items 500)" \
  --info "peers=nginx $("$NGINX" -v 2>&1 | sed 's#.*nginx/##') (return 204); python $(python3 -c 'import platform, sqlite3; print(platform.python_version(), "http.server + sqlite", sqlite3.sqlite_version)') synchronous=$PY_SYNC, one commit per request, no signature check; $(wrk -v 2>&1 | head -1 | cut -d' ' -f1-2)" \
  --info "load=wrk -t$THREADS -c$CONNS -d${DUR}s x $ROUNDS interleaved rounds on loopback (client shares the $(nproc) CPUs), $PER_ROUND pre-signed ids per round, RSS sampled every 200 ms" \
  2>&1 | tee "$OUT/summary.txt"
RC=${PIPESTATUS[0]}
set -e
echo "logs: $OUT"
exit "$RC"
