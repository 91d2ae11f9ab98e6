//! Conversions between numbers and date/time values: `from_unixtime`,
//! `from_unixtime_nanos`, `to_unixtime`, `to_milliseconds` and `human_readable_seconds`.

use std::fmt::Write;
use std::sync::Arc;

use arrow::array::{Array, ArrayRef, AsArray, Float64Array, Int64Array, StringBuilder};
use arrow::datatypes::{DataType, Decimal128Type, Float64Type, IntervalMonthDayNanoType};
use datafusion::error::Result;

use super::temporal::{Temporal, as_i64, from_i64, split};
use super::zone::Zone;
use crate::functions::error::invalid_argument;

/// Milliseconds of a `double` count of seconds, rounded half up like Java's `Math.round`.
fn round_millis(seconds: f64) -> Option<i64> {
    let millis = (seconds * 1000.0 + 0.5).floor();
    (millis.is_finite() && millis >= i64::MIN as f64 && millis <= i64::MAX as f64)
        .then_some(millis as i64)
}

/// `from_unixtime(seconds)` as epoch milliseconds of the result type `target`.
pub fn from_unixtime(seconds: &ArrayRef, target: &DataType) -> Result<ArrayRef> {
    let seconds = seconds.as_primitive::<Float64Type>();
    let millis: Int64Array = seconds.unary_opt(round_millis);
    from_i64(millis, target)
}

/// The zone of `from_unixtime(x, hours, minutes)`.
pub fn zone_of_offset(hours: i64, minutes: i64) -> Result<Zone> {
    let total = hours
        .checked_mul(60)
        .and_then(|h| h.checked_add(minutes))
        .and_then(|m| i32::try_from(m).ok());
    total
        .and_then(Zone::from_offset_minutes)
        .ok_or_else(|| invalid_argument(format!("Invalid offset minutes {}", hours * 60 + minutes)))
}

/// `from_unixtime_nanos(x)` for `bigint` or `decimal(p, s)` nanoseconds (decimals round half
/// away from zero).
pub fn from_unixtime_nanos(nanos: &ArrayRef, target: &DataType) -> Result<ArrayRef> {
    let values: Int64Array = match nanos.data_type() {
        DataType::Decimal128(_, scale) => {
            let divisor = 10i128.pow(u32::from((*scale).max(0) as u8));
            let half = divisor / 2;
            nanos.as_primitive::<Decimal128Type>().unary_opt(|v| {
                let rounded = if v >= 0 {
                    (v + half) / divisor
                } else {
                    (v - half) / divisor
                };
                i64::try_from(rounded).ok()
            })
        }
        _ => as_i64(nanos)?,
    };
    from_i64(values, target)
}

/// `to_unixtime(x)`: seconds since the epoch as `double`.
pub fn to_unixtime(values: &ArrayRef) -> Result<ArrayRef> {
    let temporal = Temporal::of_arg(values.data_type(), "to_unixtime")?;
    let unit = temporal.unit();
    let input = as_i64(values)?;
    let output: Float64Array = input.unary(|v| {
        let (seconds, nanos) = split(v, unit);
        seconds as f64 + f64::from(nanos) / 1e9
    });
    Ok(Arc::new(output))
}

/// `to_milliseconds(interval day to second)`.
pub fn to_milliseconds(values: &ArrayRef) -> Result<ArrayRef> {
    let output: Int64Array = values
        .as_primitive::<IntervalMonthDayNanoType>()
        .unary(|v| i64::from(v.days) * 86_400_000 + v.nanoseconds / 1_000_000);
    Ok(Arc::new(output))
}

/// `human_readable_seconds(double)`: `1 hour, 2 minutes, 42 seconds`.
pub fn human_readable_seconds(values: &ArrayRef) -> Result<ArrayRef> {
    let input = values.as_primitive::<Float64Type>();
    let mut builder = StringBuilder::with_capacity(input.len(), input.len() * 24);
    let mut text = String::new();
    for value in input.iter() {
        match value {
            None => builder.append_null(),
            Some(v) => {
                text.clear();
                write_human_readable(v, &mut text)?;
                builder.append_value(&text);
            }
        }
    }
    Ok(Arc::new(builder.finish()))
}

fn write_human_readable(seconds: f64, out: &mut String) -> Result<()> {
    if !seconds.is_finite() {
        let shown = if seconds.is_nan() {
            "NaN".to_string()
        } else if seconds > 0.0 {
            "Infinity".to_string()
        } else {
            "-Infinity".to_string()
        };
        return Err(invalid_argument(format!("Invalid argument found: {shown}")));
    }
    let mut rest = (seconds.abs() + 0.5).floor() as u64;
    let mut parts = Vec::with_capacity(5);
    for (name, length) in [
        ("week", 7 * 86_400),
        ("day", 86_400),
        ("hour", 3600),
        ("minute", 60),
        ("second", 1),
    ] {
        let count = rest / length;
        rest %= length;
        if count > 0 {
            parts.push((count, name));
        }
    }
    if parts.is_empty() {
        parts.push((0, "second"));
    }
    for (i, (count, name)) in parts.iter().enumerate() {
        let separator = if i == 0 { "" } else { ", " };
        let plural = if *count == 1 { "" } else { "s" };
        let _ = write!(out, "{separator}{count} {name}{plural}");
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use arrow::array::{Decimal128Array, IntervalMonthDayNanoArray};
    use arrow::datatypes::{IntervalMonthDayNano, TimeUnit, TimestampNanosecondType};

    fn human(seconds: f64) -> String {
        let mut out = String::new();
        write_human_readable(seconds, &mut out).unwrap();
        out
    }

    #[test]
    fn human_readable_examples_of_the_docs() {
        assert_eq!(human(96.0), "1 minute, 36 seconds");
        assert_eq!(human(3762.0), "1 hour, 2 minutes, 42 seconds");
        assert_eq!(
            human(56_363_463.0),
            "93 weeks, 1 day, 8 hours, 31 minutes, 3 seconds"
        );
        assert_eq!(human(0.2), "0 seconds");
        assert!(write_human_readable(f64::NAN, &mut String::new()).is_err());
    }

    #[test]
    fn nanos_from_decimals_of_the_docs() {
        let target = DataType::Timestamp(TimeUnit::Nanosecond, Some("UTC".into()));
        for (unscaled, scale, expected) in [
            (1234i128, 0i8, 1234i64),
            (1_234_499, 3, 1234),
            (-1234, 0, -1234),
        ] {
            let input: ArrayRef = Arc::new(
                Decimal128Array::from(vec![unscaled])
                    .with_precision_and_scale(10, scale)
                    .unwrap(),
            );
            let out = from_unixtime_nanos(&input, &target).unwrap();
            assert_eq!(
                out.as_primitive::<TimestampNanosecondType>().value(0),
                expected
            );
        }
    }

    #[test]
    fn unixtime_round_trip() {
        let input: ArrayRef = Arc::new(Float64Array::from(vec![1.0005, -0.0004]));
        let target = DataType::Timestamp(TimeUnit::Millisecond, Some("UTC".into()));
        let out = from_unixtime(&input, &target).unwrap();
        let back = to_unixtime(&out).unwrap();
        assert_eq!(back.as_primitive::<Float64Type>().value(0), 1.001);
        assert_eq!(back.as_primitive::<Float64Type>().value(1), 0.0);
    }

    #[test]
    fn milliseconds_of_intervals() {
        let input: ArrayRef = Arc::new(IntervalMonthDayNanoArray::from(vec![
            IntervalMonthDayNano::new(0, 1, 1_500_000_000),
        ]));
        let out = to_milliseconds(&input).unwrap();
        assert_eq!(
            out.as_primitive::<arrow::datatypes::Int64Type>().value(0),
            86_401_500
        );
    }
}
