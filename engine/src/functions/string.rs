//! Trino's string functions where DataFusion's built-in of the same name differs from Trino:
//! `substr`/`substring` (negative start counts from the end; also on `varbinary`),
//! `strpos` (bigint, optional instance), `length` (bigint, also bytes of `varbinary`),
//! `split_part` (NULL past the last field), `split`, `lpad`/`rpad` (also on `varbinary`;
//! errors on a negative size or empty padding), `replace` with two arguments,
//! `trim`/`ltrim`/`rtrim` (Java whitespace), `chr`, `codepoint`, `hamming_distance`,
//! `levenshtein_distance`, `luhn_check`, `soundex`, `normalize` (the SQL form
//! `normalize(s, NFKC)` reaches it with the form as a string, see
//! `crate::sql::rewrite::special_forms`) and `word_stem` (Snowball stemmers).
//!
//! `upper` and `lower` map every character on its own, as Trino does (`ß` stays `ß`, where
//! DataFusion's full case mapping gives `SS`).
//!
//! DataFusion's `reverse`, `starts_with`, `ends_with`, `concat_ws` and `translate` already
//! behave as Trino's and stay. [`TrinoExprPlanner`] sends the SQL
//! forms `SUBSTRING(s FROM a FOR b)` and `POSITION(a IN s)` to these functions.

use std::sync::Arc;

use arrow::array::{
    BinaryBuilder, BooleanBuilder, Int32Builder, Int64Builder, ListBuilder, StringBuilder,
};
use arrow::datatypes::DataType;
use datafusion::common::DFSchema;
use datafusion::common::ScalarValue;
use datafusion::error::Result;
use datafusion::logical_expr::expr::ScalarFunction;
use datafusion::logical_expr::planner::{
    ExprPlanner, PlannerResult, RawBinaryExpr, RawFieldAccessExpr,
};
use datafusion::logical_expr::{ColumnarValue, Expr, ScalarUDF};
use datafusion::logical_expr::{ExprSchemable, GetFieldAccess};
use datafusion::sql::sqlparser::ast::BinaryOperator;
use protocol::ErrorCode;

use super::args::{
    Batch, Returns, binary, checked_function, function, function_with_aliases, int64, is_binary,
    string, string_list,
};
use super::datetime::interval_scale::{interval_scale_function, is_scalable_interval};
use super::error::{function_error, invalid_argument};

/// The string functions, for registration in a session.
pub fn string_functions() -> Vec<ScalarUDF> {
    let varchar = || Returns::Type(DataType::Utf8);
    let bigint = || Returns::Type(DataType::Int64);
    vec![
        substr_function(),
        strpos_function(),
        function(
            "length",
            vec![vec![string()], vec![binary()]],
            bigint(),
            length,
        ),
        function(
            "split_part",
            vec![vec![string(), string(), int64()]],
            varchar(),
            split_part,
        ),
        function(
            "split",
            vec![vec![string(), string()], vec![string(), string(), int64()]],
            Returns::Type(string_list()),
            split,
        ),
        function(
            "lpad",
            vec![
                vec![string(), int64(), string()],
                vec![binary(), int64(), binary()],
            ],
            Returns::SameAsFirst,
            |b| pad(b, true),
        ),
        function(
            "rpad",
            vec![
                vec![string(), int64(), string()],
                vec![binary(), int64(), binary()],
            ],
            Returns::SameAsFirst,
            |b| pad(b, false),
        ),
        function(
            "replace",
            vec![vec![string(), string()], vec![string(), string(), string()]],
            varchar(),
            replace,
        ),
        function_with_aliases(
            "btrim",
            &["trim"],
            vec![vec![string()], vec![string(), string()]],
            varchar(),
            |b| trim(b, true, true),
        ),
        function(
            "ltrim",
            vec![vec![string()], vec![string(), string()]],
            varchar(),
            |b| trim(b, true, false),
        ),
        function(
            "rtrim",
            vec![vec![string()], vec![string(), string()]],
            varchar(),
            |b| trim(b, false, true),
        ),
        function("chr", vec![vec![int64()]], varchar(), chr),
        checked_function(
            "codepoint",
            vec![vec![string()]],
            Returns::Type(DataType::Int32),
            codepoint,
            one_character_literal,
        ),
        function(
            "hamming_distance",
            vec![vec![string(), string()]],
            bigint(),
            hamming_distance,
        ),
        function(
            "levenshtein_distance",
            vec![vec![string(), string()]],
            bigint(),
            levenshtein_distance,
        ),
        function(
            "luhn_check",
            vec![vec![string()]],
            Returns::Type(DataType::Boolean),
            luhn_check,
        ),
        function("upper", vec![vec![string()]], varchar(), |b| {
            change_case(b, char::to_uppercase)
        }),
        function("lower", vec![vec![string()]], varchar(), |b| {
            change_case(b, char::to_lowercase)
        }),
        function("soundex", vec![vec![string()]], varchar(), soundex),
        function(
            "normalize",
            vec![vec![string()], vec![string(), string()]],
            varchar(),
            normalize,
        ),
        function(
            "word_stem",
            vec![vec![string()], vec![string(), string()]],
            varchar(),
            word_stem,
        ),
    ]
}

fn substr_function() -> ScalarUDF {
    function_with_aliases(
        "substr",
        &["substring"],
        vec![
            vec![string(), int64()],
            vec![string(), int64(), int64()],
            vec![binary(), int64()],
            vec![binary(), int64(), int64()],
        ],
        Returns::SameAsFirst,
        substr,
    )
}

fn strpos_function() -> ScalarUDF {
    function(
        "strpos",
        vec![vec![string(), string()], vec![string(), string(), int64()]],
        Returns::Type(DataType::Int64),
        strpos,
    )
}

/// Plans `SUBSTRING(s FROM a [FOR b])` and `POSITION(a IN s)` with Trino's functions
/// (DataFusion's own planner calls its built-ins directly, bypassing the registry).
#[derive(Debug, Default)]
pub struct TrinoExprPlanner;

impl ExprPlanner for TrinoExprPlanner {
    fn plan_position(&self, args: Vec<Expr>) -> Result<PlannerResult<Vec<Expr>>> {
        Ok(PlannerResult::Planned(Expr::ScalarFunction(
            ScalarFunction::new_udf(Arc::new(strpos_function()), args),
        )))
    }

    /// `EXTRACT(field FROM x)` calls Trino's field functions (`day_of_week` counts from
    /// Monday = 1, fields are `bigint`); fields Trino lacks stay DataFusion's.
    fn plan_extract(&self, args: Vec<Expr>) -> Result<PlannerResult<Vec<Expr>>> {
        let field = match args.first() {
            Some(Expr::Literal(ScalarValue::Utf8(Some(field)), _)) => field.clone(),
            _ => return Ok(PlannerResult::Original(args)),
        };
        match (super::datetime::extract_function(&field), args.get(1)) {
            (Some(function), Some(value)) if args.len() == 2 => {
                Ok(PlannerResult::Planned(Expr::ScalarFunction(
                    ScalarFunction::new_udf(Arc::new(function), vec![value.clone()]),
                )))
            }
            _ => Ok(PlannerResult::Original(args)),
        }
    }

    /// An interval times or divided by a number (see
    /// [`super::datetime::interval_scale`]).
    fn plan_binary_op(
        &self,
        expr: RawBinaryExpr,
        schema: &DFSchema,
    ) -> Result<PlannerResult<RawBinaryExpr>> {
        let divide = match expr.op {
            BinaryOperator::Multiply => false,
            BinaryOperator::Divide => true,
            _ => return Ok(PlannerResult::Original(expr)),
        };
        let (Ok(left), Ok(right)) = (expr.left.get_type(schema), expr.right.get_type(schema))
        else {
            return Ok(PlannerResult::Original(expr));
        };
        let interval_left = is_scalable_interval(&left) && right.is_numeric();
        let interval_right = !divide && is_scalable_interval(&right) && left.is_numeric();
        if !(interval_left || interval_right) {
            return Ok(PlannerResult::Original(expr));
        }
        Ok(PlannerResult::Planned(Expr::ScalarFunction(
            ScalarFunction::new_udf(interval_scale_function(divide), vec![expr.left, expr.right]),
        )))
    }

    fn plan_substring(&self, args: Vec<Expr>) -> Result<PlannerResult<Vec<Expr>>> {
        Ok(PlannerResult::Planned(Expr::ScalarFunction(
            ScalarFunction::new_udf(Arc::new(substr_function()), args),
        )))
    }

    /// `a[i]` and `m[k]` fail on a missing position or key, as in Trino (DataFusion gives
    /// NULL). `array_agg(x)[i]` stays DataFusion's.
    fn plan_field_access(
        &self,
        expr: RawFieldAccessExpr,
        schema: &DFSchema,
    ) -> Result<PlannerResult<RawFieldAccessExpr>> {
        match expr {
            // `m['key']` reaches planners as a named field access.
            RawFieldAccessExpr {
                expr,
                field_access: GetFieldAccess::NamedStructField { name },
            } if matches!(expr.get_type(schema), Ok(DataType::Map(..))) => Ok(
                PlannerResult::Planned(Expr::ScalarFunction(ScalarFunction::new_udf(
                    Arc::new(super::array::subscript_function()),
                    vec![expr, Expr::Literal(name, None)],
                ))),
            ),
            RawFieldAccessExpr {
                expr,
                field_access: GetFieldAccess::ListIndex { key },
            } if !matches!(expr, Expr::AggregateFunction(_)) => Ok(PlannerResult::Planned(
                Expr::ScalarFunction(ScalarFunction::new_udf(
                    Arc::new(super::array::subscript_function()),
                    vec![expr, *key],
                )),
            )),
            other => Ok(PlannerResult::Original(other)),
        }
    }
}

/// Byte offset of the `n`-th (0-based) character of `s`, or `s.len()` when `n` is the
/// character count; `None` past that.
#[inline]
fn char_offset(s: &str, n: usize) -> Option<usize> {
    if s.is_ascii() {
        return (n <= s.len()).then_some(n);
    }
    if n == 0 {
        return Some(0);
    }
    match s.char_indices().nth(n) {
        Some((offset, _)) => Some(offset),
        None => (s.chars().count() == n).then_some(s.len()),
    }
}

#[inline]
fn char_count(s: &str) -> usize {
    if s.is_ascii() {
        s.len()
    } else {
        s.chars().count()
    }
}

/// Trino's `substring` over units (characters or bytes): the range of units to keep.
/// `start` is 1-based, negative from the end; out-of-range gives an empty range.
#[inline]
fn unit_range(units: usize, start: i64, length: i64) -> (usize, usize) {
    if start == 0 || length <= 0 || units == 0 {
        return (0, 0);
    }
    let units = units as i64;
    let first = if start > 0 { start - 1 } else { units + start };
    if first < 0 || first >= units {
        return (0, 0);
    }
    let end = first.saturating_add(length).min(units);
    (first as usize, end as usize)
}

fn substr(batch: &Batch) -> Result<ColumnarValue> {
    if is_binary(&batch.args[0].data_type()) {
        return substr_binary(batch);
    }
    let input = batch.strings(0)?;
    let starts = batch.ints(1)?;
    let lengths = (batch.args.len() > 2).then(|| batch.ints(2)).transpose()?;
    let mut out = StringBuilder::with_capacity(batch.rows, input.byte_hint());
    for i in 0..batch.rows {
        let length = lengths.map_or(Some(i64::MAX), |l| l.get(i));
        match (input.get(i), starts.get(i), length) {
            (Some(s), Some(start), Some(length)) => {
                let value = if s.is_ascii() {
                    let (from, to) = unit_range(s.len(), start, length);
                    &s[from..to]
                } else {
                    let (from, to) = unit_range(s.chars().count(), start, length);
                    let begin = char_offset(s, from).unwrap_or(s.len());
                    let end =
                        begin + char_offset(&s[begin..], to - from).unwrap_or(s.len() - begin);
                    &s[begin..end]
                };
                out.append_value(value);
            }
            _ => out.append_null(),
        }
    }
    batch.finish(Arc::new(out.finish()))
}

fn substr_binary(batch: &Batch) -> Result<ColumnarValue> {
    let input = batch.bytes(0)?;
    let starts = batch.ints(1)?;
    let lengths = (batch.args.len() > 2).then(|| batch.ints(2)).transpose()?;
    let mut out = BinaryBuilder::with_capacity(batch.rows, 0);
    for i in 0..batch.rows {
        let length = lengths.map_or(Some(i64::MAX), |l| l.get(i));
        match (input.get(i), starts.get(i), length) {
            (Some(v), Some(start), Some(length)) => {
                let (from, to) = unit_range(v.len(), start, length);
                out.append_value(&v[from..to]);
            }
            _ => out.append_null(),
        }
    }
    batch.finish(Arc::new(out.finish()))
}

/// 1-based character position of the `instance`-th occurrence (from the end when
/// negative) of `needle` in `haystack`, 0 when absent.
fn position(haystack: &str, needle: &str, instance: i64) -> Result<i64> {
    if instance == 0 {
        return Err(invalid_argument(
            "'instance' must be a positive or negative number.",
        ));
    }
    if needle.is_empty() {
        return Ok(1);
    }
    // Occurrences may overlap: each search resumes one character after the last start.
    let wanted = usize::try_from(instance.unsigned_abs()).unwrap_or(usize::MAX);
    let mut starts = Vec::new();
    let mut from = 0;
    while let Some(at) = haystack[from..].find(needle) {
        starts.push(from + at);
        if instance > 0 && starts.len() == wanted {
            break;
        }
        from += at
            + haystack[from + at..]
                .chars()
                .next()
                .map_or(1, char::len_utf8);
        if from > haystack.len() {
            break;
        }
    }
    let found = if instance > 0 {
        (starts.len() == wanted).then(|| starts[wanted - 1])
    } else {
        starts.len().checked_sub(wanted).map(|i| starts[i])
    };
    Ok(found.map_or(0, |at| char_count(&haystack[..at]) as i64 + 1))
}

fn strpos(batch: &Batch) -> Result<ColumnarValue> {
    let input = batch.strings(0)?;
    let needles = batch.strings(1)?;
    let instances = (batch.args.len() > 2).then(|| batch.ints(2)).transpose()?;
    let mut out = Int64Builder::with_capacity(batch.rows);
    for i in 0..batch.rows {
        let instance = instances.map_or(Some(1), |n| n.get(i));
        match (input.get(i), needles.get(i), instance) {
            (Some(s), Some(needle), Some(1)) => out.append_value(match s.find(needle) {
                Some(at) => char_count(&s[..at]) as i64 + 1,
                None => 0,
            }),
            (Some(s), Some(needle), Some(instance)) => {
                out.append_value(position(s, needle, instance)?)
            }
            _ => out.append_null(),
        }
    }
    batch.finish(Arc::new(out.finish()))
}

fn length(batch: &Batch) -> Result<ColumnarValue> {
    let mut out = Int64Builder::with_capacity(batch.rows);
    if matches!(
        batch.args[0].data_type(),
        DataType::Utf8 | DataType::LargeUtf8 | DataType::Utf8View
    ) {
        let input = batch.strings(0)?;
        for i in 0..batch.rows {
            out.append_option(input.get(i).map(|s| char_count(s) as i64));
        }
    } else {
        let input = batch.bytes(0)?;
        for i in 0..batch.rows {
            out.append_option(input.get(i).map(|v| v.len() as i64));
        }
    }
    batch.finish(Arc::new(out.finish()))
}

fn split_part(batch: &Batch) -> Result<ColumnarValue> {
    let input = batch.strings(0)?;
    let delimiters = batch.strings(1)?;
    let indexes = batch.ints(2)?;
    let mut out = StringBuilder::with_capacity(batch.rows, 0);
    for i in 0..batch.rows {
        match (input.get(i), delimiters.get(i), indexes.get(i)) {
            (Some(s), Some(delimiter), Some(index)) => {
                if index <= 0 {
                    return Err(invalid_argument("Index must be greater than zero"));
                }
                let field = if delimiter.is_empty() {
                    (index == 1).then_some(s)
                } else {
                    usize::try_from(index - 1)
                        .ok()
                        .and_then(|n| s.split(delimiter).nth(n))
                };
                out.append_option(field);
            }
            _ => out.append_null(),
        }
    }
    batch.finish(Arc::new(out.finish()))
}

fn split(batch: &Batch) -> Result<ColumnarValue> {
    let input = batch.strings(0)?;
    let delimiters = batch.strings(1)?;
    let limits = (batch.args.len() > 2).then(|| batch.ints(2)).transpose()?;
    let mut out = ListBuilder::new(StringBuilder::new());
    for i in 0..batch.rows {
        let limit = limits.map_or(Some(i64::from(i32::MAX)), |l| l.get(i));
        match (input.get(i), delimiters.get(i), limit) {
            (Some(s), Some(delimiter), Some(limit)) => {
                if limit <= 0 {
                    return Err(invalid_argument("Limit must be positive"));
                }
                if limit > i64::from(i32::MAX) {
                    return Err(invalid_argument("Limit is too large"));
                }
                if delimiter.is_empty() {
                    return Err(invalid_argument(
                        "The delimiter may not be the empty string",
                    ));
                }
                for part in s.splitn(limit as usize, delimiter) {
                    out.values().append_value(part);
                }
                out.append(true);
            }
            _ => out.append_null(),
        }
    }
    batch.finish(Arc::new(out.finish()))
}

fn pad(batch: &Batch, left: bool) -> Result<ColumnarValue> {
    if is_binary(&batch.args[0].data_type()) {
        return pad_binary(batch, left);
    }
    let input = batch.strings(0)?;
    let sizes = batch.ints(1)?;
    let pads = batch.strings(2)?;
    let mut out = StringBuilder::with_capacity(batch.rows, input.byte_hint());
    let mut buffer = String::new();
    for i in 0..batch.rows {
        match (input.get(i), sizes.get(i), pads.get(i)) {
            (Some(s), Some(size), Some(padding)) => {
                if !(0..=i64::from(i32::MAX)).contains(&size) {
                    return Err(invalid_argument(
                        "Target length must be in the range [0..2147483647]",
                    ));
                }
                if padding.is_empty() {
                    return Err(invalid_argument("Padding string must not be empty"));
                }
                let size = size as usize;
                let chars = char_count(s);
                if chars >= size {
                    let end = char_offset(s, size).unwrap_or(s.len());
                    out.append_value(&s[..end]);
                    continue;
                }
                buffer.clear();
                if !left {
                    buffer.push_str(s);
                }
                buffer.extend(padding.chars().cycle().take(size - chars));
                if left {
                    buffer.push_str(s);
                }
                out.append_value(&buffer);
            }
            _ => out.append_null(),
        }
    }
    batch.finish(Arc::new(out.finish()))
}

/// `lpad`/`rpad(varbinary, size, padbinary)`: truncates to `size` bytes or fills with
/// repetitions of `padbinary` on the left or right.
fn pad_binary(batch: &Batch, left: bool) -> Result<ColumnarValue> {
    let input = batch.bytes(0)?;
    let sizes = batch.ints(1)?;
    let pads = batch.bytes(2)?;
    let mut out = BinaryBuilder::with_capacity(batch.rows, 0);
    let mut buffer = Vec::new();
    for i in 0..batch.rows {
        match (input.get(i), sizes.get(i), pads.get(i)) {
            (Some(v), Some(size), Some(padding)) => {
                if !(0..=i64::from(i32::MAX)).contains(&size) {
                    return Err(invalid_argument(
                        "Target length must be in the range [0..2147483647]",
                    ));
                }
                if padding.is_empty() {
                    return Err(invalid_argument("Padding bytes must not be empty"));
                }
                let size = size as usize;
                if v.len() >= size {
                    out.append_value(&v[..size]);
                    continue;
                }
                buffer.clear();
                if !left {
                    buffer.extend_from_slice(v);
                }
                // The padding by doubling copies: a long target is a few memcpys.
                let (start, need) = (buffer.len(), size - v.len());
                buffer.extend_from_slice(&padding[..padding.len().min(need)]);
                while buffer.len() - start < need {
                    let have = buffer.len() - start;
                    buffer.extend_from_within(start..start + have.min(need - have));
                }
                if left {
                    buffer.extend_from_slice(v);
                }
                out.append_value(&buffer);
            }
            _ => out.append_null(),
        }
    }
    batch.finish(Arc::new(out.finish()))
}

fn replace(batch: &Batch) -> Result<ColumnarValue> {
    let input = batch.strings(0)?;
    let searches = batch.strings(1)?;
    let replacements = (batch.args.len() > 2)
        .then(|| batch.strings(2))
        .transpose()?;
    let mut out = StringBuilder::with_capacity(batch.rows, input.byte_hint());
    let mut buffer = String::new();
    for i in 0..batch.rows {
        let replacement = replacements.map_or(Some(""), |r| r.get(i));
        match (input.get(i), searches.get(i), replacement) {
            (Some(s), Some(search), Some(replacement)) => {
                if search.is_empty() {
                    // Java inserts the replacement around every character.
                    buffer.clear();
                    buffer.push_str(replacement);
                    for c in s.chars() {
                        buffer.push(c);
                        buffer.push_str(replacement);
                    }
                    out.append_value(&buffer);
                } else if !s.contains(search) {
                    out.append_value(s);
                } else {
                    buffer.clear();
                    let mut last = 0;
                    for (at, _) in s.match_indices(search) {
                        buffer.push_str(&s[last..at]);
                        buffer.push_str(replacement);
                        last = at + search.len();
                    }
                    buffer.push_str(&s[last..]);
                    out.append_value(&buffer);
                }
            }
            _ => out.append_null(),
        }
    }
    batch.finish(Arc::new(out.finish()))
}

/// Java's `Character.isWhitespace`, which Trino's `trim` uses.
fn java_whitespace(c: char) -> bool {
    matches!(c, '\t'..='\r' | '\u{1c}'..='\u{1f}')
        || (c.is_whitespace() && !matches!(c, '\u{85}' | '\u{a0}' | '\u{2007}' | '\u{202f}'))
}

fn trim(batch: &Batch, leading: bool, trailing: bool) -> Result<ColumnarValue> {
    let input = batch.strings(0)?;
    let sets = (batch.args.len() > 1)
        .then(|| batch.strings(1))
        .transpose()?;
    let mut out = StringBuilder::with_capacity(batch.rows, input.byte_hint());
    for i in 0..batch.rows {
        let set = sets.map(|s| s.get(i));
        let value = match (input.get(i), set) {
            (Some(s), None) => Some(strip(s, leading, trailing, java_whitespace)),
            (Some(s), Some(Some(set))) => Some(strip(s, leading, trailing, |c| set.contains(c))),
            _ => None,
        };
        out.append_option(value);
    }
    batch.finish(Arc::new(out.finish()))
}

fn strip(s: &str, leading: bool, trailing: bool, remove: impl Fn(char) -> bool) -> &str {
    let s = if leading {
        s.trim_start_matches(&remove)
    } else {
        s
    };
    if trailing {
        s.trim_end_matches(&remove)
    } else {
        s
    }
}

fn chr(batch: &Batch) -> Result<ColumnarValue> {
    let input = batch.ints(0)?;
    let mut out = StringBuilder::with_capacity(batch.rows, batch.rows);
    let mut buffer = [0u8; 4];
    for i in 0..batch.rows {
        match input.get(i) {
            Some(n) => {
                let c = u32::try_from(n)
                    .ok()
                    .and_then(char::from_u32)
                    .ok_or_else(|| {
                        invalid_argument(format!("Not a valid Unicode code point: {n}"))
                    })?;
                out.append_value(c.encode_utf8(&mut buffer));
            }
            None => out.append_null(),
        }
    }
    batch.finish(Arc::new(out.finish()))
}

/// Trino declares `codepoint(varchar(1))`: a longer literal matches no signature.
fn one_character_literal(args: &[Option<&ScalarValue>]) -> Result<()> {
    let Some(Some(
        ScalarValue::Utf8(Some(text))
        | ScalarValue::LargeUtf8(Some(text))
        | ScalarValue::Utf8View(Some(text)),
    )) = args.first()
    else {
        return Ok(());
    };
    let length = text.chars().count();
    if length == 1 {
        return Ok(());
    }
    Err(function_error(
        ErrorCode::FunctionNotFound,
        format!(
            "Unexpected parameters (varchar({length})) for function codepoint. \
             Expected: codepoint(varchar(1))"
        ),
    ))
}

fn codepoint(batch: &Batch) -> Result<ColumnarValue> {
    let input = batch.strings(0)?;
    let mut out = Int32Builder::with_capacity(batch.rows);
    for i in 0..batch.rows {
        match input.get(i) {
            Some(s) => {
                let mut chars = s.chars();
                match (chars.next(), chars.next()) {
                    (Some(c), None) => out.append_value(c as i32),
                    _ => {
                        return Err(invalid_argument(
                            "Input string must be a single character string",
                        ));
                    }
                }
            }
            None => out.append_null(),
        }
    }
    batch.finish(Arc::new(out.finish()))
}

fn two_strings(
    batch: &Batch,
    mut f: impl FnMut(&str, &str) -> Result<i64>,
) -> Result<ColumnarValue> {
    let left = batch.strings(0)?;
    let right = batch.strings(1)?;
    let mut out = Int64Builder::with_capacity(batch.rows);
    for i in 0..batch.rows {
        match (left.get(i), right.get(i)) {
            (Some(a), Some(b)) => out.append_value(f(a, b)?),
            _ => out.append_null(),
        }
    }
    batch.finish(Arc::new(out.finish()))
}

fn hamming_distance(batch: &Batch) -> Result<ColumnarValue> {
    two_strings(batch, |a, b| {
        let mut distance = 0i64;
        let (mut x, mut y) = (a.chars(), b.chars());
        loop {
            match (x.next(), y.next()) {
                (Some(p), Some(q)) => distance += i64::from(p != q),
                (None, None) => return Ok(distance),
                _ => {
                    return Err(invalid_argument(
                        "The input strings to hamming_distance function must have the same length",
                    ));
                }
            }
        }
    })
}

/// Levenshtein distance over code points, with two rows of the edit matrix. Written here:
/// DataFusion's `levenshtein` returns `integer` and has no size limit.
fn levenshtein_distance(batch: &Batch) -> Result<ColumnarValue> {
    let mut previous = Vec::new();
    let mut current = Vec::new();
    two_strings(batch, |a, b| {
        let a: Vec<char> = a.chars().collect();
        let b: Vec<char> = b.chars().collect();
        if a.is_empty() || b.is_empty() {
            return Ok((a.len() + b.len()) as i64);
        }
        if a.len().saturating_mul(b.len()) > 1_000_000 {
            return Err(invalid_argument(
                "The combined inputs for Levenshtein distance are too large",
            ));
        }
        previous.clear();
        previous.extend(0..=b.len());
        for (i, ca) in a.iter().enumerate() {
            current.clear();
            current.push(i + 1);
            for (j, cb) in b.iter().enumerate() {
                let substitution = previous[j] + usize::from(ca != cb);
                current.push(substitution.min(previous[j + 1] + 1).min(current[j] + 1));
            }
            std::mem::swap(&mut previous, &mut current);
        }
        Ok(previous[b.len()] as i64)
    })
}

/// The Luhn checksum of a string of digits; `false` for anything else.
fn luhn(s: &str) -> bool {
    if s.is_empty() {
        return false;
    }
    let mut sum = 0u32;
    for (i, c) in s.chars().rev().enumerate() {
        let Some(d) = c.to_digit(10) else {
            return false;
        };
        sum += if i % 2 == 1 {
            let doubled = d * 2;
            if doubled > 9 { doubled - 9 } else { doubled }
        } else {
            d
        };
    }
    sum.is_multiple_of(10)
}

fn luhn_check(batch: &Batch) -> Result<ColumnarValue> {
    let input = batch.strings(0)?;
    let mut out = BooleanBuilder::with_capacity(batch.rows);
    for i in 0..batch.rows {
        out.append_option(input.get(i).map(luhn));
    }
    batch.finish(Arc::new(out.finish()))
}

/// `upper`/`lower` with one-to-one mappings only: a character whose full mapping has several
/// characters (`ß` → `SS`) stays as it is.
fn change_case<I: Iterator<Item = char> + ExactSizeIterator>(
    batch: &Batch,
    map: fn(char) -> I,
) -> Result<ColumnarValue> {
    let input = batch.strings(0)?;
    let mut out = StringBuilder::with_capacity(batch.rows, input.byte_hint());
    let mut buffer = String::new();
    for i in 0..batch.rows {
        match input.get(i) {
            Some(s) => {
                buffer.clear();
                buffer.extend(s.chars().map(|c| {
                    let mut mapped = map(c);
                    match (mapped.len(), mapped.next()) {
                        (1, Some(single)) => single,
                        _ => c,
                    }
                }));
                out.append_value(&buffer);
            }
            None => out.append_null(),
        }
    }
    batch.finish(Arc::new(out.finish()))
}

/// American Soundex as Trino computes it: letters only (ASCII letters are upper-cased, other
/// letters too, with one-to-many mappings such as `ß` → `SS`), `H` and `W` skipped without
/// separating equal codes, vowels separating them; four characters, or empty without letters.
/// A letter outside `A`-`Z` after upper-casing has no code and fails.
fn soundex_code(s: &str) -> Result<String> {
    const CODES: &[u8; 26] = b"01230120022455012623010202";
    let code = |letter: char| -> Result<u8> {
        match letter {
            'A'..='Z' => Ok(CODES[letter as usize - 'A' as usize]),
            other => Err(invalid_argument(format!(
                "The character is not mapped: {other} (index={})",
                i64::from(u32::from(other)) - i64::from(u32::from('A'))
            ))),
        }
    };
    let mut letters = s
        .chars()
        .filter(|c| {
            if s.is_ascii() {
                c.is_ascii_alphabetic()
            } else {
                c.is_alphabetic()
            }
        })
        .flat_map(char::to_uppercase);
    let Some(first) = letters.next() else {
        return Ok(String::new());
    };
    let mut out = String::with_capacity(4);
    out.push(first);
    let mut last = code(first)?;
    for letter in letters {
        if out.len() == 4 {
            break;
        }
        if matches!(letter, 'H' | 'W') {
            continue;
        }
        let digit = code(letter)?;
        if digit != b'0' && digit != last {
            out.push(char::from(digit));
        }
        last = digit;
    }
    while out.chars().count() < 4 {
        out.push('0');
    }
    Ok(out)
}

fn soundex(batch: &Batch) -> Result<ColumnarValue> {
    let input = batch.strings(0)?;
    let mut out = StringBuilder::with_capacity(batch.rows, batch.rows * 4);
    for i in 0..batch.rows {
        match input.get(i) {
            Some(s) => out.append_value(soundex_code(s)?),
            None => out.append_null(),
        }
    }
    batch.finish(Arc::new(out.finish()))
}

/// `normalize(s [, form])`: Unicode normalization form NFC (the default), NFD, NFKC or NFKD.
fn normalize(batch: &Batch) -> Result<ColumnarValue> {
    use unicode_normalization::UnicodeNormalization;
    let input = batch.strings(0)?;
    let forms = (batch.args.len() > 1)
        .then(|| batch.strings(1))
        .transpose()?;
    let mut out = StringBuilder::with_capacity(batch.rows, input.byte_hint());
    for i in 0..batch.rows {
        let form = forms.map_or(Some("NFC"), |f| f.get(i));
        match (input.get(i), form) {
            (Some(s), Some(form)) => {
                let normalized: String = match form.to_ascii_uppercase().as_str() {
                    "NFC" => s.nfc().collect(),
                    "NFD" => s.nfd().collect(),
                    "NFKC" => s.nfkc().collect(),
                    "NFKD" => s.nfkd().collect(),
                    _ => {
                        return Err(invalid_argument(format!(
                            "Normalization form must be one of [NFD, NFC, NFKD, NFKC]: {form}"
                        )));
                    }
                };
                out.append_value(normalized);
            }
            _ => out.append_null(),
        }
    }
    batch.finish(Arc::new(out.finish()))
}

/// The Snowball stemmer for one of Trino's `word_stem` language codes. Trino also knows
/// `ca`, `eu`, `hy`, `ir` and `lt`, for which no stemmer is available here.
fn stemmer(language: &str) -> Result<rust_stemmers::Stemmer> {
    use rust_stemmers::Algorithm;
    let algorithm = match language {
        "da" => Algorithm::Danish,
        "de" => Algorithm::German,
        "en" => Algorithm::English,
        "es" => Algorithm::Spanish,
        "fi" => Algorithm::Finnish,
        "fr" => Algorithm::French,
        "hu" => Algorithm::Hungarian,
        "it" => Algorithm::Italian,
        "nl" => Algorithm::Dutch,
        "no" => Algorithm::Norwegian,
        "pt" => Algorithm::Portuguese,
        "ro" => Algorithm::Romanian,
        "ru" => Algorithm::Russian,
        "sv" => Algorithm::Swedish,
        "tr" => Algorithm::Turkish,
        "ca" | "eu" | "hy" | "ir" | "lt" => {
            return Err(function_error(
                ErrorCode::NotSupported,
                format!("Stemmer language not supported: {language}"),
            ));
        }
        other => {
            return Err(invalid_argument(format!(
                "Unknown stemmer language: {other}"
            )));
        }
    };
    Ok(rust_stemmers::Stemmer::create(algorithm))
}

/// `word_stem(word [, language])`: the Snowball stem of `word` (English by default).
fn word_stem(batch: &Batch) -> Result<ColumnarValue> {
    let input = batch.strings(0)?;
    let languages = (batch.args.len() > 1)
        .then(|| batch.strings(1))
        .transpose()?;
    let mut out = StringBuilder::with_capacity(batch.rows, input.byte_hint());
    // Rows usually share one language: keep the last stemmer.
    let mut current: Option<(&str, rust_stemmers::Stemmer)> = None;
    for i in 0..batch.rows {
        let language = languages.map_or(Some("en"), |l| l.get(i));
        match (input.get(i), language) {
            (Some(word), Some(language)) => {
                let stemmer = match &current {
                    Some((name, stemmer)) if *name == language => stemmer,
                    _ => &current.insert((language, stemmer(language)?)).1,
                };
                out.append_value(stemmer.stem(word));
            }
            _ => out.append_null(),
        }
    }
    batch.finish(Arc::new(out.finish()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::functions::args::testing::{b, call, call_arrays, i, s};
    use arrow::array::{Array, ArrayRef, AsArray, Int64Array, StringViewArray};
    use datafusion::common::ScalarValue;

    fn udf(name: &str) -> ScalarUDF {
        string_functions()
            .into_iter()
            .find(|f| f.name() == name)
            .expect("function")
    }

    fn run(name: &str, args: Vec<ScalarValue>) -> ScalarValue {
        call(&udf(name), args).unwrap()
    }

    fn int(v: i64) -> ScalarValue {
        ScalarValue::Int64(Some(v))
    }

    fn boolean(v: bool) -> ScalarValue {
        ScalarValue::Boolean(Some(v))
    }

    #[test]
    fn substrings() {
        assert_eq!(run("substr", vec![s("alphabet"), i(3)]), s("phabet"));
        assert_eq!(run("substr", vec![s("alphabet"), i(-3)]), s("bet"));
        assert_eq!(run("substr", vec![s("alphabet"), i(2), i(3)]), s("lph"));
        assert_eq!(run("substr", vec![s("alphabet"), i(-5), i(2)]), s("ha"));
        assert_eq!(run("substr", vec![s("alphabet"), i(0)]), s(""));
        assert_eq!(run("substr", vec![s("alphabet"), i(-20), i(3)]), s(""));
        assert_eq!(run("substr", vec![s("abc"), i(9)]), s(""));
        assert_eq!(run("substr", vec![s("héllo"), i(2), i(3)]), s("éll"));
        assert_eq!(run("substr", vec![s("héllo"), i(-2)]), s("lo"));
        assert_eq!(
            run("substr", vec![b(b"abcdef"), i(-2)]),
            ScalarValue::Binary(Some(b"ef".to_vec()))
        );
        let views: ArrayRef = Arc::new(StringViewArray::from(vec![Some("hello"), None]));
        let starts: ArrayRef = Arc::new(Int64Array::from(vec![2, 2]));
        let out = call_arrays(&udf("substr"), vec![views, starts]).unwrap();
        assert_eq!(out.as_string::<i32>().value(0), "ello");
        assert!(out.is_null(1));
    }

    #[test]
    fn positions() {
        assert_eq!(run("strpos", vec![s("high"), s("ig")]), int(2));
        assert_eq!(run("strpos", vec![s("high"), s("x")]), int(0));
        assert_eq!(run("strpos", vec![s("aaa"), s("aa"), i(2)]), int(2));
        assert_eq!(run("strpos", vec![s("abcab"), s("ab"), i(-1)]), int(4));
        assert_eq!(run("strpos", vec![s("abcab"), s("ab"), i(-2)]), int(1));
        assert_eq!(run("strpos", vec![s("abcab"), s("ab"), i(3)]), int(0));
        assert_eq!(run("strpos", vec![s("éab"), s("a")]), int(2));
        assert!(call(&udf("strpos"), vec![s("a"), s("a"), i(0)]).is_err());
    }

    #[test]
    fn lengths_and_parts() {
        assert_eq!(run("length", vec![s("héllo")]), int(5));
        assert_eq!(run("length", vec![b(b"\x00\x01")]), int(2));
        assert_eq!(run("split_part", vec![s("a,b,c"), s(","), i(2)]), s("b"));
        assert_eq!(
            run("split_part", vec![s("a,b,c"), s(","), i(4)]),
            ScalarValue::Utf8(None)
        );
        assert!(call(&udf("split_part"), vec![s("a"), s(","), i(0)]).is_err());
        let parts = |v: ScalarValue| match v {
            ScalarValue::List(list) => list
                .value(0)
                .as_string::<i32>()
                .iter()
                .map(|p| p.unwrap_or_default().to_string())
                .collect::<Vec<_>>(),
            other => panic!("{other:?}"),
        };
        assert_eq!(parts(run("split", vec![s("a,b,"), s(",")])), ["a", "b", ""]);
        assert_eq!(
            parts(run("split", vec![s("a,b,c"), s(","), i(2)])),
            ["a", "b,c"]
        );
        assert!(call(&udf("split"), vec![s("a"), s(","), i(0)]).is_err());
    }

    #[test]
    fn padding_and_replacing() {
        assert_eq!(run("lpad", vec![s("abc"), i(6), s("xy")]), s("xyxabc"));
        assert_eq!(run("rpad", vec![s("abc"), i(6), s("xy")]), s("abcxyx"));
        assert_eq!(run("lpad", vec![s("abcdef"), i(3), s("x")]), s("abc"));
        assert!(call(&udf("lpad"), vec![s("a"), i(-1), s("x")]).is_err());
        assert!(call(&udf("rpad"), vec![s("a"), i(3), s("")]).is_err());
        // Trino's docs: lpad(x'1234', 7, x'4524') and rpad of varbinary.
        let binary = |v: &[u8]| ScalarValue::Binary(Some(v.to_vec()));
        assert_eq!(
            run("lpad", vec![b(&[0x12, 0x34]), i(7), b(&[0x45, 0x24])]),
            binary(&[0x45, 0x24, 0x45, 0x24, 0x45, 0x12, 0x34])
        );
        assert_eq!(
            run("rpad", vec![b(&[0x12, 0x34]), i(5), b(&[0x45])]),
            binary(&[0x12, 0x34, 0x45, 0x45, 0x45])
        );
        assert_eq!(
            run("rpad", vec![b(&[0x12, 0x34]), i(1), b(&[0x45])]),
            binary(&[0x12])
        );
        let empty = call(&udf("lpad"), vec![b(&[0x23]), i(1), b(&[])]).unwrap_err();
        assert!(
            empty
                .to_string()
                .contains("Padding bytes must not be empty")
        );
        assert!(call(&udf("rpad"), vec![b(&[0x12]), i(-1), b(&[0x45])]).is_err());
        assert_eq!(run("replace", vec![s("abcabc"), s("b")]), s("acac"));
        assert_eq!(run("replace", vec![s("abc"), s("b"), s("xx")]), s("axxc"));
        assert_eq!(run("replace", vec![s("ab"), s(""), s("-")]), s("-a-b-"));
    }

    #[test]
    fn case_mapping_is_one_to_one() {
        assert_eq!(run("upper", vec![s("straße")]), s("STRAßE"));
        assert_eq!(run("lower", vec![s("ÖSTERREICH")]), s("österreich"));
        assert_eq!(run("upper", vec![s("Hello World")]), s("HELLO WORLD"));
        // U+0130 lower-cases to two characters in full mapping: it stays.
        assert_eq!(run("lower", vec![s("\u{130}A")]), s("\u{130}a"));
    }

    #[test]
    fn soundex_codes() {
        for (name, code) in [
            ("Robert", "R163"),
            ("Rupert", "R163"),
            ("Ashcraft", "A261"),
            ("Tymczak", "T522"),
            ("Pfister", "P236"),
            ("Honeyman", "H555"),
            ("CHINA", "C500"),
            ("  o'Hara ", "O600"),
            ("", ""),
            ("123", ""),
            ("straße", "S362"),
        ] {
            assert_eq!(run("soundex", vec![s(name)]), s(code), "{name}");
        }
        assert!(call(&udf("soundex"), vec![s("é")]).is_err());
    }

    #[test]
    fn normal_forms() {
        let decomposed = "scho\u{308}n";
        assert_eq!(run("normalize", vec![s(decomposed)]), s("schön"));
        assert_eq!(run("normalize", vec![s("schön"), s("NFD")]), s(decomposed));
        assert_eq!(run("normalize", vec![s(decomposed), s("NFC")]), s("schön"));
        assert_eq!(run("normalize", vec![s("\u{2162}"), s("NFKC")]), s("III"));
        assert_eq!(run("normalize", vec![s("\u{FB01}"), s("NFKD")]), s("fi"));
        assert!(call(&udf("normalize"), vec![s("a"), s("NFX")]).is_err());
    }

    #[test]
    fn word_stems() {
        assert_eq!(run("word_stem", vec![s("running")]), s("run"));
        assert_eq!(run("word_stem", vec![s("cats"), s("en")]), s("cat"));
        assert_eq!(run("word_stem", vec![s("katten"), s("nl")]), s("kat"));
        assert!(call(&udf("word_stem"), vec![s("x"), s("xx")]).is_err());
        assert!(call(&udf("word_stem"), vec![s("x"), s("ca")]).is_err());
        let words: ArrayRef = Arc::new(arrow::array::StringArray::from(vec![
            Some("jumping"),
            None,
            Some("Häuser"),
        ]));
        let languages: ArrayRef = Arc::new(arrow::array::StringArray::from(vec!["en", "en", "de"]));
        let out = call_arrays(&udf("word_stem"), vec![words, languages]).unwrap();
        let out = out.as_string::<i32>();
        assert_eq!(out.value(0), "jump");
        assert!(out.is_null(1));
        assert_eq!(out.value(2), "Haus");
    }

    #[test]
    fn trims() {
        // Trino's docs: trim('!' FROM '!foo!') is 'foo', trim(TRAILING 'ER' FROM 'WORKER') 'WORK'.
        assert_eq!(run("btrim", vec![s("!foo!"), s("!")]), s("foo"));
        assert_eq!(run("rtrim", vec![s("WORKER"), s("ER")]), s("WORK"));
        assert_eq!(run("ltrim", vec![s("  abcd")]), s("abcd"));
        assert_eq!(run("btrim", vec![s("$var$"), s("$")]), s("var"));
        assert_eq!(run("btrim", vec![s("\t a \n")]), s("a"));
    }

    #[test]
    fn characters_and_distances() {
        assert_eq!(run("chr", vec![i(65)]), s("A"));
        assert_eq!(run("chr", vec![i(0x1F600)]), s("😀"));
        assert!(call(&udf("chr"), vec![i(-1)]).is_err());
        assert_eq!(run("codepoint", vec![s("A")]), ScalarValue::Int32(Some(65)));
        // Trino declares codepoint(varchar(1)): a longer literal has no matching signature.
        assert!(one_character_literal(&[Some(&s("hello"))]).is_err());
        assert!(one_character_literal(&[Some(&s("☃"))]).is_ok());
        assert!(one_character_literal(&[None]).is_ok());
        assert_eq!(run("hamming_distance", vec![s("abc"), s("abd")]), int(1));
        assert!(call(&udf("hamming_distance"), vec![s("a"), s("ab")]).is_err());
        assert_eq!(
            run("levenshtein_distance", vec![s("kitten"), s("sitting")]),
            int(3)
        );
        assert_eq!(run("levenshtein_distance", vec![s(""), s("abc")]), int(3));
        // Trino's docs.
        assert_eq!(run("luhn_check", vec![s("79927398713")]), boolean(true));
        assert_eq!(run("luhn_check", vec![s("79927398714")]), boolean(false));
    }
}
