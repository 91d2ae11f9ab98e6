//! Trino's JSON functions: `json_parse`, `json_format`, `json_extract`,
//! `json_extract_scalar`, `json_size`, `json_array_length`, `json_array_get`,
//! `json_array_contains` and `is_json_scalar`.
//!
//! A Trino `json` value is `Utf8` text tagged `json` in the field metadata. `json_parse`
//! writes the canonical form Trino writes: no whitespace, object keys sorted, numbers with a
//! fraction or exponent printed as Java prints a `double` (`1.0E20`). The functions taking
//! `json` also take `varchar` text; malformed text gives NULL (`json_parse` and
//! `is_json_scalar` raise `INVALID_FUNCTION_ARGUMENT`).
//!
//! `json_extract*` and `json_size` take Trino's legacy JSONPath: `$`, `.key`, `["key"]`,
//! `[key]` and `[index]`, followed by a streaming walk of the document ([`walk`]).

use std::fmt::Write as _;
use std::sync::Arc;

use arrow::array::{BooleanBuilder, Int64Builder, StringBuilder};
use arrow::datatypes::DataType;
use datafusion::common::types::logical_boolean;
use datafusion::error::Result;
use datafusion::logical_expr::{Coercion, ColumnarValue, ScalarUDF, TypeSignatureClass};
use serde_json::{Number, Value};

use super::args::{Batch, Returns, Strings, float64, function, int64, string};
use super::error::invalid_argument;
use walk::Step;

mod walk;

/// The JSON functions, for registration in a session.
pub fn json_functions() -> Vec<ScalarUDF> {
    let boolean = Coercion::new_exact(TypeSignatureClass::Native(logical_boolean()));
    vec![
        function(
            "json_parse",
            vec![vec![string()]],
            Returns::Json,
            json_parse,
        ),
        function(
            "json_format",
            vec![vec![string()]],
            Returns::Type(DataType::Utf8),
            json_format,
        ),
        function(
            "json_extract",
            vec![vec![string(), string()]],
            Returns::Json,
            |b| extract(b, Extract::Json),
        ),
        function(
            "json_extract_scalar",
            vec![vec![string(), string()]],
            Returns::Type(DataType::Utf8),
            |b| extract(b, Extract::Scalar),
        ),
        function(
            "json_size",
            vec![vec![string(), string()]],
            Returns::Type(DataType::Int64),
            json_size,
        ),
        function(
            "json_array_length",
            vec![vec![string()]],
            Returns::Type(DataType::Int64),
            json_array_length,
        ),
        function(
            "json_array_get",
            vec![vec![string(), int64()]],
            Returns::Json,
            json_array_get,
        ),
        function(
            "json_array_contains",
            vec![
                vec![string(), boolean],
                vec![string(), int64()],
                vec![string(), float64()],
                vec![string(), string()],
            ],
            Returns::Type(DataType::Boolean),
            json_array_contains,
        ),
        function(
            "is_json_scalar",
            vec![vec![string()]],
            Returns::Type(DataType::Boolean),
            is_json_scalar,
        ),
    ]
}

fn write_number(number: &Number, out: &mut String) {
    if number.is_f64() {
        protocol::java_double_text(number.as_f64().unwrap_or(f64::NAN), out);
    } else {
        let _ = write!(out, "{number}");
    }
}

/// Writes `value` as compact JSON; object keys sorted when `sorted`, else in input order.
pub fn write_json(value: &Value, sorted: bool, out: &mut String) {
    match value {
        Value::Null => out.push_str("null"),
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Number(n) => write_number(n, out),
        Value::String(s) => write_string(s, out),
        Value::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_json(item, sorted, out);
            }
            out.push(']');
        }
        Value::Object(map) => {
            out.push('{');
            let mut entries: Vec<_> = map.iter().collect();
            if sorted {
                entries.sort_by(|a, b| a.0.cmp(b.0));
            }
            for (i, (key, item)) in entries.into_iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_string(key, out);
                out.push(':');
                write_json(item, sorted, out);
            }
            out.push('}');
        }
    }
}

fn write_string(s: &str, out: &mut String) {
    // serde_json's escaping matches Jackson's for the characters JSON requires escaping.
    out.push_str(&Value::String(s.to_owned()).to_string());
}

fn parse(text: &str) -> Option<Value> {
    serde_json::from_str(text).ok()
}

fn json_parse(batch: &Batch) -> Result<ColumnarValue> {
    let input = batch.strings(0)?;
    let mut out = StringBuilder::with_capacity(batch.rows, input.byte_hint());
    let mut buffer = String::new();
    for i in 0..batch.rows {
        match input.get(i) {
            Some(text) => {
                let value = parse(text).ok_or_else(|| {
                    invalid_argument(format!("Cannot convert value to JSON: '{text}'"))
                })?;
                buffer.clear();
                write_json(&value, true, &mut buffer);
                out.append_value(&buffer);
            }
            None => out.append_null(),
        }
    }
    batch.finish(Arc::new(out.finish()))
}

fn json_format(batch: &Batch) -> Result<ColumnarValue> {
    let input = batch.strings(0)?;
    let mut out = StringBuilder::with_capacity(batch.rows, input.byte_hint());
    for i in 0..batch.rows {
        out.append_option(input.get(i));
    }
    batch.finish(Arc::new(out.finish()))
}

/// Parses Trino's legacy JSONPath (`$.a.b[0]["c d"]`).
fn parse_path(path: &str) -> Result<Vec<Step>> {
    let invalid = || invalid_argument(format!("Invalid JSON path: '{path}'"));
    let rest = path.trim().strip_prefix('$').ok_or_else(invalid)?;
    let mut steps = Vec::new();
    let mut chars = rest.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '.' => {
                let mut key = String::new();
                while let Some(&k) = chars.peek() {
                    if k == '.' || k == '[' {
                        break;
                    }
                    key.push(k);
                    chars.next();
                }
                if key.is_empty() || key.contains(|k: char| k.is_whitespace() || k == ']') {
                    return Err(invalid());
                }
                steps.push(Step::key(key));
            }
            '[' => {
                let mut key = String::new();
                match chars.peek() {
                    Some(&q @ ('"' | '\'')) => {
                        chars.next();
                        loop {
                            match chars.next() {
                                Some('\\') => key.push(chars.next().ok_or_else(invalid)?),
                                Some(k) if k == q => break,
                                Some(k) => key.push(k),
                                None => return Err(invalid()),
                            }
                        }
                        if chars.next() != Some(']') {
                            return Err(invalid());
                        }
                        steps.push(Step::key(key));
                    }
                    _ => {
                        loop {
                            match chars.next() {
                                Some(']') => break,
                                Some(k) => key.push(k),
                                None => return Err(invalid()),
                            }
                        }
                        let key = key.trim();
                        if key.is_empty() {
                            return Err(invalid());
                        }
                        steps.push(match key.parse::<usize>() {
                            Ok(index) => Step::index(index),
                            Err(_) => Step::key(key.to_string()),
                        });
                    }
                }
            }
            _ => return Err(invalid()),
        }
    }
    Ok(steps)
}

/// Compiled paths of one batch: the scalar path once, or each row's.
enum Paths<'a> {
    Scalar(Option<Vec<Step>>),
    Column(Strings<'a>),
}

impl<'a> Paths<'a> {
    fn new(paths: Strings<'a>) -> Result<Self> {
        Ok(match paths.scalar() {
            Some(path) => Paths::Scalar(path.map(parse_path).transpose()?),
            None => Paths::Column(paths),
        })
    }

    fn with<T>(&self, i: usize, f: impl FnOnce(&[Step]) -> T) -> Result<Option<T>> {
        match self {
            Paths::Scalar(steps) => Ok(steps.as_deref().map(f)),
            Paths::Column(paths) => match paths.get(i) {
                Some(path) => Ok(Some(f(&parse_path(path)?))),
                None => Ok(None),
            },
        }
    }
}

#[derive(Clone, Copy)]
enum Extract {
    Json,
    Scalar,
}

fn extract(batch: &Batch, kind: Extract) -> Result<ColumnarValue> {
    let input = batch.strings(0)?;
    let paths = Paths::new(batch.strings(1)?)?;
    let mut out = StringBuilder::with_capacity(batch.rows, 0);
    let mut buffer = String::new();
    for i in 0..batch.rows {
        let Some(text) = input.get(i) else {
            out.append_null();
            continue;
        };
        let appended = paths.with(i, |steps| {
            let found = walk::find(text, steps)?;
            match (kind, found.kind) {
                (Extract::Scalar, walk::Kind::String) => out.append_value(found.string()?),
                (Extract::Scalar, walk::Kind::Bool) => out.append_value(found.text),
                (Extract::Scalar, walk::Kind::Number) => {
                    let Value::Number(n) = found.value()? else {
                        return None;
                    };
                    buffer.clear();
                    write_number(&n, &mut buffer);
                    out.append_value(&buffer);
                }
                (Extract::Scalar, _) => return None,
                (Extract::Json, _) => {
                    buffer.clear();
                    write_json(&found.value()?, false, &mut buffer);
                    out.append_value(&buffer);
                }
            }
            Some(())
        })?;
        if appended.flatten().is_none() {
            out.append_null();
        }
    }
    batch.finish(Arc::new(out.finish()))
}

fn json_size(batch: &Batch) -> Result<ColumnarValue> {
    let input = batch.strings(0)?;
    let paths = Paths::new(batch.strings(1)?)?;
    let mut out = Int64Builder::with_capacity(batch.rows);
    for i in 0..batch.rows {
        let size = match input.get(i) {
            Some(text) => paths
                .with(i, |steps| {
                    let found = walk::find(text, steps)?;
                    Some(match found.kind {
                        // Parsed for the size: duplicate keys count once, as in a map.
                        walk::Kind::Array | walk::Kind::Object => match found.value()? {
                            Value::Array(items) => items.len() as i64,
                            Value::Object(map) => map.len() as i64,
                            _ => 0,
                        },
                        _ => 0,
                    })
                })?
                .flatten(),
            None => None,
        };
        out.append_option(size);
    }
    batch.finish(Arc::new(out.finish()))
}

fn json_array_length(batch: &Batch) -> Result<ColumnarValue> {
    let input = batch.strings(0)?;
    let mut out = Int64Builder::with_capacity(batch.rows);
    for i in 0..batch.rows {
        out.append_option(input.get(i).and_then(parse).and_then(|v| match v {
            Value::Array(items) => Some(items.len() as i64),
            _ => None,
        }));
    }
    batch.finish(Arc::new(out.finish()))
}

fn json_array_get(batch: &Batch) -> Result<ColumnarValue> {
    let input = batch.strings(0)?;
    let indexes = batch.ints(1)?;
    let mut out = StringBuilder::with_capacity(batch.rows, 0);
    let mut buffer = String::new();
    for i in 0..batch.rows {
        let element = match (input.get(i).and_then(parse), indexes.get(i)) {
            (Some(Value::Array(items)), Some(index)) => {
                let position = if index < 0 {
                    i64::try_from(items.len()).ok().map(|n| n + index)
                } else {
                    Some(index)
                };
                position
                    .and_then(|p| usize::try_from(p).ok())
                    .and_then(|p| items.get(p).cloned())
            }
            _ => None,
        };
        match element {
            // Trino returns a string element unquoted (documented as broken, kept as is).
            Some(Value::String(s)) => out.append_value(s),
            Some(v) => {
                buffer.clear();
                write_json(&v, false, &mut buffer);
                out.append_value(&buffer);
            }
            None => out.append_null(),
        }
    }
    batch.finish(Arc::new(out.finish()))
}

/// Whether row `i`'s needle equals a JSON array element; `None` for a NULL needle.
type Matcher<'a> = Box<dyn Fn(usize, &Value) -> Option<bool> + 'a>;

fn json_array_contains(batch: &Batch) -> Result<ColumnarValue> {
    let input = batch.strings(0)?;
    let needle = &batch.args[1];
    let mut out = BooleanBuilder::with_capacity(batch.rows);
    let matches: Matcher = match needle.data_type() {
        DataType::Boolean => {
            let array = needle.to_array(batch.rows)?;
            let values = arrow::array::AsArray::as_boolean(&array).clone();
            Box::new(move |i, v| {
                arrow::array::Array::is_valid(&values, i)
                    .then(|| matches!(v, Value::Bool(b) if *b == values.value(i)))
            })
        }
        DataType::Int64 => {
            let ints = batch.ints(1)?;
            Box::new(move |i, v| {
                ints.get(i).map(|n| match v {
                    Value::Number(x) if !x.is_f64() => x.as_i64() == Some(n),
                    _ => false,
                })
            })
        }
        DataType::Float64 => {
            let doubles = batch.doubles(1)?;
            Box::new(move |i, v| {
                doubles.get(i).map(|d| match v {
                    Value::Number(x) if x.is_f64() => d.is_finite() && x.as_f64() == Some(d),
                    _ => false,
                })
            })
        }
        _ => {
            let strings = batch.strings(1)?;
            Box::new(move |i, v| {
                strings
                    .get(i)
                    .map(|s| matches!(v, Value::String(x) if x == s))
            })
        }
    };
    for i in 0..batch.rows {
        let result = match input.get(i).and_then(parse) {
            Some(Value::Array(items)) => {
                let mut found = Some(false);
                for item in &items {
                    match matches(i, item) {
                        Some(true) => {
                            found = Some(true);
                            break;
                        }
                        Some(false) => {}
                        None => {
                            found = None;
                            break;
                        }
                    }
                }
                found
            }
            _ => None,
        };
        // A NULL needle gives NULL even for an empty array.
        let result = if input.get(i).is_some() && needle_is_null(needle, i) {
            None
        } else {
            result
        };
        out.append_option(result);
    }
    batch.finish(Arc::new(out.finish()))
}

fn needle_is_null(needle: &ColumnarValue, i: usize) -> bool {
    match needle {
        ColumnarValue::Scalar(s) => s.is_null(),
        ColumnarValue::Array(a) => arrow::array::Array::is_null(a, i),
    }
}

fn is_json_scalar(batch: &Batch) -> Result<ColumnarValue> {
    let input = batch.strings(0)?;
    let mut out = BooleanBuilder::with_capacity(batch.rows);
    for i in 0..batch.rows {
        match input.get(i) {
            Some(text) => {
                let value = parse(text)
                    .ok_or_else(|| invalid_argument(format!("Invalid JSON value: {text}")))?;
                out.append_value(!matches!(value, Value::Array(_) | Value::Object(_)));
            }
            None => out.append_null(),
        }
    }
    batch.finish(Arc::new(out.finish()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::functions::args::testing::{call, i, s};
    use datafusion::common::ScalarValue;

    fn udf(name: &str) -> ScalarUDF {
        json_functions()
            .into_iter()
            .find(|f| f.name() == name)
            .expect("function")
    }

    fn run(name: &str, args: Vec<ScalarValue>) -> ScalarValue {
        call(&udf(name), args).unwrap()
    }

    const NULL_TEXT: ScalarValue = ScalarValue::Utf8(None);

    // Expected values are the examples of Trino's documentation.

    #[test]
    fn parse_and_format() {
        assert_eq!(run("json_parse", vec![s("[1, 2, 3]")]), s("[1,2,3]"));
        assert_eq!(run("json_parse", vec![s("\"abc\"")]), s("\"abc\""));
        assert_eq!(run("json_parse", vec![s("42")]), s("42"));
        assert_eq!(run("json_parse", vec![s("true")]), s("true"));
        assert_eq!(run("json_parse", vec![s("null")]), s("null"));
        assert!(call(&udf("json_parse"), vec![s("not_json")]).is_err());
        assert_eq!(run("json_format", vec![s("[1,2,3]")]), s("[1,2,3]"));
        assert_eq!(
            run("json_format", vec![s(r#"{"a":1,"b":2}"#)]),
            s(r#"{"a":1,"b":2}"#)
        );
        // Canonical form: sorted keys, Java doubles.
        assert_eq!(
            run("json_parse", vec![s(r#"{"b": 1.50, "a": [1e20]}"#)]),
            s(r#"{"a":[1.0E20],"b":1.5}"#)
        );
    }

    #[test]
    fn json_type_is_tagged() {
        let field = udf("json_parse")
            .return_field_from_args(datafusion::logical_expr::ReturnFieldArgs {
                arg_fields: &[Arc::new(arrow::datatypes::Field::new(
                    "a",
                    DataType::Utf8,
                    true,
                ))],
                scalar_arguments: &[None],
            })
            .unwrap();
        assert_eq!(
            protocol::TrinoType::from_arrow_field(&field).unwrap(),
            protocol::TrinoType::Json
        );
    }

    #[test]
    fn array_functions() {
        assert_eq!(
            run("json_array_length", vec![s("[1, 2, 3]")]),
            ScalarValue::Int64(Some(3))
        );
        assert_eq!(
            run("json_array_contains", vec![s("[1, 2, 3]"), i(2)]),
            ScalarValue::Boolean(Some(true))
        );
        let get = |json: &str, index| run("json_array_get", vec![s(json), i(index)]);
        assert_eq!(get(r#"["a", [3, 9], "c"]"#, 0), s("a"));
        assert_eq!(get(r#"["a", [3, 9], "c"]"#, 1), s("[3,9]"));
        assert_eq!(get(r#"["c", [3, 9], "a"]"#, -1), s("a"));
        assert_eq!(get(r#"["c", [3, 9], "a"]"#, -2), s("[3,9]"));
        assert_eq!(get("[]", 0), NULL_TEXT);
        assert_eq!(get(r#"["a", "b", "c"]"#, 10), NULL_TEXT);
        assert_eq!(get(r#"["c", "b", "a"]"#, -10), NULL_TEXT);
        assert_eq!(
            run("is_json_scalar", vec![s("1")]),
            ScalarValue::Boolean(Some(true))
        );
        assert_eq!(
            run("is_json_scalar", vec![s("[1, 2, 3]")]),
            ScalarValue::Boolean(Some(false))
        );
    }

    #[test]
    fn extract_and_size() {
        assert_eq!(
            run("json_extract_scalar", vec![s("[1, 2, 3]"), s("$[2]")]),
            s("3")
        );
        let doc = r#"{"store": {"book": [{"author": "Nigel"}], "book name": 1}}"#;
        assert_eq!(
            run(
                "json_extract_scalar",
                vec![s(doc), s("$.store.book[0].author")]
            ),
            s("Nigel")
        );
        assert_eq!(
            run("json_extract", vec![s(doc), s("$.store.book")]),
            s(r#"[{"author":"Nigel"}]"#)
        );
        assert_eq!(
            run("json_extract", vec![s(doc), s("$.store[book]")]),
            s(r#"[{"author":"Nigel"}]"#)
        );
        assert_eq!(
            run("json_extract", vec![s(doc), s(r#"$.store["book name"]"#)]),
            s("1")
        );
        assert_eq!(
            run("json_extract_scalar", vec![s(doc), s("$.store")]),
            NULL_TEXT
        );
        let size = |json: &str, path: &str| run("json_size", vec![s(json), s(path)]);
        assert_eq!(
            size(r#"{"x": {"a": 1, "b": 2}}"#, "$.x"),
            ScalarValue::Int64(Some(2))
        );
        assert_eq!(
            size(r#"{"x": [1, 2, 3]}"#, "$.x"),
            ScalarValue::Int64(Some(3))
        );
        assert_eq!(
            size(r#"{"x": {"a": 1, "b": 2}}"#, "$.x.a"),
            ScalarValue::Int64(Some(0))
        );
        assert!(call(&udf("json_extract"), vec![s("{}"), s("a.b")]).is_err());
    }

    #[test]
    fn extract_edge_cases() {
        let scalar = |json: &str, path: &str| run("json_extract_scalar", vec![s(json), s(path)]);
        let doc = r#"{"a\"b": "x\u00e9\n", "é": "😀", "n": [-0, 1e2, 12345678901234567890, 1.50],
            "t": true, "z": null, "o": {"k": [1, {"m": "v"}]}}"#;
        assert_eq!(scalar(doc, r#"$["a\"b"]"#), s("xé\n"));
        assert_eq!(scalar(doc, "$.é"), s("😀"));
        assert_eq!(scalar(doc, "$.n[0]"), s("-0.0"));
        assert_eq!(scalar(doc, "$.n[1]"), s("100.0"));
        assert_eq!(scalar(doc, "$.n[2]"), s("12345678901234567890"));
        assert_eq!(scalar(doc, "$.n[3]"), s("1.5"));
        assert_eq!(scalar(doc, "$.t"), s("true"));
        assert_eq!(scalar(doc, "$.z"), NULL_TEXT);
        assert_eq!(scalar(doc, "$.o.k[1].m"), s("v"));
        assert_eq!(scalar(doc, "$.o.k.1.m"), s("v"));
        assert_eq!(scalar(doc, "$.o.k[2]"), NULL_TEXT);
        // Invalid anywhere in the document: NULL, even after the value.
        assert_eq!(scalar(r#"{"a": "v", "b": [1,]}"#, "$.a"), NULL_TEXT);
        assert_eq!(scalar(r#"{"a": "v"} trailing"#, "$.a"), NULL_TEXT);
        // Duplicate keys: the last one.
        assert_eq!(scalar(r#"{"a": 1, "a": 2}"#, "$.a"), s("2"));
        let json = |json: &str, path: &str| run("json_extract", vec![s(json), s(path)]);
        assert_eq!(json(doc, "$.o"), s(r#"{"k":[1,{"m":"v"}]}"#));
        assert_eq!(json(doc, r#"$["a\"b"]"#), s(r#""xé\n""#));
        assert_eq!(json(doc, "$.n"), s("[-0.0,100.0,12345678901234567890,1.5]"));
        assert_eq!(
            json(r#"{"a": {"x": 1, "x": 2, "y": 3}}"#, "$.a"),
            s(r#"{"x":2,"y":3}"#)
        );
        assert_eq!(
            run("json_size", vec![s(r#"{"a": {"x": 1, "x": 2}}"#), s("$.a")]),
            ScalarValue::Int64(Some(1))
        );
        assert_eq!(
            run("json_size", vec![s(r#"{"a": [1, 2,]}"#), s("$.a")]),
            ScalarValue::Int64(None)
        );
    }

    #[test]
    fn java_doubles() {
        let format = |v| {
            let mut out = String::new();
            protocol::java_double_text(v, &mut out);
            out
        };
        assert_eq!(format(1.5), "1.5");
        assert_eq!(format(100.0), "100.0");
        assert_eq!(format(1e7), "1.0E7");
        assert_eq!(format(1.234e-5), "1.234E-5");
        assert_eq!(format(0.001), "0.001");
    }
}
