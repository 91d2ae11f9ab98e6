//! A streaming walk of JSON text to the value at a legacy JSONPath, without building a
//! `serde_json::Value` tree of the whole document.
//!
//! The walk still reads every byte: text that `serde_json::from_str::<Value>` rejects gives
//! no value, as a full parse did. The rare tokens whose validity is subtle (strings with
//! escapes, numbers with an exponent or hundreds of digits) are checked by `serde_json`
//! itself on the token alone, so acceptance stays exactly `serde_json`'s; everything else
//! (structure, plain strings and numbers, literals, whitespace, nesting depth) is checked
//! here. Duplicate object keys resolve to the last one, as `serde_json`'s maps do.

use std::borrow::Cow;

use serde_json::Value;

/// Nesting `serde_json` refuses: its recursion limit (128) counts the outermost container.
const MAX_DEPTH: usize = 128;

/// Integer digits below which a plain number (no exponent) cannot overflow an `f64`.
const SAFE_DIGITS: usize = 300;

/// One compiled step of a path: the key it matches in an object and the index it matches
/// in an array (`$.1` and `$[1]` both reach key `"1"` and element 1).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Step {
    /// Key of an object member.
    pub key: String,
    /// Position in an array, when the step is a number.
    pub index: Option<usize>,
}

impl Step {
    /// `.key`, `["key"]` or `[key]`.
    pub fn key(key: String) -> Step {
        let index = key.parse::<usize>().ok();
        Step { key, index }
    }

    /// `[n]`.
    pub fn index(index: usize) -> Step {
        Step {
            key: index.to_string(),
            index: Some(index),
        }
    }
}

/// What kind of JSON value a [`Found`] is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A string.
    String,
    /// A number.
    Number,
    /// `true` or `false`.
    Bool,
    /// `null`.
    Null,
    /// An array.
    Array,
    /// An object.
    Object,
}

/// The value at the end of a path, as a slice of the document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found<'a> {
    /// The value's text, exactly as in the document (strings with their quotes).
    pub text: &'a str,
    /// Its kind.
    pub kind: Kind,
    /// The content of a string, unescaped.
    string: Option<Cow<'a, str>>,
}

impl<'a> Found<'a> {
    /// The content of a string value, unescaped; `None` for other kinds.
    pub fn string(&self) -> Option<&str> {
        self.string.as_deref()
    }

    /// The value as a `serde_json` tree (the same as the subtree of a full parse).
    pub fn value(&self) -> Option<Value> {
        serde_json::from_str(self.text).ok()
    }
}

/// The value of `text` at `steps`; `None` when `text` is not valid JSON or the path reaches
/// nothing.
pub fn find<'a>(text: &'a str, steps: &[Step]) -> Option<Found<'a>> {
    let mut walker = Walker {
        text,
        bytes: text.as_bytes(),
        pos: 0,
        depth: 0,
    };
    walker.whitespace();
    let found = walker.value(Some(steps))?;
    walker.whitespace();
    if walker.pos != walker.bytes.len() {
        return None;
    }
    found
}

/// `None` from a walker method: the text is not valid JSON.
type Valid<T> = Option<T>;

struct Walker<'a> {
    text: &'a str,
    bytes: &'a [u8],
    pos: usize,
    depth: usize,
}

impl<'a> Walker<'a> {
    #[inline]
    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.pos).copied()
    }

    #[inline]
    fn whitespace(&mut self) {
        while let Some(b' ' | b'\n' | b'\t' | b'\r') = self.peek() {
            self.pos += 1;
        }
    }

    /// Reads the value at the current position (whitespace skipped). With `Some(steps)`,
    /// also follows `steps` inside it: the outer `Option` is validity, the inner one
    /// whether the path reached a value. With `None`, only validates.
    fn value(&mut self, steps: Option<&[Step]>) -> Valid<Option<Found<'a>>> {
        let start = self.pos;
        let (kind, string) = match self.peek()? {
            b'{' => return self.object(start, steps),
            b'[' => return self.array(start, steps),
            b'"' => (Kind::String, Some(self.string()?)),
            b'-' | b'0'..=b'9' => {
                self.number()?;
                (Kind::Number, None)
            }
            b't' => {
                self.literal(b"true")?;
                (Kind::Bool, None)
            }
            b'f' => {
                self.literal(b"false")?;
                (Kind::Bool, None)
            }
            b'n' => {
                self.literal(b"null")?;
                (Kind::Null, None)
            }
            _ => return None,
        };
        Some(match steps {
            Some([]) => Some(Found {
                text: &self.text[start..self.pos],
                kind,
                string,
            }),
            _ => None,
        })
    }

    fn literal(&mut self, word: &[u8]) -> Valid<()> {
        let end = self.pos + word.len();
        (self.bytes.get(self.pos..end)? == word).then(|| self.pos = end)
    }

    /// Enters an array or object, failing past `serde_json`'s recursion limit.
    fn enter(&mut self) -> Valid<()> {
        self.depth += 1;
        self.pos += 1;
        (self.depth < MAX_DEPTH).then_some(())
    }

    /// The whole container (from `start` to the current position) when `steps` end here.
    fn container(
        &self,
        start: usize,
        kind: Kind,
        steps: Option<&[Step]>,
        found: Option<Found<'a>>,
    ) -> Option<Found<'a>> {
        match steps {
            Some([]) => Some(Found {
                text: &self.text[start..self.pos],
                kind,
                string: None,
            }),
            _ => found,
        }
    }

    fn object(&mut self, start: usize, steps: Option<&[Step]>) -> Valid<Option<Found<'a>>> {
        self.enter()?;
        let (step, rest) = match steps {
            Some([step, rest @ ..]) => (Some(step), Some(rest)),
            _ => (None, None),
        };
        let mut found = None;
        self.whitespace();
        if self.peek()? == b'}' {
            self.pos += 1;
        } else {
            loop {
                if self.peek()? != b'"' {
                    return None;
                }
                let key = self.string()?;
                self.whitespace();
                if self.peek()? != b':' {
                    return None;
                }
                self.pos += 1;
                self.whitespace();
                match step {
                    // A later duplicate key replaces an earlier one, found or not.
                    Some(step) if key == step.key.as_str() => found = self.value(rest)?,
                    _ => {
                        self.value(None)?;
                    }
                }
                self.whitespace();
                match self.peek()? {
                    b',' => {
                        self.pos += 1;
                        self.whitespace();
                    }
                    b'}' => {
                        self.pos += 1;
                        break;
                    }
                    _ => return None,
                }
            }
        }
        self.depth -= 1;
        Some(self.container(start, Kind::Object, steps, found))
    }

    fn array(&mut self, start: usize, steps: Option<&[Step]>) -> Valid<Option<Found<'a>>> {
        self.enter()?;
        let (index, rest) = match steps {
            Some([step, rest @ ..]) => (step.index, Some(rest)),
            _ => (None, None),
        };
        let mut found = None;
        self.whitespace();
        if self.peek()? == b']' {
            self.pos += 1;
        } else {
            let mut position = 0usize;
            loop {
                if index == Some(position) {
                    found = self.value(rest)?;
                } else {
                    self.value(None)?;
                }
                position += 1;
                self.whitespace();
                match self.peek()? {
                    b',' => {
                        self.pos += 1;
                        self.whitespace();
                    }
                    b']' => {
                        self.pos += 1;
                        break;
                    }
                    _ => return None,
                }
            }
        }
        self.depth -= 1;
        Some(self.container(start, Kind::Array, steps, found))
    }

    /// Reads a string token and returns its content, unescaped.
    fn string(&mut self) -> Valid<Cow<'a, str>> {
        let start = self.pos;
        self.pos += 1;
        let mut escaped = false;
        loop {
            match *self.bytes.get(self.pos)? {
                b'"' => break,
                b'\\' => {
                    escaped = true;
                    // The escaped byte cannot end the token; `serde_json` checks the escape.
                    self.pos += 2;
                }
                0x00..=0x1f => return None,
                _ => self.pos += 1,
            }
        }
        self.pos += 1;
        let token = self.text.get(start..self.pos)?;
        if escaped {
            serde_json::from_str::<String>(token).ok().map(Cow::Owned)
        } else {
            Some(Cow::Borrowed(&token[1..token.len() - 1]))
        }
    }

    /// Reads a number token: the longest run of number characters, which `serde_json`
    /// accepts exactly when it is one valid number (no valid continuation of a number
    /// starts with these characters).
    fn number(&mut self) -> Valid<()> {
        let start = self.pos;
        while let Some(b'0'..=b'9' | b'-' | b'+' | b'.' | b'e' | b'E') = self.peek() {
            self.pos += 1;
        }
        let token = &self.bytes[start..self.pos];
        if plain_number(token) {
            return Some(());
        }
        let token = self.text.get(start..self.pos)?;
        serde_json::from_str::<Value>(token).ok().map(|_| ())
    }
}

/// `-?(0|[1-9][0-9]*)(\.[0-9]+)?` with fewer than [`SAFE_DIGITS`] integer digits: a number
/// that is valid and in range for any `serde_json` configuration.
fn plain_number(token: &[u8]) -> bool {
    let digits = token.strip_prefix(b"-").unwrap_or(token);
    let (integer, fraction) = match digits.iter().position(|&b| b == b'.') {
        Some(dot) => (&digits[..dot], Some(&digits[dot + 1..])),
        None => (digits, None),
    };
    let integer_ok = match integer {
        [b'0'] => true,
        [b'1'..=b'9', ..] => integer.len() < SAFE_DIGITS && integer.iter().all(u8::is_ascii_digit),
        _ => false,
    };
    integer_ok && fraction.is_none_or(|f| !f.is_empty() && f.iter().all(u8::is_ascii_digit))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(k: &str) -> Step {
        Step::key(k.to_string())
    }

    fn at<'a>(text: &'a str, steps: &[Step]) -> Option<&'a str> {
        find(text, steps).map(|f| f.text)
    }

    /// Documents `serde_json` accepts or rejects for subtle reasons.
    const CORPUS: &[&str] = &[
        "",
        " ",
        "1",
        " 1 ",
        "-0",
        "-",
        "01",
        "1.",
        ".5",
        "+1",
        "1e5",
        "1E+5",
        "1e-5",
        "1e",
        "1e400",
        "-1e400",
        "1e-400",
        "1.5e308",
        "0.0",
        "-0.0e0",
        "1-2",
        "[1-2]",
        "[1,-2]",
        "18446744073709551616",
        "-9223372036854775809",
        "true",
        "tru",
        "truex",
        "nul",
        "null ",
        "false",
        "\"a\"",
        "\"a",
        "\"\\\"\"",
        "\"\\u00e9\"",
        "\"\\u00e\"",
        "\"\\x\"",
        "\"\\ud83d\\ude00\"",
        "\"\\ud83d\"",
        "\"\\ude00\"",
        "\"\\ud83dx\"",
        "\"\\ud83d\\n\"",
        "\"tab\there\"",
        "\"new\nline\"",
        "\"\u{7f}\"",
        "\"é€😀\"",
        "[]",
        "[ ]",
        "[,]",
        "[1,]",
        "[1 2]",
        "{}",
        "{ }",
        "{\"a\":1}",
        "{\"a\" : 1 , \"b\" : [ ] }",
        "{\"a\":1,}",
        "{\"a\"}",
        "{\"a\":}",
        "{a:1}",
        "{\"a\":1}}",
        "[1]]",
        "[[]",
        "\u{feff}1",
        "1 x",
        "\t\r\n[\t1\r,\n2 ]\n",
        "{\"a\\\"b\":1}",
        "{\"a\":1,\"a\":2}",
        "\"\\/\"",
        "[\"\\u0000\"]",
    ];

    #[test]
    fn accepts_exactly_what_serde_json_accepts() {
        for text in CORPUS {
            assert_eq!(
                find(text, &[]).is_some(),
                serde_json::from_str::<Value>(text).is_ok(),
                "{text:?}"
            );
        }
        let long = format!("[{}]", "9".repeat(400));
        assert_eq!(
            find(&long, &[]).is_some(),
            serde_json::from_str::<Value>(&long).is_ok()
        );
        let long = format!("{}.5", "9".repeat(SAFE_DIGITS - 1));
        assert!(find(&long, &[]).is_some());
    }

    #[test]
    fn nesting_limit_is_serde_jsons() {
        for depth in [126, 127, 128, 129] {
            for (open, close) in [("[", "]"), ("{\"a\":", "}")] {
                let text = format!("{}1{}", open.repeat(depth), close.repeat(depth));
                assert_eq!(
                    find(&text, &[]).is_some(),
                    serde_json::from_str::<Value>(&text).is_ok(),
                    "{depth} {open}"
                );
            }
        }
    }

    #[test]
    fn invalid_text_anywhere_gives_nothing() {
        let path = [key("a")];
        assert_eq!(at(r#"{"a":1}"#, &path), Some("1"));
        // The value is found before the error, which still wins.
        assert_eq!(at(r#"{"a":1,"b":[1,]}"#, &path), None);
        assert_eq!(at(r#"{"a":1} x"#, &path), None);
        assert_eq!(at(r#"{"a":1,"b":"\q"}"#, &path), None);
        assert_eq!(at(r#"{"a":1,"b":1e999}"#, &path), None);
    }

    #[test]
    fn paths() {
        let doc = r#" { "a" : { "b" : [ 10 , { "c" : "x" } , true ] } , "d" : null } "#;
        assert_eq!(at(doc, &[]), Some(doc.trim()));
        assert_eq!(at(doc, &[key("a"), key("b"), Step::index(0)]), Some("10"));
        assert_eq!(
            at(doc, &[key("a"), key("b"), key("1"), key("c")]),
            Some("\"x\"")
        );
        assert_eq!(
            at(doc, &[key("a"), key("b")]),
            Some(r#"[ 10 , { "c" : "x" } , true ]"#)
        );
        assert_eq!(at(doc, &[key("d")]), Some("null"));
        assert_eq!(at(doc, &[key("a"), key("b"), Step::index(3)]), None);
        assert_eq!(at(doc, &[key("a"), key("b"), key("x")]), None);
        assert_eq!(at(doc, &[key("d"), key("x")]), None);
        assert_eq!(at(doc, &[key("z")]), None);
        // A numeric step reaches an object key spelled the same.
        assert_eq!(at(r#"{"1":"one"}"#, &[Step::index(1)]), Some("\"one\""));
        assert_eq!(at(r#"{"01":"one"}"#, &[Step::index(1)]), None);
        assert_eq!(at(r#"[5,6]"#, &[key("+1")]), Some("6"));
    }

    #[test]
    fn duplicate_keys_take_the_last() {
        assert_eq!(at(r#"{"a":1,"a":2}"#, &[key("a")]), Some("2"));
        assert_eq!(at(r#"{"a":{"b":1},"a":{}}"#, &[key("a"), key("b")]), None);
        assert_eq!(
            at(r#"{"a":{},"a":{"b":1}}"#, &[key("a"), key("b")]),
            Some("1")
        );
    }

    #[test]
    fn escaped_keys_and_strings() {
        let doc =
            r#"{"a\"b":"q\"uote","\u00e9":"\u00e9t\u00e9","😀":"\ud83d\ude00","k":"plain é"}"#;
        let string = |path: &[Step]| find(doc, path).and_then(|f| f.string().map(str::to_owned));
        assert_eq!(string(&[key("a\"b")]).as_deref(), Some("q\"uote"));
        assert_eq!(string(&[key("é")]).as_deref(), Some("été"));
        assert_eq!(string(&[key("😀")]).as_deref(), Some("😀"));
        assert_eq!(string(&[key("k")]).as_deref(), Some("plain é"));
        assert_eq!(find(doc, &[key("k")]).map(|f| f.kind), Some(Kind::String));
        // A key escaped differently from the path still matches once unescaped.
        assert_eq!(at(r#"{"\u0061":1}"#, &[key("a")]), Some("1"));
        assert_eq!(at(r#"{"a\/b":1}"#, &[key("a/b")]), Some("1"));
    }

    #[test]
    fn found_value_matches_the_full_parse() {
        let doc = r#"{"x":{"b":[1.50,1e2,-0],"a":"s"}}"#;
        let full: Value = serde_json::from_str(doc).unwrap();
        let found = find(doc, &[key("x")]).unwrap();
        assert_eq!(found.kind, Kind::Object);
        assert_eq!(found.value(), full.get("x").cloned());
    }

    #[test]
    fn plain_numbers() {
        for ok in ["0", "-0", "10", "-10.25", "0.5"] {
            assert!(plain_number(ok.as_bytes()), "{ok}");
        }
        for other in [
            "", "-", "01", "1.", ".5", "1e5", "1-", "--1", "0x1", "1.2.3",
        ] {
            assert!(!plain_number(other.as_bytes()), "{other}");
        }
    }
}
