#!/usr/bin/env bash
# Installs what the tests need, builds everything and runs the whole test suite.
# The suite's output is kept in .build/test-output.log; when a test fails, the
# failures are listed again at the end so they are the last thing printed.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup-deps.sh test
swift build --build-tests
# The PostgreSQL suites run against a throwaway cluster, removed when the run ends.
pgdir=$(mktemp -d /tmp/hark-test-pg.XXXXXX)
trap 'scripts/postgres-test-server.sh stop "$pgdir"' EXIT
HARK_TEST_POSTGRES_URL=$(scripts/postgres-test-server.sh start "$pgdir")
export HARK_TEST_POSTGRES_URL
# The cluster's own CA, for the TLS tests (verify-full).
[ -f "$pgdir/ca.pem" ] && export HARK_TEST_POSTGRES_CA="$pgdir/ca.pem"
log=.build/test-output.log
status=0
swift test --skip-build 2>&1 | tee "$log" || status=$?
if [ "$status" -ne 0 ]; then
    echo
    echo "== the test suite failed (exit $status); failures:"
    grep -E '✘|error:|Fatal error|Test .* failed|Issue recorded' "$log" | grep -v ' passed' | head -100 || true
fi
exit "$status"
