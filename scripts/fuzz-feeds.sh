#!/usr/bin/env bash
# The feed parser's fuzzing under its first name: scripts/fuzz.sh feeds (see its --help).
exec "$(dirname "$0")/fuzz.sh" feeds "$@"
