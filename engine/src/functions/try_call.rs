//! Trino's `TRY(expression)`: the value of `expression`, or NULL for the rows where evaluating
//! it fails with a data error (division by zero, invalid cast or function argument, numeric
//! overflow).
//!
//! DataFusion evaluates a function's arguments before the function, so `try` cannot catch its
//! argument's errors itself. Instead [`crate::sql::plan::TrinoSemantics`] rewrites the
//! expression under `try`: casts become `TRY_CAST`, divisions by zero become NULL, and every
//! function call is wrapped in [`NullOnError`], which retries a failed batch row by row and
//! turns the failing rows into NULL. The `try` function left in the plan is then the identity.

use std::sync::Arc;

use arrow::datatypes::{DataType, FieldRef};
use arrow::error::ArrowError;
use datafusion::common::{Result, ScalarValue, exec_err};
use datafusion::error::DataFusionError;
use datafusion::logical_expr::{
    ColumnarValue, ReturnFieldArgs, ScalarFunctionArgs, ScalarUDF, ScalarUDFImpl, Signature,
    Volatility,
};
use protocol::ErrorCode;

use crate::functions::error::find_function_error;

/// Name of the `try` function.
pub const TRY: &str = "try";

/// `try(x)` as planned from SQL: the identity, until the rewrite replaces it.
pub fn try_function() -> ScalarUDF {
    ScalarUDF::new_from_impl(TryIdentity {
        signature: Signature::any(1, Volatility::Immutable),
    })
}

#[derive(Debug, PartialEq, Eq, Hash)]
struct TryIdentity {
    signature: Signature,
}

impl ScalarUDFImpl for TryIdentity {
    fn name(&self) -> &str {
        TRY
    }

    fn signature(&self) -> &Signature {
        &self.signature
    }

    fn return_type(&self, arg_types: &[DataType]) -> Result<DataType> {
        match arg_types {
            [t] => Ok(t.clone()),
            _ => exec_err!("try takes one argument"),
        }
    }

    fn return_field_from_args(&self, args: ReturnFieldArgs) -> Result<FieldRef> {
        match args.arg_fields {
            [field] => Ok(Arc::new(field.as_ref().clone().with_name(TRY))),
            _ => exec_err!("try takes one argument"),
        }
    }

    fn invoke_with_args(&self, mut args: ScalarFunctionArgs) -> Result<ColumnarValue> {
        match args.args.pop() {
            Some(value) if args.args.is_empty() => Ok(value),
            _ => exec_err!("try takes one argument"),
        }
    }
}

/// Wraps `inner` so that rows whose evaluation fails with a data error are NULL.
pub fn null_on_error(inner: Arc<ScalarUDF>) -> Arc<ScalarUDF> {
    Arc::new(ScalarUDF::new_from_impl(NullOnError {
        name: format!("try:{}", inner.name()),
        inner,
    }))
}

/// A function call under `TRY`: see the module documentation.
#[derive(Debug, PartialEq, Eq, Hash)]
pub struct NullOnError {
    name: String,
    inner: Arc<ScalarUDF>,
}

impl ScalarUDFImpl for NullOnError {
    fn name(&self) -> &str {
        &self.name
    }

    fn signature(&self) -> &Signature {
        self.inner.signature()
    }

    fn coerce_types(&self, arg_types: &[DataType]) -> Result<Vec<DataType>> {
        self.inner.coerce_types(arg_types)
    }

    fn return_type(&self, arg_types: &[DataType]) -> Result<DataType> {
        self.inner.return_type(arg_types)
    }

    fn return_field_from_args(&self, args: ReturnFieldArgs) -> Result<FieldRef> {
        self.inner.return_field_from_args(args)
    }

    fn invoke_with_args(&self, args: ScalarFunctionArgs) -> Result<ColumnarValue> {
        match self.inner.invoke_with_args(args.clone()) {
            Err(error) if is_data_error(&error) => self.row_by_row(args),
            other => other,
        }
    }
}

impl NullOnError {
    /// Evaluates each row on its own; a row that fails with a data error is NULL.
    fn row_by_row(&self, args: ScalarFunctionArgs) -> Result<ColumnarValue> {
        let return_type = args.return_field.data_type().clone();
        let mut values = Vec::with_capacity(args.number_rows);
        for row in 0..args.number_rows {
            let row_args = args
                .args
                .iter()
                .map(|arg| match arg {
                    ColumnarValue::Scalar(s) => Ok(ColumnarValue::Scalar(s.clone())),
                    ColumnarValue::Array(a) => {
                        Ok(ColumnarValue::Scalar(ScalarValue::try_from_array(a, row)?))
                    }
                })
                .collect::<Result<Vec<_>>>()?;
            let call = ScalarFunctionArgs {
                args: row_args,
                arg_fields: args.arg_fields.clone(),
                number_rows: 1,
                return_field: args.return_field.clone(),
                config_options: args.config_options.clone(),
            };
            let value = match self.inner.invoke_with_args(call) {
                Ok(ColumnarValue::Scalar(s)) => s,
                Ok(ColumnarValue::Array(a)) => ScalarValue::try_from_array(&a, 0)?,
                Err(error) if is_data_error(&error) => ScalarValue::try_new_null(&return_type)?,
                Err(error) => return Err(error),
            };
            values.push(value);
        }
        if values.is_empty() {
            return Ok(ColumnarValue::Array(arrow::array::new_empty_array(
                &return_type,
            )));
        }
        Ok(ColumnarValue::Array(ScalarValue::iter_to_array(values)?))
    }
}

/// Errors `TRY` turns into NULL: Trino's division by zero, invalid cast, invalid function
/// argument and numeric range errors, and their Arrow/DataFusion counterparts.
pub fn is_data_error(error: &DataFusionError) -> bool {
    if let Some(function_error) = find_function_error(error) {
        return matches!(
            function_error.code,
            ErrorCode::DivisionByZero
                | ErrorCode::InvalidCastArgument
                | ErrorCode::InvalidFunctionArgument
                | ErrorCode::NumericValueOutOfRange
                | ErrorCode::InvalidLiteral
        );
    }
    match error.find_root() {
        DataFusionError::ArrowError(arrow, _) => matches!(
            arrow.as_ref(),
            ArrowError::DivideByZero
                | ArrowError::CastError(_)
                | ArrowError::ParseError(_)
                | ArrowError::ArithmeticOverflow(_)
                | ArrowError::ComputeError(_)
                | ArrowError::InvalidArgumentError(_)
        ),
        DataFusionError::Execution(_) => true,
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::functions::arithmetic::{CheckedOp, checked_function};
    use arrow::array::{Array, Int32Array};
    use arrow::datatypes::Field;
    use datafusion::config::ConfigOptions;

    #[test]
    fn failing_rows_become_null() {
        let wrapped = null_on_error(checked_function(CheckedOp::Add));
        let field = Arc::new(Field::new("x", DataType::Int32, true));
        let result = wrapped
            .invoke_with_args(ScalarFunctionArgs {
                args: vec![
                    ColumnarValue::Array(Arc::new(Int32Array::from(vec![1, i32::MAX, 3]))),
                    ColumnarValue::Scalar(ScalarValue::Int32(Some(1))),
                ],
                arg_fields: vec![field.clone(), field.clone()],
                number_rows: 3,
                return_field: field,
                config_options: Arc::new(ConfigOptions::default()),
            })
            .unwrap();
        let ColumnarValue::Array(array) = result else {
            panic!("array expected");
        };
        let values = array.as_any().downcast_ref::<Int32Array>().unwrap();
        assert_eq!(values.value(0), 2);
        assert!(values.is_null(1));
        assert_eq!(values.value(2), 4);
    }

    #[test]
    fn only_data_errors_are_caught() {
        assert!(is_data_error(&crate::functions::error::invalid_argument(
            "x"
        )));
        assert!(!is_data_error(&DataFusionError::ResourcesExhausted(
            "memory".into()
        )));
        assert!(!is_data_error(&DataFusionError::Internal("bug".into())));
    }
}
