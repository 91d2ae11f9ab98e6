#!/usr/bin/env bash
# Runs the official Trino Node client's checks (client.test.mjs) against a coordinator that
# this script starts (through tests/e2e/server.py) and always stops.
# Needs: node and npm (the machine image has them), the Python venv of tests/infra.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo_root="$(cd "$here/../.." && pwd)"
venv="$("$repo_root/tests/infra/python-env.sh")"

cd "$here"
if [[ ! -d node_modules/trino-client ]]; then
    npm install --no-audit --no-fund --no-package-lock --loglevel=error
fi

workdir="$(mktemp -d)"
port_file="$workdir/port"
PYTHONPATH="$repo_root/tests/e2e" "$venv/bin/python" -m server --workdir "$workdir" --port-file "$port_file" &
server_pid=$!
trap 'kill "$server_pid" 2>/dev/null; wait "$server_pid" 2>/dev/null; rm -rf "$workdir"' EXIT
for _ in $(seq 1 600); do
    [[ -s "$port_file" ]] && break
    kill -0 "$server_pid" 2>/dev/null || { echo "coordinator failed to start" >&2; exit 1; }
    sleep 0.1
done
[[ -s "$port_file" ]] || { echo "coordinator not ready" >&2; exit 1; }

TRINO_URL="http://127.0.0.1:$(cat "$port_file")" node --test --test-reporter=spec client.test.mjs
