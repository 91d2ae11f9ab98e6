"""The `tpch` catalog against independent answer keys: DuckDB and the TPC's own published data.

Two answer keys, each used where it is valid:

* DuckDB 1.5.5's tpch extension (`CALL dbgen(sf=0.01)`, `tpch_answers()`, see conftest.py).
  Its generator is NOT byte-identical to the TPC's dbgen for free text: since DuckDB 0.8 it
  builds dbgen's text pool with a smaller buffer and draws random integers differently from the
  TPC kit's rnd.c (duckdb/duckdb pull request #22256, "fix TPC-H data generation", not merged;
  tidyverse/duckplyr issue #284 shows o_comment changing in 0.8.0). Measured at sf 0.01 and
  sf 1: every `comment` column and `supplier.address`, `customer.address` differ (e.g. nation 0
  comment 'furiously regular requests. platelets affix furious' instead of dbgen's
  ' haggle. carefully final deposits detect slyly agai'); every other column is equal. Its
  `tpch_answers()` are computed on that data, so they are not the TPC's answers either where a
  query reads those columns (sf 1 q13: 0|50004 instead of the official 0|50005).
  So DuckDB is the key for every column except those (DUCKDB_DIVERGENT_COLUMNS) and for the
  queries' other columns; q13 (filters on orders.comment) is not compared with DuckDB at all.
  q16 filters on supplier.comment, but no supplier of either sf 0.01 data set matches the
  pattern (checked in the test), so its DuckDB answer stays valid at sf 0.01.

* The TPC's own published data, data/tpch_sf1_reference.json (its `_about` says where each
  part comes from): the scale factor 1 reference data set of TPC-H Tools 3.0.1 (30 chunks of
  about 100 rows, each with its md5 — the same md5 values Trino's generator, trinodb/tpch,
  asserts), dbgen's nation/region tables (md5 from trinodb/tpch), and the official SF1 query
  answers (dbgen/answers). The TPC publishes answers for SF1 only, so the text-dependent
  queries (2, 10, 13, 15, 16, 20) run on `tpch.sf1`, which the connector generates on the fly
  (about 1-5 s per query in a debug build).

Tests:
* schema and row count of every tpch.tiny table;
* every tpch.tiny table equals DuckDB's dbgen output on all columns but the divergent text
  columns (sorted rows; Trino's doubles vs DuckDB's decimals rounded to 2 decimals);
* nation and region (not scaled) equal dbgen's, line for line and by md5, in tiny and sf1;
* tpch.sf1 rows equal the 30 TPC reference chunks (dbgen .tbl lines and md5);
* tpch.tiny rows equal the first SF1 reference chunk where dbgen's rows do not depend on the
  scale factor (supplier, customer, part entirely; orders, lineitem, partsupp apart from
  the columns derived from scaled key ranges);
* the 22 TPC-H queries (tpch_queries.py) at sf 0.01 equal DuckDB's `tpch_answers()`, numbers
  within a relative tolerance of 1e-9 (text columns from the divergent columns skipped, q13
  left out);
* queries 2, 10, 13, 15, 16, 20 at sf 1 equal the official SF1 answers: numbers published
  with two decimals within half a cent (stricter than the kit's check_answers, which allows
  100 on sums and 1% on averages), integers exactly, text with trailing blanks ignored
  (the answer files drop them; check_answers/cmpq.pl compares right-trimmed text too).
"""

from __future__ import annotations

import hashlib
import json
import math
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from tpch_queries import QUERIES, TPCH_SCHEMA
from trino_http import TrinoHttp

TINY = {"X-Trino-Catalog": "tpch", "X-Trino-Schema": "tiny"}
SF1 = {"X-Trino-Catalog": "tpch", "X-Trino-Schema": "sf1"}
SF1_TIMEOUT_S = 300

REFERENCE = json.loads(
    (Path(__file__).parent / "data" / "tpch_sf1_reference.json").read_text(encoding="utf-8"))

# Columns whose values DuckDB's dbgen generates differently from the TPC's dbgen (see above).
DUCKDB_DIVERGENT_COLUMNS: dict[str, frozenset[str]] = {
    table: frozenset({"comment", "address"} & {name for name, _ in columns})
    for table, (_, columns) in TPCH_SCHEMA.items()
}

# Query -> 0-based output columns that come from DUCKDB_DIVERGENT_COLUMNS (not compared with
# DuckDB; the official sf1 answers check them).
DUCKDB_DIVERGENT_OUTPUT = {
    2: {5, 7},    # s_address, s_comment
    10: {5, 7},   # c_address, c_comment
    15: {2},      # s_address
    20: {1},      # s_address
}
# Queries whose result depends on a divergent column through a filter: no DuckDB comparison.
DUCKDB_INVALID_QUERIES = {13}  # o_comment NOT LIKE '%special%requests%'
# Queries checked against the official SF1 answers.
OFFICIAL_SF1_QUERIES = sorted(int(number) for number in REFERENCE["answers"])

# dbgen at scale factor 1 has 10,000 suppliers (TPC-H spec 4.2.5.1).
SF1_SUPPLIERS = 10_000
TINY_SUPPLIERS = 100
# Columns of tiny rows that differ from the same rows at sf 1 because dbgen derives them from
# key ranges that grow with the scale factor (customer and part keys, supplier choice, prices
# of the chosen parts); everything else in a dbgen row depends only on the row number.
SCALE_DEPENDENT_COLUMNS = {
    "orders": {"custkey", "totalprice"},
    "lineitem": {"partkey", "suppkey", "extendedprice"},
    "partsupp": {"suppkey"},
}


def client_for(coordinator, headers: dict[str, str]) -> TrinoHttp:
    client = TrinoHttp(coordinator.base_url)
    client.headers.update(headers)
    return client


@pytest.fixture
def tiny(coordinator) -> TrinoHttp:
    client = client_for(coordinator, TINY)
    yield client
    client.session.close()


@pytest.fixture
def sf1(coordinator) -> TrinoHttp:
    client = client_for(coordinator, SF1)
    yield client
    client.session.close()


def normalized(value):
    """A comparable form for values from Trino's JSON and from DuckDB."""
    if isinstance(value, (float, Decimal)):
        return round(float(value), 2)
    if isinstance(value, date):
        return value.isoformat()
    return value


def assert_same_rows(actual: list, expected: list, what: str) -> None:
    """Compare two large row lists with a short, readable failure message."""
    if actual == expected:
        return
    differences = [(index, a, e) for index, (a, e) in enumerate(zip(actual, expected)) if a != e]
    message = [f"{what}: {len(actual)} rows from the server, {len(expected)} expected; "
               f"{len(differences)} of the first {min(len(actual), len(expected))} differ"]
    for index, a, e in differences[:5]:
        message.append(f"  row {index}: got {a!r}\n          expected {e!r}")
    raise AssertionError("\n".join(message))


# -- tables against DuckDB -------------------------------------------------------------------


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
    """All columns but the free text DuckDB generates differently (checked against TPC data below)."""
    prefix, columns = TPCH_SCHEMA[table]
    names = [name for name, _ in columns if name not in DUCKDB_DIVERGENT_COLUMNS[table]]
    assert names and len(names) < len(columns)
    run = tiny.execute(f"SELECT {', '.join(names)} FROM {table}").assert_ok()
    assert run.column_names == names
    actual = sorted(tuple(normalized(v) for v in row) for row in run.rows)
    duck_columns = ", ".join(prefix + name for name in names)
    expected = sorted(tuple(normalized(v) for v in row)
                      for row in duckdb_tpch.execute(f"SELECT {duck_columns} FROM {table}").fetchall())
    assert_same_rows(actual, expected, f"tpch.tiny.{table} ({', '.join(names)})")


# -- tables against the TPC's published data -------------------------------------------------


def dbgen_cell(table: str, name: str, type_: str, value) -> str:
    """A value as dbgen writes it in a .tbl file (money with 2 decimals, quantity as integer)."""
    if type_ == "double":
        return f"{value:g}" if (table, name) == ("lineitem", "quantity") else f"{value:.2f}"
    return str(value)


def partsupp_position(partkey: int, suppkey: int, suppliers: int) -> int:
    """Which of a part's 4 suppliers (0-3) a partsupp row is: dbgen writes them in that order.

    Inverts PS_SUPPKEY = (PS_PARTKEY + i * (S/4 + (PS_PARTKEY - 1) / S)) mod S + 1 (spec 4.2.3).
    """
    stride = suppliers // 4 + (partkey - 1) // suppliers
    offset = (suppkey - 1 - partkey) % suppliers
    assert offset % stride == 0 and offset // stride < 4, (
        f"partsupp ({partkey}, {suppkey}) is not one of part {partkey}'s suppliers")
    return offset // stride


def chunk_rows(client: TrinoHttp, chunk: dict, suppliers: int, timeout: float) -> list[list]:
    """The rows of one reference chunk's key range, in dbgen's order."""
    table = chunk["table"]
    names = [name for name, _ in TPCH_SCHEMA[table][1]]
    first_line, last_line = chunk["sample"][0][1], chunk["sample"][-1][1]
    low, high = int(first_line.split("|")[0]), int(last_line.split("|")[0])
    order = {"lineitem": "orderkey, linenumber", "partsupp": "partkey, suppkey"}.get(table, names[0])
    rows = client.execute(
        f"SELECT {', '.join(names)} FROM {table} WHERE {names[0]} BETWEEN {low} AND {high} "
        f"ORDER BY {order}", timeout=timeout).assert_ok().rows
    if table == "partsupp":
        rows.sort(key=lambda row: (row[0], partsupp_position(row[0], row[1], suppliers)))
    return rows


def dbgen_lines(table: str, rows: list[list]) -> list[str]:
    columns = TPCH_SCHEMA[table][1]
    return ["|".join(dbgen_cell(table, name, type_, value)
                     for (name, type_), value in zip(columns, row)) + "|" for row in rows]


def md5_of_lines(lines: list[str]) -> str:
    return hashlib.md5("".join(line + "\n" for line in lines).encode()).hexdigest()


def assert_lines_match_reference(lines: list[str], reference: dict, what: str) -> None:
    assert len(lines) == reference["rows"], f"{what}: {len(lines)} rows, expected {reference['rows']}"
    for index, expected in reference["sample"]:
        assert lines[index] == expected, (
            f"{what} row {index}:\n  got      {lines[index]!r}\n  expected {expected!r}")
    assert md5_of_lines(lines) == reference["md5"], (
        f"{what}: the sampled rows match but the md5 of all {len(lines)} rows differs from the "
        f"TPC reference data; first rows: {lines[:3]}")


CHUNKS = REFERENCE["table_chunks"]


@pytest.mark.parametrize("schema", ["tiny", "sf1"])
@pytest.mark.parametrize("table", ["nation", "region"])
def test_unscaled_table_equals_dbgen(coordinator, schema, table):
    client = client_for(coordinator, {"X-Trino-Catalog": "tpch", "X-Trino-Schema": schema})
    try:
        names = [name for name, _ in TPCH_SCHEMA[table][1]]
        rows = client.rows(f"SELECT {', '.join(names)} FROM {table} ORDER BY {names[0]}")
    finally:
        client.session.close()
    lines = dbgen_lines(table, rows)
    assert_same_rows(lines, REFERENCE[table]["lines"], f"tpch.{schema}.{table}")
    assert md5_of_lines(lines) == REFERENCE[table]["md5"]


@pytest.mark.parametrize("chunk", CHUNKS, ids=[f"{c['table']}-{c['step']}" for c in CHUNKS])
def test_sf1_rows_equal_tpc_reference_data(sf1, chunk):
    rows = chunk_rows(sf1, chunk, SF1_SUPPLIERS, SF1_TIMEOUT_S)
    assert_lines_match_reference(
        dbgen_lines(chunk["table"], rows), chunk,
        f"tpch.sf1.{chunk['table']} vs dbgen -s 1 -T -C {chunk['children']} -S {chunk['step']}")


FIRST_CHUNKS = {chunk["table"]: chunk for chunk in CHUNKS if chunk["step"] == 1}


@pytest.mark.parametrize("table", list(FIRST_CHUNKS))
def test_tiny_rows_equal_tpc_reference_data(tiny, table):
    """The first SF1 chunk's rows (keys 1-100 or so) exist in tiny with the same content,
    except columns drawn from scaled key ranges (SCALE_DEPENDENT_COLUMNS)."""
    chunk = FIRST_CHUNKS[table]
    rows = chunk_rows(tiny, chunk, TINY_SUPPLIERS, 60)
    lines = dbgen_lines(table, rows)
    what = f"tpch.tiny.{table} vs the first SF1 reference chunk"
    dependent = SCALE_DEPENDENT_COLUMNS.get(table)
    if not dependent:
        assert_lines_match_reference(lines, chunk, what)
        return
    assert len(lines) == chunk["rows"], f"{what}: {len(lines)} rows, expected {chunk['rows']}"
    names = [name for name, _ in TPCH_SCHEMA[table][1]]
    for index, expected_line in chunk["sample"]:
        got = lines[index].split("|")
        expected = expected_line.split("|")
        for position, name in enumerate(names):
            if name not in dependent:
                assert got[position] == expected[position], (
                    f"{what} row {index} column {name}: got {got[position]!r}, "
                    f"expected {expected[position]!r}")


# -- queries against DuckDB (sf 0.01) --------------------------------------------------------


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


def duckdb_answer(duckdb_tpch, number: int) -> list[list[str]]:
    (answer,) = duckdb_tpch.execute(
        "SELECT answer FROM tpch_answers() WHERE scale_factor = 0.01 AND query_nr = ?",
        [number]).fetchone()
    lines = answer.split("\n")
    assert lines[-1] == "", "answers end with a newline"
    return [line.split("|") for line in lines[1:-1]]  # drop the header line


DUCKDB_QUERIES = [number for number in sorted(QUERIES) if number not in DUCKDB_INVALID_QUERIES]


@pytest.mark.parametrize("number", DUCKDB_QUERIES, ids=[f"q{n:02d}" for n in DUCKDB_QUERIES])
def test_tpch_query_matches_duckdb_answer(tiny, duckdb_tpch, number):
    if number == 16:
        # q16 excludes suppliers whose comment matches '%Customer%Complaints%'; DuckDB's answer is
        # only a key for ours if that filter removes nothing in either data set.
        pattern = "'%Customer%Complaints%'"
        assert tiny.rows(f"SELECT count(*) FROM supplier WHERE comment LIKE {pattern}") == [[0]]
        assert duckdb_tpch.execute(
            f"SELECT count(*) FROM supplier WHERE s_comment LIKE {pattern}").fetchone() == (0,)
    actual = tiny.execute(QUERIES[number], timeout=120).assert_ok().rows
    expected = duckdb_answer(duckdb_tpch, number)
    assert len(actual) == len(expected), (
        f"q{number}: {len(actual)} rows, expected {len(expected)}\n"
        f"got {actual[:5]}\nexpected {expected[:5]}"
    )
    skipped = DUCKDB_DIVERGENT_OUTPUT.get(number, set())
    for index, (row, answer) in enumerate(zip(actual, expected)):
        assert len(row) == len(answer), f"q{number} row {index}: {row} vs {answer}"
        assert all(cells_match(a, e) for position, (a, e) in enumerate(zip(row, answer))
                   if position not in skipped), (
            f"q{number} row {index} (columns {sorted(skipped)} not compared):\n"
            f"  got      {row}\n  expected {answer}"
        )


# -- queries against the official TPC-H answers (sf 1) ---------------------------------------


def official_cell_matches(actual, expected: str, kind: str) -> bool:
    """One cell of an official answer; `kind` from check_answers/colprecision.txt."""
    if actual is None or isinstance(actual, bool):
        return False
    if kind == "str":
        return isinstance(actual, str) and actual.rstrip(" ") == expected
    if not isinstance(actual, (int, float)):
        return False
    if kind in ("int", "cnt"):
        return isinstance(actual, int) and actual == int(expected)
    # sum, avg, rat, num: published rounded to 1/100.
    reference = float(expected)
    return abs(float(actual) - reference) <= 0.005 + 1e-9 * max(1.0, abs(reference))


def published_cell(value, kind: str) -> str:
    """Our value in the published form (for the digest of long answers)."""
    if kind == "str":
        return str(value).rstrip(" ")
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    return f"{value:.2f}"


@pytest.mark.parametrize("number", OFFICIAL_SF1_QUERIES,
                         ids=[f"q{n:02d}" for n in OFFICIAL_SF1_QUERIES])
def test_tpch_query_matches_official_sf1_answer(sf1, number):
    official = REFERENCE["answers"][str(number)]
    kinds = official["kinds"]
    actual = sf1.execute(QUERIES[number], timeout=SF1_TIMEOUT_S).assert_ok().rows
    assert len(actual) == official["row_count"], (
        f"q{number} at sf1: {len(actual)} rows, expected {official['row_count']}\n"
        f"got {actual[:5]}\nexpected {official['rows'][:5]}"
    )
    for index, (row, answer) in enumerate(zip(actual, official["rows"])):
        assert len(row) == len(answer), f"q{number} row {index}: {row} vs {answer}"
        assert all(official_cell_matches(a, e, k) for a, e, k in zip(row, answer, kinds)), (
            f"q{number} row {index} (kinds {kinds}):\n  got      {row}\n  expected {answer}"
        )
    if "sha256" in official:  # long answers: the first rows above, all rows by digest
        text = "\n".join("|".join(published_cell(v, k) for v, k in zip(row, kinds))
                         for row in actual)
        assert hashlib.sha256(text.encode()).hexdigest() == official["sha256"], (
            f"q{number}: the first {len(official['rows'])} rows match the official answer, "
            f"but the digest of all {len(actual)} rows does not")
