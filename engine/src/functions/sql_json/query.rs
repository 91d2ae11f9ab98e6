//! `json_exists`, `json_value` and `json_query`: the path evaluated per row, then the
//! `ON EMPTY` / `ON ERROR` clauses, the wrapper and quotes, and the output conversion.

use std::collections::HashMap;
use std::sync::Arc;

use arrow::array::{ArrayRef, BooleanArray};
use arrow::datatypes::{DataType, FieldRef};
use datafusion::common::ScalarValue;
use datafusion::error::Result;
use datafusion::logical_expr::{ColumnarValue, ScalarFunctionArgs};
use protocol::ErrorCode;
use serde_json::Value;

use super::Kind;
use super::convert::{
    RowError, convert_scalar, item_to_sql, json_text, parse_json, result_type, sql_to_json,
    text_output,
};
use super::options::{Behavior, Encoding, SqlJsonOptions, Wrapper};
use crate::functions::args::{Bytes, is_binary};
use crate::functions::json_path::JsonPath;

/// Evaluates `json_exists`, `json_value` or `json_query` over `rows` rows.
pub(super) fn evaluate(
    kind: Kind,
    path: &JsonPath,
    options: &SqlJsonOptions,
    args: &ScalarFunctionArgs,
    rows: usize,
) -> Result<ArrayRef> {
    let input = Bytes::new(&args.args[0])?;
    let binary = is_binary(&args.arg_fields[0].data_type().clone());
    let variables = Variables::new(options, args, kind.first_value())?;
    let mut items = Vec::with_capacity(rows);
    for row in 0..rows {
        items.push(match input.get(row) {
            None => None,
            Some(bytes) => Some(parse_json(bytes, binary, options.input_encoding).and_then(
                |value| {
                    let vars = variables.row(row)?;
                    path.evaluate(&value, &vars)
                        .map(|seq| seq.into_iter().map(|c| c.into_owned()).collect::<Vec<_>>())
                        .map_err(|e| {
                            RowError::new(
                                ErrorCode::PathEvaluationError,
                                format!("path evaluation failed: {e}"),
                            )
                        })
                },
            )),
        });
    }
    match kind {
        Kind::Exists => exists(items, options),
        Kind::Value => value(items, options, args, rows),
        _ => query(items, options, args),
    }
}

/// The `PASSING` values: constants once, columns per row.
struct Variables {
    constant: HashMap<String, Value>,
    columns: Vec<(String, ArrayRef, FieldRef, Option<Encoding>)>,
}

impl Variables {
    fn new(options: &SqlJsonOptions, args: &ScalarFunctionArgs, first: usize) -> Result<Self> {
        let mut constant = HashMap::new();
        let mut columns = Vec::new();
        for (i, name) in options.variables.iter().enumerate() {
            let format = options.formats.get(i).copied().flatten();
            let field = args.arg_fields[first + i].clone();
            match &args.args[first + i] {
                ColumnarValue::Scalar(scalar) => {
                    let array = scalar.to_array()?;
                    let value = sql_to_json(&array, &field, 0, format).map_err(RowError::raise)?;
                    constant.insert(name.clone(), value);
                }
                ColumnarValue::Array(array) => {
                    columns.push((name.clone(), array.clone(), field, format))
                }
            }
        }
        Ok(Self { constant, columns })
    }

    fn row(&self, row: usize) -> Result<HashMap<String, Value>, RowError> {
        let mut vars = self.constant.clone();
        for (name, array, field, format) in &self.columns {
            vars.insert(name.clone(), sql_to_json(array, field, row, *format)?);
        }
        Ok(vars)
    }
}

type Items = Vec<Option<Result<Vec<Value>, RowError>>>;

fn exists(items: Items, options: &SqlJsonOptions) -> Result<ArrayRef> {
    let mut out = Vec::with_capacity(items.len());
    for item in items {
        out.push(match item {
            None => None,
            Some(Ok(seq)) => Some(!seq.is_empty()),
            Some(Err(error)) => match options.on_error {
                Behavior::Error => return Err(error.raise()),
                Behavior::True => Some(true),
                Behavior::False => Some(false),
                _ => None,
            },
        });
    }
    Ok(Arc::new(BooleanArray::from(out)))
}

/// What one row of `json_value` gives before conversion.
enum Outcome {
    Value(Option<ScalarValue>),
    Default(usize),
}

fn value(
    items: Items,
    options: &SqlJsonOptions,
    args: &ScalarFunctionArgs,
    rows: usize,
) -> Result<ArrayRef> {
    let (ty, target) = result_type(&args.return_field)?;
    let text = matches!(target, DataType::Utf8);
    let defaults = [&args.args[3], &args.args[4]].map(|d| d.to_array(rows));
    let on_error = |error: RowError| -> Result<Outcome> {
        match options.on_error {
            Behavior::Error => Err(error.raise()),
            Behavior::Default => Ok(Outcome::Default(4)),
            _ => Ok(Outcome::Value(None)),
        }
    };
    let mut out = Vec::with_capacity(rows);
    for (row, item) in items.into_iter().enumerate() {
        let outcome = match item {
            None => Outcome::Value(None),
            Some(Err(error)) => on_error(error)?,
            Some(Ok(seq)) => match seq.as_slice() {
                [] => match options.on_empty {
                    Behavior::Error => {
                        return Err(RowError::new(
                            ErrorCode::JsonValueResultError,
                            "JSON path found no items",
                        )
                        .raise());
                    }
                    Behavior::Default => Outcome::Default(3),
                    _ => Outcome::Value(None),
                },
                [item] => match item_to_sql(item, text) {
                    Ok(value) => Outcome::Value(value),
                    Err(error) => on_error(error)?,
                },
                _ => on_error(RowError::new(
                    ErrorCode::JsonValueResultError,
                    "JSON path found multiple items",
                ))?,
            },
        };
        let converted = match outcome {
            Outcome::Value(None) => ScalarValue::try_from(&target)?,
            Outcome::Value(Some(value)) => match convert_scalar(value, &ty, &target) {
                Ok(v) => v,
                Err(error) => match on_error(error)? {
                    Outcome::Default(i) => default_value(&defaults, i, row, &ty, &target)?,
                    Outcome::Value(_) => ScalarValue::try_from(&target)?,
                },
            },
            Outcome::Default(i) => default_value(&defaults, i, row, &ty, &target)?,
        };
        out.push(converted);
    }
    Ok(ScalarValue::iter_to_array(out)?)
}

fn default_value(
    defaults: &[Result<ArrayRef>; 2],
    which: usize,
    row: usize,
    ty: &protocol::TrinoType,
    target: &DataType,
) -> Result<ScalarValue> {
    let array = match &defaults[which - 3] {
        Ok(array) => array,
        Err(e) => return Err(datafusion::error::DataFusionError::Execution(e.to_string())),
    };
    let value = ScalarValue::try_from_array(array, row.min(array.len().saturating_sub(1)))?;
    convert_scalar(value, ty, target).map_err(RowError::raise)
}

fn query(items: Items, options: &SqlJsonOptions, args: &ScalarFunctionArgs) -> Result<ArrayRef> {
    let special = |behavior: Behavior, error: RowError| -> Result<Option<String>> {
        match behavior {
            Behavior::Error => Err(error.raise()),
            Behavior::EmptyArray => Ok(Some("[]".into())),
            Behavior::EmptyObject => Ok(Some("{}".into())),
            _ => Ok(None),
        }
    };
    let mut out = Vec::with_capacity(items.len());
    for item in items {
        out.push(match item {
            None => None,
            Some(Err(error)) => special(options.on_error, error)?,
            Some(Ok(seq)) if seq.is_empty() => special(
                options.on_empty,
                RowError::new(ErrorCode::JsonQueryResultError, "JSON path found no items"),
            )?,
            Some(Ok(mut seq)) => {
                let single_structure =
                    seq.len() == 1 && matches!(seq[0], Value::Array(_) | Value::Object(_));
                let wrap = match options.wrapper {
                    Wrapper::Without => false,
                    Wrapper::Conditional => !single_structure,
                    Wrapper::Unconditional => true,
                };
                if wrap {
                    Some(json_text(&Value::Array(seq)))
                } else if seq.len() > 1 {
                    special(
                        options.on_error,
                        RowError::new(
                            ErrorCode::JsonQueryResultError,
                            "JSON path found multiple items",
                        ),
                    )?
                } else {
                    match seq.pop() {
                        Some(Value::String(s)) if options.omit_quotes => Some(s),
                        Some(item) => Some(json_text(&item)),
                        None => None,
                    }
                }
            }
        });
    }
    text_output(out, &args.return_field, options.output_encoding)
}
