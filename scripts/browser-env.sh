#!/usr/bin/env bash
# Prepares the Python environment the browser test (Tests/browser/inbox_flow.py) runs in: a venv
# at .build/browser-venv with Selenium from PyPI. Creates it once; afterwards it only checks it.
# Prints the venv's python on stdout; everything else goes to stderr.
# usage: scripts/browser-env.sh
set -euo pipefail
cd "$(dirname "$0")/.."
venv="$PWD/.build/browser-venv"
python="$venv/bin/python"

fail() { echo "browser-env: $*" >&2; exit 1; }

# Fast path: already set up.
if [ -x "$python" ] && "$python" -c 'import selenium' 2>/dev/null; then
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
if [ -x "$python" ] && "$python" -c 'import selenium' 2>/dev/null; then
    echo "$python"
    exit 0
fi

if [ ! -x "$python" ] || ! "$python" -m pip --version >/dev/null 2>&1; then
    rm -rf "$venv"
    python3 -m venv "$venv" >&2 \
        || fail "could not create the venv at $venv (is python3-venv installed? scripts/setup-deps.sh test installs it)"
fi
if ! "$python" -m pip install --quiet --disable-pip-version-check --timeout 30 --retries 2 'selenium>=4.10,<5' >&2; then
    fail "could not install selenium into $venv with pip (is PyPI reachable?)"
fi
"$python" -c 'import selenium' 2>/dev/null || fail "selenium does not import in $venv after installing it"
echo "$python"
