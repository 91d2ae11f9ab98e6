//! Mapping between [`TrinoType`] and Arrow data types.
//!
//! Several Trino types share an Arrow representation (`varchar(n)`, `char(n)`, `json`, `uuid`
//! and `ipaddress` are all `Utf8`; `time(p) with time zone` is a plain Arrow time). To keep
//! them apart, [`TrinoType::arrow_field`] stores the type string in the field metadata under
//! [`TRINO_TYPE_METADATA_KEY`] whenever the Arrow type alone would be read back as a
//! different Trino type, and [`TrinoType::from_arrow_field`] prefers that metadata.
//! Nested Arrow fields produced by [`TrinoType::to_arrow`] carry no metadata, so that
//! DataFusion sees canonical nested types; the top-level field's metadata describes the
//! whole type.

use std::collections::HashMap;
use std::sync::Arc;

use arrow::datatypes::{DataType, Field, Fields, IntervalUnit, TimeUnit};
use thiserror::Error;

use super::{MAX_DECIMAL_PRECISION, RowField, TrinoType};

/// Field metadata key holding the Trino type string of a column.
pub const TRINO_TYPE_METADATA_KEY: &str = "trino.type";

/// An Arrow type that has no Trino equivalent.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum ArrowTypeError {
    /// The Arrow type cannot be represented (unions, empty structs, …).
    #[error("Arrow type {0} has no Trino equivalent")]
    Unsupported(DataType),
    /// A decimal wider than Trino's 38 digits or with a negative scale.
    #[error(
        "Arrow decimal({precision}, {scale}) does not fit Trino's decimal (precision 1-38, scale 0-precision)"
    )]
    Decimal {
        /// Arrow precision.
        precision: u8,
        /// Arrow scale.
        scale: i8,
    },
}

/// Arrow time unit that holds `precision` fractional-second digits.
fn unit_for_precision(precision: u8) -> TimeUnit {
    match precision {
        0 => TimeUnit::Second,
        1..=3 => TimeUnit::Millisecond,
        4..=6 => TimeUnit::Microsecond,
        _ => TimeUnit::Nanosecond,
    }
}

/// Fractional-second digits of an Arrow time unit.
fn precision_for_unit(unit: &TimeUnit) -> u8 {
    match unit {
        TimeUnit::Second => 0,
        TimeUnit::Millisecond => 3,
        TimeUnit::Microsecond => 6,
        TimeUnit::Nanosecond => 9,
    }
}

fn arrow_time(precision: u8) -> DataType {
    match unit_for_precision(precision) {
        unit @ (TimeUnit::Second | TimeUnit::Millisecond) => DataType::Time32(unit),
        unit => DataType::Time64(unit),
    }
}

impl TrinoType {
    /// The Arrow data type used to hold values of this type.
    ///
    /// Timestamps and times use the coarsest unit that holds the precision (0 → s, 1–3 → ms,
    /// 4–6 → µs, 7–12 → ns); `timestamp with time zone` is a UTC-zoned Arrow timestamp.
    /// Nested fields are named `item` (arrays), `entries`/`key`/`value` (maps) and by field
    /// name, or `c0`, `c1`, … for anonymous row fields.
    pub fn to_arrow(&self) -> DataType {
        match self {
            TrinoType::Boolean => DataType::Boolean,
            TrinoType::Tinyint => DataType::Int8,
            TrinoType::Smallint => DataType::Int16,
            TrinoType::Integer => DataType::Int32,
            TrinoType::Bigint => DataType::Int64,
            TrinoType::Real => DataType::Float32,
            TrinoType::Double => DataType::Float64,
            TrinoType::Decimal { precision, scale } => {
                // Scales are at most 38, so the conversion cannot fail.
                DataType::Decimal128(*precision, i8::try_from(*scale).unwrap_or(i8::MAX))
            }
            TrinoType::Varchar(_)
            | TrinoType::Char(_)
            | TrinoType::Json
            | TrinoType::Uuid
            | TrinoType::IpAddress => DataType::Utf8,
            TrinoType::Varbinary => DataType::Binary,
            TrinoType::Date => DataType::Date32,
            TrinoType::Time { precision } | TrinoType::TimeWithTimeZone { precision } => {
                arrow_time(*precision)
            }
            TrinoType::Timestamp { precision } => {
                DataType::Timestamp(unit_for_precision(*precision), None)
            }
            TrinoType::TimestampWithTimeZone { precision } => {
                DataType::Timestamp(unit_for_precision(*precision), Some(Arc::from("UTC")))
            }
            TrinoType::IntervalYearToMonth => DataType::Interval(IntervalUnit::YearMonth),
            TrinoType::IntervalDayToSecond => DataType::Interval(IntervalUnit::MonthDayNano),
            TrinoType::Array(element) => {
                DataType::List(Arc::new(Field::new_list_field(element.to_arrow(), true)))
            }
            TrinoType::Map(key, value) => {
                let entries = Fields::from(vec![
                    Field::new("key", key.to_arrow(), false),
                    Field::new("value", value.to_arrow(), true),
                ]);
                DataType::Map(
                    Arc::new(Field::new("entries", DataType::Struct(entries), false)),
                    false,
                )
            }
            TrinoType::Row(fields) => DataType::Struct(
                fields
                    .iter()
                    .enumerate()
                    .map(|(i, field)| {
                        let name = field.name.clone().unwrap_or_else(|| format!("c{i}"));
                        Field::new(name, field.ty.to_arrow(), true)
                    })
                    .collect(),
            ),
            TrinoType::Unknown => DataType::Null,
        }
    }

    /// An Arrow field of this type. The type's [display name](TrinoType::display_name) (which
    /// always parses back, even with unusual row field names) is stored in the metadata
    /// under [`TRINO_TYPE_METADATA_KEY`] when the Arrow type alone would not read back as
    /// `self` (e.g. `varchar(25)`, `char(3)`, `json`, `uuid`, `ipaddress`, `timestamp(1)`,
    /// `array(varchar(3))`, rows with anonymous fields).
    pub fn arrow_field(&self, name: &str, nullable: bool) -> Field {
        let data_type = self.to_arrow();
        let lossless = TrinoType::from_arrow_type(&data_type).is_ok_and(|back| back == *self);
        let field = Field::new(name, data_type, nullable);
        if lossless {
            field
        } else {
            field.with_metadata(HashMap::from([(
                TRINO_TYPE_METADATA_KEY.to_owned(),
                self.display_name(),
            )]))
        }
    }

    /// The Trino type of an Arrow field: the type string in its metadata
    /// ([`TRINO_TYPE_METADATA_KEY`]) if present and valid, otherwise inferred from the Arrow
    /// type with [`TrinoType::from_arrow_type`].
    pub fn from_arrow_field(field: &Field) -> Result<TrinoType, ArrowTypeError> {
        if let Some(ty) = field
            .metadata()
            .get(TRINO_TYPE_METADATA_KEY)
            .and_then(|text| TrinoType::parse(text).ok())
        {
            return Ok(ty);
        }
        TrinoType::from_arrow_type(field.data_type())
    }

    /// Infers the Trino type of an Arrow data type. Nested fields are read with
    /// [`TrinoType::from_arrow_field`], so their own metadata is honoured.
    ///
    /// Unsigned integers widen (`UInt64` becomes `decimal(20,0)`), Arrow views and large
    /// variants map like their plain forms, dictionaries and run-end encoded arrays map to
    /// their value type, `Duration` and day-time intervals become `interval day to second`.
    pub fn from_arrow_type(data_type: &DataType) -> Result<TrinoType, ArrowTypeError> {
        let ty = match data_type {
            DataType::Null => TrinoType::Unknown,
            DataType::Boolean => TrinoType::Boolean,
            DataType::Int8 => TrinoType::Tinyint,
            DataType::Int16 | DataType::UInt8 => TrinoType::Smallint,
            DataType::Int32 | DataType::UInt16 => TrinoType::Integer,
            DataType::Int64 | DataType::UInt32 => TrinoType::Bigint,
            DataType::UInt64 => TrinoType::Decimal {
                precision: 20,
                scale: 0,
            },
            DataType::Float16 | DataType::Float32 => TrinoType::Real,
            DataType::Float64 => TrinoType::Double,
            DataType::Decimal32(precision, scale)
            | DataType::Decimal64(precision, scale)
            | DataType::Decimal128(precision, scale)
            | DataType::Decimal256(precision, scale) => {
                let error = ArrowTypeError::Decimal {
                    precision: *precision,
                    scale: *scale,
                };
                let scale = u8::try_from(*scale).map_err(|_| error.clone())?;
                if *precision == 0 || *precision > MAX_DECIMAL_PRECISION || scale > *precision {
                    return Err(error);
                }
                TrinoType::Decimal {
                    precision: *precision,
                    scale,
                }
            }
            DataType::Utf8 | DataType::LargeUtf8 | DataType::Utf8View => TrinoType::Varchar(None),
            DataType::Binary
            | DataType::LargeBinary
            | DataType::BinaryView
            | DataType::FixedSizeBinary(_) => TrinoType::Varbinary,
            DataType::Date32 | DataType::Date64 => TrinoType::Date,
            DataType::Time32(unit) | DataType::Time64(unit) => TrinoType::Time {
                precision: precision_for_unit(unit),
            },
            DataType::Timestamp(unit, None) => TrinoType::Timestamp {
                precision: precision_for_unit(unit),
            },
            DataType::Timestamp(unit, Some(_)) => TrinoType::TimestampWithTimeZone {
                precision: precision_for_unit(unit),
            },
            DataType::Interval(IntervalUnit::YearMonth) => TrinoType::IntervalYearToMonth,
            DataType::Interval(IntervalUnit::DayTime | IntervalUnit::MonthDayNano)
            | DataType::Duration(_) => TrinoType::IntervalDayToSecond,
            DataType::List(element)
            | DataType::ListView(element)
            | DataType::LargeList(element)
            | DataType::LargeListView(element)
            | DataType::FixedSizeList(element, _) => {
                TrinoType::Array(Box::new(TrinoType::from_arrow_field(element)?))
            }
            DataType::Map(entries, _) => match entries.data_type() {
                DataType::Struct(kv) if kv.len() == 2 => TrinoType::Map(
                    Box::new(TrinoType::from_arrow_field(&kv[0])?),
                    Box::new(TrinoType::from_arrow_field(&kv[1])?),
                ),
                _ => return Err(ArrowTypeError::Unsupported(data_type.clone())),
            },
            DataType::Struct(fields) if !fields.is_empty() => TrinoType::Row(
                fields
                    .iter()
                    .map(|field| {
                        Ok(RowField {
                            name: (!field.name().is_empty()).then(|| field.name().clone()),
                            ty: TrinoType::from_arrow_field(field)?,
                        })
                    })
                    .collect::<Result<_, ArrowTypeError>>()?,
            ),
            DataType::Dictionary(_, value) => TrinoType::from_arrow_type(value)?,
            DataType::RunEndEncoded(_, values) => TrinoType::from_arrow_field(values)?,
            DataType::Struct(_) | DataType::Union(_, _) => {
                return Err(ArrowTypeError::Unsupported(data_type.clone()));
            }
        };
        Ok(ty)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ty(s: &str) -> TrinoType {
        TrinoType::parse(s).unwrap()
    }

    fn infer(data_type: DataType) -> TrinoType {
        TrinoType::from_arrow_type(&data_type).unwrap()
    }

    #[test]
    fn to_arrow_scalars() {
        for (input, expected) in [
            ("boolean", DataType::Boolean),
            ("tinyint", DataType::Int8),
            ("smallint", DataType::Int16),
            ("integer", DataType::Int32),
            ("bigint", DataType::Int64),
            ("real", DataType::Float32),
            ("double", DataType::Float64),
            ("decimal(12,2)", DataType::Decimal128(12, 2)),
            ("varchar", DataType::Utf8),
            ("varchar(25)", DataType::Utf8),
            ("char(3)", DataType::Utf8),
            ("json", DataType::Utf8),
            ("uuid", DataType::Utf8),
            ("ipaddress", DataType::Utf8),
            ("varbinary", DataType::Binary),
            ("date", DataType::Date32),
            ("unknown", DataType::Null),
            (
                "interval year to month",
                DataType::Interval(IntervalUnit::YearMonth),
            ),
            (
                "interval day to second",
                DataType::Interval(IntervalUnit::MonthDayNano),
            ),
        ] {
            assert_eq!(ty(input).to_arrow(), expected, "{input}");
        }
    }

    #[test]
    fn to_arrow_datetimes_pick_unit_from_precision() {
        for (precision, unit) in [
            (0, TimeUnit::Second),
            (1, TimeUnit::Millisecond),
            (3, TimeUnit::Millisecond),
            (4, TimeUnit::Microsecond),
            (6, TimeUnit::Microsecond),
            (7, TimeUnit::Nanosecond),
            (9, TimeUnit::Nanosecond),
            (12, TimeUnit::Nanosecond),
        ] {
            assert_eq!(
                TrinoType::Timestamp { precision }.to_arrow(),
                DataType::Timestamp(unit, None)
            );
            assert_eq!(
                TrinoType::TimestampWithTimeZone { precision }.to_arrow(),
                DataType::Timestamp(unit, Some(Arc::from("UTC")))
            );
        }
        assert_eq!(ty("time(0)").to_arrow(), DataType::Time32(TimeUnit::Second));
        assert_eq!(
            ty("time(3)").to_arrow(),
            DataType::Time32(TimeUnit::Millisecond)
        );
        assert_eq!(
            ty("time(6)").to_arrow(),
            DataType::Time64(TimeUnit::Microsecond)
        );
        assert_eq!(
            ty("time(9) with time zone").to_arrow(),
            DataType::Time64(TimeUnit::Nanosecond)
        );
    }

    #[test]
    fn to_arrow_nested() {
        assert_eq!(
            ty("array(bigint)").to_arrow(),
            DataType::List(Arc::new(Field::new("item", DataType::Int64, true)))
        );
        let DataType::Map(entries, sorted) = ty("map(varchar, double)").to_arrow() else {
            panic!("not a map");
        };
        assert!(!sorted);
        assert_eq!(entries.name(), "entries");
        assert_eq!(
            entries.data_type(),
            &DataType::Struct(Fields::from(vec![
                Field::new("key", DataType::Utf8, false),
                Field::new("value", DataType::Float64, true),
            ]))
        );
        assert_eq!(
            ty("row(x bigint, varchar)").to_arrow(),
            DataType::Struct(Fields::from(vec![
                Field::new("x", DataType::Int64, true),
                Field::new("c1", DataType::Utf8, true),
            ]))
        );
    }

    #[test]
    fn infer_from_arrow() {
        for (data_type, expected) in [
            (DataType::Int8, "tinyint"),
            (DataType::Int16, "smallint"),
            (DataType::Int32, "integer"),
            (DataType::Int64, "bigint"),
            (DataType::UInt8, "smallint"),
            (DataType::UInt16, "integer"),
            (DataType::UInt32, "bigint"),
            (DataType::UInt64, "decimal(20,0)"),
            (DataType::Float16, "real"),
            (DataType::Float32, "real"),
            (DataType::Float64, "double"),
            (DataType::Utf8, "varchar"),
            (DataType::LargeUtf8, "varchar"),
            (DataType::Utf8View, "varchar"),
            (DataType::Binary, "varbinary"),
            (DataType::LargeBinary, "varbinary"),
            (DataType::BinaryView, "varbinary"),
            (DataType::FixedSizeBinary(16), "varbinary"),
            (DataType::Boolean, "boolean"),
            (DataType::Date32, "date"),
            (DataType::Date64, "date"),
            (DataType::Decimal32(5, 2), "decimal(5,2)"),
            (DataType::Decimal64(15, 3), "decimal(15,3)"),
            (DataType::Decimal128(38, 10), "decimal(38,10)"),
            (DataType::Decimal256(20, 4), "decimal(20,4)"),
            (DataType::Timestamp(TimeUnit::Second, None), "timestamp(0)"),
            (
                DataType::Timestamp(TimeUnit::Millisecond, None),
                "timestamp(3)",
            ),
            (
                DataType::Timestamp(TimeUnit::Microsecond, None),
                "timestamp(6)",
            ),
            (
                DataType::Timestamp(TimeUnit::Nanosecond, None),
                "timestamp(9)",
            ),
            (
                DataType::Timestamp(TimeUnit::Microsecond, Some(Arc::from("America/New_York"))),
                "timestamp(6) with time zone",
            ),
            (DataType::Time32(TimeUnit::Second), "time(0)"),
            (DataType::Time32(TimeUnit::Millisecond), "time(3)"),
            (DataType::Time64(TimeUnit::Microsecond), "time(6)"),
            (DataType::Time64(TimeUnit::Nanosecond), "time(9)"),
            (
                DataType::Interval(IntervalUnit::YearMonth),
                "interval year to month",
            ),
            (
                DataType::Interval(IntervalUnit::DayTime),
                "interval day to second",
            ),
            (
                DataType::Interval(IntervalUnit::MonthDayNano),
                "interval day to second",
            ),
            (
                DataType::Duration(TimeUnit::Millisecond),
                "interval day to second",
            ),
            (DataType::Null, "unknown"),
            (
                DataType::Dictionary(Box::new(DataType::Int32), Box::new(DataType::Utf8)),
                "varchar",
            ),
        ] {
            assert_eq!(infer(data_type.clone()), ty(expected), "{data_type}");
        }
    }

    #[test]
    fn infer_nested_from_arrow() {
        let item = Arc::new(Field::new("item", DataType::Int32, true));
        for list in [
            DataType::List(item.clone()),
            DataType::LargeList(item.clone()),
            DataType::ListView(item.clone()),
            DataType::LargeListView(item.clone()),
            DataType::FixedSizeList(item.clone(), 3),
        ] {
            assert_eq!(infer(list), ty("array(integer)"));
        }
        assert_eq!(
            infer(ty("map(varchar, double)").to_arrow()),
            ty("map(varchar, double)")
        );
        assert_eq!(
            infer(DataType::Struct(Fields::from(vec![
                Field::new("a", DataType::Int64, true),
                Field::new("", DataType::Boolean, true),
            ]))),
            ty("row(a bigint, boolean)")
        );
        let tagged_child =
            Field::new("item", DataType::Utf8, true).with_metadata(HashMap::from([(
                TRINO_TYPE_METADATA_KEY.to_owned(),
                "varchar(3)".to_owned(),
            )]));
        assert_eq!(
            infer(DataType::List(Arc::new(tagged_child))),
            ty("array(varchar(3))")
        );
    }

    #[test]
    fn unsupported_arrow_types() {
        assert_eq!(
            TrinoType::from_arrow_type(&DataType::Decimal256(50, 2)),
            Err(ArrowTypeError::Decimal {
                precision: 50,
                scale: 2
            })
        );
        assert_eq!(
            TrinoType::from_arrow_type(&DataType::Decimal128(10, -2)),
            Err(ArrowTypeError::Decimal {
                precision: 10,
                scale: -2
            })
        );
        assert!(matches!(
            TrinoType::from_arrow_type(&DataType::Struct(Fields::empty())),
            Err(ArrowTypeError::Unsupported(_))
        ));
    }

    #[test]
    fn arrow_field_tags_only_lossy_types() {
        for plain in [
            "bigint",
            "varchar",
            "decimal(12,2)",
            "timestamp(3)",
            "timestamp(6) with time zone",
            "time(9)",
            "date",
            "array(bigint)",
            "map(varchar, array(double))",
            "row(a bigint, b varchar)",
            "interval year to month",
            "interval day to second",
            "unknown",
        ] {
            let field = ty(plain).arrow_field("c", true);
            assert!(field.metadata().is_empty(), "{plain}");
            assert_eq!(TrinoType::from_arrow_field(&field).unwrap(), ty(plain));
        }
        for (lossy, tag) in [
            ("varchar(25)", "varchar(25)"),
            ("char(3)", "char(3)"),
            ("json", "json"),
            ("uuid", "uuid"),
            ("ipaddress", "ipaddress"),
            ("timestamp(1)", "timestamp(1)"),
            ("time(3) with time zone", "time(3) with time zone"),
            ("array(varchar(3))", "array(varchar(3))"),
            ("map(varchar, json)", "map(varchar, json)"),
            ("row(bigint, varchar)", "row(bigint, varchar)"),
            (
                "row(a decimal(5,2), b char(2))",
                r#"row("a" decimal(5,2), "b" char(2))"#,
            ),
            (
                r#"row("odd, name" varchar(1))"#,
                r#"row("odd, name" varchar(1))"#,
            ),
        ] {
            let field = ty(lossy).arrow_field("c", false);
            assert_eq!(
                field
                    .metadata()
                    .get(TRINO_TYPE_METADATA_KEY)
                    .map(String::as_str),
                Some(tag),
                "{lossy}"
            );
            assert_eq!(field.name(), "c");
            assert!(!field.is_nullable());
            assert_eq!(TrinoType::from_arrow_field(&field).unwrap(), ty(lossy));
        }
    }

    #[test]
    fn invalid_metadata_falls_back_to_inference() {
        let field = Field::new("c", DataType::Int32, true).with_metadata(HashMap::from([(
            TRINO_TYPE_METADATA_KEY.to_owned(),
            "not a type".to_owned(),
        )]));
        assert_eq!(
            TrinoType::from_arrow_field(&field).unwrap(),
            TrinoType::Integer
        );
    }
}
