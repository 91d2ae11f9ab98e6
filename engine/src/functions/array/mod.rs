//! Trino's array functions where DataFusion lacks them or differs from Trino.
//!
//! Every function here is an [`ArrayFunction`]: a coercion rule, a return type rule and a
//! body working on whole argument columns (scalars are expanded to one row). The bodies
//! walk the rows of `List` columns; list arguments are coerced to `List` first.
//!
//! DataFusion's `flatten`, `array_distinct`, `array_intersect`, `array_union`,
//! `array_except`, `array_join` and the array form of `||` already behave as Trino's and
//! stay.

mod build;
pub mod map;
mod search;
mod sort;
pub mod unnest;

use std::hash::{Hash, Hasher};
use std::sync::Arc;

use arrow::array::{Array, ArrayRef, AsArray, ListArray, new_empty_array, new_null_array};
use arrow::buffer::{NullBuffer, OffsetBuffer};
use arrow::datatypes::{DataType, Field, FieldRef};
use datafusion::common::{ScalarValue, plan_err};
use datafusion::error::Result;
use datafusion::logical_expr::type_coercion::binary::comparison_coercion;
use datafusion::logical_expr::{
    ColumnarValue, ScalarFunctionArgs, ScalarUDF, ScalarUDFImpl, Signature, Volatility,
};

/// Coerces the argument types of a call.
pub(crate) type Coerce = fn(&[DataType]) -> Result<Vec<DataType>>;
/// The return type of a call, from its coerced argument types.
pub(crate) type ReturnType = fn(&[DataType]) -> Result<DataType>;
/// The body: argument columns of `rows` values each, to a result column of `rows` values.
pub(crate) type ArrayBody = fn(&[ArrayRef], usize) -> Result<ArrayRef>;

/// The array functions, for registration in a session.
pub fn array_functions() -> Vec<ScalarUDF> {
    let mut functions = search::search_functions();
    functions.extend(build::build_functions());
    functions.extend(sort::sort_functions());
    functions.extend(map::map_functions());
    functions.push(unnest::unnest_rows_function());
    functions
}

/// The function the SQL subscript `a[i]` / `m[k]` is planned as.
pub fn subscript_function() -> ScalarUDF {
    search::subscript_function()
}

/// A Trino function on arrays (or maps): see the module documentation.
#[derive(Debug)]
pub(crate) struct ArrayFunction {
    name: &'static str,
    signature: Signature,
    coerce: Coerce,
    returns: ReturnType,
    body: ArrayBody,
}

impl ArrayFunction {
    /// A deterministic function.
    pub(crate) fn udf(
        name: &'static str,
        coerce: Coerce,
        returns: ReturnType,
        body: ArrayBody,
    ) -> ScalarUDF {
        Self::with_volatility(name, Volatility::Immutable, coerce, returns, body)
    }

    /// A function of the given volatility (`shuffle` is volatile).
    pub(crate) fn with_volatility(
        name: &'static str,
        volatility: Volatility,
        coerce: Coerce,
        returns: ReturnType,
        body: ArrayBody,
    ) -> ScalarUDF {
        Self::with_signature(
            name,
            Signature::user_defined(volatility),
            coerce,
            returns,
            body,
        )
    }

    /// A function with an explicit signature (`map()` also takes no arguments).
    pub(crate) fn with_signature(
        name: &'static str,
        signature: Signature,
        coerce: Coerce,
        returns: ReturnType,
        body: ArrayBody,
    ) -> ScalarUDF {
        ScalarUDF::new_from_impl(ArrayFunction {
            name,
            signature,
            coerce,
            returns,
            body,
        })
    }
}

impl PartialEq for ArrayFunction {
    fn eq(&self, other: &Self) -> bool {
        self.name == other.name && self.signature == other.signature
    }
}

impl Eq for ArrayFunction {}

impl Hash for ArrayFunction {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.name.hash(state);
        self.signature.hash(state);
    }
}

impl ScalarUDFImpl for ArrayFunction {
    fn name(&self) -> &str {
        self.name
    }

    fn signature(&self) -> &Signature {
        &self.signature
    }

    fn coerce_types(&self, arg_types: &[DataType]) -> Result<Vec<DataType>> {
        (self.coerce)(arg_types)
    }

    fn return_type(&self, arg_types: &[DataType]) -> Result<DataType> {
        (self.returns)(arg_types)
    }

    fn invoke_with_args(&self, args: ScalarFunctionArgs) -> Result<ColumnarValue> {
        let scalar = args
            .args
            .iter()
            .all(|a| matches!(a, ColumnarValue::Scalar(_)));
        let rows = if scalar { 1 } else { args.number_rows };
        let arrays = args
            .args
            .iter()
            .map(|a| a.to_array(rows))
            .collect::<Result<Vec<_>>>()?;
        // A NULL literal argument (type `unknown`) makes the call NULL, as in Trino.
        let result = if arrays.iter().any(|a| a.data_type() == &DataType::Null) {
            new_null_array(args.return_field.data_type(), rows)
        } else {
            (self.body)(&arrays, rows)?
        };
        if scalar {
            Ok(ColumnarValue::Scalar(ScalarValue::try_from_array(
                &result, 0,
            )?))
        } else {
            Ok(ColumnarValue::Array(result))
        }
    }
}

/// The element field of a list type, `None` for other types.
pub(crate) fn element_field(data_type: &DataType) -> Option<&FieldRef> {
    match data_type {
        DataType::List(f) | DataType::LargeList(f) | DataType::FixedSizeList(f, _) => Some(f),
        _ => None,
    }
}

/// `array(e)` with a nullable element of type `e`.
pub(crate) fn list_of(element: DataType) -> DataType {
    DataType::List(Arc::new(Field::new_list_field(element, true)))
}

/// A plan error in Trino's words for arguments no signature accepts.
pub(crate) fn unexpected<T>(name: &str, arg_types: &[DataType]) -> Result<T> {
    let types: Vec<String> = arg_types.iter().map(ToString::to_string).collect();
    plan_err!(
        "Unexpected parameters ({}) for function {name}",
        types.join(", ")
    )
}

/// Coerces a list type to `List` (from `LargeList`, `FixedSizeList`); `unknown` stays.
pub(crate) fn coerce_list(name: &str, data_type: &DataType) -> Result<DataType> {
    match data_type {
        DataType::Null => Ok(DataType::Null),
        other => match element_field(other) {
            Some(f) => Ok(DataType::List(f.clone())),
            None => unexpected(name, std::slice::from_ref(data_type)),
        },
    }
}

/// The element type of a (coerced) list argument, `unknown` for a NULL literal.
pub(crate) fn element_type(data_type: &DataType) -> DataType {
    element_field(data_type).map_or(DataType::Null, |f| f.data_type().clone())
}

/// Coerces `(array(E), T)` to `(array(C), C)` with `C` the common type of `E` and `T`.
pub(crate) fn coerce_list_and_element(name: &str, types: &[DataType]) -> Result<Vec<DataType>> {
    let [list, element, rest @ ..] = types else {
        return unexpected(name, types);
    };
    let list = coerce_list(name, list)?;
    let common = match (element_type(&list), element) {
        (DataType::Null, t) => t.clone(),
        (e, DataType::Null) => e,
        (e, t) => match comparison_coercion(&e, t) {
            Some(c) => c,
            None => return unexpected(name, types),
        },
    };
    let list = if list == DataType::Null {
        DataType::Null
    } else {
        list_of(common.clone())
    };
    let mut out = vec![list, common];
    out.extend(rest.iter().cloned());
    Ok(out)
}

/// Rows of a `List` column.
pub(crate) fn lists(array: &ArrayRef) -> Result<&ListArray> {
    array.as_list_opt::<i32>().map_or_else(
        || plan_err!("expected an array argument, got {}", array.data_type()),
        Ok,
    )
}

/// The element field of a `List` column.
pub(crate) fn field_of(list: &ListArray) -> FieldRef {
    match list.data_type() {
        DataType::List(f) => f.clone(),
        other => Arc::new(Field::new_list_field(other.clone(), true)),
    }
}

/// A `List` column of `field` from each row's elements (`None` for a NULL array).
pub(crate) fn list_from_rows(field: FieldRef, rows: &[Option<ArrayRef>]) -> Result<ArrayRef> {
    let mut offsets = Vec::with_capacity(rows.len() + 1);
    offsets.push(0i32);
    let mut valid = Vec::with_capacity(rows.len());
    let mut pieces: Vec<&dyn Array> = Vec::new();
    let mut length = 0usize;
    for row in rows {
        if let Some(values) = row {
            length += values.len();
            pieces.push(values.as_ref());
        }
        valid.push(row.is_some());
        offsets.push(i32::try_from(length).map_err(|_| {
            datafusion::error::DataFusionError::Execution("array too large".into())
        })?);
    }
    let values = if pieces.is_empty() {
        new_empty_array(field.data_type())
    } else {
        arrow::compute::concat(&pieces)?
    };
    Ok(Arc::new(ListArray::try_new(
        field,
        OffsetBuffer::new(offsets.into()),
        values,
        Some(NullBuffer::from(valid)),
    )?))
}

/// A bigint argument of `rows` values (integers are coerced to `Int64`).
pub(crate) fn int64s(array: &ArrayRef) -> Result<&arrow::array::Int64Array> {
    array
        .as_primitive_opt::<arrow::datatypes::Int64Type>()
        .map_or_else(
            || plan_err!("expected a bigint argument, got {}", array.data_type()),
            Ok,
        )
}

/// Coerces an integer type to `Int64`.
pub(crate) fn coerce_int64(name: &str, data_type: &DataType) -> Result<DataType> {
    if data_type.is_integer() || data_type == &DataType::Null {
        Ok(DataType::Int64)
    } else {
        unexpected(name, std::slice::from_ref(data_type))
    }
}

#[cfg(test)]
pub(crate) mod testing {
    //! Builders of list values for the unit tests.

    use super::*;
    use arrow::array::Int64Array;

    /// `ARRAY[...]` of bigints, `None` for NULL elements.
    pub fn ints(values: &[Option<i64>]) -> ScalarValue {
        let values: ArrayRef = Arc::new(Int64Array::from(values.to_vec()));
        let list = list_from_rows(
            Arc::new(Field::new_list_field(DataType::Int64, true)),
            &[Some(values)],
        )
        .expect("list");
        ScalarValue::try_from_array(&list, 0).expect("scalar")
    }

    /// Runs `udf` on scalar `args` after its coercion.
    pub fn run(udf: &ScalarUDF, args: Vec<ScalarValue>) -> Result<ScalarValue> {
        let types: Vec<DataType> = args.iter().map(ScalarValue::data_type).collect();
        let coerced = udf.coerce_types(&types)?;
        let args = args
            .into_iter()
            .zip(coerced)
            .map(|(a, t)| a.cast_to(&t))
            .collect::<Result<Vec<_>>>()?;
        crate::functions::args::testing::call(udf, args)
    }
}
