"""The `tpch` catalog against DuckDB's TPC-H generator and official answers (scale 0.01 = tiny).

* schema of every tpch.tiny table (Trino's simplified names and types, see tpch_queries.py);
* every tpch.tiny table equals DuckDB's `CALL dbgen(sf=0.01)` output row for row (after
  sorting; Trino's doubles vs DuckDB's decimals compared rounded to 2 decimals);
* the 22 TPC-H queries (tpch_queries.py) equal DuckDB's `tpch_answers()` for scale 0.01,
  numbers within a relative tolerance of 1e-9.
"""

from __future__ import annotations

import math
from datetime import date
from decimal import Decimal

import pytest

from tpch_queries import QUERIES, TPCH_SCHEMA
from trino_http import TrinoHttp

TINY = {"X-Trino-Catalog": "tpch", "X-Trino-Schema": "tiny"}


@pytest.fixture
def tiny(coordinator) -> TrinoHttp:
    client = TrinoHttp(coordinator.base_url)
    client.headers.update(TINY)
    yield client
    client.session.close()


def normalized(value):
    """A comparable form for values from Trino's JSON and from DuckDB."""
    if isinstance(value, (float, Decimal)):
        return round(float(value), 2)
    if isinstance(value, date):
        return value.isoformat()
    return value


def assert_same_rows(actual: list[tuple], expected: list[tuple], what: str) -> None:
    """Compare two large row lists with a short, readable failure message."""
    if actual == expected:
        return
    differences = [(index, a, e) for index, (a, e) in enumerate(zip(actual, expected)) if a != e]
    message = [f"{what}: {len(actual)} rows from the server, {len(expected)} expected; "
               f"{len(differences)} of the first {min(len(actual), len(expected))} differ"]
    for index, a, e in differences[:5]:
        message.append(f"  row {index}: got {a!r}\n          expected {e!r}")
    raise AssertionError("\n".join(message))


@pytest.mark.parametrize("table", list(TPCH_SCHEMA))
def test_tiny_table_schema(tiny, table):
    rows = tiny.rows(
        "SELECT column_name, data_type FROM information_schema.columns "
        f"WHERE table_schema = 'tiny' AND table_name = '{table}' ORDER BY ordinal_position")
    assert [tuple(row) for row in rows] == TPCH_SCHEMA[table][1]


@pytest.mark.parametrize("table", list(TPCH_SCHEMA))
def test_tiny_table_row_count(tiny, duckdb_tpch, table):
    (expected,) = duckdb_tpch.execute(f"SELECT count(*) FROM {table}").fetchone()
    assert tiny.rows(f"SELECT count(*) FROM {table}") == [[expected]]


def test_tiny_lineitem_count(tiny):
    assert tiny.rows("SELECT count(*) FROM tpch.tiny.lineitem") == [[60175]]


@pytest.mark.parametrize("table", list(TPCH_SCHEMA))
def test_tiny_table_equals_duckdb_dbgen(tiny, duckdb_tpch, table):
    prefix, columns = TPCH_SCHEMA[table]
    names = [name for name, _ in columns]
    run = tiny.execute(f"SELECT {', '.join(names)} FROM {table}").assert_ok()
    assert run.column_names == names
    actual = sorted(tuple(normalized(v) for v in row) for row in run.rows)
    duck_columns = ", ".join(prefix + name for name in names)
    expected = sorted(tuple(normalized(v) for v in row)
                      for row in duckdb_tpch.execute(f"SELECT {duck_columns} FROM {table}").fetchall())
    assert_same_rows(actual, expected, f"tpch.tiny.{table}")


def cells_match(actual, expected: str) -> bool:
    """One answer cell: '' is NULL; numbers within 1e-9 relative; anything else as text."""
    if actual is None:
        return expected == ""
    if isinstance(actual, bool):
        return str(actual).lower() == expected.lower()
    if isinstance(actual, (int, float)):
        try:
            return math.isclose(float(actual), float(expected), rel_tol=1e-9, abs_tol=1e-9)
        except ValueError:
            return False
    return str(actual) == expected


def official_answer(duckdb_tpch, number: int) -> list[list[str]]:
    (answer,) = duckdb_tpch.execute(
        "SELECT answer FROM tpch_answers() WHERE scale_factor = 0.01 AND query_nr = ?",
        [number]).fetchone()
    lines = answer.split("\n")
    assert lines[-1] == "", "answers end with a newline"
    return [line.split("|") for line in lines[1:-1]]  # drop the header line


@pytest.mark.parametrize("number", sorted(QUERIES), ids=[f"q{n:02d}" for n in sorted(QUERIES)])
def test_tpch_query_matches_official_answer(tiny, duckdb_tpch, number):
    actual = tiny.execute(QUERIES[number], timeout=120).assert_ok().rows
    expected = official_answer(duckdb_tpch, number)
    assert len(actual) == len(expected), (
        f"q{number}: {len(actual)} rows, expected {len(expected)}\n"
        f"got {actual[:5]}\nexpected {expected[:5]}"
    )
    for index, (row, answer) in enumerate(zip(actual, expected)):
        assert len(row) == len(answer), f"q{number} row {index}: {row} vs {answer}"
        assert all(cells_match(a, e) for a, e in zip(row, answer)), (
            f"q{number} row {index}:\n  got      {row}\n  expected {answer}"
        )
