# Shared by the bench scripts (sourced, never run): logging, stopping what a script started, and
# setting up the binary under test.

log() { printf '== %s\n' "$*"; }

# stop_pid PID SIGNAL SECONDS: sends SIGNAL, waits up to SECONDS for PID to end, then kills it.
stop_pid() {
  [ -n "$1" ] && kill -0 "$1" 2>/dev/null || return 0
  kill "-$2" "$1" 2>/dev/null || true
  for _ in $(seq $(($3 * 10))); do kill -0 "$1" 2>/dev/null || return 0; sleep 0.1; done
  kill -KILL "$1" 2>/dev/null || true
}

# prepare_hark WORK: copies the release binary to WORK/hark (other builds may replace
# .build/release/hark during a run) and writes a fresh webhook secret to
# WORK/credentials/webhook-bench.
prepare_hark() {
  cp "$ROOT/.build/release/hark" "$1/hark"
  mkdir -m 700 "$1/credentials"
  (umask 077; head -c 32 /dev/urandom | base64 | tr -d '/+=\n' > "$1/credentials/webhook-bench"; echo >> "$1/credentials/webhook-bench")
}
