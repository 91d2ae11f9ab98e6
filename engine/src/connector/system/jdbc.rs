//! `system.jdbc`: the tables behind the Trino JDBC driver's `DatabaseMetaData`, with
//! Trino's exact columns and row semantics.

use std::sync::Arc;

use arrow::array::RecordBatch;
use arrow::datatypes::SchemaRef;
use async_trait::async_trait;
use datafusion::error::Result;
use datafusion::execution::SessionState;
use protocol::types::TrinoType;

use crate::connector::listing::{self, Scope, TableKind};
use crate::connector::table::{Columns, ComputedTable, schema_of};

/// `java.sql.Types` codes Trino reports.
mod sql_types {
    pub const BOOLEAN: i64 = 16;
    pub const BIGINT: i64 = -5;
    pub const INTEGER: i64 = 4;
    pub const SMALLINT: i64 = 5;
    pub const TINYINT: i64 = -6;
    pub const REAL: i64 = 7;
    pub const DOUBLE: i64 = 8;
    pub const DECIMAL: i64 = 3;
    pub const VARCHAR: i64 = 12;
    pub const CHAR: i64 = 1;
    pub const VARBINARY: i64 = -3;
    pub const DATE: i64 = 91;
    pub const TIME: i64 = 92;
    pub const TIME_WITH_TIMEZONE: i64 = 2013;
    pub const TIMESTAMP: i64 = 93;
    pub const TIMESTAMP_WITH_TIMEZONE: i64 = 2014;
    pub const ARRAY: i64 = 2003;
    pub const JAVA_OBJECT: i64 = 2000;
}

/// Longest time zone id Trino knows (`America/Argentina/ComodRivadavia`), used in the
/// column size of `timestamp with time zone`.
const MAX_ZONE_ID_LENGTH: i64 = 32;

const UNBOUNDED: i64 = i32::MAX as i64;

pub(super) fn tables() -> Vec<(&'static str, Arc<dyn ComputedTable>)> {
    vec![
        ("attributes", empty(ATTRIBUTES)),
        ("catalogs", Arc::new(Catalogs)),
        ("columns", Arc::new(ColumnsTable)),
        ("procedure_columns", empty(PROCEDURE_COLUMNS)),
        ("procedures", empty(PROCEDURES)),
        ("pseudo_columns", empty(PSEUDO_COLUMNS)),
        ("schemas", Arc::new(Schemas)),
        ("super_tables", empty(SUPER_TABLES)),
        ("super_types", empty(SUPER_TYPES)),
        ("table_types", Arc::new(TableTypes)),
        ("tables", Arc::new(Tables)),
        ("types", Arc::new(Types)),
        ("udts", empty(UDTS)),
    ]
}

/// The JDBC type code of a Trino type.
pub fn jdbc_type(ty: &TrinoType) -> i64 {
    use sql_types::*;
    match ty {
        TrinoType::Boolean => BOOLEAN,
        TrinoType::Bigint => BIGINT,
        TrinoType::Integer => INTEGER,
        TrinoType::Smallint => SMALLINT,
        TrinoType::Tinyint => TINYINT,
        TrinoType::Real => REAL,
        TrinoType::Double => DOUBLE,
        TrinoType::Decimal { .. } => DECIMAL,
        TrinoType::Varchar(_) => VARCHAR,
        TrinoType::Char(_) => CHAR,
        TrinoType::Varbinary => VARBINARY,
        TrinoType::Date => DATE,
        TrinoType::Time { .. } => TIME,
        TrinoType::TimeWithTimeZone { .. } => TIME_WITH_TIMEZONE,
        TrinoType::Timestamp { .. } => TIMESTAMP,
        TrinoType::TimestampWithTimeZone { .. } => TIMESTAMP_WITH_TIMEZONE,
        TrinoType::Array(_) => ARRAY,
        _ => JAVA_OBJECT,
    }
}

/// `column_size` of `system.jdbc.columns`.
fn column_size(ty: &TrinoType) -> Option<i64> {
    let fraction = |p: u8| i64::from(p.min(1)) + i64::from(p);
    match ty {
        TrinoType::Bigint => Some(19),
        TrinoType::Integer => Some(10),
        TrinoType::Smallint => Some(5),
        TrinoType::Tinyint => Some(3),
        TrinoType::Decimal { precision, .. } => Some(i64::from(*precision)),
        TrinoType::Real => Some(24),
        TrinoType::Double => Some(53),
        TrinoType::Varchar(length) => Some(length.map_or(UNBOUNDED, i64::from)),
        TrinoType::Char(length) => Some(i64::from(*length)),
        TrinoType::Varbinary => Some(UNBOUNDED),
        TrinoType::Time { precision: p } => Some(8 + fraction(*p)),
        TrinoType::TimeWithTimeZone { precision: p } => Some(8 + fraction(*p) + 6),
        TrinoType::Date => Some(14),
        TrinoType::Timestamp { precision: p } => Some(21 + fraction(*p)),
        TrinoType::TimestampWithTimeZone { precision: p } => {
            Some(1 + 6 + 15 + fraction(*p) + 1 + MAX_ZONE_ID_LENGTH)
        }
        _ => None,
    }
}

/// `decimal_digits`: decimal scale or time/timestamp precision.
fn decimal_digits(ty: &TrinoType) -> Option<i64> {
    match ty {
        TrinoType::Decimal { scale, .. } => Some(i64::from(*scale)),
        TrinoType::Time { precision: p }
        | TrinoType::TimeWithTimeZone { precision: p }
        | TrinoType::Timestamp { precision: p }
        | TrinoType::TimestampWithTimeZone { precision: p } => Some(i64::from(*p)),
        _ => None,
    }
}

fn num_prec_radix(ty: &TrinoType) -> Option<i64> {
    match ty {
        TrinoType::Tinyint
        | TrinoType::Smallint
        | TrinoType::Integer
        | TrinoType::Bigint
        | TrinoType::Decimal { .. } => Some(10),
        TrinoType::Real | TrinoType::Double => Some(2),
        _ => None,
    }
}

fn char_octet_length(ty: &TrinoType) -> Option<i64> {
    match ty {
        TrinoType::Varchar(_) | TrinoType::Char(_) | TrinoType::Varbinary => column_size(ty),
        _ => None,
    }
}

#[derive(Debug)]
struct Catalogs;

#[async_trait]
impl ComputedTable for Catalogs {
    fn schema(&self) -> SchemaRef {
        schema_of(&[("table_cat", "varchar")])
    }

    async fn rows(&self, session: &SessionState) -> Result<RecordBatch> {
        let mut names = session.catalog_list().catalog_names();
        names.sort();
        Columns::new()
            .strings(names.iter().map(Some))
            .finish(&self.schema())
    }
}

#[derive(Debug)]
struct Schemas;

#[async_trait]
impl ComputedTable for Schemas {
    fn schema(&self) -> SchemaRef {
        schema_of(&[("table_schem", "varchar"), ("table_catalog", "varchar")])
    }

    async fn rows(&self, session: &SessionState) -> Result<RecordBatch> {
        let schemas = listing::schemas(session.catalog_list().as_ref(), &Scope::default());
        Columns::new()
            .strings(schemas.iter().map(|(_, s)| Some(s)))
            .strings(schemas.iter().map(|(c, _)| Some(c)))
            .finish(&self.schema())
    }
}

#[derive(Debug)]
struct Tables;

#[async_trait]
impl ComputedTable for Tables {
    fn schema(&self) -> SchemaRef {
        schema_of(&[
            ("table_cat", "varchar"),
            ("table_schem", "varchar"),
            ("table_name", "varchar"),
            ("table_type", "varchar"),
            ("remarks", "varchar"),
            ("type_cat", "varchar"),
            ("type_schem", "varchar"),
            ("type_name", "varchar"),
            ("self_referencing_col_name", "varchar"),
            ("ref_generation", "varchar"),
        ])
    }

    async fn rows(&self, session: &SessionState) -> Result<RecordBatch> {
        let tables = listing::tables(session.catalog_list().as_ref(), &Scope::default()).await?;
        let none = || tables.iter().map(|_| None::<&str>);
        Columns::new()
            .strings(tables.iter().map(|t| Some(&t.catalog)))
            .strings(tables.iter().map(|t| Some(&t.schema)))
            .strings(tables.iter().map(|t| Some(&t.table)))
            .strings(tables.iter().map(|t| {
                Some(match t.kind {
                    TableKind::Table => "TABLE",
                    TableKind::View => "VIEW",
                })
            }))
            .strings(none())
            .strings(none())
            .strings(none())
            .strings(none())
            .strings(none())
            .strings(none())
            .finish(&self.schema())
    }
}

#[derive(Debug)]
struct TableTypes;

#[async_trait]
impl ComputedTable for TableTypes {
    fn schema(&self) -> SchemaRef {
        schema_of(&[("table_type", "varchar")])
    }

    async fn rows(&self, _session: &SessionState) -> Result<RecordBatch> {
        Columns::new()
            .strings([Some("TABLE"), Some("VIEW")])
            .finish(&self.schema())
    }
}

#[derive(Debug)]
struct ColumnsTable;

#[async_trait]
impl ComputedTable for ColumnsTable {
    fn schema(&self) -> SchemaRef {
        schema_of(&[
            ("table_cat", "varchar"),
            ("table_schem", "varchar"),
            ("table_name", "varchar"),
            ("column_name", "varchar"),
            ("data_type", "bigint"),
            ("type_name", "varchar"),
            ("column_size", "bigint"),
            ("buffer_length", "bigint"),
            ("decimal_digits", "bigint"),
            ("num_prec_radix", "bigint"),
            ("nullable", "bigint"),
            ("remarks", "varchar"),
            ("column_def", "varchar"),
            ("sql_data_type", "bigint"),
            ("sql_datetime_sub", "bigint"),
            ("char_octet_length", "bigint"),
            ("ordinal_position", "bigint"),
            ("is_nullable", "varchar"),
            ("scope_catalog", "varchar"),
            ("scope_schema", "varchar"),
            ("scope_table", "varchar"),
            ("source_data_type", "bigint"),
            ("is_autoincrement", "varchar"),
            ("is_generatedcolumn", "varchar"),
        ])
    }

    async fn rows(&self, session: &SessionState) -> Result<RecordBatch> {
        let tables = listing::tables(session.catalog_list().as_ref(), &Scope::default()).await?;
        let rows = listing::column_rows(&tables);
        let no_text = || rows.iter().map(|_| None::<&str>);
        let no_int = || rows.iter().map(|_| None::<i64>);
        Columns::new()
            .strings(rows.iter().map(|(t, _, _)| Some(&t.catalog)))
            .strings(rows.iter().map(|(t, _, _)| Some(&t.schema)))
            .strings(rows.iter().map(|(t, _, _)| Some(&t.table)))
            .strings(rows.iter().map(|(_, _, c)| Some(&c.name)))
            .ints(rows.iter().map(|(_, _, c)| Some(jdbc_type(&c.ty))))
            .strings(rows.iter().map(|(_, _, c)| Some(c.ty.display_name())))
            .ints(rows.iter().map(|(_, _, c)| column_size(&c.ty)))
            .ints(rows.iter().map(|_| Some(0)))
            .ints(rows.iter().map(|(_, _, c)| decimal_digits(&c.ty)))
            .ints(rows.iter().map(|(_, _, c)| num_prec_radix(&c.ty)))
            .ints(rows.iter().map(|(_, _, c)| Some(i64::from(c.nullable))))
            .strings(rows.iter().map(|(_, _, c)| c.comment.as_ref()))
            .strings(no_text())
            .ints(no_int())
            .ints(no_int())
            .ints(rows.iter().map(|(_, _, c)| char_octet_length(&c.ty)))
            .ints(rows.iter().map(|(_, i, _)| Some(*i as i64 + 1)))
            .strings(
                rows.iter()
                    .map(|(_, _, c)| Some(if c.nullable { "YES" } else { "NO" })),
            )
            .strings(no_text())
            .strings(no_text())
            .strings(no_text())
            .ints(no_int())
            .strings(no_text())
            .strings(no_text())
            .finish(&self.schema())
    }
}

/// One row of `system.jdbc.types`.
struct TypeRow {
    name: &'static str,
    data_type: i64,
    precision: Option<i64>,
    comparable: bool,
    radix: Option<i64>,
}

/// The types this engine supports, first the ones without parameters, then the parametric
/// ones (reported as `JAVA_OBJECT`, arrays as `ARRAY`, which DBeaver's Trino plugin expects).
fn type_rows() -> Vec<TypeRow> {
    let plain = [
        "boolean",
        "bigint",
        "integer",
        "smallint",
        "tinyint",
        "double",
        "real",
        "varbinary",
        "date",
        "interval year to month",
        "interval day to second",
        "json",
        "ipaddress",
        "uuid",
    ];
    let mut rows: Vec<TypeRow> = plain
        .iter()
        .map(|name| {
            let ty = TrinoType::parse(name).unwrap_or(TrinoType::Unknown);
            TypeRow {
                name,
                data_type: jdbc_type(&ty),
                precision: column_size(&ty),
                comparable: !matches!(ty, TrinoType::Json),
                radix: num_prec_radix(&ty),
            }
        })
        .collect();
    let parametric = [
        "varchar",
        "char",
        "decimal",
        "row",
        "array",
        "map",
        "timestamp",
        "timestamp with time zone",
        "time",
        "time with time zone",
    ];
    rows.extend(parametric.iter().map(|name| TypeRow {
        name,
        data_type: if *name == "array" {
            sql_types::ARRAY
        } else {
            sql_types::JAVA_OBJECT
        },
        precision: None,
        comparable: true,
        radix: (*name == "decimal").then_some(10),
    }));
    rows
}

#[derive(Debug)]
struct Types;

#[async_trait]
impl ComputedTable for Types {
    fn schema(&self) -> SchemaRef {
        schema_of(&[
            ("type_name", "varchar"),
            ("data_type", "bigint"),
            ("precision", "bigint"),
            ("literal_prefix", "varchar"),
            ("literal_suffix", "varchar"),
            ("create_params", "varchar"),
            ("nullable", "bigint"),
            ("case_sensitive", "boolean"),
            ("searchable", "bigint"),
            ("unsigned_attribute", "boolean"),
            ("fixed_prec_scale", "boolean"),
            ("auto_increment", "boolean"),
            ("local_type_name", "varchar"),
            ("minimum_scale", "bigint"),
            ("maximum_scale", "bigint"),
            ("sql_data_type", "bigint"),
            ("sql_datetime_sub", "bigint"),
            ("num_prec_radix", "bigint"),
        ])
    }

    async fn rows(&self, _session: &SessionState) -> Result<RecordBatch> {
        let rows = type_rows();
        let no_text = || rows.iter().map(|_| None::<&str>);
        let no_int = || rows.iter().map(|_| None::<i64>);
        Columns::new()
            .strings(rows.iter().map(|r| Some(r.name)))
            .ints(rows.iter().map(|r| Some(r.data_type)))
            .ints(rows.iter().map(|r| r.precision))
            .strings(no_text())
            .strings(no_text())
            .strings(no_text())
            .ints(rows.iter().map(|_| Some(1)))
            .bools(rows.iter().map(|_| Some(false)))
            .ints(rows.iter().map(|r| Some(if r.comparable { 3 } else { 0 })))
            .bools(rows.iter().map(|_| None))
            .bools(rows.iter().map(|_| Some(false)))
            .bools(rows.iter().map(|_| None))
            .strings(no_text())
            .ints(rows.iter().map(|_| Some(0)))
            .ints(rows.iter().map(|_| Some(0)))
            .ints(no_int())
            .ints(no_int())
            .ints(rows.iter().map(|r| r.radix))
            .finish(&self.schema())
    }
}

/// A table the JDBC driver only reads with `LIMIT 0`: its columns matter, it has no rows.
#[derive(Debug)]
struct EmptyTable(&'static [(&'static str, &'static str)]);

#[async_trait]
impl ComputedTable for EmptyTable {
    fn schema(&self) -> SchemaRef {
        schema_of(self.0)
    }

    async fn rows(&self, _session: &SessionState) -> Result<RecordBatch> {
        Ok(RecordBatch::new_empty(self.schema()))
    }
}

fn empty(columns: &'static [(&'static str, &'static str)]) -> Arc<dyn ComputedTable> {
    Arc::new(EmptyTable(columns))
}

const PROCEDURES: &[(&str, &str)] = &[
    ("procedure_cat", "varchar"),
    ("procedure_schem", "varchar"),
    ("procedure_name", "varchar"),
    ("remarks", "varchar"),
    ("procedure_type", "bigint"),
    ("specific_name", "varchar"),
];

const PROCEDURE_COLUMNS: &[(&str, &str)] = &[
    ("procedure_cat", "varchar"),
    ("procedure_schem", "varchar"),
    ("procedure_name", "varchar"),
    ("column_name", "varchar"),
    ("column_type", "bigint"),
    ("data_type", "bigint"),
    ("type_name", "varchar"),
    ("precision", "bigint"),
    ("length", "bigint"),
    ("scale", "bigint"),
    ("radix", "bigint"),
    ("nullable", "bigint"),
    ("remarks", "varchar"),
    ("column_def", "varchar"),
    ("sql_data_type", "bigint"),
    ("sql_datetime_sub", "bigint"),
    ("char_octet_length", "bigint"),
    ("ordinal_position", "bigint"),
    ("is_nullable", "varchar"),
    ("specific_name", "varchar"),
];

const UDTS: &[(&str, &str)] = &[
    ("type_cat", "varchar"),
    ("type_schem", "varchar"),
    ("type_name", "varchar"),
    ("class_name", "varchar"),
    ("data_type", "varchar"),
    ("remarks", "varchar"),
    ("base_type", "varchar"),
];

const SUPER_TYPES: &[(&str, &str)] = &[
    ("type_cat", "varchar"),
    ("type_schem", "varchar"),
    ("type_name", "varchar"),
    ("supertype_cat", "varchar"),
    ("supertype_schem", "varchar"),
    ("supertype_name", "varchar"),
];

const SUPER_TABLES: &[(&str, &str)] = &[
    ("table_cat", "varchar"),
    ("table_schem", "varchar"),
    ("table_name", "varchar"),
    ("supertable_name", "varchar"),
];

const ATTRIBUTES: &[(&str, &str)] = &[
    ("type_cat", "varchar"),
    ("type_schem", "varchar"),
    ("type_name", "varchar"),
    ("attr_name", "varchar"),
    ("data_type", "bigint"),
    ("attr_type_name", "varchar"),
    ("attr_size", "bigint"),
    ("decimal_digits", "bigint"),
    ("num_prec_radix", "bigint"),
    ("nullable", "bigint"),
    ("remarks", "varchar"),
    ("attr_def", "varchar"),
    ("sql_data_type", "bigint"),
    ("sql_datetime_sub", "bigint"),
    ("char_octet_length", "bigint"),
    ("ordinal_position", "bigint"),
    ("is_nullable", "varchar"),
    ("scope_catalog", "varchar"),
    ("scope_schema", "varchar"),
    ("scope_table", "varchar"),
    ("source_data_type", "bigint"),
];

const PSEUDO_COLUMNS: &[(&str, &str)] = &[
    ("table_cat", "varchar"),
    ("table_schem", "varchar"),
    ("table_name", "varchar"),
    ("column_name", "varchar"),
    ("data_type", "bigint"),
    ("column_size", "bigint"),
    ("decimal_digits", "bigint"),
    ("num_prec_radix", "bigint"),
    ("column_usage", "varchar"),
    ("remarks", "varchar"),
    ("char_octet_length", "bigint"),
    ("is_nullable", "bigint"),
];
