//! `regexp_replace(string, pattern, function)`: each match replaced by what the lambda
//! returns for the array of its capturing groups. The forms without a lambda are the
//! scalar `regexp_replace` of `functions::regexp`, called from here (a name is either a
//! scalar or a higher-order function for the planner).

use std::sync::Arc;

use arrow::array::{Array, ArrayRef, AsArray, StringArray, StringBuilder, UInt32Array};
use arrow::datatypes::{DataType, Field};
use datafusion::common::plan_err;
use datafusion::error::Result;
use datafusion::logical_expr::{
    ColumnarValue, HigherOrderUDF, ReturnFieldArgs, ScalarFunctionArgs, ScalarUDF,
};

use super::{Call, LambdaFunction, apply, param};
use crate::functions::array::list_from_rows;
use crate::functions::regexp::{compile, regexp_functions};

/// The function of this module.
pub fn string_lambda_functions() -> Vec<HigherOrderUDF> {
    vec![LambdaFunction::udf(
        "regexp_replace",
        |t| {
            let string = |t: &DataType| {
                matches!(
                    t,
                    DataType::Utf8 | DataType::LargeUtf8 | DataType::Utf8View | DataType::Null
                )
            };
            if (2..=3).contains(&t.len()) && t.iter().all(string) {
                Ok(vec![DataType::Utf8; t.len()])
            } else {
                plan_err!("Unexpected parameters for function regexp_replace")
            }
        },
        |_| {
            Ok(vec![vec![param(
                "groups",
                DataType::List(Arc::new(Field::new_list_field(DataType::Utf8, true))),
            )]])
        },
        |_, _| Ok(DataType::Utf8),
        regexp_replace,
    )]
}

fn scalar_regexp_replace() -> Result<ScalarUDF> {
    match regexp_functions()
        .into_iter()
        .find(|f| f.name() == "regexp_replace")
    {
        Some(f) => Ok(f),
        None => plan_err!("regexp_replace is not registered"),
    }
}

fn regexp_replace(call: &Call) -> Result<ArrayRef> {
    let Some(lambda) = call.lambdas.first() else {
        // regexp_replace(string, pattern [, replacement]): the scalar function.
        let udf = scalar_regexp_replace()?;
        let arg_fields: Vec<_> = call
            .values
            .iter()
            .map(|a| Arc::new(Field::new("a", a.data_type().clone(), true)))
            .collect();
        let return_field = udf.return_field_from_args(ReturnFieldArgs {
            arg_fields: &arg_fields,
            scalar_arguments: &vec![None; call.values.len()],
        })?;
        return udf
            .invoke_with_args(ScalarFunctionArgs {
                args: call
                    .values
                    .iter()
                    .cloned()
                    .map(ColumnarValue::Array)
                    .collect(),
                arg_fields,
                number_rows: call.rows,
                return_field,
                config_options: Arc::new(Default::default()),
            })?
            .into_array(call.rows);
    };
    let (texts, patterns) = (
        call.values[0].as_string::<i32>(),
        call.values[1].as_string::<i32>(),
    );
    // Every match of every row: its byte range, its groups and its row.
    let mut spans: Vec<Vec<(usize, usize)>> = Vec::with_capacity(call.rows);
    let mut groups: Vec<Option<ArrayRef>> = Vec::new();
    let mut row_of: Vec<u32> = Vec::new();
    for row in 0..call.rows {
        let mut row_spans = Vec::new();
        if texts.is_valid(row) && patterns.is_valid(row) {
            let re = compile(patterns.value(row))?;
            for captures in re.captures_iter(texts.value(row)) {
                let Some(whole) = captures.get(0) else {
                    continue;
                };
                row_spans.push((whole.start(), whole.end()));
                let values: StringArray = (1..captures.len())
                    .map(|g| captures.get(g).map(|m| m.as_str()))
                    .collect();
                groups.push(Some(Arc::new(values) as ArrayRef));
                row_of.push(row as u32);
            }
        }
        spans.push(row_spans);
    }
    let groups = list_from_rows(
        Arc::new(Field::new_list_field(DataType::Utf8, true)),
        &groups,
    )?;
    let replacements = apply(lambda, &[groups], &UInt32Array::from(row_of))?;
    let replacements = arrow::compute::cast(&replacements, &DataType::Utf8)?;
    let replacements = replacements.as_string::<i32>();
    let mut out = StringBuilder::with_capacity(call.rows, 0);
    let mut next = 0;
    for (row, row_spans) in spans.iter().enumerate() {
        if texts.is_null(row) || patterns.is_null(row) {
            out.append_null();
            continue;
        }
        let text = texts.value(row);
        let mut result = String::with_capacity(text.len());
        let mut last = 0;
        let mut null = false;
        for (start, end) in row_spans {
            result.push_str(&text[last..*start]);
            if replacements.is_null(next) {
                null = true;
            } else {
                result.push_str(replacements.value(next));
            }
            next += 1;
            last = *end;
        }
        result.push_str(&text[last..]);
        if null {
            out.append_null();
        } else {
            out.append_value(result);
        }
    }
    Ok(Arc::new(out.finish()))
}
