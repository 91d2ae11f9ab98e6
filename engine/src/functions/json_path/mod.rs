//! The SQL/JSON path language of `json_exists`, `json_query` and `json_value`.
//!
//! A path is parsed once per query ([`JsonPath::parse`]) and evaluated per row
//! ([`JsonPath::evaluate`]) against a `serde_json` value, giving a sequence of items.
//! Items are JSON values; values passed with `PASSING` are converted to JSON values first.
//!
//! Lax mode (the default) unwraps arrays for accessors and methods that need a non-array,
//! wraps non-arrays for array accessors, and turns structural errors (missing members,
//! subscripts out of bounds) into empty sequences. Strict mode reports them. Filter
//! predicates never fail: errors make them unknown.

mod ast;
mod eval;
mod parse;

use std::borrow::Cow;
use std::collections::HashMap;

use serde_json::Value;

use ast::{PathExpr, Predicate, Subscript};

/// A parsed SQL/JSON path.
#[derive(Debug, Clone)]
pub struct JsonPath {
    lax: bool,
    expr: PathExpr,
}

impl JsonPath {
    /// Parses `text` (`[lax | strict] expression`); the error describes the syntax problem.
    pub fn parse(text: &str) -> Result<JsonPath, String> {
        let (lax, expr) = parse::parse_path(text)?;
        Ok(JsonPath { lax, expr })
    }

    /// Evaluates the path with `input` as `$` and `variables` as `$name`; the error
    /// describes the evaluation failure (structural errors in strict mode, type errors,
    /// division by zero, ...).
    pub fn evaluate<'a>(
        &self,
        input: &'a Value,
        variables: &'a HashMap<String, Value>,
    ) -> Result<Vec<Cow<'a, Value>>, String> {
        let env = eval::Env {
            lax: self.lax,
            root: input,
            variables,
            current: None,
            last: None,
        };
        eval::evaluate(&self.expr, env)
    }

    /// The names of the variables (`$name`) the path refers to.
    pub fn variable_names(&self) -> Vec<&str> {
        let mut names = Vec::new();
        collect_variables(&self.expr, &mut names);
        names
    }
}

fn collect_variables<'a>(expr: &'a PathExpr, names: &mut Vec<&'a str>) {
    match expr {
        PathExpr::Variable(name) => names.push(name),
        PathExpr::Context | PathExpr::Current | PathExpr::Last | PathExpr::Literal(_) => {}
        PathExpr::Member(base, _)
        | PathExpr::Descendant(base, _)
        | PathExpr::Method(base, _)
        | PathExpr::Sign(base, _) => collect_variables(base, names),
        PathExpr::Array(base, subscripts) => {
            collect_variables(base, names);
            for subscript in subscripts.iter().flatten() {
                match subscript {
                    Subscript::Index(i) => collect_variables(i, names),
                    Subscript::Range(from, to) => {
                        collect_variables(from, names);
                        collect_variables(to, names);
                    }
                }
            }
        }
        PathExpr::Filter(base, predicate) => {
            collect_variables(base, names);
            collect_predicate_variables(predicate, names);
        }
        PathExpr::Arithmetic(left, _, right) => {
            collect_variables(left, names);
            collect_variables(right, names);
        }
    }
}

fn collect_predicate_variables<'a>(predicate: &'a Predicate, names: &mut Vec<&'a str>) {
    match predicate {
        Predicate::And(a, b) | Predicate::Or(a, b) => {
            collect_predicate_variables(a, names);
            collect_predicate_variables(b, names);
        }
        Predicate::Not(p) | Predicate::IsUnknown(p) => collect_predicate_variables(p, names),
        Predicate::Exists(e) | Predicate::LikeRegex(e, _) => collect_variables(e, names),
        Predicate::Compare(a, _, b) | Predicate::StartsWith(a, b) => {
            collect_variables(a, names);
            collect_variables(b, names);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn run(path: &str, input: Value) -> Result<Vec<Value>, String> {
        run_with(path, input, HashMap::new())
    }

    fn run_with(
        path: &str,
        input: Value,
        variables: HashMap<String, Value>,
    ) -> Result<Vec<Value>, String> {
        let path = JsonPath::parse(path).unwrap_or_else(|e| panic!("{path}: {e}"));
        path.evaluate(&input, &variables)
            .map(|items| items.into_iter().map(Cow::into_owned).collect())
    }

    fn customers() -> Value {
        json!([
            {"customer": 100, "region": "AFRICA"},
            {"region": "ASIA"},
            {"customer": 300, "region": "AFRICA", "comment": null}
        ])
    }

    #[test]
    fn members_in_lax_and_strict_mode() {
        assert_eq!(
            run("lax $[*].customer", customers()),
            Ok(vec![json!(100), json!(300)])
        );
        assert_eq!(
            run("lax $.customer", customers()),
            Ok(vec![json!(100), json!(300)])
        );
        assert!(run("strict $[*].customer", customers()).is_err());
        assert!(run("strict $.customer", customers()).is_err());
        assert_eq!(run("lax $.a", json!(1)), Ok(vec![]));
        assert_eq!(
            run("lax $[0].*", customers()),
            Ok(vec![json!(100), json!("AFRICA")])
        );
        assert_eq!(
            run(
                "lax $..comment",
                json!({"id": 1, "notes": [{"comment": "foo"}], "comment": ["bar"]})
            ),
            Ok(vec![json!(["bar"]), json!("foo")])
        );
    }

    #[test]
    fn array_accessors() {
        let arrays = json!([[0, 1, 2], ["a", "b", "c", "d"], [null, null]]);
        assert_eq!(
            run("lax $[*][last]", arrays.clone()),
            Ok(vec![json!(2), json!("d"), json!(null)])
        );
        assert_eq!(
            run("lax $[*][2 to 3]", arrays.clone()),
            Ok(vec![json!(2), json!("c"), json!("d")])
        );
        assert!(run("strict $[*][2 to 3]", arrays.clone()).is_err());
        assert_eq!(
            run("lax $[*].size()", arrays),
            Ok(vec![json!(3), json!(4), json!(2)])
        );
        assert_eq!(run("lax $[0]", json!(7)), Ok(vec![json!(7)]));
        assert!(run("strict $[0]", json!(7)).is_err());
        assert_eq!(run("lax $[5 to 3]", json!([1, 2])), Ok(vec![]));
        assert!(run("strict $[1 to 0]", json!([1, 2])).is_err());
        assert_eq!(run("lax $[last - 1]", json!([1, 2, 3])), Ok(vec![json!(2)]));
    }

    #[test]
    fn filters_and_predicates() {
        assert_eq!(
            run("lax $?(@.region != \"ASIA\").customer", customers()),
            Ok(vec![json!(100), json!(300)])
        );
        assert_eq!(
            run("lax $?(!exists(@.customer)).region", customers()),
            Ok(vec![json!("ASIA")])
        );
        assert_eq!(
            run("lax $[*]?(@ > 10)", json!([10, 13, 16])),
            Ok(vec![json!(13), json!(16)])
        );
        // comparing text with a number is unknown, so the item is dropped
        assert_eq!(run("lax $[*]?(@ > 1)", json!(["a", 2])), Ok(vec![json!(2)]));
        assert_eq!(
            run("lax $[*]?((@ > 1) is unknown)", json!(["a", 2])),
            Ok(vec![json!("a")])
        );
        assert_eq!(
            run(
                "lax $[*]?(@ starts with \"ab\" || @ like_regex \"^X\" flag \"i\")",
                json!(["abc", "xy", "b"])
            ),
            Ok(vec![json!("abc"), json!("xy")])
        );
        assert_eq!(
            run("lax $?(@ == null)", json!([null, 1])),
            Ok(vec![json!(null)])
        );
    }

    #[test]
    fn arithmetic_and_methods() {
        assert_eq!(
            run("strict $.price + $.tax", json!({"price": 10, "tax": 2})),
            Ok(vec![json!(12)])
        );
        assert_eq!(run("lax 7 / 2", json!(null)), Ok(vec![json!(3)]));
        assert!(run("lax 1 / 0", json!(null)).is_err());
        assert!(run("lax $ + 1", json!([1, 2])).is_err());
        assert_eq!(
            run("lax -$[*]", json!([1, 2])),
            Ok(vec![json!(-1), json!(-2)])
        );
        assert_eq!(
            run("lax $[*].ceiling()", json!([-1.5, -1, 1.3])),
            Ok(vec![json!(-1.0), json!(-1), json!(2.0)])
        );
        assert_eq!(
            run("lax $[*].floor()", json!([-1.5, -1, 1.3])),
            Ok(vec![json!(-2.0), json!(-1), json!(1.0)])
        );
        assert_eq!(
            run("lax $.abs()", json!([-1.5, -1, 1.3])),
            Ok(vec![json!(1.5), json!(1), json!(1.3)])
        );
        assert_eq!(
            run("lax $.double()", json!([-1, "5.6"])),
            Ok(vec![json!(-1.0), json!(5.6)])
        );
        assert!(run("lax $.floor()", json!([1, "a"])).is_err());
        assert_eq!(
            run("lax $.a.type()", json!({"a": [1]})),
            Ok(vec![json!("array")])
        );
        assert_eq!(
            run("lax $.keyvalue()", json!({"a": 1})),
            Ok(vec![json!({"name": "a", "value": 1, "id": 0})])
        );
        assert_eq!(run("lax $.size()", json!({"a": 1})), Ok(vec![json!(1)]));
        assert!(run("strict $.size()", json!({"a": 1})).is_err());
    }

    #[test]
    fn variables() {
        let vars = HashMap::from([("lim".to_string(), json!(7)), ("i".to_string(), json!(1))]);
        assert_eq!(
            run_with("lax $[*]?(@ > $lim)", json!([1, 5, 9]), vars.clone()),
            Ok(vec![json!(9)])
        );
        assert_eq!(
            run_with("lax $[$i]", json!([10, 20]), vars.clone()),
            Ok(vec![json!(20)])
        );
        assert!(run_with("lax $missing", json!(1), vars).is_err());
        let path = JsonPath::parse("lax $[$i]?(@ > $lim)").expect("parses");
        assert_eq!(path.variable_names(), vec!["i", "lim"]);
    }
}
