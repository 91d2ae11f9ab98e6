//! `json_array` and `json_object`: JSON text built from SQL values.

use std::collections::HashSet;

use arrow::array::ArrayRef;
use datafusion::error::Result;
use datafusion::logical_expr::ScalarFunctionArgs;
use protocol::ErrorCode;
use serde_json::Value;

use super::Kind;
use super::convert::{RowError, json_text, sql_to_json, text_output};
use super::options::SqlJsonOptions;

/// Builds `json_array` or `json_object` over `rows` rows.
pub(super) fn build(
    kind: Kind,
    options: &SqlJsonOptions,
    args: &ScalarFunctionArgs,
    rows: usize,
) -> Result<ArrayRef> {
    let values = args.args[1..]
        .iter()
        .map(|a| a.to_array(rows))
        .collect::<Result<Vec<_>>>()?;
    let fields = &args.arg_fields[1..];
    let mut out = Vec::with_capacity(rows);
    for row in 0..rows {
        // Keys of `json_object` have no format; values have theirs.
        let item = |i: usize| {
            let format = match kind {
                Kind::Object if i % 2 == 0 => None,
                Kind::Object => options.formats.get(i / 2).copied().flatten(),
                _ => options.formats.get(i).copied().flatten(),
            };
            sql_to_json(&values[i], &fields[i], row, format).map_err(RowError::raise)
        };
        let value = match kind {
            Kind::Object => {
                // Members are written in order; without `WITH UNIQUE KEYS` a repeated key is
                // kept twice, as Trino does.
                let mut text = String::from("{");
                let mut keys = HashSet::new();
                for pair in 0..values.len() / 2 {
                    let key = match item(2 * pair)? {
                        Value::String(key) => key,
                        Value::Null => {
                            return Err(RowError::new(
                                ErrorCode::InvalidFunctionArgument,
                                "null value passed for JSON object key to JSON_OBJECT function",
                            )
                            .raise());
                        }
                        other => json_text(&other),
                    };
                    let value = item(2 * pair + 1)?;
                    if value.is_null() && options.absent_on_null {
                        continue;
                    }
                    if options.unique_keys && !keys.insert(key.clone()) {
                        return Err(RowError::new(
                            ErrorCode::InvalidFunctionArgument,
                            "duplicate key passed to JSON_OBJECT function",
                        )
                        .raise());
                    }
                    if text.len() > 1 {
                        text.push(',');
                    }
                    text.push_str(&json_text(&Value::String(key)));
                    text.push(':');
                    text.push_str(&json_text(&value));
                }
                text.push('}');
                out.push(Some(text));
                continue;
            }
            _ => {
                let mut elements = Vec::with_capacity(values.len());
                for i in 0..values.len() {
                    let value = item(i)?;
                    if !(value.is_null() && options.absent_on_null) {
                        elements.push(value);
                    }
                }
                Value::Array(elements)
            }
        };
        out.push(Some(json_text(&value)));
    }
    text_output(out, &args.return_field, options.output_encoding)
}
