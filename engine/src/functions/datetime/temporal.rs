//! How date/time values are stored in Arrow, and the conversions every function shares:
//! from stored integers to local wall-clock times and back, argument coercion and results.

use std::sync::Arc;

use arrow::array::{Array, ArrayRef, AsArray, Int64Array, StringArray};
use arrow::datatypes::{DataType, Field, FieldRef, Int64Type, TimeUnit};
use chrono::{DateTime, Datelike, NaiveDate, NaiveDateTime, NaiveTime, Timelike};
use datafusion::common::{ScalarValue, plan_err};
use datafusion::error::{DataFusionError, Result};
use datafusion::logical_expr::ColumnarValue;
use protocol::TrinoType;

use super::zone::Zone;

/// Days from 0001-01-01 (chrono's day 1) to 1970-01-01.
const UNIX_EPOCH_DAY_FROM_CE: i64 = 719_163;
/// Seconds in a day.
pub const SECONDS_PER_DAY: i64 = 86_400;

/// The Trino date/time type of an argument, as far as the functions here need it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Temporal {
    /// `date`: days since the epoch.
    Date,
    /// `timestamp(p)`: the wall clock, counted as if it were UTC.
    Timestamp(TimeUnit),
    /// `timestamp(p) with time zone`: an instant, shown in `Zone`.
    Zoned(TimeUnit, Zone),
    /// `time(p)`: time since midnight.
    Time(TimeUnit),
}

impl Temporal {
    /// The kind of an Arrow type; `None` for non-temporal types and unknown zones.
    pub fn of(data_type: &DataType) -> Option<Temporal> {
        match data_type {
            DataType::Date32 => Some(Temporal::Date),
            DataType::Timestamp(unit, None) => Some(Temporal::Timestamp(*unit)),
            DataType::Timestamp(unit, Some(zone)) => {
                Zone::parse(zone).map(|z| Temporal::Zoned(*unit, z))
            }
            DataType::Time32(unit) | DataType::Time64(unit) => Some(Temporal::Time(*unit)),
            _ => None,
        }
    }

    /// Like [`Temporal::of`], failing with a plan error naming `function`.
    pub fn of_arg(data_type: &DataType, function: &str) -> Result<Temporal> {
        Temporal::of(data_type).map_or_else(
            || plan_err!("Unexpected parameters ({data_type}) for function {function}"),
            Ok,
        )
    }

    /// The local wall clock of a stored value (midnight for dates, 1970-01-01 for times).
    #[inline]
    pub fn local(&self, value: i64) -> Option<NaiveDateTime> {
        match self {
            Temporal::Date => date_from_days(value).map(|d| d.and_time(NaiveTime::MIN)),
            Temporal::Timestamp(unit) | Temporal::Time(unit) => {
                let (seconds, nanos) = split(value, *unit);
                DateTime::from_timestamp(seconds, nanos).map(|d| d.naive_utc())
            }
            Temporal::Zoned(unit, zone) => {
                let (seconds, nanos) = split(value, *unit);
                zone.local(seconds, nanos)
            }
        }
    }

    /// The stored value of a local wall clock (the inverse of [`Temporal::local`]).
    #[inline]
    pub fn from_local(&self, local: NaiveDateTime) -> Option<i64> {
        let seconds = local.and_utc().timestamp();
        let nanos = local.nanosecond();
        match self {
            Temporal::Date => Some(seconds.div_euclid(SECONDS_PER_DAY)),
            Temporal::Timestamp(unit) => join(seconds, nanos, *unit),
            Temporal::Time(unit) => join(seconds.rem_euclid(SECONDS_PER_DAY), nanos, *unit),
            Temporal::Zoned(unit, zone) => join(zone.to_utc(seconds), nanos, *unit),
        }
    }

    /// The unit of timestamps and times (days count as whole seconds here).
    pub fn unit(&self) -> TimeUnit {
        match self {
            Temporal::Date => TimeUnit::Second,
            Temporal::Timestamp(unit) | Temporal::Zoned(unit, _) | Temporal::Time(unit) => *unit,
        }
    }
}

/// The date `days` after 1970-01-01.
#[inline]
pub fn date_from_days(days: i64) -> Option<NaiveDate> {
    let day = i32::try_from(days.checked_add(UNIX_EPOCH_DAY_FROM_CE)?).ok()?;
    NaiveDate::from_num_days_from_ce_opt(day)
}

/// Days since 1970-01-01 of `date`.
#[inline]
pub fn days_of(date: NaiveDate) -> i64 {
    i64::from(date.num_days_from_ce()) - UNIX_EPOCH_DAY_FROM_CE
}

/// Stored values per second in `unit`.
#[inline]
pub const fn per_second(unit: TimeUnit) -> i64 {
    match unit {
        TimeUnit::Second => 1,
        TimeUnit::Millisecond => 1_000,
        TimeUnit::Microsecond => 1_000_000,
        TimeUnit::Nanosecond => 1_000_000_000,
    }
}

/// Splits a stored value into whole seconds and nanoseconds of the second.
#[inline]
pub fn split(value: i64, unit: TimeUnit) -> (i64, u32) {
    let per = per_second(unit);
    let nanos = value.rem_euclid(per) * (1_000_000_000 / per);
    (value.div_euclid(per), nanos as u32)
}

/// Joins seconds and nanoseconds into a stored value of `unit` (sub-unit digits truncated);
/// `None` on overflow.
#[inline]
pub fn join(seconds: i64, nanos: u32, unit: TimeUnit) -> Option<i64> {
    let per = per_second(unit);
    seconds
        .checked_mul(per)?
        .checked_add(i64::from(nanos) / (1_000_000_000 / per))
}

/// The values of a date/time (or integer) array as `i64` in their own unit.
pub fn as_i64(array: &ArrayRef) -> Result<Int64Array> {
    let values = match array.data_type() {
        DataType::Int64 => array.clone(),
        // Arrow casts `time` of 32 bits only to and from `Int32`.
        DataType::Time32(_) => arrow::compute::cast(
            &arrow::compute::cast(array, &DataType::Int32)?,
            &DataType::Int64,
        )?,
        _ => arrow::compute::cast(array, &DataType::Int64)?,
    };
    Ok(values.as_primitive::<Int64Type>().clone())
}

/// An `i64` array as the Arrow type `target` (timestamps, dates, times).
pub fn from_i64(values: Int64Array, target: &DataType) -> Result<ArrayRef> {
    let array: ArrayRef = Arc::new(values);
    let array = match target {
        DataType::Time32(_) => arrow::compute::cast(&array, &DataType::Int32)?,
        _ => array,
    };
    Ok(arrow::compute::cast(&array, target)?)
}

/// Arguments turned into arrays of `rows` values, except for the constants at `constant`
/// positions (patterns, units, zones), which stay one value long so that they are handled
/// once per batch. When every argument is a scalar, all arrays hold one value and the result
/// is returned as a scalar by [`finish`].
pub fn arrays(
    args: &[ColumnarValue],
    rows: usize,
    constant: &[usize],
) -> Result<(Vec<ArrayRef>, bool)> {
    let scalar = args.iter().all(|a| matches!(a, ColumnarValue::Scalar(_)));
    let arrays = args
        .iter()
        .enumerate()
        .map(|(i, a)| match a {
            ColumnarValue::Scalar(_) if scalar || constant.contains(&i) => a.to_array(1),
            _ => a.to_array(rows),
        })
        .collect::<Result<Vec<_>>>()?;
    Ok((arrays, scalar))
}

/// The function result for [`arrays`]' inputs.
pub fn finish(output: ArrayRef, scalar: bool) -> Result<ColumnarValue> {
    if scalar {
        Ok(ColumnarValue::Scalar(ScalarValue::try_from_array(
            &output, 0,
        )?))
    } else {
        Ok(ColumnarValue::Array(output))
    }
}

/// A string argument that is a constant: `Some(None)` for a NULL constant.
pub fn constant_string(arg: &ColumnarValue) -> Option<Option<&str>> {
    match arg {
        ColumnarValue::Scalar(
            ScalarValue::Utf8(s) | ScalarValue::Utf8View(s) | ScalarValue::LargeUtf8(s),
        ) => Some(s.as_deref()),
        ColumnarValue::Scalar(ScalarValue::Null) => Some(None),
        _ => None,
    }
}

/// A string literal known at planning time.
pub fn literal_string<'a>(scalars: &[Option<&'a ScalarValue>], index: usize) -> Option<&'a str> {
    match scalars.get(index).copied().flatten() {
        Some(ScalarValue::Utf8(s) | ScalarValue::Utf8View(s) | ScalarValue::LargeUtf8(s)) => {
            s.as_deref()
        }
        _ => None,
    }
}

/// A string array (arguments are coerced to `Utf8`).
pub fn strings(array: &ArrayRef) -> Result<StringArray> {
    match array.data_type() {
        DataType::Utf8 => Ok(array.as_string::<i32>().clone()),
        _ => Ok(arrow::compute::cast(array, &DataType::Utf8)?
            .as_string::<i32>()
            .clone()),
    }
}

/// Coercion target of a string argument.
pub fn coerce_string(data_type: &DataType, function: &str) -> Result<DataType> {
    match data_type {
        DataType::Utf8 | DataType::Utf8View | DataType::LargeUtf8 | DataType::Null => {
            Ok(DataType::Utf8)
        }
        DataType::Dictionary(_, value) if value.is_string() => Ok(DataType::Utf8),
        other => plan_err!("Unexpected parameters ({other}) for function {function}"),
    }
}

/// Coercion target of a date/time argument (`timestamp(3)` for an untyped NULL).
pub fn coerce_temporal(data_type: &DataType, function: &str) -> Result<DataType> {
    match data_type {
        DataType::Null => Ok(DataType::Timestamp(TimeUnit::Millisecond, None)),
        DataType::Date64 => Ok(DataType::Date32),
        other if Temporal::of(other).is_some() => Ok(other.clone()),
        other => plan_err!("Unexpected parameters ({other}) for function {function}"),
    }
}

/// Coercion target of an integer argument (`bigint`).
pub fn coerce_integer(data_type: &DataType, function: &str) -> Result<DataType> {
    if data_type.is_integer() || data_type == &DataType::Null {
        Ok(DataType::Int64)
    } else {
        plan_err!("Unexpected parameters ({data_type}) for function {function}")
    }
}

/// Coercion target of a `double` argument.
pub fn coerce_double(data_type: &DataType, function: &str) -> Result<DataType> {
    if data_type.is_numeric() || data_type == &DataType::Null {
        Ok(DataType::Float64)
    } else {
        plan_err!("Unexpected parameters ({data_type}) for function {function}")
    }
}

/// Fails unless exactly `expected` arguments were given.
pub fn arity(arg_types: &[DataType], expected: &[usize], function: &str) -> Result<()> {
    if expected.contains(&arg_types.len()) {
        Ok(())
    } else {
        plan_err!(
            "Unexpected parameters ({}) for function {function}",
            arg_types
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join(", ")
        )
    }
}

/// The Trino type of a field, for deriving result types that keep the precision.
pub fn trino_type(field: &Field) -> Result<TrinoType> {
    TrinoType::from_arrow_field(field).map_err(|e| DataFusionError::Plan(e.to_string()))
}

/// Fractional-second digits of a timestamp field (from its Trino type when tagged).
pub fn precision_of(field: &Field) -> u8 {
    match TrinoType::from_arrow_field(field) {
        Ok(TrinoType::Timestamp { precision } | TrinoType::TimestampWithTimeZone { precision }) => {
            precision
        }
        _ => 3,
    }
}

/// A result field of Trino type `ty` stored as `data_type` (carrying the `trino.type`
/// metadata when the Arrow type alone would read back differently).
pub fn typed_field(name: &str, ty: &TrinoType, data_type: DataType) -> FieldRef {
    let tagged = ty.arrow_field(name, true);
    let lossless = TrinoType::from_arrow_type(&data_type).is_ok_and(|back| back == *ty);
    let field = Field::new(name, data_type, true);
    Arc::new(if lossless {
        field
    } else {
        field.with_metadata(tagged.metadata().clone())
    })
}

/// The Arrow type of `timestamp(precision) with time zone` shown in `zone`.
pub fn zoned_type(precision: u8, zone: &Zone) -> (TrinoType, DataType) {
    let ty = TrinoType::TimestampWithTimeZone { precision };
    let DataType::Timestamp(unit, _) = ty.to_arrow() else {
        unreachable!("timestamp with time zone maps to an Arrow timestamp")
    };
    (ty, DataType::Timestamp(unit, Some(zone.id().into())))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn time32_values_round_trip() {
        // TIME '03:04:05.321' is stored as Time32(ms).
        let time: ArrayRef = Arc::new(arrow::array::Time32MillisecondArray::from(vec![11_045_321]));
        let values = as_i64(&time).unwrap();
        assert_eq!(values.value(0), 11_045_321);
        let back = from_i64(values, time.data_type()).unwrap();
        assert_eq!(&back, &time);
    }

    #[test]
    fn split_and_join_round_trip() {
        assert_eq!(split(-1, TimeUnit::Millisecond), (-1, 999_000_000));
        assert_eq!(join(-1, 999_000_000, TimeUnit::Millisecond), Some(-1));
        assert_eq!(split(1_500, TimeUnit::Millisecond), (1, 500_000_000));
        assert_eq!(join(i64::MAX, 0, TimeUnit::Nanosecond), None);
    }

    #[test]
    fn dates() {
        assert_eq!(date_from_days(0), NaiveDate::from_ymd_opt(1970, 1, 1));
        assert_eq!(
            days_of(NaiveDate::from_ymd_opt(2020, 5, 11).unwrap()),
            18_393
        );
    }
}
