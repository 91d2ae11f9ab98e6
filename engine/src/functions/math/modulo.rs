//! `mod(n, m)`: the remainder of truncating division, with the sign of the dividend.
//! Integers keep the wider argument type and fail with `DIVISION_BY_ZERO` on a zero divisor;
//! decimals keep a decimal type; floating point follows IEEE 754 (`mod(5e0, 0e0)` is NaN).

use std::sync::Arc;

use arrow::array::{Array, ArrayRef, AsArray, Decimal128Array, Float64Array, Int64Array};
use arrow::compute::cast;
use arrow::datatypes::{DataType, Decimal128Type, Float64Type, Int64Type};
use datafusion::common::{ScalarValue, plan_err};
use datafusion::error::Result;
use datafusion::logical_expr::{
    ColumnarValue, ScalarFunctionArgs, ScalarUDF, ScalarUDFImpl, Signature, Volatility,
};
use protocol::ErrorCode;

use super::{numeric_type, out_of_range};
use crate::functions::error::function_error;

/// The `mod` function.
pub(super) fn modulo_function() -> ScalarUDF {
    ScalarUDF::new_from_impl(Modulo {
        signature: Signature::user_defined(Volatility::Immutable),
    })
}

#[derive(Debug, PartialEq, Eq, Hash)]
struct Modulo {
    signature: Signature,
}

/// Decimal digits an integer type needs (Trino's implicit `decimal(p, 0)` for it).
fn integer_digits(t: &DataType) -> Option<u8> {
    Some(match t {
        DataType::Int8 => 3,
        DataType::Int16 => 5,
        DataType::Int32 => 10,
        DataType::Int64 => 19,
        _ => return None,
    })
}

/// Integer types by width.
fn integer_rank(t: &DataType) -> u8 {
    match t {
        DataType::Int8 => 1,
        DataType::Int16 => 2,
        DataType::Int32 => 3,
        _ => 4,
    }
}

fn division_by_zero() -> datafusion::error::DataFusionError {
    function_error(ErrorCode::DivisionByZero, "Division by zero")
}

impl ScalarUDFImpl for Modulo {
    fn name(&self) -> &str {
        "mod"
    }

    fn signature(&self) -> &Signature {
        &self.signature
    }

    fn coerce_types(&self, arg_types: &[DataType]) -> Result<Vec<DataType>> {
        let [a, b] = arg_types else {
            return plan_err!("mod takes two arguments");
        };
        // NULL takes the other argument's type.
        let (a, b) = match (a.is_null(), b.is_null()) {
            (true, true) => (DataType::Int32, DataType::Int32),
            (true, false) => (numeric_type("mod", b)?, numeric_type("mod", b)?),
            (false, true) => (numeric_type("mod", a)?, numeric_type("mod", a)?),
            _ => (numeric_type("mod", a)?, numeric_type("mod", b)?),
        };
        let floating = |t: &DataType| t.is_floating();
        Ok(if floating(&a) || floating(&b) {
            let t = if a == DataType::Float32 && b == DataType::Float32 {
                DataType::Float32
            } else {
                DataType::Float64
            };
            vec![t.clone(), t]
        } else if matches!(a, DataType::Decimal128(..)) || matches!(b, DataType::Decimal128(..)) {
            let as_decimal = |t: DataType| match integer_digits(&t) {
                Some(p) => DataType::Decimal128(p, 0),
                None => t,
            };
            vec![as_decimal(a), as_decimal(b)]
        } else {
            let wider = if integer_rank(&a) >= integer_rank(&b) {
                a
            } else {
                b
            };
            vec![wider.clone(), wider]
        })
    }

    fn return_type(&self, arg_types: &[DataType]) -> Result<DataType> {
        match arg_types {
            [DataType::Decimal128(p1, s1), DataType::Decimal128(p2, s2)] => {
                let scale = (*s1).max(*s2);
                let integral = (*p1 as i16 - *s1 as i16).min(*p2 as i16 - *s2 as i16);
                let precision = (integral + scale as i16).clamp(1, 38) as u8;
                Ok(DataType::Decimal128(precision, scale))
            }
            [a, _] => Ok(a.clone()),
            _ => plan_err!("mod takes two arguments"),
        }
    }

    fn invoke_with_args(&self, args: ScalarFunctionArgs) -> Result<ColumnarValue> {
        let scalar = args
            .args
            .iter()
            .all(|a| matches!(a, ColumnarValue::Scalar(_)));
        let rows = if scalar { 1 } else { args.number_rows };
        let a = args.args[0].to_array(rows)?;
        let b = args.args[1].to_array(rows)?;
        let out = remainder(&a, &b, args.return_field.data_type())?;
        if scalar {
            Ok(ColumnarValue::Scalar(ScalarValue::try_from_array(&out, 0)?))
        } else {
            Ok(ColumnarValue::Array(out))
        }
    }
}

/// `a mod b` row by row, as `target`.
fn remainder(a: &ArrayRef, b: &ArrayRef, target: &DataType) -> Result<ArrayRef> {
    match target {
        DataType::Decimal128(precision, scale) => {
            let rescaled = |x: &ArrayRef| -> Result<ArrayRef> {
                let DataType::Decimal128(p, s) = x.data_type() else {
                    return plan_err!("mod: expected a decimal");
                };
                let widened = (*p as i16 + (*scale - *s) as i16).clamp(1, 38) as u8;
                Ok(cast(x, &DataType::Decimal128(widened, *scale))?)
            };
            let (a, b) = (rescaled(a)?, rescaled(b)?);
            let (a, b) = (
                a.as_primitive::<Decimal128Type>(),
                b.as_primitive::<Decimal128Type>(),
            );
            let out = (0..a.len())
                .map(|i| {
                    if a.is_null(i) || b.is_null(i) {
                        return Ok(None);
                    }
                    let divisor = b.value(i);
                    if divisor == 0 {
                        return Err(division_by_zero());
                    }
                    Ok(Some(a.value(i).checked_rem(divisor).unwrap_or(0)))
                })
                .collect::<Result<Decimal128Array>>()?;
            Ok(Arc::new(
                out.with_precision_and_scale(*precision, *scale)
                    .map_err(|_| out_of_range("mod: decimal result out of range"))?,
            ))
        }
        DataType::Float32 | DataType::Float64 => {
            let (a, b) = (cast(a, &DataType::Float64)?, cast(b, &DataType::Float64)?);
            let (a, b) = (
                a.as_primitive::<Float64Type>(),
                b.as_primitive::<Float64Type>(),
            );
            let out: Float64Array = a.iter().zip(b.iter()).map(|(a, b)| Some(a? % b?)).collect();
            Ok(cast(&(Arc::new(out) as ArrayRef), target)?)
        }
        _ => {
            let (a, b) = (cast(a, &DataType::Int64)?, cast(b, &DataType::Int64)?);
            let (a, b) = (a.as_primitive::<Int64Type>(), b.as_primitive::<Int64Type>());
            let out = a
                .iter()
                .zip(b.iter())
                .map(|pair| match pair {
                    (Some(_), Some(0)) => Err(division_by_zero()),
                    (Some(a), Some(b)) => Ok(Some(a.checked_rem(b).unwrap_or(0))),
                    _ => Ok(None),
                })
                .collect::<Result<Int64Array>>()?;
            // |a mod b| < |b|, so the result fits the arguments' type.
            Ok(cast(&(Arc::new(out) as ArrayRef), target)?)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::functions::args::testing::call;

    fn run(a: ScalarValue, b: ScalarValue) -> Result<ScalarValue> {
        call(&modulo_function(), vec![a, b])
    }

    #[test]
    fn integers_take_the_sign_of_the_dividend() {
        let int = |v: i32| ScalarValue::Int32(Some(v));
        assert_eq!(run(int(10), int(3)).unwrap(), int(1));
        assert_eq!(run(int(-10), int(3)).unwrap(), int(-1));
        assert_eq!(run(int(10), int(-3)).unwrap(), int(1));
        assert!(run(int(5), int(0)).is_err());
    }

    #[test]
    fn doubles_and_decimals() {
        let f = |v: f64| ScalarValue::Float64(Some(v));
        assert_eq!(run(f(7.5), f(2.0)).unwrap(), f(1.5));
        assert!(
            matches!(run(f(5.0), f(0.0)).unwrap(), ScalarValue::Float64(Some(v)) if v.is_nan())
        );
        let d = |v: i128| ScalarValue::Decimal128(Some(v), 3, 1);
        assert_eq!(run(d(130), d(50)).unwrap(), d(30));
        let types = Modulo {
            signature: Signature::user_defined(Volatility::Immutable),
        }
        .coerce_types(&[DataType::Int32, DataType::Decimal128(3, 1)])
        .unwrap();
        assert_eq!(
            types,
            vec![DataType::Decimal128(10, 0), DataType::Decimal128(3, 1)]
        );
    }
}
