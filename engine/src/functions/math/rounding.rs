//! `abs`, `sign`, `ceiling`/`ceil`, `floor`, `round` and `truncate` with Trino's result types:
//! integers and floating point keep their type, decimals keep a decimal type (scale 0 for
//! the one-argument forms, the input scale for `round(x, d)`/`truncate(x, d)`), and halves
//! round away from zero.

use std::sync::Arc;

use arrow::array::{Array, ArrayRef, AsArray, Decimal128Array, Float64Array, Int64Array};
use arrow::compute::cast;
use arrow::datatypes::{DataType, Decimal128Type, Float64Type, Int64Type};
use datafusion::common::{ScalarValue, plan_err};
use datafusion::error::Result;
use datafusion::logical_expr::{
    ColumnarValue, ScalarFunctionArgs, ScalarUDF, ScalarUDFImpl, Signature, Volatility,
};

use super::{numeric_type, out_of_range};
use crate::functions::args::Ints;

/// What a [`Rounding`] function does.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Op {
    Abs,
    Sign,
    Ceiling,
    Floor,
    Round,
    Truncate,
}

/// A type-preserving rounding function.
#[derive(Debug, PartialEq, Eq, Hash)]
struct Rounding {
    op: Op,
    name: &'static str,
    aliases: Vec<String>,
    signature: Signature,
}

/// `abs`, `sign`, `ceiling` (alias `ceil`), `floor`, `round` and `truncate`.
pub(super) fn rounding_functions() -> Vec<ScalarUDF> {
    [
        (Op::Abs, "abs", &[][..]),
        (Op::Sign, "sign", &[][..]),
        (Op::Ceiling, "ceiling", &["ceil"][..]),
        (Op::Floor, "floor", &[][..]),
        (Op::Round, "round", &[][..]),
        (Op::Truncate, "truncate", &[][..]),
    ]
    .into_iter()
    .map(|(op, name, aliases)| {
        ScalarUDF::new_from_impl(Rounding {
            op,
            name,
            aliases: aliases.iter().map(|a| a.to_string()).collect(),
            signature: Signature::user_defined(Volatility::Immutable),
        })
    })
    .collect()
}

impl Rounding {
    /// Whether the function takes the number of digits to keep.
    fn takes_digits(&self) -> bool {
        matches!(self.op, Op::Round | Op::Truncate)
    }
}

impl ScalarUDFImpl for Rounding {
    fn name(&self) -> &str {
        self.name
    }

    fn aliases(&self) -> &[String] {
        &self.aliases
    }

    fn signature(&self) -> &Signature {
        &self.signature
    }

    fn coerce_types(&self, arg_types: &[DataType]) -> Result<Vec<DataType>> {
        match arg_types {
            [x] => Ok(vec![numeric_type(self.name, x)?]),
            [x, d] if self.takes_digits() && (d.is_integer() || d.is_null()) => {
                Ok(vec![numeric_type(self.name, x)?, DataType::Int64])
            }
            _ => plan_err!(
                "Unexpected parameters ({}) for function {}",
                arg_types
                    .iter()
                    .map(ToString::to_string)
                    .collect::<Vec<_>>()
                    .join(", "),
                self.name
            ),
        }
    }

    fn return_type(&self, arg_types: &[DataType]) -> Result<DataType> {
        let Some(x) = arg_types.first() else {
            return plan_err!("{} needs an argument", self.name);
        };
        Ok(match *x {
            DataType::Decimal128(p, s) => {
                let (p, s) = (p, s.max(0) as u8);
                match (self.op, arg_types.len()) {
                    (Op::Abs, _) => x.clone(),
                    (Op::Sign, _) => DataType::Decimal128(1, 0),
                    (Op::Round, 2) => DataType::Decimal128((p + 1).min(38), s as i8),
                    (Op::Truncate, 2) => DataType::Decimal128(p, s as i8),
                    (Op::Truncate, _) => DataType::Decimal128((p - s).max(1), 0),
                    _ => DataType::Decimal128((p - s + s.min(1)).max(1), 0),
                }
            }
            ref other => other.clone(),
        })
    }

    fn invoke_with_args(&self, args: ScalarFunctionArgs) -> Result<ColumnarValue> {
        let scalar = args
            .args
            .iter()
            .all(|a| matches!(a, ColumnarValue::Scalar(_)));
        let rows = if scalar { 1 } else { args.number_rows };
        let x = args.args[0].to_array(rows)?;
        let digits = match args.args.get(1) {
            Some(d) => Some(Ints::new(d)?),
            None => None,
        };
        let out = apply(self.op, &x, digits, args.return_field.data_type())?;
        if scalar {
            Ok(ColumnarValue::Scalar(ScalarValue::try_from_array(&out, 0)?))
        } else {
            Ok(ColumnarValue::Array(out))
        }
    }
}

/// Runs `op` over `x` (with `digits` for the two-argument forms) into `target`.
fn apply(op: Op, x: &ArrayRef, digits: Option<Ints<'_>>, target: &DataType) -> Result<ArrayRef> {
    let digits_at = |i: usize| digits.map_or(Some(0), |d| d.get(i));
    match x.data_type() {
        DataType::Decimal128(_, s) => {
            let scale = (*s).max(0) as u32;
            let (precision, out_scale) = match target {
                DataType::Decimal128(p, s) => (*p, *s),
                _ => (38, 0),
            };
            let values = x.as_primitive::<Decimal128Type>();
            let out = (0..values.len())
                .map(|i| {
                    let (Some(d), true) = (digits_at(i), values.is_valid(i)) else {
                        return Ok(None);
                    };
                    let v = values.value(i);
                    Ok(Some(match op {
                        Op::Abs => v
                            .checked_abs()
                            .ok_or_else(|| out_of_range("Value is out of range for abs"))?,
                        Op::Sign => v.signum(),
                        _ if digits.is_some() => decimal_to_digits(op, v, scale, d)?,
                        _ => divide(op, v, pow10(scale).unwrap_or(i128::MAX)),
                    }))
                })
                .collect::<Result<Decimal128Array>>()?;
            Ok(Arc::new(
                out.with_precision_and_scale(precision, out_scale)?,
            ))
        }
        DataType::Float32 | DataType::Float64 => {
            let wide = cast(x, &DataType::Float64)?;
            let values = wide.as_primitive::<Float64Type>();
            let out: Float64Array = (0..values.len())
                .map(|i| {
                    let d = digits_at(i)?;
                    values.is_valid(i).then(|| double(op, values.value(i), d))
                })
                .collect();
            Ok(cast(&(Arc::new(out) as ArrayRef), x.data_type())?)
        }
        DataType::Int8 | DataType::Int16 | DataType::Int32 | DataType::Int64 => {
            let wide = cast(x, &DataType::Int64)?;
            let values = wide.as_primitive::<Int64Type>();
            let out = (0..values.len())
                .map(|i| {
                    let (Some(d), true) = (digits_at(i), values.is_valid(i)) else {
                        return Ok(None);
                    };
                    integer(op, values.value(i), d).map(Some)
                })
                .collect::<Result<Int64Array>>()?;
            let out: ArrayRef = Arc::new(out);
            // Rounding to tens can leave the input type's range (`round(TINYINT '127', -1)`).
            arrow::compute::kernels::cast::cast_with_options(
                &out,
                x.data_type(),
                &arrow::compute::CastOptions {
                    safe: false,
                    ..Default::default()
                },
            )
            .map_err(|_| out_of_range("Value is out of range after rounding"))
        }
        other => plan_err!("unexpected argument type {other}"),
    }
}

/// `10^n`, if it fits.
fn pow10(n: u32) -> Option<i128> {
    10i128.checked_pow(n)
}

/// `v / f` rounded as `op` says (`f > 0`).
fn divide(op: Op, v: i128, f: i128) -> i128 {
    let (q, r) = (v / f, v % f);
    match op {
        Op::Floor if r < 0 => q - 1,
        Op::Ceiling if r > 0 => q + 1,
        // |r| >= f / 2, without overflowing.
        Op::Round if r.abs() >= f - r.abs() => q + v.signum(),
        _ => q,
    }
}

/// A decimal with `scale` digits rounded or truncated to `d` fractional digits, keeping
/// the scale.
fn decimal_to_digits(op: Op, v: i128, scale: u32, d: i64) -> Result<i128> {
    let drop = i64::from(scale) - d;
    if drop <= 0 {
        return Ok(v);
    }
    let Some(f) = u32::try_from(drop).ok().and_then(pow10) else {
        return Ok(0);
    };
    divide(op, v, f)
        .checked_mul(f)
        .ok_or_else(|| out_of_range("Value is out of range after rounding"))
}

/// An integer rounded or truncated to `d` digits (only negative `d` changes anything).
fn integer(op: Op, v: i64, d: i64) -> Result<i64> {
    match op {
        Op::Abs => v
            .checked_abs()
            .ok_or_else(|| out_of_range("Value is out of range for abs")),
        Op::Sign => Ok(v.signum()),
        Op::Round | Op::Truncate if d < 0 => {
            let Some(f) = u32::try_from(-d).ok().and_then(|n| 10i64.checked_pow(n)) else {
                return Ok(0);
            };
            let rounded = divide(op, i128::from(v), i128::from(f)) * i128::from(f);
            i64::try_from(rounded).map_err(|_| out_of_range("Value is out of range after rounding"))
        }
        _ => Ok(v),
    }
}

/// A double rounded as `op` says, to `d` fractional digits for `round` and `truncate`.
fn double(op: Op, v: f64, d: i64) -> f64 {
    if !v.is_finite() {
        return match op {
            Op::Sign if v.is_nan() => v,
            Op::Sign => v.signum(),
            Op::Abs => v.abs(),
            _ => v,
        };
    }
    match op {
        Op::Abs => v.abs(),
        // Zeros keep their sign (`sign(-0.0)` is `-0.0`).
        Op::Sign if v == 0.0 => v,
        Op::Sign => v.signum(),
        Op::Ceiling => v.ceil(),
        Op::Floor => v.floor(),
        Op::Round | Op::Truncate => {
            let whole = |x: f64| {
                if op == Op::Round {
                    x.round()
                } else {
                    x.trunc()
                }
            };
            if d == 0 {
                return whole(v);
            }
            let factor = 10f64.powi(d.clamp(-400, 400) as i32);
            let scaled = v * factor;
            if !scaled.is_finite() {
                return v;
            }
            whole(scaled) / factor
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::functions::args::testing::call;

    fn udf(name: &str) -> ScalarUDF {
        rounding_functions()
            .into_iter()
            .find(|f| f.name() == name)
            .expect("function")
    }

    fn dec(v: i128, p: u8, s: i8) -> ScalarValue {
        ScalarValue::Decimal128(Some(v), p, s)
    }

    fn run(name: &str, args: Vec<ScalarValue>) -> ScalarValue {
        call(&udf(name), args).expect("call")
    }

    #[test]
    fn doubles_round_half_away_from_zero() {
        let f = |v: f64| ScalarValue::Float64(Some(v));
        assert_eq!(run("round", vec![f(2.5)]), f(3.0));
        assert_eq!(run("round", vec![f(-2.5)]), f(-3.0));
        assert_eq!(
            run("round", vec![f(1.23456), ScalarValue::Int64(Some(2))]),
            f(1.23)
        );
        assert_eq!(
            run("round", vec![f(123.456), ScalarValue::Int64(Some(-1))]),
            f(120.0)
        );
        assert_eq!(run("truncate", vec![f(-5.99)]), f(-5.0));
        assert_eq!(run("sign", vec![f(f64::NEG_INFINITY)]), f(-1.0));
        let ScalarValue::Float64(Some(zero)) = run("sign", vec![f(-0.0)]) else {
            panic!("not a double")
        };
        assert!(zero == 0.0 && zero.is_sign_negative());
        assert!(
            matches!(run("sign", vec![f(f64::NAN)]), ScalarValue::Float64(Some(v)) if v.is_nan())
        );
    }

    #[test]
    fn decimals_keep_a_decimal_type() {
        assert_eq!(run("round", vec![dec(25, 2, 1)]), dec(3, 2, 0));
        assert_eq!(run("round", vec![dec(-25, 2, 1)]), dec(-3, 2, 0));
        assert_eq!(run("floor", vec![dec(-12345, 5, 2)]), dec(-124, 4, 0));
        assert_eq!(run("ceiling", vec![dec(9999, 4, 1)]), dec(1000, 4, 0));
        assert_eq!(
            run("round", vec![dec(1234, 4, 3), ScalarValue::Int64(Some(2))]),
            dec(1230, 5, 3)
        );
        assert_eq!(run("truncate", vec![dec(123456, 6, 2)]), dec(1234, 4, 0));
        assert_eq!(
            run(
                "truncate",
                vec![dec(123456, 6, 2), ScalarValue::Int64(Some(-1))]
            ),
            dec(123000, 6, 2)
        );
        assert_eq!(run("sign", vec![dec(-25, 2, 1)]), dec(-1, 1, 0));
    }

    #[test]
    fn abs_checks_the_range() {
        assert_eq!(
            run("abs", vec![ScalarValue::Int32(Some(-5))]),
            ScalarValue::Int32(Some(5))
        );
        assert_eq!(run("abs", vec![dec(-550, 3, 2)]), dec(550, 3, 2));
        assert!(call(&udf("abs"), vec![ScalarValue::Int32(Some(i32::MIN))]).is_err());
        assert!(call(&udf("abs"), vec![ScalarValue::Int64(Some(i64::MIN))]).is_err());
    }

    #[test]
    fn integers_keep_their_type() {
        assert_eq!(
            run(
                "round",
                vec![
                    ScalarValue::Int32(Some(12355)),
                    ScalarValue::Int64(Some(-2))
                ]
            ),
            ScalarValue::Int32(Some(12400))
        );
        assert_eq!(
            run("sign", vec![ScalarValue::Int32(Some(-5))]),
            ScalarValue::Int32(Some(-1))
        );
        assert_eq!(
            run("ceiling", vec![ScalarValue::Int8(Some(5))]),
            ScalarValue::Int8(Some(5))
        );
        assert!(
            call(
                &udf("round"),
                vec![ScalarValue::Int8(Some(127)), ScalarValue::Int64(Some(-1))]
            )
            .is_err()
        );
    }
}
