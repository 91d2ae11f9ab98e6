"""Replay of what the Trino JDBC driver, DBeaver and the Trino CLI send, over raw HTTP.

No registry reachable from here carries the JDBC driver, DBeaver or the CLI (they are Java
programs), so these tests cannot run them. Instead they send exactly what those clients put on
the wire (trino-protocol.md): the JDBC request headers of §1.6/§3.1, every DatabaseMetaData
SQL text of §3.5 verbatim (same newlines and irregular spacing, and the filter forms built by
TrinoDatabaseMetaData: `= '...'`, `LIKE '...' ESCAPE '\\'`, `IS NULL`, `IN (...)`, `false`),
DBeaver's sequence of §4 and the CLI's interactive queries of §5.4, and check the answers
against §3.6 and the TPC-H data (DuckDB's dbgen at the same scale).

Column names are compared case-insensitively, as JDBC's ResultSet.findColumn does; column types
are compared exactly.
"""

from __future__ import annotations

import urllib.parse

import pytest

from trino_http import CLI_HEADERS, JDBC_HEADERS, SERVER_VERSION, QueryRun, TrinoHttp, strict_json

DBEAVER_SOURCE = "DBeaver 24.2.4 - Main"
TPCH_TINY_TABLES = ["customer", "lineitem", "nation", "orders", "part", "partsupp", "region",
                    "supplier"]


# ---------------------------------------------------------------------------------------------
# SQL exactly as TrinoDatabaseMetaData builds it (§3.5)


def quote(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def equals_filter(column: str, value: str | None) -> list[str]:
    """emptyStringEqualsFilter: '' -> IS NULL, None -> no filter."""
    if value is None:
        return []
    return [f"{column} IS NULL"] if value == "" else [f"{column} = {quote(value)}"]


def like_filter(column: str, pattern: str | None, empty_is_null: bool) -> list[str]:
    """optionalStringLikeFilter / emptyStringLikeFilter."""
    if pattern is None:
        return []
    if pattern == "" and empty_is_null:
        return [f"{column} IS NULL"]
    return [f"{column} LIKE {quote(pattern)} ESCAPE '\\'"]


def in_filter(column: str, values: list[str] | None) -> list[str]:
    if values is None:
        return []
    if not values:
        return ["false"]
    return [f"{column} IN ({', '.join(quote(value) for value in values)})"]


def with_filters(select: str, filters: list[str], order_by: str) -> str:
    where = "\nWHERE " + " AND ".join(filters) if filters else ""
    return f"{select}{where}\n{order_by}"


GET_CATALOGS = "SELECT TABLE_CAT\nFROM system.jdbc.catalogs\nORDER BY TABLE_CAT"
GET_ALL_SCHEMAS = ("SELECT TABLE_SCHEM, TABLE_CATALOG\nFROM system.jdbc.schemas\n"
                   "ORDER BY TABLE_CATALOG, TABLE_SCHEM")
GET_TABLE_TYPES = "SELECT TABLE_TYPE\nFROM system.jdbc.table_types\nORDER BY TABLE_TYPE"
GET_TYPE_INFO = (
    "SELECT TYPE_NAME, DATA_TYPE, PRECISION, LITERAL_PREFIX, LITERAL_SUFFIX,\n"
    "CREATE_PARAMS, NULLABLE, CASE_SENSITIVE, SEARCHABLE, UNSIGNED_ATTRIBUTE,\n"
    "FIXED_PREC_SCALE, AUTO_INCREMENT, LOCAL_TYPE_NAME, MINIMUM_SCALE, MAXIMUM_SCALE,\n"
    "SQL_DATA_TYPE, SQL_DATETIME_SUB, NUM_PREC_RADIX\n"
    "FROM system.jdbc.types\n"
    "ORDER BY DATA_TYPE"
)
GET_PRIMARY_KEYS = (
    "SELECT  CAST(NULL AS varchar) TABLE_CAT,  CAST(NULL AS varchar) TABLE_SCHEM,  "
    "CAST(NULL AS varchar) TABLE_NAME,  CAST(NULL AS varchar) COLUMN_NAME,  "
    "CAST(NULL AS smallint) KEY_SEQ,  CAST(NULL AS varchar) PK_NAME WHERE false"
)
GET_IMPORTED_KEYS = (
    "SELECT  CAST(NULL AS varchar) PKTABLE_CAT,  CAST(NULL AS varchar) PKTABLE_SCHEM,  "
    "CAST(NULL AS varchar) PKTABLE_NAME,  CAST(NULL AS varchar) PKCOLUMN_NAME,  "
    "CAST(NULL AS varchar) FKTABLE_CAT,  CAST(NULL AS varchar) FKTABLE_SCHEM,  "
    "CAST(NULL AS varchar) FKTABLE_NAME,  CAST(NULL AS varchar) FKCOLUMN_NAME,  "
    "CAST(NULL AS smallint) KEY_SEQ,  CAST(NULL AS smallint) UPDATE_RULE,  "
    "CAST(NULL AS smallint) DELETE_RULE,  CAST(NULL AS varchar) FK_NAME,  "
    "CAST(NULL AS varchar) PK_NAME,  CAST(NULL AS smallint) DEFERRABILITY WHERE false"
)
GET_PROCEDURES = (
    "SELECT PROCEDURE_CAT, PROCEDURE_SCHEM, PROCEDURE_NAME,\n"
    "   null, null, null, REMARKS, PROCEDURE_TYPE, SPECIFIC_NAME\n"
    "FROM system.jdbc.procedures\n"
    "ORDER BY PROCEDURE_CAT, PROCEDURE_SCHEM, PROCEDURE_NAME, SPECIFIC_NAME LIMIT 0"
)
GET_PROCEDURE_COLUMNS = (
    "SELECT PROCEDURE_CAT, PROCEDURE_SCHEM, PROCEDURE_NAME,   COLUMN_NAME, COLUMN_TYPE, "
    "DATA_TYPE, TYPE_NAME,\n"
    "  PRECISION, LENGTH, SCALE, RADIX,\n"
    "  NULLABLE, REMARKS, COLUMN_DEF, SQL_DATA_TYPE, SQL_DATETIME_SUB,\n"
    "  CHAR_OCTET_LENGTH, ORDINAL_POSITION, IS_NULLABLE, SPECIFIC_NAME\n"
    "FROM system.jdbc.procedure_columns\n"
    "ORDER BY PROCEDURE_CAT, PROCEDURE_SCHEM, PROCEDURE_NAME, SPECIFIC_NAME, COLUMN_NAME LIMIT 0"
)
GET_UDTS = (
    "SELECT TYPE_CAT, TYPE_SCHEM, TYPE_NAME,\n"
    "  CLASS_NAME, DATA_TYPE, REMARKS, BASE_TYPE\n"
    "FROM system.jdbc.udts\n"
    "ORDER BY DATA_TYPE, TYPE_CAT, TYPE_SCHEM, TYPE_NAME LIMIT 0"
)
GET_SUPER_TYPES = (
    "SELECT TYPE_CAT, TYPE_SCHEM, TYPE_NAME,\n"
    "  SUPERTYPE_CAT, SUPERTYPE_SCHEM, SUPERTYPE_NAME\n"
    "FROM system.jdbc.super_types\n"
    "ORDER BY TYPE_CAT, TYPE_SCHEM, TYPE_NAME LIMIT 0"
)
GET_SUPER_TABLES = (
    "SELECT TABLE_CAT, TABLE_SCHEM, TABLE_NAME, SUPERTABLE_NAME\n"
    "FROM system.jdbc.super_tables\n"
    "ORDER BY TABLE_CAT, TABLE_SCHEM, TABLE_NAME LIMIT 0"
)
GET_ATTRIBUTES = (
    "SELECT TYPE_CAT, TYPE_SCHEM, TYPE_NAME, ATTR_NAME, DATA_TYPE,\n"
    "  ATTR_TYPE_NAME, ATTR_SIZE, DECIMAL_DIGITS, NUM_PREC_RADIX, NULLABLE,\n"
    "  REMARKS, ATTR_DEF, SQL_DATA_TYPE, SQL_DATETIME_SUB, CHAR_OCTET_LENGTH,\n"
    "  ORDINAL_POSITION, IS_NULLABLE, SCOPE_CATALOG, SCOPE_SCHEMA, SCOPE_TABLE,\n"
    "SOURCE_DATA_TYPE\n"
    "FROM system.jdbc.attributes\n"
    "ORDER BY TYPE_CAT, TYPE_SCHEM, TYPE_NAME, ORDINAL_POSITION LIMIT 0"
)
GET_PSEUDO_COLUMNS = (
    "SELECT TABLE_CAT, TABLE_SCHEM, TABLE_NAME, COLUMN_NAME, DATA_TYPE,\n"
    "  COLUMN_SIZE, DECIMAL_DIGITS, NUM_PREC_RADIX, COLUMN_USAGE, REMARKS,\n"
    "  CHAR_OCTET_LENGTH, IS_NULLABLE\n"
    "FROM system.jdbc.pseudo_columns\n"
    "ORDER BY TABLE_CAT, table_SCHEM, TABLE_NAME, COLUMN_NAME LIMIT 0"
)


def get_schemas(catalog: str | None, schema_pattern: str | None) -> str:
    return with_filters(
        "SELECT TABLE_SCHEM, TABLE_CATALOG\nFROM system.jdbc.schemas",
        equals_filter("TABLE_CATALOG", catalog)
        + like_filter("TABLE_SCHEM", schema_pattern, empty_is_null=False),
        "ORDER BY TABLE_CATALOG, TABLE_SCHEM",
    )


def get_tables(catalog: str | None, schema_pattern: str | None, table_pattern: str | None,
               types: list[str] | None) -> str:
    return with_filters(
        "SELECT TABLE_CAT, TABLE_SCHEM, TABLE_NAME, TABLE_TYPE, REMARKS,\n"
        "  TYPE_CAT, TYPE_SCHEM, TYPE_NAME,   SELF_REFERENCING_COL_NAME, REF_GENERATION\n"
        "FROM system.jdbc.tables",
        equals_filter("TABLE_CAT", catalog)
        + like_filter("TABLE_SCHEM", schema_pattern, empty_is_null=True)
        + like_filter("TABLE_NAME", table_pattern, empty_is_null=False)
        + in_filter("TABLE_TYPE", types),
        "ORDER BY TABLE_TYPE, TABLE_CAT, TABLE_SCHEM, TABLE_NAME",
    )


def get_columns(catalog: str | None, schema_pattern: str | None, table_pattern: str | None,
                column_pattern: str | None) -> str:
    return with_filters(
        "SELECT TABLE_CAT, TABLE_SCHEM, TABLE_NAME, COLUMN_NAME, DATA_TYPE,\n"
        "  TYPE_NAME, COLUMN_SIZE, BUFFER_LENGTH, DECIMAL_DIGITS, NUM_PREC_RADIX,\n"
        "  NULLABLE, REMARKS, COLUMN_DEF, SQL_DATA_TYPE, SQL_DATETIME_SUB,\n"
        "  CHAR_OCTET_LENGTH, ORDINAL_POSITION, IS_NULLABLE,\n"
        "  SCOPE_CATALOG, SCOPE_SCHEMA, SCOPE_TABLE,\n"
        "  SOURCE_DATA_TYPE, IS_AUTOINCREMENT, IS_GENERATEDCOLUMN\n"
        "FROM system.jdbc.columns",
        equals_filter("TABLE_CAT", catalog)
        + like_filter("TABLE_SCHEM", schema_pattern, empty_is_null=True)
        + like_filter("TABLE_NAME", table_pattern, empty_is_null=False)
        + like_filter("COLUMN_NAME", column_pattern, empty_is_null=False),
        "ORDER BY TABLE_CAT, TABLE_SCHEM, TABLE_NAME, ORDINAL_POSITION",
    )


# DBeaver expanding schema `tiny` of catalog `tpch` (§3.5 example), byte for byte.
DBEAVER_GET_TABLES = (
    "SELECT TABLE_CAT, TABLE_SCHEM, TABLE_NAME, TABLE_TYPE, REMARKS,\n"
    "  TYPE_CAT, TYPE_SCHEM, TYPE_NAME,   SELF_REFERENCING_COL_NAME, REF_GENERATION\n"
    "FROM system.jdbc.tables\n"
    "WHERE TABLE_CAT = 'tpch' AND TABLE_SCHEM LIKE 'tiny' ESCAPE '\\' AND TABLE_NAME LIKE '%' "
    "ESCAPE '\\'\n"
    "ORDER BY TABLE_TYPE, TABLE_CAT, TABLE_SCHEM, TABLE_NAME"
)


# ---------------------------------------------------------------------------------------------
# expected result columns (§3.6)


def varchars(*names: str) -> list[tuple[str, str]]:
    return [(name, "varchar") for name in names]


CATALOGS_COLUMNS = varchars("table_cat")
SCHEMAS_COLUMNS = varchars("table_schem", "table_catalog")
TABLES_COLUMNS = varchars("table_cat", "table_schem", "table_name", "table_type", "remarks",
                          "type_cat", "type_schem", "type_name", "self_referencing_col_name",
                          "ref_generation")
TABLE_TYPES_COLUMNS = varchars("table_type")
COLUMNS_COLUMNS = [
    ("table_cat", "varchar"), ("table_schem", "varchar"), ("table_name", "varchar"),
    ("column_name", "varchar"), ("data_type", "bigint"), ("type_name", "varchar"),
    ("column_size", "bigint"), ("buffer_length", "bigint"), ("decimal_digits", "bigint"),
    ("num_prec_radix", "bigint"), ("nullable", "bigint"), ("remarks", "varchar"),
    ("column_def", "varchar"), ("sql_data_type", "bigint"), ("sql_datetime_sub", "bigint"),
    ("char_octet_length", "bigint"), ("ordinal_position", "bigint"), ("is_nullable", "varchar"),
    ("scope_catalog", "varchar"), ("scope_schema", "varchar"), ("scope_table", "varchar"),
    ("source_data_type", "bigint"), ("is_autoincrement", "varchar"),
    ("is_generatedcolumn", "varchar"),
]
TYPES_COLUMNS = [
    ("type_name", "varchar"), ("data_type", "bigint"), ("precision", "bigint"),
    ("literal_prefix", "varchar"), ("literal_suffix", "varchar"), ("create_params", "varchar"),
    ("nullable", "bigint"), ("case_sensitive", "boolean"), ("searchable", "bigint"),
    ("unsigned_attribute", "boolean"), ("fixed_prec_scale", "boolean"),
    ("auto_increment", "boolean"), ("local_type_name", "varchar"), ("minimum_scale", "bigint"),
    ("maximum_scale", "bigint"), ("sql_data_type", "bigint"), ("sql_datetime_sub", "bigint"),
    ("num_prec_radix", "bigint"),
]
PRIMARY_KEYS_COLUMNS = varchars("table_cat", "table_schem", "table_name", "column_name")[:4] + [
    ("key_seq", "smallint"), ("pk_name", "varchar")]
IMPORTED_KEYS_COLUMNS = varchars(
    "pktable_cat", "pktable_schem", "pktable_name", "pkcolumn_name", "fktable_cat",
    "fktable_schem", "fktable_name", "fkcolumn_name") + [
    ("key_seq", "smallint"), ("update_rule", "smallint"), ("delete_rule", "smallint"),
    ("fk_name", "varchar"), ("pk_name", "varchar"), ("deferrability", "smallint")]
PROCEDURES_COLUMNS = varchars("procedure_cat", "procedure_schem", "procedure_name") + [
    ("_col3", "unknown"), ("_col4", "unknown"), ("_col5", "unknown"), ("remarks", "varchar"),
    ("procedure_type", "bigint"), ("specific_name", "varchar")]
PROCEDURE_COLUMNS_COLUMNS = varchars(
    "procedure_cat", "procedure_schem", "procedure_name", "column_name") + [
    ("column_type", "bigint"), ("data_type", "bigint"), ("type_name", "varchar"),
    ("precision", "bigint"), ("length", "bigint"), ("scale", "bigint"), ("radix", "bigint"),
    ("nullable", "bigint"), ("remarks", "varchar"), ("column_def", "varchar"),
    ("sql_data_type", "bigint"), ("sql_datetime_sub", "bigint"), ("char_octet_length", "bigint"),
    ("ordinal_position", "bigint"), ("is_nullable", "varchar"), ("specific_name", "varchar")]
UDTS_COLUMNS = varchars("type_cat", "type_schem", "type_name", "class_name", "data_type",
                        "remarks", "base_type")
SUPER_TYPES_COLUMNS = varchars("type_cat", "type_schem", "type_name", "supertype_cat",
                               "supertype_schem", "supertype_name")
SUPER_TABLES_COLUMNS = varchars("table_cat", "table_schem", "table_name", "supertable_name")
ATTRIBUTES_COLUMNS = varchars("type_cat", "type_schem", "type_name", "attr_name") + [
    ("data_type", "bigint"), ("attr_type_name", "varchar"), ("attr_size", "bigint"),
    ("decimal_digits", "bigint"), ("num_prec_radix", "bigint"), ("nullable", "bigint"),
    ("remarks", "varchar"), ("attr_def", "varchar"), ("sql_data_type", "bigint"),
    ("sql_datetime_sub", "bigint"), ("char_octet_length", "bigint"),
    ("ordinal_position", "bigint"), ("is_nullable", "varchar"), ("scope_catalog", "varchar"),
    ("scope_schema", "varchar"), ("scope_table", "varchar"), ("source_data_type", "bigint")]
PSEUDO_COLUMNS_COLUMNS = varchars("table_cat", "table_schem", "table_name", "column_name") + [
    ("data_type", "bigint"), ("column_size", "bigint"), ("decimal_digits", "bigint"),
    ("num_prec_radix", "bigint"), ("column_usage", "varchar"), ("remarks", "varchar"),
    ("char_octet_length", "bigint"), ("is_nullable", "bigint")]

METADATA_CASES = {
    "getCatalogs": (GET_CATALOGS, CATALOGS_COLUMNS),
    "getSchemas": (GET_ALL_SCHEMAS, SCHEMAS_COLUMNS),
    "getSchemas(tpch,ti%)": (get_schemas("tpch", "ti%"), SCHEMAS_COLUMNS),
    "getSchemas(tpch,%)": (get_schemas("tpch", "%"), SCHEMAS_COLUMNS),
    "getSchemas('',null)": (get_schemas("", None), SCHEMAS_COLUMNS),
    "getTables(dbeaver)": (DBEAVER_GET_TABLES, TABLES_COLUMNS),
    "getTables(tpch,tiny,nation,[TABLE,VIEW])":
        (get_tables("tpch", "tiny", "nation", ["TABLE", "VIEW"]), TABLES_COLUMNS),
    "getTables(tpch,tiny,%,[])": (get_tables("tpch", "tiny", "%", []), TABLES_COLUMNS),
    "getTables('',tiny,%,null)": (get_tables("", "tiny", "%", None), TABLES_COLUMNS),
    "getTables(null,'',%,null)": (get_tables(None, "", "%", None), TABLES_COLUMNS),
    "getTables(null,null,null,null)": (get_tables(None, None, None, None), TABLES_COLUMNS),
    "getTableTypes": (GET_TABLE_TYPES, TABLE_TYPES_COLUMNS),
    "getColumns(tpch,tiny,nation,%)": (get_columns("tpch", "tiny", "nation", "%"), COLUMNS_COLUMNS),
    "getColumns(null,tiny,nation,name)":
        (get_columns(None, "tiny", "nation", "name"), COLUMNS_COLUMNS),
    "getColumns(tpch,'',%,%)": (get_columns("tpch", "", "%", "%"), COLUMNS_COLUMNS),
    "getTypeInfo": (GET_TYPE_INFO, TYPES_COLUMNS),
    "getPrimaryKeys": (GET_PRIMARY_KEYS, PRIMARY_KEYS_COLUMNS),
    "getImportedKeys": (GET_IMPORTED_KEYS, IMPORTED_KEYS_COLUMNS),
    "getProcedures": (GET_PROCEDURES, PROCEDURES_COLUMNS),
    "getProcedureColumns": (GET_PROCEDURE_COLUMNS, PROCEDURE_COLUMNS_COLUMNS),
    "getUDTs": (GET_UDTS, UDTS_COLUMNS),
    "getSuperTypes": (GET_SUPER_TYPES, SUPER_TYPES_COLUMNS),
    "getSuperTables": (GET_SUPER_TABLES, SUPER_TABLES_COLUMNS),
    "getAttributes": (GET_ATTRIBUTES, ATTRIBUTES_COLUMNS),
    "getPseudoColumns": (GET_PSEUDO_COLUMNS, PSEUDO_COLUMNS_COLUMNS),
}

# java.sql.Types codes (§3.6)
BIGINT, INTEGER, VARCHAR, DOUBLE, DATE = -5, 4, 12, 8, 91


# ---------------------------------------------------------------------------------------------
# fixtures and helpers


@pytest.fixture
def jdbc(coordinator) -> TrinoHttp:
    client = TrinoHttp(coordinator.base_url, headers=JDBC_HEADERS)
    yield client
    client.session.close()


@pytest.fixture
def dbeaver(coordinator) -> TrinoHttp:
    client = TrinoHttp(coordinator.base_url,
                       headers={**JDBC_HEADERS, "X-Trino-Source": DBEAVER_SOURCE})
    yield client
    client.session.close()


def metadata(client: TrinoHttp, sql: str) -> QueryRun:
    run = client.execute(sql).assert_ok()
    assert "updateType" not in run.last, "metadata queries are queries, not updates"
    return run


def columns_of(run: QueryRun) -> list[tuple[str, str]]:
    return [(name.lower(), type_) for name, type_ in zip(run.column_names, run.column_types)]


def records(run: QueryRun) -> list[dict]:
    names = [name.lower() for name in run.column_names]
    return [dict(zip(names, row)) for row in run.rows]


def prepare_and_execute(client: TrinoHttp, name: str, sql: str, execute: str) -> QueryRun:
    """JDBC prepareStatement + executeQuery: PREPARE, then EXECUTE with the header it added."""
    prepared = client.execute(f"PREPARE {name} FROM {sql}").assert_ok()
    assert prepared.update_type == "PREPARE"
    added = prepared.header_values("X-Trino-Added-Prepare")
    assert added, "PREPARE must return X-Trino-Added-Prepare"
    added_name, _, added_sql = added[-1].partition("=")
    assert urllib.parse.unquote_plus(added_name) == name
    assert urllib.parse.unquote_plus(added_sql) == sql
    # JDBC re-encodes with URLEncoder ('+' for spaces) into X-Trino-Prepared-Statement.
    header = f"{name}={urllib.parse.quote_plus(sql)}"
    return client.execute(execute, headers={"X-Trino-Prepared-Statement": header}).assert_ok()


# ---------------------------------------------------------------------------------------------
# DatabaseMetaData SQL: columns of every call (§3.5, §3.6)


@pytest.mark.parametrize(("sql", "expected_columns"), list(METADATA_CASES.values()),
                         ids=list(METADATA_CASES))
def test_metadata_sql_result_columns(jdbc, sql, expected_columns):
    assert columns_of(metadata(jdbc, sql)) == expected_columns


@pytest.mark.parametrize("sql", [GET_PRIMARY_KEYS, GET_IMPORTED_KEYS, GET_PROCEDURES,
                                 GET_PROCEDURE_COLUMNS, GET_UDTS, GET_SUPER_TYPES,
                                 GET_SUPER_TABLES, GET_ATTRIBUTES, GET_PSEUDO_COLUMNS],
                         ids=["getPrimaryKeys", "getImportedKeys", "getProcedures",
                              "getProcedureColumns", "getUDTs", "getSuperTypes", "getSuperTables",
                              "getAttributes", "getPseudoColumns"])
def test_metadata_sql_that_must_be_empty(jdbc, sql):
    assert metadata(jdbc, sql).rows == []


# ---------------------------------------------------------------------------------------------
# DatabaseMetaData: row semantics


def test_get_user_name(jdbc):
    assert metadata(jdbc, "SELECT current_user").rows == [["test"]]


def test_get_database_product_version(jdbc):
    response = jdbc.request("GET", "/v1/info", headers={})
    assert response.status_code == 200
    info = strict_json(response.content)
    version = info["nodeVersion"]["version"]
    assert version == SERVER_VERSION
    assert isinstance(info["environment"], str)
    # getDatabaseMajorVersion/MinorVersion: Integer.parseInt of the '.'-separated parts.
    parts = version.split(".", 2)
    assert int(parts[0]) == 466
    assert (int(parts[1]) if len(parts) > 1 else 0) == 0
    assert metadata(jdbc, "SELECT version()").rows == [[SERVER_VERSION]]


def test_get_catalogs_rows(jdbc):
    assert metadata(jdbc, GET_CATALOGS).rows == [["memory"], ["system"], ["tpch"]]


def test_get_all_schemas_rows(jdbc):
    rows = metadata(jdbc, GET_ALL_SCHEMAS).rows
    assert rows == sorted(rows, key=lambda row: (row[1], row[0]))
    expected = {("tiny", "tpch"), ("sf1", "tpch"), ("information_schema", "tpch"),
                ("default", "memory"), ("information_schema", "memory"), ("jdbc", "system"),
                ("runtime", "system"), ("metadata", "system"), ("information_schema", "system")}
    missing = expected - {tuple(row) for row in rows}
    assert not missing, f"missing schemas {sorted(missing)} in {rows}"


def test_get_schemas_with_pattern_rows(jdbc):
    assert metadata(jdbc, get_schemas("tpch", "ti%")).rows == [["tiny", "tpch"]]
    assert metadata(jdbc, get_schemas("", None)).rows == []


def test_get_table_types_rows(jdbc):
    assert metadata(jdbc, GET_TABLE_TYPES).rows == [["TABLE"], ["VIEW"]]


def test_dbeaver_get_tables_rows(jdbc):
    assert metadata(jdbc, DBEAVER_GET_TABLES).rows == [
        ["tpch", "tiny", name, "TABLE", None, None, None, None, None, None]
        for name in TPCH_TINY_TABLES
    ]


def test_get_tables_filters(jdbc):
    def names(sql: str) -> list[str]:
        return [row[2] for row in metadata(jdbc, sql).rows]

    assert names(get_tables("tpch", "tiny", "nation", ["TABLE", "VIEW"])) == ["nation"]
    assert names(get_tables("tpch", "tiny", "%", [])) == []
    assert names(get_tables("", "tiny", "%", None)) == []
    assert names(get_tables(None, "", "%", None)) == []
    # `_` is a LIKE wildcard unless escaped with the search-string escape `\`.
    assert names(get_tables("tpch", "tiny", "na_ion", None)) == ["nation"]
    assert names(get_tables("tpch", "tiny", "na\\_ion", None)) == []


def test_get_tables_unfiltered_contains_tpch_and_system_tables(jdbc):
    rows = {(row[0], row[1], row[2]): row[3] for row in
            metadata(jdbc, get_tables(None, None, None, None)).rows}
    assert rows[("tpch", "tiny", "nation")] == "TABLE"
    assert rows[("system", "jdbc", "columns")] == "TABLE"
    assert rows[("system", "runtime", "nodes")] == "TABLE"
    assert set(rows.values()) <= {"TABLE", "VIEW"}


def column_row(table: str, ordinal: int, name: str, data_type: int, type_name: str,
               column_size: int | None, num_prec_radix: int | None) -> dict:
    return {"table_cat": "tpch", "table_schem": "tiny", "table_name": table, "column_name": name,
            "data_type": data_type, "type_name": type_name, "column_size": column_size,
            "decimal_digits": None, "num_prec_radix": num_prec_radix, "nullable": 1,
            "is_nullable": "YES", "ordinal_position": ordinal}


CHECKED_COLUMN_FIELDS = list(column_row("t", 1, "c", 0, "", None, None))

NATION_COLUMNS = [
    column_row("nation", 1, "nationkey", BIGINT, "bigint", 19, 10),
    column_row("nation", 2, "name", VARCHAR, "varchar(25)", 25, None),
    column_row("nation", 3, "regionkey", BIGINT, "bigint", 19, 10),
    column_row("nation", 4, "comment", VARCHAR, "varchar(152)", 152, None),
]

ORDERS_COLUMNS = [
    column_row("orders", 1, "orderkey", BIGINT, "bigint", 19, 10),
    column_row("orders", 2, "custkey", BIGINT, "bigint", 19, 10),
    column_row("orders", 3, "orderstatus", VARCHAR, "varchar(1)", 1, None),
    column_row("orders", 4, "totalprice", DOUBLE, "double", 53, 2),
    column_row("orders", 5, "orderdate", DATE, "date", 14, None),
    column_row("orders", 6, "orderpriority", VARCHAR, "varchar(15)", 15, None),
    column_row("orders", 7, "clerk", VARCHAR, "varchar(15)", 15, None),
    column_row("orders", 8, "shippriority", INTEGER, "integer", 10, 10),
    column_row("orders", 9, "comment", VARCHAR, "varchar(79)", 79, None),
]


def checked_fields(rows: list[dict]) -> list[dict]:
    return [{key: row[key] for key in CHECKED_COLUMN_FIELDS} for row in rows]


@pytest.mark.parametrize(("table", "expected"), [("nation", NATION_COLUMNS),
                                                 ("orders", ORDERS_COLUMNS)])
def test_get_columns_rows(jdbc, table, expected):
    rows = records(metadata(jdbc, get_columns("tpch", "tiny", table, "%")))
    assert checked_fields(rows) == expected
    for row in rows:
        assert row["buffer_length"] == 0
        assert row["remarks"] is None
        for key in ("column_def", "sql_data_type", "sql_datetime_sub", "scope_catalog",
                    "scope_schema", "scope_table", "source_data_type"):
            assert row[key] is None, f"{row['column_name']}.{key} = {row[key]!r}"


def test_get_columns_with_column_pattern(jdbc):
    rows = records(metadata(jdbc, get_columns(None, "tiny", "nation", "name")))
    assert checked_fields(rows) == [NATION_COLUMNS[1]]
    assert metadata(jdbc, get_columns("tpch", "", "%", "%")).rows == []


def test_get_type_info_rows(jdbc):
    rows = records(metadata(jdbc, GET_TYPE_INFO))
    data_types = [row["data_type"] for row in rows]
    assert data_types == sorted(data_types), "ORDER BY DATA_TYPE"
    by_name = {row["type_name"]: row for row in rows}
    expected_codes = {
        "varchar": 2000, "char": 2000, "decimal": 2000, "time": 2000, "timestamp": 2000,
        "time with time zone": 2000, "timestamp with time zone": 2000, "array": 2003,
        "boolean": 16, "bigint": BIGINT, "integer": INTEGER, "smallint": 5, "tinyint": -6,
        "real": 7, "double": DOUBLE, "varbinary": -3, "date": DATE, "json": 2000,
        "uuid": 2000, "ipaddress": 2000, "map": 2000, "row": 2000,
    }
    missing = sorted(set(expected_codes) - set(by_name))
    assert not missing, f"types missing from system.jdbc.types: {missing}"
    assert {name: by_name[name]["data_type"] for name in expected_codes} == expected_codes
    for name, precision, radix in (("bigint", 19, 10), ("double", 53, 2)):
        row = by_name[name]
        assert (row["precision"], row["nullable"], row["case_sensitive"], row["searchable"],
                row["fixed_prec_scale"], row["minimum_scale"], row["maximum_scale"],
                row["num_prec_radix"]) == (precision, 1, False, 3, False, 0, 0, radix), row


# ---------------------------------------------------------------------------------------------
# JDBC statement behaviour


def test_jdbc_query_timeout_session_property(jdbc):
    """Statement.setQueryTimeout(30) adds the session property query_max_run_time=30s."""
    run = jdbc.execute("SELECT 1", headers={"X-Trino-Session": "query_max_run_time=30s"})
    assert run.assert_ok().rows == [[1]]
    info = jdbc.query_info(run.query_id)
    assert info.status_code == 200
    assert strict_json(info.content)["session"]["systemProperties"] == {"query_max_run_time": "30s"}


def test_jdbc_prepared_statement_with_parameters(jdbc):
    run = prepare_and_execute(jdbc, "statement1",
                              "SELECT nationkey, name, regionkey FROM tpch.tiny.nation "
                              "WHERE nationkey = ?",
                              "EXECUTE statement1 USING BIGINT '3'")
    assert run.rows == [[3, "CANADA", 1]]
    header = "statement1=" + urllib.parse.quote_plus(
        "SELECT nationkey, name, regionkey FROM tpch.tiny.nation WHERE nationkey = ?")
    empty = jdbc.execute("EXECUTE statement1 USING CAST(NULL AS BIGINT)",
                         headers={"X-Trino-Prepared-Statement": header})
    assert empty.assert_ok().rows == []


def test_jdbc_typed_parameter_literals(jdbc):
    run = prepare_and_execute(
        jdbc, "statement1", "SELECT ?, ?, ?, ?, ?, ?, ?, ?",
        "EXECUTE statement1 USING true, TINYINT '1', DOUBLE 'NaN', DECIMAL '1.50', 'it''s', "
        "X'0A0B', DATE '2020-01-02', TIMESTAMP '2020-01-02 03:04:05.678'",
    )
    assert run.column_types == ["boolean", "tinyint", "double", "decimal(3, 2)", "varchar(4)",
                                "varbinary", "date", "timestamp(3)"]
    assert run.rows == [[True, 1, "NaN", "1.50", "it's", "Cgs=", "2020-01-02",
                         "2020-01-02 03:04:05.678"]]


@pytest.mark.parametrize("access", ["READ WRITE", "READ ONLY"])
def test_jdbc_manual_commit_flow(jdbc, access):
    start = jdbc.execute(f"START TRANSACTION ISOLATION LEVEL READ UNCOMMITTED, {access}")
    assert start.assert_ok().update_type == "START TRANSACTION"
    (transaction_id,) = set(start.header_values("X-Trino-Started-Transaction-Id"))
    in_transaction = {"X-Trino-Transaction-Id": transaction_id}
    assert jdbc.rows("SELECT count(*) FROM tpch.tiny.region", headers=in_transaction) == [[5]]
    end = jdbc.execute("COMMIT" if access == "READ WRITE" else "ROLLBACK", headers=in_transaction)
    assert set(end.assert_ok().header_values("X-Trino-Clear-Transaction-Id")) == {"true"}


# ---------------------------------------------------------------------------------------------
# DBeaver (§4)


def test_dbeaver_connect_sequence(dbeaver):
    info = dbeaver.request("GET", "/v1/info", headers={})
    assert strict_json(info.content)["nodeVersion"]["version"] == SERVER_VERSION
    metadata(dbeaver, GET_TYPE_INFO)
    catalogs = metadata(dbeaver, GET_CATALOGS)
    assert ["tpch"] in catalogs.rows
    session = strict_json(dbeaver.query_info(catalogs.query_id).content)["session"]
    assert session["source"] == DBEAVER_SOURCE


def test_dbeaver_navigator_expands_tpch_tiny(dbeaver):
    schemas = metadata(dbeaver, get_schemas("tpch", "%")).rows
    assert ["tiny", "tpch"] in schemas
    tables = metadata(dbeaver, DBEAVER_GET_TABLES).rows
    assert [row[2] for row in tables] == TPCH_TINY_TABLES
    columns = records(metadata(dbeaver, get_columns("tpch", "tiny", "nation", "%")))
    assert checked_fields(columns) == NATION_COLUMNS
    assert metadata(dbeaver, GET_PRIMARY_KEYS).rows == []
    assert metadata(dbeaver, GET_IMPORTED_KEYS).rows == []
    assert metadata(dbeaver, GET_PROCEDURES).rows == []


def test_dbeaver_show_create_table_via_prepare(dbeaver):
    run = prepare_and_execute(dbeaver, "statement1", "SHOW CREATE TABLE tpch.tiny.nation",
                              "EXECUTE statement1")
    assert run.column_names == ["Create Table"]
    assert len(run.rows) == 1
    ddl = " ".join(run.rows[0][0].split())
    assert ddl == ("CREATE TABLE tpch.tiny.nation ( nationkey bigint, name varchar(25), "
                   "regionkey bigint, comment varchar(152) )")


def test_dbeaver_data_tab_limit_200(dbeaver, duckdb_tpch):
    run = metadata(dbeaver, "SELECT * FROM tpch.tiny.nation\nLIMIT 200")
    assert columns_of(run) == [("nationkey", "bigint"), ("name", "varchar(25)"),
                               ("regionkey", "bigint"), ("comment", "varchar(152)")]
    # DuckDB's dbgen writes different free text than the official dbgen (and Trino): compare
    # the other columns with DuckDB and a comment with the published nation.tbl.
    expected = duckdb_tpch.execute(
        "SELECT n_nationkey, n_name, n_regionkey FROM nation").fetchall()
    assert sorted(tuple(row[:3]) for row in run.rows) == sorted(expected)
    algeria = next(row for row in run.rows if row[0] == 0)
    assert algeria[3] == " haggle. carefully final deposits detect slyly agai"


def test_dbeaver_row_count_via_prepare(dbeaver):
    run = prepare_and_execute(dbeaver, "statement2", "SELECT COUNT(*) FROM tpch.tiny.nation",
                              "EXECUTE statement2")
    assert run.rows == [[25]]


# ---------------------------------------------------------------------------------------------
# Trino CLI (§5.4) and the Helm chart's test


@pytest.fixture
def cli(coordinator) -> TrinoHttp:
    client = TrinoHttp(coordinator.base_url,
                       headers={**CLI_HEADERS, "X-Trino-Catalog": "tpch", "X-Trino-Schema": "tiny"})
    yield client
    client.session.close()


def test_cli_show_functions(cli):
    run = cli.execute("SHOW FUNCTIONS").assert_ok()
    assert run.column_names[0] == "Function"
    names = {row[0] for row in run.rows}
    missing = {"abs", "count", "sum", "max", "lower", "date_trunc"} - names
    assert not missing, f"SHOW FUNCTIONS lacks {sorted(missing)}"
    assert run.column_names == ["Function", "Return Type", "Argument Types", "Function Type",
                                "Deterministic", "Description"]
    signatures = {tuple(row[:5]) for row in run.rows}
    # Trino's own rows for these signatures (Trino docs functions/math.md, functions/regexp.md).
    assert ("sqrt", "double", "double", "scalar", True) in signatures
    assert ("regexp_like", "boolean", "varchar, varchar", "scalar", True) in signatures
    assert not any(name.startswith(("__", "trino_")) for name in names)


def test_cli_table_name_completion_query(cli):
    rows = cli.rows("SELECT table_name FROM information_schema.tables WHERE table_schema = 'tiny'")
    assert sorted(row[0] for row in rows) == TPCH_TINY_TABLES


def test_helm_test_cli_query(coordinator):
    client = TrinoHttp(coordinator.base_url, headers={**CLI_HEADERS, "X-Trino-User": "admin",
                                                      "X-Trino-Original-User": "admin"})
    assert client.rows("SELECT COUNT(*) FROM tpch.tiny.nation") == [[25]]
