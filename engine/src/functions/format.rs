//! `format(format, args...)` (a subset of Java's `Formatter` syntax, which Trino uses),
//! `format_number(x)` and `parse_data_size(text)`.
//!
//! `format` supports `%[index$][flags][width][.precision]conversion` with the conversions
//! `s S d x X o f e E b B c n %` and the date/time conversions `%t?`/`%T?` (`A a B b h C Y y
//! m d e j H I k l M S L N p F D T R r`), and the flags `- 0 + , ( #` and space.

use std::sync::Arc;

use arrow::array::{Array, ArrayRef, Decimal128Array, StringBuilder};
use arrow::datatypes::{DataType, Field, FieldRef};
use chrono::{DateTime, NaiveDate, NaiveDateTime};
use datafusion::common::{ScalarValue, plan_err};
use datafusion::error::Result;
use datafusion::logical_expr::{
    ColumnarValue, ReturnFieldArgs, ScalarFunctionArgs, ScalarUDF, ScalarUDFImpl, Signature,
    Volatility,
};

use super::args::{Batch, Returns, float64, function, int64, string};
use super::error::invalid_argument;

/// `format`, `format_number` and `parse_data_size`, for registration in a session.
pub fn format_functions() -> Vec<ScalarUDF> {
    vec![
        ScalarUDF::new_from_impl(Format {
            signature: Signature::variadic_any(Volatility::Immutable),
        }),
        function(
            "format_number",
            vec![vec![int64()], vec![float64()]],
            Returns::Type(DataType::Utf8),
            format_number,
        ),
        function(
            "parse_data_size",
            vec![vec![string()]],
            Returns::Type(DataType::Decimal128(38, 0)),
            parse_data_size,
        ),
    ]
}

// --- format_number ------------------------------------------------------------------------

/// `x` with a unit symbol (`K`, `M`, `B`, `T`, `Q` for powers of 1000) and three significant
/// digits, rounding halves up: `123456` is `123K`, `1500` is `1.5K`.
fn number_with_unit(count: i64) -> String {
    let mut value = count as f64;
    let mut unit = "";
    for symbol in ["K", "M", "B", "T", "Q"] {
        if value.abs() >= 1000.0 {
            value /= 1000.0;
            unit = symbol;
        }
    }
    // Like Trino, the number of decimals looks at the signed value.
    let decimals = if value < 10.0 {
        2
    } else if value < 100.0 {
        1
    } else {
        0
    };
    let factor = 10f64.powi(decimals);
    let rounded = (value.abs() * factor).round() / factor;
    let mut text = format!("{:.*}", decimals as usize, rounded);
    if text.contains('.') {
        text = text.trim_end_matches('0').trim_end_matches('.').to_string();
    }
    let sign = if value < 0.0 && rounded != 0.0 {
        "-"
    } else {
        ""
    };
    format!("{sign}{text}{unit}")
}

fn format_number(batch: &Batch<'_>) -> Result<ColumnarValue> {
    let mut out = StringBuilder::with_capacity(batch.rows, batch.rows * 4);
    match &batch.args[0] {
        ColumnarValue::Scalar(ScalarValue::Float64(_)) => {
            let x = batch.doubles(0)?;
            for i in 0..batch.rows {
                // Doubles are truncated to bigint first, as Trino does.
                out.append_option(x.get(i).map(|v| number_with_unit(v as i64)));
            }
        }
        ColumnarValue::Array(a) if a.data_type() == &DataType::Float64 => {
            let x = batch.doubles(0)?;
            for i in 0..batch.rows {
                out.append_option(x.get(i).map(|v| number_with_unit(v as i64)));
            }
        }
        _ => {
            let x = batch.ints(0)?;
            for i in 0..batch.rows {
                out.append_option(x.get(i).map(number_with_unit));
            }
        }
    }
    batch.finish(Arc::new(out.finish()))
}

// --- parse_data_size ------------------------------------------------------------------------

/// Bytes in `text` such as `2.3MB` (units `B`, `kB`, `MB`, ... `YB`, powers of 1024),
/// truncated to a whole number.
fn data_size(text: &str) -> Result<i128> {
    let invalid = || invalid_argument(format!("Invalid data size: '{text}'"));
    let split = text
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .ok_or_else(invalid)?;
    let (number, unit) = text.split_at(split);
    let power = match unit {
        "B" => 0,
        "kB" => 1,
        "MB" => 2,
        "GB" => 3,
        "TB" => 4,
        "PB" => 5,
        "EB" => 6,
        "ZB" => 7,
        "YB" => 8,
        _ => return Err(invalid()),
    };
    let (whole, fraction) = number.split_once('.').unwrap_or((number, ""));
    if whole.is_empty() && fraction.is_empty() || fraction.contains('.') {
        return Err(invalid());
    }
    let digits = format!("{whole}{fraction}");
    let mantissa: i128 = digits.parse().map_err(|_| invalid())?;
    let scale = u32::try_from(fraction.len()).map_err(|_| invalid())?;
    let multiplier = 1024i128.pow(power);
    let divisor = 10i128.checked_pow(scale).ok_or_else(invalid)?;
    mantissa
        .checked_mul(multiplier)
        .map(|bytes| bytes / divisor)
        .ok_or_else(invalid)
}

fn parse_data_size(batch: &Batch<'_>) -> Result<ColumnarValue> {
    let text = batch.strings(0)?;
    let out = (0..batch.rows)
        .map(|i| text.get(i).map(data_size).transpose())
        .collect::<Result<Decimal128Array>>()?
        .with_precision_and_scale(38, 0)?;
    batch.finish(Arc::new(out))
}

// --- format ---------------------------------------------------------------------------------

/// `format(format, args...)`.
#[derive(Debug, PartialEq, Eq, Hash)]
struct Format {
    signature: Signature,
}

impl ScalarUDFImpl for Format {
    fn name(&self) -> &str {
        "format"
    }

    fn signature(&self) -> &Signature {
        &self.signature
    }

    fn return_type(&self, _arg_types: &[DataType]) -> Result<DataType> {
        Ok(DataType::Utf8)
    }

    fn return_field_from_args(&self, args: ReturnFieldArgs) -> Result<FieldRef> {
        match args.arg_fields.first().map(|f| f.data_type()) {
            Some(DataType::Utf8 | DataType::LargeUtf8 | DataType::Utf8View | DataType::Null) => {
                Ok(Arc::new(Field::new("format", DataType::Utf8, true)))
            }
            _ => plan_err!("format: the first argument must be a varchar format string"),
        }
    }

    fn invoke_with_args(&self, args: ScalarFunctionArgs) -> Result<ColumnarValue> {
        let batch = Batch::of(&args);
        let rows = batch.rows;
        let pattern = batch.strings(0)?;
        let values: Vec<ArrayRef> = args.args[1..]
            .iter()
            .map(|a| a.to_array(rows))
            .collect::<Result<_>>()?;
        let mut out = StringBuilder::with_capacity(rows, rows * 16);
        for row in 0..rows {
            let Some(pattern) = pattern.get(row) else {
                out.append_null();
                continue;
            };
            let row_values = values
                .iter()
                .map(|a| Value::from_array(a, row))
                .collect::<Result<Vec<_>>>()?;
            out.append_value(java_format(pattern, &row_values)?);
        }
        batch.finish(Arc::new(out.finish()))
    }
}

/// An argument of `format`, as the Java object Trino would pass.
#[derive(Debug, Clone, PartialEq)]
enum Value {
    Null,
    Bool(bool),
    Int(i64),
    Double(f64),
    /// Unscaled value and scale.
    Decimal(i128, i8),
    Text(String),
    Date(NaiveDate),
    Timestamp(NaiveDateTime),
}

impl Value {
    fn from_array(array: &ArrayRef, row: usize) -> Result<Value> {
        let scalar = ScalarValue::try_from_array(array, row)?;
        if scalar.is_null() {
            return Ok(Value::Null);
        }
        Ok(match scalar {
            ScalarValue::Boolean(Some(b)) => Value::Bool(b),
            ScalarValue::Int8(Some(v)) => Value::Int(v.into()),
            ScalarValue::Int16(Some(v)) => Value::Int(v.into()),
            ScalarValue::Int32(Some(v)) => Value::Int(v.into()),
            ScalarValue::Int64(Some(v)) => Value::Int(v),
            ScalarValue::UInt8(Some(v)) => Value::Int(v.into()),
            ScalarValue::UInt16(Some(v)) => Value::Int(v.into()),
            ScalarValue::UInt32(Some(v)) => Value::Int(v.into()),
            ScalarValue::Float32(Some(v)) => Value::Double(v.into()),
            ScalarValue::Float64(Some(v)) => Value::Double(v),
            ScalarValue::Decimal128(Some(v), _, s) => Value::Decimal(v, s),
            ScalarValue::Utf8(Some(s))
            | ScalarValue::LargeUtf8(Some(s))
            | ScalarValue::Utf8View(Some(s)) => Value::Text(s),
            ScalarValue::Date32(Some(days)) => Value::Date(
                DateTime::from_timestamp(i64::from(days) * 86_400, 0)
                    .map(|t| t.date_naive())
                    .unwrap_or_default(),
            ),
            ScalarValue::TimestampSecond(Some(v), _) => timestamp(v, 1_000_000_000),
            ScalarValue::TimestampMillisecond(Some(v), _) => timestamp(v, 1_000_000),
            ScalarValue::TimestampMicrosecond(Some(v), _) => timestamp(v, 1_000),
            ScalarValue::TimestampNanosecond(Some(v), _) => timestamp(v, 1),
            other => Value::Text(other.to_string()),
        })
    }

    /// Java's `String.valueOf` of the value.
    fn to_text(&self) -> String {
        match self {
            Value::Null => "null".into(),
            Value::Bool(b) => b.to_string(),
            Value::Int(v) => v.to_string(),
            Value::Double(v) => {
                let mut s = String::new();
                protocol::java_double_text(*v, &mut s);
                s
            }
            Value::Decimal(v, s) => decimal_text(*v, *s),
            Value::Text(s) => s.clone(),
            Value::Date(d) => d.format("%Y-%m-%d").to_string(),
            Value::Timestamp(t) => t.format("%Y-%m-%dT%H:%M:%S%.f").to_string(),
        }
    }
}

/// A timestamp of `v` units of `nanos_per_unit` nanoseconds since the epoch.
fn timestamp(v: i64, nanos_per_unit: i64) -> Value {
    let nanos = i128::from(v) * i128::from(nanos_per_unit);
    let seconds = nanos.div_euclid(1_000_000_000) as i64;
    let nanos = nanos.rem_euclid(1_000_000_000) as u32;
    Value::Timestamp(
        DateTime::from_timestamp(seconds, nanos)
            .map(|t| t.naive_utc())
            .unwrap_or_default(),
    )
}

/// The plain decimal text of an unscaled value with `scale` fractional digits.
fn decimal_text(unscaled: i128, scale: i8) -> String {
    let digits = unscaled.unsigned_abs().to_string();
    let sign = if unscaled < 0 { "-" } else { "" };
    let scale = scale.max(0) as usize;
    if scale == 0 {
        return format!("{sign}{digits}");
    }
    let padded = format!("{digits:0>width$}", width = scale + 1);
    let (whole, fraction) = padded.split_at(padded.len() - scale);
    format!("{sign}{whole}.{fraction}")
}

/// One `%` specifier.
#[derive(Debug, Default)]
struct Spec {
    index: Option<usize>,
    relative: bool,
    left: bool,
    zero: bool,
    plus: bool,
    space: bool,
    group: bool,
    parens: bool,
    alternate: bool,
    width: Option<usize>,
    precision: Option<usize>,
}

fn bad_format(message: impl Into<String>) -> datafusion::error::DataFusionError {
    invalid_argument(message)
}

/// Formats `values` with the Java format string `pattern`.
fn java_format(pattern: &str, values: &[Value]) -> Result<String> {
    let mut out = String::with_capacity(pattern.len() + 16);
    let chars: Vec<char> = pattern.chars().collect();
    let mut pos = 0;
    let mut next_ordinary = 0;
    let mut last: Option<usize> = None;
    while pos < chars.len() {
        let c = chars[pos];
        pos += 1;
        if c != '%' {
            out.push(c);
            continue;
        }
        let (spec, conversion, date_conversion) = parse_spec(&chars, &mut pos)?;
        let text = match conversion {
            '%' => "%".to_string(),
            'n' => "\n".to_string(),
            _ => {
                let index = if spec.relative {
                    last.ok_or_else(|| {
                        bad_format(format!("Missing format argument for %<{conversion}"))
                    })?
                } else if let Some(i) = spec.index {
                    i.checked_sub(1)
                        .ok_or_else(|| bad_format("Illegal format argument index = 0"))?
                } else {
                    next_ordinary += 1;
                    next_ordinary - 1
                };
                last = Some(index);
                let value = values.get(index).ok_or_else(|| {
                    bad_format(format!("Format specifier '%{conversion}' has no argument"))
                })?;
                convert(&spec, conversion, date_conversion, value)?
            }
        };
        pad(&spec, text, &mut out);
    }
    Ok(out)
}

/// Reads a specifier after its `%`, returning it with its conversion character(s).
fn parse_spec(chars: &[char], pos: &mut usize) -> Result<(Spec, char, Option<char>)> {
    let mut spec = Spec::default();
    let number = |pos: &mut usize| -> Option<usize> {
        let start = *pos;
        while *pos < chars.len() && chars[*pos].is_ascii_digit() {
            *pos += 1;
        }
        chars[start..*pos].iter().collect::<String>().parse().ok()
    };
    // An argument index is digits followed by `$`.
    let start = *pos;
    if let Some(n) = number(pos) {
        if chars.get(*pos) == Some(&'$') {
            spec.index = Some(n);
            *pos += 1;
        } else {
            *pos = start;
        }
    }
    if chars.get(*pos) == Some(&'<') {
        spec.relative = true;
        *pos += 1;
    }
    while let Some(&c) = chars.get(*pos) {
        match c {
            '-' => spec.left = true,
            '0' => spec.zero = true,
            '+' => spec.plus = true,
            ' ' => spec.space = true,
            ',' => spec.group = true,
            '(' => spec.parens = true,
            '#' => spec.alternate = true,
            _ => break,
        }
        *pos += 1;
    }
    spec.width = number(pos);
    if chars.get(*pos) == Some(&'.') {
        *pos += 1;
        spec.precision =
            Some(number(pos).ok_or_else(|| bad_format("Missing precision in format specifier"))?);
    }
    let conversion = *chars
        .get(*pos)
        .ok_or_else(|| bad_format("Format specifier is incomplete"))?;
    *pos += 1;
    let date = if matches!(conversion, 't' | 'T') {
        let c = *chars
            .get(*pos)
            .ok_or_else(|| bad_format("Date/time conversion is incomplete"))?;
        *pos += 1;
        Some(c)
    } else {
        None
    };
    Ok((spec, conversion, date))
}

/// Pads `text` to the specifier's width.
fn pad(spec: &Spec, text: String, out: &mut String) {
    let len = text.chars().count();
    let fill = spec.width.unwrap_or(0).saturating_sub(len);
    if spec.left {
        out.push_str(&text);
        out.extend(std::iter::repeat_n(' ', fill));
    } else {
        out.extend(std::iter::repeat_n(' ', fill));
        out.push_str(&text);
    }
}

fn mismatch(conversion: char, value: &Value) -> datafusion::error::DataFusionError {
    bad_format(format!(
        "Conversion '{conversion}' cannot format the argument {}",
        value.to_text()
    ))
}

/// The text of one converted argument, before width padding.
fn convert(spec: &Spec, conversion: char, date: Option<char>, value: &Value) -> Result<String> {
    let upper = conversion.is_ascii_uppercase();
    let text = match (conversion.to_ascii_lowercase(), value) {
        ('s', v) => {
            let text = v.to_text();
            match spec.precision {
                Some(p) => text.chars().take(p).collect(),
                None => text,
            }
        }
        ('b', Value::Null) => "false".into(),
        ('b', Value::Bool(b)) => b.to_string(),
        ('b', _) => "true".into(),
        (_, Value::Null) => "null".into(),
        ('c', Value::Int(v)) => u32::try_from(*v)
            .ok()
            .and_then(char::from_u32)
            .ok_or_else(|| mismatch(conversion, value))?
            .to_string(),
        ('d', Value::Int(v)) => signed_number(spec, *v < 0, v.unsigned_abs().to_string(), ""),
        ('d', Value::Decimal(v, 0)) => {
            signed_number(spec, *v < 0, v.unsigned_abs().to_string(), "")
        }
        ('x', Value::Int(v)) => {
            let digits = format!("{v:x}");
            if spec.alternate {
                format!("0x{digits}")
            } else {
                digits
            }
        }
        ('o', Value::Int(v)) => format!("{v:o}"),
        ('f', Value::Double(v)) if !v.is_finite() => non_finite(spec, *v),
        ('f', Value::Double(v)) => fixed(spec, &v.abs().to_string(), v.is_sign_negative()),
        ('f', Value::Decimal(v, s)) => fixed(spec, &decimal_text(v.abs(), *s), *v < 0),
        ('e', Value::Double(v)) if !v.is_finite() => non_finite(spec, *v),
        ('e', Value::Double(v)) => scientific(spec, *v),
        ('e', Value::Decimal(v, s)) => {
            scientific(spec, decimal_text(*v, *s).parse().unwrap_or(0.0))
        }
        ('t', v) => date_time(date.unwrap_or(' '), v)?,
        _ => return Err(mismatch(conversion, value)),
    };
    Ok(if upper { text.to_uppercase() } else { text })
}

/// `NaN`/`Infinity` for `%f` and `%e`.
fn non_finite(spec: &Spec, v: f64) -> String {
    if v.is_nan() {
        "NaN".into()
    } else if v < 0.0 {
        if spec.parens {
            "(Infinity)".into()
        } else {
            "-Infinity".into()
        }
    } else if spec.plus {
        "+Infinity".into()
    } else {
        "Infinity".into()
    }
}

/// A number with the sign, grouping and zero-padding flags applied; `magnitude` is the
/// text of its absolute value (digits, maybe with a fraction) and `suffix` follows it.
fn signed_number(spec: &Spec, negative: bool, magnitude: String, suffix: &str) -> String {
    let (whole, fraction) = match magnitude.split_once('.') {
        Some((w, f)) => (w.to_string(), format!(".{f}")),
        None => (magnitude, String::new()),
    };
    let whole = if spec.group { group(&whole) } else { whole };
    let (prefix, close) = match (negative, spec.parens) {
        (true, true) => ("(", ")"),
        (true, false) => ("-", ""),
        (false, _) if spec.plus => ("+", ""),
        (false, _) if spec.space => (" ", ""),
        _ => ("", ""),
    };
    let body = format!("{whole}{fraction}{suffix}");
    let used = prefix.len() + body.chars().count() + close.len();
    let zeros = if spec.zero && !spec.left {
        spec.width.unwrap_or(0).saturating_sub(used)
    } else {
        0
    };
    format!("{prefix}{}{body}{close}", "0".repeat(zeros))
}

/// Thousands separators in a run of digits.
fn group(digits: &str) -> String {
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// `%f`: `magnitude` (plain decimal text of the absolute value) rounded half up to the
/// precision (6 by default).
fn fixed(spec: &Spec, magnitude: &str, negative: bool) -> String {
    let precision = spec.precision.unwrap_or(6);
    let (whole, fraction) = magnitude.split_once('.').unwrap_or((magnitude, ""));
    let mut digits: Vec<u8> = whole.bytes().map(|b| b - b'0').collect();
    let mut kept: Vec<u8> = fraction.bytes().map(|b| b - b'0').collect();
    let round_up = kept.get(precision).is_some_and(|d| *d >= 5);
    kept.resize(precision, 0);
    digits.extend(kept);
    if round_up {
        let mut i = digits.len();
        loop {
            if i == 0 {
                digits.insert(0, 1);
                break;
            }
            i -= 1;
            if digits[i] == 9 {
                digits[i] = 0;
            } else {
                digits[i] += 1;
                break;
            }
        }
    }
    let split = digits.len() - precision;
    let text: String = digits.iter().map(|d| char::from(b'0' + d)).collect();
    let (whole, fraction) = text.split_at(split);
    let whole = if whole.is_empty() { "0" } else { whole };
    let magnitude = if precision == 0 {
        whole.to_string()
    } else {
        format!("{whole}.{fraction}")
    };
    let negative = negative && digits.iter().any(|d| *d != 0);
    signed_number(spec, negative, magnitude, "")
}

/// `%e`: `d.dddddde+xx`.
fn scientific(spec: &Spec, v: f64) -> String {
    let precision = spec.precision.unwrap_or(6);
    let text = format!("{:.*e}", precision, v.abs());
    let (mantissa, exponent) = text.split_once('e').unwrap_or((&text, "0"));
    let exponent: i32 = exponent.parse().unwrap_or(0);
    let sign = if exponent < 0 { '-' } else { '+' };
    let suffix = format!("e{sign}{:02}", exponent.abs());
    signed_number(spec, v.is_sign_negative(), mantissa.to_string(), &suffix)
}

/// `%t<c>` of a date or timestamp.
fn date_time(conversion: char, value: &Value) -> Result<String> {
    let (moment, has_time) = match value {
        Value::Date(d) => (d.and_hms_opt(0, 0, 0).unwrap_or_default(), false),
        Value::Timestamp(t) => (*t, true),
        Value::Int(millis) => (
            DateTime::from_timestamp_millis(*millis)
                .map(|t| t.naive_utc())
                .unwrap_or_default(),
            true,
        ),
        other => return Err(mismatch('t', other)),
    };
    let pattern = match conversion {
        'A' => "%A",
        'a' => "%a",
        'B' => "%B",
        'b' | 'h' => "%b",
        'C' => "%C",
        'Y' => "%Y",
        'y' => "%y",
        'm' => "%m",
        'd' => "%d",
        'e' => "%-d",
        'j' => "%j",
        'F' => "%Y-%m-%d",
        'D' => "%m/%d/%y",
        _ if !has_time => {
            return Err(bad_format(format!(
                "Unsupported field for a date: %t{conversion}"
            )));
        }
        'H' => "%H",
        'I' => "%I",
        'k' => "%-H",
        'l' => "%-I",
        'M' => "%M",
        'S' => "%S",
        'L' => "%3f",
        'N' => "%9f",
        'p' => "%P",
        'T' => "%H:%M:%S",
        'R' => "%H:%M",
        'r' => "%I:%M:%S %p",
        other => {
            return Err(bad_format(format!(
                "Unknown date/time conversion: %t{other}"
            )));
        }
    };
    Ok(moment.format(pattern).to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(s: &str) -> Value {
        Value::Text(s.into())
    }

    #[test]
    fn trino_doc_examples() {
        assert_eq!(java_format("%s%%", &[Value::Int(123)]).unwrap(), "123%");
        assert_eq!(
            java_format("%.5f", &[Value::Double(std::f64::consts::PI)]).unwrap(),
            "3.14159"
        );
        assert_eq!(java_format("%03d", &[Value::Int(8)]).unwrap(), "008");
        assert_eq!(
            java_format("%,.2f", &[Value::Decimal(123456789, 2)]).unwrap(),
            "1,234,567.89"
        );
        assert_eq!(
            java_format("%-7s,%7s", &[text("hello"), text("world")]).unwrap(),
            "hello  ,  world"
        );
        assert_eq!(
            java_format("%2$s %3$s %1$s", &[text("a"), text("b"), text("c")]).unwrap(),
            "b c a"
        );
        let date = NaiveDate::from_ymd_opt(2006, 7, 4).unwrap();
        assert_eq!(
            java_format("%1$tA, %1$tB %1$te, %1$tY", &[Value::Date(date)]).unwrap(),
            "Tuesday, July 4, 2006"
        );
    }

    #[test]
    fn numbers() {
        assert_eq!(java_format("%x", &[Value::Int(255)]).unwrap(), "ff");
        assert_eq!(java_format("%+d", &[Value::Int(5)]).unwrap(), "+5");
        assert_eq!(java_format("%(d", &[Value::Int(-5)]).unwrap(), "(5)");
        assert_eq!(java_format("%.1f", &[Value::Double(0.95)]).unwrap(), "1.0");
        assert_eq!(
            java_format("%.2e", &[Value::Double(12345.0)]).unwrap(),
            "1.23e+04"
        );
        assert_eq!(java_format("%s", &[Value::Double(1.0)]).unwrap(), "1.0");
        assert!(java_format("%d", &[Value::Double(1.0)]).is_err());
        assert!(java_format("%s %s", &[Value::Int(1)]).is_err());
    }

    #[test]
    fn number_units() {
        assert_eq!(number_with_unit(123456), "123K");
        assert_eq!(number_with_unit(1000000), "1M");
        assert_eq!(number_with_unit(1500), "1.5K");
        assert_eq!(number_with_unit(999), "999");
        assert_eq!(number_with_unit(12345), "12.3K");
    }

    #[test]
    fn data_sizes() {
        assert_eq!(data_size("1B").unwrap(), 1);
        assert_eq!(data_size("1kB").unwrap(), 1024);
        assert_eq!(data_size("2.3MB").unwrap(), 2411724);
        assert_eq!(data_size("1GB").unwrap(), 1073741824);
        assert!(data_size("1 MB").is_err());
        assert!(data_size("MB").is_err());
    }
}
