#!/usr/bin/env bash
# Creates development credentials for config/hark.yaml under .hark-dev/credentials (once).
# Production uses systemd's LoadCredential= instead (see systemd/INSTALL.md).
set -euo pipefail
dir=${1:-.hark-dev/credentials}
mkdir -p "$dir"
chmod 700 "$dir"
make_secret() { # name value
    [ -s "$dir/$1" ] || { umask 077; printf '%s\n' "$2" >"$dir/$1"; }
}
rand() { head -c 24 /dev/urandom | base64 | tr -d '/+=' ; }
make_secret api-ops "hark_$(rand)"
make_secret api-support "hark_$(rand)"
make_secret api-marketing "hark_$(rand)"
make_secret webhook-forms "whsec_$(head -c 24 /dev/urandom | base64)"
make_secret webhook-github "$(rand)"
make_secret webhook-reviews "$(rand)"
echo "$dir"
