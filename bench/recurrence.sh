#!/usr/bin/env bash
# Recurrence benchmark (issue 7): clustering N mentions from scratch (fingerprints on every core,
# then one pass in time order) and the similarity lookup of a new complaint against the index
# kept in the SQLite store (band-key query, candidates' fingerprints compared), release build.
# Targets: clustering 100,000 in under 10 s; a lookup among 1,000,000 in under 5 ms (p99).
#
# usage: bench/recurrence.sh [-n CLUSTER_N] [-l LOOKUP_N] [-p PROBES] [--no-build] [--record]
#   -n CLUSTER_N  mentions clustered from scratch (default 100000)
#   -l LOOKUP_N   mentions in the store the lookup runs against (default 1000000)
#   -p PROBES     timed lookups (default 2000)
# exit: 0 every target is met, 1 one is missed, 2 set-up failure.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/.." && pwd)
ARGS="$*"
N=100000 L=1000000 PROBES=2000 BUILD=1 RECORD=0
while [ $# -gt 0 ]; do
  case $1 in
    -n) N=$2; shift 2;;
    -l) L=$2; shift 2;;
    -p) PROBES=$2; shift 2;;
    --no-build) BUILD=0; shift;;
    --record) RECORD=1; shift;;
    *) echo "usage: bench/recurrence.sh [-n N] [-l N] [-p PROBES] [--no-build] [--record]" >&2; exit 2;;
  esac
done
RESULTS=${RESULTS:-$HERE/RESULTS.md}
if [ "$BUILD" = 1 ]; then
  (cd "$ROOT" && swift build -c release --product hark >/dev/null) || { echo "bench/recurrence.sh: build failed" >&2; exit 2; }
fi
HARK=$ROOT/.build/release/hark
[ -x "$HARK" ] || { echo "bench/recurrence.sh: $HARK is missing (build first)" >&2; exit 2; }
WORK=$(mktemp -d /tmp/hark-recurrence-bench.XXXXXX)
trap 'rm -rf "$WORK"' EXIT
SHARED=$ROOT/../shared/data/mentions-dev.jsonl
FIX=$ROOT/Tests/HarkTests/Fixtures/assessment

# A store of $2 mentions in directory $1 (created and migrated by the daemon, then seeded).
make_store() {
  local dir=$1 count=$2
  mkdir -p "$dir"
  local port
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()')
  cat > "$dir/hark.yaml" <<YAML
server: { listen: "127.0.0.1:$port" }
storage: { sqlite: "$dir/hark.sqlite" }
sources: [{ id: "forms", kind: "webhook", scheme: "none" }]
YAML
  "$HARK" serve --config "$dir/hark.yaml" > "$dir/serve.log" 2>&1 &
  local pid=$!
  for _ in $(seq 1 200); do
    curl -fsS "http://127.0.0.1:$port/healthz" >/dev/null 2>&1 && break
    sleep 0.1
  done
  kill "$pid"; wait "$pid" 2>/dev/null || true
  python3 "$HERE/inbox_seed.py" "$dir/hark.sqlite" "$count" "$SHARED" "$FIX/heldout.jsonl" "$FIX/validation.jsonl" \
    "$FIX/test.jsonl" "$FIX/mentions.jsonl" >/dev/null || exit 2
}

make_store "$WORK/cluster" "$N"
CLUSTER=$("$HARK" recurrence rebuild --config "$WORK/cluster/hark.yaml" --probe "$PROBES")
make_store "$WORK/lookup" "$L"
LOOKUP=$("$HARK" recurrence rebuild --config "$WORK/lookup/hark.yaml" --probe "$PROBES")

REPORT=$(python3 - "$CLUSTER" "$LOOKUP" "$N" "$L" <<'PY'
import json, sys
c, l, n, big = json.loads(sys.argv[1]), json.loads(sys.argv[2]), sys.argv[3], sys.argv[4]
cluster = c["fingerprint_seconds"] + c["cluster_seconds"]
p99 = l["probe"]["p99_ms"]
ok = cluster < 10 and p99 < 5
def row(name, r):
    return (f"| {name} | {r['mentions']} | {r['complaints_in_issues']} | {r['issues']} | {r['customers']} | "
            f"{r['fingerprint_seconds']:.2f} | {r['cluster_seconds']:.2f} | {r['write_seconds']:.1f} | "
            f"{r['probe']['p50_ms']} / {r['probe']['p95_ms']} / {r['probe']['p99_ms']} |")
print("| store | mentions | complaints in issues | issues | customers | fingerprints s | clustering s | writing s | lookup p50 / p95 / p99 ms |")
print("|---|---:|---:|---:|---:|---:|---:|---:|---|")
print(row(f"{n}", c))
print(row(f"{big}", l))
print()
print(f"Clustering {n} from scratch: {cluster:.2f} s (target < 10 s): {'PASS' if cluster < 10 else 'FAIL'}. "
      f"Lookup among {big}: p99 {p99} ms (target < 5 ms): {'PASS' if p99 < 5 else 'FAIL'}.")
print("OK" if ok else "MISSED")
PY
)
echo "$REPORT" | sed '$d'
STATUS=$(echo "$REPORT" | tail -1)
if [ "$RECORD" = 1 ]; then
  {
    echo
    echo "## $(date -u '+%Y-%m-%d %H:%M UTC') — recurrence (bench/recurrence.sh)"
    echo
    echo "Command: \`bench/recurrence.sh $ARGS\` — release build, SQLite stores seeded with $N and $L mentions (texts"
    echo "from the labelled sets, as bench/inbox.sh), then \`hark recurrence rebuild --probe $PROBES\`: fingerprints on"
    echo "every core, one clustering pass in time order (in memory), the decisions written to the store, then"
    echo "$PROBES lookups of stored complaints as the engine makes them (fingerprint, band-key query, candidates"
    echo "compared). Machine: $(nproc) CPUs, $(uname -sr)."
    echo
    echo "$REPORT" | sed '$d'
  } >> "$RESULTS"
  echo "recorded in $RESULTS"
fi
[ "$STATUS" = OK ]
