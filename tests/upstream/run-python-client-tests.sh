#!/usr/bin/env bash
# Runs the official Python client's own integration tests (trino-python-client
# tests/integration: all of test_types_integration.py and test_dbapi_integration.py, minus
# tests/upstream/exclusions.txt) against a coordinator started for the purpose.
#
# Where the tests come from, in order:
#   1. the sdist of the pinned `trino` version (pip download --no-binary :all:), if it carries
#      tests/integration -- trino 0.340.0's sdist does NOT (checked: it holds only trino/);
#   2. $TRINO_PYTHON_CLIENT_TESTS: a checkout of trinodb/trino-python-client (a directory with
#      tests/integration) or its git directory (HEAD is used). Nothing of it is committed; the
#      copy lives under <repo>/.cache/ (gitignored).
# If neither is available the script prints why and exits 3 ("not run"), which
# tests/run-e2e.sh reports (and turns into a failure when REQUIRE_UPSTREAM_TESTS=1).
#
# Exit codes: 0 all passed; 1 failures (incl. pytest exit 5 = no tests); 2 setup error;
#             3 upstream tests unavailable.
# Env: COORDINATOR_BIN / CARGO_TARGET_DIR (see tests/e2e/server.py), TRINO_PYTHON_CLIENT_TESTS.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo_root="$(cd "$here/../.." && pwd)"
log() { echo "[upstream] $*" >&2; }

venv="$("$repo_root/tests/infra/python-env.sh")"
py="$venv/bin/python"
version="$(sed -n 's/^trino\[sqlalchemy\]==\([^ ]*\).*/\1/p' "$repo_root/tests/requirements.txt")"
[[ -n "$version" ]] || { log "cannot find the trino pin in tests/requirements.txt"; exit 2; }

cache="$repo_root/.cache/upstream/trino-python-client"
suite="$cache/suite"
mkdir -p "$cache"

# --- 1. get the tests ---------------------------------------------------------------------
sdist="$cache/trino-$version.tar.gz"
if [[ ! -f "$sdist" ]]; then
    log "downloading the sdist of trino==$version"
    "$py" -m pip download --quiet --disable-pip-version-check --no-deps --no-binary :all: \
        "trino==$version" -d "$cache"
fi
rm -rf "$suite"
mkdir -p "$suite"
if tar tzf "$sdist" | grep -qx "trino-$version/tests/integration/test_types_integration.py"; then
    log "using tests/ from the sdist of trino==$version"
    tar xzf "$sdist" -C "$suite" --strip-components=1 "trino-$version/tests"
elif [[ -n "${TRINO_PYTHON_CLIENT_TESTS:-}" ]]; then
    source_dir="$TRINO_PYTHON_CLIENT_TESTS"
    if [[ -d "$source_dir/tests/integration" ]]; then
        log "using tests/ from the checkout $source_dir"
        cp -r "$source_dir/tests" "$suite/tests"
    elif git --git-dir="$source_dir" rev-parse --verify -q HEAD >/dev/null; then
        log "using tests/ from git $source_dir at $(git --git-dir="$source_dir" rev-parse --short HEAD)"
        git --git-dir="$source_dir" archive HEAD tests | tar x -C "$suite"
    else
        log "TRINO_PYTHON_CLIENT_TESTS=$source_dir is neither a checkout nor a git directory"
        exit 2
    fi
else
    log "UPSTREAM PYTHON CLIENT TESTS NOT RUN: the sdist of trino==$version has no tests/ "
    log "(it only ships the trino package), and TRINO_PYTHON_CLIENT_TESTS is not set to a"
    log "checkout or git directory of trinodb/trino-python-client."
    exit 3
fi
for needed in tests/__init__.py tests/development_server.py tests/integration/conftest.py \
              tests/integration/test_types_integration.py tests/integration/test_dbapi_integration.py; do
    [[ -f "$suite/$needed" ]] || { log "upstream tests lack $needed"; exit 2; }
done
# Our own ini, so that no configuration of an enclosing directory applies.
printf '[pytest]\ntimeout = 300\n' >"$suite/pytest.ini"

# --- 2. start a coordinator -----------------------------------------------------------------
work="$cache/server"
rm -rf "$work"
mkdir -p "$work"
server_pid=""
stop_server() {
    if [[ -n "$server_pid" ]] && kill -0 "$server_pid" 2>/dev/null; then
        kill -TERM "$server_pid" 2>/dev/null || true
        for _ in $(seq 1 150); do kill -0 "$server_pid" 2>/dev/null || break; sleep 0.1; done
        kill -KILL "$server_pid" 2>/dev/null || true
        wait "$server_pid" 2>/dev/null || true
    fi
}
show_server_log() {
    for f in "$work"/run*/coordinator.log; do
        [[ -f "$f" ]] && { log "--- tail of $f ---"; tail -n 60 "$f" >&2; }
    done
}
trap stop_server EXIT
trap 'stop_server; exit 130' INT TERM

PYTHONPATH="$repo_root/tests/e2e" "$py" -m server --workdir "$work" --port-file "$work/port" &
server_pid=$!
for _ in $(seq 1 900); do
    [[ -s "$work/port" ]] && break
    kill -0 "$server_pid" 2>/dev/null || break
    sleep 0.1
done
if [[ ! -s "$work/port" ]]; then
    log "the coordinator did not start"
    show_server_log
    exit 1
fi
port="$(cat "$work/port")"
log "coordinator on 127.0.0.1:$port"

# --- 3. run ------------------------------------------------------------------------------------
deselect=()
while IFS= read -r line; do
    line="${line%%|*}"
    line="$(echo "$line" | xargs)"
    [[ -z "$line" || "$line" == \#* ]] && continue
    deselect+=("--deselect" "$line")
done <"$here/exclusions.txt"

set +e
(
    cd "$suite"
    TRINO_RUNNING_HOST=127.0.0.1 TRINO_RUNNING_PORT="$port" TRINO_VERSION=466 \
    PYTHONPATH="$here${PYTHONPATH:+:$PYTHONPATH}" \
        "$py" -m pytest -p no:cacheprovider -p skips_as_failures -rfE \
        tests/integration/test_types_integration.py tests/integration/test_dbapi_integration.py \
        "${deselect[@]}" "$@"
)
rc=$?
set -e
if [[ $rc -eq 5 ]]; then
    log "pytest collected no tests: counted as a failure"
    rc=1
fi
if [[ $rc -ne 0 ]]; then
    show_server_log
    exit 1
fi
exit 0
