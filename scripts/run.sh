#!/usr/bin/env bash
# Builds Hark and runs the daemon with config/hark.yaml on the embedded SQLite store
# (var/hark.sqlite), creating development credentials under .hark-dev/credentials once.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup-deps.sh run
swift build -c release --static-swift-stdlib --product hark
export CREDENTIALS_DIRECTORY
CREDENTIALS_DIRECTORY=$(cd "$(scripts/dev-credentials.sh .hark-dev/credentials)" && pwd)
echo "development credentials in $CREDENTIALS_DIRECTORY (admin API token: api-ops)" >&2
exec .build/release/hark serve --config config/hark.yaml
