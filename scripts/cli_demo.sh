#!/usr/bin/env bash
# `make demo`'s CLI step: one delegation done by an operator with build/bin/tenuo alone.
# Usage: cli_demo.sh PATH/TO/tenuo
set -euo pipefail
tenuo=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
dir=$(mktemp -d); trap 'rm -rf "$dir"' EXIT
cd "$dir"
run() { echo "\$ tenuo $(printf "%q " "$@")"; "$tenuo" "$@"; }
now=1704067200   # pinned, so the demo prints the same every time (except fresh keys and ids)
"$tenuo" keygen --out root.key > root.pub
"$tenuo" keygen --out agent.key > agent.pub
echo "(keys: root.key/root.pub, agent.key/agent.pub from 'tenuo keygen')"
echo "\$ tenuo mint --key root.key --holder agent.pub --tool read_file --constraint 'read_file.path=pattern:/data/*' --ttl 1h --now $now > w.b64"
"$tenuo" mint --key root.key --holder agent.pub --tool read_file --constraint 'read_file.path=pattern:/data/*' \
    --ttl 1h --now $now > w.b64
run inspect w.b64 --now $((now + 60))
echo
run authorize w.b64 --root root.pub --tool read_file --args '{"path": "/data/q1.csv"}' --key agent.key --now $((now + 60))
echo
set +e
run authorize w.b64 --root root.pub --tool read_file --args '{"path": "/etc/passwd"}' --key agent.key --now $((now + 60))
echo "(exit code $?: denied)"
