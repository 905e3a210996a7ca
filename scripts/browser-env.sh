#!/usr/bin/env bash
# Prepares the Python environment the tests' Python helpers run in: a venv at .build/browser-venv
# with Selenium (the browser test, Tests/browser/inbox_flow.py) and aiosmtpd (the SMTP sink,
# Tests/smtp/sink.py) from PyPI. Creates it once; afterwards it only checks it.
# Prints the venv's python on stdout; everything else goes to stderr.
# usage: scripts/browser-env.sh
set -euo pipefail
cd "$(dirname "$0")/.."
venv="$PWD/.build/browser-venv"
python="$venv/bin/python"

fail() { echo "browser-env: $*" >&2; exit 1; }
ready() { [ -x "$python" ] && "$python" -c 'import selenium, aiosmtpd' 2>/dev/null; }

# Fast path: already set up.
if ready; then
    echo "$python"
    exit 0
fi

command -v python3 >/dev/null || fail "python3 is not installed (scripts/setup-deps.sh test installs it)"
mkdir -p "$PWD/.build"
# A lock, so two tests running at once do not build the venv over each other.
exec 9>"$PWD/.build/browser-venv.lock"
if command -v flock >/dev/null; then
    flock -w 300 9 || fail "timed out waiting for another browser-env.sh"
fi
if ready; then
    echo "$python"
    exit 0
fi

if [ ! -x "$python" ] || ! "$python" -m pip --version >/dev/null 2>&1; then
    rm -rf "$venv"
    python3 -m venv "$venv" >&2 \
        || fail "could not create the venv at $venv (is python3-venv installed? scripts/setup-deps.sh test installs it)"
fi
if ! "$python" -m pip install --quiet --disable-pip-version-check --timeout 30 --retries 2 \
    'selenium>=4.10,<5' 'aiosmtpd>=1.4,<2' >&2; then
    fail "could not install selenium and aiosmtpd into $venv with pip (is PyPI reachable?)"
fi
ready || fail "selenium or aiosmtpd does not import in $venv after installing them"
echo "$python"
