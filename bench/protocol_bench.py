"""Protocol-level figures of the coordinator (issue: single-node coordinator, "Measure").

Measures, against a coordinator binary started here:
  * start-up: process start until `GET /v1/info` reports `"starting":false`;
  * idle RSS of the process after start-up;
  * `SELECT 1` round trip through the official Python client (DB-API), p50 and p99;
  * rows per second streamed to a client for a wide `tpch.sf1.lineitem` scan (raw HTTP,
    every page parsed as JSON, so the figure includes the client's decoding).

Usage (from the repository root, after `cargo build --release -p coordinator`):

    .venv/bin/python bench/protocol_bench.py --binary "$CARGO_TARGET_DIR/release/coordinator"

Prints one JSON object with the figures and the command and machine that produced them.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import sys
import time
from pathlib import Path

import requests
import trino

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests" / "e2e"))
import server as server_mod  # noqa: E402


def rss_mib(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError("no VmRSS")


def select_one_latency(host: str, port: int, runs: int) -> dict:
    conn = trino.dbapi.connect(host=host, port=port, user="bench")
    cur = conn.cursor()
    for _ in range(20):
        cur.execute("SELECT 1")
        cur.fetchall()
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        cur.execute("SELECT 1")
        assert cur.fetchall() == [[1]]
        samples.append((time.perf_counter() - start) * 1000)
    samples.sort()
    return {
        "runs": runs,
        "p50_ms": round(statistics.median(samples), 3),
        "p99_ms": round(samples[min(len(samples) - 1, int(len(samples) * 0.99))], 3),
    }


def stream_rows(base_url: str, sql: str) -> dict:
    headers = {"X-Trino-User": "bench", "X-Trino-Client-Capabilities": "PARAMETRIC_DATETIME"}
    session = requests.Session()
    decode_s = 0.0

    def decode(response: requests.Response) -> dict:
        nonlocal decode_s
        started = time.perf_counter()
        doc = json.loads(response.content)
        decode_s += time.perf_counter() - started
        return doc

    start = time.perf_counter()
    doc = decode(session.post(f"{base_url}/v1/statement", data=sql.encode(), headers=headers))
    rows = 0
    while True:
        if "error" in doc:
            raise RuntimeError(doc["error"]["message"])
        rows += len(doc.get("data", []))
        if "nextUri" not in doc:
            break
        doc = decode(session.get(doc["nextUri"], headers=headers))
    seconds = time.perf_counter() - start
    return {
        "sql": sql,
        "rows": rows,
        "seconds": round(seconds, 3),
        "rows_per_second": round(rows / seconds),
        # Share of the wall time the client spent parsing JSON: the client's own ceiling.
        "client_json_decode_share": round(decode_s / seconds, 3),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--binary", required=True, help="coordinator binary to measure")
    parser.add_argument("--runs", type=int, default=500, help="SELECT 1 repetitions")
    parser.add_argument("--scan", default="SELECT * FROM tpch.sf1.lineitem", help="wide scan to stream")
    parser.add_argument("--workdir", default="/tmp/trino-rs-bench")
    args = parser.parse_args()

    start = time.perf_counter()
    srv = server_mod.start_server(Path(args.workdir), binary=Path(args.binary))
    try:
        ready_s = time.perf_counter() - start
        time.sleep(1.0)
        idle = rss_mib(srv.process.pid)
        latency = select_one_latency(srv.host, srv.port, args.runs)
        scan = stream_rows(srv.base_url, args.scan)
        after = rss_mib(srv.process.pid)
    finally:
        srv.stop()
    print(json.dumps({
        "command": " ".join([Path(sys.executable).name, *sys.argv]),
        "machine": f"{platform.machine()}, {os.cpu_count()} cores, {platform.platform()}",
        "startup_to_ready_s": round(ready_s, 3),
        "idle_rss_mib": round(idle, 1),
        "select_1": latency,
        "scan": scan,
        "rss_after_scan_mib": round(after, 1),
    }, indent=2))


if __name__ == "__main__":
    main()
