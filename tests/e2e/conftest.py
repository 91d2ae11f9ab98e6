"""Fixtures of the end-to-end suite: one coordinator per session, clients, DuckDB answer keys.

Policy: a skipped test is reported as a failure (see pytest_runtest_makereport), so nothing
that did not run can be counted as passing.
"""

from __future__ import annotations

import pathlib
import uuid

import pytest

import server as server_module
from trino_http import TrinoHttp

_SERVER_KEY = pytest.StashKey[server_module.RunningServer]()


@pytest.fixture(scope="session")
def coordinator(tmp_path_factory, pytestconfig) -> server_module.RunningServer:
    """The coordinator under test, started once per session and always stopped."""
    workdir = tmp_path_factory.mktemp("coordinator")
    try:
        running = server_module.start_server(workdir)
    except server_module.ServerStartError as exc:
        pytest.fail(f"could not start the coordinator:\n{exc}", pytrace=False)
    pytestconfig.stash[_SERVER_KEY] = running
    try:
        yield running
    finally:
        running.stop()


@pytest.fixture(scope="session")
def base_url(coordinator) -> str:
    return coordinator.base_url


@pytest.fixture
def http(coordinator) -> TrinoHttp:
    """Raw protocol client with the default (Python-client-like) headers, user `test`."""
    client = TrinoHttp(coordinator.base_url)
    yield client
    client.session.close()


@pytest.fixture
def trino_conn(coordinator):
    """trino.dbapi connection: user `test`, catalog `tpch`, schema `tiny`, no retries."""
    import trino.dbapi

    connection = trino.dbapi.connect(
        host=coordinator.host,
        port=coordinator.port,
        user="test",
        catalog="tpch",
        schema="tiny",
        max_attempts=1,
        request_timeout=60,
    )
    yield connection
    connection.close()


@pytest.fixture(scope="session")
def duckdb_tpch():
    """DuckDB with the tpch extension (from the duckdb-extension-tpch wheel) and sf 0.01 data."""
    import duckdb
    import duckdb_extension_tpch

    package_dir = pathlib.Path(duckdb_extension_tpch.__file__).parent
    extensions = sorted(package_dir.rglob("tpch.duckdb_extension"))
    if not extensions:
        pytest.fail(f"no tpch.duckdb_extension under {package_dir}", pytrace=False)
    connection = duckdb.connect(config={"allow_unsigned_extensions": "true"})
    connection.execute(f"LOAD '{extensions[0]}'")
    connection.execute("CALL dbgen(sf=0.01)")
    yield connection
    connection.close()


@pytest.fixture(scope="session")
def duckdb_tpcds():
    """DuckDB with the tpcds extension (duckdb-extension-tpcds wheel) and sf 0.01 data.

    Two dimension tables are trimmed (test_tpcds.py copies the same rows into our memory
    catalog, and a debug build inserts only about 25,000 values a second): date_dim to the whole
    years 1993-2004, which hold every date key another table references, and time_dim to the
    seconds another table references. `/` between integers truncates, as in Trino.
    """
    import duckdb
    import duckdb_extension_tpcds

    package_dir = pathlib.Path(duckdb_extension_tpcds.__file__).parent
    extensions = sorted(package_dir.rglob("tpcds.duckdb_extension"))
    if not extensions:
        pytest.fail(f"no tpcds.duckdb_extension under {package_dir}", pytrace=False)
    connection = duckdb.connect(config={"allow_unsigned_extensions": "true"})
    connection.execute(f"LOAD '{extensions[0]}'")
    connection.execute("CALL dsdgen(sf=0.01)")
    references = connection.execute(
        "SELECT table_name, column_name FROM information_schema.columns "
        "WHERE (column_name LIKE '%date_sk' OR column_name LIKE '%time_sk') "
        "AND table_name NOT IN ('date_dim', 'time_dim')").fetchall()
    dates = " UNION ALL ".join(f"SELECT {column} AS sk FROM {table}"
                               for table, column in references if column.endswith("date_sk"))
    times = " UNION ALL ".join(f"SELECT {column} AS sk FROM {table}"
                               for table, column in references if column.endswith("time_sk"))
    connection.execute(
        f"DELETE FROM date_dim WHERE d_year NOT BETWEEN "
        f"(SELECT min(d_year) FROM date_dim WHERE d_date_sk = (SELECT min(sk) FROM ({dates}))) AND "
        f"(SELECT max(d_year) FROM date_dim WHERE d_date_sk = (SELECT max(sk) FROM ({dates})))")
    connection.execute(
        f"DELETE FROM time_dim WHERE t_time_sk NOT IN "
        f"(SELECT sk FROM ({times}) WHERE sk IS NOT NULL)")
    connection.execute("SET integer_division = true")
    yield connection
    connection.close()


@pytest.fixture
def unique_name() -> str:
    """A fresh lowercase identifier for tables created by a test."""
    return f"e2e_{uuid.uuid4().hex[:12]}"


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    # A skip is not a pass: make it a failure with the skip reason.
    if report.skipped and not hasattr(report, "wasxfail"):
        reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else report.longrepr
        report.outcome = "failed"
        report.longrepr = f"skipped tests count as failures in this suite: {reason}"
    # Attach the coordinator's log tail to every failing test.
    if report.failed:
        running = item.config.stash.get(_SERVER_KEY, None)
        if running is not None:
            state = "running" if running.is_alive() else f"exited ({running.process.returncode})"
            report.sections.append(
                (f"coordinator log tail [{state}] {running.log_path}", running.log_tail(40))
            )
