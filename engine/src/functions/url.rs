//! Trino's URL functions: `url_extract_{protocol,host,port,path,query,fragment,parameter}`,
//! `url_encode` and `url_decode`.
//!
//! Trino parses with Java's `java.net.URI` (RFC 2396): a URL that does not parse gives
//! NULL, a component that is absent gives the empty string (the port and a missing
//! parameter give NULL), and path, query and fragment are percent-decoded. [`parse`] is a
//! small RFC 2396 splitter written here with those rules; the `url` crate follows the
//! WHATWG standard instead, which normalises hosts, paths and default ports.

use std::borrow::Cow;
use std::sync::Arc;

use arrow::array::{Int64Builder, StringBuilder};
use arrow::datatypes::DataType;
use datafusion::error::Result;
use datafusion::logical_expr::{ColumnarValue, ScalarUDF};
use percent_encoding::percent_decode_str;

use super::args::{Batch, Returns, function, string};
use super::error::invalid_argument;

/// The URL functions, for registration in a session.
pub fn url_functions() -> Vec<ScalarUDF> {
    let extract = |name, body| {
        function(
            name,
            vec![vec![string()]],
            Returns::Type(DataType::Utf8),
            body,
        )
    };
    vec![
        extract("url_extract_protocol", |b| {
            component(b, |u| Some(u.scheme.unwrap_or("").into()))
        }),
        extract("url_extract_host", |b| {
            component(b, |u| Some(u.host.unwrap_or("").into()))
        }),
        extract("url_extract_path", |b| {
            component(b, |u| Some(decode(u.path.unwrap_or(""))))
        }),
        extract("url_extract_query", |b| {
            component(b, |u| Some(decode(u.query.unwrap_or(""))))
        }),
        extract("url_extract_fragment", |b| {
            component(b, |u| Some(decode(u.fragment.unwrap_or(""))))
        }),
        function(
            "url_extract_port",
            vec![vec![string()]],
            Returns::Type(DataType::Int64),
            extract_port,
        ),
        function(
            "url_extract_parameter",
            vec![vec![string(), string()]],
            Returns::Type(DataType::Utf8),
            extract_parameter,
        ),
        extract("url_encode", |b| {
            map_text(b, |s| Ok(protocol::headers::url_encode(s)))
        }),
        extract("url_decode", |b| {
            map_text(b, |s| {
                protocol::headers::url_decode(s).map_err(|e| invalid_argument(e.to_string()))
            })
        }),
    ]
}

/// The parts of a URI, still percent-encoded.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Uri<'a> {
    /// Scheme, without `:`.
    pub scheme: Option<&'a str>,
    /// Host of a server-based authority (IPv6 literals keep their brackets).
    pub host: Option<&'a str>,
    /// Port, when the authority has one.
    pub port: Option<u16>,
    /// Path of a hierarchical URI.
    pub path: Option<&'a str>,
    /// Query, without `?`.
    pub query: Option<&'a str>,
    /// Fragment, without `#`.
    pub fragment: Option<&'a str>,
}

/// ASCII characters RFC 2396 allows in every component outside escapes: letters, digits
/// and `-_.!~*'();/?:@&=+$,`.
const PLAIN: [bool; 256] = {
    let mut table = [false; 256];
    let mut b = 0;
    while b < 128 {
        table[b] = (b as u8).is_ascii_alphanumeric();
        b += 1;
    }
    let marks = b"-_.!~*'();/?:@&=+$,";
    let mut i = 0;
    while i < marks.len() {
        table[marks[i] as usize] = true;
        i += 1;
    }
    table
};

/// Characters RFC 2396 allows outside escapes (besides non-ASCII "other" characters).
fn allowed(c: char, extra: &str) -> bool {
    !c.is_ascii() || PLAIN[c as usize] || extra.contains(c)
}

/// Checks that `part` has only legal characters and well-formed `%XX` escapes.
fn valid(part: &str, extra: &str) -> bool {
    let bytes = part.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = |j: usize| bytes.get(j).is_some_and(u8::is_ascii_hexdigit);
            if !(hex(i + 1) && hex(i + 2)) {
                return false;
            }
            i += 3;
            continue;
        }
        if PLAIN[usize::from(bytes[i])] {
            i += 1;
            continue;
        }
        let c = part[i..].chars().next().unwrap_or('\0');
        if !allowed(c, extra) || c.is_control() {
            return false;
        }
        i += c.len_utf8();
    }
    true
}

/// Whether `b` is not [`PLAIN`], as comparisons the compiler turns into vector code.
#[inline(always)]
fn special(b: u8) -> bool {
    // Outside `!`..=`~` (controls, space, DEL, non-ASCII), or one of the ASCII
    // punctuation marks RFC 2396 leaves out (`#` and `%` included). `|`, not `||`: no
    // branches in the loop.
    (b.wrapping_sub(0x21) > 0x7e - 0x21)
        | (b == b'"')
        | (b == b'#')
        | (b == b'%')
        | (b == b'<')
        | (b == b'>')
        | (b == b'`')
        | (b.wrapping_sub(b'[') <= b'^' - b'[')
        | (b.wrapping_sub(b'{') <= b'}' - b'{')
}

/// Whether every byte of `text` is [`PLAIN`], scanned 16 bytes at a time.
fn all_plain(text: &str) -> bool {
    let any_special = |bytes: &[u8]| bytes.iter().fold(false, |acc, &b| acc | special(b));
    let mut chunks = text.as_bytes().chunks_exact(16);
    for chunk in &mut chunks {
        if any_special(chunk) {
            return false;
        }
    }
    !any_special(chunks.remainder())
}

/// Splits `text` like `java.net.URI`; `None` when Java would reject it.
pub fn parse(text: &str) -> Option<Uri<'_>> {
    // The common URL holds no escapes, brackets or non-ASCII text, and at most the `#`
    // that starts the fragment: then every component is valid, checked in one scan.
    let (rest, fragment) = split_at_byte(text, b'#');
    let plain = all_plain(rest) && fragment.is_none_or(all_plain);
    split(text, plain)
}

/// `text` before and after the first `byte` (an ASCII delimiter).
#[inline]
fn split_at_byte(text: &str, byte: u8) -> (&str, Option<&str>) {
    match memchr::memchr(byte, text.as_bytes()) {
        Some(i) => (&text[..i], Some(&text[i + 1..])),
        None => (text, None),
    }
}

/// [`parse`], checking each component with [`valid`] unless the whole text is `plain`.
fn split(text: &str, plain: bool) -> Option<Uri<'_>> {
    let check = |part: &str, extra: &str| plain || valid(part, extra);
    let mut uri = Uri::default();
    let (rest, fragment) = split_at_byte(text, b'#');
    if let Some(f) = fragment {
        if !check(f, "[]") {
            return None;
        }
        uri.fragment = Some(f);
    }
    let mut rest = rest;
    if let Some(colon) = memchr::memchr(b':', rest.as_bytes()) {
        let scheme = &rest[..colon];
        let is_scheme = scheme
            .bytes()
            .next()
            .is_some_and(|c| c.is_ascii_alphabetic())
            && scheme
                .bytes()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, b'+' | b'-' | b'.'));
        if is_scheme {
            uri.scheme = Some(scheme);
            rest = &rest[colon + 1..];
            if rest.is_empty() {
                return None;
            }
            if !rest.starts_with('/') {
                // Opaque URI (`mailto:a@b`): no authority, path or query.
                return check(rest, "[]").then_some(uri);
            }
        } else if colon == 0 {
            return None;
        }
    }
    if let Some(after) = rest.strip_prefix("//") {
        let end = memchr::memchr2(b'/', b'?', after.as_bytes()).unwrap_or(after.len());
        let authority = &after[..end];
        rest = &after[end..];
        if !check(authority, "[]") || !parse_authority(authority, &mut uri) {
            return None;
        }
    }
    let (path, query) = split_at_byte(rest, b'?');
    if !check(path, "") {
        return None;
    }
    uri.path = Some(path);
    if let Some(q) = query {
        if !check(q, "[]") {
            return None;
        }
        uri.query = Some(q);
    }
    Some(uri)
}

/// Reads `[userinfo@]host[:port]`; an authority that is not server-based is kept as a
/// registry name (no host, no port), as Java does. `authority` has passed [`valid`].
fn parse_authority<'a>(authority: &'a str, uri: &mut Uri<'a>) -> bool {
    let server =
        memchr::memrchr(b'@', authority.as_bytes()).map_or(authority, |at| &authority[at + 1..]);
    let (host, port) = if server.starts_with('[') {
        match server.find(']') {
            Some(close) => (&server[..=close], server[close + 1..].strip_prefix(':')),
            None => return false,
        }
    } else {
        match memchr::memrchr(b':', server.as_bytes()) {
            Some(colon) => (&server[..colon], Some(&server[colon + 1..])),
            None => (server, None),
        }
    };
    let port = match port {
        None | Some("") => None,
        Some(p) if p.bytes().all(|b| b.is_ascii_digit()) => match p.parse::<u16>() {
            Ok(p) => Some(p),
            Err(_) => return true,
        },
        Some(_) => return true,
    };
    let hostname = !host.is_empty()
        && (host.starts_with('[') || labels(host.as_bytes()) || host.ends_with('.'));
    if hostname {
        uri.host = Some(host);
        uri.port = port;
    }
    true
}

/// Whether `host` is dot-separated non-empty labels of ASCII letters, digits and `-`.
fn labels(host: &[u8]) -> bool {
    let mut previous = b'.';
    for &b in host {
        let ok = b.is_ascii_alphanumeric() || b == b'-' || (b == b'.' && previous != b'.');
        if !ok {
            return false;
        }
        previous = b;
    }
    previous != b'.'
}

/// Percent-decodes like `URI.getPath()` (UTF-8, invalid sequences replaced); borrowed when
/// `part` has no escapes.
fn decode(part: &str) -> Cow<'_, str> {
    percent_decode_str(part).decode_utf8_lossy()
}

/// One component of each URL, written straight into the output.
fn component(
    batch: &Batch,
    f: impl for<'a> Fn(Uri<'a>) -> Option<Cow<'a, str>>,
) -> Result<ColumnarValue> {
    let input = batch.strings(0)?;
    let mut out = StringBuilder::with_capacity(batch.rows, 0);
    for i in 0..batch.rows {
        match input.get(i).and_then(parse).and_then(&f) {
            Some(part) => out.append_value(part),
            None => out.append_null(),
        }
    }
    batch.finish(Arc::new(out.finish()))
}

fn map_text(batch: &Batch, f: impl Fn(&str) -> Result<String>) -> Result<ColumnarValue> {
    let input = batch.strings(0)?;
    let mut out = StringBuilder::with_capacity(batch.rows, input.byte_hint());
    for i in 0..batch.rows {
        match input.get(i) {
            Some(s) => out.append_value(f(s)?),
            None => out.append_null(),
        }
    }
    batch.finish(Arc::new(out.finish()))
}

fn extract_port(batch: &Batch) -> Result<ColumnarValue> {
    let input = batch.strings(0)?;
    let mut out = Int64Builder::with_capacity(batch.rows);
    for i in 0..batch.rows {
        out.append_option(
            input
                .get(i)
                .and_then(parse)
                .and_then(|u| u.port)
                .map(i64::from),
        );
    }
    batch.finish(Arc::new(out.finish()))
}

/// The first parameter `name` of `url`'s query, form-decoded; `""` when it has no `=`.
fn parameter<'a>(url: &'a str, name: &str) -> Result<Option<Cow<'a, str>>> {
    let Some(query) = parse(url).and_then(|u| u.query) else {
        return Ok(None);
    };
    for argument in query.split('&') {
        let (key, value) = match argument.split_once('=') {
            Some((k, v)) => (k, Some(v)),
            None => (argument, None),
        };
        if key == name {
            return match value {
                // Nothing to decode: the text itself.
                Some(v) if !v.contains(['%', '+']) => Ok(Some(Cow::Borrowed(v))),
                Some(v) => protocol::headers::url_decode(v)
                    .map(|v| Some(Cow::Owned(v)))
                    .map_err(|e| invalid_argument(e.to_string())),
                None => Ok(Some(Cow::Borrowed(""))),
            };
        }
    }
    Ok(None)
}

fn extract_parameter(batch: &Batch) -> Result<ColumnarValue> {
    let input = batch.strings(0)?;
    let names = batch.strings(1)?;
    let mut out = StringBuilder::with_capacity(batch.rows, 0);
    for i in 0..batch.rows {
        match (input.get(i), names.get(i)) {
            (Some(url), Some(name)) => out.append_option(parameter(url, name)?),
            _ => out.append_null(),
        }
    }
    batch.finish(Arc::new(out.finish()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::functions::args::testing::{call, s};
    use datafusion::common::ScalarValue;

    fn udf(name: &str) -> ScalarUDF {
        url_functions()
            .into_iter()
            .find(|f| f.name() == name)
            .expect("function")
    }

    fn text(name: &str, args: Vec<ScalarValue>) -> ScalarValue {
        call(&udf(name), args).unwrap()
    }

    #[test]
    fn protocol_examples_from_trino_docs() {
        let p = |url| text("url_extract_protocol", vec![s(url)]);
        assert_eq!(p("http://localhost:8080/req_path"), s("http"));
        assert_eq!(p("https://127.0.0.1:8080/req_path"), s("https"));
        assert_eq!(p("ftp://path/file"), s("ftp"));
    }

    #[test]
    fn components() {
        let url = "https://user@example.com:8443/a%20b/c?x=1&y=a+b%21#frag%20x";
        assert_eq!(text("url_extract_host", vec![s(url)]), s("example.com"));
        assert_eq!(
            text("url_extract_port", vec![s(url)]),
            ScalarValue::Int64(Some(8443))
        );
        assert_eq!(text("url_extract_path", vec![s(url)]), s("/a b/c"));
        assert_eq!(text("url_extract_query", vec![s(url)]), s("x=1&y=a+b!"));
        assert_eq!(text("url_extract_fragment", vec![s(url)]), s("frag x"));
        assert_eq!(
            text("url_extract_parameter", vec![s(url), s("y")]),
            s("a b!")
        );
        assert_eq!(
            text("url_extract_parameter", vec![s(url), s("z")]),
            ScalarValue::Utf8(None)
        );
        let plain = "http://example.com";
        assert_eq!(
            text("url_extract_port", vec![s(plain)]),
            ScalarValue::Int64(None)
        );
        assert_eq!(text("url_extract_path", vec![s(plain)]), s(""));
        assert_eq!(text("url_extract_query", vec![s(plain)]), s(""));
        // Not a URI for Java: NULL.
        assert_eq!(
            text("url_extract_host", vec![s("http://exa mple.com/")]),
            ScalarValue::Utf8(None)
        );
        assert_eq!(
            text("url_extract_host", vec![s("http://[::1]:80/")]),
            s("[::1]")
        );
    }

    /// URLs around the one-scan check of [`all_plain`].
    const URLS: &[&str] = &[
        "https://shop1.example.com:8443/products/1/view?id=7&ref=c1#reviews",
        "https://user:pw@example.com:8443/a",
        "http://user@[::1]:80/p?q#f",
        "http://[2001:db8::7]/c=GB?objectClass?one",
        "http://[::1/",
        "example.com/path",
        "//example.com/path?x",
        "/relative/path",
        "mailto:a@b.com",
        "urn:isbn:096139210x",
        "news:comp.lang.java",
        "http:",
        ":nope",
        "1http://x",
        "http://a#b#c",
        "http://a/b#c#",
        "http://a/%20b?c%2",
        "http://a/%zz",
        "http://exa mple.com/",
        "http://example.com/ä?ü#ö",
        "http://example.com/\u{85}",
        "http://ex_ample.com/",
        "http://example.com.:80/",
        "http://example.com:99999/",
        "http://example.com:8o/",
        "http://example.com:/",
        "http://-a.b/",
        "http://a..b/",
        "http://a/p[1]",
        "http://a/p?q[1]#f[2]",
        "http://a/\"q\"",
        "http://a/{x}|^`\\",
        "http://a/\tb",
        "http://a?b/c",
        "",
        "#",
        "##",
        "?",
        "http://",
        "http:///path",
    ];

    #[test]
    fn one_scan_check_agrees_with_per_component_checks() {
        for url in URLS {
            assert_eq!(parse(url), split(url, false), "{url:?}");
        }
        for b in 0..=255u8 {
            assert_eq!(special(b), !PLAIN[usize::from(b)], "{b:#x}");
        }
        assert!(all_plain("https://a.b:1/c?d=e&f=g"));
        assert!(all_plain(&"a".repeat(100)));
        for (host, expected) in [
            ("a.b-c.d", true),
            ("a", true),
            ("", false),
            (".a", false),
            ("a.", false),
            ("a..b", false),
            ("a_b", false),
            ("é", false),
        ] {
            assert_eq!(labels(host.as_bytes()), expected, "{host}");
        }
        for other in ["a#b", "a%20", "a[", "é", "a b", "a\"", "a\\b", "a{"] {
            assert!(!all_plain(other), "{other}");
            assert!(!all_plain(&format!("{}{other}", "x".repeat(16))), "{other}");
            assert!(!all_plain(&format!("{}{other}", "x".repeat(40))), "{other}");
        }
    }

    #[test]
    fn hosts() {
        let host = |url| text("url_extract_host", vec![s(url)]);
        assert_eq!(host("https://user:pw@example.com:8443/a"), s("example.com"));
        assert_eq!(host("http://user@[::1]:80/p?q#f"), s("[::1]"));
        assert_eq!(host("http://[2001:db8::7]/x"), s("[2001:db8::7]"));
        // No scheme, no authority, registry authority, opaque: an empty host.
        assert_eq!(host("example.com/path"), s(""));
        assert_eq!(host("//example.com/path"), s("example.com"));
        assert_eq!(host("http://ex_ample.com/"), s(""));
        assert_eq!(host("mailto:a@b.com"), s(""));
        assert_eq!(host("http://example.com:99999/"), s(""));
        assert_eq!(host("http://example.com.:80/"), s("example.com."));
        assert_eq!(host("http://example.com/ä?ü#ö"), s("example.com"));
        // Not URIs for Java: NULL.
        for bad in [
            "http://a#b#c",
            "http://a/%zz",
            "http://[::1/",
            "http:",
            "http://a/{x}",
        ] {
            assert_eq!(host(bad), ScalarValue::Utf8(None), "{bad}");
        }
        let decoded = |name, url| text(name, vec![s(url)]);
        assert_eq!(
            decoded("url_extract_path", "http://a/%C3%A9%zz"),
            ScalarValue::Utf8(None)
        );
        assert_eq!(decoded("url_extract_path", "http://a/%C3%A9"), s("/é"));
        assert_eq!(decoded("url_extract_fragment", "http://a/#x%20y"), s("x y"));
        assert_eq!(
            text("url_extract_parameter", vec![s("http://a/?k&x=1"), s("k")]),
            s("")
        );
        assert_eq!(
            text(
                "url_extract_parameter",
                vec![s("http://a/?x=a%2Bb+c"), s("x")]
            ),
            s("a+b c")
        );
    }

    #[test]
    fn encoding() {
        // The rules of Trino's docs: alphanumerics and `.-*_` stay, space is `+`.
        assert_eq!(
            text("url_encode", vec![s("a b.-*_/é")]),
            s("a+b.-*_%2F%C3%A9")
        );
        assert_eq!(
            text("url_decode", vec![s("a+b.-*_%2F%C3%A9")]),
            s("a b.-*_/é")
        );
        assert!(call(&udf("url_decode"), vec![s("%zz")]).is_err());
    }
}
