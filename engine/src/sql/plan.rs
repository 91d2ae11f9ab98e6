//! Rewrites of DataFusion's logical plan, applied after SQL planning and before type
//! coercion, that give literals Trino's types.

use datafusion::common::ScalarValue;
use datafusion::common::tree_node::{Transformed, TreeNode, TreeNodeRecursion};
use datafusion::error::Result;
use datafusion::logical_expr::{Expr, LogicalPlan};

/// Types integer literals like Trino: `integer` when the value fits in 32 bits, `bigint`
/// otherwise (DataFusion makes every integer literal a `bigint`).
///
/// Projections, aggregates and windows keep the output names they had, so references from
/// enclosing plans still resolve.
pub fn type_integer_literals(plan: LogicalPlan) -> Result<LogicalPlan> {
    plan.transform_up_with_subqueries(|node| match node {
        LogicalPlan::Projection(_) | LogicalPlan::Aggregate(_) | LogicalPlan::Window(_) => {
            let rewritten = node.map_expressions(|expr| {
                let name = expr.schema_name().to_string();
                let keeps_name = matches!(expr, Expr::Alias(_));
                let new = narrow_literals(expr)?;
                if new.transformed && !keeps_name && new.data.schema_name().to_string() != name {
                    Ok(Transformed::yes(new.data.alias(name)))
                } else {
                    Ok(new)
                }
            })?;
            recompute(rewritten)
        }
        LogicalPlan::Filter(_) | LogicalPlan::Join(_) => {
            recompute(node.map_expressions(narrow_literals)?)
        }
        other => Ok(Transformed::no(other)),
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
