//! Errors that Trino functions raise with the Trino error code a client must see.
//!
//! A function reports, for example, `INVALID_FUNCTION_ARGUMENT` by returning
//! [`function_error`]; DataFusion carries it as an external error and the coordinator maps it
//! back to the code (see `coordinator::error`).

use datafusion::error::DataFusionError;
use protocol::ErrorCode;

/// A failure of a Trino function, with the error code Trino reports for it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct FunctionError {
    /// Trino error code (`INVALID_FUNCTION_ARGUMENT`, `NUMERIC_VALUE_OUT_OF_RANGE`, ...).
    pub code: ErrorCode,
    /// Message in Trino's wording.
    pub message: String,
}

/// A DataFusion error carrying a [`FunctionError`].
pub fn function_error(code: ErrorCode, message: impl Into<String>) -> DataFusionError {
    DataFusionError::External(Box::new(FunctionError {
        code,
        message: message.into(),
    }))
}

/// `INVALID_FUNCTION_ARGUMENT` with `message`.
pub fn invalid_argument(message: impl Into<String>) -> DataFusionError {
    function_error(ErrorCode::InvalidFunctionArgument, message)
}

/// Finds the [`FunctionError`] inside `error`, if a function raised it.
pub fn find_function_error(error: &DataFusionError) -> Option<&FunctionError> {
    match error.find_root() {
        DataFusionError::External(inner) => inner.downcast_ref::<FunctionError>(),
        DataFusionError::ArrowError(arrow, _) => match arrow.as_ref() {
            arrow::error::ArrowError::ExternalError(inner) => inner.downcast_ref::<FunctionError>(),
            _ => None,
        },
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_code_survives_context_wrapping() {
        let error = invalid_argument("bad pattern").context("while evaluating");
        let found = find_function_error(&error).expect("function error");
        assert_eq!(found.code, ErrorCode::InvalidFunctionArgument);
        assert_eq!(found.message, "bad pattern");
        assert!(find_function_error(&DataFusionError::Plan("x".into())).is_none());
    }
}
