//! Errors as Trino reports them, and the mapping from DataFusion's errors.

use arrow::error::ArrowError;
use datafusion::common::SchemaError;
use datafusion::error::DataFusionError;
use engine::functions::error::find_function_error;
use engine::sql::parser::{SqlLocation, SyntaxError};
use protocol::{ErrorCode, ErrorLocation, FailureInfo, QueryError};

/// A failure of a statement, with Trino's error code, message and location.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("{}", self.display_message())]
pub struct TrinoError {
    /// Trino error code.
    pub code: ErrorCode,
    /// Message without the location prefix.
    pub message: String,
    /// Where in the SQL text the error is.
    pub location: Option<SqlLocation>,
}

impl TrinoError {
    /// An error without a location.
    pub fn new(code: ErrorCode, message: impl Into<String>) -> Self {
        Self {
            code,
            message: message.into(),
            location: None,
        }
    }

    /// An error at a position of the SQL text.
    pub fn at(code: ErrorCode, location: Option<SqlLocation>, message: impl Into<String>) -> Self {
        Self {
            code,
            message: message.into(),
            location,
        }
    }

    /// The message as Trino shows it: `line L:C: message` when the location is known.
    pub fn display_message(&self) -> String {
        match self.location {
            Some(l) => format!("line {}:{}: {}", l.line, l.column, self.message),
            None => self.message.clone(),
        }
    }

    /// Moves the location by the position of an enclosing text (for statements that are
    /// themselves string literals, like `EXECUTE IMMEDIATE '...'`).
    pub fn shifted(mut self, origin: SqlLocation) -> Self {
        if let Some(l) = &mut self.location {
            if l.line == 1 {
                // +1 for the opening quote of the literal.
                l.column += origin.column;
            }
            l.line += origin.line - 1;
        }
        self
    }

    /// `GENERIC_INTERNAL_ERROR` for a panic caught while running a statement, with the
    /// panic's message when it has one.
    pub fn from_panic(payload: &(dyn std::any::Any + Send)) -> Self {
        let detail = payload
            .downcast_ref::<&str>()
            .copied()
            .or_else(|| payload.downcast_ref::<String>().map(String::as_str))
            .unwrap_or("no message");
        TrinoError::new(
            ErrorCode::GenericInternalError,
            format!("Internal error while running the statement: {detail}"),
        )
    }

    /// The `error` document of `QueryResults`.
    pub fn to_query_error(&self) -> QueryError {
        let location = self.location.map(|l| ErrorLocation {
            line_number: l.line as i32,
            column_number: l.column as i32,
        });
        let message = self.display_message();
        QueryError {
            message: message.clone(),
            sql_state: None,
            error_code: self.code.code(),
            error_name: self.code.name().to_string(),
            error_type: self.code.error_type(),
            error_location: location,
            failure_info: Some(FailureInfo {
                ty: failure_type(self.code).to_string(),
                message: Some(message),
                cause: None,
                suppressed: vec![],
                stack: vec![],
                error_info: None,
                error_location: location,
            }),
        }
    }
}

/// The Java exception class Trino names in `failureInfo.type`.
fn failure_type(code: ErrorCode) -> &'static str {
    match code {
        ErrorCode::SyntaxError => "io.trino.sql.parser.ParsingException",
        _ => "io.trino.spi.TrinoException",
    }
}

impl From<SyntaxError> for TrinoError {
    fn from(error: SyntaxError) -> Self {
        TrinoError::at(ErrorCode::SyntaxError, Some(error.location), error.message)
    }
}

impl From<DataFusionError> for TrinoError {
    fn from(error: DataFusionError) -> Self {
        let location = error
            .diagnostic()
            .and_then(|d| d.span)
            .map(|span| SqlLocation {
                line: span.start.line,
                column: span.start.column,
            })
            .filter(|l| l.line > 0);
        let (code, message) = classify(&error);
        TrinoError::at(code, location, message)
    }
}

fn classify(error: &DataFusionError) -> (ErrorCode, String) {
    if let Some(function_error) = find_function_error(error) {
        return (function_error.code, function_error.message.clone());
    }
    let root = error.find_root();
    match root {
        DataFusionError::SchemaError(schema_error, _) => match schema_error.as_ref() {
            SchemaError::FieldNotFound { field, .. } => (
                ErrorCode::ColumnNotFound,
                format!("Column '{}' cannot be resolved", field.name),
            ),
            SchemaError::AmbiguousReference { field } => (
                ErrorCode::AmbiguousName,
                format!("Column '{}' is ambiguous", field.name),
            ),
            other => (ErrorCode::GenericUserError, other.to_string()),
        },
        DataFusionError::ArrowError(arrow, _) => classify_arrow(arrow),
        DataFusionError::NotImplemented(m) => (ErrorCode::NotSupported, m.clone()),
        DataFusionError::ResourcesExhausted(m) => (
            ErrorCode::ExceededGlobalMemoryLimit,
            format!("Query exceeded the memory limit (query.max-memory): {m}"),
        ),
        DataFusionError::SQL(e, _) => (ErrorCode::SyntaxError, e.to_string()),
        DataFusionError::Plan(m) => classify_plan(m),
        DataFusionError::Execution(m) => classify_execution(m),
        other => (ErrorCode::GenericInternalError, other.strip_backtrace()),
    }
}

fn classify_plan(message: &str) -> (ErrorCode, String) {
    if let Some(name) = message
        .strip_prefix("Invalid function '")
        .and_then(|rest| rest.split('\'').next())
    {
        return (
            ErrorCode::FunctionNotFound,
            format!("Function '{name}' not registered"),
        );
    }
    if message.contains("No function matches the given name and argument types")
        || message.contains("does not support inputs of type")
        || message.contains("Cannot infer common argument type")
        || message.contains("type_coercion")
    {
        return (ErrorCode::TypeMismatch, message.to_string());
    }
    if message.contains("must appear in the GROUP BY clause") {
        return (ErrorCode::ExpressionNotAggregate, message.to_string());
    }
    (ErrorCode::GenericUserError, message.to_string())
}

fn classify_execution(message: &str) -> (ErrorCode, String) {
    if message.contains("Divide by zero") || message.contains("Division by zero") {
        return (ErrorCode::DivisionByZero, "Division by zero".to_string());
    }
    if message.contains("Cannot cast") || message.contains("Can't cast") {
        return (ErrorCode::InvalidCastArgument, message.to_string());
    }
    (ErrorCode::GenericInternalError, message.to_string())
}

fn classify_arrow(error: &ArrowError) -> (ErrorCode, String) {
    match error {
        ArrowError::DivideByZero => (ErrorCode::DivisionByZero, "Division by zero".into()),
        ArrowError::CastError(m) | ArrowError::ParseError(m) => {
            (ErrorCode::InvalidCastArgument, m.clone())
        }
        ArrowError::ArithmeticOverflow(m) => (ErrorCode::NumericValueOutOfRange, m.clone()),
        // A cast to a decimal whose precision the value does not fit.
        ArrowError::InvalidArgumentError(m) if m.contains("too large to store in a Decimal") => {
            (ErrorCode::NumericValueOutOfRange, m.clone())
        }
        other => (ErrorCode::GenericInternalError, other.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_carry_the_location() {
        let e = TrinoError::at(
            ErrorCode::TableNotFound,
            Some(SqlLocation {
                line: 1,
                column: 15,
            }),
            "Table 'tpch.tiny.foobar' does not exist",
        );
        let q = e.to_query_error();
        assert_eq!(
            q.message,
            "line 1:15: Table 'tpch.tiny.foobar' does not exist"
        );
        assert_eq!(q.error_code, 46);
        assert_eq!(q.error_name, "TABLE_NOT_FOUND");
        let info = q.failure_info.unwrap();
        assert!(info.suppressed.is_empty() && info.stack.is_empty());
    }

    #[test]
    fn datafusion_errors_map_to_trino_codes() {
        let e = TrinoError::from(DataFusionError::Plan(
            "Invalid function 'foo'.\nDid you mean 'floor'?".into(),
        ));
        assert_eq!(e.code, ErrorCode::FunctionNotFound);
        assert_eq!(e.message, "Function 'foo' not registered");
        let e = TrinoError::from(DataFusionError::ArrowError(
            Box::new(ArrowError::DivideByZero),
            None,
        ));
        assert_eq!(e.code, ErrorCode::DivisionByZero);
        let e = TrinoError::from(DataFusionError::NotImplemented("x".into()));
        assert_eq!(e.code, ErrorCode::NotSupported);
        let e = TrinoError::from(engine::functions::error::invalid_argument("bad").context("f"));
        assert_eq!(e.code, ErrorCode::InvalidFunctionArgument);
        assert_eq!(e.message, "bad");
    }

    #[test]
    fn panics_are_internal_errors() {
        let payload = std::panic::catch_unwind(|| panic!("index {} out of range", 3))
            .expect_err("the closure panics");
        let e = TrinoError::from_panic(payload.as_ref());
        assert_eq!(e.code, ErrorCode::GenericInternalError);
        assert_eq!(
            e.message,
            "Internal error while running the statement: index 3 out of range"
        );
        let e = TrinoError::from_panic(&42_u8);
        assert!(e.message.ends_with("no message"));
    }

    #[test]
    fn shifting_into_a_literal() {
        let e = TrinoError::at(
            ErrorCode::SyntaxError,
            Some(SqlLocation { line: 1, column: 3 }),
            "x",
        )
        .shifted(SqlLocation {
            line: 1,
            column: 19,
        });
        assert_eq!(
            e.location,
            Some(SqlLocation {
                line: 1,
                column: 22
            })
        );
    }
}
