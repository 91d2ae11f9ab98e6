//! An interval times or divided by a number (`INTERVAL '1' DAY * 3`, `2 * INTERVAL '90'
//! MINUTE`, `INTERVAL '3' YEAR / 2`), which DataFusion cannot type. As in Trino, the result
//! is truncated to whole milliseconds (`interval day to second`) or months (`interval year
//! to month`); dividing by zero is `INVALID_FUNCTION_ARGUMENT`. The SQL planner hook
//! [`crate::functions::string::TrinoExprPlanner`] plans `*` and `/` with an interval
//! operand as these functions (DataFusion fails to type them before any rewrite could run).

use std::sync::Arc;

use arrow::array::{Array, ArrayRef, AsArray, IntervalMonthDayNanoArray, IntervalYearMonthArray};
use arrow::datatypes::{
    DataType, Float64Type, IntervalMonthDayNano, IntervalMonthDayNanoType, IntervalUnit,
    IntervalYearMonthType,
};
use datafusion::common::{exec_err, plan_err};
use datafusion::error::Result;
use datafusion::logical_expr::{
    ColumnarValue, Expr, ScalarFunctionArgs, ScalarUDF, ScalarUDFImpl, Signature, Volatility,
};
use protocol::ErrorCode;

use crate::functions::error::{function_error, invalid_argument};

const NANOS_PER_MILLI: i64 = 1_000_000;
const MILLIS_PER_DAY: i64 = 86_400_000;

/// `interval * number` or `number * interval` (`divide` false), or `interval / number`
/// (`divide` true).
pub fn interval_scale_function(divide: bool) -> Arc<ScalarUDF> {
    Arc::new(ScalarUDF::new_from_impl(IntervalScale {
        divide,
        signature: Signature::user_defined(Volatility::Immutable),
    }))
}

/// Whether `data_type` is an interval this function scales.
pub fn is_scalable_interval(data_type: &DataType) -> bool {
    matches!(
        data_type,
        DataType::Interval(IntervalUnit::YearMonth | IntervalUnit::MonthDayNano)
    )
}

#[derive(Debug, PartialEq, Eq, Hash)]
struct IntervalScale {
    divide: bool,
    signature: Signature,
}

impl IntervalScale {
    fn apply(&self, value: i64, factor: f64) -> Result<i64> {
        let scaled = if self.divide {
            if factor == 0.0 {
                return Err(invalid_argument("Cannot divide interval by zero"));
            }
            value as f64 / factor
        } else {
            value as f64 * factor
        };
        // Truncated toward zero, as Java's `(long)` conversion does.
        if !scaled.is_finite() || scaled.abs() >= i64::MAX as f64 {
            return Err(function_error(
                ErrorCode::NumericValueOutOfRange,
                "interval value out of range",
            ));
        }
        Ok(scaled.trunc() as i64)
    }
}

impl ScalarUDFImpl for IntervalScale {
    fn name(&self) -> &str {
        if self.divide {
            "$interval_divide"
        } else {
            "$interval_multiply"
        }
    }

    /// Named like the operator expression it replaces.
    fn schema_name(&self, args: &[Expr]) -> Result<String> {
        match args {
            [left, right] => Ok(format!(
                "{} {} {}",
                left.schema_name(),
                if self.divide { "/" } else { "*" },
                right.schema_name()
            )),
            _ => exec_err!("{} takes two arguments", self.name()),
        }
    }

    fn signature(&self) -> &Signature {
        &self.signature
    }

    fn coerce_types(&self, arg_types: &[DataType]) -> Result<Vec<DataType>> {
        match arg_types {
            [interval, factor] if is_scalable_interval(interval) && factor.is_numeric() => {
                Ok(vec![interval.clone(), DataType::Float64])
            }
            [factor, interval]
                if !self.divide && is_scalable_interval(interval) && factor.is_numeric() =>
            {
                Ok(vec![DataType::Float64, interval.clone()])
            }
            _ => plan_err!("Cannot apply operator to {arg_types:?}"),
        }
    }

    fn return_type(&self, arg_types: &[DataType]) -> Result<DataType> {
        match arg_types.iter().find(|t| is_scalable_interval(t)) {
            Some(interval) => Ok(interval.clone()),
            None => plan_err!("{} takes an interval", self.name()),
        }
    }

    fn invoke_with_args(&self, args: ScalarFunctionArgs) -> Result<ColumnarValue> {
        let (interval, factor) = match args.args.as_slice() {
            [left, right] if is_scalable_interval(&left.data_type()) => (left, right),
            [left, right] => (right, left),
            _ => return exec_err!("{} takes two arguments", self.name()),
        };
        let scalar = args
            .args
            .iter()
            .all(|a| matches!(a, ColumnarValue::Scalar(_)));
        let interval = interval.to_array(args.number_rows)?;
        let factor = factor.to_array(args.number_rows)?;
        let factors = factor.as_primitive::<Float64Type>();
        let result: ArrayRef = match interval.data_type() {
            DataType::Interval(IntervalUnit::YearMonth) => {
                let months = interval.as_primitive::<IntervalYearMonthType>();
                let scaled = months
                    .iter()
                    .zip(factors.iter())
                    .map(|pair| match pair {
                        (Some(m), Some(f)) => {
                            let months = self.apply(i64::from(m), f)?;
                            i32::try_from(months).map(Some).map_err(|_| {
                                function_error(
                                    ErrorCode::NumericValueOutOfRange,
                                    "interval value out of range",
                                )
                            })
                        }
                        _ => Ok(None),
                    })
                    .collect::<Result<IntervalYearMonthArray>>()?;
                Arc::new(scaled)
            }
            DataType::Interval(IntervalUnit::MonthDayNano) => {
                let values = interval.as_primitive::<IntervalMonthDayNanoType>();
                let scaled = values
                    .iter()
                    .zip(factors.iter())
                    .map(|pair| match pair {
                        (Some(v), Some(f)) => {
                            if v.months != 0 {
                                return exec_err!("a day-to-second interval has months");
                            }
                            let millis = i64::from(v.days) * MILLIS_PER_DAY
                                + v.nanoseconds / NANOS_PER_MILLI;
                            let millis = self.apply(millis, f)?;
                            let nanos = millis.checked_mul(NANOS_PER_MILLI).ok_or_else(|| {
                                function_error(
                                    ErrorCode::NumericValueOutOfRange,
                                    "interval value out of range",
                                )
                            })?;
                            Ok(Some(IntervalMonthDayNano::new(0, 0, nanos)))
                        }
                        _ => Ok(None),
                    })
                    .collect::<Result<IntervalMonthDayNanoArray>>()?;
                Arc::new(scaled)
            }
            other => return exec_err!("{} takes an interval, got {other}", self.name()),
        };
        if scalar {
            Ok(ColumnarValue::Scalar(
                datafusion::common::ScalarValue::try_from_array(&result, 0)?,
            ))
        } else {
            Ok(ColumnarValue::Array(result))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn results_truncate_and_division_by_zero_is_an_argument_error() {
        let multiply = IntervalScale {
            divide: false,
            signature: Signature::user_defined(Volatility::Immutable),
        };
        let divide = IntervalScale {
            divide: true,
            signature: multiply.signature.clone(),
        };
        // 1 s * 2.5 = 2.5 s; 6 s / 2.5 = 2.4 s; 10 months * 2.5 = 25 months; 1 ms / 3 = 0
        assert_eq!(multiply.apply(1_000, 2.5).ok(), Some(2_500));
        assert_eq!(divide.apply(6_000, 2.5).ok(), Some(2_400));
        assert_eq!(multiply.apply(10, 2.5).ok(), Some(25));
        assert_eq!(divide.apply(1, 3.0).ok(), Some(0));
        assert_eq!(divide.apply(-7, 2.0).ok(), Some(-3));
        assert!(divide.apply(6, 0.0).is_err());
        assert!(multiply.apply(i64::MAX / 2, 4.0).is_err());
    }
}
