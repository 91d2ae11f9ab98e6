//! Trino's mathematical functions that DataFusion lacks or computes differently: rounding
//! with Trino's result types ([`rounding`]), `mod` ([`modulo`]), `random` ([`random`]), floating point
//! predicates, `e()`, base conversion, `width_bucket`, the statistical functions
//! ([`stats`]) and cosine similarity ([`vectors`]).

mod modulo;
mod random;
mod rounding;
mod stats;
mod vectors;

use std::sync::Arc;

use arrow::array::{Array, AsArray, BooleanArray, Float64Array, Int64Array, StringBuilder};
use arrow::datatypes::{DataType, Field, Float64Type};
use datafusion::common::plan_err;
use datafusion::error::{DataFusionError, Result};
use datafusion::logical_expr::{
    ColumnarValue, ScalarFunctionArgs, ScalarUDF, ScalarUDFImpl, Signature, Volatility,
};
use protocol::ErrorCode;

use super::args::{Batch, Returns, float64, function, int64, string};
use super::error::{function_error, invalid_argument};

/// The math functions, for registration in a session.
pub fn math_functions() -> Vec<ScalarUDF> {
    let mut functions = rounding::rounding_functions();
    functions.push(modulo::modulo_function());
    functions.push(random::random_function());
    functions.extend(stats::stats_functions());
    functions.extend(vectors::vector_functions());
    functions.push(super::double_constant("e", std::f64::consts::E));
    functions.extend([
        function(
            "is_nan",
            vec![vec![float64()]],
            Returns::Type(DataType::Boolean),
            is_nan,
        ),
        function(
            "is_finite",
            vec![vec![float64()]],
            Returns::Type(DataType::Boolean),
            is_finite,
        ),
        function(
            "is_infinite",
            vec![vec![float64()]],
            Returns::Type(DataType::Boolean),
            is_infinite,
        ),
        function(
            "sqrt",
            vec![vec![float64()]],
            Returns::Type(DataType::Float64),
            sqrt,
        ),
        function(
            "from_base",
            vec![vec![string(), int64()]],
            Returns::Type(DataType::Int64),
            from_base,
        ),
        function(
            "to_base",
            vec![vec![int64(), int64()]],
            Returns::Type(DataType::Utf8),
            to_base,
        ),
    ]);
    functions.push(ScalarUDF::new_from_impl(WidthBucket {
        signature: Signature::user_defined(Volatility::Immutable),
    }));
    functions
}

/// The numeric type a type-preserving math function computes in for an argument of type
/// `t`: integers, floating point and decimals as they are, `unknown` (NULL) as `double`.
pub(crate) fn numeric_type(function: &str, t: &DataType) -> Result<DataType> {
    Ok(match t {
        DataType::Int8
        | DataType::Int16
        | DataType::Int32
        | DataType::Int64
        | DataType::Float32
        | DataType::Float64
        | DataType::Decimal128(..) => t.clone(),
        DataType::UInt8 => DataType::Int16,
        DataType::UInt16 => DataType::Int32,
        DataType::UInt32 | DataType::UInt64 => DataType::Int64,
        DataType::Float16 => DataType::Float32,
        DataType::Null => DataType::Float64,
        other => return plan_err!("Unexpected parameters ({other}) for function {function}"),
    })
}

/// `NUMERIC_VALUE_OUT_OF_RANGE` with `message`.
pub(crate) fn out_of_range(message: &str) -> DataFusionError {
    function_error(ErrorCode::NumericValueOutOfRange, message)
}

/// A `double → boolean` predicate over every row.
fn double_predicate(batch: &Batch<'_>, test: fn(f64) -> bool) -> Result<ColumnarValue> {
    let x = batch.doubles(0)?;
    let out: BooleanArray = (0..batch.rows).map(|i| x.get(i).map(test)).collect();
    batch.finish(Arc::new(out))
}

fn is_nan(batch: &Batch<'_>) -> Result<ColumnarValue> {
    double_predicate(batch, f64::is_nan)
}

fn is_finite(batch: &Batch<'_>) -> Result<ColumnarValue> {
    double_predicate(batch, f64::is_finite)
}

fn is_infinite(batch: &Batch<'_>) -> Result<ColumnarValue> {
    double_predicate(batch, f64::is_infinite)
}

/// `sqrt(x)`: NaN for negative numbers, as IEEE 754 (and Trino) have it.
fn sqrt(batch: &Batch<'_>) -> Result<ColumnarValue> {
    let x = batch.doubles(0)?;
    let out: Float64Array = (0..batch.rows).map(|i| x.get(i).map(f64::sqrt)).collect();
    batch.finish(Arc::new(out))
}

/// Checks a radix argument of `from_base`/`to_base`.
fn radix(value: i64) -> Result<u32> {
    match u32::try_from(value) {
        Ok(r @ 2..=36) => Ok(r),
        _ => Err(invalid_argument("Radix must be between 2 and 36")),
    }
}

/// `from_base(string, radix)`: the `bigint` written in base `radix`.
fn from_base(batch: &Batch<'_>) -> Result<ColumnarValue> {
    let (text, radixes) = (batch.strings(0)?, batch.ints(1)?);
    let out = (0..batch.rows)
        .map(|i| {
            let (Some(s), Some(r)) = (text.get(i), radixes.get(i)) else {
                return Ok(None);
            };
            let r = radix(r)?;
            i64::from_str_radix(s, r)
                .map(Some)
                .map_err(|_| invalid_argument(format!("Not a valid base-{r} number: {s}")))
        })
        .collect::<Result<Int64Array>>()?;
    batch.finish(Arc::new(out))
}

/// `x` written in base `radix` with lowercase digits and a leading `-` when negative.
fn format_radix(x: i64, radix: u32) -> String {
    let mut magnitude = x.unsigned_abs();
    let mut digits = Vec::new();
    loop {
        let digit = (magnitude % u64::from(radix)) as u32;
        digits.push(char::from_digit(digit, radix).unwrap_or('?'));
        magnitude /= u64::from(radix);
        if magnitude == 0 {
            break;
        }
    }
    if x < 0 {
        digits.push('-');
    }
    digits.iter().rev().collect()
}

/// `to_base(x, radix)`: `x` written in base `radix`.
fn to_base(batch: &Batch<'_>) -> Result<ColumnarValue> {
    let (x, radixes) = (batch.ints(0)?, batch.ints(1)?);
    let mut out = StringBuilder::with_capacity(batch.rows, batch.rows * 8);
    for i in 0..batch.rows {
        match (x.get(i), radixes.get(i)) {
            (Some(x), Some(r)) => out.append_value(format_radix(x, radix(r)?)),
            _ => out.append_null(),
        }
    }
    batch.finish(Arc::new(out.finish()))
}

/// The bucket of `x` among `count` equal-width buckets between `bound1` and `bound2`
/// (0 below the range, `count + 1` above it; the bounds may be in either order).
fn bucket(x: f64, bound1: f64, bound2: f64, count: i64) -> Result<i64> {
    if count <= 0 {
        return Err(invalid_argument("bucketCount must be greater than 0"));
    }
    if x.is_nan() {
        return Err(invalid_argument("operand must not be NaN"));
    }
    if !bound1.is_finite() {
        return Err(invalid_argument("first bound must be finite"));
    }
    if !bound2.is_finite() {
        return Err(invalid_argument("second bound must be finite"));
    }
    if bound1 == bound2 {
        return Err(invalid_argument("bounds cannot equal each other"));
    }
    let (low, high, x) = if bound1 < bound2 {
        (bound1, bound2, x)
    } else {
        (-bound1, -bound2, -x)
    };
    if x < low {
        return Ok(0);
    }
    if x >= high {
        return count
            .checked_add(1)
            .ok_or_else(|| invalid_argument("Bucket for value exceeds the range of bigint"));
    }
    Ok(((x - low) / (high - low) * count as f64).floor() as i64 + 1)
}

/// `width_bucket(x, bound1, bound2, n)` and `width_bucket(x, bins)`.
#[derive(Debug, PartialEq, Eq, Hash)]
struct WidthBucket {
    signature: Signature,
}

impl ScalarUDFImpl for WidthBucket {
    fn name(&self) -> &str {
        "width_bucket"
    }

    fn signature(&self) -> &Signature {
        &self.signature
    }

    fn coerce_types(&self, arg_types: &[DataType]) -> Result<Vec<DataType>> {
        let number = |t: &DataType| t.is_numeric() || t.is_null();
        match arg_types {
            [
                x,
                DataType::List(_) | DataType::LargeList(_) | DataType::FixedSizeList(..),
            ] if number(x) => Ok(vec![DataType::Float64, double_list()]),
            [x, b1, b2, n]
                if number(x) && number(b1) && number(b2) && (n.is_integer() || n.is_null()) =>
            {
                Ok(vec![
                    DataType::Float64,
                    DataType::Float64,
                    DataType::Float64,
                    DataType::Int64,
                ])
            }
            _ => plan_err!("Unexpected parameters for function width_bucket"),
        }
    }

    fn return_type(&self, _arg_types: &[DataType]) -> Result<DataType> {
        Ok(DataType::Int64)
    }

    fn invoke_with_args(&self, args: ScalarFunctionArgs) -> Result<ColumnarValue> {
        let batch = Batch::of(&args);
        if args.args.len() == 2 {
            bins_bucket(&batch)
        } else {
            equal_width_bucket(&batch)
        }
    }
}

/// `array(double)` as Arrow.
fn double_list() -> DataType {
    DataType::List(Arc::new(Field::new_list_field(DataType::Float64, true)))
}

/// `width_bucket(x, bins)`: how many of the ascending `bins` are at most `x`.
fn bins_bucket(batch: &Batch<'_>) -> Result<ColumnarValue> {
    let x = batch.doubles(0)?;
    let bins = batch.args[1].to_array(batch.rows)?;
    let bins = bins.as_list::<i32>();
    let out = (0..batch.rows)
        .map(|i| {
            let (Some(x), true) = (x.get(i), bins.is_valid(i)) else {
                return Ok(None);
            };
            let row = bins.value(i);
            let row = row.as_primitive::<Float64Type>();
            if row.null_count() > 0 {
                return Err(invalid_argument("Bin values cannot be NULL"));
            }
            Ok(Some(row.values().partition_point(|b| *b <= x) as i64))
        })
        .collect::<Result<Int64Array>>()?;
    batch.finish(Arc::new(out))
}

/// `width_bucket(x, bound1, bound2, n)`.
fn equal_width_bucket(batch: &Batch<'_>) -> Result<ColumnarValue> {
    let (x, b1, b2, n) = (
        batch.doubles(0)?,
        batch.doubles(1)?,
        batch.doubles(2)?,
        batch.ints(3)?,
    );
    let out = (0..batch.rows)
        .map(|i| match (x.get(i), b1.get(i), b2.get(i), n.get(i)) {
            (Some(x), Some(b1), Some(b2), Some(n)) => bucket(x, b1, b2, n).map(Some),
            _ => Ok(None),
        })
        .collect::<Result<Int64Array>>()?;
    batch.finish(Arc::new(out))
}

#[cfg(test)]
mod tests {
    use datafusion::common::ScalarValue;

    use super::*;
    use crate::functions::args::testing::{call, i, s};

    fn udf(name: &str) -> ScalarUDF {
        math_functions()
            .into_iter()
            .find(|f| f.name() == name)
            .expect("function")
    }

    #[test]
    fn base_conversion() {
        let from = udf("from_base");
        assert_eq!(call(&from, vec![s("ff"), i(16)]).unwrap(), i(255));
        assert_eq!(call(&from, vec![s("zz"), i(36)]).unwrap(), i(1295));
        assert_eq!(
            call(&from, vec![s("-7fffffff"), i(16)]).unwrap(),
            i(-2147483647)
        );
        assert!(call(&from, vec![s("102"), i(2)]).is_err());
        assert!(call(&from, vec![s("z"), i(37)]).is_err());
        let to = udf("to_base");
        assert_eq!(call(&to, vec![i(255), i(16)]).unwrap(), s("ff"));
        assert_eq!(call(&to, vec![i(-255), i(16)]).unwrap(), s("-ff"));
        assert_eq!(call(&to, vec![i(0), i(2)]).unwrap(), s("0"));
        assert_eq!(format_radix(i64::MIN, 16), "-8000000000000000");
        assert!(call(&to, vec![i(255), i(1)]).is_err());
    }

    #[test]
    fn width_buckets() {
        assert_eq!(bucket(3.5, 0.0, 4.0, 3).unwrap(), 3);
        assert_eq!(bucket(2.0, 0.0, 4.0, 3).unwrap(), 2);
        assert_eq!(bucket(-1.0, 0.0, 3.2, 4).unwrap(), 0);
        assert_eq!(bucket(5.0, 0.0, 4.0, 4).unwrap(), 5);
        assert_eq!(bucket(3.0, 4.0, 0.0, 4).unwrap(), 2);
        assert!(bucket(3.5, 0.0, 4.0, 0).is_err());
    }

    #[test]
    fn bins() {
        let bins = ScalarValue::List(ScalarValue::new_list(
            &[0.0, 2.0, 4.0].map(|v| ScalarValue::Float64(Some(v))),
            &DataType::Float64,
            true,
        ));
        let wb = udf("width_bucket");
        assert_eq!(
            call(&wb, vec![ScalarValue::Float64(Some(3.5)), bins.clone()]).unwrap(),
            i(2)
        );
        assert_eq!(
            call(&wb, vec![ScalarValue::Float64(Some(-1.0)), bins]).unwrap(),
            i(0)
        );
    }

    #[test]
    fn predicates() {
        let nan = ScalarValue::Float64(Some(f64::NAN));
        assert_eq!(
            call(&udf("is_nan"), vec![nan.clone()]).unwrap(),
            ScalarValue::Boolean(Some(true))
        );
        assert_eq!(
            call(&udf("is_infinite"), vec![nan]).unwrap(),
            ScalarValue::Boolean(Some(false))
        );
        assert_eq!(
            call(&udf("is_finite"), vec![ScalarValue::Float64(Some(1e5))]).unwrap(),
            ScalarValue::Boolean(Some(true))
        );
    }
}
