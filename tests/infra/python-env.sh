#!/usr/bin/env bash
# Creates (idempotently) the Python environment of the end-to-end tests at <repo>/.venv and
# installs the pinned packages of tests/requirements.txt (e2e suite) and
# tests/upstream/requirements.txt (extra imports of the Python client's own integration tests),
# plus any extra requirement files given as arguments.
#
# Each requirements file is installed only when its content hash (and the Python version)
# differs from the stamp left by the last successful install, so re-running is cheap.
#
# Usage: tests/infra/python-env.sh [EXTRA_REQUIREMENTS_FILE ...]
# Env:   PYTHON   interpreter used to create the venv (default: python3)
set -euo pipefail

script_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo_root="$(cd "$script_dir/../.." && pwd)"
venv="$repo_root/.venv"
python="${PYTHON:-python3}"

log() { echo "[python-env] $*" >&2; }

if [[ ! -x "$venv/bin/python" ]] || ! "$venv/bin/python" -c 'import sys' >/dev/null 2>&1; then
    log "creating venv at $venv with $($python --version 2>&1)"
    rm -rf "$venv"
    "$python" -m venv "$venv"
    "$venv/bin/python" -m pip install --quiet --disable-pip-version-check --upgrade pip
fi

py_version="$("$venv/bin/python" -c 'import sys; print(sys.version.split()[0])')"

install_requirements() {
    local req="$1"
    [[ -f "$req" ]] || { log "no such requirements file: $req"; exit 2; }
    local abs name hash stamp
    abs="$(cd "$(dirname "$req")" && pwd)/$(basename "$req")"
    # One stamp per requirements file, keyed by its path relative to the repo.
    name="$(realpath --relative-to="$repo_root" "$abs" | tr '/' '_')"
    hash="$( (cat "$abs"; echo "python=$py_version") | sha256sum | cut -d' ' -f1)"
    stamp="$venv/.stamp-$name"
    if [[ -f "$stamp" && "$(cat "$stamp")" == "$hash" ]]; then
        log "up to date: $name"
        return
    fi
    log "installing $name"
    "$venv/bin/python" -m pip install --quiet --disable-pip-version-check -r "$abs"
    echo "$hash" >"$stamp"
}

install_requirements "$repo_root/tests/requirements.txt"
install_requirements "$repo_root/tests/upstream/requirements.txt"
for extra in "$@"; do
    install_requirements "$extra"
done

echo "$venv"
