"""The 99 TPC-DS queries on the `memory` catalog against DuckDB's answers on the same data.

Data: DuckDB 1.5.5's tpcds extension (`CALL dsdgen(sf=0.01)`, see the `duckdb_tpcds` fixture in
conftest.py) generates the 24 tables; the `tpcds_memory` fixture below copies them into
`memory.tpcds` on our coordinator (CREATE TABLE with the Trino types of DuckDB's column types,
then INSERT ... VALUES in batches). Two dimension tables are trimmed in DuckDB *before* the copy,
so both engines hold identical data and no fact row loses its dimension row:

* date_dim keeps the whole calendar years 1993-2004, which contain every date key any table
  references (about 4,400 of 73,049 rows; scalar subqueries such as "the week of 2000-01-03"
  still find their day);
* time_dim keeps the seconds some table references (a few thousand of 86,400 rows).

Checked with DuckDB: all 99 answers on the trimmed data equal those on the full sf 0.01 data.
The trimming keeps the copy at 2.15 million values instead of 4.9 million: the debug coordinator
spends about 40 microseconds per inserted value (about 85 s for the copy; a release build about
20 microseconds), the same for batches of 4,000 to 60,000 values and with concurrent inserts.

Queries: DuckDB's own `tpcds_queries()` texts, read at test time (nothing is copied into this
repository). Before they reach our server they pass through `trino_dialect`, the translations
a Trino user would make (each a named function below):

* every text ends with ';' (Trino's protocol takes one statement without it);
* q16, q32, q58, q83, q92, q94, q95 compare a DATE column with a string ('2000-01-03'),
  which DuckDB casts implicitly; Trino needs a date literal.

Semantic differences are settled on the DuckDB side or in the comparison, not in the text:
`/` between integers is floating-point in DuckDB and truncating in Trino, so DuckDB runs with
`SET integer_division = true` (at sf 0.01 this changes no answer; q21 divides bigint sums);
avg(decimal) and decimal / decimal are DOUBLE in DuckDB but DECIMAL in Trino (see below);
where a decimal quotient is summed (q66), `answer_key_sql` makes Trino's per-row rounding
explicit in DuckDB's text.
Everything else in the texts is Trino SQL too (ROLLUP, INTERSECT/EXCEPT, concat, SUBSTRING,
stddev_samp, CAST(... AS int), quoted aliases, NULLS FIRST, window functions).

At sf 0.01 some answers are thin: 26 queries return no rows and 11 a single row of zeros or
NULLs (tiny dimensions: one store, one warehouse, one reason), so they check that the query
runs and finds nothing, like DuckDB.

Comparison (`assert_same_result`): same row count; cells equal with NULL = NULL, integers and
text exactly, decimals exactly as numbers ('1.50' == Decimal('1.5')), doubles within a relative
1e-9. Where DuckDB answers with a DOUBLE but Trino's type rules give a DECIMAL (avg of a decimal,
decimal / decimal), our decimal must equal DuckDB's double rounded to our scale (within half a
unit of the last digit). The top-level ORDER BY keys are mapped to output columns (by name,
alias, SELECT-list expression or position; 83 queries); the rows must then follow DuckDB's order
on those columns, and the full rows are compared as sorted multisets (rows tied on every key at
a LIMIT cut only on the keys, as either engine may keep either row). Queries without ORDER BY
(9) or with keys that are not output columns (7: q36, 47, 57, 64, 70, 86, 89) are compared as
sorted multisets only.
"""

from __future__ import annotations

import datetime
import math
import re
import time
from decimal import Decimal

import pytest

from trino_http import TrinoHttp

SCHEMA = "tpcds"
SESSION = {"X-Trino-Catalog": "memory", "X-Trino-Schema": SCHEMA}
QUERY_TIMEOUT_S = 110
# The first test that needs memory.tpcds loads it in its setup (about 90 s with a debug build),
# which pytest-timeout counts against that test: allow more than pytest.ini's 120 s.
pytestmark = pytest.mark.timeout(300)
# Values per INSERT statement (rows * columns). Measured with the debug coordinator on 2 cores:
# the cost per value is flat between 4k and 50k values per statement; 1 MB is Trino's maximum
# query text, so keep statements well below that.
VALUES_PER_INSERT = 20_000

# DuckDB column types -> Trino column types.
TRINO_TYPES = {
    "BIGINT": "bigint",
    "INTEGER": "integer",
    "SMALLINT": "smallint",
    "TINYINT": "tinyint",
    "VARCHAR": "varchar",
    "DATE": "date",
    "DOUBLE": "double",
    "FLOAT": "real",
    "BOOLEAN": "boolean",
}
DECIMAL_TYPE = re.compile(r"DECIMAL\((\d+),(\d+)\)")

# Query number -> why it fails on our engine today (first line of our error, or
# 'wrong result: ...'). xfail(strict=True): a query that starts passing must be removed here.
KNOWN_FAILURES: dict[int, str] = {}


# -- dialect translations (DuckDB's query texts -> Trino) ------------------------------------


def strip_trailing_semicolon(sql: str) -> str:
    """Trino's protocol takes one statement without the terminating ';' (the CLI strips it)."""
    return re.sub(r"\s*;\s*\Z", "", sql.strip())


_DATE_STRING = re.compile(r"(cast\s*\(\s*)?'(\d{4}-\d{2}-\d{2})'", re.IGNORECASE)


def date_string_literals(sql: str) -> str:
    """`d_date = '2000-01-03'`, `d_date BETWEEN '2002-02-01' AND ...`, `d_date IN ('...')`:
    DuckDB casts a string to DATE implicitly when compared with a date; Trino has no implicit
    varchar -> date coercion, so a Trino user writes a date literal `DATE '2000-01-03'`.
    Strings already inside `CAST('...' AS date)` are left alone."""

    def replace(match: re.Match) -> str:
        if match.group(1):
            return match.group(0)
        return f"DATE '{match.group(2)}'"

    return _DATE_STRING.sub(replace, sql)


TRANSLATIONS = (strip_trailing_semicolon, date_string_literals)


def trino_dialect(sql: str) -> str:
    for translate in TRANSLATIONS:
        sql = translate(sql)
    return sql


# -- loading ---------------------------------------------------------------------------------


def trino_type(duckdb_type: str) -> str:
    match = DECIMAL_TYPE.fullmatch(duckdb_type)
    if match:
        return f"decimal({match.group(1)},{match.group(2)})"
    return TRINO_TYPES[duckdb_type]


def answer_key_sql(sql: str) -> str:
    """DuckDB's query text with Trino's decimal semantics made explicit where they change the
    answer beyond a rounding of the final value: a decimal quotient that is summed afterwards
    (q66 `sum(jan_sales/w_warehouse_sq_ft)`) is rounded per row to the dividend's scale (2)
    in Trino, while DuckDB divides decimals in double."""
    return re.sub(r"\b(\w+_sales)/w_warehouse_sq_ft\b", r"round(\1/w_warehouse_sq_ft, 2)", sql)


def sql_literal(value) -> str:
    if value is None:
        return "NULL"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return "'" + value.replace("'", "''") + "'"
    if isinstance(value, datetime.date):
        return f"DATE '{value.isoformat()}'"
    if isinstance(value, float):
        return f"DOUBLE '{value!r}'"
    return str(value)  # int, Decimal (a decimal literal keeps its digits)


def duckdb_columns(duckdb_tpcds, table: str) -> list[tuple[str, str]]:
    return duckdb_tpcds.execute(
        "SELECT column_name, data_type FROM information_schema.columns "
        "WHERE table_name = ? ORDER BY ordinal_position", [table]).fetchall()


def _load_table(client: TrinoHttp, duckdb_tpcds, table: str) -> int:
    columns = duckdb_columns(duckdb_tpcds, table)
    definition = ", ".join(f"{name} {trino_type(type_)}" for name, type_ in columns)
    client.execute(f"CREATE TABLE {table} ({definition})").assert_ok()
    rows = duckdb_tpcds.execute(f"SELECT * FROM {table}").fetchall()
    batch = max(1, VALUES_PER_INSERT // len(columns))
    for start in range(0, len(rows), batch):
        values = ",".join("(" + ",".join(sql_literal(v) for v in row) + ")"
                          for row in rows[start:start + batch])
        run = client.execute(f"INSERT INTO {table} VALUES {values}", timeout=QUERY_TIMEOUT_S)
        run.assert_ok()
    return len(rows) * len(columns)


@pytest.fixture(scope="session")
def tpcds_memory(coordinator, duckdb_tpcds) -> TrinoHttp:
    """memory.tpcds on our coordinator with DuckDB's (trimmed) sf 0.01 tables, loaded once."""
    client = TrinoHttp(coordinator.base_url)
    client.headers.update(SESSION)
    started = time.monotonic()
    client.execute(f"CREATE SCHEMA memory.{SCHEMA}").assert_ok()
    tables = [name for (name,) in duckdb_tpcds.execute(
        "SELECT table_name FROM information_schema.tables ORDER BY table_name").fetchall()]
    values = sum(_load_table(client, duckdb_tpcds, table) for table in tables)
    elapsed = time.monotonic() - started
    print(f"\ntpcds: loaded {len(tables)} tables, {values} values into memory.{SCHEMA} "
          f"in {elapsed:.1f} s")
    yield client
    client.session.close()


# -- comparison ------------------------------------------------------------------------------


def decimal_scale(type_: str) -> int | None:
    match = re.fullmatch(r"decimal\(\d+,\s*(\d+)\)", type_)
    return int(match.group(1)) if match else None


def ours_value(value, type_: str):
    """A cell of our JSON result as a Python value comparable with DuckDB's."""
    if value is None:
        return None
    if type_.startswith("decimal"):
        return Decimal(value)
    if type_ in ("double", "real"):
        return float(value)  # also 'NaN', 'Infinity'
    return value


def duck_value(value):
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value


def cells_equal(ours, duck, type_: str) -> bool:
    if ours is None or duck is None:
        return ours is None and duck is None
    if isinstance(ours, Decimal):
        if isinstance(duck, (Decimal, int)) and not isinstance(duck, bool):
            return ours == duck
        if isinstance(duck, float):
            # Trino's decimal result of avg(decimal) or decimal / decimal, DuckDB's double.
            scale = decimal_scale(type_) or 0
            half_unit = Decimal(1).scaleb(-scale) / 2
            return abs(float(ours) - duck) <= float(half_unit) * (1 + 1e-9) + 1e-9 * abs(duck)
        return False
    if isinstance(ours, float) or isinstance(duck, float):
        if isinstance(ours, (str, bool)) or isinstance(duck, (str, bool)):
            return False
        a, b = float(ours), float(duck)
        if math.isnan(a) or math.isnan(b):
            return math.isnan(a) and math.isnan(b)
        return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-12)
    if isinstance(ours, int) and isinstance(duck, Decimal):
        return ours == duck
    return ours == duck


def rows_equal(ours: list, duck: tuple, types: list[str], columns=None) -> bool:
    positions = range(len(types)) if columns is None else columns
    return all(cells_equal(ours[i], duck[i], types[i]) for i in positions)


def sort_key(row) -> tuple:
    key = []
    for value in row:
        if value is None:
            key.append((0, 0.0, ""))
        elif isinstance(value, (int, float, Decimal)) and not isinstance(value, bool):
            key.append((1, float(value), ""))
        else:
            key.append((2, 0.0, str(value)))
    return tuple(key)


def multiset_difference(ours: list, duck: list, types: list[str], columns=None):
    """Rows of each side without an equal row on the other side (sorted, then greedy)."""
    positions = list(range(len(types))) if columns is None else list(columns)
    project = lambda row: [row[i] for i in positions]  # noqa: E731
    a = sorted(ours, key=lambda row: sort_key(project(row)))
    b = sorted(duck, key=lambda row: sort_key(project(row)))
    if len(a) == len(b) and all(rows_equal(x, y, types, positions) for x, y in zip(a, b)):
        return [], []
    unmatched = list(b)
    missing_in_duck = []
    for row in a:
        for index, candidate in enumerate(unmatched):
            if rows_equal(row, candidate, types, positions):
                del unmatched[index]
                break
        else:
            missing_in_duck.append(row)
    return missing_in_duck, unmatched


def top_level_keyword_positions(sql: str, keyword: str) -> list[int]:
    """Where `keyword` (a regular expression) starts outside any parentheses."""
    pattern = re.compile(rf"(?<![\w.]){keyword}(?!\w)", re.IGNORECASE)
    depth, positions = 0, []
    depths = []
    for char in sql:
        depths.append(depth)
        if char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
    for match in pattern.finditer(sql):
        if depths[match.start()] == 0:
            positions.append(match.start())
    return positions


def top_level_tail(sql: str) -> str:
    """The query text after its last parenthesis depth-0 `ORDER BY` ('' when there is none)."""
    positions = top_level_keyword_positions(sql, r"order\s+by")
    if not positions:
        return ""
    return re.sub(r"^order\s+by", "", sql[positions[-1]:].strip(), flags=re.IGNORECASE)


def normalized_expression(text: str) -> str:
    return re.sub(r"\s+", " ", text.strip().lower()).replace("( ", "(").replace(" )", ")")


def unqualified(text: str) -> str:
    return re.sub(r"^\w+\.", "", text)


def outer_select_items(sql: str) -> list[tuple[str, str | None]]:
    """(expression, alias) of each item of the last depth-0 SELECT list (all branches of a
    UNION have the same positions)."""
    selects = top_level_keyword_positions(sql, "select")
    if not selects:
        return []
    start = selects[-1]
    froms = [p for p in top_level_keyword_positions(sql, "from") if p > start]
    text = sql[start + len("select"):froms[0] if froms else len(sql)]
    text = re.sub(r"^\s*distinct\b", "", text, flags=re.IGNORECASE)
    items = []
    for item in split_top_level(text):
        match = re.fullmatch(r'(.*?\S)\s+(?:as\s+)?(\w+|"[^"]+")', item.strip(),
                             re.IGNORECASE | re.DOTALL)
        if match and match.group(1)[-1] not in "+-*/|,(=<>" and not re.search(
                r"\b(case|when|then|else|and|or|not)$", match.group(1), re.IGNORECASE):
            items.append((normalized_expression(match.group(1)),
                          match.group(2).strip('"').lower()))
        else:
            items.append((normalized_expression(item), None))
    return items


def split_top_level(text: str) -> list[str]:
    parts, depth, current = [], 0, []
    for char in text:
        if char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
        if char == "," and depth == 0:
            parts.append("".join(current))
            current = []
        else:
            current.append(char)
    parts.append("".join(current))
    return [part.strip() for part in parts]


def order_by_columns(sql: str, names: list[str]) -> tuple[list[int] | None, int | None]:
    """(output positions of the top-level ORDER BY keys or None if one is not an output column,
    the LIMIT or None)."""
    tail = strip_trailing_semicolon(top_level_tail(sql))
    limit = None
    match = re.search(r"\blimit\s+(\d+)\s*$", tail, re.IGNORECASE)
    if match:
        limit = int(match.group(1))
        tail = tail[:match.start()]
    if not tail.strip():
        if limit is None:
            tail_limit = re.search(r"\blimit\s+(\d+)\s*;?\s*$", sql, re.IGNORECASE)
            limit = int(tail_limit.group(1)) if tail_limit else None
        return None, limit
    lowered = [name.lower() for name in names]
    items = outer_select_items(sql)
    positions = []
    for item in split_top_level(tail):
        expression = re.sub(r"\s+(asc|desc)?\s*(nulls\s+(first|last))?\s*$", "", item,
                            flags=re.IGNORECASE).strip()
        expression = re.sub(r"\s+(asc|desc)$", "", expression, flags=re.IGNORECASE).strip()
        if expression.isdigit():
            positions.append(int(expression) - 1)
            continue
        key = normalized_expression(expression)
        identifier = re.fullmatch(r'(?:\w+\.)?("?)([\w ]+)\1', key)
        if identifier and identifier.group(2) in lowered:
            positions.append(lowered.index(identifier.group(2)))
            continue
        # An expression or an input column of the SELECT list, by position.
        found = [index for index, (item_expression, alias) in enumerate(items)
                 if key in (item_expression, alias)
                 or unqualified(key) == unqualified(item_expression)]
        if len(found) != 1 or len(items) != len(names):
            return None, limit
        positions.append(found[0])
    return positions, limit


def describe_rows(rows, limit: int = 5) -> str:
    return "\n".join(f"    {list(row)!r}" for row in rows[:limit])


def assert_same_result(number: int, sql: str, names: list[str], types: list[str],
                       ours_raw: list[list], duck_raw: list[tuple]) -> None:
    ours = [[ours_value(v, t) for v, t in zip(row, types)] for row in ours_raw]
    duck = [tuple(duck_value(v) for v in row) for row in duck_raw]
    assert len(ours) == len(duck), (
        f"q{number}: {len(ours)} rows, DuckDB has {len(duck)}\n  ours:\n{describe_rows(ours)}\n"
        f"  DuckDB:\n{describe_rows(duck)}")
    keys, limit = order_by_columns(sql, names)
    compare_all = None
    if keys is not None:
        for index, (a, b) in enumerate(zip(ours, duck)):
            assert rows_equal(a, b, types, keys), (
                f"q{number} row {index} differs on the ORDER BY columns {keys}:\n"
                f"  ours   {a!r}\n  DuckDB {list(b)!r}")
        if limit is not None and len(ours) == limit and ours:
            # Rows tied with the last row on every ORDER BY key: either engine may keep either.
            last = duck[-1]
            tied = [i for i, b in enumerate(duck) if rows_equal(list(b), last, types, keys)]
            compare_all = set(range(len(ours))) - set(tied)
    selected_ours = [r for i, r in enumerate(ours) if compare_all is None or i in compare_all]
    selected_duck = [r for i, r in enumerate(duck) if compare_all is None or i in compare_all]
    extra, missing = multiset_difference(selected_ours, selected_duck, types)
    differing = []
    if extra and missing:
        differing = [f"{names[i]} ({types[i]}): ours {extra[0][i]!r}, DuckDB {missing[0][i]!r}"
                     for i in range(len(types))
                     if not cells_equal(extra[0][i], missing[0][i], types[i])]
    assert not extra and not missing, (
        f"q{number}: first differing columns: {'; '.join(differing)}\n"
        f"q{number}: {len(extra)} of our rows have no equal DuckDB row "
        f"(order {'checked on columns ' + str(keys) if keys is not None else 'not checked'}):\n"
        f"{describe_rows(extra)}\n  DuckDB rows without an equal row of ours:\n"
        f"{describe_rows(missing)}")


# -- the queries -----------------------------------------------------------------------------

QUERY_NUMBERS = list(range(1, 100))


def query_param(number: int):
    marks = []
    if number in KNOWN_FAILURES:
        marks.append(pytest.mark.xfail(strict=True, reason=KNOWN_FAILURES[number]))
    return pytest.param(number, id=f"q{number:02d}", marks=marks)


@pytest.fixture(scope="session")
def tpcds_queries(duckdb_tpcds) -> dict[int, str]:
    queries = dict(duckdb_tpcds.execute("SELECT query_nr, query FROM tpcds_queries()").fetchall())
    assert sorted(queries) == QUERY_NUMBERS
    return queries


def column_summary_sql(table: str, columns: list[tuple[str, str]]) -> str:
    """count(*) and, per column, count, sum (numbers) or min and max (text, dates)."""
    items = ["count(*)"]
    for name, type_ in columns:
        items.append(f"count({name})")
        if type_ in ("BIGINT", "INTEGER") or type_.startswith("DECIMAL"):
            items.append(f"sum({name})")
        else:
            items += [f"min({name})", f"max({name})"]
    return f"SELECT {', '.join(items)} FROM {table}"


def test_tpcds_tables_loaded(tpcds_memory, duckdb_tpcds):
    """Every table has the mapped column types, and per column the same count of non-NULL
    values and the same sum (numbers) or minimum and maximum (text, dates) as in DuckDB."""
    tables = [name for (name,) in duckdb_tpcds.execute(
        "SELECT table_name FROM information_schema.tables ORDER BY table_name").fetchall()]
    assert len(tables) == 24
    for table in tables:
        columns = duckdb_columns(duckdb_tpcds, table)
        described = tpcds_memory.rows(
            "SELECT column_name, data_type FROM information_schema.columns "
            f"WHERE table_schema = '{SCHEMA}' AND table_name = '{table}' "
            "ORDER BY ordinal_position")
        assert described == [[name, trino_type(type_).replace(",", ", ")]
                             for name, type_ in columns], table
        sql = column_summary_sql(table, columns)
        run = tpcds_memory.execute(sql).assert_ok()
        expected = duckdb_tpcds.execute(sql).fetchall()
        assert_same_result(0, sql, run.column_names, run.column_types, run.rows, expected)


def test_comparison_rules():
    """assert_same_result itself: what it accepts and what it rejects."""
    sql = "SELECT k, v, a FROM t ORDER BY k LIMIT 3"
    names, types = ["k", "v", "a"], ["integer", "decimal(7, 2)", "decimal(11, 6)"]
    duck = [(1, Decimal("1.5"), 2 / 3), (2, None, 1.0), (3, Decimal("2.00"), 0.5)]
    assert_same_result(0, sql, names, types, [[1, "1.50", "0.666667"], [2, None, "1.000000"],
                                              [3, "2.00", "0.500000"]], duck)
    wrong = [
        [[1, "1.50", "0.666666"], [2, None, "1.000000"], [3, "2.00", "0.500000"]],  # truncated
        [[1, "1.51", "0.666667"], [2, None, "1.000000"], [3, "2.00", "0.500000"]],  # decimal
        [[1, "1.50", "0.666667"], [2, "0.00", "1.000000"], [3, "2.00", "0.500000"]],  # NULL
        [[2, None, "1.000000"], [1, "1.50", "0.666667"], [3, "2.00", "0.500000"]],  # order
        [[1, "1.50", "0.666667"], [2, None, "1.000000"]],  # row count
    ]
    for ours in wrong:
        with pytest.raises(AssertionError):
            assert_same_result(0, sql, names, types, ours, duck)
    # Without ORDER BY the order is free; at a LIMIT cut, rows tied on the key may differ.
    unordered = "SELECT k, v, a FROM t"
    assert_same_result(0, unordered, names, types, [[3, "2.00", "0.500000"],
                                                    [1, "1.50", "0.666667"],
                                                    [2, None, "1.000000"]], duck)
    tied = [(1, Decimal("1"), 0.0), (2, Decimal("1"), 0.0), (2, Decimal("9"), 0.0)]
    assert_same_result(0, sql, names, types, [[1, "1", "0"], [2, "1", "0"], [2, "8", "0"]], tied)


def test_dialect_translations():
    assert strip_trailing_semicolon("SELECT 1 ;\n") == "SELECT 1"
    assert date_string_literals(
        "d_date BETWEEN '2002-02-01' AND cast('2002-04-02' AS date) AND x IN ('2000-06-30')"
    ) == "d_date BETWEEN DATE '2002-02-01' AND cast('2002-04-02' AS date) AND x IN (DATE '2000-06-30')"


@pytest.mark.parametrize("number", [query_param(n) for n in QUERY_NUMBERS])
def test_tpcds_query_matches_duckdb(tpcds_memory, duckdb_tpcds, tpcds_queries, number):
    original = tpcds_queries[number]
    run = tpcds_memory.execute(trino_dialect(original), timeout=QUERY_TIMEOUT_S)
    if run.error is not None:
        message = (run.error.get("message") or "").splitlines()[0] if run.error.get(
            "message") else ""
        pytest.fail(f"q{number}: {run.error.get('errorName')}: {message}", pytrace=False)
    cursor = duckdb_tpcds.execute(answer_key_sql(original))
    expected = cursor.fetchall()
    assert len(run.column_names) == len(cursor.description), (
        f"q{number}: columns {run.column_names}, DuckDB {[d[0] for d in cursor.description]}")
    assert_same_result(number, original, run.column_names, run.column_types, run.rows, expected)
