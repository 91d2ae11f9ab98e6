//! Integer arithmetic that fails on overflow, as Trino's does (`NUMERIC_VALUE_OUT_OF_RANGE`),
//! where DataFusion's `+`, `-` and `*` wrap around. The analyzer rule
//! [`crate::sql::plan::TrinoSemantics`] routes integer operators here.

use std::sync::Arc;

use arrow::array::Datum;
use arrow::datatypes::DataType;
use arrow::error::ArrowError;
use datafusion::common::{Result, ScalarValue, exec_err};
use datafusion::logical_expr::{
    ColumnarValue, ScalarFunctionArgs, ScalarUDF, ScalarUDFImpl, Signature, Volatility,
};
use protocol::{ErrorCode, TrinoType};

use crate::functions::error::function_error;

/// An integer operator that is checked for overflow.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CheckedOp {
    /// `+`
    Add,
    /// `-`
    Subtract,
    /// `*`
    Multiply,
}

impl CheckedOp {
    fn function_name(self) -> &'static str {
        match self {
            CheckedOp::Add => "$checked_add",
            CheckedOp::Subtract => "$checked_subtract",
            CheckedOp::Multiply => "$checked_multiply",
        }
    }

    /// Trino's word for the operation in overflow messages.
    fn noun(self) -> &'static str {
        match self {
            CheckedOp::Add => "addition",
            CheckedOp::Subtract => "subtraction",
            CheckedOp::Multiply => "multiplication",
        }
    }

    fn symbol(self) -> &'static str {
        match self {
            CheckedOp::Add => "+",
            CheckedOp::Subtract => "-",
            CheckedOp::Multiply => "*",
        }
    }
}

/// The function that evaluates `op` with overflow checks.
pub fn checked_function(op: CheckedOp) -> Arc<ScalarUDF> {
    Arc::new(ScalarUDF::new_from_impl(CheckedArithmetic {
        op,
        signature: Signature::any(2, Volatility::Immutable),
    }))
}

#[derive(Debug, PartialEq, Eq, Hash)]
struct CheckedArithmetic {
    op: CheckedOp,
    signature: Signature,
}

impl ScalarUDFImpl for CheckedArithmetic {
    fn name(&self) -> &str {
        self.op.function_name()
    }

    fn signature(&self) -> &Signature {
        &self.signature
    }

    fn return_type(&self, arg_types: &[DataType]) -> Result<DataType> {
        match arg_types {
            [left, right] if left == right && left.is_integer() => Ok(left.clone()),
            _ => exec_err!(
                "{} needs two integers of one type, got {arg_types:?}",
                self.name()
            ),
        }
    }

    fn invoke_with_args(&self, args: ScalarFunctionArgs) -> Result<ColumnarValue> {
        let [left, right] = args.args.as_slice() else {
            return exec_err!("{} takes two arguments", self.name());
        };
        let both_scalar = matches!(
            (left, right),
            (ColumnarValue::Scalar(_), ColumnarValue::Scalar(_))
        );
        let (l, r) = (datum(left)?, datum(right)?);
        let result = match self.op {
            CheckedOp::Add => arrow::compute::kernels::numeric::add(l.as_ref(), r.as_ref()),
            CheckedOp::Subtract => arrow::compute::kernels::numeric::sub(l.as_ref(), r.as_ref()),
            CheckedOp::Multiply => arrow::compute::kernels::numeric::mul(l.as_ref(), r.as_ref()),
        };
        let array = match result {
            Ok(array) => array,
            Err(ArrowError::ArithmeticOverflow(_)) => {
                return Err(self.overflow(left, right, both_scalar));
            }
            Err(other) => return Err(other.into()),
        };
        if both_scalar {
            Ok(ColumnarValue::Scalar(ScalarValue::try_from_array(
                &array, 0,
            )?))
        } else {
            Ok(ColumnarValue::Array(array))
        }
    }
}

impl CheckedArithmetic {
    /// Trino's message: `integer addition overflow: 2147483647 + 1` (operands only when both
    /// are single values).
    fn overflow(
        &self,
        left: &ColumnarValue,
        right: &ColumnarValue,
        both_scalar: bool,
    ) -> datafusion::error::DataFusionError {
        let type_name = TrinoType::from_arrow_type(&left.data_type())
            .map(|t| t.to_string())
            .unwrap_or_else(|_| "integer".to_string());
        let mut message = format!("{type_name} {} overflow", self.op.noun());
        if let (true, ColumnarValue::Scalar(l), ColumnarValue::Scalar(r)) =
            (both_scalar, left, right)
        {
            message.push_str(&format!(": {l} {} {r}", self.op.symbol()));
        }
        function_error(ErrorCode::NumericValueOutOfRange, message)
    }
}

fn datum(value: &ColumnarValue) -> Result<Box<dyn Datum>> {
    Ok(match value {
        ColumnarValue::Array(array) => Box::new(array.clone()),
        ColumnarValue::Scalar(scalar) => Box::new(scalar.to_scalar()?),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use arrow::array::{Array, Int32Array};
    use arrow::datatypes::Field;
    use datafusion::config::ConfigOptions;

    fn run(op: CheckedOp, left: ColumnarValue, right: ColumnarValue) -> Result<ColumnarValue> {
        let udf = checked_function(op);
        let field = Arc::new(Field::new("x", left.data_type(), true));
        udf.invoke_with_args(ScalarFunctionArgs {
            args: vec![left, right],
            arg_fields: vec![field.clone(), field.clone()],
            number_rows: 2,
            return_field: field,
            config_options: Arc::new(ConfigOptions::default()),
        })
    }

    #[test]
    fn overflow_is_numeric_value_out_of_range_with_trino_message() {
        let scalar = |v: i32| ColumnarValue::Scalar(ScalarValue::Int32(Some(v)));
        let error = run(CheckedOp::Add, scalar(i32::MAX), scalar(1)).unwrap_err();
        let found = crate::functions::error::find_function_error(&error).unwrap();
        assert_eq!(found.code, ErrorCode::NumericValueOutOfRange);
        assert_eq!(found.message, "integer addition overflow: 2147483647 + 1");
        let array = ColumnarValue::Array(Arc::new(Int32Array::from(vec![1, 65536])));
        let error = run(CheckedOp::Multiply, array, scalar(65536)).unwrap_err();
        let found = crate::functions::error::find_function_error(&error).unwrap();
        assert_eq!(found.message, "integer multiplication overflow");
    }

    #[test]
    fn values_in_range_compute_normally() {
        let array = ColumnarValue::Array(Arc::new(Int32Array::from(vec![Some(5), None])));
        let ColumnarValue::Array(out) = run(
            CheckedOp::Subtract,
            array,
            ColumnarValue::Scalar(ScalarValue::Int32(Some(7))),
        )
        .unwrap() else {
            panic!("array expected");
        };
        let out = out.as_any().downcast_ref::<Int32Array>().unwrap();
        assert_eq!(out.value(0), -2);
        assert!(out.is_null(1));
    }
}
