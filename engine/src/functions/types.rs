//! Functions that give values a Trino type DataFusion has no Arrow type for: the SQL
//! rewrites of [`crate::sql::types`] call them for casts and typed literals.

use std::net::IpAddr;
use std::sync::Arc;

use crate::functions::datetime::zone::Zone;
use arrow::array::{Array, ArrayRef, AsArray, IntervalYearMonthArray, StringArray};
use arrow::datatypes::{DataType, Field, FieldRef, IntervalUnit, TimeUnit};
use chrono::NaiveDateTime;
use datafusion::common::{ScalarValue, exec_err, plan_err};
use datafusion::error::{DataFusionError, Result};
use datafusion::logical_expr::{
    ColumnarValue, ReturnFieldArgs, ScalarFunctionArgs, ScalarUDF, ScalarUDFImpl, Signature,
    Volatility,
};
use protocol::TrinoType;
use protocol::types::TRINO_TYPE_METADATA_KEY;

/// `__trino_cast(value, 'type')`: SQL `CAST` to a Trino type (truncates `varchar(n)`,
/// validates `uuid` and `ipaddress`, quotes text cast to `json`).
pub const TRINO_CAST: &str = "__trino_cast";
/// `__trino_typed(value, 'type')`: tags an already correct value with a Trino type.
pub const TRINO_TYPED: &str = "__trino_typed";
/// `__trino_timestamp_tz('2020-01-02 03:04:05.678 America/Los_Angeles')`: a `timestamp(p)
/// with time zone` literal.
pub const TRINO_TIMESTAMP_TZ: &str = "__trino_timestamp_tz";

/// `__trino_row(a, b, ...)`: Trino's `ROW(a, b, ...)` constructor, whose fields are
/// anonymous and keep their arguments' Trino types.
pub const TRINO_ROW: &str = "__trino_row";

/// `__trino_temporal_text(x)`: `CAST(x AS varchar)` of a time or timestamp, in Trino's text
/// (`2020-01-02 03:04:05.678`, with the type's precision, and the zone for `with time zone`)
/// where Arrow writes ISO 8601 (`2020-01-02T03:04:05.678`).
pub const TRINO_TEMPORAL_TEXT: &str = "__trino_temporal_text";

/// The function [`TRINO_TEMPORAL_TEXT`] names.
pub fn temporal_text_function() -> ScalarUDF {
    ScalarUDF::new_from_impl(TemporalText {
        signature: Signature::any(1, Volatility::Immutable),
    })
}

/// Whether `CAST(x AS varchar)` of a value of `data_type` needs [`TRINO_TEMPORAL_TEXT`].
pub fn needs_temporal_text(data_type: &DataType) -> bool {
    matches!(
        data_type,
        DataType::Timestamp(_, _) | DataType::Time32(_) | DataType::Time64(_)
    )
}

#[derive(Debug, PartialEq, Eq, Hash)]
struct TemporalText {
    signature: Signature,
}

impl ScalarUDFImpl for TemporalText {
    fn name(&self) -> &str {
        TRINO_TEMPORAL_TEXT
    }

    fn signature(&self) -> &Signature {
        &self.signature
    }

    fn return_type(&self, _arg_types: &[DataType]) -> Result<DataType> {
        Ok(DataType::Utf8)
    }

    fn invoke_with_args(&self, args: ScalarFunctionArgs) -> Result<ColumnarValue> {
        let ([value], [field]) = (args.args.as_slice(), args.arg_fields.as_slice()) else {
            return exec_err!("{TRINO_TEMPORAL_TEXT} takes one argument");
        };
        let scalar = matches!(value, ColumnarValue::Scalar(_));
        let array = value.to_array(args.number_rows)?;
        let texts = temporal_texts(field, &array)?;
        if scalar {
            Ok(ColumnarValue::Scalar(ScalarValue::try_from_array(
                &texts, 0,
            )?))
        } else {
            Ok(ColumnarValue::Array(texts))
        }
    }
}

/// Trino's text of the times or timestamps in `array`, whose field is `field`.
fn temporal_texts(field: &Field, array: &ArrayRef) -> Result<ArrayRef> {
    let ty =
        TrinoType::from_arrow_field(field).map_err(|e| DataFusionError::Plan(e.to_string()))?;
    let texts = protocol::encode::value_texts(&ty, array)
        .map_err(|e| DataFusionError::Execution(e.to_string()))?;
    Ok(Arc::new(StringArray::from(texts)))
}

/// The type functions, for registration in a session.
pub fn type_functions() -> Vec<ScalarUDF> {
    vec![
        temporal_text_function(),
        ScalarUDF::new_from_impl(TypeTag::new(TRINO_CAST, true)),
        ScalarUDF::new_from_impl(TypeTag::new(TRINO_TYPED, false)),
        ScalarUDF::new_from_impl(TimestampWithZone::new()),
        ScalarUDF::new_from_impl(RowConstructor {
            signature: Signature::variadic_any(Volatility::Immutable),
        }),
    ]
}

#[derive(Debug, PartialEq, Eq, Hash)]
struct RowConstructor {
    signature: Signature,
}

impl ScalarUDFImpl for RowConstructor {
    fn name(&self) -> &str {
        TRINO_ROW
    }

    fn signature(&self) -> &Signature {
        &self.signature
    }

    fn return_type(&self, _arg_types: &[DataType]) -> Result<DataType> {
        Err(DataFusionError::Internal(format!(
            "{TRINO_ROW} uses return_field_from_args"
        )))
    }

    fn return_field_from_args(&self, args: ReturnFieldArgs) -> Result<FieldRef> {
        let fields = args
            .arg_fields
            .iter()
            .map(|f| {
                TrinoType::from_arrow_field(f)
                    .map(protocol::RowField::anonymous)
                    .map_err(|e| DataFusionError::Plan(e.to_string()))
            })
            .collect::<Result<Vec<_>>>()?;
        let ty = TrinoType::Row(fields);
        let struct_fields: Vec<Field> = args
            .arg_fields
            .iter()
            .enumerate()
            .map(|(i, f)| row_field(f, i))
            .collect();
        let tagged = ty.arrow_field(TRINO_ROW, true);
        Ok(Arc::new(
            Field::new(TRINO_ROW, DataType::Struct(struct_fields.into()), true)
                .with_metadata(tagged.metadata().clone()),
        ))
    }

    fn invoke_with_args(&self, args: ScalarFunctionArgs) -> Result<ColumnarValue> {
        let DataType::Struct(fields) = args.return_field.data_type() else {
            return exec_err!("{TRINO_ROW} returns a row");
        };
        let columns = args
            .args
            .iter()
            .map(|a| a.to_array(args.number_rows))
            .collect::<Result<Vec<_>>>()?;
        let array = arrow::array::StructArray::try_new(fields.clone(), columns, None)?;
        Ok(ColumnarValue::Array(Arc::new(array)))
    }
}

/// Field `i` of a row built from `argument`, nullable. A `varchar(n)` length tag is dropped from the
/// struct field (the row's own tag keeps the full Trino type): rows of different string
/// lengths, like `ROW('SQL', 1)` and `ROW('Java', 2)`, must have one Arrow type to share an
/// array.
fn row_field(argument: &Field, i: usize) -> Field {
    let mut metadata = argument.metadata().clone();
    if metadata
        .get(TRINO_TYPE_METADATA_KEY)
        .is_some_and(|t| t.starts_with("varchar("))
    {
        metadata.remove(TRINO_TYPE_METADATA_KEY);
    }
    // Nullable like every Trino row field, so a row of literals and one of expressions
    // have one type too.
    argument
        .clone()
        .with_name(format!("c{i}"))
        .with_metadata(metadata)
        .with_nullable(true)
}

fn literal_string(args: &ReturnFieldArgs, index: usize, function: &str) -> Result<String> {
    match args.scalar_arguments.get(index).copied().flatten() {
        Some(
            ScalarValue::Utf8(Some(s))
            | ScalarValue::Utf8View(Some(s))
            | ScalarValue::LargeUtf8(Some(s)),
        ) => Ok(s.clone()),
        _ => plan_err!(
            "{function} needs a string literal as argument {}",
            index + 1
        ),
    }
}

fn target_type(text: &str) -> Result<TrinoType> {
    TrinoType::parse(text).map_err(|e| DataFusionError::Plan(e.to_string()))
}

#[derive(Debug, PartialEq, Eq, Hash)]
struct TypeTag {
    name: &'static str,
    cast: bool,
    signature: Signature,
}

impl TypeTag {
    fn new(name: &'static str, cast: bool) -> Self {
        Self {
            name,
            cast,
            signature: Signature::any(2, Volatility::Immutable),
        }
    }
}

impl ScalarUDFImpl for TypeTag {
    fn name(&self) -> &str {
        self.name
    }

    fn signature(&self) -> &Signature {
        &self.signature
    }

    fn return_type(&self, _arg_types: &[DataType]) -> Result<DataType> {
        Err(DataFusionError::Internal(format!(
            "{} uses return_field_from_args",
            self.name
        )))
    }

    fn return_field_from_args(&self, args: ReturnFieldArgs) -> Result<FieldRef> {
        let ty = target_type(&literal_string(&args, 1, self.name)?)?;
        Ok(Arc::new(ty.arrow_field(self.name, true)))
    }

    fn invoke_with_args(&self, args: ScalarFunctionArgs) -> Result<ColumnarValue> {
        let ty = TrinoType::from_arrow_field(&args.return_field)
            .map_err(|e| DataFusionError::Internal(e.to_string()))?;
        let target = args.return_field.data_type().clone();
        let scalar = matches!(args.args[0], ColumnarValue::Scalar(_));
        let input = args.args[0].to_array(args.number_rows)?;
        let output = if self.cast {
            cast_value(&input, &ty, &target)?
        } else {
            retype(&input, &target)?
        };
        if scalar {
            Ok(ColumnarValue::Scalar(ScalarValue::try_from_array(
                &output, 0,
            )?))
        } else {
            Ok(ColumnarValue::Array(output))
        }
    }
}

/// Converts without changing meaning: Arrow casts, plus intervals counted in months.
fn retype(input: &ArrayRef, target: &DataType) -> Result<ArrayRef> {
    if input.data_type() == target {
        return Ok(input.clone());
    }
    if let (
        DataType::Interval(IntervalUnit::MonthDayNano),
        DataType::Interval(IntervalUnit::YearMonth),
    ) = (input.data_type(), target)
    {
        let values = input.as_primitive::<arrow::datatypes::IntervalMonthDayNanoType>();
        let months: IntervalYearMonthArray = values.iter().map(|v| v.map(|v| v.months)).collect();
        return Ok(Arc::new(months));
    }
    // Trino casts rows by position, Arrow by name: cast the fields one by one.
    if let (DataType::Struct(from), DataType::Struct(to)) = (input.data_type(), target)
        && from.len() == to.len()
    {
        let input = input.as_struct();
        let columns = input
            .columns()
            .iter()
            .zip(to.iter())
            .map(|(column, field)| retype(column, field.data_type()))
            .collect::<Result<Vec<_>>>()?;
        let array =
            arrow::array::StructArray::try_new(to.clone(), columns, input.nulls().cloned())?;
        return Ok(Arc::new(array));
    }
    Ok(arrow::compute::cast(input, target)?)
}

/// SQL `CAST` semantics of Trino for the tagged types.
pub(crate) fn cast_value(input: &ArrayRef, ty: &TrinoType, target: &DataType) -> Result<ArrayRef> {
    let text = || -> Result<StringArray> {
        let utf8 = if needs_temporal_text(input.data_type()) {
            let field = Field::new("value", input.data_type().clone(), true);
            temporal_texts(&field, input)?
        } else {
            arrow::compute::cast(input, &DataType::Utf8)?
        };
        Ok(utf8.as_string::<i32>().clone())
    };
    let mapped = |f: &dyn Fn(&str) -> Result<String>| -> Result<ArrayRef> {
        let strings = text()?;
        let out = strings
            .iter()
            .map(|v| v.map(f).transpose())
            .collect::<Result<StringArray>>()?;
        Ok(Arc::new(out))
    };
    match ty {
        TrinoType::Varchar(Some(n)) | TrinoType::Char(n) => {
            let n = *n as usize;
            mapped(&|s| Ok(s.chars().take(n).collect::<String>()))
        }
        TrinoType::Json
            if matches!(
                input.data_type(),
                DataType::Utf8 | DataType::Utf8View | DataType::LargeUtf8
            ) =>
        {
            mapped(&|s| Ok(serde_json::Value::String(s.to_string()).to_string()))
        }
        TrinoType::Json => mapped(&|s| Ok(s.to_string())),
        TrinoType::Uuid => mapped(&|s| match protocol::canonical_uuid(s) {
            Some(uuid) => Ok(uuid),
            None => exec_err!("Cannot cast value to UUID: {s}"),
        }),
        TrinoType::IpAddress => mapped(&|s| match s.trim().parse::<IpAddr>() {
            Ok(IpAddr::V6(v6)) => Ok(v6
                .to_ipv4_mapped()
                .map_or_else(|| v6.to_string(), |v4| v4.to_string())),
            Ok(IpAddr::V4(v4)) => Ok(v4.to_string()),
            Err(_) => exec_err!("Cannot cast value to IPADDRESS: {s}"),
        }),
        _ => retype(input, target),
    }
}

/// `timestamp(p) with time zone` literals: the zone is part of the value's type in Arrow,
/// so the function's return type depends on its literal argument.
#[derive(Debug, PartialEq, Eq, Hash)]
struct TimestampWithZone {
    signature: Signature,
}

impl TimestampWithZone {
    fn new() -> Self {
        Self {
            signature: Signature::any(1, Volatility::Immutable),
        }
    }
}

/// A parsed `timestamp with time zone` literal.
struct ZonedLiteral {
    /// The instant, as seconds since the epoch and nanoseconds within the second.
    seconds: i64,
    nanos: u32,
    zone: String,
    precision: u8,
}

impl ZonedLiteral {
    /// The instant in `unit`; `None` when it does not fit (nanoseconds beyond 2262).
    fn in_unit(&self, unit: TimeUnit) -> Option<i64> {
        let nanos = i64::from(self.nanos);
        match unit {
            TimeUnit::Second => Some(self.seconds),
            TimeUnit::Millisecond => self
                .seconds
                .checked_mul(1_000)?
                .checked_add(nanos / 1_000_000),
            TimeUnit::Microsecond => self
                .seconds
                .checked_mul(1_000_000)?
                .checked_add(nanos / 1_000),
            TimeUnit::Nanosecond => self.seconds.checked_mul(1_000_000_000)?.checked_add(nanos),
        }
    }
}

fn parse_zoned(text: &str) -> Result<ZonedLiteral> {
    let invalid = || {
        DataFusionError::Execution(format!(
            "Value cannot be cast to timestamp with time zone: {text}"
        ))
    };
    let text = text.trim();
    let (local, zone) = match text.rsplit_once(' ') {
        Some((l, z)) if l.contains(':') => (l, z),
        _ => {
            let position = text
                .rfind(['+', '-'])
                .filter(|p| *p > 10)
                .ok_or_else(invalid)?;
            (&text[..position], &text[position..])
        }
    };
    let precision = crate::sql::types::fraction_digits(local) as u8;
    let naive = NaiveDateTime::parse_from_str(local, "%Y-%m-%d %H:%M:%S%.f")
        .or_else(|_| NaiveDateTime::parse_from_str(&format!("{local}:00"), "%Y-%m-%d %H:%M:%S"))
        .or_else(|_| {
            NaiveDateTime::parse_from_str(&format!("{local} 00:00:00"), "%Y-%m-%d %H:%M:%S")
        })
        .map_err(|_| invalid())?;
    let zone = Zone::parse(zone).ok_or_else(invalid)?;
    let local = naive.and_utc();
    Ok(ZonedLiteral {
        seconds: zone.to_utc(local.timestamp()),
        nanos: local.timestamp_subsec_nanos(),
        zone: zone.id(),
        precision,
    })
}

impl ScalarUDFImpl for TimestampWithZone {
    fn name(&self) -> &str {
        TRINO_TIMESTAMP_TZ
    }

    fn signature(&self) -> &Signature {
        &self.signature
    }

    fn return_type(&self, _arg_types: &[DataType]) -> Result<DataType> {
        Err(DataFusionError::Internal(format!(
            "{TRINO_TIMESTAMP_TZ} uses return_field_from_args"
        )))
    }

    fn return_field_from_args(&self, args: ReturnFieldArgs) -> Result<FieldRef> {
        let literal = parse_zoned(&literal_string(&args, 0, TRINO_TIMESTAMP_TZ)?)?;
        let ty = TrinoType::TimestampWithTimeZone {
            precision: literal.precision,
        };
        let unit = unit_of(&ty);
        let field = Field::new(
            TRINO_TIMESTAMP_TZ,
            DataType::Timestamp(unit, Some(literal.zone.into())),
            true,
        );
        let tagged = ty.arrow_field(TRINO_TIMESTAMP_TZ, true);
        Ok(Arc::new(field.with_metadata(tagged.metadata().clone())))
    }

    fn invoke_with_args(&self, args: ScalarFunctionArgs) -> Result<ColumnarValue> {
        let ColumnarValue::Scalar(scalar) = &args.args[0] else {
            return exec_err!("{TRINO_TIMESTAMP_TZ} takes a literal");
        };
        let literal = parse_zoned(&scalar.to_string())?;
        let zone: Option<Arc<str>> = Some(literal.zone.as_str().into());
        let unit = unit_of(&TrinoType::TimestampWithTimeZone {
            precision: literal.precision,
        });
        let value = literal.in_unit(unit).ok_or_else(|| {
            DataFusionError::Execution(format!(
                "Value cannot be cast to timestamp with time zone: {scalar}"
            ))
        })?;
        Ok(ColumnarValue::Scalar(match unit {
            TimeUnit::Second => ScalarValue::TimestampSecond(Some(value), zone),
            TimeUnit::Millisecond => ScalarValue::TimestampMillisecond(Some(value), zone),
            TimeUnit::Microsecond => ScalarValue::TimestampMicrosecond(Some(value), zone),
            TimeUnit::Nanosecond => ScalarValue::TimestampNanosecond(Some(value), zone),
        }))
    }
}

/// The Arrow time unit that holds a timestamp type's precision.
fn unit_of(ty: &TrinoType) -> TimeUnit {
    match ty.to_arrow() {
        DataType::Timestamp(unit, _) => unit,
        _ => TimeUnit::Nanosecond,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn zoned_literals() {
        let utc = parse_zoned("2020-01-02 03:04:05.678 UTC").unwrap();
        assert_eq!(utc.zone, "UTC");
        assert_eq!(utc.precision, 3);
        assert_eq!(
            utc.in_unit(TimeUnit::Nanosecond),
            Some(1_577_934_245_678_000_000)
        );
        let la = parse_zoned("2020-01-02 03:04:05.678 America/Los_Angeles").unwrap();
        assert_eq!(la.seconds - utc.seconds, 8 * 3600);
        // Year 1 fits in milliseconds but not in nanoseconds.
        let early = parse_zoned("0001-01-01 01:23:45.123 UTC").unwrap();
        assert_eq!(
            early.in_unit(TimeUnit::Millisecond),
            Some(-62_135_591_774_877)
        );
        assert_eq!(early.in_unit(TimeUnit::Nanosecond), None);
        // A wall time in the spring-forward gap moves forward, as in Trino.
        let gap = parse_zoned("2021-03-28 02:30:00 Europe/Brussels").unwrap();
        let after = parse_zoned("2021-03-28 03:30:00 Europe/Brussels").unwrap();
        assert_eq!(gap.seconds, after.seconds);
        let offset = parse_zoned("2020-01-02 03:04:05 +05:30").unwrap();
        assert_eq!(offset.zone, "+05:30");
        assert_eq!(offset.precision, 0);
        assert!(parse_zoned("2020-01-02 03:04:05 Mars/Base").is_err());
    }

    #[test]
    fn casts() {
        let input: ArrayRef = Arc::new(StringArray::from(vec![Some("abcdef"), None]));
        let out = cast_value(&input, &TrinoType::Varchar(Some(3)), &DataType::Utf8).unwrap();
        assert_eq!(out.as_string::<i32>().value(0), "abc");
        assert!(out.is_null(1));
        let input: ArrayRef = Arc::new(StringArray::from(vec![
            "12151FD2-7586-11E9-8F9E-2A86E4085A59",
        ]));
        let out = cast_value(&input, &TrinoType::Uuid, &DataType::Utf8).unwrap();
        assert_eq!(
            out.as_string::<i32>().value(0),
            "12151fd2-7586-11e9-8f9e-2a86e4085a59"
        );
        let input: ArrayRef = Arc::new(StringArray::from(vec![
            "::ffff:1.2.3.4",
            "2001:db8:0:0:0:0:0:1",
        ]));
        let out = cast_value(&input, &TrinoType::IpAddress, &DataType::Utf8).unwrap();
        assert_eq!(out.as_string::<i32>().value(0), "1.2.3.4");
        assert_eq!(out.as_string::<i32>().value(1), "2001:db8::1");
        let input: ArrayRef = Arc::new(StringArray::from(vec![r#"{"a":1}"#]));
        let out = cast_value(&input, &TrinoType::Json, &DataType::Utf8).unwrap();
        assert_eq!(out.as_string::<i32>().value(0), r#""{\"a\":1}""#);
        let input: ArrayRef = Arc::new(StringArray::from(vec!["not-a-uuid"]));
        assert!(cast_value(&input, &TrinoType::Uuid, &DataType::Utf8).is_err());
    }
}
