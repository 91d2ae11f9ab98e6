//! `trino_unnest_rows(x)`: the rows one `UNNEST` operand contributes, as an array of rows
//! that DataFusion's recursive `unnest(unnest(...))` expands into columns. Trino expands a
//! map into key and value columns and an array of rows into one column per field; an array
//! of anything else is one column. The SQL rewrite of `UNNEST` (`crate::sql::unnest`) wraps
//! every operand in this function, so all three shapes unnest alike.
//!
//! The fields are named `c0`, `c1`, ... and nullable: an operand shorter than the longest one
//! is padded with NULL rows.

use std::sync::Arc;

use arrow::array::{Array, ArrayRef, AsArray, ListArray, StructArray};
use arrow::datatypes::{DataType, Field, FieldRef, Fields};
use datafusion::common::{exec_err, plan_err};
use datafusion::error::Result;
use datafusion::logical_expr::{
    ColumnarValue, ScalarFunctionArgs, ScalarUDF, ScalarUDFImpl, Signature, Volatility,
};

/// Name of the function in SQL.
pub const UNNEST_ROWS: &str = "trino_unnest_rows";

/// The function, for registration in a session.
pub fn unnest_rows_function() -> ScalarUDF {
    ScalarUDF::new_from_impl(UnnestRows {
        signature: Signature::any(1, Volatility::Immutable),
    })
}

#[derive(Debug, PartialEq, Eq, Hash)]
struct UnnestRows {
    signature: Signature,
}

/// The row fields an element of `element` type unnests to.
fn row_fields(element: &DataType) -> Fields {
    let fields: Vec<&Field> = match element {
        DataType::Struct(fields) => fields.iter().map(|f| f.as_ref()).collect(),
        _ => return Fields::from(vec![Field::new("c0", element.clone(), true)]),
    };
    fields
        .into_iter()
        .enumerate()
        .map(|(i, f)| {
            Field::new(format!("c{i}"), f.data_type().clone(), true)
                .with_metadata(f.metadata().clone())
        })
        .collect()
}

/// The element type of an UNNEST operand: a map's entry row, or an array's element.
fn element_type(operand: &DataType) -> Result<DataType> {
    match operand {
        DataType::Map(entries, _) => Ok(entries.data_type().clone()),
        DataType::List(element) => Ok(element.data_type().clone()),
        DataType::Null => Ok(DataType::Null),
        other => plan_err!("Cannot unnest type: {other}"),
    }
}

fn rows_type(operand: &DataType) -> Result<DataType> {
    let fields = row_fields(&element_type(operand)?);
    Ok(DataType::List(FieldRef::new(Field::new_list_field(
        DataType::Struct(fields),
        true,
    ))))
}

impl ScalarUDFImpl for UnnestRows {
    fn name(&self) -> &str {
        UNNEST_ROWS
    }

    fn signature(&self) -> &Signature {
        &self.signature
    }

    fn return_type(&self, arg_types: &[DataType]) -> Result<DataType> {
        match arg_types {
            [operand] => rows_type(operand),
            _ => plan_err!("{UNNEST_ROWS} takes one argument"),
        }
    }

    fn invoke_with_args(&self, args: ScalarFunctionArgs) -> Result<ColumnarValue> {
        let [operand] = args.args.as_slice() else {
            return exec_err!("{UNNEST_ROWS} takes one argument");
        };
        let array = operand.to_array(args.number_rows)?;
        let DataType::List(field) = rows_type(array.data_type())? else {
            return exec_err!("{UNNEST_ROWS} returns a list");
        };
        let DataType::Struct(fields) = field.data_type().clone() else {
            return exec_err!("{UNNEST_ROWS} returns a list of rows");
        };
        let (offsets, elements, nulls) = match array.data_type() {
            DataType::Map(_, _) => {
                let map = array.as_map();
                let entries: ArrayRef = Arc::new(map.entries().clone());
                (map.offsets().clone(), entries, map.nulls().cloned())
            }
            DataType::List(_) => {
                let list = array.as_list::<i32>();
                (
                    list.offsets().clone(),
                    list.values().clone(),
                    list.nulls().cloned(),
                )
            }
            DataType::Null => {
                let rows = ListArray::new_null(field, array.len());
                return Ok(ColumnarValue::Array(Arc::new(rows)));
            }
            other => return exec_err!("Cannot unnest type: {other}"),
        };
        let children: Vec<ArrayRef> = match elements.data_type() {
            DataType::Struct(_) => elements.as_struct().columns().to_vec(),
            _ => vec![elements.clone()],
        };
        let rows = StructArray::try_new(fields, children, elements.nulls().cloned())?;
        let list = ListArray::try_new(field, offsets, Arc::new(rows), nulls)?;
        Ok(ColumnarValue::Array(Arc::new(list)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use arrow::datatypes::Int32Type;

    #[test]
    fn arrays_of_scalars_become_single_field_rows() {
        let list = ListArray::from_iter_primitive::<Int32Type, _, _>(vec![
            Some(vec![Some(1), Some(2)]),
            None,
        ]);
        let function = unnest_rows_function();
        let return_field = Arc::new(Field::new(
            "r",
            rows_type(list.data_type()).expect("type"),
            true,
        ));
        let result = function
            .invoke_with_args(ScalarFunctionArgs {
                args: vec![ColumnarValue::Array(Arc::new(list))],
                arg_fields: vec![],
                number_rows: 2,
                return_field,
                config_options: Arc::default(),
            })
            .expect("rows");
        let ColumnarValue::Array(rows) = result else {
            panic!("array expected");
        };
        let rows = rows.as_list::<i32>();
        assert_eq!(rows.value_length(0), 2);
        assert!(rows.is_null(1));
        let DataType::Struct(fields) = rows.value_type() else {
            panic!("struct expected");
        };
        assert_eq!(fields[0].name(), "c0");
        assert!(fields[0].is_nullable());
    }

    #[test]
    fn maps_become_key_value_rows() {
        let entries = Field::new(
            "entries",
            DataType::Struct(Fields::from(vec![
                Field::new("key", DataType::Utf8, false),
                Field::new("value", DataType::Int64, true),
            ])),
            false,
        );
        let map = DataType::Map(Arc::new(entries), false);
        let DataType::List(element) = rows_type(&map).expect("type") else {
            panic!("list expected");
        };
        let DataType::Struct(fields) = element.data_type() else {
            panic!("struct expected");
        };
        let names: Vec<_> = fields.iter().map(|f| f.name().as_str()).collect();
        assert_eq!(names, ["c0", "c1"]);
        assert!(rows_type(&DataType::Int32).is_err());
    }
}
