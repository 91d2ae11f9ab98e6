"""Start and stop the `coordinator` binary for end-to-end tests.

Used by `conftest.py` (session fixture) and by `tests/upstream/run-python-client-tests.sh`
through the command-line entry point::

    PYTHONPATH=tests/e2e python -m server --workdir DIR --port-file FILE

which starts a server, writes its port to FILE once it is ready, and runs until SIGTERM/SIGINT.

The server is configured with Trino's `etc` layout (config.properties, node.properties,
catalog/*.properties) and is considered ready when `GET /v1/info` answers with a body
matching `"starting":\\s*false` (the check of Trino's Docker `health-check` script).
"""

from __future__ import annotations

import argparse
import contextlib
import ctypes
import os
import re
import signal
import socket
import subprocess
import sys
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path

import requests

REPO_ROOT = Path(__file__).resolve().parents[2]
PROJECT_TARGET_DIR = Path.home() / ".cache" / "trino-rs" / "target"
READY_PATTERN = re.compile(r'"starting":\s*false')
STARTUP_TIMEOUT_S = 60.0
STOP_GRACE_S = 10.0

CATALOGS = {
    "tpch": "connector.name=tpch\n",
    "memory": "connector.name=memory\n",
}


class ServerStartError(RuntimeError):
    """The coordinator could not be started or did not become ready."""


class ServerExitedEarly(ServerStartError):
    """The coordinator process ended before it became ready."""


def coordinator_binary() -> Path:
    """Path of the coordinator binary.

    Order: $COORDINATOR_BIN; $CARGO_TARGET_DIR/debug/coordinator; the project's default
    target dir (~/.cache/trino-rs/target); <repo>/target.
    """
    explicit = os.environ.get("COORDINATOR_BIN")
    if explicit:
        return Path(explicit)
    target_dir = os.environ.get("CARGO_TARGET_DIR")
    if target_dir:
        return Path(target_dir) / "debug" / "coordinator"
    for candidate in (PROJECT_TARGET_DIR, REPO_ROOT / "target"):
        binary = candidate / "debug" / "coordinator"
        if binary.exists():
            return binary
    return REPO_ROOT / "target" / "debug" / "coordinator"


def free_port() -> int:
    with contextlib.closing(socket.socket(socket.AF_INET, socket.SOCK_STREAM)) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def write_etc_dir(etc_dir: Path, port: int, data_dir: Path, extra_config: str = "") -> None:
    """Write Trino's configuration layout for a single-node coordinator.

    `extra_config` is appended to config.properties (e.g. `query.max-memory=8MB`).
    """
    (etc_dir / "catalog").mkdir(parents=True, exist_ok=True)
    data_dir.mkdir(parents=True, exist_ok=True)
    (etc_dir / "config.properties").write_text(
        "coordinator=true\n"
        "node-scheduler.include-coordinator=true\n"
        f"http-server.http.port={port}\n"
        f"discovery.uri=http://127.0.0.1:{port}\n"
        + extra_config
    )
    (etc_dir / "node.properties").write_text(
        "node.environment=test\n"
        f"node.id=e2e-{uuid.uuid4()}\n"
        f"node.data-dir={data_dir}\n"
    )
    for name, body in CATALOGS.items():
        (etc_dir / "catalog" / f"{name}.properties").write_text(body)


def _die_with_parent() -> None:
    """Ask Linux to SIGTERM the child when the test process dies (even by SIGKILL)."""
    with contextlib.suppress(Exception):
        PR_SET_PDEATHSIG = 1
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGTERM)


@dataclass
class RunningServer:
    host: str
    port: int
    workdir: Path
    log_path: Path
    process: subprocess.Popen | None = field(default=None, repr=False)

    @property
    def base_url(self) -> str:
        return f"http://{self.host}:{self.port}"

    def log_tail(self, lines: int = 60) -> str:
        try:
            text = self.log_path.read_text(errors="replace")
        except OSError as exc:
            return f"<no log at {self.log_path}: {exc}>"
        return "\n".join(text.splitlines()[-lines:])

    def is_alive(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def stop(self) -> None:
        """SIGTERM, then SIGKILL after STOP_GRACE_S. Safe to call more than once."""
        proc = self.process
        if proc is None or proc.poll() is not None:
            return
        with contextlib.suppress(ProcessLookupError):
            proc.terminate()
        try:
            proc.wait(timeout=STOP_GRACE_S)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                proc.kill()
            proc.wait(timeout=STOP_GRACE_S)

    def __enter__(self) -> "RunningServer":
        return self

    def __exit__(self, *exc_info) -> None:
        self.stop()


def _wait_ready(server: RunningServer, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    last = "no answer yet"
    while time.monotonic() < deadline:
        if not server.is_alive():
            raise ServerExitedEarly(
                f"coordinator exited with code {server.process.returncode} before becoming ready"
            )
        try:
            response = requests.get(f"{server.base_url}/v1/info", timeout=2)
            last = f"HTTP {response.status_code}: {response.text[:200]!r}"
            if response.status_code == 200 and READY_PATTERN.search(response.text):
                return
        except requests.RequestException as exc:
            last = f"{type(exc).__name__}: {exc}"
        time.sleep(0.1)
    raise ServerStartError(f"coordinator not ready after {timeout:.0f}s (last /v1/info: {last})")


def start_server(workdir: Path, binary: Path | None = None, timeout: float = STARTUP_TIMEOUT_S,
                 attempts: int = 3, extra_config: str = "") -> RunningServer:
    """Start a coordinator under `workdir` and wait until it is ready.

    Retries with a new port when the process dies early (e.g. the port was taken between
    picking it and binding it). Raises ServerStartError with the log tail on failure.
    """
    binary = binary or coordinator_binary()
    if not binary.is_file() or not os.access(binary, os.X_OK):
        raise ServerStartError(
            f"coordinator binary not found or not executable: {binary} "
            "(build it with `cargo build -p coordinator`, or set COORDINATOR_BIN)"
        )
    workdir.mkdir(parents=True, exist_ok=True)
    error: ServerStartError | None = None
    for attempt in range(1, attempts + 1):
        port = free_port()
        run_dir = workdir / f"run{attempt}"
        etc_dir = run_dir / "etc"
        write_etc_dir(etc_dir, port, run_dir / "data", extra_config)
        log_path = run_dir / "coordinator.log"
        server = RunningServer(host="127.0.0.1", port=port, workdir=run_dir, log_path=log_path)
        with open(log_path, "wb") as log:
            server.process = subprocess.Popen(
                [str(binary), "--etc-dir", str(etc_dir)],
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                cwd=run_dir,
                preexec_fn=_die_with_parent,
            )
        try:
            _wait_ready(server, timeout)
            return server
        except BaseException as exc:
            server.stop()
            if not isinstance(exc, ServerStartError):
                raise
            error = ServerStartError(
                f"{exc}\nbinary: {binary}\nlog: {log_path}\n--- log tail ---\n{server.log_tail()}"
            )
            # Only a process that died early (e.g. port taken) is worth another port.
            if not isinstance(exc, ServerExitedEarly):
                break
    assert error is not None
    raise error


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Run a coordinator for tests until SIGTERM.")
    parser.add_argument("--workdir", type=Path, required=True)
    parser.add_argument("--port-file", type=Path, required=True,
                        help="written with the port once the server is ready")
    args = parser.parse_args(argv)

    stop_requested = False

    def request_stop(signum, _frame):
        nonlocal stop_requested
        stop_requested = True

    signal.signal(signal.SIGTERM, request_stop)
    signal.signal(signal.SIGINT, request_stop)
    try:
        server = start_server(args.workdir)
    except ServerStartError as exc:
        print(f"server: {exc}", file=sys.stderr)
        return 1
    with server:
        args.port_file.write_text(f"{server.port}\n")
        print(f"server: coordinator ready on {server.base_url} (log {server.log_path})",
              file=sys.stderr, flush=True)
        while not stop_requested and server.is_alive():
            time.sleep(0.2)
        if not server.is_alive():
            print(f"server: coordinator died with code {server.process.returncode}\n"
                  f"{server.log_tail()}", file=sys.stderr)
            return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
