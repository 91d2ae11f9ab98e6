//! Trino SQL types ([`TrinoType`]) and their textual and structured forms.
//!
//! * [`TrinoType::parse`] reads Trino type strings (and common SQL spellings).
//! * `Display` / [`TrinoType::type_string_for`] give the `type` string of a result column
//!   (parameters joined by `", "`: `decimal(10, 2)`, `map(varchar, bigint)`).
//! * [`TrinoType::display_name`] gives Trino's type display name used by `DESCRIBE` and
//!   `system.jdbc.columns.type_name` (`decimal(10,2)`).
//! * [`TrinoType::client_type_signature`] gives the `typeSignature` of a result column.
//! * [`TrinoType::to_arrow`], [`TrinoType::arrow_field`] and [`TrinoType::from_arrow_field`]
//!   map to and from Arrow.

mod arrow_mapping;
mod parse;

use std::fmt::{self, Write};

pub use arrow_mapping::{ArrowTypeError, TRINO_TYPE_METADATA_KEY};
pub use parse::{TypeParseError, TypeParseErrorKind};

/// The canonical text of a `uuid` value (`8-4-4-4-12` hex digits, lower case), or `None`
/// when `text` is not a UUID. Surrounding whitespace is ignored.
pub fn canonical_uuid(text: &str) -> Option<String> {
    let text = text.trim();
    let well_formed = text.split('-').count() == 5
        && text
            .split('-')
            .zip([8, 4, 4, 4, 12])
            .all(|(group, len)| group.len() == len && group.bytes().all(|b| b.is_ascii_hexdigit()));
    well_formed.then(|| text.to_ascii_lowercase())
}

use crate::capabilities::ClientCapabilities;
use crate::results::{
    ClientTypeSignature, ClientTypeSignatureParameter, NamedClientTypeSignature, RowFieldName,
};

/// Length Trino reports for unbounded `varchar` (`Integer.MAX_VALUE`).
pub const UNBOUNDED_VARCHAR_LENGTH: u32 = 2_147_483_647;
/// Largest `char(n)` length.
pub const MAX_CHAR_LENGTH: u32 = 65_536;
/// Largest decimal precision.
pub const MAX_DECIMAL_PRECISION: u8 = 38;
/// Largest fractional-second precision of time and timestamp types.
pub const MAX_DATETIME_PRECISION: u8 = 12;
/// Precision of `time` and `timestamp` written without one, and of values sent to clients
/// without the `PARAMETRIC_DATETIME` capability.
pub const DEFAULT_DATETIME_PRECISION: u8 = 3;

/// A Trino SQL type.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum TrinoType {
    /// `boolean`
    Boolean,
    /// `tinyint` (8-bit)
    Tinyint,
    /// `smallint` (16-bit)
    Smallint,
    /// `integer` (32-bit)
    Integer,
    /// `bigint` (64-bit)
    Bigint,
    /// `real` (32-bit float)
    Real,
    /// `double` (64-bit float)
    Double,
    /// `decimal(precision, scale)`, precision 1–38, scale 0–precision.
    Decimal {
        /// Total number of digits.
        precision: u8,
        /// Digits after the decimal point.
        scale: u8,
    },
    /// `varchar(n)`, or unbounded `varchar` when `None`.
    Varchar(Option<u32>),
    /// `char(n)`: values are right-padded with spaces to `n` characters.
    Char(u32),
    /// `varbinary`
    Varbinary,
    /// `json`
    Json,
    /// `date`
    Date,
    /// `time(p)`
    Time {
        /// Fractional-second digits, 0–12.
        precision: u8,
    },
    /// `time(p) with time zone`
    TimeWithTimeZone {
        /// Fractional-second digits, 0–12.
        precision: u8,
    },
    /// `timestamp(p)`
    Timestamp {
        /// Fractional-second digits, 0–12.
        precision: u8,
    },
    /// `timestamp(p) with time zone`
    TimestampWithTimeZone {
        /// Fractional-second digits, 0–12.
        precision: u8,
    },
    /// `interval year to month`
    IntervalYearToMonth,
    /// `interval day to second`
    IntervalDayToSecond,
    /// `array(T)`
    Array(Box<TrinoType>),
    /// `map(K, V)`
    Map(Box<TrinoType>, Box<TrinoType>),
    /// `row(name T, ...)`; fields may be anonymous.
    Row(Vec<RowField>),
    /// `uuid`
    Uuid,
    /// `ipaddress`
    IpAddress,
    /// `unknown`, the type of a bare `NULL`.
    Unknown,
}

/// One field of a [`TrinoType::Row`].
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct RowField {
    /// Field name; `None` for anonymous fields (`row(bigint, varchar)`).
    pub name: Option<String>,
    /// Field type.
    pub ty: TrinoType,
}

impl RowField {
    /// A named field.
    pub fn named(name: impl Into<String>, ty: TrinoType) -> Self {
        RowField {
            name: Some(name.into()),
            ty,
        }
    }

    /// An anonymous field.
    pub fn anonymous(ty: TrinoType) -> Self {
        RowField { name: None, ty }
    }
}

/// Which textual form of a type to produce.
#[derive(Clone, Copy)]
enum Style {
    /// The `type` string of result columns (`formatType`): `", "` separators, raw row field
    /// names, and datetime precision only with `PARAMETRIC_DATETIME`.
    Column { parametric_datetime: bool },
    /// Trino's `Type.getDisplayName()`: `","` between numeric parameters, `", "` between
    /// types, quoted row field names.
    DisplayName,
}

impl TrinoType {
    /// The `rawType` of the client type signature, e.g. `timestamp with time zone`.
    pub fn base_name(&self) -> &'static str {
        match self {
            TrinoType::Boolean => "boolean",
            TrinoType::Tinyint => "tinyint",
            TrinoType::Smallint => "smallint",
            TrinoType::Integer => "integer",
            TrinoType::Bigint => "bigint",
            TrinoType::Real => "real",
            TrinoType::Double => "double",
            TrinoType::Decimal { .. } => "decimal",
            TrinoType::Varchar(_) => "varchar",
            TrinoType::Char(_) => "char",
            TrinoType::Varbinary => "varbinary",
            TrinoType::Json => "json",
            TrinoType::Date => "date",
            TrinoType::Time { .. } => "time",
            TrinoType::TimeWithTimeZone { .. } => "time with time zone",
            TrinoType::Timestamp { .. } => "timestamp",
            TrinoType::TimestampWithTimeZone { .. } => "timestamp with time zone",
            TrinoType::IntervalYearToMonth => "interval year to month",
            TrinoType::IntervalDayToSecond => "interval day to second",
            TrinoType::Array(_) => "array",
            TrinoType::Map(_, _) => "map",
            TrinoType::Row(_) => "row",
            TrinoType::Uuid => "uuid",
            TrinoType::IpAddress => "ipaddress",
            TrinoType::Unknown => "unknown",
        }
    }

    /// The `type` string of a result column as seen by a client with `caps`: without
    /// `PARAMETRIC_DATETIME`, `timestamp(6)` is reported as `timestamp` (also when nested).
    pub fn type_string_for(&self, caps: &ClientCapabilities) -> String {
        let mut out = String::new();
        self.write(
            Style::Column {
                parametric_datetime: caps.parametric_datetime,
            },
            &mut out,
        );
        out
    }

    /// Trino's display name of the type, used by `DESCRIBE`, `DESCRIBE OUTPUT` and
    /// `system.jdbc.columns.type_name`: `decimal(12,2)`, `varchar(25)`,
    /// `timestamp(3) with time zone`, `map(varchar, bigint)`, `row("x" bigint, "y" varchar)`.
    pub fn display_name(&self) -> String {
        let mut out = String::new();
        self.write(Style::DisplayName, &mut out);
        out
    }

    fn write(&self, style: Style, out: &mut String) {
        let parametric = match style {
            Style::Column {
                parametric_datetime,
            } => parametric_datetime,
            Style::DisplayName => true,
        };
        let numeric_separator = match style {
            Style::Column { .. } => ", ",
            Style::DisplayName => ",",
        };
        // Writing to a String cannot fail, so the fmt::Results below are ignored.
        match self {
            TrinoType::Decimal { precision, scale } => {
                let _ = write!(out, "decimal({precision}{numeric_separator}{scale})");
            }
            TrinoType::Varchar(Some(length)) => {
                let _ = write!(out, "varchar({length})");
            }
            TrinoType::Char(length) => {
                let _ = write!(out, "char({length})");
            }
            TrinoType::Time { precision } | TrinoType::Timestamp { precision } if parametric => {
                let _ = write!(out, "{}({precision})", self.base_name());
            }
            TrinoType::TimeWithTimeZone { precision } if parametric => {
                let _ = write!(out, "time({precision}) with time zone");
            }
            TrinoType::TimestampWithTimeZone { precision } if parametric => {
                let _ = write!(out, "timestamp({precision}) with time zone");
            }
            TrinoType::Array(element) => {
                out.push_str("array(");
                element.write(style, out);
                out.push(')');
            }
            TrinoType::Map(key, value) => {
                out.push_str("map(");
                key.write(style, out);
                out.push_str(", ");
                value.write(style, out);
                out.push(')');
            }
            TrinoType::Row(fields) => {
                out.push_str("row(");
                for (i, field) in fields.iter().enumerate() {
                    if i > 0 {
                        out.push_str(", ");
                    }
                    if let Some(name) = &field.name {
                        match style {
                            Style::Column { .. } => out.push_str(name),
                            Style::DisplayName => {
                                out.push('"');
                                out.push_str(&name.replace('"', "\"\""));
                                out.push('"');
                            }
                        }
                        out.push(' ');
                    }
                    field.ty.write(style, out);
                }
                out.push(')');
            }
            _ => out.push_str(self.base_name()),
        }
    }

    /// The `typeSignature` of a result column as seen by a client with `caps`.
    ///
    /// Unbounded `varchar` carries the length 2147483647. Without `PARAMETRIC_DATETIME`,
    /// time and timestamp types (also nested) have no arguments.
    pub fn client_type_signature(&self, caps: &ClientCapabilities) -> ClientTypeSignature {
        use ClientTypeSignatureParameter::{Long, NamedType, Type};

        let arguments = match self {
            TrinoType::Decimal { precision, scale } => {
                vec![Long(i64::from(*precision)), Long(i64::from(*scale))]
            }
            TrinoType::Varchar(length) => {
                vec![Long(i64::from(length.unwrap_or(UNBOUNDED_VARCHAR_LENGTH)))]
            }
            TrinoType::Char(length) => vec![Long(i64::from(*length))],
            TrinoType::Time { precision }
            | TrinoType::TimeWithTimeZone { precision }
            | TrinoType::Timestamp { precision }
            | TrinoType::TimestampWithTimeZone { precision }
                if caps.parametric_datetime =>
            {
                vec![Long(i64::from(*precision))]
            }
            TrinoType::Array(element) => vec![Type(element.client_type_signature(caps))],
            TrinoType::Map(key, value) => vec![
                Type(key.client_type_signature(caps)),
                Type(value.client_type_signature(caps)),
            ],
            TrinoType::Row(fields) => fields
                .iter()
                .map(|field| {
                    NamedType(NamedClientTypeSignature {
                        field_name: field.name.clone().map(|name| RowFieldName { name }),
                        type_signature: field.ty.client_type_signature(caps),
                    })
                })
                .collect(),
            _ => Vec::new(),
        };
        ClientTypeSignature::new(self.base_name(), arguments)
    }
}

/// The full `type` string (as for a client with `PARAMETRIC_DATETIME`).
impl fmt::Display for TrinoType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.type_string_for(&ClientCapabilities::ALL))
    }
}

impl std::str::FromStr for TrinoType {
    type Err = TypeParseError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        TrinoType::parse(s)
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn ty(s: &str) -> TrinoType {
        TrinoType::parse(s).unwrap()
    }

    #[test]
    fn column_type_strings_from_spec() {
        for (input, expected) in [
            ("decimal(10,2)", "decimal(10, 2)"),
            ("map(varchar, bigint)", "map(varchar, bigint)"),
            ("row(x bigint, y varchar)", "row(x bigint, y varchar)"),
            ("array(varchar(3))", "array(varchar(3))"),
            ("varchar(10)", "varchar(10)"),
            ("char(3)", "char(3)"),
            ("timestamp(6)", "timestamp(6)"),
            ("timestamp(3) with time zone", "timestamp(3) with time zone"),
            ("time(0) with time zone", "time(0) with time zone"),
            ("interval day to second", "interval day to second"),
            ("interval year to month", "interval year to month"),
            ("varchar", "varchar"),
            ("varchar(2147483647)", "varchar"),
            ("integer", "integer"),
            ("row(bigint, varchar)", "row(bigint, varchar)"),
        ] {
            assert_eq!(ty(input).to_string(), expected, "{input}");
        }
    }

    #[test]
    fn type_strings_without_parametric_datetime() {
        let none = ClientCapabilities::NONE;
        for (input, expected) in [
            ("timestamp(6)", "timestamp"),
            ("timestamp(3) with time zone", "timestamp with time zone"),
            ("time(9)", "time"),
            ("time(0) with time zone", "time with time zone"),
            ("array(timestamp(6))", "array(timestamp)"),
            (
                "row(t timestamp(9), d decimal(5,1))",
                "row(t timestamp, d decimal(5, 1))",
            ),
            ("varchar(5)", "varchar(5)"),
        ] {
            assert_eq!(ty(input).type_string_for(&none), expected, "{input}");
        }
    }

    #[test]
    fn display_names_for_describe_and_jdbc_columns() {
        for (input, expected) in [
            ("decimal(12, 2)", "decimal(12,2)"),
            ("varchar", "varchar"),
            ("varchar(25)", "varchar(25)"),
            ("char(1)", "char(1)"),
            ("timestamp(3) with time zone", "timestamp(3) with time zone"),
            ("time(6)", "time(6)"),
            (
                "map(varchar(3), decimal(5,2))",
                "map(varchar(3), decimal(5,2))",
            ),
            ("array(bigint)", "array(bigint)"),
            (
                "row(x bigint, y varchar)",
                r#"row("x" bigint, "y" varchar)"#,
            ),
            ("row(bigint, double)", "row(bigint, double)"),
            (r#"row("a""b" integer)"#, r#"row("a""b" integer)"#),
            ("interval year to month", "interval year to month"),
        ] {
            assert_eq!(ty(input).display_name(), expected, "{input}");
        }
    }

    #[test]
    fn display_forms_parse_back() {
        for input in [
            "row(x bigint, y array(map(varchar(3), decimal(5,2))))",
            "map(date, interval day to second)",
            "row(timestamp(6) with time zone, time(0))",
        ] {
            let parsed = ty(input);
            assert_eq!(ty(&parsed.to_string()), parsed);
            assert_eq!(ty(&parsed.display_name()), parsed);
        }
    }

    #[test]
    fn column_type_string_keeps_raw_field_names_but_display_name_quotes_them() {
        let parsed = ty(r#"row("quoted name" uuid, "a""b" bigint)"#);
        assert_eq!(parsed.to_string(), r#"row(quoted name uuid, a"b bigint)"#);
        assert_eq!(
            parsed.display_name(),
            r#"row("quoted name" uuid, "a""b" bigint)"#
        );
        assert_eq!(ty(&parsed.display_name()), parsed);
    }

    fn signature(input: &str, caps: ClientCapabilities) -> serde_json::Value {
        serde_json::to_value(ty(input).client_type_signature(&caps)).unwrap()
    }

    #[test]
    fn signatures_of_simple_types() {
        for name in [
            "boolean",
            "tinyint",
            "smallint",
            "integer",
            "bigint",
            "real",
            "double",
            "date",
            "varbinary",
            "json",
            "uuid",
            "ipaddress",
            "unknown",
            "interval year to month",
            "interval day to second",
        ] {
            assert_eq!(
                signature(name, ClientCapabilities::ALL),
                json!({"rawType": name, "arguments": []})
            );
        }
    }

    #[test]
    fn signatures_with_long_arguments() {
        let all = ClientCapabilities::ALL;
        assert_eq!(
            signature("varchar", all),
            json!({"rawType":"varchar","arguments":[{"kind":"LONG","value":2147483647}]})
        );
        assert_eq!(
            signature("varchar(10)", all),
            json!({"rawType":"varchar","arguments":[{"kind":"LONG","value":10}]})
        );
        assert_eq!(
            signature("char(3)", all),
            json!({"rawType":"char","arguments":[{"kind":"LONG","value":3}]})
        );
        assert_eq!(
            signature("decimal(10,2)", all),
            json!({"rawType":"decimal","arguments":[{"kind":"LONG","value":10},{"kind":"LONG","value":2}]})
        );
        assert_eq!(
            signature("timestamp(6)", all),
            json!({"rawType":"timestamp","arguments":[{"kind":"LONG","value":6}]})
        );
        assert_eq!(
            signature("time(3) with time zone", all),
            json!({"rawType":"time with time zone","arguments":[{"kind":"LONG","value":3}]})
        );
        assert_eq!(
            signature("timestamp(9) with time zone", all),
            json!({"rawType":"timestamp with time zone","arguments":[{"kind":"LONG","value":9}]})
        );
    }

    #[test]
    fn datetime_signatures_without_parametric_datetime() {
        let none = ClientCapabilities::NONE;
        assert_eq!(
            signature("timestamp(6)", none),
            json!({"rawType":"timestamp","arguments":[]})
        );
        assert_eq!(
            signature("timestamp(3) with time zone", none),
            json!({"rawType":"timestamp with time zone","arguments":[]})
        );
        assert_eq!(
            signature("time(0)", none),
            json!({"rawType":"time","arguments":[]})
        );
        assert_eq!(
            signature("array(time(6) with time zone)", none),
            json!({"rawType":"array","arguments":[{"kind":"TYPE","value":{"rawType":"time with time zone","arguments":[]}}]})
        );
        // Other parameters are unaffected.
        assert_eq!(
            signature("decimal(10,2)", none),
            json!({"rawType":"decimal","arguments":[{"kind":"LONG","value":10},{"kind":"LONG","value":2}]})
        );
    }

    #[test]
    fn nested_signatures() {
        let all = ClientCapabilities::ALL;
        assert_eq!(
            signature("array(bigint)", all),
            json!({"rawType":"array","arguments":[{"kind":"TYPE","value":{"rawType":"bigint","arguments":[]}}]})
        );
        assert_eq!(
            signature("map(varchar, bigint)", all),
            json!({"rawType":"map","arguments":[
                {"kind":"TYPE","value":{"rawType":"varchar","arguments":[{"kind":"LONG","value":2147483647}]}},
                {"kind":"TYPE","value":{"rawType":"bigint","arguments":[]}}
            ]})
        );
        assert_eq!(
            signature("row(x bigint, y varchar)", all),
            json!({"rawType":"row","arguments":[
                {"kind":"NAMED_TYPE","value":{"fieldName":{"name":"x"},"typeSignature":{"rawType":"bigint","arguments":[]}}},
                {"kind":"NAMED_TYPE","value":{"fieldName":{"name":"y"},"typeSignature":{"rawType":"varchar","arguments":[{"kind":"LONG","value":2147483647}]}}}
            ]})
        );
        assert_eq!(
            signature("row(bigint, varchar(1))", all),
            json!({"rawType":"row","arguments":[
                {"kind":"NAMED_TYPE","value":{"typeSignature":{"rawType":"bigint","arguments":[]}}},
                {"kind":"NAMED_TYPE","value":{"typeSignature":{"rawType":"varchar","arguments":[{"kind":"LONG","value":1}]}}}
            ]})
        );
    }
}
