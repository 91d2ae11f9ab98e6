//! `parse_duration(string)`: a duration written as a number and a unit (`42.8ms`, `3.81 d`,
//! `5m`) as an `interval day to second`, rounded to milliseconds. Units: `ns`, `us`, `ms`,
//! `s`, `m`, `h`, `d`.

use std::sync::Arc;

use arrow::array::{Array, ArrayRef, AsArray, IntervalMonthDayNanoBuilder};
use arrow::datatypes::{DataType, IntervalMonthDayNano, IntervalUnit};
use datafusion::common::exec_err;
use datafusion::error::Result;
use datafusion::logical_expr::{
    ColumnarValue, ScalarFunctionArgs, ScalarUDF, ScalarUDFImpl, Signature, Volatility,
};

use crate::functions::error::invalid_argument;

/// The function, for registration in a session.
pub fn parse_duration_function() -> ScalarUDF {
    ScalarUDF::new_from_impl(ParseDuration {
        signature: Signature::exact(vec![DataType::Utf8], Volatility::Immutable),
    })
}

#[derive(Debug, PartialEq, Eq, Hash)]
struct ParseDuration {
    signature: Signature,
}

/// Milliseconds in one `unit`.
fn unit_millis(unit: &str) -> Option<f64> {
    Some(match unit {
        "ns" => 1e-6,
        "us" => 1e-3,
        "ms" => 1.0,
        "s" => 1_000.0,
        "m" => 60_000.0,
        "h" => 3_600_000.0,
        "d" => 86_400_000.0,
        _ => return None,
    })
}

/// The whole milliseconds `text` denotes.
fn parse_millis(text: &str) -> Result<i64> {
    let invalid = || {
        invalid_argument(format!(
            "duration is not a valid data duration string: {text}"
        ))
    };
    let trimmed = text.trim();
    let split = trimmed
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .ok_or_else(invalid)?;
    let (number, unit) = trimmed.split_at(split);
    if number.is_empty() || number.starts_with('.') || number.ends_with('.') {
        return Err(invalid());
    }
    let value: f64 = number.parse().map_err(|_| invalid())?;
    let millis = value * unit_millis(unit.trim_start()).ok_or_else(invalid)?;
    if !millis.is_finite() || millis.round() > i64::MAX as f64 {
        return Err(invalid());
    }
    // Rounded half up, like Trino's conversion of a duration to milliseconds.
    Ok(millis.round() as i64)
}

impl ScalarUDFImpl for ParseDuration {
    fn name(&self) -> &str {
        "parse_duration"
    }

    fn signature(&self) -> &Signature {
        &self.signature
    }

    fn return_type(&self, _arg_types: &[DataType]) -> Result<DataType> {
        Ok(DataType::Interval(IntervalUnit::MonthDayNano))
    }

    fn invoke_with_args(&self, args: ScalarFunctionArgs) -> Result<ColumnarValue> {
        let [text] = args.args.as_slice() else {
            return exec_err!("parse_duration takes one argument");
        };
        let scalar = matches!(text, ColumnarValue::Scalar(_));
        let text = text.to_array(args.number_rows)?;
        let text = text.as_string::<i32>();
        let mut builder = IntervalMonthDayNanoBuilder::with_capacity(text.len());
        for value in text.iter() {
            match value {
                Some(value) => {
                    let nanos = parse_millis(value)?.checked_mul(1_000_000).ok_or_else(|| {
                        invalid_argument(format!(
                            "duration is not a valid data duration string: {value}"
                        ))
                    })?;
                    builder.append_value(IntervalMonthDayNano::new(0, 0, nanos));
                }
                None => builder.append_null(),
            }
        }
        let array: ArrayRef = Arc::new(builder.finish());
        if scalar {
            Ok(ColumnarValue::Scalar(
                datafusion::common::ScalarValue::try_from_array(&array, 0)?,
            ))
        } else {
            Ok(ColumnarValue::Array(array))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_round_to_milliseconds() {
        assert_eq!(parse_millis("42.8ms").ok(), Some(43));
        assert_eq!(parse_millis("3.81 d").ok(), Some(329_184_000));
        assert_eq!(parse_millis("5m").ok(), Some(300_000));
        assert_eq!(parse_millis("1234 h").ok(), Some(4_442_400_000));
        assert_eq!(parse_millis("1500us").ok(), Some(2));
        for bad in ["", "ms", "1", "1 parsec", ".5s", "1.s", "-1s"] {
            assert!(parse_millis(bad).is_err(), "{bad}");
        }
    }
}
