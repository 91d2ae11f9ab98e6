#!/usr/bin/env bash
# End-to-end tests: build the coordinator, set up the Python venv, run tests/e2e with pytest,
# then the official Python client's integration tests (tests/upstream).
#
# Usage: tests/run-e2e.sh [PYTEST_ARGS...]     (arguments go to the tests/e2e pytest run)
# Env:   CARGO_TARGET_DIR        default: the project's ~/.cache/trino-rs/target
#        COORDINATOR_BIN         default: $CARGO_TARGET_DIR/debug/coordinator
#        SKIP_UPSTREAM_TESTS=1   do not run tests/upstream
#        REQUIRE_UPSTREAM_TESTS=1  fail when the upstream tests are unavailable
#
# Exits non-zero if anything failed; pytest's "no tests collected" (exit 5) is a failure.
# Servers are started by the pytest fixture / the upstream runner and always stopped by them.
set -uo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo_root"
log() { echo "[run-e2e] $*" >&2; }

export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/trino-rs/target}"
log "cargo build --workspace (CARGO_TARGET_DIR=$CARGO_TARGET_DIR)"
if ! cargo build --workspace; then
    log "build failed"
    exit 1
fi
export COORDINATOR_BIN="${COORDINATOR_BIN:-$CARGO_TARGET_DIR/debug/coordinator}"

if ! venv="$(tests/infra/python-env.sh)"; then
    log "python environment setup failed"
    exit 1
fi

status=0
# The official client's own tests first, so the e2e summary is the last line printed.
if [[ "${SKIP_UPSTREAM_TESTS:-0}" == 1 ]]; then
    log "upstream Python client tests skipped (SKIP_UPSTREAM_TESTS=1)"
else
    tests/upstream/run-python-client-tests.sh
    rc=$?
    case $rc in
        0) ;;
        3)
            log "NOTICE: upstream Python client tests were NOT run (see the message above)."
            if [[ "${REQUIRE_UPSTREAM_TESTS:-0}" == 1 ]]; then status=1; fi
            ;;
        *) log "upstream Python client tests failed (exit $rc)"; status=1 ;;
    esac
fi

# The official Node client (npm trino-client), run for real.
if ! tests/node/run.sh; then
    log "Node client tests failed"
    status=1
fi

"$venv/bin/python" -m pytest tests/e2e "$@"
rc=$?
case $rc in
    0) ;;
    5) log "tests/e2e: no tests were collected (counted as a failure)"; status=1 ;;
    *) log "tests/e2e: pytest exited with $rc"; status=1 ;;
esac

exit $status
