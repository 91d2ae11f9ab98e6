//! `X-Trino-*` header names and the value formats they use (spec §1.6, §1.7).
//!
//! Multi-valued headers (`Session`, `Role`, `Prepared-Statement`, `Extra-Credential`,
//! `Resource-Estimate`) may arrive as repeated header instances and/or as comma-separated
//! lists; each entry is `name=value` with URL-encoded parts (`+` is a space). Response headers
//! that carry such entries must be URL-encoded so that they never contain a raw comma (Python
//! splits merged headers on `,`).

use thiserror::Error;

/// Session user (request).
pub const X_TRINO_USER: &str = "X-Trino-User";
/// Original user before `SET SESSION AUTHORIZATION` (request).
pub const X_TRINO_ORIGINAL_USER: &str = "X-Trino-Original-User";
/// Original roles (request).
pub const X_TRINO_ORIGINAL_ROLES: &str = "X-Trino-Original-Roles";
/// Client application name (request).
pub const X_TRINO_SOURCE: &str = "X-Trino-Source";
/// Session catalog (request).
pub const X_TRINO_CATALOG: &str = "X-Trino-Catalog";
/// Session schema (request).
pub const X_TRINO_SCHEMA: &str = "X-Trino-Schema";
/// Comma-separated SQL path (request).
pub const X_TRINO_PATH: &str = "X-Trino-Path";
/// Session time zone, an IANA id or an offset (request).
pub const X_TRINO_TIME_ZONE: &str = "X-Trino-Time-Zone";
/// Session locale, e.g. `en-US` (request).
pub const X_TRINO_LANGUAGE: &str = "X-Trino-Language";
/// Opaque trace token (request).
pub const X_TRINO_TRACE_TOKEN: &str = "X-Trino-Trace-Token";
/// Session properties, `name=value` entries (request).
pub const X_TRINO_SESSION: &str = "X-Trino-Session";
/// Enabled roles, `catalog=role` entries (request).
pub const X_TRINO_ROLE: &str = "X-Trino-Role";
/// Prepared statements, `name=sql` entries (request).
pub const X_TRINO_PREPARED_STATEMENT: &str = "X-Trino-Prepared-Statement";
/// Transaction id or `NONE`; its presence means the client supports transactions (request).
pub const X_TRINO_TRANSACTION_ID: &str = "X-Trino-Transaction-Id";
/// Free-text client info (request).
pub const X_TRINO_CLIENT_INFO: &str = "X-Trino-Client-Info";
/// Comma-separated client tags (request).
pub const X_TRINO_CLIENT_TAGS: &str = "X-Trino-Client-Tags";
/// Comma-separated client capabilities (request).
pub const X_TRINO_CLIENT_CAPABILITIES: &str = "X-Trino-Client-Capabilities";
/// Resource estimates, `name=value` entries (request).
pub const X_TRINO_RESOURCE_ESTIMATE: &str = "X-Trino-Resource-Estimate";
/// Extra credentials, `name=value` entries (request).
pub const X_TRINO_EXTRA_CREDENTIAL: &str = "X-Trino-Extra-Credential";
/// Spooling encodings the client accepts (request) or the encoding chosen (response).
pub const X_TRINO_QUERY_DATA_ENCODING: &str = "X-Trino-Query-Data-Encoding";

/// New session catalog (response).
pub const X_TRINO_SET_CATALOG: &str = "X-Trino-Set-Catalog";
/// New session schema (response).
pub const X_TRINO_SET_SCHEMA: &str = "X-Trino-Set-Schema";
/// New SQL path (response; only ever in answer to `SET PATH`, the Go client aborts on it).
pub const X_TRINO_SET_PATH: &str = "X-Trino-Set-Path";
/// Session property set, `name=urlencoded(value)`, one header per property (response).
pub const X_TRINO_SET_SESSION: &str = "X-Trino-Set-Session";
/// Session property reset, one name per header (response).
pub const X_TRINO_CLEAR_SESSION: &str = "X-Trino-Clear-Session";
/// Role set, `catalog=urlencoded(role)` (response).
pub const X_TRINO_SET_ROLE: &str = "X-Trino-Set-Role";
/// Original roles set (response).
pub const X_TRINO_SET_ORIGINAL_ROLES: &str = "X-Trino-Set-Original-Roles";
/// Prepared statement added, `urlencoded(name)=urlencoded(sql)` (response).
pub const X_TRINO_ADDED_PREPARE: &str = "X-Trino-Added-Prepare";
/// Prepared statement removed, `urlencoded(name)` (response).
pub const X_TRINO_DEALLOCATED_PREPARE: &str = "X-Trino-Deallocated-Prepare";
/// Transaction started, the transaction id (response).
pub const X_TRINO_STARTED_TRANSACTION_ID: &str = "X-Trino-Started-Transaction-Id";
/// Transaction finished, value `true` (response).
pub const X_TRINO_CLEAR_TRANSACTION_ID: &str = "X-Trino-Clear-Transaction-Id";
/// Session user switched by `SET SESSION AUTHORIZATION` (response).
pub const X_TRINO_SET_AUTHORIZATION_USER: &str = "X-Trino-Set-Authorization-User";
/// Session user reverted by `RESET SESSION AUTHORIZATION`, value `true` (response).
pub const X_TRINO_RESET_AUTHORIZATION_USER: &str = "X-Trino-Reset-Authorization-User";

/// A header value that does not follow its format. The server answers these with HTTP 400.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum HeaderError {
    /// An entry of a `name=value` list header has no `=` or more than one.
    #[error("Invalid {header} header: entry `{entry}` is not of the form name=value")]
    MalformedEntry {
        /// Header name.
        header: String,
        /// The offending entry, trimmed.
        entry: String,
    },
    /// A `%` escape is not followed by two hexadecimal digits.
    #[error("invalid URL encoding in `{value}`: `%` must be followed by two hex digits")]
    InvalidEscape {
        /// The undecodable text.
        value: String,
    },
    /// `X-Trino-Transaction-Id` is neither `NONE` nor a UUID.
    #[error("Invalid X-Trino-Transaction-Id header: `{0}`")]
    InvalidTransactionId(String),
}

/// Splits the values of a comma-list header (`Client-Tags`, `Path`, …) into trimmed,
/// non-empty entries, across all header instances.
pub fn split_list<'a>(values: impl IntoIterator<Item = &'a str>) -> Vec<&'a str> {
    values
        .into_iter()
        .flat_map(|v| v.split(','))
        .map(str::trim)
        .filter(|e| !e.is_empty())
        .collect()
}

/// Parses a `name=value` list header (`Session`, `Role`, `Prepared-Statement`,
/// `Extra-Credential`, `Resource-Estimate`) across all its instances.
///
/// Entries are split on `,`, trimmed, and empty entries skipped (an empty header is valid).
/// Each entry must contain exactly one `=`; both sides are trimmed and URL-decoded (`+` is a
/// space). `header` is only used for the error message.
pub fn parse_name_value_list<'a>(
    header: &str,
    values: impl IntoIterator<Item = &'a str>,
) -> Result<Vec<(String, String)>, HeaderError> {
    split_list(values)
        .into_iter()
        .map(|entry| {
            let mut parts = entry.split('=');
            match (parts.next(), parts.next(), parts.next()) {
                (Some(name), Some(value), None) => {
                    Ok((url_decode(name.trim())?, url_decode(value.trim())?))
                }
                _ => Err(HeaderError::MalformedEntry {
                    header: header.to_owned(),
                    entry: entry.to_owned(),
                }),
            }
        })
        .collect()
}

/// Decodes `application/x-www-form-urlencoded` text like Java's `URLDecoder`: `+` is a
/// space, `%XX` a byte. Bytes that are not valid UTF-8 become U+FFFD, as in Java.
pub fn url_decode(value: &str) -> Result<String, HeaderError> {
    if !value.contains(['%', '+']) {
        return Ok(value.to_owned());
    }
    let bytes = value.as_bytes();
    let mut decoded = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'+' => {
                decoded.push(b' ');
                i += 1;
            }
            b'%' => {
                let byte = bytes
                    .get(i + 1..i + 3)
                    .and_then(|hex| std::str::from_utf8(hex).ok())
                    .and_then(|hex| u8::from_str_radix(hex, 16).ok())
                    .ok_or_else(|| HeaderError::InvalidEscape {
                        value: value.to_owned(),
                    })?;
                decoded.push(byte);
                i += 3;
            }
            other => {
                decoded.push(other);
                i += 1;
            }
        }
    }
    Ok(String::from_utf8_lossy(&decoded).into_owned())
}

/// Encodes text like Java's `URLEncoder.encode(value, UTF_8)`: ASCII letters, digits and
/// `.-*_` stay, space becomes `+`, every other byte becomes `%XX` (upper-case hex).
/// The result never contains `,`, `=` or `;`, so it is safe inside list headers.
pub fn url_encode(value: &str) -> String {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    let mut encoded = String::with_capacity(value.len());
    for &byte in value.as_bytes() {
        match byte {
            b'a'..=b'z' | b'A'..=b'Z' | b'0'..=b'9' | b'.' | b'-' | b'*' | b'_' => {
                encoded.push(char::from(byte));
            }
            b' ' => encoded.push('+'),
            _ => {
                encoded.push('%');
                encoded.push(char::from(HEX[usize::from(byte >> 4)]));
                encoded.push(char::from(HEX[usize::from(byte & 0x0f)]));
            }
        }
    }
    encoded
}

/// Formats one `urlencoded(name)=urlencoded(value)` entry for a response header such as
/// `X-Trino-Set-Session`, `X-Trino-Set-Role` or `X-Trino-Added-Prepare`.
pub fn encode_name_value(name: &str, value: &str) -> String {
    format!("{}={}", url_encode(name), url_encode(value))
}

/// Parses `X-Trino-Transaction-Id`: `NONE` (any case) is `None`, otherwise the value must be
/// a UUID (`8-4-4-4-12` hex digits), returned in lower case.
pub fn parse_transaction_id(value: &str) -> Result<Option<String>, HeaderError> {
    let value = value.trim();
    if value.eq_ignore_ascii_case("none") {
        return Ok(None);
    }
    match crate::types::canonical_uuid(value) {
        Some(id) => Ok(Some(id)),
        None => Err(HeaderError::InvalidTransactionId(value.to_owned())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
        list.iter()
            .map(|(n, v)| (n.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn header_names() {
        assert_eq!(X_TRINO_USER, "X-Trino-User");
        assert_eq!(X_TRINO_SET_SESSION, "X-Trino-Set-Session");
        assert_eq!(X_TRINO_CLIENT_CAPABILITIES, "X-Trino-Client-Capabilities");
        assert_eq!(
            X_TRINO_STARTED_TRANSACTION_ID,
            "X-Trino-Started-Transaction-Id"
        );
        assert_eq!(
            X_TRINO_RESET_AUTHORIZATION_USER,
            "X-Trino-Reset-Authorization-User"
        );
    }

    #[test]
    fn session_as_repeated_headers_jdbc_style() {
        let parsed = parse_name_value_list(
            X_TRINO_SESSION,
            [
                "query_max_run_time=10s",
                "hive.insert_existing_partitions_behavior=APPEND",
            ],
        )
        .unwrap();
        assert_eq!(
            parsed,
            pairs(&[
                ("query_max_run_time", "10s"),
                ("hive.insert_existing_partitions_behavior", "APPEND"),
            ])
        );
    }

    #[test]
    fn session_as_comma_list_python_style_with_decoding() {
        let parsed = parse_name_value_list(
            X_TRINO_SESSION,
            [" a = x%2Cy , b=hello+world%21,c=%E2%82%AC "],
        )
        .unwrap();
        assert_eq!(
            parsed,
            pairs(&[("a", "x,y"), ("b", "hello world!"), ("c", "€")])
        );
    }

    #[test]
    fn empty_session_header_is_accepted() {
        assert_eq!(
            parse_name_value_list(X_TRINO_SESSION, [""]).unwrap(),
            vec![]
        );
        assert_eq!(
            parse_name_value_list(X_TRINO_SESSION, [" , "]).unwrap(),
            vec![]
        );
        assert_eq!(parse_name_value_list(X_TRINO_SESSION, []).unwrap(), vec![]);
    }

    #[test]
    fn prepared_statement_name_and_sql_are_decoded() {
        let parsed = parse_name_value_list(
            X_TRINO_PREPARED_STATEMENT,
            ["statement1=SELECT+*+FROM+t+WHERE+x+%3D+%3F"],
        )
        .unwrap();
        assert_eq!(
            parsed,
            pairs(&[("statement1", "SELECT * FROM t WHERE x = ?")])
        );
    }

    #[test]
    fn malformed_entries_are_rejected() {
        for bad in ["novalue", "a=b=c", "x=1,oops"] {
            let result = parse_name_value_list(X_TRINO_SESSION, [bad]);
            assert!(
                matches!(result, Err(HeaderError::MalformedEntry { .. })),
                "{bad}: {result:?}"
            );
        }
        let err = parse_name_value_list(X_TRINO_SESSION, ["a=b=c"]).unwrap_err();
        assert_eq!(
            err.to_string(),
            "Invalid X-Trino-Session header: entry `a=b=c` is not of the form name=value"
        );
    }

    #[test]
    fn single_equals_with_empty_sides_is_well_formed() {
        assert_eq!(
            parse_name_value_list(X_TRINO_SESSION, ["="]).unwrap(),
            pairs(&[("", "")])
        );
    }

    #[test]
    fn bad_escapes_are_rejected() {
        assert!(matches!(
            url_decode("%"),
            Err(HeaderError::InvalidEscape { .. })
        ));
        assert!(matches!(
            url_decode("%4"),
            Err(HeaderError::InvalidEscape { .. })
        ));
        assert!(matches!(
            url_decode("%zz"),
            Err(HeaderError::InvalidEscape { .. })
        ));
        assert_eq!(url_decode("%41%42c").unwrap(), "ABc");
        assert_eq!(url_decode("%ff").unwrap(), "\u{FFFD}");
    }

    #[test]
    fn url_encoding_matches_java_url_encoder() {
        assert_eq!(url_encode("a b,c=d"), "a+b%2Cc%3Dd");
        assert_eq!(url_encode("SELECT * FROM t"), "SELECT+*+FROM+t");
        assert_eq!(url_encode("ünï"), "%C3%BCn%C3%AF");
        assert_eq!(url_encode("safe.-*_09AZaz"), "safe.-*_09AZaz");
        assert_eq!(url_encode("100%;'\""), "100%25%3B%27%22");
        assert_eq!(
            encode_name_value("statement1", "SELECT 1, 2"),
            "statement1=SELECT+1%2C+2"
        );
        let tricky = "x, y = 'z' + 1%";
        assert_eq!(url_decode(&url_encode(tricky)).unwrap(), tricky);
        assert!(!url_encode(tricky).contains(','));
    }

    #[test]
    fn comma_lists() {
        assert_eq!(split_list(["a, b ,,c", "d"]), vec!["a", "b", "c", "d"]);
        assert!(split_list([""]).is_empty());
    }

    #[test]
    fn transaction_ids() {
        assert_eq!(parse_transaction_id("NONE").unwrap(), None);
        assert_eq!(parse_transaction_id("none").unwrap(), None);
        assert_eq!(
            parse_transaction_id("1C6E0B2E-8D51-4B47-9A0B-3F1B2F0C9D1E").unwrap(),
            Some("1c6e0b2e-8d51-4b47-9a0b-3f1b2f0c9d1e".to_owned())
        );
        assert!(matches!(
            parse_transaction_id("abc"),
            Err(HeaderError::InvalidTransactionId(_))
        ));
        assert!(parse_transaction_id("1c6e0b2e-8d51-4b47-9a0b-3f1b2f0c9d1").is_err());
    }
}
