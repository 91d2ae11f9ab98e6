"""Trino client REST protocol conformance, over raw HTTP.

One test per applicable line of the conformance checklist (trino-protocol.md §8) for a single
node, with the exact values that Trino documents (§1, §2, §6). Nothing here compares the
server's output with itself.
"""

from __future__ import annotations

import re
import time
import urllib.parse

import pytest
import requests

from trino_http import (
    QUERY_DATA_ENCODINGS,
    QUERY_ID_RE,
    SERVER_VERSION,
    UNBOUNDED_VARCHAR,
    Page,
    QueryRun,
    TrinoHttp,
    column,
    describe,
    find_null_optional_keys,
    json_with_number_tokens,
    long_arg,
    named_arg,
    replace_token,
    simple_column,
    strict_json,
    type_arg,
    type_signature,
    uri_token,
)

# A query whose result spans many pages (about 30 MB of JSON) and so stays open on the server
# until the client drains it: used wherever a query must still be running (Python's own
# test_cancel_query uses the same table).
STREAMING_QUERY = "SELECT * FROM tpch.sf1.customer"
NONEXISTENT_QUERY_ID = "20200101_000000_00000_aaaaa"
UUID_RE = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
ROWS_COLUMN = simple_column("rows", "bigint")
MONOTONE_STATS = ("completedSplits", "processedRows", "processedBytes", "cpuTimeMillis",
                  "wallTimeMillis", "elapsedTimeMillis")


# ---------------------------------------------------------------------------------------------
# helpers


def executing_page(http: TrinoHttp, sql: str = STREAMING_QUERY) -> Page:
    """Start `sql` and poll until the current nextUri is an executing one; return that page."""
    first = http.start(sql)
    run = http.follow(first, until=lambda page: "/v1/statement/executing/" in (page.next_uri or ""))
    page = run.pages[-1]
    assert page.next_uri and "/v1/statement/executing/" in page.next_uri, (
        f"query {run.query_id} finished without an executing nextUri: {describe(run.last)}"
    )
    return page


def first_with_columns(run: QueryRun) -> dict:
    for doc in run.docs:
        if "columns" in doc:
            return doc
    raise AssertionError(f"no response of query {run.query_id} carried `columns`")


def assert_update(run: QueryRun, update_type: str, count: int | None = None) -> None:
    """A statement without output (count None) or a row-producing write (§1.12)."""
    run.assert_ok()
    assert first_with_columns(run).get("updateType") == update_type, (
        "updateType must be on the first response that has columns: "
        f"{describe(first_with_columns(run))}"
    )
    assert run.last.get("updateType") == update_type
    if count is None:
        assert run.last["columns"] == []
        assert "updateCount" not in run.last
        assert run.rows == []
    else:
        assert run.columns == [ROWS_COLUMN]
        assert run.rows == [[count]]
        assert run.last.get("updateCount") == count


def single_row(http: TrinoHttp, sql: str, headers: dict | None = None) -> tuple[list, list]:
    """Run a one-row query; return (column types, row)."""
    run = http.execute(sql, headers).assert_ok()
    assert len(run.rows) == 1, f"expected one row, got {run.rows!r}"
    return run.column_types, run.rows[0]


def raw_single_row(http: TrinoHttp, sql: str) -> list:
    """The single row of a query, with numbers kept as wire tokens (NumberToken)."""
    run = http.execute(sql).assert_ok()
    rows = [row for page in run.pages
            for row in json_with_number_tokens(page.content).get("data", [])]
    assert len(rows) == 1, f"expected one row, got {rows!r}"
    return rows[0]


def prepared_header(name: str, sql: str) -> tuple[str, str]:
    """X-Trino-Prepared-Statement as the JDBC driver writes it (URLEncoder: '+' for spaces)."""
    return ("X-Trino-Prepared-Statement",
            f"{urllib.parse.quote_plus(name)}={urllib.parse.quote_plus(sql)}")


def base_header_lines(http: TrinoHttp) -> list[tuple[str, str]]:
    return list(http.merged_headers().items())


def session_of(http: TrinoHttp, query_id: str) -> dict:
    response = http.query_info(query_id)
    assert response.status_code == 200, f"/v1/query/{query_id}: HTTP {response.status_code}"
    return strict_json(response.content)["session"]


# ---------------------------------------------------------------------------------------------
# POST /v1/statement


def test_post_returns_queued_document_without_columns_or_data(http):
    response = http.post("SELECT 1")
    assert response.status_code == 200
    assert response.headers["Content-Type"].split(";")[0].strip() == "application/json"
    doc = strict_json(response.content)
    assert isinstance(doc["id"], str) and doc["id"]
    assert isinstance(doc["infoUri"], str) and doc["infoUri"]
    assert isinstance(doc["nextUri"], str) and doc["nextUri"]
    assert isinstance(doc["stats"]["state"], str) and doc["stats"]["state"]
    assert doc["warnings"] == []
    assert "columns" not in doc
    assert "data" not in doc
    http.cancel_query(doc["id"])


@pytest.mark.parametrize("headers", [{}, {"X-Trino-Source": "no-user"}], ids=["bare", "source-only"])
def test_post_without_user_is_rejected(http, headers):
    response = http.post("SELECT 1", headers=headers, omit=["X-Trino-User"])
    assert response.status_code in (400, 401), f"HTTP {response.status_code}: {response.text!r}"


def test_post_with_basic_auth_user_and_empty_password_is_accepted(http):
    run = http.follow(http.page(
        http.request("POST", "/v1/statement", data=b"SELECT 1", auth=("test", ""),
                     headers=http.merged_headers(omit=["X-Trino-User"])),
        time.monotonic()))
    assert run.assert_ok().rows == [[1]]


def test_post_with_basic_auth_password_is_rejected_in_insecure_mode(http):
    response = http.request("POST", "/v1/statement", data=b"SELECT 1", auth=("test", "secret"),
                            headers=http.merged_headers(omit=["X-Trino-User"]))
    assert response.status_code == 401


@pytest.mark.parametrize("body", [b"", b"   \n\t "], ids=["empty", "blank"])
def test_post_empty_statement_is_400(http, body):
    assert http.post(body).status_code == 400


def test_post_schema_without_catalog_is_400(http):
    response = http.post("SELECT 1", headers={"X-Trino-Schema": "tiny"})
    assert response.status_code == 400


@pytest.mark.parametrize("content_type", [
    "text/plain; charset=utf-8",
    "application/x-www-form-urlencoded",
    None,
])
def test_post_accepts_any_content_type(http, content_type):
    headers = {} if content_type is None else {"Content-Type": content_type}
    omit = ["Content-Type"] if content_type is None else []
    run = http.follow(http.page(http.post("SELECT 1", headers=headers, omit=omit),
                                time.monotonic()))
    assert run.assert_ok().rows == [[1]]


def test_query_id_format_and_info_uri(http):
    run = http.execute("SELECT 1").assert_ok()
    assert QUERY_ID_RE.match(run.query_id), run.query_id
    for doc in run.docs:
        assert doc["id"] == run.query_id
        assert run.query_id in doc["infoUri"]


def test_uris_are_absolute_on_the_request_base_url(http, base_url):
    run = http.execute("SELECT 1").assert_ok()
    for doc in run.docs:
        assert doc["infoUri"].startswith(f"{base_url}/"), doc["infoUri"]
        if "nextUri" in doc:
            assert doc["nextUri"].startswith(f"{base_url}/v1/statement/"), doc["nextUri"]


def test_uris_use_the_request_host_header(http):
    doc = strict_json(http.post("SELECT 1", headers={"Host": "trino.example.test:8443"}).content)
    try:
        assert doc["nextUri"].startswith("http://trino.example.test:8443/v1/statement/queued/")
        assert doc["infoUri"].startswith("http://trino.example.test:8443/")
    finally:
        http.cancel_query(doc["id"])


def test_uris_honour_x_forwarded_prefix(http, base_url):
    doc = strict_json(http.post("SELECT 1", headers={"X-Forwarded-Prefix": "/gateway"}).content)
    try:
        assert doc["nextUri"].startswith(f"{base_url}/gateway/v1/statement/queued/")
        assert doc["infoUri"].startswith(f"{base_url}/gateway/")
    finally:
        http.cancel_query(doc["id"])


def test_next_uri_paths_go_from_queued_to_executing(http):
    run = http.execute("SELECT 1").assert_ok()
    query_id = run.query_id
    queued = re.compile(rf"^/v1/statement/queued/{query_id}/[^/]+/\d+$")
    executing = re.compile(rf"^/v1/statement/executing/{query_id}/[^/]+/\d+$")
    paths = [urllib.parse.urlsplit(doc["nextUri"]).path for doc in run.docs if "nextUri" in doc]
    assert queued.match(paths[0]), paths
    kinds = ["queued" if queued.match(p) else "executing" if executing.match(p) else p
             for p in paths]
    assert set(kinds) <= {"queued", "executing"}, paths
    assert "executing" in kinds, paths
    first_executing = kinds.index("executing")
    assert all(kind == "executing" for kind in kinds[first_executing:]), paths


def test_following_next_uri_yields_select_1_exactly_once(http):
    run = http.execute("SELECT 1").assert_ok()
    assert run.rows == [[1]]
    assert "nextUri" not in run.last
    assert all("nextUri" in doc for doc in run.docs[:-1])
    assert run.last["stats"]["state"] == "FINISHED"


def test_data_implies_columns_and_columns_repeat(http):
    run = http.execute("SELECT * FROM tpch.tiny.orders").assert_ok()
    assert len(run.rows) == 15000
    seen = None
    for doc in run.docs:
        if "data" in doc:
            assert "columns" in doc, f"data without columns: {describe(doc)}"
        if seen is not None:
            assert doc.get("columns") == seen, "columns must repeat on every later response"
        if "columns" in doc and seen is None:
            seen = doc["columns"]
    assert seen is not None
    assert "data" not in run.first, "the POST response must not carry data"


# ---------------------------------------------------------------------------------------------
# tokens, long-poll, heartbeat, cancel


def test_same_token_returns_identical_body(http):
    page = executing_page(http)
    try:
        first = http.request("GET", page.next_uri)
        again = http.request("GET", page.next_uri)
        assert first.status_code == again.status_code == 200
        assert first.content == again.content
    finally:
        http.cancel_query(page.doc["id"])


def test_older_token_returns_410(http):
    page = executing_page(http)
    try:
        current = http.get_page(page.next_uri)
        assert current.next_uri, "query finished on its first executing page; need two"
        http.get_page(current.next_uri)
        stale = http.request("GET", page.next_uri)
        assert stale.status_code == 410, f"HTTP {stale.status_code}: {stale.text[:200]!r}"
    finally:
        http.cancel_query(page.doc["id"])


def test_far_future_token_returns_404(http):
    page = executing_page(http)
    try:
        future = replace_token(page.next_uri, uri_token(page.next_uri) + 1000)
        response = http.request("GET", future)
        assert response.status_code == 404, f"HTTP {response.status_code}: {response.text[:200]!r}"
    finally:
        http.cancel_query(page.doc["id"])


@pytest.mark.parametrize("phase", ["queued", "executing"])
def test_get_unknown_query_returns_404(http, phase):
    response = http.request("GET", f"/v1/statement/{phase}/{NONEXISTENT_QUERY_ID}/yabcd/1")
    assert response.status_code == 404


# Aggregations that produce no data until the end: the GETs in between have nothing new.
# Increasing but bounded cost (sf1 only), so that a server whose cancel does not work is not
# left burning CPU for the rest of the run.
SLOW_AGGREGATIONS = [
    "SELECT sum(length(comment)) FROM tpch.sf1.lineitem",
    "SELECT count(DISTINCT comment) FROM tpch.sf1.lineitem",
    "SELECT sum(length(l.comment) + r.regionkey) FROM tpch.sf1.lineitem l "
    "CROSS JOIN tpch.tiny.region r",
]


def test_get_long_polls_when_no_new_data(http):
    window = 4.0
    for sql in SLOW_AGGREGATIONS:
        first = http.start(sql)
        polls: list[Page] = []
        started = time.monotonic()
        try:
            page = first
            while page.next_uri and "data" not in page.doc and time.monotonic() - started < window:
                page = http.get_page(page.next_uri)
                polls.append(page)
        finally:
            http.cancel_query(first.doc["id"])
        observed = time.monotonic() - started
        assert "error" not in page.doc, f"{sql!r} failed: {describe(page.doc['error'], 300)}"
        idle = [p for p in polls if "data" not in p.doc and p.next_uri and "error" not in p.doc]
        produced_result = "data" in page.doc or not page.next_uri
        if produced_result and observed < 1.5:
            continue  # finished too fast to tell: try a bigger query
        assert idle, f"no poll without data in {observed:.1f}s: {[describe(p.doc, 200) for p in polls]}"
        assert len(polls) <= observed / 0.5 + 4, (
            f"{len(polls)} polls in {observed:.1f}s: the server answers at once instead of "
            f"holding GETs that have no new data (poll times {[round(p.elapsed, 2) for p in polls]})"
        )
        assert max(p.elapsed for p in idle) >= 0.5, [round(p.elapsed, 3) for p in idle]
        return
    pytest.fail("every slow query finished within 1.5s; cannot observe long-polling: "
                "add a slower query to SLOW_AGGREGATIONS")


def test_head_on_executing_next_uri(http):
    page = executing_page(http)
    try:
        response = http.request("HEAD", page.next_uri)
        assert response.status_code in (200, 404), f"HTTP {response.status_code}"
    finally:
        http.cancel_query(page.doc["id"])


def test_delete_executing_next_uri_cancels_with_user_canceled(http):
    page = executing_page(http)
    response = http.delete(page.next_uri)
    assert response.status_code == 204, f"HTTP {response.status_code}: {response.text[:200]!r}"
    info = http.wait_for_query_state(page.doc["id"], ["FAILED"])
    assert info["errorCode"]["name"] == "USER_CANCELED"
    assert info["errorCode"]["code"] == 3


def test_delete_queued_next_uri_returns_204(http):
    doc = strict_json(http.post(STREAMING_QUERY).content)
    response = http.delete(doc["nextUri"])
    assert response.status_code == 204, f"HTTP {response.status_code}: {response.text[:200]!r}"


@pytest.mark.parametrize("which", ["running", "finished", "unknown"])
def test_delete_query_resource_returns_204(http, which):
    if which == "running":
        query_id = executing_page(http).doc["id"]
    elif which == "finished":
        query_id = http.execute("SELECT 1").assert_ok().query_id
    else:
        query_id = NONEXISTENT_QUERY_ID
    response = http.cancel_query(query_id)
    assert response.status_code == 204, f"HTTP {response.status_code}: {response.text[:200]!r}"
    if which == "running":
        info = http.wait_for_query_state(query_id, ["FAILED"])
        assert info["errorCode"]["name"] == "USER_CANCELED"


# ---------------------------------------------------------------------------------------------
# errors


def test_syntax_error_shape(http):
    run = http.execute("SELECT 1\nFROM WHERE")
    error = run.assert_error("SYNTAX_ERROR", 1)
    assert error["errorLocation"] == {"lineNumber": 2, "columnNumber": 6}
    assert error["message"].startswith("line 2:6: "), error["message"]
    assert "nextUri" not in run.last
    assert run.last.get("error") == error
    assert run.last["stats"]["state"] == "FAILED"


def test_missing_table_is_table_not_found_with_location(http):
    sql = "SELECT * FROM tpch.tiny.foobar"
    assert sql.index("tpch.tiny.foobar") + 1 == 15  # 1-based column of the table name
    error = http.execute(sql).assert_error("TABLE_NOT_FOUND", 46)
    assert error["message"] == "line 1:15: Table 'tpch.tiny.foobar' does not exist"
    assert error["errorLocation"] == {"lineNumber": 1, "columnNumber": 15}


def assert_failure_info_shape(info: dict, path: str = "failureInfo") -> None:
    assert isinstance(info.get("type"), str) and info["type"], f"{path}.type: {describe(info)}"
    assert isinstance(info.get("suppressed"), list), f"{path}.suppressed: {describe(info)}"
    assert isinstance(info.get("stack"), list), f"{path}.stack: {describe(info)}"
    assert all(isinstance(frame, str) for frame in info["stack"])
    for index, suppressed in enumerate(info["suppressed"]):
        assert_failure_info_shape(suppressed, f"{path}.suppressed[{index}]")
    if "cause" in info:
        assert_failure_info_shape(info["cause"], f"{path}.cause")
    if "errorInfo" in info:
        assert info["errorInfo"]["code"] >= 0
        assert isinstance(info["errorInfo"]["name"], str)
        assert isinstance(info["errorInfo"]["type"], str)


@pytest.mark.parametrize("sql", ["SELECT 1\nFROM WHERE", "SELECT * FROM tpch.tiny.foobar",
                                 "SELECT 1 / 0"])
def test_failure_info_shape_if_present(http, sql):
    error = http.execute(sql).error
    assert error is not None
    if "failureInfo" in error:
        assert_failure_info_shape(error["failureInfo"])


# ---------------------------------------------------------------------------------------------
# document shape


# (statement, expected error name or None)
SHAPE_STATEMENTS = [
    ("SELECT 1", None),
    ("SELECT ROW(1, 'a'), CAST(ROW(1, 'a') AS ROW(x bigint, y varchar))", None),
    ("SELECT * FROM tpch.tiny.nation", None),
    ("SELECT * FROM tpch.tiny.foobar", "TABLE_NOT_FOUND"),
    ("SELECT 1\nFROM WHERE", "SYNTAX_ERROR"),
    ("USE tpch.tiny", None),
    ("SELECT NULL", None),
]
SHAPE_IDS = ["select-1", "rows", "table", "missing-table", "syntax-error", "use", "null"]


def run_with_expected_outcome(http: TrinoHttp, sql: str, error_name: str | None) -> QueryRun:
    run = http.execute(sql)
    if error_name is None:
        run.assert_ok()
    else:
        assert run.error is not None and run.error["errorName"] == error_name, describe(run.last)
    return run


@pytest.mark.parametrize(("sql", "error_name"), SHAPE_STATEMENTS, ids=SHAPE_IDS)
def test_optional_fields_are_omitted_never_null(http, sql, error_name):
    run = run_with_expected_outcome(http, sql, error_name)
    for index, doc in enumerate(run.docs):
        nulls = list(find_null_optional_keys(doc))
        assert not nulls, f"response {index} has null optional fields {nulls}: {describe(doc)}"


@pytest.mark.parametrize(("sql", "error_name"), SHAPE_STATEMENTS, ids=SHAPE_IDS)
def test_warnings_is_always_an_array(http, sql, error_name):
    for doc in run_with_expected_outcome(http, sql, error_name).docs:
        assert isinstance(doc.get("warnings"), list), describe(doc)
        for warning in doc["warnings"]:
            assert isinstance(warning["warningCode"]["code"], int)
            assert isinstance(warning["warningCode"]["name"], str)
            assert isinstance(warning["message"], str)


def test_stats_present_and_monotone(http):
    run = http.execute("SELECT * FROM tpch.tiny.orders").assert_ok()
    assert len(run.rows) == 15000
    previous = None
    for doc in run.docs:
        stats = doc["stats"]
        assert isinstance(stats["state"], str) and stats["state"], describe(stats)
        assert isinstance(stats["queued"], bool) and isinstance(stats["scheduled"], bool)
        for key in MONOTONE_STATS:
            assert isinstance(stats[key], int), f"stats.{key}: {describe(stats)}"
            if previous is not None:
                assert stats[key] >= previous[key], f"stats.{key} decreased: {previous} -> {stats}"
        previous = stats


def test_select_1_column_json(http):
    run = http.execute("SELECT 1").assert_ok()
    assert run.columns == [
        {"name": "_col0", "type": "integer",
         "typeSignature": {"rawType": "integer", "arguments": []}}
    ]


def test_column_names_keep_aliases_and_identifiers_as_written(http):
    run = http.execute('SELECT nationkey AS "Key", 1, NAME FROM tpch.tiny.nation '
                       'WHERE nationkey = 0').assert_ok()
    assert run.column_names == ["Key", "_col1", "NAME"]
    assert run.rows == [[0, 1, "ALGERIA"]]


def test_unbounded_varchar_signature(http):
    run = http.execute("SELECT CAST('abc' AS varchar)").assert_ok()
    assert run.columns == [
        column("_col0", "varchar", type_signature("varchar", long_arg(UNBOUNDED_VARCHAR)))
    ]
    assert run.rows == [["abc"]]


def test_varchar_char_decimal_signatures(http):
    run = http.execute(
        "SELECT CAST('a' AS varchar(10)), CAST('ab' AS char(3)), CAST(1.5 AS decimal(10,2))"
    ).assert_ok()
    assert run.columns == [
        column("_col0", "varchar(10)", type_signature("varchar", long_arg(10))),
        column("_col1", "char(3)", type_signature("char", long_arg(3))),
        column("_col2", "decimal(10, 2)", type_signature("decimal", long_arg(10), long_arg(2))),
    ]
    assert run.rows == [["a", "ab ", "1.50"]]


def test_array_signature(http):
    run = http.execute("SELECT ARRAY[1,2]").assert_ok()
    assert run.columns == [
        column("_col0", "array(integer)", type_signature("array", type_arg(type_signature("integer"))))
    ]
    assert run.rows == [[[1, 2]]]


@pytest.mark.xfail(strict=True, reason="Issue 3 (Trino type rules): map keys built from ARRAY['a', ...] are typed varchar, Trino types them varchar(1).")
def test_map_signature(http):
    run = http.execute("SELECT MAP(ARRAY['a'], ARRAY[1])").assert_ok()
    assert run.columns == [
        column("_col0", "map(varchar(1), integer)", type_signature(
            "map",
            type_arg(type_signature("varchar", long_arg(1))),
            type_arg(type_signature("integer")),
        ))
    ]
    assert run.rows == [[{"a": 1}]]


def test_named_row_signature(http):
    run = http.execute("SELECT CAST(ROW(1, 'a') AS ROW(x bigint, y varchar))").assert_ok()
    assert run.columns == [
        column("_col0", "row(x bigint, y varchar)", type_signature(
            "row",
            named_arg(type_signature("bigint"), "x"),
            named_arg(type_signature("varchar", long_arg(UNBOUNDED_VARCHAR)), "y"),
        ))
    ]
    assert run.rows == [[[1, "a"]]]


def test_anonymous_row_fields_omit_field_name(http):
    run = http.execute("SELECT ROW(1, 'a')").assert_ok()
    assert run.columns == [
        column("_col0", "row(integer, varchar(1))", type_signature(
            "row",
            named_arg(type_signature("integer")),
            named_arg(type_signature("varchar", long_arg(1))),
        ))
    ]
    assert run.rows == [[[1, "a"]]]


# ---------------------------------------------------------------------------------------------
# capability-dependent typing (§2.3)


def test_timestamp_typing_with_parametric_datetime(http):
    run = http.execute("SELECT TIMESTAMP '2020-01-02 03:04:05.123456'",
                       headers={"X-Trino-Client-Capabilities": "PARAMETRIC_DATETIME"}).assert_ok()
    assert run.columns == [column("_col0", "timestamp(6)", type_signature("timestamp", long_arg(6)))]
    assert run.rows == [["2020-01-02 03:04:05.123456"]]


def test_timestamp_typing_without_parametric_datetime(http):
    run = http.execute(
        "SELECT TIMESTAMP '2020-01-02 03:04:05.123789', "
        "TIMESTAMP '2020-01-02 03:04:05.123789 UTC', TIME '01:02:03.123789'",
        omit=["X-Trino-Client-Capabilities"],
    ).assert_ok()
    assert run.columns == [
        simple_column("_col0", "timestamp"),
        simple_column("_col1", "timestamp with time zone"),
        simple_column("_col2", "time"),
    ]
    assert run.rows == [["2020-01-02 03:04:05.124", "2020-01-02 03:04:05.124 UTC", "01:02:03.124"]]


# ---------------------------------------------------------------------------------------------
# value encodings (§2.1)


def test_date_and_time_values(http):
    types, row = single_row(http, "SELECT DATE '2020-01-02', TIME '01:02:03', TIME '01:02:03.456'")
    assert types == ["date", "time(0)", "time(3)"]
    assert row == ["2020-01-02", "01:02:03", "01:02:03.456"]


@pytest.mark.parametrize("zone", ["UTC", "America/Los_Angeles", "+05:30"])
def test_timestamp_with_time_zone_value(http, zone):
    types, row = single_row(http, f"SELECT TIMESTAMP '2020-01-02 03:04:05.678 {zone}'")
    assert types == ["timestamp(3) with time zone"]
    assert row == [f"2020-01-02 03:04:05.678 {zone}"]


@pytest.mark.xfail(strict=True, reason='Issue 3 (Trino type rules): time(p) with time zone literals are not supported yet (Arrow has no time-with-offset type).')
def test_time_with_time_zone_value(http):
    types, row = single_row(http, "SELECT TIME '01:02:03.456 -08:00'")
    assert types == ["time(3) with time zone"]
    assert row == ["01:02:03.456-08:00"]


def test_boolean_and_integer_values(http):
    row = raw_single_row(
        http,
        "SELECT true, false, TINYINT '-128', TINYINT '127', SMALLINT '-32768', SMALLINT '32767', "
        "INTEGER '-2147483648', INTEGER '2147483647', "
        "BIGINT '-9223372036854775808', BIGINT '9223372036854775807'",
    )
    assert row[:2] == [True, False]
    assert [(token.kind, token.text) for token in row[2:]] == [
        ("int", "-128"), ("int", "127"), ("int", "-32768"), ("int", "32767"),
        ("int", "-2147483648"), ("int", "2147483647"),
        ("int", "-9223372036854775808"), ("int", "9223372036854775807"),
    ]


def test_double_and_real_values(http):
    types, _ = single_row(http, "SELECT DOUBLE '1', REAL '1', nan(), CAST(infinity() AS real)")
    assert types == ["double", "real", "double", "real"]
    row = raw_single_row(
        http,
        "SELECT DOUBLE '1', DOUBLE '0.001', DOUBLE '1e10', REAL '0.5', REAL '1', "
        "nan(), infinity(), -infinity(), CAST(nan() AS real), CAST(-infinity() AS real)",
    )
    finite = row[:5]
    assert all(getattr(token, "kind", None) == "float" for token in finite), (
        f"finite doubles/reals must carry a decimal point or exponent: {finite}"
    )
    assert [float(token.text) for token in finite] == [1.0, 0.001, 1e10, 0.5, 1.0]
    assert row[5:] == ["NaN", "Infinity", "-Infinity", "NaN", "-Infinity"]


def test_decimal_values_are_strings_with_exact_scale(http):
    types, row = single_row(
        http,
        "SELECT DECIMAL '0.05', DECIMAL '-1.50', DECIMAL '-0.05', CAST(1 AS decimal(10,2)), "
        "DECIMAL '12345678901234567890.1234'",
    )
    assert types[3] == "decimal(10, 2)"
    assert row == ["0.05", "-1.50", "-0.05", "1.00", "12345678901234567890.1234"]


def test_char_values_are_space_padded(http):
    types, row = single_row(http, "SELECT CAST('ab' AS char(5))")
    assert types == ["char(5)"]
    assert row == ["ab   "]


def test_varbinary_values_are_padded_base64(http):
    types, row = single_row(http, "SELECT X'0102', X'010203', X'01', X'68656C6C6F'")
    assert types == ["varbinary"] * 4
    assert row == ["AQI=", "AQID", "AQ==", "aGVsbG8="]


def test_json_values_are_json_text_strings(http):
    types, row = single_row(http, """SELECT JSON '{"a":1}', CAST('{"a":1}' AS JSON)""")
    assert types == ["json", "json"]
    # CAST(varchar AS JSON) makes a JSON string value (Trino docs: CAST('abc' AS JSON) = '"abc"').
    assert row == ['{"a":1}', '"{\\"a\\":1}"']


def test_interval_values(http):
    types, row = single_row(
        http,
        "SELECT INTERVAL '1-2' YEAR TO MONTH, -INTERVAL '1-2' YEAR TO MONTH, INTERVAL '0' YEAR, "
        "INTERVAL '1 02:03:04.005' DAY TO SECOND, -INTERVAL '1' SECOND",
    )
    assert types == ["interval year to month"] * 3 + ["interval day to second"] * 2
    assert row == ["1-2", "-1-2", "0-0", "1 02:03:04.005", "-0 00:00:01.000"]


def test_nested_nulls(http):
    _, row = single_row(
        http,
        "SELECT ARRAY[1, NULL], MAP(ARRAY['a', 'b'], ARRAY[NULL, 2]), "
        "CAST(ROW(NULL, 'x') AS ROW(a integer, b varchar)), CAST(NULL AS array(integer))",
    )
    assert row == [[1, None], {"a": None, "b": 2}, [None, "x"], None]


def test_map_keys_are_stringified(http):
    _, row = single_row(
        http,
        "SELECT MAP(ARRAY[1, 2], ARRAY['x', 'y']), MAP(ARRAY[true], ARRAY[1]), "
        "MAP(ARRAY[DATE '2020-01-01'], ARRAY[1]), MAP(ARRAY['abc'], ARRAY[1])",
    )
    assert row == [{"1": "x", "2": "y"}, {"true": 1}, {"2020-01-01": 1}, {"abc": 1}]


def test_uuid_value_is_lowercase_canonical(http):
    types, row = single_row(http, "SELECT UUID '12151FD2-7586-11E9-8F9E-2A86E4085A59'")
    assert types == ["uuid"]
    assert row == ["12151fd2-7586-11e9-8f9e-2a86e4085a59"]


def test_ipaddress_values(http):
    types, row = single_row(
        http,
        "SELECT IPADDRESS '10.0.0.1', IPADDRESS '2001:db8:0:0:0:0:0:1', IPADDRESS '::ffff:1.2.3.4'",
    )
    assert types == ["ipaddress"] * 3
    assert row == ["10.0.0.1", "2001:db8::1", "1.2.3.4"]


def test_select_null_is_unknown(http):
    run = http.execute("SELECT NULL").assert_ok()
    assert run.columns == [simple_column("_col0", "unknown")]
    assert run.rows == [[None]]


# ---------------------------------------------------------------------------------------------
# updates (§1.12)


def test_create_table_update_type(http, unique_name):
    table = f"memory.default.{unique_name}"
    assert_update(http.execute(f"CREATE TABLE {table} (id bigint, name varchar)"), "CREATE TABLE")
    assert_update(http.execute(f"DROP TABLE {table}"), "DROP TABLE")


def test_insert_returns_rows_and_update_count(http, unique_name):
    table = f"memory.default.{unique_name}"
    http.execute(f"CREATE TABLE {table} (id bigint, name varchar)").assert_ok()
    try:
        assert_update(http.execute(f"INSERT INTO {table} VALUES (1, 'a'), (2, 'b'), (3, 'c')"),
                      "INSERT", 3)
        assert http.rows(f"SELECT id, name FROM {table} ORDER BY id") == [
            [1, "a"], [2, "b"], [3, "c"]
        ]
    finally:
        http.execute(f"DROP TABLE {table}")


def test_create_table_as_select_returns_row_count(http, unique_name):
    table = f"memory.default.{unique_name}"
    try:
        assert_update(http.execute(f"CREATE TABLE {table} AS SELECT * FROM tpch.tiny.nation"),
                      "CREATE TABLE", 25)
    finally:
        http.execute(f"DROP TABLE IF EXISTS {table}")


@pytest.mark.parametrize(("sql", "update_type"), [
    ("USE tpch.tiny", "USE"),
    ("SET SESSION query_max_run_time = '1h'", "SET SESSION"),
    ("RESET SESSION query_max_run_time", "RESET SESSION"),
    ("PREPARE e2e_stmt FROM SELECT 1", "PREPARE"),
    ("SET ROLE ALL", "SET ROLE"),
])
def test_update_type_on_first_response_with_columns(http, sql, update_type):
    assert_update(http.execute(sql), update_type)


# ---------------------------------------------------------------------------------------------
# session-changing statements (§1.7)


def test_use_catalog_schema_sets_both_headers_on_final_response(http):
    run = http.execute("USE tpch.tiny")
    assert_update(run, "USE")
    assert run.final_header_values("X-Trino-Set-Catalog") == ["tpch"]
    assert run.final_header_values("X-Trino-Set-Schema") == ["tiny"]
    # What JDBC does next: send them back as session headers.
    rows = http.rows("SELECT current_catalog, current_schema",
                     headers={"X-Trino-Catalog": "tpch", "X-Trino-Schema": "tiny"})
    assert rows == [["tpch", "tiny"]]


def test_use_schema_sets_only_schema(http):
    run = http.execute("USE sf1", headers={"X-Trino-Catalog": "tpch"})
    assert_update(run, "USE")
    assert run.final_header_values("X-Trino-Set-Schema") == ["sf1"]
    assert run.header_values("X-Trino-Set-Catalog") == []


def test_use_schema_without_catalog_is_missing_catalog_name(http):
    http.execute("USE sf1").assert_error("MISSING_CATALOG_NAME", 56)


def test_catalog_and_schema_headers_are_lowercased(http):
    rows = http.rows("SELECT current_catalog, current_schema",
                     headers={"X-Trino-Catalog": "TPCH ", "X-Trino-Schema": "Tiny"})
    assert rows == [["tpch", "tiny"]]


def test_set_session_returns_set_session_header(http):
    run = http.execute("SET SESSION query_max_run_time = '2h'")
    assert_update(run, "SET SESSION")
    assert set(run.header_values("X-Trino-Set-Session")) == {"query_max_run_time=2h"}


def test_reset_session_returns_clear_session_header(http):
    run = http.execute("RESET SESSION query_max_run_time",
                       headers={"X-Trino-Session": "query_max_run_time=2h"})
    assert_update(run, "RESET SESSION")
    assert set(run.header_values("X-Trino-Clear-Session")) == {"query_max_run_time"}


@pytest.mark.parametrize(("lines", "expected"), [
    ([("X-Trino-Session", "query_max_run_time=2h"), ("X-Trino-Session", "query_priority=3")],
     {"query_max_run_time": "2h", "query_priority": "3"}),
    ([("X-Trino-Session", "query_max_run_time=2h,query_priority=3")],
     {"query_max_run_time": "2h", "query_priority": "3"}),
    ([("X-Trino-Session", "")], {}),
    ([("X-Trino-Session", "query_max_run_time=1%2E5h")], {"query_max_run_time": "1.5h"}),
], ids=["repeated", "comma-list", "empty", "url-encoded"])
def test_session_header_forms(http, lines, expected):
    page = http.start_raw("SELECT 1", base_header_lines(http) + lines)
    run = http.follow(page).assert_ok()
    assert run.rows == [[1]]
    assert session_of(http, run.query_id).get("systemProperties", {}) == expected


def test_session_header_catalog_property(http):
    page = http.start_raw("SELECT 1", base_header_lines(http) +
                          [("X-Trino-Session", "tpch.e2e_property=abc")])
    run = http.follow(page)
    session = session_of(http, run.query_id)
    assert session.get("catalogProperties") == {"tpch": {"e2e_property": "abc"}}
    assert "tpch.e2e_property" not in session.get("systemProperties", {})


def test_set_role_all_returns_system_all(http):
    run = http.execute("SET ROLE ALL")
    assert_update(run, "SET ROLE")
    assert set(run.header_values("X-Trino-Set-Role")) == {"system=ALL"}


@pytest.mark.parametrize(("sql", "error_name"), [
    ("SELECT 1", None), ("USE tpch.tiny", None), ("SET SESSION query_max_run_time = '1h'", None),
    ("PREPARE e2e_stmt FROM SELECT 1", None), ("SELECT * FROM tpch.tiny.foobar", "TABLE_NOT_FOUND"),
], ids=["select", "use", "set-session", "prepare", "error"])
def test_no_set_path_header_except_for_set_path(http, sql, error_name):
    run = run_with_expected_outcome(http, sql, error_name)
    assert run.header_values("X-Trino-Set-Path") == []


def test_set_path_returns_set_path_header(http):
    run = http.execute("SET PATH tpch.tiny")
    assert_update(run, "SET PATH")
    values = set(run.header_values("X-Trino-Set-Path"))
    assert len(values) == 1, values
    # The path element may come back quoted ("tpch"."tiny"); its meaning must be tpch.tiny.
    assert values.pop().replace('"', "").replace(" ", "") == "tpch.tiny"


def test_response_header_names_are_canonical_and_values_have_no_raw_commas(http):
    use = http.execute("USE tpch.tiny")
    names = {name for page in use.pages for name, _ in page.headers}
    assert {"X-Trino-Set-Catalog", "X-Trino-Set-Schema"} <= names, sorted(names)
    prepare = http.execute("PREPARE e2e_commas FROM SELECT 1, 2, 'a,b'")
    added = prepare.header_values("X-Trino-Added-Prepare")
    assert added and all("," not in value for value in added), added
    assert "X-Trino-Added-Prepare" in {name for page in prepare.pages for name, _ in page.headers}


# ---------------------------------------------------------------------------------------------
# prepared statements


def test_prepare_returns_added_prepare_header(http):
    sql = "SELECT ?, 'a,b'"
    run = http.execute(f"PREPARE my_select FROM {sql}")
    assert_update(run, "PREPARE")
    added = run.header_values("X-Trino-Added-Prepare")
    assert len(set(added)) == 1, added
    name, _, value = added[0].partition("=")
    assert "," not in added[0]
    assert urllib.parse.unquote_plus(name) == "my_select"
    assert urllib.parse.unquote_plus(value) == sql


PREPARED_SQL = "SELECT ? + 1, 'a b'"


@pytest.mark.parametrize(("lines", "statement"), [
    ([prepared_header("statement1", PREPARED_SQL)], "EXECUTE statement1 USING 41"),
    ([("X-Trino-Prepared-Statement",
       f"other=SELECT+2,st_0123={urllib.parse.quote_plus(PREPARED_SQL)}")],
     "EXECUTE st_0123 USING 41"),
    ([("X-Trino-Prepared-Statement", f"_trino_go={urllib.parse.quote_plus(PREPARED_SQL)}")],
     "EXECUTE _trino_go USING 41"),
    ([("X-Trino-Prepared-Statement", f"p1={urllib.parse.quote(PREPARED_SQL)}")],
     "EXECUTE p1 USING 41"),
], ids=["jdbc-plus-encoded", "python-comma-list", "go-trino_go", "percent-encoded"])
def test_execute_with_statement_only_in_header(http, lines, statement):
    page = http.start_raw(statement, base_header_lines(http) + lines)
    run = http.follow(page).assert_ok()
    assert run.rows == [[42, "a b"]]
    assert "updateType" not in run.last


def test_execute_immediate(http):
    assert http.rows("EXECUTE IMMEDIATE 'SELECT 1'") == [[1]]  # the Python client's probe
    assert http.rows("EXECUTE IMMEDIATE 'SELECT ''x'', 6 * 7'") == [["x", 42]]


def test_execute_immediate_using(http):
    assert http.rows("EXECUTE IMMEDIATE 'SELECT ?, ?' USING 1, 'it''s'") == [[1, "it's"]]


def test_deallocate_prepare(http):
    page = http.start_raw("DEALLOCATE PREPARE my_select",
                          base_header_lines(http) + [prepared_header("my_select", "SELECT 1")])
    run = http.follow(page)
    assert_update(run, "DEALLOCATE")
    assert set(run.header_values("X-Trino-Deallocated-Prepare")) == {"my_select"}


DESCRIBE_OUTPUT_COLUMNS = ["Column Name", "Catalog", "Schema", "Table", "Type", "Type Size",
                           "Aliased"]


def test_describe_output_of_expressions(http):
    page = http.start_raw("DESCRIBE OUTPUT my_select", base_header_lines(http) + [
        prepared_header("my_select", "SELECT 1, DECIMAL '1.0' AS a")])
    run = http.follow(page).assert_ok()
    assert run.column_names == DESCRIBE_OUTPUT_COLUMNS
    assert run.rows == [
        ["_col0", "", "", "", "integer", 4, False],
        ["a", "", "", "", "decimal(2,1)", 8, True],
    ]


def test_describe_output_of_table_query(http):
    page = http.start_raw("DESCRIBE OUTPUT my_select", base_header_lines(http) + [
        prepared_header("my_select", "SELECT * FROM tpch.tiny.nation")])
    run = http.follow(page).assert_ok()
    assert run.column_names == DESCRIBE_OUTPUT_COLUMNS
    assert run.rows == [
        ["nationkey", "tpch", "tiny", "nation", "bigint", 8, False],
        ["name", "tpch", "tiny", "nation", "varchar(25)", 0, False],
        ["regionkey", "tpch", "tiny", "nation", "bigint", 8, False],
        ["comment", "tpch", "tiny", "nation", "varchar(152)", 0, False],
    ]


def test_describe_input(http):
    page = http.start_raw("DESCRIBE INPUT my_select", base_header_lines(http) + [
        prepared_header("my_select", "SELECT name FROM tpch.tiny.nation WHERE regionkey = ?")])
    run = http.follow(page).assert_ok()
    assert run.column_names == ["Position", "Type"]
    assert run.rows == [[0, "bigint"]]


# ---------------------------------------------------------------------------------------------
# transactions (§3.4)


def start_transaction(http: TrinoHttp, sql: str) -> str:
    run = http.execute(sql, headers={"X-Trino-Transaction-Id": "NONE"})
    assert_update(run, "START TRANSACTION")
    started = set(run.header_values("X-Trino-Started-Transaction-Id"))
    assert len(started) == 1, started
    transaction_id = started.pop()
    assert UUID_RE.match(transaction_id), transaction_id
    return transaction_id


@pytest.mark.parametrize("end", ["COMMIT", "ROLLBACK"])
def test_transaction_start_and_end(http, end):
    transaction_id = start_transaction(
        http, "START TRANSACTION ISOLATION LEVEL READ UNCOMMITTED, READ WRITE")
    in_transaction = {"X-Trino-Transaction-Id": transaction_id}
    assert http.rows("SELECT count(*) FROM tpch.tiny.nation", headers=in_transaction) == [[25]]
    run = http.execute(end, headers=in_transaction)
    assert_update(run, end)
    assert set(run.header_values("X-Trino-Clear-Transaction-Id")) == {"true"}


def test_plain_start_transaction_python_form(http):
    transaction_id = start_transaction(http, "START TRANSACTION")
    http.execute("ROLLBACK", headers={"X-Trino-Transaction-Id": transaction_id}).assert_ok()


def test_start_transaction_without_header_is_incompatible_client(http):
    http.execute("START TRANSACTION").assert_error("INCOMPATIBLE_CLIENT", 27)


def test_nested_start_transaction_is_not_supported(http):
    transaction_id = start_transaction(http, "START TRANSACTION")
    in_transaction = {"X-Trino-Transaction-Id": transaction_id}
    try:
        http.execute("START TRANSACTION", headers=in_transaction).assert_error("NOT_SUPPORTED", 13)
    finally:
        http.execute("ROLLBACK", headers=in_transaction)


def test_commit_outside_transaction_is_not_in_transaction(http):
    http.execute("COMMIT", headers={"X-Trino-Transaction-Id": "NONE"}).assert_error(
        "NOT_IN_TRANSACTION", 21)


# ---------------------------------------------------------------------------------------------
# spooling negotiation (§1.15)


def test_query_data_encoding_header_is_ignored_without_spooling(http):
    run = http.execute("SELECT x FROM (VALUES 1, 2) t(x) ORDER BY x",
                       headers={"X-Trino-Query-Data-Encoding": QUERY_DATA_ENCODINGS})
    run.assert_ok()
    assert all(isinstance(doc.get("data", []), list) for doc in run.docs)
    assert run.rows == [[1], [2]]
    assert run.header_values("X-Trino-Query-Data-Encoding") == []


# ---------------------------------------------------------------------------------------------
# other endpoints (§6)

UPTIME_RE = re.compile(r"^\d+\.\d{2}(ns|us|ms|s|m|h|d)$")


def test_v1_info(http):
    response = http.request("GET", "/v1/info", headers={})
    assert response.status_code == 200
    assert response.headers["Content-Type"].split(";")[0].strip() == "application/json"
    assert re.search(r'"starting":\s*false', response.text)
    info = strict_json(response.content)
    assert info["nodeVersion"] == {"version": SERVER_VERSION}
    assert info["environment"] == "test"
    assert info["coordinator"] is True
    assert info["starting"] is False
    assert info["state"] == "ACTIVE"
    assert isinstance(info["nodeId"], str) and info["nodeId"]
    assert UPTIME_RE.match(info["uptime"]), info["uptime"]


def test_v1_info_state(http):
    response = http.request("GET", "/v1/info/state", headers={})
    assert response.status_code == 200
    assert strict_json(response.content) == "ACTIVE"


def test_v1_info_coordinator(http):
    assert http.request("GET", "/v1/info/coordinator", headers={}).status_code == 200


@pytest.mark.parametrize("method", ["GET", "HEAD"])
def test_v1_status(http, method):
    response = http.request(method, "/v1/status", headers={})
    assert response.status_code == 200
    if method == "GET":
        status = strict_json(response.content)
        assert status["nodeVersion"] == {"version": SERVER_VERSION}
        assert status["environment"] == "test"
        assert status["coordinator"] is True
        assert isinstance(status["nodeId"], str) and status["nodeId"]
        assert UPTIME_RE.match(status["uptime"]), status["uptime"]


def test_put_info_state_rejects_unknown_state(http):
    response = http.request("PUT", "/v1/info/state", data=b'"NOT_A_STATE"',
                            headers={"X-Trino-User": "admin", "Content-Type": "application/json"})
    assert response.status_code == 400


def test_put_info_state_shutting_down(tmp_path):
    """On a throw-away server: accepted (200, then the node leaves ACTIVE) or refused with 400."""
    import server as server_module

    with server_module.start_server(tmp_path / "shutdown") as node:
        client = TrinoHttp(node.base_url)
        response = client.request("PUT", "/v1/info/state", data=b'"SHUTTING_DOWN"',
                                  headers={"X-Trino-User": "admin",
                                           "Content-Type": "application/json"})
        assert response.status_code in (200, 400), f"HTTP {response.status_code}: {response.text!r}"
        if response.status_code == 400:
            assert client.rows("SELECT 1") == [[1]]
            return
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and node.is_alive():
            try:
                state = client.request("GET", "/v1/info/state", headers={})
            except requests.ConnectionError:
                return  # the node is going away
            if state.status_code == 200 and strict_json(state.content) != "ACTIVE":
                return
            time.sleep(0.2)
        assert not node.is_alive(), "server accepted SHUTTING_DOWN but stayed ACTIVE for 30s"


def test_query_info_of_finished_query(http):
    run = http.execute("SELECT 1", headers={"X-Trino-Source": "e2e-source",
                                           "X-Trino-Client-Tags": "foo,bar"}).assert_ok()
    response = http.query_info(run.query_id)
    assert response.status_code == 200
    info = strict_json(response.content)
    assert info["queryId"] == run.query_id
    assert info["state"] == "FINISHED"
    assert info["query"] == "SELECT 1"
    assert info["session"]["source"] == "e2e-source"
    assert info["session"]["user"] == "test"
    assert info["session"]["clientTags"] == ["foo", "bar"]


def test_query_info_of_failed_query_has_failure_info(http):
    run = http.execute("SELECT * FROM tpch.tiny.foobar")
    response = http.query_info(run.query_id)
    assert response.status_code == 200, f"HTTP {response.status_code}"
    info = strict_json(response.content)
    assert info["state"] == "FAILED"
    assert info["failureInfo"]["message"] == "line 1:15: Table 'tpch.tiny.foobar' does not exist"
    error_code = info["errorCode"]
    assert (error_code["code"], error_code["name"], error_code["type"]) == (
        46, "TABLE_NOT_FOUND", "USER_ERROR")


def test_query_info_of_unknown_query_is_410(http):
    assert http.query_info(NONEXISTENT_QUERY_ID).status_code == 410


def test_ui_api_query_after_legacy_login(http, base_url):
    """What the Python client's test does against Trino <= 466: form login, redirect to API."""
    run = http.execute("SELECT 1", headers={"X-Trino-Client-Tags": "foo %20,bar=test"}).assert_ok()
    response = http.session.post(f"{base_url}/ui/login", data={
        "username": "admin", "password": "",
        "redirectPath": f"{base_url}/ui/api/query/{run.query_id}",
    }, timeout=30)
    assert response.status_code == 200, f"HTTP {response.status_code}: {response.text[:200]!r}"
    info = strict_json(response.content)
    assert info["queryId"] == run.query_id
    assert info["session"]["clientTags"] == ["foo %20", "bar=test"]


def test_ui_query_page_responds(http):
    query_id = http.execute("SELECT 1").assert_ok().query_id
    response = http.request("GET", f"/ui/query.html?{query_id}", headers={})
    assert response.status_code in (200, 301, 302, 303, 307, 308), response.status_code


def test_head_statement_with_user(http):
    assert http.request("HEAD", "/v1/statement", headers={"X-Trino-User": "test"}).status_code == 200


def test_head_statement_without_user_is_401(http):
    assert http.request("HEAD", "/v1/statement", headers={}).status_code == 401


def test_metrics_openmetrics_text(http):
    response = http.request("GET", "/metrics", headers={"X-Trino-User": "test"})
    assert response.status_code == 200
    lines = response.text.splitlines()
    types = [line for line in lines if re.match(r"^# TYPE \S+ (gauge|counter|summary|histogram|"
                                                r"untyped|unknown|info|stateset|gaugehistogram)$",
                                                line)]
    samples = [line for line in lines if re.match(r"^[a-zA-Z_:][a-zA-Z0-9_:]*(\{.*\})? \S+", line)]
    assert types and samples, response.text[:500]


# ---------------------------------------------------------------------------------------------
# system catalog and information_schema tables clients rely on (§6.6)


def test_system_runtime_nodes(http):
    run = http.execute("SELECT node_id, http_uri, node_version, coordinator, state "
                       "FROM system.runtime.nodes").assert_ok()
    assert run.column_types == ["varchar", "varchar", "varchar", "boolean", "varchar"]
    assert len(run.rows) == 1, run.rows
    node_id, http_uri, node_version, coordinator, _ = run.rows[0]
    assert node_version == SERVER_VERSION
    assert coordinator is True
    assert node_id and http_uri.startswith("http")


def test_system_runtime_queries_lists_finished_query(http):
    query_id = http.execute("SELECT 1", headers={"X-Trino-Source": "e2e-queries"}).assert_ok().query_id
    run = http.execute("SELECT query_id, state, user, source, query, resource_group_id, "
                       "queued_time_ms, created, \"end\", error_type, error_code "
                       f"FROM system.runtime.queries WHERE query_id = '{query_id}'").assert_ok()
    assert run.column_types == ["varchar", "varchar", "varchar", "varchar", "varchar",
                                "array(varchar)", "bigint", "timestamp(3) with time zone",
                                "timestamp(3) with time zone", "varchar", "varchar"]
    assert [row[:5] for row in run.rows] == [[query_id, "FINISHED", "test", "e2e-queries",
                                              "SELECT 1"]]


def test_system_metadata_catalogs(http):
    run = http.execute("SELECT catalog_name, connector_name FROM system.metadata.catalogs "
                       "ORDER BY catalog_name").assert_ok()
    assert run.rows == [["memory", "memory"], ["system", "system"], ["tpch", "tpch"]]


def test_system_metadata_table_comments_columns(http):
    run = http.execute("SELECT * FROM system.metadata.table_comments "
                       "WHERE catalog_name = 'tpch' AND schema_name = 'tiny' "
                       "AND table_name = 'nation'").assert_ok()
    assert list(zip(run.column_names, run.column_types)) == [
        ("catalog_name", "varchar"), ("schema_name", "varchar"), ("table_name", "varchar"),
        ("comment", "varchar")]
    assert run.rows == [["tpch", "tiny", "nation", None]]


def test_system_metadata_materialized_views_columns(http):
    run = http.execute("SELECT * FROM system.metadata.materialized_views").assert_ok()
    assert list(zip(run.column_names, run.column_types)) == [
        ("catalog_name", "varchar"), ("schema_name", "varchar"), ("name", "varchar"),
        ("storage_catalog", "varchar"), ("storage_schema", "varchar"),
        ("storage_table", "varchar"), ("freshness", "varchar"),
        ("last_fresh_time", "timestamp(9) with time zone"), ("comment", "varchar"),
        ("definition", "varchar")]
    assert run.rows == []


def test_information_schema_columns_hides_hidden_columns(http):
    run = http.execute("SELECT * FROM tpch.information_schema.columns "
                       "WHERE table_schema = 'tiny' AND table_name = 'region'").assert_ok()
    assert run.column_names == ["table_catalog", "table_schema", "table_name", "column_name",
                                "ordinal_position", "column_default", "is_nullable", "data_type"]
    assert sorted(run.rows, key=lambda row: row[4]) == [
        ["tpch", "tiny", "region", "regionkey", 1, None, "YES", "bigint"],
        ["tpch", "tiny", "region", "name", 2, None, "YES", "varchar(25)"],
        ["tpch", "tiny", "region", "comment", 3, None, "YES", "varchar(152)"],
    ]


def test_information_schema_tables_and_schemata(http):
    tables = http.execute("SELECT * FROM tpch.information_schema.tables "
                          "WHERE table_schema = 'tiny' ORDER BY table_name").assert_ok()
    assert tables.column_names == ["table_catalog", "table_schema", "table_name", "table_type"]
    assert [row[2:] for row in tables.rows] == [
        [name, "BASE TABLE"] for name in ["customer", "lineitem", "nation", "orders", "part",
                                           "partsupp", "region", "supplier"]]
    schemata = http.execute("SELECT * FROM tpch.information_schema.schemata "
                            "WHERE schema_name IN ('tiny', 'sf1') ORDER BY schema_name")
    assert schemata.assert_ok().column_names == ["catalog_name", "schema_name"]
    assert schemata.rows == [["tpch", "sf1"], ["tpch", "tiny"]]


def test_superset_kill_query_procedure(http):
    """Superset's cancel: `CALL system.runtime.kill_query(...)` with its exact SQL text."""
    victim = http.start("SELECT * FROM tpch.sf1.lineitem")
    query_id = victim.doc["id"]
    kill = http.execute(
        f"CALL system.runtime.kill_query(query_id => '{query_id}',message => 'Query cancelled by Superset')"
    ).assert_ok()
    assert kill.update_type == "CALL"
    info = http.wait_for_query_state(query_id, ["FAILED"])
    assert info["errorCode"]["name"] == "ADMINISTRATIVELY_KILLED"
    assert info["failureInfo"]["message"] == "Query killed. Message: Query cancelled by Superset"


def test_unknown_procedure_is_procedure_not_found(http):
    http.execute("CALL system.runtime.no_such_procedure()").assert_error("PROCEDURE_NOT_FOUND", 29)
