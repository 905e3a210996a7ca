#!/usr/bin/env bash
# The mail parsers' fuzzing under its first name: scripts/fuzz.sh mime|imap (see its --help).
exec "$(dirname "$0")/fuzz.sh" "$@"
