//! `random()`/`rand()` (a `double` in `[0, 1)`), `random(n)` (an integer in `[0, n)`) and
//! `random(m, n)` (in `[m, n)`), the integer forms keeping their argument type.

use std::sync::Arc;

use arrow::array::{ArrayRef, Float64Array, Int64Array};
use arrow::compute::cast;
use arrow::datatypes::DataType;
use datafusion::common::plan_err;
use datafusion::error::Result;
use datafusion::logical_expr::{
    ColumnarValue, ScalarFunctionArgs, ScalarUDF, ScalarUDFImpl, Signature, Volatility,
};
use rand::Rng;

use crate::functions::args::Ints;
use crate::functions::error::invalid_argument;

/// `random` (alias `rand`).
pub(super) fn random_function() -> ScalarUDF {
    ScalarUDF::new_from_impl(Random {
        aliases: vec!["rand".to_string()],
        signature: Signature::user_defined(Volatility::Volatile),
    })
}

#[derive(Debug, PartialEq, Eq, Hash)]
struct Random {
    aliases: Vec<String>,
    signature: Signature,
}

/// Integer types by width, for the common type of `random(m, n)`.
fn rank(t: &DataType) -> Option<u8> {
    Some(match t {
        DataType::Int8 => 1,
        DataType::Int16 => 2,
        DataType::Int32 => 3,
        DataType::Int64 => 4,
        _ => return None,
    })
}

impl ScalarUDFImpl for Random {
    fn name(&self) -> &str {
        "random"
    }

    fn aliases(&self) -> &[String] {
        &self.aliases
    }

    fn signature(&self) -> &Signature {
        &self.signature
    }

    fn coerce_types(&self, arg_types: &[DataType]) -> Result<Vec<DataType>> {
        let widest = arg_types
            .iter()
            .map(|t| match t {
                DataType::Null => Some(1),
                t => rank(t),
            })
            .collect::<Option<Vec<_>>>()
            .and_then(|ranks| ranks.into_iter().max());
        let t = match (arg_types.len(), widest) {
            (0, _) => return Ok(vec![]),
            (1 | 2, Some(1)) => DataType::Int8,
            (1 | 2, Some(2)) => DataType::Int16,
            (1 | 2, Some(3)) => DataType::Int32,
            (1 | 2, Some(_)) => DataType::Int64,
            _ => return plan_err!("random takes no arguments, (n) or (m, n) of integer types"),
        };
        Ok(vec![t; arg_types.len()])
    }

    fn return_type(&self, arg_types: &[DataType]) -> Result<DataType> {
        Ok(arg_types.first().cloned().unwrap_or(DataType::Float64))
    }

    fn invoke_with_args(&self, args: ScalarFunctionArgs) -> Result<ColumnarValue> {
        let rows = args.number_rows;
        let mut rng = rand::rng();
        if args.args.is_empty() {
            let out: Float64Array = (0..rows).map(|_| Some(rng.random::<f64>())).collect();
            return Ok(ColumnarValue::Array(Arc::new(out)));
        }
        let target = args.return_field.data_type().clone();
        let wide: Vec<ColumnarValue> = args
            .args
            .iter()
            .map(|a| a.cast_to(&DataType::Int64, None))
            .collect::<Result<_>>()?;
        let bounds = wide.iter().map(Ints::new).collect::<Result<Vec<_>>>()?;
        let out = (0..rows)
            .map(|i| {
                let (low, high) = match bounds.as_slice() {
                    [n] => (Some(0), n.get(i)),
                    [m, n] => (m.get(i), n.get(i)),
                    _ => return plan_err!("random takes at most two arguments"),
                };
                let (Some(low), Some(high)) = (low, high) else {
                    return Ok(None);
                };
                if high <= low {
                    return Err(invalid_argument(if bounds.len() == 1 {
                        "bound must be positive"
                    } else {
                        "upper bound must be greater than lower bound"
                    }));
                }
                Ok(Some(rng.random_range(low..high)))
            })
            .collect::<Result<Int64Array>>()?;
        Ok(ColumnarValue::Array(cast(
            &(Arc::new(out) as ArrayRef),
            &target,
        )?))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::functions::args::testing::call;
    use datafusion::common::ScalarValue;

    #[test]
    fn values_stay_in_range() {
        let random = random_function();
        for _ in 0..100 {
            let ScalarValue::Int32(Some(v)) =
                call(&random, vec![ScalarValue::Int32(Some(3))]).unwrap()
            else {
                panic!("not an integer")
            };
            assert!((0..3).contains(&v));
            let ScalarValue::Int64(Some(v)) = call(
                &random,
                vec![ScalarValue::Int64(Some(-5)), ScalarValue::Int64(Some(-3))],
            )
            .unwrap() else {
                panic!("not a bigint")
            };
            assert!((-5..-3).contains(&v));
        }
        assert!(call(&random, vec![ScalarValue::Int32(Some(0))]).is_err());
        assert!(
            call(
                &random,
                vec![ScalarValue::Int64(Some(3)), ScalarValue::Int64(Some(3))]
            )
            .is_err()
        );
    }
}
