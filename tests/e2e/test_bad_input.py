"""Malformed requests, unknown objects, races and load: clean errors, no hangs, no crashes.

After every test the server must still answer `SELECT 1` (autouse fixture below).
"""

from __future__ import annotations

import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pytest

from trino_http import TrinoHttp, make_page, strict_json


@pytest.fixture(autouse=True)
def server_still_healthy(coordinator):
    yield
    assert coordinator.is_alive(), f"coordinator died (exit code {coordinator.process.returncode})"
    client = TrinoHttp(coordinator.base_url, timeout=30)
    assert client.rows("SELECT 1") == [[1]], "server no longer answers SELECT 1"


def test_empty_body_is_400(http):
    assert http.post(b"").status_code == 400


def test_no_user_is_rejected(http):
    assert http.post("SELECT 1", omit=["X-Trino-User"]).status_code in (400, 401)


def test_invalid_utf8_body_gets_a_clean_answer(http):
    response = http.post(b"SELECT '\xff\xfe\xfd'")
    assert response.status_code in (200, 400), f"HTTP {response.status_code}: {response.text!r}"
    if response.status_code == 200:
        run = http.follow(make_page(response.url, 200, [], response.content, 0.0), timeout=30)
        if run.error is None:
            assert len(run.rows) == 1 and isinstance(run.rows[0][0], str)


def test_ten_megabyte_statement_is_rejected_cleanly(http):
    sql = "SELECT '" + "x" * (10 * 1024 * 1024) + "'"
    started = time.monotonic()
    response = http.post(sql)
    assert response.status_code in (200, 400, 413), f"HTTP {response.status_code}"
    if response.status_code == 200:
        run = http.follow(make_page(response.url, 200, [], response.content, 0.0), timeout=60)
        assert run.error is not None, "a 10 MB statement must be refused (Trino: query.max-length)"
        assert run.error["errorType"] == "USER_ERROR", run.error
    assert time.monotonic() - started < 60


@pytest.mark.parametrize(("sql", "name", "code", "fragment"), [
    ("SELECT * FROM nosuchcatalog.tiny.nation", "CATALOG_NOT_FOUND", 44, "nosuchcatalog"),
    ("SELECT * FROM tpch.nosuchschema.nation", "SCHEMA_NOT_FOUND", 45, "nosuchschema"),
    ("SELECT * FROM tpch.tiny.nosuchtable", "TABLE_NOT_FOUND", 46, "nosuchtable"),
    ("SELECT nosuchcolumn FROM tpch.tiny.nation", "COLUMN_NOT_FOUND", 47, "nosuchcolumn"),
], ids=["catalog", "schema", "table", "column"])
def test_unknown_object_errors(http, sql, name, code, fragment):
    error = http.execute(sql).assert_error(name, code)
    assert fragment in error["message"], error["message"]
    assert error["message"].startswith("line 1:"), error["message"]


def test_unknown_column_message(http):
    error = http.execute("SELECT nosuchcolumn FROM tpch.tiny.nation").assert_error(
        "COLUMN_NOT_FOUND", 47)
    assert error["message"] == "line 1:8: Column 'nosuchcolumn' cannot be resolved"


@pytest.mark.parametrize("sql", ["SET SESSION no_such_property = 'x'",
                                 "SET SESSION query_max_run_time = 'banana'"],
                         ids=["unknown-name", "invalid-value"])
def test_set_session_invalid_property(http, sql):
    http.execute(sql).assert_error("INVALID_SESSION_PROPERTY", 14)


def test_session_header_with_unknown_property(http):
    response = http.post("SELECT 1", headers={"X-Trino-Session": "no_such_property=1"})
    if response.status_code == 400:
        return
    assert response.status_code == 200, f"HTTP {response.status_code}"
    run = http.follow(make_page(response.url, 200, [], response.content, 0.0))
    run.assert_error("INVALID_SESSION_PROPERTY", 14)


@pytest.mark.parametrize(("header", "value"), [
    ("X-Trino-Session", "no_equals_sign"),
    ("X-Trino-Transaction-Id", "not-a-transaction-id"),
    ("X-Trino-Resource-Estimate", "BOGUS_ESTIMATE=1"),
    ("X-Trino-Resource-Estimate", "EXECUTION_TIME=banana"),
    ("X-Trino-Extra-Credential", "internal$secret=1"),
    ("X-Trino-Prepared-Statement", "p=NOT+A+STATEMENT+%28"),
], ids=["session-entry", "transaction-id", "estimate-name", "estimate-value",
        "internal-credential", "prepared-sql"])
def test_malformed_header_is_400(http, header, value):
    response = http.post("SELECT 1", headers={header: value})
    assert response.status_code == 400, f"HTTP {response.status_code}: {response.text[:300]!r}"


def read_to_the_end(client: TrinoHttp, uri: str | None, go: threading.Barrier,
                    statuses: list[int]) -> None:
    """Follow nextUri from `uri`, recording each HTTP status; stop at the first non-200."""
    go.wait()
    while uri:
        response = client.request("GET", uri)
        statuses.append(response.status_code)
        if response.status_code != 200:
            return
        uri = strict_json(response.content).get("nextUri")


@pytest.mark.parametrize("steps", range(6), ids=[f"after-{n}-pages" for n in range(6)])
def test_delete_racing_the_last_page(coordinator, steps):
    """DELETE a nextUri while another client GETs it and the rest of the result.

    `steps` pages are fetched first, so that for a small result the race happens at every
    position, the last page included (a larger `steps` stops at the last nextUri). Expected: no
    5xx, no hang, and a final state that is FINISHED or FAILED with USER_CANCELED.
    """
    reader = TrinoHttp(coordinator.base_url)
    canceller = TrinoHttp(coordinator.base_url)
    page = reader.start("SELECT * FROM tpch.tiny.nation")
    for _ in range(steps):
        following = reader.get_page(page.next_uri)
        if not following.next_uri:
            break
        page = following
    statuses: list[int] = []
    go = threading.Barrier(2)
    thread = threading.Thread(target=read_to_the_end, args=(reader, page.next_uri, go, statuses))
    thread.start()
    go.wait()
    delete = canceller.delete(page.next_uri)
    thread.join(timeout=60)
    assert not thread.is_alive(), "reader hung"
    assert delete.status_code in (204, 404, 410), f"DELETE -> HTTP {delete.status_code}"
    assert statuses and all(status in (200, 404, 410) for status in statuses), statuses
    info = reader.wait_for_query_state(page.doc["id"], ["FINISHED", "FAILED"])
    if info["state"] == "FAILED":
        assert info["errorCode"]["name"] == "USER_CANCELED", info["errorCode"]


@pytest.mark.timeout(240)
def test_two_hundred_concurrent_clients(coordinator):
    clients = 200
    start = threading.Barrier(clients)

    def run(index: int) -> list[list]:
        client = TrinoHttp(coordinator.base_url, timeout=120)
        start.wait(timeout=60)
        try:
            return client.rows(f"SELECT count(*) FROM tpch.tiny.nation WHERE regionkey = {index % 5}")
        finally:
            client.session.close()

    started = time.monotonic()
    with ThreadPoolExecutor(max_workers=clients) as pool:
        futures = [pool.submit(run, index) for index in range(clients)]
        results = []
        for future in futures:
            try:
                results.append(future.result(timeout=150))
            except Exception as exc:  # noqa: BLE001 - every failure is reported below
                results.append(f"failed: {type(exc).__name__}: {exc}")
    elapsed = time.monotonic() - started
    failures = [result for result in results if result != [[5]]]
    assert not failures, f"{len(failures)} of {clients} clients failed, e.g. {failures[:3]}"
    assert elapsed < 120, f"{clients} small queries took {elapsed:.0f}s"


def test_query_over_memory_limit_fails_cleanly(tmp_path):
    """`query.max-memory` (Trino's property) fails a query that needs more, with Trino's
    EXCEEDED_GLOBAL_MEMORY_LIMIT, and the server keeps serving."""
    import server as server_mod

    srv = server_mod.start_server(tmp_path / "limited", extra_config="query.max-memory=8MB\n")
    try:
        http = TrinoHttp(srv.base_url)
        http.execute(
            "SELECT count(*) FROM (SELECT comment, count(*) FROM tpch.sf1.lineitem GROUP BY comment)"
        ).assert_error("EXCEEDED_GLOBAL_MEMORY_LIMIT", 131073, "INSUFFICIENT_RESOURCES")
        assert http.execute("SELECT 1").assert_ok().rows == [[1]]
    finally:
        srv.stop()
