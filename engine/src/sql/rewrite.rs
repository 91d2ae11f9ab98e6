//! Rewrites of the parsed statement that make DataFusion produce Trino's results: output
//! column names, Trino's special forms, and prepared-statement parameters.

use std::ops::ControlFlow;

use crate::functions::array::map;
use crate::sql::types::tag_string_literal;
use crate::sql::unnest::rewrite_unnest;
use datafusion::sql::sqlparser::ast::helpers::attached_token::AttachedToken;
use datafusion::sql::sqlparser::ast::{
    AccessExpr, CaseWhen, CastKind, DataType, Expr, Function, FunctionArg, FunctionArgExpr,
    FunctionArgumentClause, FunctionArgumentList, FunctionArguments, Ident, LimitClause,
    ObjectName, Query, SelectItem, SelectItemQualifiedWildcardKind, SetExpr, Statement, Subscript,
    TableFactor, Value, VisitMut, VisitorMut, visit_expressions, visit_expressions_mut,
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

/// Name `map()` without arguments is planned as (DataFusion's planner rejects a `map` call
/// without arguments before looking the function up).
pub const EMPTY_MAP: &str = "trino_empty_map";

/// Turns Trino's special forms into what DataFusion plans: `current_schema` (read as an
/// identifier) into a function call, `IF(c, a [, b])` into `CASE WHEN c THEN a [ELSE b] END`,
/// `map()` into [`EMPTY_MAP`]`()`, `listagg ... WITHIN GROUP`, the normal form of
/// `normalize(s, NFKC)` into a string,
/// `approx_percentile` and `max(x, n)`/`min(x, n)` into DataFusion's aggregates, `(row).field` into a field subscript, `UNNEST` forms
/// DataFusion cannot plan into projections ([`crate::sql::unnest`]), and `FETCH FIRST n ROWS ONLY` into `LIMIT n` (`FETCH ... WITH TIES`
/// stays, and DataFusion reports it as not supported).
pub fn special_forms(statement: &mut Statement) {
    struct FetchAsLimit;
    impl VisitorMut for FetchAsLimit {
        type Break = ();
        fn pre_visit_query(&mut self, query: &mut Query) -> ControlFlow<()> {
            if let Some(fetch) = query.fetch.take_if(|f| !f.with_ties && !f.percent) {
                let limit = fetch
                    .quantity
                    .unwrap_or_else(|| Expr::value(Value::Number("1".into(), false)));
                let offset = match query.limit_clause.take() {
                    Some(LimitClause::LimitOffset { offset, .. }) => offset,
                    _ => None,
                };
                query.limit_clause = Some(LimitClause::LimitOffset {
                    limit: Some(limit),
                    offset,
                    limit_by: vec![],
                });
            }
            ControlFlow::Continue(())
        }
    }
    let _ = statement.visit(&mut FetchAsLimit);
    rewrite_unnest(statement);
    let _ = visit_expressions_mut(statement, |expr| {
        // `(row expression).field`: DataFusion reads fields by name in brackets. Trino field
        // names are case-insensitive like other identifiers.
        if let Expr::CompoundFieldAccess { access_chain, .. } = expr {
            for access in access_chain.iter_mut() {
                if let AccessExpr::Dot(Expr::Identifier(field)) = access {
                    let name = match field.quote_style {
                        Some(_) => field.value.clone(),
                        None => field.value.to_ascii_lowercase(),
                    };
                    *access = AccessExpr::Subscript(Subscript::Index {
                        index: Expr::value(Value::SingleQuotedString(name)),
                    });
                }
            }
        }
        if let Some(rewritten) = special_call(expr) {
            *expr = rewritten;
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
        } else if let Expr::Function(function) = expr
            && is_named(function, "normalize")
        {
            normal_form_as_string(function);
        }
        if let Expr::Identifier(ident) = expr
            && ident.quote_style.is_none()
            && let Some(name) = ["current_schema", "localtimestamp"]
                .into_iter()
                .find(|name| ident.value.eq_ignore_ascii_case(name))
        {
            // Trino's parenthesis-less special functions (reserved words, never columns).
            *expr = Expr::Function(Function {
                name: ObjectName::from(vec![Ident::new(name)]),
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

/// `normalize(s, NFKC)`: Trino's normal form is a keyword (`NFD`, `NFC`, `NFKD`, `NFKC`), read
/// by sqlparser as a column name; the function takes it as the string `'NFKC'`.
fn normal_form_as_string(function: &mut Function) {
    let FunctionArguments::List(list) = &mut function.args else {
        return;
    };
    if let [_, FunctionArg::Unnamed(FunctionArgExpr::Expr(form))] = list.args.as_mut_slice()
        && let Expr::Identifier(ident) = form
        && ident.quote_style.is_none()
        && ["NFD", "NFC", "NFKD", "NFKC"]
            .iter()
            .any(|name| ident.value.eq_ignore_ascii_case(name))
    {
        *form = Expr::value(Value::SingleQuotedString(ident.value.to_ascii_uppercase()));
    }
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

/// `(a, b)` as Trino reads it where a value is expected: `row(a, b)`.
fn tuple_as_row(expr: &Expr) -> Option<Expr> {
    let Expr::Tuple(items) = expr else {
        return None;
    };
    Some(Expr::Function(Function {
        name: ObjectName::from(vec![Ident::new("row")]),
        uses_odbc_syntax: false,
        parameters: FunctionArguments::None,
        args: FunctionArguments::List(FunctionArgumentList {
            duplicate_treatment: None,
            args: items
                .iter()
                .map(|e| FunctionArg::Unnamed(FunctionArgExpr::Expr(e.clone())))
                .collect(),
            clauses: vec![],
        }),
        filter: None,
        null_treatment: None,
        over: None,
        within_group: vec![],
    }))
}

/// The rewrite of a call to `if` or of `map()`, if `expr` is one; of a lambda whose body
/// or an array whose elements are tuples `(a, b)`, which Trino reads as rows.
fn special_call(expr: &Expr) -> Option<Expr> {
    match expr {
        Expr::Lambda(lambda) => {
            let body = tuple_as_row(&lambda.body)?;
            let mut lambda = lambda.clone();
            lambda.body = Box::new(body);
            return Some(Expr::Lambda(lambda));
        }
        Expr::Array(array) if array.elem.iter().any(|e| matches!(e, Expr::Tuple(_))) => {
            let mut array = array.clone();
            for e in &mut array.elem {
                if let Some(row) = tuple_as_row(e) {
                    *e = row;
                }
            }
            return Some(Expr::Array(array));
        }
        _ => {}
    }
    let Expr::Function(function) = expr else {
        return None;
    };
    let [name] = function.name.0.as_slice() else {
        return None;
    };
    let name = name.as_ident()?;
    if name.quote_style.is_some() || function.over.is_some() || function.filter.is_some() {
        return None;
    }
    let args: Vec<&Expr> = match &function.args {
        FunctionArguments::None => vec![],
        FunctionArguments::List(list) if list.clauses.is_empty() => list
            .args
            .iter()
            .map(|a| match a {
                FunctionArg::Unnamed(FunctionArgExpr::Expr(e)) => Some(e),
                _ => None,
            })
            .collect::<Option<Vec<_>>>()?,
        _ => return None,
    };
    // Map aggregates: a function of `array_agg` of the arguments (plain calls only).
    let finish = match name.value.to_ascii_lowercase().as_str() {
        "map_agg" if args.len() == 2 => Some(map::MAP_AGG),
        "multimap_agg" if args.len() == 2 => Some(map::MULTIMAP_AGG),
        "histogram" if args.len() == 1 => Some(map::HISTOGRAM),
        _ => None,
    };
    let plain = matches!(&function.args, FunctionArguments::List(l) if l.duplicate_treatment.is_none())
        && function.within_group.is_empty();
    if let Some(finish) = finish.filter(|_| plain) {
        let aggregated = args
            .iter()
            .map(|a| {
                let mut agg = function.clone();
                agg.name = ObjectName::from(vec![Ident::new("array_agg")]);
                agg.args = FunctionArguments::List(FunctionArgumentList {
                    duplicate_treatment: None,
                    args: vec![FunctionArg::Unnamed(FunctionArgExpr::Expr((*a).clone()))],
                    clauses: vec![],
                });
                Expr::Function(agg)
            })
            .collect::<Vec<_>>();
        let mut call = function.clone();
        call.name = ObjectName::from(vec![Ident::new(finish)]);
        call.args = FunctionArguments::List(FunctionArgumentList {
            duplicate_treatment: None,
            args: aggregated
                .into_iter()
                .map(|e| FunctionArg::Unnamed(FunctionArgExpr::Expr(e)))
                .collect(),
            clauses: vec![],
        });
        return Some(Expr::Function(call));
    }
    if name.value.eq_ignore_ascii_case("map") && args.is_empty() {
        let mut empty = function.clone();
        empty.name = ObjectName::from(vec![Ident::new(EMPTY_MAP)]);
        return Some(Expr::Function(empty));
    }
    // `date(x)` is `CAST(x AS date)`.
    if let ("date", [value]) = (name.value.to_ascii_lowercase().as_str(), args.as_slice()) {
        return Some(Expr::Cast {
            kind: CastKind::Cast,
            expr: Box::new((*value).clone()),
            data_type: DataType::Date,
            array: false,
            format: None,
        });
    }
    if !name.value.eq_ignore_ascii_case("if") {
        return None;
    }
    let (condition, then, otherwise) = match args.as_slice() {
        [c, t] => (*c, *t, None),
        [c, t, e] => (*c, *t, Some(*e)),
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
        else_result: otherwise.map(|e| Box::new(e.clone())),
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
    fn if_and_empty_map_calls() {
        let rewrite = |sql: &str| {
            let mut statement = sql_statement(sql);
            special_forms(&mut statement);
            statement.to_string()
        };
        assert_eq!(
            rewrite("SELECT if(a > 1, 'x')"),
            "SELECT CASE WHEN a > 1 THEN 'x' END"
        );
        assert_eq!(
            rewrite("SELECT transform(a, x -> IF(x < 0, 0, x))"),
            "SELECT transform(a, x -> CASE WHEN x < 0 THEN 0 ELSE x END)"
        );
        assert_eq!(rewrite("SELECT map()"), "SELECT trino_empty_map()");
        assert_eq!(
            rewrite("SELECT map_agg(k, v) FROM t"),
            "SELECT trino_map_agg(array_agg(k), array_agg(v)) FROM t"
        );
        assert_eq!(
            rewrite("SELECT zip_with(a, b, (x, y) -> (y, x))"),
            "SELECT zip_with(a, b, (x, y) -> row(y, x))"
        );
        assert_eq!(
            rewrite("SELECT map_from_entries(ARRAY[(1, 'x')])"),
            "SELECT map_from_entries(ARRAY[row(1, 'x')])"
        );
        assert_eq!(rewrite("SELECT map(a, b)"), "SELECT map(a, b)");
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
    fn normal_forms_become_strings() {
        let mut statement =
            sql_statement("SELECT normalize(s, nfkc), normalize(s), normalize(s, \"NFD\") FROM t");
        special_forms(&mut statement);
        assert_eq!(
            statement.to_string(),
            "SELECT normalize(s, 'NFKC'), normalize(s), normalize(s, \"NFD\") FROM t"
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

    #[test]
    fn fetch_first_is_a_limit() {
        let mut statement = sql_statement("SELECT 1 OFFSET 2 ROWS FETCH FIRST 3 ROWS ONLY");
        special_forms(&mut statement);
        assert_eq!(statement.to_string(), "SELECT 1 LIMIT 3 OFFSET 2 ROWS");
    }
}
