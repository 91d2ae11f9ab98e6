//! Trino's regular expression functions: `regexp_like`, `regexp_extract`,
//! `regexp_extract_all`, `regexp_replace`, `regexp_count`, `regexp_position` and
//! `regexp_split`.
//!
//! Trino reads patterns with Java's syntax; they run on the `regex` crate after
//! [`translate_pattern`] rewrites the Java-only forms it can express (`\Q...\E` quoting,
//! possessive quantifiers, `\<`/`\>` as literals). Features the crate lacks (look-around,
//! back-references) make the pattern invalid: `INVALID_FUNCTION_ARGUMENT`, as for any
//! pattern that does not compile. A scalar pattern is compiled once per batch; a pattern
//! column compiles each distinct pattern once per batch.

use std::collections::HashMap;
use std::sync::Arc;

use arrow::array::{
    ArrayRef, BooleanBuilder, Int32Builder, Int64Builder, ListBuilder, StringBuilder,
};
use arrow::datatypes::DataType;
use datafusion::error::Result;
use datafusion::logical_expr::{ColumnarValue, ScalarUDF};
use regex::Regex;

use super::args::{Batch, Returns, Strings, function, int64, string, string_list};
use super::error::invalid_argument;

/// The regular expression functions, for registration in a session.
pub fn regexp_functions() -> Vec<ScalarUDF> {
    vec![
        function(
            "regexp_like",
            vec![vec![string(), string()]],
            Returns::Type(DataType::Boolean),
            regexp_like,
        ),
        function(
            "regexp_extract",
            vec![vec![string(), string()], vec![string(), string(), int64()]],
            Returns::Type(DataType::Utf8),
            regexp_extract,
        ),
        function(
            "regexp_extract_all",
            vec![vec![string(), string()], vec![string(), string(), int64()]],
            Returns::Type(string_list()),
            regexp_extract_all,
        ),
        function(
            "regexp_replace",
            vec![vec![string(), string()], vec![string(), string(), string()]],
            Returns::Type(DataType::Utf8),
            regexp_replace,
        ),
        function(
            "regexp_count",
            vec![vec![string(), string()]],
            Returns::Type(DataType::Int64),
            regexp_count,
        ),
        function(
            "regexp_position",
            vec![
                vec![string(), string()],
                vec![string(), string(), int64()],
                vec![string(), string(), int64(), int64()],
            ],
            Returns::Type(DataType::Int32),
            regexp_position,
        ),
        function(
            "regexp_split",
            vec![vec![string(), string()]],
            Returns::Type(string_list()),
            regexp_split,
        ),
    ]
}

/// Rewrites a Java pattern into the `regex` crate's syntax.
///
/// - `\Q...\E` quotes its content literally (to the end of the pattern without `\E`);
/// - possessive quantifiers (`a*+`, `a++`, `a?+`, `a{2}+`) become greedy ones, which match
///   the same text except where a possessive one would have failed by not backtracking;
/// - `\<` and `\>` are the literal characters in Java (word boundaries in `regex`);
/// - `\p{...}`/`\P{...}` classes are copied whole (so a `+` after their `}` stays a
///   quantifier), with Java's `Is` prefix dropped and POSIX names (`\p{Alpha}`) made ASCII
///   classes, as Java defines them.
pub fn translate_pattern(pattern: &str) -> String {
    let mut out = String::with_capacity(pattern.len() + 8);
    let mut chars = pattern.chars().peekable();
    let mut in_class = 0usize;
    while let Some(c) = chars.next() {
        match c {
            '\\' => match chars.next() {
                Some('Q') => {
                    let mut literal = String::new();
                    while let Some(q) = chars.next() {
                        if q == '\\' && chars.peek() == Some(&'E') {
                            chars.next();
                            break;
                        }
                        literal.push(q);
                    }
                    out.push_str(&regex::escape(&literal));
                }
                Some(e @ ('<' | '>')) => out.push(e),
                Some(e @ ('p' | 'P')) => push_property(&mut out, e, &mut chars),
                Some(e) => {
                    out.push('\\');
                    out.push(e);
                }
                None => out.push('\\'),
            },
            '[' => {
                in_class += 1;
                out.push(c);
                // A `]` right after `[` or `[^` is a literal member in Java.
                if chars.peek() == Some(&'^') {
                    out.push('^');
                    chars.next();
                }
                if chars.peek() == Some(&']') {
                    out.push_str("\\]");
                    chars.next();
                }
            }
            ']' if in_class > 0 => {
                in_class -= 1;
                out.push(c);
            }
            '*' | '+' | '?' | '}' if in_class == 0 => {
                out.push(c);
                if chars.peek() == Some(&'+') {
                    chars.next();
                }
            }
            _ => out.push(c),
        }
    }
    out
}

/// Copies the Unicode class after `\p` or `\P` (`negated`), `\pL` or `\p{Name}`.
fn push_property(
    out: &mut String,
    letter: char,
    chars: &mut std::iter::Peekable<std::str::Chars<'_>>,
) {
    let negated = letter == 'P';
    if chars.peek() != Some(&'{') {
        // `\pL`: a one-letter category, the same in both syntaxes.
        out.push('\\');
        out.push(letter);
        return;
    }
    chars.next();
    let name: String = chars.by_ref().take_while(|&c| c != '}').collect();
    if let Some(class) = posix_class(&name) {
        out.push_str(if negated { "[^" } else { "[" });
        out.push_str(class);
        out.push(']');
        return;
    }
    let name = name
        .strip_prefix("Is")
        .filter(|rest| !rest.is_empty())
        .unwrap_or(&name);
    out.push('\\');
    out.push(letter);
    out.push('{');
    out.push_str(name);
    out.push('}');
}

/// Java's POSIX character classes (US-ASCII only) as `regex` class members.
fn posix_class(name: &str) -> Option<&'static str> {
    Some(match name {
        "Lower" => "a-z",
        "Upper" => "A-Z",
        "ASCII" => "\\x00-\\x7F",
        "Alpha" => "a-zA-Z",
        "Digit" => "0-9",
        "Alnum" => "a-zA-Z0-9",
        "Punct" => "[:punct:]",
        "Graph" => "[:graph:]",
        "Print" => "[:print:]",
        "Blank" => " \\t",
        "Cntrl" => "[:cntrl:]",
        "XDigit" => "0-9a-fA-F",
        "Space" => " \\t\\n\\x0B\\f\\r",
        _ => return None,
    })
}

/// Compiles a Java pattern, failing with `INVALID_FUNCTION_ARGUMENT`.
pub fn compile(pattern: &str) -> Result<Regex> {
    Regex::new(&translate_pattern(pattern))
        .map_err(|e| invalid_argument(format!("Invalid regular expression '{pattern}': {e}")))
}

/// Compiled patterns of one batch: the scalar pattern, or each distinct value of a pattern
/// column.
enum Patterns<'a> {
    Scalar(Option<Regex>),
    Column(Strings<'a>, HashMap<&'a str, Regex>),
}

impl<'a> Patterns<'a> {
    fn new(patterns: Strings<'a>) -> Result<Self> {
        Ok(match patterns.scalar() {
            Some(pattern) => Patterns::Scalar(pattern.map(compile).transpose()?),
            None => Patterns::Column(patterns, HashMap::new()),
        })
    }

    /// The pattern of row `i`, `None` when it is null.
    #[inline]
    fn get(&mut self, i: usize) -> Result<Option<&Regex>> {
        match self {
            Patterns::Scalar(regex) => Ok(regex.as_ref()),
            Patterns::Column(strings, cache) => {
                let Some(pattern) = strings.get(i) else {
                    return Ok(None);
                };
                if !cache.contains_key(pattern) {
                    cache.insert(pattern, compile(pattern)?);
                }
                Ok(cache.get(pattern))
            }
        }
    }
}

fn regexp_like(batch: &Batch) -> Result<ColumnarValue> {
    let input = batch.strings(0)?;
    let mut patterns = Patterns::new(batch.strings(1)?)?;
    let mut out = BooleanBuilder::with_capacity(batch.rows);
    for i in 0..batch.rows {
        match (input.get(i), patterns.get(i)?) {
            (Some(s), Some(re)) => out.append_value(re.is_match(s)),
            _ => out.append_null(),
        }
    }
    batch.finish(Arc::new(out.finish()))
}

/// Checks a group number against a pattern, with Trino's messages.
fn check_group(re: &Regex, group: i64) -> Result<usize> {
    let groups = re.captures_len() - 1;
    if group < 0 {
        return Err(invalid_argument("Group cannot be negative"));
    }
    match usize::try_from(group) {
        Ok(g) if g <= groups => Ok(g),
        _ => Err(invalid_argument(format!(
            "Pattern has {groups} groups. Cannot access group {group}"
        ))),
    }
}

/// The group argument (third), `0` (the whole match) when absent.
fn group_arg<'a>(batch: &Batch<'a>) -> Result<Option<super::args::Ints<'a>>> {
    (batch.args.len() > 2).then(|| batch.ints(2)).transpose()
}

fn regexp_extract(batch: &Batch) -> Result<ColumnarValue> {
    let input = batch.strings(0)?;
    let mut patterns = Patterns::new(batch.strings(1)?)?;
    let groups = group_arg(batch)?;
    let mut out = StringBuilder::with_capacity(batch.rows, 0);
    for i in 0..batch.rows {
        let group = groups.map_or(Some(0), |g| g.get(i));
        match (input.get(i), patterns.get(i)?, group) {
            (Some(s), Some(re), Some(group)) => {
                let group = check_group(re, group)?;
                let found = if group == 0 {
                    re.find(s).map(|m| m.as_str())
                } else {
                    re.captures(s)
                        .and_then(|c| c.get(group))
                        .map(|m| m.as_str())
                };
                out.append_option(found);
            }
            _ => out.append_null(),
        }
    }
    batch.finish(Arc::new(out.finish()))
}

fn regexp_extract_all(batch: &Batch) -> Result<ColumnarValue> {
    let input = batch.strings(0)?;
    let mut patterns = Patterns::new(batch.strings(1)?)?;
    let groups = group_arg(batch)?;
    let mut out = ListBuilder::new(StringBuilder::new());
    for i in 0..batch.rows {
        let group = groups.map_or(Some(0), |g| g.get(i));
        match (input.get(i), patterns.get(i)?, group) {
            (Some(s), Some(re), Some(group)) => {
                let group = check_group(re, group)?;
                let values = out.values();
                if group == 0 {
                    for m in re.find_iter(s) {
                        values.append_value(m.as_str());
                    }
                } else {
                    for c in re.captures_iter(s) {
                        values.append_option(c.get(group).map(|m| m.as_str()));
                    }
                }
                out.append(true);
            }
            _ => out.append_null(),
        }
    }
    batch.finish(Arc::new(out.finish()))
}

/// A piece of a `regexp_replace` replacement string.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Piece {
    Literal(String),
    Group(usize),
}

/// Parses a Java replacement string (`$1`, `${name}`, `\$`) against `re`'s groups, with the
/// errors Java raises for references to missing groups.
fn parse_replacement(replacement: &str, re: &Regex) -> Result<Vec<Piece>> {
    let groups = re.captures_len() - 1;
    let mut pieces = Vec::new();
    let mut literal = String::new();
    let mut chars = replacement.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => match chars.next() {
                Some(escaped) => literal.push(escaped),
                None => {
                    return Err(invalid_argument(
                        "character to be escaped is missing".to_string(),
                    ));
                }
            },
            '$' => {
                let group = if chars.peek() == Some(&'{') {
                    chars.next();
                    let mut name = String::new();
                    loop {
                        match chars.next() {
                            Some('}') => break,
                            Some(n) if n.is_ascii_alphanumeric() => name.push(n),
                            _ => {
                                return Err(invalid_argument(
                                    "named capturing group is missing trailing '}'",
                                ));
                            }
                        }
                    }
                    if name.is_empty() {
                        return Err(invalid_argument("named capturing group has 0 length name"));
                    }
                    re.capture_names()
                        .position(|n| n == Some(name.as_str()))
                        .ok_or_else(|| invalid_argument(format!("No group with name {{{name}}}")))?
                } else {
                    let first = chars
                        .next()
                        .and_then(|d| d.to_digit(10))
                        .ok_or_else(|| invalid_argument("Illegal group reference"))?
                        as usize;
                    if first > groups {
                        return Err(invalid_argument(format!("No group {first}")));
                    }
                    // Like Java: take further digits while the number stays a valid group.
                    let mut group = first;
                    while let Some(d) = chars.peek().and_then(|d| d.to_digit(10)) {
                        let next = group * 10 + d as usize;
                        if next > groups {
                            break;
                        }
                        group = next;
                        chars.next();
                    }
                    group
                };
                if !literal.is_empty() {
                    pieces.push(Piece::Literal(std::mem::take(&mut literal)));
                }
                pieces.push(Piece::Group(group));
            }
            other => literal.push(other),
        }
    }
    if !literal.is_empty() {
        pieces.push(Piece::Literal(literal));
    }
    Ok(pieces)
}

/// Replaces every match of `re` in `s` with `pieces`, appending to `out` (a `String` or
/// straight into an output builder; neither fails to write).
fn replace_into(out: &mut impl std::fmt::Write, s: &str, re: &Regex, pieces: &[Piece]) {
    let mut push = |text: &str| {
        let _ = out.write_str(text);
    };
    if let [] | [Piece::Literal(_)] = pieces {
        let literal = match pieces {
            [Piece::Literal(l)] => l.as_str(),
            _ => "",
        };
        let mut last = 0;
        for m in re.find_iter(s) {
            push(&s[last..m.start()]);
            push(literal);
            last = m.end();
        }
        push(&s[last..]);
        return;
    }
    let mut last = 0;
    for c in re.captures_iter(s) {
        let Some(whole) = c.get(0) else { continue };
        push(&s[last..whole.start()]);
        for piece in pieces {
            match piece {
                Piece::Literal(l) => push(l),
                Piece::Group(g) => push(c.get(*g).map_or("", |m| m.as_str())),
            }
        }
        last = whole.end();
    }
    push(&s[last..]);
}

fn regexp_replace(batch: &Batch) -> Result<ColumnarValue> {
    let input = batch.strings(0)?;
    let pattern_arg = batch.strings(1)?;
    let mut patterns = Patterns::new(pattern_arg)?;
    let replacements = (batch.args.len() > 2)
        .then(|| batch.strings(2))
        .transpose()?;
    // Parsed once when pattern and replacement are both constant.
    let constant = match (&patterns, replacements.map(|r| r.scalar())) {
        (Patterns::Scalar(Some(re)), Some(Some(Some(r)))) => Some(parse_replacement(r, re)?),
        (Patterns::Scalar(Some(_)), None) => Some(Vec::new()),
        _ => None,
    };
    let mut out = StringBuilder::with_capacity(batch.rows, input.byte_hint());
    for i in 0..batch.rows {
        let replacement = replacements.map_or(Some(""), |r| r.get(i));
        match (input.get(i), patterns.get(i)?, replacement) {
            (Some(s), Some(re), Some(replacement)) => {
                // Written into the builder's value buffer, then closed as one value.
                match &constant {
                    Some(pieces) => replace_into(&mut out, s, re, pieces),
                    None => {
                        let pieces = parse_replacement(replacement, re)?;
                        replace_into(&mut out, s, re, &pieces)
                    }
                }
                out.append_value("");
            }
            _ => out.append_null(),
        }
    }
    batch.finish(Arc::new(out.finish()))
}

fn regexp_count(batch: &Batch) -> Result<ColumnarValue> {
    let input = batch.strings(0)?;
    let mut patterns = Patterns::new(batch.strings(1)?)?;
    let mut out = Int64Builder::with_capacity(batch.rows);
    for i in 0..batch.rows {
        match (input.get(i), patterns.get(i)?) {
            (Some(s), Some(re)) => out.append_value(re.find_iter(s).count() as i64),
            _ => out.append_null(),
        }
    }
    batch.finish(Arc::new(out.finish()))
}

/// The 1-based character position of the `occurrence`-th match at or after character
/// `start`, or -1.
fn position(s: &str, re: &Regex, start: i64, occurrence: i64) -> Result<i32> {
    if start < 1 {
        return Err(invalid_argument("start position cannot be smaller than 1"));
    }
    if occurrence < 1 {
        return Err(invalid_argument("occurrence cannot be smaller than 1"));
    }
    let skip = usize::try_from(start - 1).unwrap_or(usize::MAX);
    let Some((offset, _)) = s.char_indices().nth(skip) else {
        return Ok(-1);
    };
    let occurrence = usize::try_from(occurrence - 1).unwrap_or(usize::MAX);
    let Some(found) = re.find_iter(&s[offset..]).nth(occurrence) else {
        return Ok(-1);
    };
    let chars = s[..offset + found.start()].chars().count();
    Ok(i32::try_from(chars + 1).unwrap_or(i32::MAX))
}

fn regexp_position(batch: &Batch) -> Result<ColumnarValue> {
    let input = batch.strings(0)?;
    let mut patterns = Patterns::new(batch.strings(1)?)?;
    let starts = (batch.args.len() > 2).then(|| batch.ints(2)).transpose()?;
    let occurrences = (batch.args.len() > 3).then(|| batch.ints(3)).transpose()?;
    let mut out = Int32Builder::with_capacity(batch.rows);
    for i in 0..batch.rows {
        let start = starts.map_or(Some(1), |s| s.get(i));
        let occurrence = occurrences.map_or(Some(1), |o| o.get(i));
        match (input.get(i), patterns.get(i)?, start, occurrence) {
            (Some(s), Some(re), Some(start), Some(occurrence)) => {
                out.append_value(position(s, re, start, occurrence)?)
            }
            _ => out.append_null(),
        }
    }
    batch.finish(Arc::new(out.finish()))
}

fn regexp_split(batch: &Batch) -> Result<ColumnarValue> {
    let input = batch.strings(0)?;
    let mut patterns = Patterns::new(batch.strings(1)?)?;
    let mut out = ListBuilder::new(StringBuilder::new());
    for i in 0..batch.rows {
        match (input.get(i), patterns.get(i)?) {
            (Some(s), Some(re)) => {
                for piece in re.split(s) {
                    out.values().append_value(piece);
                }
                out.append(true);
            }
            _ => out.append_null(),
        }
    }
    let array: ArrayRef = Arc::new(out.finish());
    batch.finish(array)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::functions::args::testing::{call, call_arrays, i, s};
    use crate::functions::error::find_function_error;
    use arrow::array::{Array, AsArray, StringArray};
    use datafusion::common::ScalarValue;
    use protocol::ErrorCode;

    fn udf(name: &str) -> ScalarUDF {
        regexp_functions()
            .into_iter()
            .find(|f| f.name() == name)
            .expect("function")
    }

    fn strings_of(value: ScalarValue) -> Vec<Option<String>> {
        let ScalarValue::List(list) = value else {
            panic!("not a list: {value:?}")
        };
        let values = list.value(0);
        values
            .as_string::<i32>()
            .iter()
            .map(|v| v.map(str::to_string))
            .collect()
    }

    fn some(values: &[&str]) -> Vec<Option<String>> {
        values.iter().map(|v| Some(v.to_string())).collect()
    }

    // Expected values below are the examples of Trino's documentation.

    #[test]
    fn count_like_extract() {
        let count = call(
            &udf("regexp_count"),
            vec![s("1a 2b 14m"), s(r"\s*[a-z]+\s*")],
        );
        assert_eq!(count.unwrap(), ScalarValue::Int64(Some(3)));
        let like = call(&udf("regexp_like"), vec![s("1a 2b 14m"), s(r"\d+b")]);
        assert_eq!(like.unwrap(), ScalarValue::Boolean(Some(true)));
        let extract = call(&udf("regexp_extract"), vec![s("1a 2b 14m"), s(r"\d+")]);
        assert_eq!(extract.unwrap(), s("1"));
        let group = call(
            &udf("regexp_extract"),
            vec![s("1a 2b 14m"), s(r"(\d+)([a-z]+)"), i(2)],
        );
        assert_eq!(group.unwrap(), s("a"));
        let none = call(&udf("regexp_extract"), vec![s("abc"), s(r"\d+")]);
        assert_eq!(none.unwrap(), ScalarValue::Utf8(None));
    }

    #[test]
    fn extract_all_and_split() {
        let all = call(&udf("regexp_extract_all"), vec![s("1a 2b 14m"), s(r"\d+")]);
        assert_eq!(strings_of(all.unwrap()), some(&["1", "2", "14"]));
        let groups = call(
            &udf("regexp_extract_all"),
            vec![s("1a 2b 14m"), s(r"(\d+)([a-z]+)"), i(2)],
        );
        assert_eq!(strings_of(groups.unwrap()), some(&["a", "b", "m"]));
        let split = call(
            &udf("regexp_split"),
            vec![s("1a 2b 14m"), s(r"\s*[a-z]+\s*")],
        );
        assert_eq!(strings_of(split.unwrap()), some(&["1", "2", "14", ""]));
    }

    #[test]
    fn replace() {
        let removed = call(&udf("regexp_replace"), vec![s("1a 2b 14m"), s(r"\d+[ab] ")]);
        assert_eq!(removed.unwrap(), s("14m"));
        let replaced = call(
            &udf("regexp_replace"),
            vec![s("1a 2b 14m"), s(r"(\d+)([ab]) "), s("3c$2 ")],
        );
        assert_eq!(replaced.unwrap(), s("3ca 3cb 14m"));
        let named = call(
            &udf("regexp_replace"),
            vec![s("ab"), s(r"(?<x>a)"), s(r"[${x}\$]")],
        );
        assert_eq!(named.unwrap(), s("[a$]b"));
        let missing = call(&udf("regexp_replace"), vec![s("ab"), s("a"), s("$1")]);
        assert!(missing.is_err());
    }

    #[test]
    fn positions() {
        let text = "I have 23 apples, 5 pears and 13 oranges";
        let f = udf("regexp_position");
        let at = |args: Vec<ScalarValue>| call(&f, args).unwrap();
        assert_eq!(
            at(vec![s(text), s(r"\b\d+\b")]),
            ScalarValue::Int32(Some(8))
        );
        assert_eq!(
            at(vec![s(text), s(r"\b\d+\b"), i(5)]),
            ScalarValue::Int32(Some(8))
        );
        assert_eq!(
            at(vec![s(text), s(r"\b\d+\b"), i(12)]),
            ScalarValue::Int32(Some(19))
        );
        assert_eq!(
            at(vec![s(text), s(r"\b\d+\b"), i(12), i(2)]),
            ScalarValue::Int32(Some(31))
        );
        assert_eq!(
            at(vec![s(text), s(r"\b\d+\b"), i(12), i(3)]),
            ScalarValue::Int32(Some(-1))
        );
    }

    #[test]
    fn java_syntax_and_errors() {
        assert_eq!(translate_pattern(r"\Qa.b\E+"), r"a\.b+");
        assert_eq!(translate_pattern(r"a++b*+"), r"a+b*");
        assert_eq!(translate_pattern(r"[]a]"), r"[\]a]");
        // Trino docs (regexp_like): Unicode classes keep their quantifiers.
        assert_eq!(translate_pattern(r"^\p{L}+$"), r"^\p{L}+$");
        assert_eq!(translate_pattern(r"\p{IsLatin}\PL"), r"\p{Latin}\PL");
        assert_eq!(
            translate_pattern(r"\p{Alpha}+\P{Digit}"),
            r"[a-zA-Z]+[^0-9]"
        );
        assert_eq!(
            call(&udf("regexp_like"), vec![s("abc"), s(r"^\p{L}+$")]).unwrap(),
            ScalarValue::Boolean(Some(true))
        );
        let error = call(&udf("regexp_like"), vec![s("a"), s("(")]).unwrap_err();
        assert_eq!(
            find_function_error(&error).map(|e| e.code),
            Some(ErrorCode::InvalidFunctionArgument)
        );
        let group = call(&udf("regexp_extract"), vec![s("a"), s("(a)"), i(2)]).unwrap_err();
        assert_eq!(
            find_function_error(&group).map(|e| e.message.as_str()),
            Some("Pattern has 1 groups. Cannot access group 2")
        );
    }

    #[test]
    fn columns_and_nulls() {
        let input: ArrayRef = Arc::new(StringArray::from(vec![Some("a1"), None, Some("b22")]));
        let patterns: ArrayRef = Arc::new(StringArray::from(vec![
            Some(r"\d"),
            Some(r"\d"),
            Some(r"\d+"),
        ]));
        let out = call_arrays(&udf("regexp_extract"), vec![input, patterns]).unwrap();
        let out = out.as_string::<i32>();
        assert_eq!(out.value(0), "1");
        assert!(out.is_null(1));
        assert_eq!(out.value(2), "22");
    }
}
