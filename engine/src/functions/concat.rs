//! Trino's `concat`, one name for three functions: strings (`varchar`), bytes (`varbinary`)
//! and arrays. The string and binary forms are NULL when any argument is; the array form
//! is DataFusion's `array_concat`, which already skips NULL arrays as Trino does.

use std::sync::Arc;

use arrow::array::{BinaryBuilder, StringBuilder};
use arrow::datatypes::DataType;
use datafusion::common::plan_err;
use datafusion::error::Result;
use datafusion::functions_nested::concat::array_concat_udf;
use datafusion::logical_expr::{
    ColumnarValue, ScalarFunctionArgs, ScalarUDF, ScalarUDFImpl, Signature, Volatility,
};

use super::args::Batch;
use super::error::invalid_argument;

/// The `concat` function, for registration in a session.
pub fn concat_function() -> ScalarUDF {
    ScalarUDF::new_from_impl(Concat {
        signature: Signature::user_defined(Volatility::Immutable),
    })
}

/// Which of Trino's `concat` functions a call resolves to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Form {
    Strings,
    Bytes,
    Arrays,
}

impl Form {
    fn of(arg_types: &[DataType]) -> Result<Form> {
        if arg_types.len() < 2 {
            return Err(invalid_argument(
                "There must be two or more concatenation arguments",
            ));
        }
        let mut form = Form::Strings;
        for t in arg_types {
            match t {
                DataType::List(_) | DataType::LargeList(_) | DataType::FixedSizeList(..) => {
                    form = Form::Arrays
                }
                DataType::Binary
                | DataType::LargeBinary
                | DataType::BinaryView
                | DataType::FixedSizeBinary(_)
                    if form != Form::Arrays =>
                {
                    form = Form::Bytes
                }
                _ => {}
            }
        }
        for t in arg_types {
            let fits = match (form, t) {
                (_, DataType::Null) => true,
                (Form::Arrays, t) => t.is_nested(),
                (Form::Bytes, t) => matches!(
                    t,
                    DataType::Binary
                        | DataType::LargeBinary
                        | DataType::BinaryView
                        | DataType::FixedSizeBinary(_)
                ),
                (Form::Strings, t) => {
                    matches!(t, DataType::Utf8 | DataType::LargeUtf8 | DataType::Utf8View)
                }
            };
            if !fits {
                let types: Vec<String> = arg_types.iter().map(ToString::to_string).collect();
                return plan_err!(
                    "Unexpected parameters ({}) for function concat",
                    types.join(", ")
                );
            }
        }
        Ok(form)
    }
}

#[derive(Debug, PartialEq, Eq, Hash)]
struct Concat {
    signature: Signature,
}

impl ScalarUDFImpl for Concat {
    fn name(&self) -> &str {
        "concat"
    }

    fn signature(&self) -> &Signature {
        &self.signature
    }

    fn coerce_types(&self, arg_types: &[DataType]) -> Result<Vec<DataType>> {
        Ok(match Form::of(arg_types)? {
            Form::Arrays => array_concat_udf().coerce_types(arg_types)?,
            Form::Bytes => vec![DataType::Binary; arg_types.len()],
            Form::Strings => vec![DataType::Utf8; arg_types.len()],
        })
    }

    fn return_type(&self, arg_types: &[DataType]) -> Result<DataType> {
        Ok(match Form::of(arg_types)? {
            Form::Arrays => array_concat_udf().return_type(arg_types)?,
            Form::Bytes => DataType::Binary,
            Form::Strings => DataType::Utf8,
        })
    }

    fn invoke_with_args(&self, args: ScalarFunctionArgs) -> Result<ColumnarValue> {
        let types: Vec<DataType> = args.args.iter().map(|a| a.data_type()).collect();
        let form = Form::of(&types)?;
        if form == Form::Arrays {
            return array_concat_udf().invoke_with_args(args);
        }
        let batch = Batch::of(&args);
        match form {
            Form::Bytes => concat_bytes(&batch),
            _ => concat_strings(&batch),
        }
    }
}

/// Each row's values of `inputs` joined, NULL when one of them is.
fn concat_rows<'a, T: ?Sized + 'a>(
    rows: usize,
    inputs: &[impl Fn(usize) -> Option<&'a T>],
    mut append: impl FnMut(Option<&[&'a T]>),
) {
    let mut parts = Vec::with_capacity(inputs.len());
    for row in 0..rows {
        parts.clear();
        for input in inputs {
            match input(row) {
                Some(v) => parts.push(v),
                None => break,
            }
        }
        append((parts.len() == inputs.len()).then_some(parts.as_slice()));
    }
}

fn concat_strings(batch: &Batch) -> Result<ColumnarValue> {
    let inputs = (0..batch.args.len())
        .map(|i| batch.strings(i))
        .collect::<Result<Vec<_>>>()?;
    let hint = inputs.iter().map(|s| s.byte_hint()).sum();
    let getters: Vec<_> = inputs.iter().map(|s| move |row| s.get(row)).collect();
    let mut out = StringBuilder::with_capacity(batch.rows, hint);
    concat_rows(batch.rows, &getters, |parts| match parts {
        Some(parts) => out.append_value(parts.concat()),
        None => out.append_null(),
    });
    batch.finish(Arc::new(out.finish()))
}

fn concat_bytes(batch: &Batch) -> Result<ColumnarValue> {
    let inputs = (0..batch.args.len())
        .map(|i| batch.bytes(i))
        .collect::<Result<Vec<_>>>()?;
    let getters: Vec<_> = inputs.iter().map(|b| move |row| b.get(row)).collect();
    let mut out = BinaryBuilder::with_capacity(batch.rows, 0);
    concat_rows(batch.rows, &getters, |parts| match parts {
        Some(parts) => out.append_value(parts.concat()),
        None => out.append_null(),
    });
    batch.finish(Arc::new(out.finish()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::functions::args::testing::{b, call, s};
    use datafusion::common::ScalarValue;

    #[test]
    fn strings_and_bytes() {
        let concat = concat_function();
        // Trino docs (concat): strings, NULL if any argument is.
        assert_eq!(call(&concat, vec![s("a"), s("bc")]).unwrap(), s("abc"));
        assert_eq!(
            call(&concat, vec![s("a"), ScalarValue::Utf8(None)]).unwrap(),
            ScalarValue::Utf8(None)
        );
        // Trino docs (binary concat): concat(X'000102', X'AAABAC', X'FDFEFF').
        assert_eq!(
            call(
                &concat,
                vec![b(&[0, 1, 2]), b(&[0xaa, 0xab, 0xac]), b(&[0xfd])]
            )
            .unwrap(),
            b(&[0, 1, 2, 0xaa, 0xab, 0xac, 0xfd])
        );
        assert_eq!(call(&concat, vec![b(&[]), b(b"X")]).unwrap(), b(b"X"));
    }

    #[test]
    fn forms() {
        let list = DataType::new_list(DataType::Int32, true);
        assert_eq!(
            Form::of(&[list.clone(), DataType::Null]).unwrap(),
            Form::Arrays
        );
        assert_eq!(
            Form::of(&[DataType::Binary, DataType::Null]).unwrap(),
            Form::Bytes
        );
        assert!(Form::of(&[DataType::Utf8, DataType::Binary]).is_err());
        // Trino: concat('a') is an error.
        assert!(Form::of(&[DataType::Utf8]).is_err());
        assert!(Form::of(&[list, DataType::Int32]).is_err());
    }
}
