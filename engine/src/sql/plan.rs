//! Rewrites of DataFusion's logical plan that give Trino's semantics: literal typing (after
//! SQL planning), decimal arithmetic (an analyzer rule before type coercion) and checked
//! integer arithmetic, rounding casts and `TRY` (an analyzer rule after type coercion).

use datafusion::common::tree_node::{Transformed, TreeNode, TreeNodeRecursion};
use datafusion::common::{DFSchema, ScalarValue};
use datafusion::error::Result;
use datafusion::logical_expr::utils::merge_schema;
use std::collections::HashMap;
use std::sync::Arc;

use arrow::datatypes::{DataType, FieldRef};
use datafusion::config::ConfigOptions;
use datafusion::logical_expr::expr::{Case, Cast, ScalarFunction, TryCast};
use datafusion::logical_expr::{
    BinaryExpr, Expr, ExprSchemable, LogicalPlan, Operator, ScalarUDF, Union,
};
use datafusion::optimizer::AnalyzerRule;

use crate::functions::arithmetic::{CheckedOp, checked_function};
use crate::functions::decimal::{DecimalOp, decimal_function, decimal_operand};
use crate::functions::try_call::{TRY, null_on_error};
use crate::functions::types::{needs_temporal_text, temporal_text_function};

/// Types integer literals like Trino: `integer` when the value fits in 32 bits, `bigint`
/// otherwise (DataFusion makes every integer literal a `bigint`).
pub fn type_integer_literals(plan: LogicalPlan) -> Result<LogicalPlan> {
    rewrite_expressions(plan, &|_, expr| narrow_literals(expr))
}

/// Applies `rewrite` (given the schema the expression is evaluated against) to the expressions
/// of every projection, aggregate, window, filter and join of `plan`, subqueries included.
///
/// Projections, aggregates and windows keep the output names they had, so references from
/// enclosing plans still resolve.
pub fn rewrite_expressions(
    plan: LogicalPlan,
    rewrite: &dyn Fn(&DFSchema, Expr) -> Result<Transformed<Expr>>,
) -> Result<LogicalPlan> {
    plan.transform_up_with_subqueries(|node| {
        let schema = merge_schema(&node.inputs());
        match node {
            LogicalPlan::Projection(_) | LogicalPlan::Aggregate(_) | LogicalPlan::Window(_) => {
                let rewritten = node.map_expressions(|expr| {
                    let name = expr.schema_name().to_string();
                    let keeps_name = matches!(expr, Expr::Alias(_));
                    let new = rewrite(&schema, expr)?;
                    if new.transformed && !keeps_name && new.data.schema_name().to_string() != name
                    {
                        Ok(Transformed::yes(new.data.alias(name)))
                    } else {
                        Ok(new)
                    }
                })?;
                recompute(rewritten)
            }
            LogicalPlan::Filter(_) | LogicalPlan::Join(_) => {
                recompute(node.map_expressions(|expr| rewrite(&schema, expr))?)
            }
            other => Ok(Transformed::no(other)),
        }
    })
    .map(|t| t.data)
}

fn recompute(node: Transformed<LogicalPlan>) -> Result<Transformed<LogicalPlan>> {
    if node.transformed {
        node.map_data(LogicalPlan::recompute_schema)
    } else {
        Ok(node)
    }
}

/// Narrows the integer literals of `expr`, except inside calls of higher-order functions:
/// their lambda parameters were typed from the arguments when the call was planned.
fn narrow_literals(expr: Expr) -> Result<Transformed<Expr>> {
    expr.transform_down(|e| match e {
        Expr::HigherOrderFunction(_) => Ok(Transformed::new(e, false, TreeNodeRecursion::Jump)),
        Expr::Literal(ScalarValue::Int64(Some(v)), metadata) => match i32::try_from(v) {
            Ok(narrow) => Ok(Transformed::yes(Expr::Literal(
                ScalarValue::Int32(Some(narrow)),
                metadata,
            ))),
            Err(_) => Ok(Transformed::no(Expr::Literal(
                ScalarValue::Int64(Some(v)),
                metadata,
            ))),
        },
        other => Ok(Transformed::no(other)),
    })
}

/// Analyzer rule, run before type coercion, that gives `+ - * / %` with a decimal operand
/// (and a decimal or integer other operand) Trino's result types and values: the operators
/// become calls of [`crate::functions::decimal`] functions, named like the operator
/// expressions they replace. Type coercion then derives every enclosing type (unions,
/// `CASE`, comparisons) from Trino's types.
#[derive(Debug)]
pub struct TrinoArithmetic {
    functions: Vec<(DecimalOp, Arc<ScalarUDF>)>,
}

impl Default for TrinoArithmetic {
    fn default() -> Self {
        let ops = [
            DecimalOp::Add,
            DecimalOp::Subtract,
            DecimalOp::Multiply,
            DecimalOp::Divide,
            DecimalOp::Modulo,
        ];
        Self {
            functions: ops
                .into_iter()
                .map(|op| (op, decimal_function(op)))
                .collect(),
        }
    }
}

impl TrinoArithmetic {
    fn rewrite(&self, schema: &DFSchema, expr: Expr) -> Result<Transformed<Expr>> {
        let Expr::BinaryExpr(BinaryExpr { left, op, right }) = &expr else {
            return Ok(Transformed::no(expr));
        };
        let Some((_, function)) = DecimalOp::from_operator(*op).and_then(|op| {
            self.functions
                .iter()
                .find(|(candidate, _)| *candidate == op)
        }) else {
            return Ok(Transformed::no(expr));
        };
        // Types that cannot be derived yet (an error surfaces in type coercion) stay as
        // they are.
        let (Ok(left_type), Ok(right_type)) = (left.get_type(schema), right.get_type(schema))
        else {
            return Ok(Transformed::no(expr));
        };
        let is_decimal = |t: &DataType| matches!(t, DataType::Decimal128(_, s) if *s >= 0);
        let applies = (is_decimal(&left_type) || is_decimal(&right_type))
            && decimal_operand(&left_type).is_some()
            && decimal_operand(&right_type).is_some();
        if !applies {
            return Ok(Transformed::no(expr));
        }
        Ok(Transformed::yes(Expr::ScalarFunction(
            ScalarFunction::new_udf(function.clone(), vec![(**left).clone(), (**right).clone()]),
        )))
    }
}

impl AnalyzerRule for TrinoArithmetic {
    fn analyze(&self, plan: LogicalPlan, _config: &ConfigOptions) -> Result<LogicalPlan> {
        plan.transform_up_with_subqueries(|node| {
            let schema = merge_schema(&node.inputs());
            let node =
                node.map_expressions(|expr| expr.transform_up(|e| self.rewrite(&schema, e)))?;
            // Inputs may have changed type even where this node did not: enclosing nodes
            // must see the new types to decide on their own operators. A union takes its
            // types from its first input again, as planned; coercion widens them.
            let transformed = node.transformed;
            let node = match node.data {
                LogicalPlan::Union(union) => {
                    LogicalPlan::Union(Union::try_new_with_loose_types(union.inputs)?)
                }
                other => other.recompute_schema()?,
            };
            Ok(Transformed::new_transformed(node, transformed))
        })
        .map(|t| t.data)
    }

    fn name(&self) -> &str {
        "trino_arithmetic"
    }
}

/// Analyzer rule, run after type coercion, for Trino's expression semantics where
/// DataFusion's differ:
/// - integer `+`, `-` and `*` fail on overflow with `NUMERIC_VALUE_OUT_OF_RANGE` instead of
///   wrapping around;
/// - casts from `decimal`, `real` and `double` to integer types round half away from zero
///   instead of truncating (`CAST(2.5 AS integer)` is 3);
/// - `TRY(x)` yields NULL where `x` fails with a data error (see
///   [`crate::functions::try_call`]).
#[derive(Debug)]
pub struct TrinoSemantics {
    add: Arc<ScalarUDF>,
    subtract: Arc<ScalarUDF>,
    multiply: Arc<ScalarUDF>,
    round: Arc<ScalarUDF>,
    temporal_text: Arc<ScalarUDF>,
}

impl Default for TrinoSemantics {
    fn default() -> Self {
        Self {
            add: checked_function(CheckedOp::Add),
            subtract: checked_function(CheckedOp::Subtract),
            multiply: checked_function(CheckedOp::Multiply),
            round: datafusion::functions::math::round(),
            temporal_text: Arc::new(temporal_text_function()),
        }
    }
}

impl TrinoSemantics {
    fn rewrite(&self, schema: &DFSchema, expr: Expr) -> Result<Transformed<Expr>> {
        match &expr {
            Expr::BinaryExpr(BinaryExpr { left, op, right }) => {
                let function = match op {
                    Operator::Plus => &self.add,
                    Operator::Minus => &self.subtract,
                    Operator::Multiply => &self.multiply,
                    _ => return Ok(Transformed::no(expr)),
                };
                let left_type = left.get_type(schema)?;
                if !left_type.is_integer() || right.get_type(schema)? != left_type {
                    return Ok(Transformed::no(expr));
                }
                Ok(Transformed::yes(Expr::ScalarFunction(
                    ScalarFunction::new_udf(
                        function.clone(),
                        vec![(**left).clone(), (**right).clone()],
                    ),
                )))
            }
            Expr::Cast(Cast { expr: inner, field })
            | Expr::TryCast(TryCast { expr: inner, field })
                if matches!(
                    field.data_type(),
                    DataType::Utf8 | DataType::Utf8View | DataType::LargeUtf8
                ) && needs_temporal_text(&inner.get_type(schema)?) =>
            {
                let text = Expr::ScalarFunction(ScalarFunction::new_udf(
                    self.temporal_text.clone(),
                    vec![(**inner).clone()],
                ));
                // Keeps the cast's name and its exact string type.
                Ok(Transformed::yes(Expr::Cast(Cast {
                    expr: Box::new(text),
                    field: field.clone(),
                })))
            }
            Expr::Cast(Cast { expr: inner, field })
            | Expr::TryCast(TryCast { expr: inner, field })
                if field.data_type().is_integer()
                    && matches!(
                        inner.get_type(schema)?,
                        DataType::Float32
                            | DataType::Float64
                            | DataType::Decimal128(_, _)
                            | DataType::Decimal256(_, _)
                    ) =>
            {
                let rounded = Box::new(Expr::ScalarFunction(ScalarFunction::new_udf(
                    self.round.clone(),
                    vec![(**inner).clone()],
                )));
                let mut cast = expr;
                if let Expr::Cast(Cast { expr, .. }) | Expr::TryCast(TryCast { expr, .. }) =
                    &mut cast
                {
                    *expr = rounded;
                }
                Ok(Transformed::yes(cast))
            }
            Expr::ScalarFunction(call) if call.func.name() == TRY => {
                let [argument] = call.args.as_slice() else {
                    return Ok(Transformed::no(expr));
                };
                let tolerant = argument
                    .clone()
                    .transform_up(|e| null_on_error_expr(schema, e))?
                    .data;
                Ok(Transformed::yes(tolerant))
            }
            Expr::ScalarFunction(call) if call.func.name() == "make_array" => {
                match uniform_elements(schema, call)? {
                    Some(array) => Ok(Transformed::yes(array)),
                    None => Ok(Transformed::no(expr)),
                }
            }
            _ => Ok(Transformed::no(expr)),
        }
    }
}

/// One node of an expression under `TRY`, rewritten to yield NULL instead of failing: casts
/// become `TRY_CAST`, a division or remainder by zero is NULL, and function calls are wrapped
/// by [`null_on_error`].
fn null_on_error_expr(schema: &DFSchema, expr: Expr) -> Result<Transformed<Expr>> {
    match expr {
        Expr::Cast(Cast { expr, field }) => {
            Ok(Transformed::yes(Expr::TryCast(TryCast { expr, field })))
        }
        Expr::ScalarFunction(call) if !call.func.name().starts_with("try:") => {
            Ok(Transformed::yes(Expr::ScalarFunction(
                ScalarFunction::new_udf(null_on_error(call.func.clone()), call.args),
            )))
        }
        Expr::BinaryExpr(BinaryExpr {
            ref right,
            op: Operator::Divide | Operator::Modulo,
            ..
        }) => {
            let zero = ScalarValue::new_zero(&right.get_type(schema)?)?;
            let null = ScalarValue::try_new_null(&expr.get_type(schema)?)?;
            let divisor_is_zero = right.as_ref().clone().eq(Expr::Literal(zero, None));
            Ok(Transformed::yes(Expr::Case(Case {
                expr: None,
                when_then_expr: vec![(
                    Box::new(divisor_is_zero),
                    Box::new(Expr::Literal(null, None)),
                )],
                else_expr: Some(Box::new(expr)),
            })))
        }
        other => Ok(Transformed::no(other)),
    }
}

impl AnalyzerRule for TrinoSemantics {
    fn analyze(&self, plan: LogicalPlan, _config: &ConfigOptions) -> Result<LogicalPlan> {
        rewrite_expressions(plan, &|schema, expr| {
            expr.transform_up(|e| self.rewrite(schema, e))
        })
    }

    fn name(&self) -> &str {
        "trino_semantics"
    }
}

/// `ARRAY[...]` whose elements' types differ only in the metadata or nullability of nested
/// fields (rows of `varchar(n)` literals of different lengths, `ARRAY[(0, 'x'), (1, 'yz')]`,
/// or of a literal and an expression, `ARRAY[('a', 1 - 2), ('b', 3)]`): type coercion
/// leaves them as they are, but arrow's array builders need one exact type (and panic
/// otherwise), so every element is cast to the type without that metadata.
fn uniform_elements(schema: &DFSchema, call: &ScalarFunction) -> Result<Option<Expr>> {
    let types = call
        .args
        .iter()
        .map(|arg| arg.get_type(schema))
        .collect::<Result<Vec<_>>>()?;
    let Some(first) = types.first() else {
        return Ok(None);
    };
    let common = without_field_metadata(first);
    if types.iter().all(|t| t == first)
        || !types.iter().all(|t| without_field_metadata(t) == common)
    {
        return Ok(None);
    }
    let args = call
        .args
        .iter()
        .map(|arg| arg.clone().cast_to(&common, schema))
        .collect::<Result<Vec<_>>>()?;
    Ok(Some(Expr::ScalarFunction(ScalarFunction::new_udf(
        call.func.clone(),
        args,
    ))))
}

/// `data_type` with the metadata of its nested fields (at any depth) removed and every
/// nested field nullable.
fn without_field_metadata(data_type: &DataType) -> DataType {
    let field = |f: &FieldRef| {
        Arc::new(
            f.as_ref()
                .clone()
                .with_data_type(without_field_metadata(f.data_type()))
                .with_metadata(HashMap::new())
                .with_nullable(true),
        )
    };
    match data_type {
        DataType::Struct(fields) => DataType::Struct(fields.iter().map(field).collect()),
        DataType::List(f) => DataType::List(field(f)),
        DataType::LargeList(f) => DataType::LargeList(field(f)),
        DataType::FixedSizeList(f, n) => DataType::FixedSizeList(field(f), *n),
        DataType::Map(f, sorted) => DataType::Map(field(f), *sorted),
        other => other.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use arrow::datatypes::{Field, Fields};

    #[test]
    fn nested_field_metadata_is_removed() {
        let tagged = |n: &str| {
            Field::new("c1", DataType::Utf8, true).with_metadata(HashMap::from([(
                "trino.type".to_string(),
                format!("varchar({n})"),
            )]))
        };
        let row = |n| {
            DataType::Struct(Fields::from(vec![
                Field::new("c0", DataType::Int32, true),
                tagged(n),
            ]))
        };
        let (one, two) = (row("1"), row("2"));
        assert_ne!(one, two);
        assert!(one.equals_datatype(&two));
        assert_eq!(without_field_metadata(&one), without_field_metadata(&two));
        let list = DataType::List(Arc::new(Field::new("item", one, true)));
        let DataType::List(item) = without_field_metadata(&list) else {
            panic!("a list");
        };
        assert_eq!(item.data_type(), &without_field_metadata(&two));
        assert_eq!(without_field_metadata(&DataType::Utf8), DataType::Utf8);
    }
}
