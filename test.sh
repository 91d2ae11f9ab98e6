#!/usr/bin/env bash
# Every test: Rust unit and integration tests, then the end-to-end suites that drive a real
# coordinator with the official Trino Python client and check answers against DuckDB, then
# 10 minutes of fuzzing the parser and planner (FUZZ_SECONDS changes that).
set -euo pipefail
cd "$(dirname "$0")"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/trino-rs/target}"
cargo test --workspace
tests/run-e2e.sh
tests/fuzz/run.sh
