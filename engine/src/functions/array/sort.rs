//! `reverse` of arrays, strings and bytes. (`array_sort` is a lambda function: see
//! `functions::lambda`.)

use std::sync::Arc;

use arrow::array::{Array, ArrayRef, AsArray, BinaryBuilder, StringBuilder, UInt32Array};
use arrow::datatypes::DataType;
use datafusion::error::Result;
use datafusion::logical_expr::ScalarUDF;

use super::{ArrayFunction, coerce_list, field_of, list_from_rows, lists, unexpected};

/// The functions of this module.
pub fn sort_functions() -> Vec<ScalarUDF> {
    vec![ArrayFunction::udf(
        "reverse",
        coerce_reverse,
        |t| Ok(t[0].clone()),
        reverse,
    )]
}

fn coerce_reverse(types: &[DataType]) -> Result<Vec<DataType>> {
    match types {
        [DataType::Utf8 | DataType::LargeUtf8 | DataType::Utf8View] => Ok(vec![DataType::Utf8]),
        [
            DataType::Binary
            | DataType::LargeBinary
            | DataType::BinaryView
            | DataType::FixedSizeBinary(_),
        ] => Ok(vec![DataType::Binary]),
        [list] => Ok(vec![coerce_list("reverse", list)?]),
        _ => unexpected("reverse", types),
    }
}

/// Reverses the elements of an array, the code points of a string, the bytes of a
/// `varbinary`.
fn reverse(args: &[ArrayRef], rows: usize) -> Result<ArrayRef> {
    let input = &args[0];
    match input.data_type() {
        DataType::Utf8 => {
            let strings = input.as_string::<i32>();
            let mut out = StringBuilder::with_capacity(rows, strings.values().len());
            for value in strings.iter() {
                out.append_option(value.map(|s| s.chars().rev().collect::<String>()));
            }
            Ok(Arc::new(out.finish()))
        }
        DataType::Binary => {
            let bytes = input.as_binary::<i32>();
            let mut out = BinaryBuilder::with_capacity(rows, bytes.values().len());
            for value in bytes.iter() {
                out.append_option(value.map(|b| b.iter().rev().copied().collect::<Vec<u8>>()));
            }
            Ok(Arc::new(out.finish()))
        }
        _ => {
            let list = lists(input)?;
            let offsets = list.value_offsets();
            let mut out = Vec::with_capacity(rows);
            for row in 0..rows {
                if list.is_null(row) {
                    out.push(None);
                    continue;
                }
                let order: Vec<u32> = (offsets[row] as u32..offsets[row + 1] as u32)
                    .rev()
                    .collect();
                out.push(Some(arrow::compute::take(
                    list.values().as_ref(),
                    &UInt32Array::from(order),
                    None,
                )?));
            }
            list_from_rows(field_of(list), &out)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::{ints, run};
    use super::*;
    use crate::functions::args::testing::s;

    fn udf(name: &str) -> ScalarUDF {
        sort_functions()
            .into_iter()
            .find(|f| f.name() == name)
            .expect("function")
    }

    #[test]
    fn reversing() {
        assert_eq!(
            run(&udf("reverse"), vec![ints(&[Some(1), Some(2), Some(3)])]).unwrap(),
            ints(&[Some(3), Some(2), Some(1)])
        );
        assert_eq!(run(&udf("reverse"), vec![s("abc")]).unwrap(), s("cba"));
    }
}
