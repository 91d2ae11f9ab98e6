//! Trino's decimal arithmetic. DataFusion types `+ - * / %` on decimals like Spark (a quotient
//! gets at least 6 fractional digits and is truncated, `bigint` takes part as
//! `decimal(20,0)`); Trino keeps the larger scale, rounds a quotient half away from zero, and
//! fails with `NUMERIC_VALUE_OUT_OF_RANGE` when a result needs more than 38 digits. The
//! analyzer rule [`crate::sql::plan::TrinoArithmetic`] routes decimal operators here
//! before type coercion, so every type derived from them is Trino's.
//!
//! Result types, for `x` = `decimal(p1,s1)` and `y` = `decimal(p2,s2)`:
//!
//! | operator | precision | scale |
//! |---|---|---|
//! | `x + y`, `x - y` | `min(38, 1 + max(s1,s2) + max(p1-s1, p2-s2))` | `max(s1,s2)` |
//! | `x * y` | `min(38, p1 + p2)` | `s1 + s2` |
//! | `x / y` | `min(38, p1 + s2 + max(0, s2 - s1))` | `max(s1,s2)` |
//! | `x % y` | `min(p1 - s1, p2 - s2) + max(s1,s2)` | `max(s1,s2)` |
//!
//! Integer operands take part as `decimal(3,0)` (`tinyint`), `decimal(5,0)` (`smallint`),
//! `decimal(10,0)` (`integer`) and `decimal(19,0)` (`bigint`).

use std::sync::Arc;

use arrow::array::{Array, ArrayRef, AsArray, PrimitiveArray};
use arrow::compute::kernels::arity::{try_binary, try_unary};
use arrow::datatypes::{DECIMAL128_MAX_PRECISION, DataType, Decimal128Type, i256};
use arrow::error::ArrowError;
use datafusion::common::{Result, ScalarValue, exec_err, plan_err};
use datafusion::logical_expr::{
    ColumnarValue, Expr, Operator, ScalarFunctionArgs, ScalarUDF, ScalarUDFImpl, Signature,
    Volatility,
};
use protocol::ErrorCode;

use crate::functions::error::function_error;

/// A decimal operator.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DecimalOp {
    /// `+`
    Add,
    /// `-`
    Subtract,
    /// `*`
    Multiply,
    /// `/`
    Divide,
    /// `%`
    Modulo,
}

impl DecimalOp {
    /// The decimal operator for a SQL arithmetic operator.
    pub fn from_operator(op: Operator) -> Option<Self> {
        match op {
            Operator::Plus => Some(Self::Add),
            Operator::Minus => Some(Self::Subtract),
            Operator::Multiply => Some(Self::Multiply),
            Operator::Divide => Some(Self::Divide),
            Operator::Modulo => Some(Self::Modulo),
            _ => None,
        }
    }

    fn operator(self) -> Operator {
        match self {
            Self::Add => Operator::Plus,
            Self::Subtract => Operator::Minus,
            Self::Multiply => Operator::Multiply,
            Self::Divide => Operator::Divide,
            Self::Modulo => Operator::Modulo,
        }
    }

    fn function_name(self) -> &'static str {
        match self {
            Self::Add => "$decimal_add",
            Self::Subtract => "$decimal_subtract",
            Self::Multiply => "$decimal_multiply",
            Self::Divide => "$decimal_divide",
            Self::Modulo => "$decimal_modulo",
        }
    }

    /// Trino's `(precision, scale)` of `x op y`.
    pub fn result_type(self, (p1, s1): (u8, i8), (p2, s2): (u8, i8)) -> Result<(u8, i8)> {
        let (p1, s1, p2, s2) = (i32::from(p1), i32::from(s1), i32::from(p2), i32::from(s2));
        let max = i32::from(DECIMAL128_MAX_PRECISION);
        let (precision, scale) = match self {
            Self::Add | Self::Subtract => (
                (1 + s1.max(s2) + (p1 - s1).max(p2 - s2)).min(max),
                s1.max(s2),
            ),
            Self::Multiply => ((p1 + p2).min(max), s1 + s2),
            Self::Divide => ((p1 + s2 + (s2 - s1).max(0)).min(max), s1.max(s2)),
            Self::Modulo => (((p1 - s1).min(p2 - s2) + s1.max(s2)).min(max), s1.max(s2)),
        };
        if scale > max {
            return plan_err!("DECIMAL scale must be in range [0, {max}]: {scale}");
        }
        // Both fit: 1 <= precision <= 38 and 0 <= scale <= precision for operands of
        // non-negative scale.
        let precision = u8::try_from(precision.max(1)).unwrap_or(DECIMAL128_MAX_PRECISION);
        let scale = i8::try_from(scale).unwrap_or(0);
        Ok((precision, scale))
    }
}

/// Trino's decimal type for an integer operand: `decimal(3,0)` for `tinyint` up to
/// `decimal(19,0)` for `bigint`.
pub fn integer_as_decimal(data_type: &DataType) -> Option<(u8, i8)> {
    match data_type {
        DataType::Int8 => Some((3, 0)),
        DataType::Int16 => Some((5, 0)),
        DataType::Int32 => Some((10, 0)),
        DataType::Int64 => Some((19, 0)),
        _ => None,
    }
}

/// The `(precision, scale)` an operand of a decimal operator takes part with, if it is a
/// decimal (of non-negative scale) or an integer.
pub fn decimal_operand(data_type: &DataType) -> Option<(u8, i8)> {
    match data_type {
        DataType::Decimal128(p, s) if *s >= 0 => Some((*p, *s)),
        other => integer_as_decimal(other),
    }
}

/// The function that evaluates `op` with Trino's decimal semantics.
pub fn decimal_function(op: DecimalOp) -> Arc<ScalarUDF> {
    Arc::new(ScalarUDF::new_from_impl(DecimalArithmetic {
        op,
        signature: Signature::user_defined(Volatility::Immutable),
    }))
}

#[derive(Debug, PartialEq, Eq, Hash)]
struct DecimalArithmetic {
    op: DecimalOp,
    signature: Signature,
}

impl DecimalArithmetic {
    fn operands(&self, arg_types: &[DataType]) -> Result<[(u8, i8); 2]> {
        match arg_types {
            [left, right] => match (decimal_operand(left), decimal_operand(right)) {
                (Some(l), Some(r)) => Ok([l, r]),
                _ => plan_err!(
                    "Cannot apply operator: {left} {} {right}",
                    self.op.operator()
                ),
            },
            _ => plan_err!("{} takes two arguments", self.name()),
        }
    }
}

impl ScalarUDFImpl for DecimalArithmetic {
    fn name(&self) -> &str {
        self.op.function_name()
    }

    /// Named like the operator expression it replaces, so plans that refer to `a / b` by
    /// name still resolve.
    fn schema_name(&self, args: &[Expr]) -> Result<String> {
        match args {
            [left, right] => Ok(format!(
                "{} {} {}",
                left.schema_name(),
                self.op.operator(),
                right.schema_name()
            )),
            _ => exec_err!("{} takes two arguments", self.name()),
        }
    }

    fn signature(&self) -> &Signature {
        &self.signature
    }

    fn coerce_types(&self, arg_types: &[DataType]) -> Result<Vec<DataType>> {
        Ok(self
            .operands(arg_types)?
            .into_iter()
            .map(|(p, s)| DataType::Decimal128(p, s))
            .collect())
    }

    fn return_type(&self, arg_types: &[DataType]) -> Result<DataType> {
        let [left, right] = self.operands(arg_types)?;
        let (precision, scale) = self.op.result_type(left, right)?;
        Ok(DataType::Decimal128(precision, scale))
    }

    fn invoke_with_args(&self, args: ScalarFunctionArgs) -> Result<ColumnarValue> {
        let [left, right] = args.args.as_slice() else {
            return exec_err!("{} takes two arguments", self.name());
        };
        let [(_, s1), (_, s2)] = self.operands(&[left.data_type(), right.data_type()])?;
        let DataType::Decimal128(precision, scale) = args.return_field.data_type().clone() else {
            return exec_err!("{} returns a decimal", self.name());
        };
        let kernel = Kernel::new(self.op, s1, s2, precision, scale);
        let result: Result<PrimitiveArray<Decimal128Type>, ArrowError> = match (left, right) {
            (ColumnarValue::Scalar(l), ColumnarValue::Scalar(r)) => {
                let value = match (decimal_scalar(l)?, decimal_scalar(r)?) {
                    (Some(a), Some(b)) => Some(kernel.apply(a, b).map_err(trino_error)?),
                    _ => None,
                };
                return Ok(ColumnarValue::Scalar(ScalarValue::Decimal128(
                    value, precision, scale,
                )));
            }
            (ColumnarValue::Array(l), ColumnarValue::Scalar(r)) => match decimal_scalar(r)? {
                Some(b) => try_unary(decimals(l)?, |a| kernel.apply(a, b)),
                None => Ok(PrimitiveArray::new_null(l.len())),
            },
            (ColumnarValue::Scalar(l), ColumnarValue::Array(r)) => match decimal_scalar(l)? {
                Some(a) => try_unary(decimals(r)?, |b| kernel.apply(a, b)),
                None => Ok(PrimitiveArray::new_null(r.len())),
            },
            (ColumnarValue::Array(l), ColumnarValue::Array(r)) => {
                try_binary(decimals(l)?, decimals(r)?, |a, b| kernel.apply(a, b))
            }
        };
        let array = result
            .map_err(trino_error)?
            .with_precision_and_scale(precision, scale)?;
        Ok(ColumnarValue::Array(Arc::new(array) as ArrayRef))
    }
}

fn decimals(array: &ArrayRef) -> Result<&PrimitiveArray<Decimal128Type>> {
    match array.data_type() {
        DataType::Decimal128(_, _) => Ok(array.as_primitive::<Decimal128Type>()),
        other => exec_err!("decimal operand expected, got {other}"),
    }
}

fn decimal_scalar(value: &ScalarValue) -> Result<Option<i128>> {
    match value {
        ScalarValue::Decimal128(v, _, _) => Ok(*v),
        other => exec_err!("decimal operand expected, got {}", other.data_type()),
    }
}

/// The Trino error for a failed decimal operation.
fn trino_error(error: ArrowError) -> datafusion::error::DataFusionError {
    match error {
        ArrowError::DivideByZero => function_error(ErrorCode::DivisionByZero, "Division by zero"),
        ArrowError::ArithmeticOverflow(_) => {
            function_error(ErrorCode::NumericValueOutOfRange, "Decimal overflow")
        }
        other => other.into(),
    }
}

/// `10^n` for `n` in `0..=38`.
const POWERS_OF_TEN: [i128; 39] = {
    let mut powers = [1i128; 39];
    let mut i = 1;
    while i < 39 {
        powers[i] = powers[i - 1] * 10;
        i += 1;
    }
    powers
};

fn overflow() -> ArrowError {
    ArrowError::ArithmeticOverflow("Decimal overflow".to_string())
}

/// One operator over unscaled values, with the rescaling its operand and result scales need.
#[derive(Debug, Clone, Copy)]
struct Kernel {
    op: DecimalOp,
    /// Rescale factor exponents of the left and right operands (add, subtract, modulo) or of
    /// the dividend (divide).
    left_shift: usize,
    right_shift: usize,
    /// Largest unscaled result magnitude: `10^precision - 1`.
    max: i128,
}

impl Kernel {
    fn new(op: DecimalOp, s1: i8, s2: i8, precision: u8, scale: i8) -> Self {
        let (s1, s2, scale) = (
            s1.max(0) as usize,
            s2.max(0) as usize,
            scale.max(0) as usize,
        );
        let (left_shift, right_shift) = match op {
            DecimalOp::Add | DecimalOp::Subtract | DecimalOp::Modulo => {
                (scale.saturating_sub(s1), scale.saturating_sub(s2))
            }
            // a / b at scale s: a * 10^(s - s1 + s2) / b.
            DecimalOp::Divide => ((scale + s2).saturating_sub(s1), 0),
            DecimalOp::Multiply => (0, 0),
        };
        Self {
            op,
            left_shift,
            right_shift,
            max: POWERS_OF_TEN[usize::from(precision.min(DECIMAL128_MAX_PRECISION))] - 1,
        }
    }

    fn apply(&self, a: i128, b: i128) -> Result<i128, ArrowError> {
        let result = match self.op {
            DecimalOp::Add => rescale(a, self.left_shift)?
                .checked_add(rescale(b, self.right_shift)?)
                .ok_or_else(overflow)?,
            DecimalOp::Subtract => rescale(a, self.left_shift)?
                .checked_sub(rescale(b, self.right_shift)?)
                .ok_or_else(overflow)?,
            DecimalOp::Multiply => a.checked_mul(b).ok_or_else(overflow)?,
            DecimalOp::Divide => divide(a, self.left_shift, b)?,
            DecimalOp::Modulo => modulo(a, self.left_shift, b, self.right_shift)?,
        };
        if result.unsigned_abs() > self.max.unsigned_abs() {
            return Err(overflow());
        }
        Ok(result)
    }
}

fn rescale(value: i128, shift: usize) -> Result<i128, ArrowError> {
    value.checked_mul(POWERS_OF_TEN[shift]).ok_or_else(overflow)
}

fn wide_power_of_ten(shift: usize) -> i256 {
    // 10^shift for shift <= 76 fits in 256 bits.
    let half = shift.min(38);
    i256::from_i128(POWERS_OF_TEN[half]).wrapping_mul(i256::from_i128(POWERS_OF_TEN[shift - half]))
}

/// `a * 10^shift / b`, rounded half away from zero.
fn divide(a: i128, shift: usize, b: i128) -> Result<i128, ArrowError> {
    if b == 0 {
        return Err(ArrowError::DivideByZero);
    }
    if let Some(dividend) = POWERS_OF_TEN
        .get(shift)
        .and_then(|power| a.checked_mul(*power))
    {
        let (quotient, remainder) = (dividend / b, dividend % b);
        // |remainder| < |b| <= i128::MAX, so twice it fits in u128.
        let round_away = remainder.unsigned_abs() * 2 >= b.unsigned_abs();
        return Ok(if round_away {
            quotient + (dividend.signum() * b.signum())
        } else {
            quotient
        });
    }
    let dividend = i256::from_i128(a).wrapping_mul(wide_power_of_ten(shift));
    let divisor = i256::from_i128(b);
    let quotient = dividend.wrapping_div(divisor);
    let remainder = dividend.wrapping_rem(divisor);
    let twice = abs(remainder).wrapping_mul(i256::from_i128(2));
    let quotient = if twice >= abs(divisor) {
        let away = if dividend.is_negative() == divisor.is_negative() {
            i256::ONE
        } else {
            i256::MINUS_ONE
        };
        quotient.wrapping_add(away)
    } else {
        quotient
    };
    quotient.to_i128().ok_or_else(overflow)
}

/// `(a * 10^left_shift) % (b * 10^right_shift)`, with the sign of the dividend.
fn modulo(a: i128, left_shift: usize, b: i128, right_shift: usize) -> Result<i128, ArrowError> {
    if b == 0 {
        return Err(ArrowError::DivideByZero);
    }
    match (
        a.checked_mul(POWERS_OF_TEN[left_shift]),
        b.checked_mul(POWERS_OF_TEN[right_shift]),
    ) {
        (Some(dividend), Some(divisor)) => Ok(dividend % divisor),
        _ => {
            let dividend = i256::from_i128(a).wrapping_mul(wide_power_of_ten(left_shift));
            let divisor = i256::from_i128(b).wrapping_mul(wide_power_of_ten(right_shift));
            dividend
                .wrapping_rem(divisor)
                .to_i128()
                .ok_or_else(overflow)
        }
    }
}

fn abs(value: i256) -> i256 {
    if value.is_negative() {
        value.wrapping_neg()
    } else {
        value
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn typed(op: DecimalOp, x: (u8, i8), y: (u8, i8)) -> (u8, i8) {
        op.result_type(x, y).expect("type")
    }

    #[test]
    fn result_types_follow_trino() {
        assert_eq!(typed(DecimalOp::Add, (2, 1), (3, 2)), (4, 2));
        assert_eq!(typed(DecimalOp::Add, (10, 0), (2, 1)), (12, 1));
        assert_eq!(typed(DecimalOp::Add, (38, 0), (1, 0)), (38, 0));
        assert_eq!(typed(DecimalOp::Multiply, (2, 1), (3, 2)), (5, 3));
        assert_eq!(typed(DecimalOp::Divide, (2, 1), (1, 0)), (2, 1));
        assert_eq!(typed(DecimalOp::Divide, (3, 1), (3, 2)), (6, 2));
        assert_eq!(typed(DecimalOp::Divide, (2, 1), (10, 0)), (2, 1));
        assert_eq!(typed(DecimalOp::Modulo, (3, 1), (1, 0)), (2, 1));
        assert!(DecimalOp::Multiply.result_type((38, 20), (38, 20)).is_err());
    }

    fn apply(op: DecimalOp, (a, s1): (i128, i8), (b, s2): (i128, i8)) -> Result<i128, ArrowError> {
        let (p, s) = op.result_type((38, s1), (38, s2)).expect("type");
        Kernel::new(op, s1, s2, p, s).apply(a, b)
    }

    #[test]
    fn division_rounds_half_away_from_zero() {
        // 1.0 / 3 = 0.3; 9 / 5 = 2; -5 / 2 = -3; 200.00 / 0.3 = 666.67
        assert_eq!(apply(DecimalOp::Divide, (10, 1), (3, 0)).ok(), Some(3));
        assert_eq!(apply(DecimalOp::Divide, (9, 0), (5, 0)).ok(), Some(2));
        assert_eq!(apply(DecimalOp::Divide, (7, 0), (5, 0)).ok(), Some(1));
        assert_eq!(apply(DecimalOp::Divide, (-5, 0), (2, 0)).ok(), Some(-3));
        assert_eq!(apply(DecimalOp::Divide, (9, 0), (-5, 0)).ok(), Some(-2));
        assert_eq!(
            apply(DecimalOp::Divide, (20000, 2), (3, 1)).ok(),
            Some(66667)
        );
        assert!(matches!(
            apply(DecimalOp::Divide, (1, 0), (0, 0)),
            Err(ArrowError::DivideByZero)
        ));
    }

    #[test]
    fn wide_intermediates_do_not_overflow() {
        // 10^37 (scale 0) / 3 at scale 10 needs a 48-digit dividend; the quotient
        // 3333...3.3333333333 (47 digits) does not fit 38 digits.
        assert!(apply(DecimalOp::Divide, (POWERS_OF_TEN[37], 0), (3, 10)).is_err());
        // 10^30 (scale 0) / 10^20 (scale 10) = 10^20 at scale 10: needs 10^40 as dividend.
        let q = apply(
            DecimalOp::Divide,
            (POWERS_OF_TEN[30], 0),
            (POWERS_OF_TEN[20], 10),
        );
        assert_eq!(q.ok(), Some(POWERS_OF_TEN[20] * POWERS_OF_TEN[10]));
        // -2 * 10^30 / 3000000000.0000000000 = -666...6.6666666667 (21 integral and 10
        // fractional digits): the 10^50 dividend is wide, the last digit rounds away from 0.
        let q = apply(
            DecimalOp::Divide,
            (-2 * POWERS_OF_TEN[30], 0),
            (3 * POWERS_OF_TEN[19], 10),
        );
        assert_eq!(q.ok(), Some(-(POWERS_OF_TEN[31] * 2 / 3 + 1)));
        let q = apply(
            DecimalOp::Divide,
            (POWERS_OF_TEN[30], 0),
            (3 * POWERS_OF_TEN[19], 10),
        );
        assert_eq!(q.ok(), Some(POWERS_OF_TEN[31] / 3));
    }

    #[test]
    fn sums_and_products_beyond_38_digits_fail() {
        let max = POWERS_OF_TEN[38] - 1;
        assert!(apply(DecimalOp::Add, (max, 0), (1, 0)).is_err());
        assert_eq!(
            apply(DecimalOp::Subtract, (max, 0), (1, 0)).ok(),
            Some(max - 1)
        );
        assert!(apply(DecimalOp::Multiply, (POWERS_OF_TEN[37], 0), (10, 0)).is_err());
        // 5.5 - 0.25 = 5.25
        assert_eq!(apply(DecimalOp::Subtract, (55, 1), (25, 2)).ok(), Some(525));
    }

    #[test]
    fn modulo_keeps_the_sign_of_the_dividend() {
        // 10.0 % 3 = 1.0; .1 % .03 = .01; -10 % 3 = -1
        assert_eq!(apply(DecimalOp::Modulo, (100, 1), (3, 0)).ok(), Some(10));
        assert_eq!(apply(DecimalOp::Modulo, (1, 1), (3, 2)).ok(), Some(1));
        assert_eq!(apply(DecimalOp::Modulo, (-10, 0), (3, 0)).ok(), Some(-1));
        assert!(apply(DecimalOp::Modulo, (1, 0), (0, 0)).is_err());
    }
}
