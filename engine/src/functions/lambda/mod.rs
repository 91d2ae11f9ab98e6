//! Trino's lambda functions on DataFusion's higher-order functions: DataFusion 55 plans
//! `x -> body` arguments itself (the SQL planner binds the parameters and the body is a
//! physical expression evaluated over whole columns), so each function here only says which
//! parameters its lambdas take and how to call them on the flattened elements.
//!
//! DataFusion's `array_transform` and `array_filter` already behave as Trino's `transform`
//! and `filter` and are registered under those names; `any_match` is DataFusion's.

mod arrays;
mod maps;
mod strings;

use std::hash::{Hash, Hasher};
use std::sync::Arc;

use arrow::array::{Array, ArrayRef, AsArray, BooleanArray, UInt32Array};
use arrow::compute::take_arrays;
use arrow::datatypes::{DataType, Field, FieldRef};
use datafusion::common::{exec_err, plan_err};
use datafusion::error::Result;
use datafusion::functions_nested::array_filter::array_filter_higher_order_function;
use datafusion::functions_nested::array_transform::array_transform_higher_order_function;
use datafusion::logical_expr::{
    ColumnarValue, HigherOrderFunctionArgs, HigherOrderReturnFieldArgs, HigherOrderSignature,
    HigherOrderUDF, HigherOrderUDFImpl, LambdaArgument, LambdaParametersProgress, ValueOrLambda,
    Volatility,
};

/// Fields of a call's arguments while its lambdas are planned.
pub(crate) type PlanningFields<'a> = &'a [ValueOrLambda<FieldRef, Option<FieldRef>>];
/// The parameters of each lambda, from the value arguments' fields.
pub(crate) type Parameters = fn(&[FieldRef]) -> Result<Vec<Vec<FieldRef>>>;
/// The return type, from the value arguments' fields and the lambdas' result fields.
pub(crate) type Returns = fn(&[FieldRef], &[FieldRef]) -> Result<DataType>;
/// The body of a call.
pub(crate) type Body = fn(&Call<'_>) -> Result<ArrayRef>;
/// Coerces the value arguments.
pub(crate) type Coerce = fn(&[DataType]) -> Result<Vec<DataType>>;

/// The lambda functions, for registration in a session.
pub fn lambda_functions() -> Vec<HigherOrderUDF> {
    let mut functions = vec![
        array_transform_higher_order_function()
            .as_ref()
            .clone()
            .with_aliases(["transform"]),
        array_filter_higher_order_function()
            .as_ref()
            .clone()
            .with_aliases(["filter"]),
    ];
    functions.extend(arrays::array_lambda_functions());
    functions.extend(maps::map_lambda_functions());
    functions.extend(strings::string_lambda_functions());
    functions
}

/// One call of a lambda function: value arguments expanded to `rows` values, and lambdas.
pub(crate) struct Call<'a> {
    /// The value arguments, in order.
    pub values: Vec<ArrayRef>,
    /// The lambda arguments, in order.
    pub lambdas: Vec<&'a LambdaArgument>,
    /// Rows of the batch.
    pub rows: usize,
    /// The type to return.
    pub return_type: &'a DataType,
}

/// A Trino function with lambda arguments: see the module documentation.
#[derive(Debug)]
pub(crate) struct LambdaFunction {
    name: &'static str,
    signature: HigherOrderSignature,
    coerce: Coerce,
    parameters: Parameters,
    returns: Returns,
    body: Body,
}

impl LambdaFunction {
    pub(crate) fn udf(
        name: &'static str,
        coerce: Coerce,
        parameters: Parameters,
        returns: Returns,
        body: Body,
    ) -> HigherOrderUDF {
        HigherOrderUDF::new_from_impl(LambdaFunction {
            name,
            signature: HigherOrderSignature::user_defined(Volatility::Immutable),
            coerce,
            parameters,
            returns,
            body,
        })
    }
}

impl PartialEq for LambdaFunction {
    fn eq(&self, other: &Self) -> bool {
        self.name == other.name && self.signature == other.signature
    }
}

impl Eq for LambdaFunction {}

impl Hash for LambdaFunction {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.name.hash(state);
        self.signature.hash(state);
    }
}

fn value_fields<V: Clone, L>(args: &[ValueOrLambda<V, L>]) -> Vec<V> {
    args.iter()
        .filter_map(|a| match a {
            ValueOrLambda::Value(v) => Some(v.clone()),
            ValueOrLambda::Lambda(_) => None,
        })
        .collect()
}

impl HigherOrderUDFImpl for LambdaFunction {
    fn name(&self) -> &str {
        self.name
    }

    fn signature(&self) -> &HigherOrderSignature {
        &self.signature
    }

    fn coerce_value_types(&self, arg_types: &[DataType]) -> Result<Vec<DataType>> {
        (self.coerce)(arg_types)
    }

    fn lambda_parameters(
        &self,
        _step: usize,
        fields: PlanningFields<'_>,
    ) -> Result<LambdaParametersProgress> {
        let mut parameters = (self.parameters)(&value_fields(fields))?;
        // `array_sort(a)` has no lambda where `array_sort(a, f)` has one.
        let lambdas = fields
            .iter()
            .filter(|f| matches!(f, ValueOrLambda::Lambda(_)))
            .count();
        parameters.truncate(lambdas);
        Ok(LambdaParametersProgress::Complete(parameters))
    }

    fn return_field_from_args(&self, args: HigherOrderReturnFieldArgs) -> Result<FieldRef> {
        let lambdas: Vec<FieldRef> = args
            .arg_fields
            .iter()
            .filter_map(|a| match a {
                ValueOrLambda::Lambda(l) => Some(l.clone()),
                ValueOrLambda::Value(_) => None,
            })
            .collect();
        let data_type = (self.returns)(&value_fields(args.arg_fields), &lambdas)?;
        Ok(Arc::new(Field::new(self.name, data_type, true)))
    }

    fn invoke_with_args(&self, args: HigherOrderFunctionArgs) -> Result<ColumnarValue> {
        let rows = args.number_rows;
        let mut values = Vec::new();
        let mut lambdas = Vec::new();
        for arg in &args.args {
            match arg {
                ValueOrLambda::Value(v) => values.push(v.to_array(rows)?),
                ValueOrLambda::Lambda(l) => lambdas.push(l),
            }
        }
        let call = Call {
            values,
            lambdas,
            rows,
            return_type: args.return_field.data_type(),
        };
        Ok(ColumnarValue::Array((self.body)(&call)?))
    }
}

/// Evaluates `lambda` on `len` rows of parameter values; `row_of[i]` is the batch row
/// that row `i` belongs to (captured columns are taken from it).
pub(crate) fn apply(
    lambda: &LambdaArgument,
    parameters: &[ArrayRef],
    row_of: &UInt32Array,
) -> Result<ArrayRef> {
    let closures: Vec<Box<dyn Fn() -> Result<ArrayRef>>> = parameters
        .iter()
        .map(|p| {
            let p = p.clone();
            Box::new(move || Ok(p.clone())) as Box<dyn Fn() -> Result<ArrayRef>>
        })
        .collect();
    let refs: Vec<&dyn Fn() -> Result<ArrayRef>> = closures.iter().map(|c| c.as_ref()).collect();
    lambda
        .evaluate(&refs, |captures| Ok(take_arrays(captures, row_of, None)?))?
        .into_array(row_of.len())
}

/// The result of a predicate lambda as booleans.
pub(crate) fn booleans(result: &ArrayRef) -> Result<&BooleanArray> {
    match result.as_boolean_opt() {
        Some(b) => Ok(b),
        None => exec_err!("lambda must return boolean, got {}", result.data_type()),
    }
}

/// The batch row of every element position `offsets[0]..offsets[rows]` of a list or map.
pub(crate) fn rows_of_elements(offsets: &[i32]) -> UInt32Array {
    let mut rows = Vec::with_capacity(offsets.last().map_or(0, |l| *l as usize));
    for (row, pair) in offsets.windows(2).enumerate() {
        rows.extend(std::iter::repeat_n(
            row as u32,
            (pair[1] - pair[0]).max(0) as usize,
        ));
    }
    UInt32Array::from(rows)
}

/// The element field of a list field.
pub(crate) fn element_of(field: &FieldRef) -> Result<FieldRef> {
    match field.data_type() {
        DataType::List(f) | DataType::LargeList(f) | DataType::FixedSizeList(f, _) => Ok(f.clone()),
        DataType::Null => Ok(Arc::new(Field::new_list_field(DataType::Null, true))),
        other => plan_err!("expected an array, got {other}"),
    }
}

/// A nullable field named `name`.
pub(crate) fn param(name: &str, data_type: DataType) -> FieldRef {
    Arc::new(Field::new(name, data_type, true))
}
