//! Trino's bitwise functions: `bit_count`, `bitwise_and`/`or`/`xor`/`not` on `bigint`
//! (two's complement), and the shifts, which keep the width of their first argument
//! (`bitwise_left_shift(TINYINT '1', 7)` is `-128`).

use std::sync::Arc;

use arrow::array::{Array, ArrayRef, AsArray, Int64Array, PrimitiveArray};
use arrow::datatypes::{ArrowPrimitiveType, DataType, Int8Type, Int16Type, Int32Type, Int64Type};
use datafusion::common::{ScalarValue, plan_err};
use datafusion::error::Result;
use datafusion::logical_expr::{
    ColumnarValue, ScalarFunctionArgs, ScalarUDF, ScalarUDFImpl, Signature, Volatility,
};

use super::args::{Batch, Ints, Returns, function, int64};
use super::error::invalid_argument;

/// The bitwise functions, for registration in a session.
pub fn bitwise_functions() -> Vec<ScalarUDF> {
    let bigint = || Returns::Type(DataType::Int64);
    let mut functions = vec![
        function(
            "bit_count",
            vec![vec![int64(), int64()]],
            bigint(),
            bit_count,
        ),
        function(
            "bitwise_and",
            vec![vec![int64(), int64()]],
            bigint(),
            bitwise_and,
        ),
        function(
            "bitwise_or",
            vec![vec![int64(), int64()]],
            bigint(),
            bitwise_or,
        ),
        function(
            "bitwise_xor",
            vec![vec![int64(), int64()]],
            bigint(),
            bitwise_xor,
        ),
        function("bitwise_not", vec![vec![int64()]], bigint(), bitwise_not),
    ];
    functions.extend(
        [
            (Shift::Left, "bitwise_left_shift"),
            (Shift::Right, "bitwise_right_shift"),
            (Shift::RightArithmetic, "bitwise_right_shift_arithmetic"),
        ]
        .map(|(shift, name)| {
            ScalarUDF::new_from_impl(ShiftFunction {
                shift,
                name,
                signature: Signature::user_defined(Volatility::Immutable),
            })
        }),
    );
    functions
}

/// Applies `f` to the two `bigint` arguments of every row.
fn binary(batch: &Batch<'_>, f: impl Fn(i64, i64) -> Result<i64>) -> Result<ColumnarValue> {
    let (a, b) = (batch.ints(0)?, batch.ints(1)?);
    let out = (0..batch.rows)
        .map(|i| match (a.get(i), b.get(i)) {
            (Some(a), Some(b)) => f(a, b).map(Some),
            _ => Ok(None),
        })
        .collect::<Result<Int64Array>>()?;
    batch.finish(Arc::new(out))
}

fn bitwise_and(batch: &Batch<'_>) -> Result<ColumnarValue> {
    binary(batch, |a, b| Ok(a & b))
}

fn bitwise_or(batch: &Batch<'_>) -> Result<ColumnarValue> {
    binary(batch, |a, b| Ok(a | b))
}

fn bitwise_xor(batch: &Batch<'_>) -> Result<ColumnarValue> {
    binary(batch, |a, b| Ok(a ^ b))
}

fn bitwise_not(batch: &Batch<'_>) -> Result<ColumnarValue> {
    let x = batch.ints(0)?;
    let out: Int64Array = (0..batch.rows).map(|i| x.get(i).map(|v| !v)).collect();
    batch.finish(Arc::new(out))
}

/// Bits set in the `bits`-bit two's complement form of `x`.
fn count_bits(x: i64, bits: i64) -> Result<i64> {
    if !(2..=64).contains(&bits) {
        return Err(invalid_argument(
            "Bits specified in bit_count must be between 2 and 64, got ".to_string()
                + &bits.to_string(),
        ));
    }
    let low = -(1i128 << (bits - 1));
    let high = (1i128 << (bits - 1)) - 1;
    if !(low..=high).contains(&i128::from(x)) {
        return Err(invalid_argument(format!(
            "Number must be representable with the bits specified. {x} cannot be represented with {bits} bits"
        )));
    }
    let mask = if bits == 64 {
        u64::MAX
    } else {
        (1u64 << bits) - 1
    };
    Ok(i64::from(((x as u64) & mask).count_ones()))
}

fn bit_count(batch: &Batch<'_>) -> Result<ColumnarValue> {
    binary(batch, count_bits)
}

/// Which shift a [`ShiftFunction`] does.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Shift {
    Left,
    Right,
    RightArithmetic,
}

/// A shift of `tinyint`, `smallint`, `integer` or `bigint` within its own width.
#[derive(Debug, PartialEq, Eq, Hash)]
struct ShiftFunction {
    shift: Shift,
    name: &'static str,
    signature: Signature,
}

impl ScalarUDFImpl for ShiftFunction {
    fn name(&self) -> &str {
        self.name
    }

    fn signature(&self) -> &Signature {
        &self.signature
    }

    fn coerce_types(&self, arg_types: &[DataType]) -> Result<Vec<DataType>> {
        let [value, shift] = arg_types else {
            return plan_err!("{} takes two arguments", self.name);
        };
        let value = match value {
            DataType::Int8 | DataType::Int16 | DataType::Int32 | DataType::Int64 => value.clone(),
            DataType::Null => DataType::Int64,
            t if t.is_integer() => DataType::Int64,
            other => {
                return plan_err!(
                    "Unexpected parameters ({other}, {shift}) for function {}",
                    self.name
                );
            }
        };
        if !(shift.is_integer() || shift.is_null()) {
            return plan_err!(
                "Unexpected parameters ({value}, {shift}) for function {}",
                self.name
            );
        }
        Ok(vec![value, DataType::Int64])
    }

    fn return_type(&self, arg_types: &[DataType]) -> Result<DataType> {
        match arg_types.first() {
            Some(t) => Ok(t.clone()),
            None => plan_err!("{} takes two arguments", self.name),
        }
    }

    fn invoke_with_args(&self, args: ScalarFunctionArgs) -> Result<ColumnarValue> {
        let scalar = args
            .args
            .iter()
            .all(|a| matches!(a, ColumnarValue::Scalar(_)));
        let rows = if scalar { 1 } else { args.number_rows };
        let value = args.args[0].to_array(rows)?;
        let shifts = Ints::new(&args.args[1])?;
        let out: ArrayRef = match value.data_type() {
            DataType::Int8 => shift_array::<Int8Type>(&value, shifts, |v, s| {
                shift_bits(i64::from(v), s, 8, self.shift) as i8
            }),
            DataType::Int16 => shift_array::<Int16Type>(&value, shifts, |v, s| {
                shift_bits(i64::from(v), s, 16, self.shift) as i16
            }),
            DataType::Int32 => shift_array::<Int32Type>(&value, shifts, |v, s| {
                shift_bits(i64::from(v), s, 32, self.shift) as i32
            }),
            DataType::Int64 => {
                shift_array::<Int64Type>(&value, shifts, |v, s| shift_bits(v, s, 64, self.shift))
            }
            other => return plan_err!("{}: unexpected type {other}", self.name),
        };
        if scalar {
            Ok(ColumnarValue::Scalar(ScalarValue::try_from_array(&out, 0)?))
        } else {
            Ok(ColumnarValue::Array(out))
        }
    }
}

/// Applies `f(value, shift)` to every row of `value`.
fn shift_array<T: ArrowPrimitiveType>(
    value: &ArrayRef,
    shifts: Ints<'_>,
    f: impl Fn(T::Native, i64) -> T::Native,
) -> ArrayRef {
    let values = value.as_primitive::<T>();
    let out: PrimitiveArray<T> = (0..values.len())
        .map(|i| match (values.is_valid(i), shifts.get(i)) {
            (true, Some(s)) => Some(f(values.value(i), s)),
            _ => None,
        })
        .collect();
    Arc::new(out)
}

/// `value` (a `width`-bit integer, sign-extended into an `i64`) shifted by `shift` bits
/// within `width` bits; the caller truncates the result back to the width. Shifting by
/// the width or more leaves nothing but the sign for the arithmetic right shift.
fn shift_bits(value: i64, shift: i64, width: u32, kind: Shift) -> i64 {
    let Some(shift) = u32::try_from(shift).ok().filter(|s| *s < width) else {
        return match kind {
            Shift::RightArithmetic if value < 0 => -1,
            _ => 0,
        };
    };
    let mask = if width == 64 {
        u64::MAX
    } else {
        (1u64 << width) - 1
    };
    match kind {
        Shift::Left => ((value as u64) << shift) as i64,
        Shift::Right => (((value as u64) & mask) >> shift) as i64,
        Shift::RightArithmetic => value >> shift,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::functions::args::testing::{call, i};

    fn udf(name: &str) -> ScalarUDF {
        bitwise_functions()
            .into_iter()
            .find(|f| f.name() == name)
            .expect("function")
    }

    #[test]
    fn bit_counts() {
        assert_eq!(count_bits(9, 64).unwrap(), 2);
        assert_eq!(count_bits(-7, 64).unwrap(), 62);
        assert_eq!(count_bits(-7, 8).unwrap(), 6);
        assert_eq!(count_bits(-1, 32).unwrap(), 32);
        assert!(count_bits(2147483648, 32).is_err());
        assert!(count_bits(0, 1).is_err());
        assert!(count_bits(0, 65).is_err());
    }

    #[test]
    fn logic() {
        assert_eq!(
            call(&udf("bitwise_and"), vec![i(19), i(25)]).unwrap(),
            i(17)
        );
        assert_eq!(call(&udf("bitwise_or"), vec![i(19), i(25)]).unwrap(), i(27));
        assert_eq!(
            call(&udf("bitwise_xor"), vec![i(19), i(25)]).unwrap(),
            i(10)
        );
        assert_eq!(call(&udf("bitwise_not"), vec![i(-12)]).unwrap(), i(11));
    }

    #[test]
    fn shifts_keep_the_width() {
        let tiny = |v: i8| ScalarValue::Int8(Some(v));
        let left = udf("bitwise_left_shift");
        assert_eq!(call(&left, vec![tiny(1), i(7)]).unwrap(), tiny(-128));
        assert_eq!(call(&left, vec![i(5), i(2)]).unwrap(), i(20));
        assert_eq!(
            call(&left, vec![ScalarValue::Int32(Some(i32::MIN)), i(1)]).unwrap(),
            ScalarValue::Int32(Some(0))
        );
        let right = udf("bitwise_right_shift");
        assert_eq!(call(&right, vec![tiny(-7), i(2)]).unwrap(), tiny(62));
        assert_eq!(
            call(&right, vec![ScalarValue::Int16(Some(-7)), i(2)]).unwrap(),
            ScalarValue::Int16(Some(16382))
        );
        assert_eq!(
            call(&right, vec![i(-7), i(2)]).unwrap(),
            i(4611686018427387902)
        );
        assert_eq!(call(&right, vec![i(-45), i(64)]).unwrap(), i(0));
        let arithmetic = udf("bitwise_right_shift_arithmetic");
        assert_eq!(call(&arithmetic, vec![i(-45), i(64)]).unwrap(), i(-1));
        assert_eq!(call(&arithmetic, vec![i(-7), i(2)]).unwrap(), i(-2));
        assert_eq!(call(&arithmetic, vec![tiny(-7), i(2)]).unwrap(), tiny(-2));
    }
}
