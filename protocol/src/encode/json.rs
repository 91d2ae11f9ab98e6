//! Low-level JSON text output: string escaping and Java-style floating point numbers.

use std::fmt::{self, LowerExp, Write};

/// A fixed-capacity text buffer, for formatting numbers without allocating.
pub(super) struct StackBuf {
    bytes: [u8; 96],
    len: usize,
}

impl StackBuf {
    pub(super) fn new() -> Self {
        StackBuf {
            bytes: [0; 96],
            len: 0,
        }
    }

    pub(super) fn as_str(&self) -> &str {
        // Only whole `&str`s are ever copied in, so the bytes are valid UTF-8.
        std::str::from_utf8(&self.bytes[..self.len]).unwrap_or_default()
    }
}

impl Write for StackBuf {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        let end = self.len + s.len();
        let target = self.bytes.get_mut(self.len..end).ok_or(fmt::Error)?;
        target.copy_from_slice(s.as_bytes());
        self.len = end;
        Ok(())
    }
}

/// Whether `s` contains a character that must be escaped inside a JSON string.
pub(super) fn needs_escape(s: &str) -> bool {
    s.bytes().any(|b| b < 0x20 || b == b'"' || b == b'\\')
}

/// Appends `s` escaped for use inside a JSON string (without the quotes). Quotes,
/// backslashes and control characters are escaped; other characters stay as UTF-8.
pub(super) fn write_escaped(s: &str, out: &mut String) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let bytes = s.as_bytes();
    let mut start = 0;
    for (i, &b) in bytes.iter().enumerate() {
        let escape = match b {
            b'"' => "\\\"",
            b'\\' => "\\\\",
            b'\n' => "\\n",
            b'\r' => "\\r",
            b'\t' => "\\t",
            0x08 => "\\b",
            0x0c => "\\f",
            0x00..=0x1f => "",
            _ => continue,
        };
        // `i` is at an ASCII byte, so both slices end on character boundaries.
        out.push_str(&s[start..i]);
        if escape.is_empty() {
            out.push_str("\\u00");
            out.push(char::from(HEX[usize::from(b >> 4)]));
            out.push(char::from(HEX[usize::from(b & 0x0f)]));
        } else {
            out.push_str(escape);
        }
        start = i + 1;
    }
    out.push_str(&s[start..]);
}

/// Floating point types formatted like Java's `Float.toString` / `Double.toString`.
pub(super) trait JavaFloat: Copy + LowerExp {
    fn is_nan(self) -> bool;
    fn is_infinite(self) -> bool;
    fn is_sign_negative(self) -> bool;
    fn is_zero(self) -> bool;
}

impl JavaFloat for f32 {
    fn is_nan(self) -> bool {
        f32::is_nan(self)
    }
    fn is_infinite(self) -> bool {
        f32::is_infinite(self)
    }
    fn is_sign_negative(self) -> bool {
        f32::is_sign_negative(self)
    }
    fn is_zero(self) -> bool {
        self == 0.0
    }
}

impl JavaFloat for f64 {
    fn is_nan(self) -> bool {
        f64::is_nan(self)
    }
    fn is_infinite(self) -> bool {
        f64::is_infinite(self)
    }
    fn is_sign_negative(self) -> bool {
        f64::is_sign_negative(self)
    }
    fn is_zero(self) -> bool {
        self == 0.0
    }
}

/// Appends the Java `toString` form of `v`: shortest round-trip digits, plain notation for
/// magnitudes in `[1e-3, 1e7)` (`0.001`, `1234567.0`), otherwise `d.dddE<exp>` (`1.0E10`,
/// `1.5E-7`); always with a `.`. Non-finite values are `NaN`, `Infinity`, `-Infinity`.
pub(super) fn write_float_text<F: JavaFloat>(v: F, out: &mut String) {
    if v.is_nan() {
        out.push_str("NaN");
        return;
    }
    if v.is_sign_negative() {
        out.push('-');
    }
    if v.is_infinite() {
        out.push_str("Infinity");
        return;
    }
    if v.is_zero() {
        out.push_str("0.0");
        return;
    }
    // `{:e}` gives the shortest digits that round-trip, e.g. `-1.2345e-7` or `1e10`.
    let mut buf = StackBuf::new();
    let _ = write!(buf, "{v:e}");
    if !buf.as_str().contains('.') {
        // Java (JDK 19+) picks, when one digit suffices, the decimal of length 1 or 2 closest
        // to the exact value: `Float.MIN_VALUE` is `1.4E-45`, not `1.0E-45`. Rounding the
        // exact value to two digits gives it (and `d.0` when the single digit is closest).
        let mut two = StackBuf::new();
        let _ = write!(two, "{v:.1e}");
        if !two.as_str().contains(".0e") {
            buf = two;
        }
    }
    let text = buf.as_str().trim_start_matches('-');
    let (mantissa, exponent) = text.split_once('e').unwrap_or((text, "0"));
    let exponent: i32 = exponent.parse().unwrap_or(0);
    let (first, rest) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    let mut all_digits = StackBuf::new();
    let _ = all_digits.write_str(first);
    let _ = all_digits.write_str(rest);
    let digits = all_digits.as_str();

    if (-3..7).contains(&exponent) {
        if exponent >= 0 {
            // At most 7 integer digits; pad with zeros when the digits run out.
            let integer_digits = exponent.unsigned_abs() as usize + 1;
            let (integer, fraction) = digits.split_at(integer_digits.min(digits.len()));
            out.push_str(integer);
            for _ in integer.len()..integer_digits {
                out.push('0');
            }
            out.push('.');
            out.push_str(if fraction.is_empty() { "0" } else { fraction });
        } else {
            out.push_str("0.");
            for _ in 0..(-exponent - 1) {
                out.push('0');
            }
            out.push_str(digits);
        }
    } else {
        out.push_str(first);
        out.push('.');
        out.push_str(if rest.is_empty() { "0" } else { rest });
        out.push('E');
        let _ = write!(out, "{exponent}");
    }
}

/// Appends `v` as a JSON value: a float token with a `.`, or the strings `"NaN"`,
/// `"Infinity"`, `"-Infinity"` for non-finite values (as Jackson writes them).
pub(super) fn write_float_json<F: JavaFloat>(v: F, out: &mut String) {
    if v.is_nan() || v.is_infinite() {
        out.push('"');
        write_float_text(v, out);
        out.push('"');
    } else {
        write_float_text(v, out);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn escaped(s: &str) -> String {
        let mut out = String::from("\"");
        write_escaped(s, &mut out);
        out.push('"');
        out
    }

    fn double(v: f64) -> String {
        let mut out = String::new();
        write_float_json(v, &mut out);
        out
    }

    fn real(v: f32) -> String {
        let mut out = String::new();
        write_float_json(v, &mut out);
        out
    }

    #[test]
    fn escapes_json_strings() {
        assert_eq!(escaped("plain"), r#""plain""#);
        assert_eq!(escaped("say \"hi\"\\"), r#""say \"hi\"\\""#);
        assert_eq!(escaped("a\nb\rc\td\u{8}e\u{c}f"), r#""a\nb\rc\td\be\ff""#);
        assert_eq!(escaped("\u{0}\u{1}\u{1f}"), r#""\u0000\u0001\u001f""#);
        assert_eq!(escaped("ünï €😀 \u{7f}"), "\"ünï €😀 \u{7f}\"");
        assert_eq!(escaped(""), r#""""#);
        assert!(needs_escape("a\"b"));
        assert!(!needs_escape("2020-01-01 UTC"));
    }

    #[test]
    fn escaped_text_is_valid_json() {
        let nasty = "\"\\/\u{0}\u{1f}\n😀é\u{2028}";
        let parsed: String = serde_json::from_str(&escaped(nasty)).unwrap();
        assert_eq!(parsed, nasty);
    }

    #[test]
    fn one_digit_values_take_the_closest_two_digit_decimal_like_java() {
        // Java's documented answers for the smallest subnormals.
        assert_eq!(real(f32::from_bits(1)), "1.4E-45");
        assert_eq!(real(f32::from_bits(2)), "2.8E-45");
        assert_eq!(double(f64::from_bits(1)), "4.9E-324");
        // One digit stays one digit when it is also the closest two-digit decimal.
        assert_eq!(real(0.3), "0.3");
        assert_eq!(double(2.0E10), "2.0E10");
        assert_eq!(double(-5.0), "-5.0");
    }

    #[test]
    fn doubles_like_java_double_to_string() {
        assert_eq!(double(1.0), "1.0");
        assert_eq!(double(0.5), "0.5");
        assert_eq!(double(-2.25), "-2.25");
        assert_eq!(double(100.0), "100.0");
        assert_eq!(double(0.001), "0.001");
        assert_eq!(double(0.0001), "1.0E-4");
        assert_eq!(double(1234567.0), "1234567.0");
        assert_eq!(double(1.0E7), "1.0E7");
        assert_eq!(double(1.0E10), "1.0E10");
        assert_eq!(double(1.5E10), "1.5E10");
        assert_eq!(double(1.7976931348623157E308), "1.7976931348623157E308");
        assert_eq!(double(-1.2345E-7), "-1.2345E-7");
        assert_eq!(double(0.1 + 0.2), "0.30000000000000004");
        assert_eq!(double(0.0), "0.0");
        assert_eq!(double(-0.0), "-0.0");
    }

    #[test]
    fn non_finite_values_are_strings() {
        assert_eq!(double(f64::NAN), r#""NaN""#);
        assert_eq!(double(f64::INFINITY), r#""Infinity""#);
        assert_eq!(double(f64::NEG_INFINITY), r#""-Infinity""#);
        assert_eq!(real(f32::NAN), r#""NaN""#);
        assert_eq!(real(f32::NEG_INFINITY), r#""-Infinity""#);
    }

    #[test]
    fn reals_use_float_precision_digits() {
        assert_eq!(real(0.1), "0.1");
        assert_eq!(real(1.0), "1.0");
        assert_eq!(real(3.4028235E38), "3.4028235E38");
        assert_eq!(real(-12.5), "-12.5");
    }

    #[test]
    fn floats_are_json_float_tokens() {
        for v in [1.0, 12345.0, 1e300, 5e-324, -3.0, 123456789.0] {
            let text = double(v);
            assert!(text.contains('.'), "{text}");
            assert_eq!(serde_json::from_str::<f64>(&text).unwrap(), v);
            assert!(
                serde_json::from_str::<serde_json::Value>(&text)
                    .unwrap()
                    .is_f64()
            );
        }
    }
}
