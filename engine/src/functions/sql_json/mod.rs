//! Trino's SQL/JSON functions: `json_exists`, `json_value`, `json_query`, `json_array` and
//! `json_object`.
//!
//! Their clauses (`PASSING`, `RETURNING`, `ON EMPTY`, `ON ERROR`, ...) are not function
//! arguments in SQL; `sql::json_syntax` parses them and calls the functions below with the
//! clauses encoded as one options literal ([`SqlJsonOptions`]):
//!
//! - `__trino_json_exists(input, path, options, variables...)`
//! - `__trino_json_value(input, path, options, default_on_empty, default_on_error, variables...)`
//! - `__trino_json_query(input, path, options, variables...)`
//! - `__trino_json_array(options, values...)`
//! - `__trino_json_object(options, key, value, key, value, ...)`
//!
//! The path is a literal: it is parsed when the query is planned (a syntax error fails the
//! query with `INVALID_PATH`) and once per batch when evaluated.

mod construct;
mod convert;
pub mod options;
mod query;

use std::sync::Arc;

use arrow::datatypes::{DataType, Field, FieldRef};
use datafusion::common::ScalarValue;
use datafusion::error::{DataFusionError, Result};
use datafusion::logical_expr::{
    ColumnarValue, ReturnFieldArgs, ScalarFunctionArgs, ScalarUDF, ScalarUDFImpl, Signature,
    Volatility,
};
use protocol::{ErrorCode, TrinoType};

use crate::functions::error::function_error;
use crate::functions::json_path::JsonPath;
pub use options::SqlJsonOptions;

/// The function `json_exists(...)` is rewritten to.
pub const JSON_EXISTS: &str = "__trino_json_exists";
/// The function `json_value(...)` is rewritten to.
pub const JSON_VALUE: &str = "__trino_json_value";
/// The function `json_query(...)` is rewritten to.
pub const JSON_QUERY: &str = "__trino_json_query";
/// The function `json_array(...)` is rewritten to.
pub const JSON_ARRAY: &str = "__trino_json_array";
/// The function `json_object(...)` is rewritten to.
pub const JSON_OBJECT: &str = "__trino_json_object";

/// The SQL/JSON functions, for registration in a session.
pub fn sql_json_functions() -> Vec<ScalarUDF> {
    [
        Kind::Exists,
        Kind::Value,
        Kind::Query,
        Kind::Array,
        Kind::Object,
    ]
    .into_iter()
    .map(|kind| {
        ScalarUDF::new_from_impl(SqlJsonFunction {
            kind,
            signature: Signature::variadic_any(Volatility::Immutable),
        })
    })
    .collect()
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Kind {
    Exists,
    Value,
    Query,
    Array,
    Object,
}

impl Kind {
    fn name(self) -> &'static str {
        match self {
            Kind::Exists => JSON_EXISTS,
            Kind::Value => JSON_VALUE,
            Kind::Query => JSON_QUERY,
            Kind::Array => JSON_ARRAY,
            Kind::Object => JSON_OBJECT,
        }
    }

    /// The position of the options literal.
    fn options_index(self) -> usize {
        match self {
            Kind::Exists | Kind::Value | Kind::Query => 2,
            Kind::Array | Kind::Object => 0,
        }
    }

    /// The position of the first `PASSING` value (or constructor value).
    fn first_value(self) -> usize {
        match self {
            Kind::Exists | Kind::Query => 3,
            Kind::Value => 5,
            Kind::Array | Kind::Object => 1,
        }
    }
}

#[derive(Debug, PartialEq, Eq, Hash)]
struct SqlJsonFunction {
    kind: Kind,
    signature: Signature,
}

/// Parses the path literal of a call; a syntax error is `INVALID_PATH`.
fn compile_path(value: Option<&ScalarValue>, options: &SqlJsonOptions) -> Result<JsonPath> {
    let text = match value {
        Some(
            ScalarValue::Utf8(Some(s))
            | ScalarValue::Utf8View(Some(s))
            | ScalarValue::LargeUtf8(Some(s)),
        ) => s,
        _ => {
            return Err(function_error(
                ErrorCode::InvalidPath,
                "JSON path must be a string literal",
            ));
        }
    };
    let path = JsonPath::parse(text).map_err(|e| {
        function_error(
            ErrorCode::InvalidPath,
            format!("Invalid JSON path '{text}': {e}"),
        )
    })?;
    if let Some(missing) = path
        .variable_names()
        .into_iter()
        .find(|name| !options.variables.iter().any(|v| v == name))
    {
        return Err(function_error(
            ErrorCode::InvalidPath,
            format!(
                "no value passed for parameter {missing}. Try quoting \"{missing}\" in the PASSING clause to match case"
            ),
        ));
    }
    Ok(path)
}

impl ScalarUDFImpl for SqlJsonFunction {
    fn name(&self) -> &str {
        self.kind.name()
    }

    fn signature(&self) -> &Signature {
        &self.signature
    }

    fn return_type(&self, _arg_types: &[DataType]) -> Result<DataType> {
        Err(DataFusionError::Internal(format!(
            "{} uses return_field_from_args",
            self.kind.name()
        )))
    }

    fn return_field_from_args(&self, args: ReturnFieldArgs) -> Result<FieldRef> {
        let name = self.kind.name();
        let options = SqlJsonOptions::from_literal(
            name,
            args.scalar_arguments
                .get(self.kind.options_index())
                .copied()
                .flatten(),
        )?;
        let values = args
            .arg_fields
            .len()
            .saturating_sub(self.kind.first_value());
        let expected = match self.kind {
            Kind::Exists | Kind::Value | Kind::Query => {
                compile_path(args.scalar_arguments.get(1).copied().flatten(), &options)?;
                options.variables.len()
            }
            Kind::Array => options.formats.len(),
            Kind::Object => options.formats.len() * 2,
        };
        if args.arg_fields.len() < self.kind.first_value() || values != expected {
            return Err(DataFusionError::Plan(format!(
                "{name}: {values} values for {expected} declared ones"
            )));
        }
        if self.kind == Kind::Exists {
            return Ok(Arc::new(Field::new(name, DataType::Boolean, true)));
        }
        match &options.returning {
            Some(text) => {
                let ty = TrinoType::parse(text)
                    .map_err(|e| function_error(ErrorCode::TypeNotFound, e.to_string()))?;
                Ok(Arc::new(ty.arrow_field(name, true)))
            }
            None => Ok(Arc::new(Field::new(name, DataType::Utf8, true))),
        }
    }

    fn invoke_with_args(&self, args: ScalarFunctionArgs) -> Result<ColumnarValue> {
        let scalar_of = |i: usize| match args.args.get(i) {
            Some(ColumnarValue::Scalar(s)) => Some(s),
            _ => None,
        };
        let options =
            SqlJsonOptions::from_literal(self.kind.name(), scalar_of(self.kind.options_index()))?;
        let all_scalar = args
            .args
            .iter()
            .all(|a| matches!(a, ColumnarValue::Scalar(_)));
        let rows = if all_scalar { 1 } else { args.number_rows };
        let result = match self.kind {
            Kind::Exists | Kind::Value | Kind::Query => {
                let path = compile_path(scalar_of(1), &options)?;
                query::evaluate(self.kind, &path, &options, &args, rows)?
            }
            Kind::Array | Kind::Object => construct::build(self.kind, &options, &args, rows)?,
        };
        if all_scalar {
            Ok(ColumnarValue::Scalar(ScalarValue::try_from_array(
                &result, 0,
            )?))
        } else {
            Ok(ColumnarValue::Array(result))
        }
    }
}
