//! Rewrites of the parsed statement that make DataFusion produce Trino's results: output
//! column names, Trino's special forms, and prepared-statement parameters.

use std::ops::ControlFlow;

use crate::sql::types::tag_string_literal;
use datafusion::sql::sqlparser::ast::helpers::attached_token::AttachedToken;
use datafusion::sql::sqlparser::ast::{
    CaseWhen, Expr, Function, FunctionArg, FunctionArgExpr, FunctionArgumentClause,
    FunctionArguments, Ident, ObjectName, Query, SelectItem, SelectItemQualifiedWildcardKind,
    SetExpr, Statement, TableFactor, Value, VisitMut, VisitorMut, visit_expressions,
    visit_expressions_mut,
};

/// Names the output columns the way Trino does: an unaliased expression that is not a column
/// reference is called `_col<position>`, and a column reference keeps the spelling it was
/// written with (DataFusion would lower-case it).
pub fn name_output_columns(statement: &mut Statement) {
    if let Statement::Query(query) = statement {
        name_query_columns(query);
    }
}

fn name_query_columns(query: &mut Query) {
    let mut body = query.body.as_mut();
    loop {
        match body {
            SetExpr::Select(select) => {
                for (position, item) in select.projection.iter_mut().enumerate() {
                    match item {
                        SelectItem::UnnamedExpr(expr) => {
                            if let Some(alias) = output_alias(expr, position) {
                                let expr = std::mem::replace(expr, Expr::value(Value::Null));
                                let expr = tag_string_literal(&expr).unwrap_or(expr);
                                *item = SelectItem::ExprWithAlias { expr, alias };
                            }
                        }
                        SelectItem::ExprWithAlias { expr, .. } => {
                            if let Some(tagged) = tag_string_literal(expr) {
                                *expr = tagged;
                            }
                        }
                        SelectItem::ExprWithAliases { .. } => {}
                        // After a `*` the positions depend on the tables' columns: leave
                        // the remaining names to the planner.
                        SelectItem::Wildcard(_) | SelectItem::QualifiedWildcard(..) => return,
                    }
                }
                return;
            }
            SetExpr::SetOperation { left, .. } => body = left.as_mut(),
            SetExpr::Query(inner) => {
                name_query_columns(inner);
                return;
            }
            _ => return,
        }
    }
}

fn output_alias(expr: &Expr, position: usize) -> Option<Ident> {
    let written = match expr {
        Expr::Identifier(ident) => ident,
        Expr::CompoundIdentifier(parts) => parts.last()?,
        Expr::Nested(inner) => return output_alias(inner, position),
        _ => return Some(Ident::with_quote('"', format!("_col{position}"))),
    };
    // Quoted names and lower-case names already come out as written.
    if written.quote_style.is_some() || !written.value.chars().any(char::is_uppercase) {
        return None;
    }
    Some(Ident::with_quote('"', written.value.clone()))
}

/// Expands `*` over a table that has hidden columns into its visible columns, so hidden
/// columns (Trino's `information_schema.columns.comment`, later `$path` and friends) are
/// selectable by name but not part of `SELECT *`.
///
/// `visible` answers, for a table name as written, the visible column names when the table
/// has hidden columns, and `None` otherwise. Only single-table `FROM` clauses are expanded.
pub fn expand_wildcards_without_hidden(
    statement: &mut Statement,
    visible: &dyn Fn(&ObjectName) -> Option<Vec<String>>,
) {
    struct Expand<'a> {
        visible: &'a dyn Fn(&ObjectName) -> Option<Vec<String>>,
    }
    impl VisitorMut for Expand<'_> {
        type Break = ();
        fn pre_visit_query(&mut self, query: &mut Query) -> ControlFlow<()> {
            let SetExpr::Select(select) = query.body.as_mut() else {
                return ControlFlow::Continue(());
            };
            let [from] = select.from.as_slice() else {
                return ControlFlow::Continue(());
            };
            if !from.joins.is_empty() {
                return ControlFlow::Continue(());
            }
            let TableFactor::Table { name, alias, .. } = &from.relation else {
                return ControlFlow::Continue(());
            };
            let Some(columns) = (self.visible)(name) else {
                return ControlFlow::Continue(());
            };
            let written_as = alias
                .as_ref()
                .map(|a| vec![a.name.value.to_lowercase()])
                .unwrap_or_else(|| {
                    name.0
                        .iter()
                        .filter_map(|p| p.as_ident())
                        .map(|i| i.value.to_lowercase())
                        .collect()
                });
            let expand = |item: &SelectItem| -> bool {
                match item {
                    SelectItem::Wildcard(_) => true,
                    SelectItem::QualifiedWildcard(
                        SelectItemQualifiedWildcardKind::ObjectName(q),
                        _,
                    ) => {
                        let q: Vec<String> =
                            q.0.iter()
                                .filter_map(|p| p.as_ident())
                                .map(|i| i.value.to_lowercase())
                                .collect();
                        written_as.ends_with(&q)
                    }
                    _ => false,
                }
            };
            if !select.projection.iter().any(expand) {
                return ControlFlow::Continue(());
            }
            let projection = std::mem::take(&mut select.projection);
            for item in projection {
                if expand(&item) {
                    select.projection.extend(columns.iter().map(|c| {
                        SelectItem::UnnamedExpr(Expr::Identifier(Ident::with_quote('"', c.clone())))
                    }));
                } else {
                    select.projection.push(item);
                }
            }
            ControlFlow::Continue(())
        }
    }
    let _ = statement.visit(&mut Expand { visible });
}

/// Turns Trino's special forms that sqlparser reads as identifiers (`current_schema`) into
/// function calls, `IF(condition, a [, b])` into the `CASE` it stands for (so the branch
/// not taken is not evaluated), and `listagg(x [, separator]) WITHIN GROUP (ORDER BY ...)`
/// into DataFusion's `string_agg(x, separator ORDER BY ...)`, and `approx_percentile(x [, w],
/// p)` into DataFusion's `approx_percentile_cont[_with_weight]`, and `max(x, n)`/`min(x, n)`
/// into `max_by(x, x, n)`/`min_by(x, x, n)`.
pub fn special_forms(statement: &mut Statement) {
    let _ = visit_expressions_mut(statement, |expr| {
        if let Some(case) = if_as_case(expr) {
            *expr = case;
        } else if let Expr::Function(function) = expr
            && is_named(function, "listagg")
        {
            listagg_as_string_agg(function);
        } else if let Expr::Function(function) = expr
            && is_named(function, "approx_percentile")
        {
            rename_approx_percentile(function);
        } else if let Expr::Function(function) = expr
            && (is_named(function, "max") || is_named(function, "min"))
        {
            top_n_as_by(function);
        } else if let Expr::Identifier(ident) = expr
            && ident.quote_style.is_none()
            && ident.value.eq_ignore_ascii_case("current_schema")
        {
            *expr = Expr::Function(Function {
                name: ObjectName::from(vec![Ident::new("current_schema")]),
                uses_odbc_syntax: false,
                parameters: FunctionArguments::None,
                args: FunctionArguments::None,
                filter: None,
                null_treatment: None,
                over: None,
                within_group: vec![],
            });
        }
        ControlFlow::<()>::Continue(())
    });
}

/// Whether `function` is called by the unqualified name `name`.
fn is_named(function: &Function, name: &str) -> bool {
    matches!(function.name.0.as_slice(), [part] if part.as_ident().is_some_and(|i| i.value.eq_ignore_ascii_case(name)))
}

/// Rewrites `listagg(x [, separator]) WITHIN GROUP (ORDER BY ...)` in place into
/// `string_agg(x, separator ORDER BY ...)` (the separator defaults to `''`).
fn listagg_as_string_agg(function: &mut Function) {
    let FunctionArguments::List(list) = &mut function.args else {
        return;
    };
    if list.args.len() == 1 {
        list.args
            .push(FunctionArg::Unnamed(FunctionArgExpr::Expr(Expr::value(
                Value::SingleQuotedString(String::new()),
            ))));
    }
    // `ON OVERFLOW` has no counterpart; the default (an error past 1 MB) is not enforced.
    list.clauses
        .retain(|c| !matches!(c, FunctionArgumentClause::OnOverflow(_)));
    if !function.within_group.is_empty() {
        list.clauses
            .push(FunctionArgumentClause::OrderBy(std::mem::take(
                &mut function.within_group,
            )));
    }
    function.name = ObjectName::from(vec![Ident::new("string_agg")]);
}

/// `max(x, n)` / `min(x, n)` (the `n` largest / smallest values) as `max_by(x, x, n)` /
/// `min_by(x, x, n)`; the one-argument forms stay DataFusion's.
fn top_n_as_by(function: &mut Function) {
    if function.over.is_some() {
        return;
    }
    let name = if is_named(function, "max") {
        "max_by"
    } else {
        "min_by"
    };
    let FunctionArguments::List(list) = &mut function.args else {
        return;
    };
    let [x @ FunctionArg::Unnamed(FunctionArgExpr::Expr(_)), _] = list.args.as_slice() else {
        return;
    };
    let x = x.clone();
    list.args.insert(1, x);
    function.name = ObjectName::from(vec![Ident::new(name)]);
}

/// Names DataFusion's `approx_percentile_cont` (two arguments) or
/// `approx_percentile_cont_with_weight` (three) for Trino's `approx_percentile`.
fn rename_approx_percentile(function: &mut Function) {
    let FunctionArguments::List(list) = &function.args else {
        return;
    };
    let name = match list.args.len() {
        2 => "approx_percentile_cont",
        3 => "approx_percentile_cont_with_weight",
        _ => return,
    };
    function.name = ObjectName::from(vec![Ident::new(name)]);
}

/// `CASE WHEN condition THEN a [ELSE b] END` for a call `if(condition, a [, b])`.
fn if_as_case(expr: &Expr) -> Option<Expr> {
    let Expr::Function(function) = expr else {
        return None;
    };
    if !is_named(function, "if") || function.over.is_some() || function.filter.is_some() {
        return None;
    }
    let FunctionArguments::List(list) = &function.args else {
        return None;
    };
    if !list.clauses.is_empty() || list.duplicate_treatment.is_some() {
        return None;
    }
    let args = list
        .args
        .iter()
        .map(|arg| match arg {
            FunctionArg::Unnamed(FunctionArgExpr::Expr(e)) => Some(e.clone()),
            _ => None,
        })
        .collect::<Option<Vec<_>>>()?;
    let (condition, then, otherwise) = match args.as_slice() {
        [c, a] => (c, a, None),
        [c, a, b] => (c, a, Some(b)),
        _ => return None,
    };
    Some(Expr::Case {
        case_token: AttachedToken::empty(),
        end_token: AttachedToken::empty(),
        operand: None,
        conditions: vec![CaseWhen {
            condition: condition.clone(),
            result: then.clone(),
        }],
        else_result: otherwise.map(|b| Box::new(b.clone())),
    })
}

/// Number of `?` parameters in a statement.
pub fn count_parameters(statement: &Statement) -> usize {
    let mut count = 0;
    let _ = visit_expressions(statement, |expr| {
        if is_parameter(expr) {
            count += 1;
        }
        ControlFlow::<()>::Continue(())
    });
    count
}

/// The number of `USING` values does not match the statement's `?` parameters.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("Incorrect number of parameters: expected {expected} but found {found}")]
pub struct ParameterCountMismatch {
    /// `?` markers in the statement.
    pub expected: usize,
    /// Values supplied.
    pub found: usize,
}

/// Replaces the `?` parameters of `statement`, in order of appearance, with `values`.
pub fn bind_parameters(
    statement: &mut Statement,
    values: &[Expr],
) -> Result<(), ParameterCountMismatch> {
    let expected = count_parameters(statement);
    if expected != values.len() {
        return Err(ParameterCountMismatch {
            expected,
            found: values.len(),
        });
    }
    let mut values = values.iter();
    let _ = visit_expressions_mut(statement, |expr| {
        if is_parameter(expr)
            && let Some(value) = values.next()
        {
            *expr = Expr::Nested(Box::new(value.clone()));
        }
        ControlFlow::<()>::Continue(())
    });
    Ok(())
}

/// Replaces the `?` parameters with DataFusion's numbered placeholders `$1`, `$2`, ..., so
/// the planner can infer their types (`DESCRIBE INPUT`); returns how many there were.
pub fn number_parameters(statement: &mut Statement) -> usize {
    let mut count = 0;
    let _ = visit_expressions_mut(statement, |expr| {
        if is_parameter(expr) {
            count += 1;
            *expr = Expr::value(Value::Placeholder(format!("${count}")));
        }
        ControlFlow::<()>::Continue(())
    });
    count
}

fn is_parameter(expr: &Expr) -> bool {
    matches!(expr, Expr::Value(v) if matches!(&v.value, Value::Placeholder(p) if p == "?"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sql::parser::{TrinoStatement, parse_statement};

    fn sql_statement(sql: &str) -> Statement {
        match parse_statement(sql).unwrap() {
            TrinoStatement::Sql(statement) => *statement,
            other => panic!("{other:?}"),
        }
    }

    fn named(sql: &str) -> String {
        let mut statement = sql_statement(sql);
        name_output_columns(&mut statement);
        statement.to_string()
    }

    #[test]
    fn unaliased_expressions_get_positional_names() {
        assert_eq!(named("SELECT 1"), r#"SELECT 1 AS "_col0""#);
        assert_eq!(
            named("SELECT a, 1 + 2, b AS x, upper(c) FROM t"),
            r#"SELECT a, 1 + 2 AS "_col1", b AS x, upper(c) AS "_col3" FROM t"#
        );
        assert_eq!(
            named("SELECT 1 UNION ALL SELECT 2"),
            r#"SELECT 1 AS "_col0" UNION ALL SELECT 2"#
        );
    }

    #[test]
    fn column_references_keep_their_spelling() {
        assert_eq!(
            named("SELECT TABLE_CAT, t.Name, x FROM t"),
            r#"SELECT TABLE_CAT AS "TABLE_CAT", t.Name AS "Name", x FROM t"#
        );
        assert_eq!(
            named(r#"SELECT "Quoted" FROM t"#),
            r#"SELECT "Quoted" FROM t"#
        );
    }

    #[test]
    fn wildcards_stop_positional_naming() {
        assert_eq!(named("SELECT *, 1 FROM t"), "SELECT *, 1 FROM t");
    }

    #[test]
    fn parameters_bind_in_order() {
        let mut statement = sql_statement("SELECT ? + 1, ? FROM t WHERE a = ?");
        assert_eq!(count_parameters(&statement), 3);
        let values: Vec<Expr> = ["10", "'x'", "3"]
            .iter()
            .map(|v| match sql_statement(&format!("SELECT {v}")) {
                Statement::Query(q) => match *q.body {
                    SetExpr::Select(s) => match &s.projection[0] {
                        SelectItem::UnnamedExpr(e) => e.clone(),
                        other => panic!("{other:?}"),
                    },
                    other => panic!("{other:?}"),
                },
                other => panic!("{other:?}"),
            })
            .collect();
        bind_parameters(&mut statement, &values).unwrap();
        assert_eq!(
            statement.to_string(),
            "SELECT (10) + 1, ('x') FROM t WHERE a = (3)"
        );
        let mut statement = sql_statement("SELECT ?");
        assert_eq!(
            bind_parameters(&mut statement, &[]),
            Err(ParameterCountMismatch {
                expected: 1,
                found: 0
            })
        );
    }

    #[test]
    fn wildcards_skip_hidden_columns() {
        let visible = |name: &ObjectName| {
            (name.to_string() == "information_schema.columns")
                .then(|| vec!["a".to_string(), "b".to_string()])
        };
        let mut statement = sql_statement("SELECT * FROM information_schema.columns WHERE a = 1");
        expand_wildcards_without_hidden(&mut statement, &visible);
        assert_eq!(
            statement.to_string(),
            r#"SELECT "a", "b" FROM information_schema.columns WHERE a = 1"#
        );
        let mut statement = sql_statement("SELECT c.*, 1 FROM information_schema.columns c");
        expand_wildcards_without_hidden(&mut statement, &visible);
        assert_eq!(
            statement.to_string(),
            r#"SELECT "a", "b", 1 FROM information_schema.columns c"#
        );
        let mut statement = sql_statement("SELECT * FROM other");
        expand_wildcards_without_hidden(&mut statement, &visible);
        assert_eq!(statement.to_string(), "SELECT * FROM other");
    }

    #[test]
    fn if_becomes_case() {
        let mut statement = sql_statement("SELECT if(a > 1, 'x'), IF(b, 1, 2) FROM t");
        special_forms(&mut statement);
        assert_eq!(
            statement.to_string(),
            "SELECT CASE WHEN a > 1 THEN 'x' END, CASE WHEN b THEN 1 ELSE 2 END FROM t"
        );
    }

    #[test]
    fn listagg_becomes_string_agg() {
        let mut statement = sql_statement(
            "SELECT listagg(v, ',') WITHIN GROUP (ORDER BY v), listagg(v) WITHIN GROUP (ORDER BY o DESC) FROM t",
        );
        special_forms(&mut statement);
        assert_eq!(
            statement.to_string(),
            "SELECT string_agg(v, ',' ORDER BY v), string_agg(v, '' ORDER BY o DESC) FROM t"
        );
    }

    #[test]
    fn approx_percentile_picks_the_datafusion_function_by_arity() {
        let mut statement =
            sql_statement("SELECT approx_percentile(x, 0.5), approx_percentile(x, w, 0.9) FROM t");
        special_forms(&mut statement);
        assert_eq!(
            statement.to_string(),
            "SELECT approx_percentile_cont(x, 0.5), approx_percentile_cont_with_weight(x, w, 0.9) FROM t"
        );
    }

    #[test]
    fn top_n_max_and_min_become_max_by_and_min_by() {
        let mut statement = sql_statement("SELECT max(x, 2), min(x, 2), max(x), MIN(x) FROM t");
        special_forms(&mut statement);
        assert_eq!(
            statement.to_string(),
            "SELECT max_by(x, x, 2), min_by(x, x, 2), max(x), MIN(x) FROM t"
        );
    }

    #[test]
    fn current_schema_is_a_function() {
        let mut statement = sql_statement("SELECT current_schema, current_catalog");
        special_forms(&mut statement);
        assert_eq!(
            statement.to_string(),
            "SELECT current_schema, current_catalog"
        );
        let Statement::Query(query) = statement else {
            panic!()
        };
        let SetExpr::Select(select) = *query.body else {
            panic!()
        };
        assert!(matches!(
            &select.projection[0],
            SelectItem::UnnamedExpr(Expr::Function(_))
        ));
    }
}
