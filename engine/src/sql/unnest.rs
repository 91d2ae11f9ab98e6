//! `UNNEST` in the forms DataFusion cannot plan, rewritten into projections that unnest:
//! DataFusion's `unnest(...)` in a `SELECT` list has Trino's semantics (one row per element,
//! shorter operands padded with NULL, empty and NULL operands give no row).
//!
//! - Lateral: `FROM r CROSS JOIN UNNEST(r.a, r.b) [WITH ORDINALITY] AS t(x, y [, n])` (or
//!   `FROM r, UNNEST(...)`) becomes `(SELECT *, unnest(r.a) AS x, unnest(r.b) AS y [, n] FROM
//!   r) AS r`, and references `t.x` become `r.x`. `LEFT JOIN UNNEST(...) ... ON TRUE` keeps
//!   source rows whose operands are all empty or NULL, with NULLs: each operand becomes a
//!   one-NULL array for such rows.
//! - Standalone, with `WITH ORDINALITY` or operands that expand to several columns (maps,
//!   arrays of rows): `UNNEST(a, b) AS t(...)` becomes `(SELECT unnest(unnest(
//!   trino_unnest_rows(a))), ... [, ordinal]) AS t(...)`; see
//!   [`crate::functions::array::unnest`].
//!
//! The ordinal is `unnest(range(1, n + 1))` with `n` the largest operand cardinality.

use std::ops::ControlFlow;

use datafusion::sql::sqlparser::ast::{
    Expr, Ident, JoinConstraint, JoinOperator, Query, SetExpr, Statement, TableAlias, TableFactor,
    TableWithJoins, Value, VisitMut, VisitorMut, visit_expressions_mut,
};
use datafusion::sql::sqlparser::dialect::GenericDialect;
use datafusion::sql::sqlparser::parser::Parser;

use crate::functions::array::unnest::UNNEST_ROWS;

/// Rewrites the `UNNEST` forms described in the module documentation.
pub fn rewrite_unnest(statement: &mut Statement) {
    struct Unnest;
    impl VisitorMut for Unnest {
        type Break = ();
        fn pre_visit_query(&mut self, query: &mut Query) -> ControlFlow<()> {
            let SetExpr::Select(select) = query.body.as_mut() else {
                return ControlFlow::Continue(());
            };
            let Some((renamed_from, renamed_to)) = lateral_as_projection(&mut select.from) else {
                return ControlFlow::Continue(());
            };
            let _ = visit_expressions_mut(query, |expr| {
                if let Expr::CompoundIdentifier(parts) = expr
                    && parts.len() == 2
                    && parts[0].value.eq_ignore_ascii_case(&renamed_from.value)
                {
                    parts[0] = renamed_to.clone();
                }
                ControlFlow::<()>::Continue(())
            });
            ControlFlow::Continue(())
        }

        fn post_visit_table_factor(&mut self, factor: &mut TableFactor) -> ControlFlow<()> {
            if let Some(derived) = standalone_as_projection(factor) {
                *factor = derived;
            }
            ControlFlow::Continue(())
        }
    }
    let _ = statement.visit(&mut Unnest);
}

/// `unnest(range(1, n + 1))` with `n` the largest cardinality of `operands`.
fn ordinal(operands: &[String]) -> String {
    let sizes: Vec<String> = operands
        .iter()
        .map(|a| format!("coalesce(cardinality({a}), 0)"))
        .collect();
    let largest = match sizes.as_slice() {
        [one] => one.clone(),
        _ => format!("greatest({})", sizes.join(", ")),
    };
    format!("unnest(range(1, {largest} + 1))")
}

/// `SELECT <items> [FROM <from>]` parsed as a subquery.
fn subquery(items: &[String], from: Option<String>) -> Option<Box<Query>> {
    let from = from.map(|f| format!(" FROM {f}")).unwrap_or_default();
    let sql = format!("SELECT {}{from}", items.join(", "));
    let parsed = Parser::parse_sql(&GenericDialect {}, &sql).ok()?;
    let [Statement::Query(query)] = <[Statement; 1]>::try_from(parsed).ok()? else {
        return None;
    };
    Some(query)
}

fn derived(subquery: Box<Query>, alias: TableAlias) -> TableFactor {
    TableFactor::Derived {
        lateral: false,
        subquery,
        alias: Some(alias),
        sample: None,
    }
}

/// The standalone `UNNEST` as a derived table, when DataFusion cannot plan it itself.
fn standalone_as_projection(factor: &TableFactor) -> Option<TableFactor> {
    let TableFactor::UNNEST {
        alias: Some(alias),
        array_exprs,
        with_offset: false,
        with_ordinality,
        ..
    } = factor
    else {
        return None;
    };
    let value_columns = alias.columns.len() - usize::from(*with_ordinality);
    if alias.columns.is_empty() || (!with_ordinality && value_columns == array_exprs.len()) {
        return None;
    }
    let operands: Vec<String> = array_exprs.iter().map(ToString::to_string).collect();
    let mut items: Vec<String> = operands
        .iter()
        .map(|a| format!("unnest(unnest({UNNEST_ROWS}({a})))"))
        .collect();
    if *with_ordinality {
        items.push(ordinal(&operands));
    }
    Some(derived(subquery(&items, None)?, alias.clone()))
}

/// Rewrites the first lateral `UNNEST` of a `FROM` list in place; returns the UNNEST alias
/// and the alias of the derived table that replaces it.
fn lateral_as_projection(from: &mut Vec<TableWithJoins>) -> Option<(Ident, Ident)> {
    // `r CROSS JOIN UNNEST(...)`, `r LEFT JOIN UNNEST(...) ON TRUE` or `r, UNNEST(...)`.
    let (left, unnest, outer) = match from.as_mut_slice() {
        [single] if single.joins.len() == 1 => {
            let outer = match &single.joins[0].join_operator {
                JoinOperator::CrossJoin(_) => false,
                JoinOperator::LeftOuter(JoinConstraint::On(Expr::Value(v)))
                | JoinOperator::Left(JoinConstraint::On(Expr::Value(v)))
                    if v.value == Value::Boolean(true) =>
                {
                    true
                }
                _ => return None,
            };
            (
                single.relation.clone(),
                single.joins[0].relation.clone(),
                outer,
            )
        }
        [first, second] if first.joins.is_empty() && second.joins.is_empty() => {
            (first.relation.clone(), second.relation.clone(), false)
        }
        _ => return None,
    };
    let TableFactor::UNNEST {
        alias: Some(unnest_alias),
        array_exprs,
        with_offset: false,
        with_ordinality,
        ..
    } = unnest
    else {
        return None;
    };
    if unnest_alias.columns.len() != array_exprs.len() + usize::from(with_ordinality) {
        return None;
    }
    let left_name = match &left {
        TableFactor::Table { alias: Some(a), .. } | TableFactor::Derived { alias: Some(a), .. } => {
            a.name.clone()
        }
        TableFactor::Table {
            name, alias: None, ..
        } => name.0.last()?.as_ident()?.clone(),
        _ => return None,
    };
    let mut operands: Vec<String> = array_exprs.iter().map(ToString::to_string).collect();
    if outer {
        let all_empty = operands
            .iter()
            .map(|a| format!("coalesce(cardinality({a}), 0)"))
            .collect::<Vec<_>>()
            .join(" + ");
        operands = operands
            .iter()
            .map(|a| format!("CASE WHEN {all_empty} = 0 THEN ARRAY[NULL] ELSE {a} END"))
            .collect();
    }
    let mut values: Vec<String> = operands.iter().map(|a| format!("unnest({a})")).collect();
    if with_ordinality {
        values.push(ordinal(&operands));
    }
    let items: Vec<String> = std::iter::once("*".to_string())
        .chain(
            values
                .iter()
                .zip(&unnest_alias.columns)
                .map(|(value, column)| format!("{value} AS {}", column.name)),
        )
        .collect();
    let query = subquery(&items, Some(left.to_string()))?;
    *from = vec![TableWithJoins {
        relation: derived(
            query,
            TableAlias {
                explicit: true,
                name: left_name.clone(),
                columns: vec![],
                at: None,
            },
        ),
        joins: vec![],
    }];
    Some((unnest_alias.name, left_name))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sql::parser::{TrinoStatement, parse_statement};

    fn rewritten(sql: &str) -> String {
        let mut statement = match parse_statement(sql) {
            Ok(TrinoStatement::Sql(statement)) => *statement,
            other => panic!("{other:?}"),
        };
        rewrite_unnest(&mut statement);
        statement.to_string()
    }

    #[test]
    fn lateral_unnest_becomes_a_projection() {
        assert_eq!(
            rewritten(
                "SELECT student, t.score FROM tests CROSS JOIN UNNEST(scores) AS t(score) WHERE t.score > 5"
            ),
            "SELECT student, tests.score FROM (SELECT *, unnest(scores) AS score FROM tests) AS tests WHERE tests.score > 5"
        );
        assert_eq!(
            rewritten("SELECT * FROM t AS x, UNNEST(x.a, x.b) u(p, q)"),
            "SELECT * FROM (SELECT *, unnest(x.a) AS p, unnest(x.b) AS q FROM t AS x) AS x"
        );
    }

    #[test]
    fn lateral_ordinality_and_left_join() {
        assert_eq!(
            rewritten("SELECT * FROM t CROSS JOIN UNNEST(a) WITH ORDINALITY AS u(v, n)"),
            "SELECT * FROM (SELECT *, unnest(a) AS v, unnest(range(1, coalesce(cardinality(a), 0) + 1)) AS n FROM t) AS t"
        );
        assert_eq!(
            rewritten("SELECT * FROM t LEFT JOIN UNNEST(a) AS u(v) ON TRUE"),
            "SELECT * FROM (SELECT *, unnest(CASE WHEN coalesce(cardinality(a), 0) = 0 THEN ARRAY[NULL] ELSE a END) AS v FROM t) AS t"
        );
        // Other join conditions stay with DataFusion.
        let sql = "SELECT * FROM t LEFT JOIN UNNEST(a) AS u(v) ON v > 1";
        assert!(rewritten(sql).contains("UNNEST"));
    }

    #[test]
    fn standalone_unnest_expands_rows_and_numbers_them() {
        assert_eq!(
            rewritten("SELECT * FROM UNNEST(ARRAY[2, 5], ARRAY[7]) WITH ORDINALITY AS t(a, b, n)"),
            "SELECT * FROM (SELECT unnest(unnest(trino_unnest_rows(ARRAY[2, 5]))), unnest(unnest(trino_unnest_rows(ARRAY[7]))), unnest(range(1, greatest(coalesce(cardinality(ARRAY[2, 5]), 0), coalesce(cardinality(ARRAY[7]), 0)) + 1))) AS t (a, b, n)"
        );
        // A plain UNNEST with one column per operand stays with DataFusion.
        let sql = "SELECT * FROM UNNEST(ARRAY[1]) AS t (x)";
        assert_eq!(rewritten(sql), sql);
    }
}
