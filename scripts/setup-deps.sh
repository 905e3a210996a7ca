#!/usr/bin/env bash
# Installs the Debian packages Hark builds and tests with, only those that are missing.
# usage: scripts/setup-deps.sh run|test
set -euo pipefail
need=(libsqlite3-dev sqlite3 gzip libcurl4-openssl-dev libxml2-dev pkg-config)
if [ "${1:-run}" = test ]; then
    need+=(systemd python3 brotli zstd openssl ca-certificates dovecot-imapd chromium chromium-driver python3-venv postgresql)
fi
missing=()
for pkg in "${need[@]}"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
if [ ${#missing[@]} -gt 0 ]; then
    echo "installing: ${missing[*]}" >&2
    sudo_cmd=()
    [ "$(id -u)" = 0 ] || sudo_cmd=(sudo)
    export DEBIAN_FRONTEND=noninteractive
    "${sudo_cmd[@]}" apt-get update -qq </dev/null
    "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" </dev/null
fi
command -v swift >/dev/null || { echo "swift 6.3 is not on PATH (expected /opt/swift/usr/bin)" >&2; exit 1; }
