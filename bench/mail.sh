#!/usr/bin/env bash
# Mail (IMAP) fetch benchmark, one run, side by side and interleaved, against a private Dovecot on
# loopback holding N generated support mails (bench/mail_generate.py: plain, quoted-printable, base64,
# HTML alternatives, attachments, Nordic charsets, replies, auto-replies), one connection each:
#   imaplib+email  Python imaplib, UID FETCH in batches of 100 of (UID INTERNALDATE RFC822.SIZE
#                  BODY.PEEK[]), each message parsed with the email package and its best text body
#                  extracted (bench/mail_imaplib.py): what people write by hand
#   imaplib-fetch  the same without parsing (the IMAP part alone; a reference)
#   curl           the curl command line, one URL per UID (imap://.../INBOX/;UID=n) in one invocation
#                  (URL list in a -K config file), bodies to one file
#   hark           `hark poll bench` (release build) with a fresh SQLite store and an IMAP source:
#                  fetch, decode and commit everything, then exit
# Each leg runs once as a warm-up, then ROUNDS times interleaved; messages/s = N / wall time of the
# whole command (start-up, login and, for Hark, the store included). Peak RSS from /usr/bin/time.
# Dovecot's own log checks every run: logins (connections) and the bodies and bytes it sent.
# Target (issue 4): Hark >= 4,000 messages/s fetched, decoded and stored (about 8x imaplib+email).
#
# usage: bench/mail.sh [-n MESSAGES] [-r ROUNDS] [--no-build] [--record] [--no-wait] [--time-limit SECS]
#   -n MESSAGES      messages in the mailbox (default 5000)
#   -r ROUNDS        measured rounds after the warm-up (default 3)
#   --no-build       reuse .build/release/hark as it is
#   --record         append a dated section to bench/RESULTS.md (bench/mail_report.py)
#   --no-wait        do not wait for other Swift builds and tests on the machine to finish
#   --time-limit S   stop (exit 2) when the whole run, build included, takes longer (default 3600)
# env:   SEED (mail_generate.py's seed), KEEP=1 keeps the temporary directory, RESULTS (bench/RESULTS.md),
#        HARK_WRAP a command put before hark (e.g. "perf record -g -o /tmp/hark.perf" to profile it)
# exit:  0 the target is met, 1 it is missed or the Hark leg failed (figures recorded anyway),
#        2 set-up failure or time limit.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/.." && pwd)
. "$HERE/common.sh"
ARGS="$*"
N=5000 ROUNDS=3 BUILD=1 RECORD=0 WAIT=1 LIMIT=3600
while [ $# -gt 0 ]; do
  case $1 in
    -n) N=$2; shift 2;;
    -r) ROUNDS=$2; shift 2;;
    --no-build) BUILD=0; shift;;
    --record) RECORD=1; shift;;
    --no-wait) WAIT=0; shift;;
    --time-limit) LIMIT=$2; shift 2;;
    -h|--help) sed -n '2,27p' "$0"; exit 0;;
    *) echo "unknown argument: $1 (see --help)" >&2; exit 2;;
  esac
done
[[ "$N" =~ ^[0-9]+$ ]] && [ "$N" -ge 100 ] && [ "$N" -le 100000 ] || { echo "-n must be 100..100000" >&2; exit 2; }
[[ "$ROUNDS" =~ ^[0-9]+$ ]] && [ "$ROUNDS" -ge 1 ] && [ "$ROUNDS" -le 10 ] || { echo "-r must be 1..10" >&2; exit 2; }
[[ "$LIMIT" =~ ^[0-9]+$ ]] && [ "$LIMIT" -ge 60 ] || { echo "--time-limit must be at least 60 seconds" >&2; exit 2; }
SEED=${SEED:-20241105}
RESULTS=${RESULTS:-$HERE/RESULTS.md}
DEADLINE=$(($(date +%s) + LIMIT))
LEG_LIMIT=600                           # seconds, any one command
die() { echo "mail.sh: $*" >&2; exit 2; }
remaining() { echo $((DEADLINE - $(date +%s))); }
# Runs a command with what is left of the time limit (at most CAP seconds when given as -c CAP).
bounded() {
  local cap=$LIMIT r
  [ "$1" = -c ] && { cap=$2; shift 2; }
  r=$(remaining)
  [ "$r" -gt 2 ] || die "time limit of $LIMIT s reached"
  [ "$r" -lt "$cap" ] || r=$cap
  timeout -k 5 "$r" "$@"
}

# 1. Tools: Dovecot (imapd; doveadm comes with it), curl, sqlite3, GNU time, setpriv when root.
need=()
[ -x /usr/sbin/dovecot ] && [ -x /usr/bin/doveadm ] || need+=(dovecot-imapd)
command -v curl >/dev/null 2>&1 || need+=(curl)
command -v sqlite3 >/dev/null 2>&1 || need+=(sqlite3)
command -v python3 >/dev/null 2>&1 || need+=(python3)
[ -x /usr/bin/time ] || need+=(time)
if [ "$(id -u)" = 0 ] && ! command -v setpriv >/dev/null 2>&1; then need+=(util-linux); fi
if [ ${#need[@]} -gt 0 ]; then
  log "installing ${need[*]}"
  SUDO=; [ "$(id -u)" = 0 ] || SUDO=sudo
  $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${need[@]}" ||
    { $SUDO apt-get update -qq && $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${need[@]}"; } ||
    die "could not install ${need[*]}"
fi
[ -x /usr/sbin/dovecot ] && [ -x /usr/bin/doveadm ] || die "dovecot-imapd is missing"
TIME=/usr/bin/time
[ -x "$TIME" ] || TIME="python3 $HERE/mail_report.py rusage"   # the same output, from wait4

# 2. Release build, with the flags of scripts/run.sh and the other benchmarks (the same .build, so
# nothing is rebuilt needlessly; SwiftPM waits while another build holds it).
if [ "$BUILD" = 1 ]; then
  log "swift build -c release --static-swift-stdlib --product hark"
  (cd "$ROOT" && bounded swift build -c release --static-swift-stdlib --product hark) || die "release build failed"
fi
[ -x "$ROOT/.build/release/hark" ] || die "no $ROOT/.build/release/hark (build it, or drop --no-build)"

WORK=$(mktemp -d "${TMPDIR:-/tmp}/hark-mail-bench.XXXXXX")
chmod 755 "$WORK"                       # Dovecot runs as nobody when we are root: it must traverse
OUT=$HERE/out/$(date -u +%Y%m%d-%H%M%S)-mail   # logs and JSON (bench/out is git-ignored)
mkdir -p "$OUT"
DOVECOT_PID=
stop_dovecot() {
  [ -n "$DOVECOT_PID" ] && kill -0 "$DOVECOT_PID" 2>/dev/null || return 0
  kill -TERM "$DOVECOT_PID" 2>/dev/null || true
  for _ in $(seq 50); do kill -0 "$DOVECOT_PID" 2>/dev/null || return 0; sleep 0.1; done
  kill -KILL "$DOVECOT_PID" 2>/dev/null || true
}
cleanup() {
  local rc=$?
  stop_dovecot
  [ -f "$WORK/dovecot/dovecot.log" ] && cp "$WORK/dovecot/dovecot.log" "$OUT/" 2>/dev/null
  if [ "${KEEP:-0}" = 1 ]; then echo "kept $WORK" >&2; else rm -rf "$WORK"; fi
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM
# The binary under test is copied: other builds may replace .build/release/hark during the run.
cp "$ROOT/.build/release/hark" "$WORK/hark"
HARK=$WORK/hark

# 3. The mailbox: N generated messages (deterministic), imported into INBOX with doveadm import
# (one process; Dovecot hardlinks the files from a source Maildir: about a second for 5,000).
log "generating $N messages (mail_generate.py, seed $SEED)"
bounded -c 600 python3 "$HERE/mail_generate.py" --seed "$SEED" "$N" "$WORK/corpus" > "$WORK/manifest.line" || die "mail_generate.py failed"
cp "$WORK/corpus/manifest.json" "$OUT/"

if [ "$(id -u)" = 0 ]; then
  getent passwd nobody >/dev/null || die "running as root, Dovecot needs the user nobody, which is missing"
  MUSER=nobody MUID=$(id -u nobody) MGID=$(id -g nobody) MGROUP=$(id -gn nobody)
  RUNAS=(setpriv "--reuid=$MUID" "--regid=$MGID" --clear-groups)
else
  MUSER=$(id -un) MUID=$(id -u) MGID=$(id -g) MGROUP=$(id -gn)
  RUNAS=()
fi
D=$WORK/dovecot
mkdir -p "$D/home/bench" "$D/src/Maildir/cur" "$D/src/Maildir/new" "$D/src/Maildir/tmp"
i=0
for f in "$WORK"/corpus/*.eml; do       # at most N files (the generator wrote exactly N)
  i=$((i + 1)); [ "$i" -le "$N" ] || break
  name=$(printf '%d.M%dP1.bench:2,' $((1700000000 + i)) "$i")   # same width: name order = message order
  ln "$f" "$D/src/Maildir/cur/$name" 2>/dev/null || cp -p "$f" "$D/src/Maildir/cur/$name"
done
[ "$i" = "$N" ] || die "the generator wrote $i messages, not $N"
PORT=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
PASS=$(od -An -N12 -tx1 /dev/urandom | tr -d ' \n')
printf '%s\n' "$PASS" > "$WORK/imap-password"; chmod 600 "$WORK/imap-password"
echo "bench:{PLAIN}$PASS:$MUID:$MGID::$D/home/bench" > "$D/passwd"
# The configuration of Sources/HarkTesting/Dovecot+Setup.swift, plain IMAP only (its syntax
# rejects one-line blocks, so each brace ends a line).
cat > "$D/dovecot.conf" <<EOF
base_dir = $D/run
state_dir = $D/state
log_path = $D/dovecot.log
info_log_path = $D/dovecot.log
protocols = imap
listen = 127.0.0.1
ssl = no
default_internal_user = $MUSER
default_internal_group = $MGROUP
default_login_user = $MUSER
first_valid_uid = $MUID
first_valid_gid = $MGID
mail_location = maildir:~/Maildir
mail_fsync = never
auth_mechanisms = plain login
disable_plaintext_auth = no
passdb {
  driver = passwd-file
  args = scheme=PLAIN username_format=%u $D/passwd
}
userdb {
  driver = passwd-file
  args = username_format=%u $D/passwd
}
protocol imap {
  mail_max_userip_connections = 50
}
service imap-login {
  chroot =
  inet_listener imap {
    address = 127.0.0.1
    port = $PORT
  }
  inet_listener imaps {
    port = 0
  }
}
service anvil {
  chroot =
}
service stats {
  chroot =
}
service auth {
  user = $MUSER
}
service auth-worker {
  user = $MUSER
}
EOF
: > "$D/dovecot.log"; : > "$D/stderr.log"
[ "$(id -u)" = 0 ] && chown -R "$MUID:$MGID" "$D"
doveadm_() { "${RUNAS[@]}" /usr/bin/doveadm -c "$D/dovecot.conf" "$@"; }

log "starting Dovecot $(/usr/sbin/dovecot --version | cut -d' ' -f1) on 127.0.0.1:$PORT as $MUSER"
"${RUNAS[@]}" /usr/sbin/dovecot -F -c "$D/dovecot.conf" >> "$D/stderr.log" 2>&1 < /dev/null &
DOVECOT_PID=$!                          # setpriv execs dovecot: this is the master's PID
# Ready when the port accepts and the auth service greets on auth-userdb (doveadm needs it; the
# master opens the IMAP port a few ms before the auth sockets). 10 s each at most, every 50 ms.
ready=0
for _ in $(seq 200); do
  kill -0 "$DOVECOT_PID" 2>/dev/null || die "dovecot exited at start: $(tail -c 2000 "$D/stderr.log" "$D/dovecot.log")"
  if (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null; then ready=1; break; fi
  sleep 0.05
done
[ "$ready" = 1 ] || die "dovecot did not listen on $PORT within 10 s: $(tail -c 2000 "$D/dovecot.log")"
auth_answers() {
  python3 - "$D/run/auth-userdb" <<'PY'
import socket, sys
s = socket.socket(socket.AF_UNIX)
s.settimeout(1)
try:
    s.connect(sys.argv[1])
    sys.exit(0 if s.recv(64).startswith(b"VERSION\t") else 1)
except OSError:
    sys.exit(1)
PY
}
ready=0
for _ in $(seq 200); do
  if auth_answers; then ready=1; break; fi
  sleep 0.05
done
[ "$ready" = 1 ] || die "dovecot's auth service did not answer on $D/run/auth-userdb within 10 s: $(tail -c 2000 "$D/dovecot.log")"

log "importing into INBOX (doveadm import from a Maildir)"
T0=$(date +%s%N)
if ! bounded -c 600 "${RUNAS[@]}" /usr/bin/doveadm -c "$D/dovecot.conf" import -u bench "maildir:$D/src/Maildir" "" all 2> "$WORK/import.err"; then
  grep -q 'auth-userdb' "$WORK/import.err" && sleep 1 &&
    bounded -c 600 "${RUNAS[@]}" /usr/bin/doveadm -c "$D/dovecot.conf" import -u bench "maildir:$D/src/Maildir" "" all ||
    die "doveadm import failed: $(cat "$WORK/import.err")"
fi
LOAD_S=$(( ($(date +%s%N) - T0) / 1000000 ))
STATUS=$(doveadm_ -f flow mailbox status -u bench "messages uidnext vsize" INBOX)
MSGS=$(sed -n 's/.*messages=\([0-9]*\).*/\1/p' <<< "$STATUS")
VSIZE=$(sed -n 's/.*vsize=\([0-9]*\).*/\1/p' <<< "$STATUS")
[ "$MSGS" = "$N" ] || die "INBOX holds $MSGS messages after the import, not $N ($STATUS)"
log "INBOX: $MSGS messages, $VSIZE bytes as served (CRLF), imported in ${LOAD_S} ms"

# 4. The legs.
export IMAP_HOST=127.0.0.1 IMAP_PORT=$PORT IMAP_USER=bench IMAP_PASS_FILE=$WORK/imap-password
{
  printf 'user = "bench:%s"\n' "$PASS"
  printf 'silent\nshow-error\n'
  printf 'write-out = "%%{stderr}%%{exitcode}\\n"\n'   # one line per URL on stderr: curl's result code
  for uid in $(seq 1 "$N"); do printf 'url = "imap://127.0.0.1:%s/INBOX/;UID=%d"\n' "$PORT" "$uid"; done
} > "$WORK/curl.conf"
chmod 600 "$WORK/curl.conf"

hark_config() { # DIR: a fresh store and the IMAP source (the keys of the mail source, issue 4)
  mkdir -p "$1"
  cp "$WORK/imap-password" "$1/imap-bench"
  cat > "$1/hark.yaml" <<EOF
# Written by bench/mail.sh for one measured run of \`hark poll bench\`.
storage:
  sqlite: { path: "$1/hark.sqlite", synchronous: "full" }
network:
  allow_cidrs: ["127.0.0.1/32"]
api:
  tokens: []
brands:
  - { name: "Nordlys Energi", aliases: ["Nordlys"] }
sources:
  - { id: "bench", kind: "imap", url: "imap://127.0.0.1:$PORT/INBOX", username: "bench", password_file: "imap-bench", tls: "none" }
logging:
  level: "info"
EOF
}

RESULTS_JSONL=$WORK/results.jsonl
: > "$RESULTS_JSONL"
LEGS=(imaplib+email imaplib-fetch curl hark)
# run_leg LEG ROUND: runs one leg once, checks it, appends one JSON line.
run_leg() {
  local leg=$1 round=$2 dir=$WORK/runs/$1-$2 rc t0 t1 before stdout stderr
  mkdir -p "$dir"
  stdout=$dir/stdout stderr=$dir/stderr
  before=$(wc -l < "$D/dovecot.log")
  local cmd=()
  case $leg in
    imaplib+email) cmd=(python3 "$HERE/mail_imaplib.py" --expect "$N");;
    imaplib-fetch) cmd=(python3 "$HERE/mail_imaplib.py" --noparse --expect "$N");;
    curl) cmd=(curl -K "$WORK/curl.conf"); stdout=$WORK/curl.out;;
    hark) hark_config "$dir"; cmd=(${HARK_WRAP:-} "$HARK" poll --config "$dir/hark.yaml" bench);;
  esac
  local cap; cap=$(remaining)
  [ "$cap" -gt 2 ] || die "time limit of $LIMIT s reached"
  [ "$cap" -lt "$LEG_LIMIT" ] || cap=$LEG_LIMIT
  t0=$(date +%s%N)
  set +e
  # GNU time outside, timeout inside: a command over its time is killed and still reported (124).
  (cd "$dir" && export CREDENTIALS_DIRECTORY=$dir &&
    $TIME -f '%e %M %U %S' -o "$dir/time" timeout -k 5 "$cap" "${cmd[@]}" > "$stdout" 2> "$stderr")
  rc=$?
  set -e
  t1=$(date +%s%N)
  # Dovecot logs the session (and what it sent) when the client is gone: wait up to 3 s for it.
  local logins=0 closed=0
  for _ in $(seq 60); do
    logins=$(tail -n +$((before + 1)) "$D/dovecot.log" | grep -c 'imap-login: Info: Login:' || true)
    closed=$(tail -n +$((before + 1)) "$D/dovecot.log" | grep -c 'Disconnected.*body_count=' || true)
    [ "$closed" -ge "$logins" ] && break
    sleep 0.05
  done
  local served
  served=$(tail -n +$((before + 1)) "$D/dovecot.log" | sed -n 's/.*body_count=\([0-9]*\) body_bytes=\([0-9]*\).*/\1 \2/p' |
    awk '{c += $1; b += $2} END {printf "%d %d", c, b}')
  local check="" mentions=""
  case $leg in
    imaplib*) check=$(tail -1 "$stderr");;
    curl) check="urls_ok=$(grep -c '^0$' "$stderr" || true) urls=$(grep -c '^[0-9]*$' "$stderr" || true) out_bytes=$(stat -c %s "$stdout")";;
    hark)
      if [ -f "$dir/hark.sqlite" ]; then
        mentions=$(sqlite3 "$dir/hark.sqlite" 'select count(*) from mentions' 2>/dev/null || echo "")
      fi
      check="mentions=${mentions:-none}"
      cp "$stderr" "$OUT/hark-$round.stderr"; cp "$stdout" "$OUT/hark-$round.stdout";;
  esac
  python3 "$HERE/mail_report.py" add "$RESULTS_JSONL" leg="$leg" round="$round" rc="$rc" \
    wall_ns=$((t1 - t0)) time="$(tail -1 "$dir/time" 2>/dev/null || true)" logins="$logins" \
    served="$served" check="$check" mentions="$mentions" stderr_tail="$(tail -c 500 "$stderr" | tr '\n' ' ')"
  [ "$leg" = hark ] || rm -rf "$dir"
  [ "$leg" = curl ] && rm -f "$WORK/curl.out"
  [ "$leg" = hark ] && rm -f "$dir/hark.sqlite" "$dir/hark.sqlite-wal" "$dir/hark.sqlite-shm"
  return 0
}

# Quiet machine: wait (up to 20 minutes) while other Swift builds or tests run; 2 CPUs only.
busy_procs() { # PIDs of other Swift builds, tests and fuzzers, zombies left out (they use no CPU)
  local p
  for p in $(pgrep -f -- '(swift-build|swift-frontend|swift-test|swift-driver|\.xctest|hark-fuzz-)' || true); do
    case $(ps -o stat= -p "$p" 2>/dev/null) in Z*|'') ;; *) echo "$p";; esac
  done
}
if [ "$WAIT" = 1 ]; then
  for i in $(seq 240); do
    [ -z "$(busy_procs)" ] && break
    [ "$(remaining)" -gt 300 ] || break
    [ "$i" = 1 ] && log "waiting for other Swift builds/tests to finish (--no-wait to skip): $(busy_procs | tr '\n' ' ')"
    sleep 5
  done
  [ -z "$(busy_procs)" ] || echo "note: other Swift processes still running; measuring anyway" >&2
fi

LOAD0=$(cut -d' ' -f1-3 /proc/loadavg)
for round in $(seq 0 "$ROUNDS"); do
  [ "$round" = 0 ] && log "warm-up round" || log "round $round of $ROUNDS"
  for leg in "${LEGS[@]}"; do
    run_leg "$leg" "$round"
    python3 "$HERE/mail_report.py" last "$RESULTS_JSONL" --messages "$N" --bytes "$VSIZE" --manifest "$WORK/corpus/manifest.json"
  done
done
LOAD1=$(cut -d' ' -f1-3 /proc/loadavg)
cp "$RESULTS_JSONL" "$OUT/results.jsonl"

# 5. Report.
MEM=$(awk '/MemTotal/ {printf "%.1f GiB", $2 / 1048576}' /proc/meminfo)
CPU=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1)
REV=$(cd "$ROOT" && git rev-parse --short HEAD 2>/dev/null || echo "?")
DIRTY=$(cd "$ROOT" && git --no-optional-locks status --porcelain 2>/dev/null | grep -vc '^.. bench/' || true)
SUM=$(sha256sum "$HARK" | cut -c1-12)
REC=(); [ "$RECORD" = 1 ] && REC=(--results-md "$RESULTS")
set +e
python3 "$HERE/mail_report.py" report "$RESULTS_JSONL" --messages "$N" --bytes "$VSIZE" \
  --manifest "$WORK/corpus/manifest.json" "${REC[@]}" --command "bench/mail.sh${ARGS:+ $ARGS}" \
  --info "machine=$(nproc) CPUs ($CPU), $MEM RAM, $(uname -sr), $(. /etc/os-release && echo "$PRETTY_NAME")" \
  --info "hark=commit $REV ($DIRTY changed files outside bench/ in the tree), release build (--static-swift-stdlib), binary sha256 $SUM" \
  --info "server=Dovecot $(/usr/sbin/dovecot --version) on 127.0.0.1, plain IMAP, Maildir, as $MUSER; INBOX filled by doveadm import in ${LOAD_S} ms" \
  --info "peers=Python $(python3 -c 'import platform; print(platform.python_version())') imaplib + email (policy.default); $(curl --version | head -1 | cut -d' ' -f1-2); sqlite3 $(sqlite3 --version | cut -d' ' -f1)" \
  --info "legs=each once as a warm-up, then $ROUNDS interleaved rounds (imaplib+email, imaplib-fetch, curl, hark); wall time of the whole command; peak RSS = GNU time %M" \
  --info "load average at start / end of the rounds=$LOAD0 / $LOAD1" \
  --info "logs=bench/out/$(basename "$OUT")/"
RC=$?
set -e
exit "$RC"
