#!/usr/bin/env bash
# The main job on the embedded default: builds the coordinator and serves Trino's protocol
# on localhost:8080 with the catalogs of etc/ (tpch, memory). Connect DBeaver, the Trino CLI
# or the Python client to http://localhost:8080.
set -euo pipefail
cd "$(dirname "$0")"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/trino-rs/target}"
cargo build --release -p coordinator
exec "$CARGO_TARGET_DIR/release/coordinator" --etc-dir etc "$@"
