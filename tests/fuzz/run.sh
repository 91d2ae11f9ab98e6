#!/usr/bin/env bash
# Fuzzes the parser and planner: builds the cargo-fuzz target fuzz/plan_sql (libFuzzer,
# stable toolchain with RUSTC_BOOTSTRAP=1, no sanitizer), seeds it with every statement of
# tests/sql and the TPC-H/TPC-DS queries (tests/fuzz/seed_corpus.py), and runs it for
# FUZZ_SECONDS with the Trino dictionary fuzz/trino.dict. Every input must end in a plan or a
# Trino error; a panic, abort, hang (> 10 s for one input) or memory blow-up (> 4 GB) fails
# the run, and libFuzzer leaves the input under fuzz/artifacts/plan_sql/.
#
# Usage: tests/fuzz/run.sh
# Env:   FUZZ_SECONDS      how long to fuzz (default 600)
#        FUZZ_TARGET_DIR   cargo target directory of the instrumented build (default
#                          ~/.cache/trino-rs/target-fuzz: its own, since instrumented builds
#                          share nothing with the debug ones, and kept between runs)
#        FUZZ_TOOLS        where cargo-fuzz is installed if missing (~/.cache/trino-rs/tools)
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$repo_root"
log() { echo "[fuzz] $*" >&2; }

seconds="${FUZZ_SECONDS:-600}"
tools="${FUZZ_TOOLS:-$HOME/.cache/trino-rs/tools}"
export CARGO_TARGET_DIR="${FUZZ_TARGET_DIR:-$HOME/.cache/trino-rs/target-fuzz}"
export PATH="$tools/bin:$PATH"
# cargo-fuzz passes a few -Z flags; the stable compiler accepts them with this.
export RUSTC_BOOTSTRAP=1

if ! cargo fuzz --version >/dev/null 2>&1; then
    log "installing cargo-fuzz into $tools"
    cargo install cargo-fuzz --locked --root "$tools"
fi

# Overflow checks and debug assertions on, as in the debug builds the other tests run.
build_options=(--sanitizer none --debug-assertions)
log "building the fuzz target (cargo fuzz build ${build_options[*]})"
started=$(date +%s)
cargo fuzz build "${build_options[@]}" plan_sql
log "built in $(($(date +%s) - started)) s"

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
python="python3"
if [[ -x .venv/bin/python ]]; then
    python=.venv/bin/python   # has DuckDB's tpcds extension when the e2e suite ran
fi
seeds="$("$python" tests/fuzz/seed_corpus.py "$work/corpus")"
log "seed corpus: $seeds statements; fuzzing for $seconds s"

# cargo-fuzz writes crashing inputs to fuzz/artifacts/plan_sql/.
artifacts="fuzz/artifacts/plan_sql"
status=0
cargo fuzz run "${build_options[@]}" plan_sql "$work/corpus" -- \
    -dict=fuzz/trino.dict \
    -max_total_time="$seconds" \
    -timeout=10 \
    -rss_limit_mb=4096 \
    -max_len=4096 \
    -print_final_stats=1 || status=$?
if [[ $status -ne 0 ]]; then
    log "FAILED: the fuzz target crashed (exit $status); reproduce with"
    log "  RUSTC_BOOTSTRAP=1 cargo fuzz run ${build_options[*]} plan_sql $artifacts/<crash file>"
    exit 1
fi
log "no crash in $seconds s"
