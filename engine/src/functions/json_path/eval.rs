//! Evaluates a path's syntax tree against a JSON item, in lax or strict mode.

use std::borrow::Cow;
use std::cmp::Ordering;
use std::collections::HashMap;

use serde_json::{Map, Number, Value};

use super::ast::{ArithmeticOp, Comparison, Method, PathExpr, Predicate, Subscript};

/// A sequence of items; borrowed from the input or the variables where possible.
pub(crate) type Sequence<'a> = Vec<Cow<'a, Value>>;

/// What an evaluation sees: the context item, the named variables, the filter's current
/// item and the `last` index of the innermost array accessor.
#[derive(Clone, Copy)]
pub(crate) struct Env<'a> {
    pub lax: bool,
    pub root: &'a Value,
    pub variables: &'a HashMap<String, Value>,
    pub current: Option<&'a Value>,
    pub last: Option<i64>,
}

/// Three-valued logic of filter predicates.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Truth {
    True,
    False,
    Unknown,
}

impl Truth {
    fn of(b: bool) -> Self {
        if b { Truth::True } else { Truth::False }
    }
}

fn structural(message: impl Into<String>) -> String {
    format!("structural error: {}", message.into())
}

fn type_name(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}

/// In lax mode, replaces every array of `items` by its elements (one level).
fn unwrap_arrays(items: Sequence<'_>, lax: bool) -> Sequence<'_> {
    if !lax || !items.iter().any(|i| i.is_array()) {
        return items;
    }
    let mut out = Vec::with_capacity(items.len());
    for item in items {
        match item {
            Cow::Borrowed(Value::Array(elements)) => out.extend(elements.iter().map(Cow::Borrowed)),
            Cow::Owned(Value::Array(elements)) => out.extend(elements.into_iter().map(Cow::Owned)),
            other => out.push(other),
        }
    }
    out
}

/// Evaluates `expr` to a sequence, or fails with a path evaluation error.
pub(crate) fn evaluate<'a>(expr: &PathExpr, env: Env<'a>) -> Result<Sequence<'a>, String> {
    match expr {
        PathExpr::Context => Ok(vec![Cow::Borrowed(env.root)]),
        PathExpr::Variable(name) => env
            .variables
            .get(name)
            .map(|v| vec![Cow::Borrowed(v)])
            .ok_or_else(|| format!("no value passed for parameter {name}")),
        PathExpr::Current => env
            .current
            .map(|v| vec![Cow::Borrowed(v)])
            .ok_or_else(|| "'@' outside of a filter".to_string()),
        PathExpr::Last => env
            .last
            .map(|l| vec![Cow::Owned(Value::from(l))])
            .ok_or_else(|| "'last' outside of an array accessor".to_string()),
        PathExpr::Literal(v) => Ok(vec![Cow::Owned(v.clone())]),
        PathExpr::Member(base, key) => {
            let items = unwrap_arrays(evaluate(base, env)?, env.lax);
            let mut out = Vec::new();
            for item in items {
                match (item, key) {
                    (Cow::Borrowed(Value::Object(map)), Some(key)) => match map.get(key) {
                        Some(v) => out.push(Cow::Borrowed(v)),
                        None if env.lax => {}
                        None => return Err(structural(format!("missing member '{key}'"))),
                    },
                    (Cow::Owned(Value::Object(mut map)), Some(key)) => match map.remove(key) {
                        Some(v) => out.push(Cow::Owned(v)),
                        None if env.lax => {}
                        None => return Err(structural(format!("missing member '{key}'"))),
                    },
                    (Cow::Borrowed(Value::Object(map)), None) => {
                        out.extend(map.values().map(Cow::Borrowed))
                    }
                    (Cow::Owned(Value::Object(map)), None) => {
                        out.extend(map.into_iter().map(|(_, v)| Cow::Owned(v)))
                    }
                    (_, _) if env.lax => {}
                    (other, _) => {
                        return Err(structural(format!(
                            "member accessor on {}",
                            type_name(&other)
                        )));
                    }
                }
            }
            Ok(out)
        }
        PathExpr::Descendant(base, key) => {
            let items = evaluate(base, env)?;
            let mut out = Vec::new();
            for item in &items {
                descendants(item, key, &mut out);
            }
            Ok(out)
        }
        PathExpr::Array(base, subscripts) => {
            let items = evaluate(base, env)?;
            let mut out = Vec::new();
            for item in items {
                let elements: Vec<Cow<'a, Value>> = match item {
                    Cow::Borrowed(Value::Array(elements)) => {
                        elements.iter().map(Cow::Borrowed).collect()
                    }
                    Cow::Owned(Value::Array(elements)) => {
                        elements.into_iter().map(Cow::Owned).collect()
                    }
                    other if env.lax => vec![other],
                    other => {
                        return Err(structural(format!(
                            "array accessor on {}",
                            type_name(&other)
                        )));
                    }
                };
                let Some(subscripts) = subscripts else {
                    out.extend(elements);
                    continue;
                };
                let inner = Env {
                    last: Some(elements.len() as i64 - 1),
                    ..env
                };
                for subscript in subscripts {
                    let (from, to) = match subscript {
                        Subscript::Index(i) => {
                            let i = index(i, inner)?;
                            (i, i)
                        }
                        Subscript::Range(from, to) => (index(from, inner)?, index(to, inner)?),
                    };
                    let len = elements.len() as i64;
                    if !env.lax && (from > to || from < 0 || to >= len) {
                        return Err(structural(format!(
                            "array subscript [{from}, {to}] out of bounds for size {len}"
                        )));
                    }
                    for i in from.max(0)..=to.min(len - 1) {
                        out.push(elements[i as usize].clone());
                    }
                }
            }
            Ok(out)
        }
        PathExpr::Filter(base, predicate) => {
            let items = unwrap_arrays(evaluate(base, env)?, env.lax);
            let keep: Vec<bool> = items
                .iter()
                .map(|item| {
                    let inner = Env {
                        current: Some(item.as_ref()),
                        ..env
                    };
                    test(predicate, inner) == Truth::True
                })
                .collect();
            Ok(items
                .into_iter()
                .zip(keep)
                .filter_map(|(item, keep)| keep.then_some(item))
                .collect())
        }
        PathExpr::Method(base, method) => {
            let items = evaluate(base, env)?;
            apply_method(*method, items, env.lax)
        }
        PathExpr::Sign(base, negate) => {
            let items = unwrap_arrays(evaluate(base, env)?, env.lax);
            items
                .into_iter()
                .map(|item| match item.as_ref() {
                    Value::Number(n) if *negate => negated(n).map(Cow::Owned),
                    Value::Number(_) => Ok(item),
                    other => Err(format!("unary sign applied to {}", type_name(other))),
                })
                .collect()
        }
        PathExpr::Arithmetic(left, op, right) => {
            let left = single_number(left, env)?;
            let right = single_number(right, env)?;
            arithmetic(&left, *op, &right).map(|v| vec![Cow::Owned(v)])
        }
    }
}

fn descendants<'a>(item: &Cow<'a, Value>, key: &str, out: &mut Sequence<'a>) {
    match item {
        Cow::Borrowed(value) => descendants_borrowed(value, key, out),
        Cow::Owned(value) => {
            let mut found = Vec::new();
            descendants_borrowed(value, key, &mut found);
            out.extend(found.into_iter().map(|v| Cow::Owned(v.into_owned())));
        }
    }
}

fn descendants_borrowed<'a>(value: &'a Value, key: &str, out: &mut Sequence<'a>) {
    match value {
        Value::Object(map) => {
            if let Some(v) = map.get(key) {
                out.push(Cow::Borrowed(v));
            }
            for child in map.values() {
                descendants_borrowed(child, key, out);
            }
        }
        Value::Array(elements) => {
            for child in elements {
                descendants_borrowed(child, key, out);
            }
        }
        _ => {}
    }
}

/// A subscript's value: a single integral number.
fn index(expr: &PathExpr, env: Env<'_>) -> Result<i64, String> {
    let number = single_number(expr, env)?;
    match number.as_i64() {
        Some(i) => Ok(i),
        None => match number.as_f64() {
            Some(f) if f.fract() == 0.0 && f.abs() < 9.0e18 => Ok(f as i64),
            _ => Err(format!("invalid array subscript {number}")),
        },
    }
}

fn single_number(expr: &PathExpr, env: Env<'_>) -> Result<Number, String> {
    let items = unwrap_arrays(evaluate(expr, env)?, env.lax);
    match items.as_slice() {
        [item] => match item.as_ref() {
            Value::Number(n) => Ok(n.clone()),
            other => Err(format!("expected a number, found {}", type_name(other))),
        },
        _ => Err(format!(
            "expected a single numeric item, found {} items",
            items.len()
        )),
    }
}

fn float(n: &Number) -> f64 {
    n.as_f64().unwrap_or(f64::NAN)
}

fn number_from_f64(f: f64) -> Result<Value, String> {
    Number::from_f64(f)
        .map(Value::Number)
        .ok_or_else(|| format!("arithmetic result {f} is not a JSON number"))
}

fn negated(n: &Number) -> Result<Value, String> {
    match n.as_i64() {
        Some(i) => i
            .checked_neg()
            .map(Value::from)
            .ok_or_else(|| "numeric overflow".to_string()),
        None => number_from_f64(-float(n)),
    }
}

fn arithmetic(left: &Number, op: ArithmeticOp, right: &Number) -> Result<Value, String> {
    if let (Some(a), Some(b)) = (left.as_i64(), right.as_i64()) {
        let result = match op {
            ArithmeticOp::Add => a.checked_add(b),
            ArithmeticOp::Subtract => a.checked_sub(b),
            ArithmeticOp::Multiply => a.checked_mul(b),
            ArithmeticOp::Divide | ArithmeticOp::Modulus if b == 0 => {
                return Err("division by zero".into());
            }
            ArithmeticOp::Divide => a.checked_div(b),
            ArithmeticOp::Modulus => a.checked_rem(b),
        };
        return result
            .map(Value::from)
            .ok_or_else(|| "numeric overflow".to_string());
    }
    let (a, b) = (float(left), float(right));
    if matches!(op, ArithmeticOp::Divide | ArithmeticOp::Modulus) && b == 0.0 {
        return Err("division by zero".into());
    }
    number_from_f64(match op {
        ArithmeticOp::Add => a + b,
        ArithmeticOp::Subtract => a - b,
        ArithmeticOp::Multiply => a * b,
        ArithmeticOp::Divide => a / b,
        ArithmeticOp::Modulus => a % b,
    })
}

fn apply_method<'a>(
    method: Method,
    items: Sequence<'a>,
    lax: bool,
) -> Result<Sequence<'a>, String> {
    let mut out = Vec::with_capacity(items.len());
    match method {
        Method::Type => {
            for item in &items {
                out.push(Cow::Owned(Value::from(type_name(item))));
            }
        }
        Method::Size => {
            for item in &items {
                let size = match item.as_ref() {
                    Value::Array(elements) => elements.len(),
                    _ if lax => 1,
                    other => {
                        return Err(structural(format!(
                            "size() applied to {}",
                            type_name(other)
                        )));
                    }
                };
                out.push(Cow::Owned(Value::from(size as i64)));
            }
        }
        Method::KeyValue => {
            for (id, item) in unwrap_arrays(items, lax).iter().enumerate() {
                let Value::Object(map) = item.as_ref() else {
                    return Err(format!("keyvalue() applied to {}", type_name(item)));
                };
                for (name, value) in map {
                    let mut entry = Map::new();
                    entry.insert("name".into(), Value::from(name.as_str()));
                    entry.insert("value".into(), value.clone());
                    entry.insert("id".into(), Value::from(id as i64));
                    out.push(Cow::Owned(Value::Object(entry)));
                }
            }
        }
        Method::Abs | Method::Ceiling | Method::Floor | Method::Double => {
            for item in unwrap_arrays(items, lax) {
                let value = match (method, item.as_ref()) {
                    (Method::Double, Value::Number(n)) => number_from_f64(float(n))?,
                    (Method::Double, Value::String(s)) => match s.trim().parse::<f64>() {
                        Ok(f) if f.is_finite() => number_from_f64(f)?,
                        _ => return Err(format!("cannot convert \"{s}\" to double")),
                    },
                    (_, Value::Number(n)) if n.as_i64().is_some() || n.as_u64().is_some() => {
                        match (method, n.as_i64()) {
                            (Method::Abs, Some(i)) => i
                                .checked_abs()
                                .map(Value::from)
                                .ok_or_else(|| "numeric overflow".to_string())?,
                            _ => Value::Number(n.clone()),
                        }
                    }
                    (_, Value::Number(n)) => number_from_f64(match method {
                        Method::Abs => float(n).abs(),
                        Method::Ceiling => float(n).ceil(),
                        _ => float(n).floor(),
                    })?,
                    (_, other) => {
                        return Err(format!(
                            "{}() applied to {}",
                            format!("{method:?}").to_lowercase(),
                            type_name(other)
                        ));
                    }
                };
                out.push(Cow::Owned(value));
            }
        }
    }
    Ok(out)
}

/// Evaluates a filter predicate; errors become unknown.
fn test(predicate: &Predicate, env: Env<'_>) -> Truth {
    match predicate {
        Predicate::And(a, b) => match (test(a, env), test(b, env)) {
            (Truth::False, _) | (_, Truth::False) => Truth::False,
            (Truth::True, Truth::True) => Truth::True,
            _ => Truth::Unknown,
        },
        Predicate::Or(a, b) => match (test(a, env), test(b, env)) {
            (Truth::True, _) | (_, Truth::True) => Truth::True,
            (Truth::False, Truth::False) => Truth::False,
            _ => Truth::Unknown,
        },
        Predicate::Not(p) => match test(p, env) {
            Truth::True => Truth::False,
            Truth::False => Truth::True,
            Truth::Unknown => Truth::Unknown,
        },
        Predicate::IsUnknown(p) => Truth::of(test(p, env) == Truth::Unknown),
        Predicate::Exists(path) => match evaluate(path, env) {
            Ok(items) => Truth::of(!items.is_empty()),
            Err(_) => Truth::Unknown,
        },
        Predicate::Compare(left, op, right) => {
            let (Ok(left), Ok(right)) = (evaluate(left, env), evaluate(right, env)) else {
                return Truth::Unknown;
            };
            let left = unwrap_arrays(left, env.lax);
            let right = unwrap_arrays(right, env.lax);
            any_pair(
                env.lax,
                left.iter()
                    .flat_map(|l| right.iter().map(move |r| compare(l, *op, r))),
            )
        }
        Predicate::StartsWith(whole, prefix) => {
            let (Ok(whole), Ok(prefix)) = (evaluate(whole, env), evaluate(prefix, env)) else {
                return Truth::Unknown;
            };
            let [prefix] = prefix.as_slice() else {
                return Truth::Unknown;
            };
            let Value::String(prefix) = prefix.as_ref() else {
                return Truth::Unknown;
            };
            let whole = unwrap_arrays(whole, env.lax);
            any_pair(
                env.lax,
                whole.iter().map(|item| match item.as_ref() {
                    Value::String(s) => Some(s.starts_with(prefix.as_str())),
                    _ => None,
                }),
            )
        }
        Predicate::LikeRegex(input, regex) => {
            let Ok(items) = evaluate(input, env) else {
                return Truth::Unknown;
            };
            let items = unwrap_arrays(items, env.lax);
            any_pair(
                env.lax,
                items.iter().map(|item| match item.as_ref() {
                    Value::String(s) => Some(regex.is_match(s)),
                    _ => None,
                }),
            )
        }
    }
}

/// Combines item-wise outcomes (`None` = error): true if any is true; an error makes the
/// result unknown (in lax mode only when it comes before the first true).
fn any_pair(lax: bool, outcomes: impl Iterator<Item = Option<bool>>) -> Truth {
    let mut found = false;
    let mut failed = false;
    for outcome in outcomes {
        match outcome {
            Some(true) if lax => return Truth::True,
            Some(true) => found = true,
            Some(false) => {}
            None if lax => return Truth::Unknown,
            None => failed = true,
        }
    }
    if failed {
        Truth::Unknown
    } else {
        Truth::of(found)
    }
}

/// Compares two items; `None` when they are not comparable.
fn compare(left: &Value, op: Comparison, right: &Value) -> Option<bool> {
    let ordering = match (left, right) {
        (Value::Null, Value::Null) => return Some(op == Comparison::Equal),
        (Value::Null, _) | (_, Value::Null) => return Some(false),
        (Value::Number(a), Value::Number(b)) => match (a.as_i64(), b.as_i64()) {
            (Some(a), Some(b)) => a.cmp(&b),
            _ => float(a).partial_cmp(&float(b))?,
        },
        (Value::String(a), Value::String(b)) => a.cmp(b),
        (Value::Bool(a), Value::Bool(b)) => a.cmp(b),
        _ => return None,
    };
    Some(match op {
        Comparison::Equal => ordering == Ordering::Equal,
        Comparison::NotEqual => ordering != Ordering::Equal,
        Comparison::Less => ordering == Ordering::Less,
        Comparison::LessOrEqual => ordering != Ordering::Greater,
        Comparison::Greater => ordering == Ordering::Greater,
        Comparison::GreaterOrEqual => ordering != Ordering::Less,
    })
}
