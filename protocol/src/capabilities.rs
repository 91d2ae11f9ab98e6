//! Client capabilities announced in the `X-Trino-Client-Capabilities` request header.
//!
//! The header is a comma-separated list of capability names (JDBC/CLI send all six, Python
//! `NUMBER,PARAMETRIC_DATETIME,SESSION_AUTHORIZATION`, Go `PARAMETRIC_DATETIME`, Node nothing).
//! Capabilities change result typing (spec §2.3): without `PARAMETRIC_DATETIME`, time and
//! timestamp columns lose their precision argument and values are rounded to milliseconds.

/// The set of capabilities a client announced. Unknown names are ignored.
///
/// `Default` is the empty set, which is what a client that sends no header gets.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub struct ClientCapabilities {
    /// `PATH`: the client understands `X-Trino-Set-Path`.
    pub path: bool,
    /// `PARAMETRIC_DATETIME`: time/timestamp types carry their precision.
    pub parametric_datetime: bool,
    /// `NUMBER`: the client understands the `number` type (otherwise it is sent as `varchar`).
    pub number: bool,
    /// `VARIANT`: the client understands the `variant` type as raw JSON.
    pub variant: bool,
    /// `VARIANT_BINARY`: the client understands the binary `variant` encoding.
    pub variant_binary: bool,
    /// `SESSION_AUTHORIZATION`: the client understands `SET SESSION AUTHORIZATION` headers.
    pub session_authorization: bool,
}

impl ClientCapabilities {
    /// No capabilities (a client that sends no header, e.g. the Node client).
    pub const NONE: ClientCapabilities = ClientCapabilities {
        path: false,
        parametric_datetime: false,
        number: false,
        variant: false,
        variant_binary: false,
        session_authorization: false,
    };

    /// Every capability (what the JDBC driver and CLI send).
    pub const ALL: ClientCapabilities = ClientCapabilities {
        path: true,
        parametric_datetime: true,
        number: true,
        variant: true,
        variant_binary: true,
        session_authorization: true,
    };

    /// Parses the values of all `X-Trino-Client-Capabilities` header instances.
    ///
    /// Each value is a comma-separated list; entries are trimmed and matched exactly
    /// (case-sensitively, as Trino does). Unknown and empty entries are ignored.
    pub fn parse<'a>(values: impl IntoIterator<Item = &'a str>) -> Self {
        let mut caps = Self::NONE;
        for name in values.into_iter().flat_map(|v| v.split(',')).map(str::trim) {
            match name {
                "PATH" => caps.path = true,
                "PARAMETRIC_DATETIME" => caps.parametric_datetime = true,
                "NUMBER" => caps.number = true,
                "VARIANT" => caps.variant = true,
                "VARIANT_BINARY" => caps.variant_binary = true,
                "SESSION_AUTHORIZATION" => caps.session_authorization = true,
                _ => {}
            }
        }
        caps
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn jdbc_header_enables_everything() {
        let caps = ClientCapabilities::parse([
            "PATH,PARAMETRIC_DATETIME,NUMBER,VARIANT,VARIANT_BINARY,SESSION_AUTHORIZATION",
        ]);
        assert_eq!(caps, ClientCapabilities::ALL);
    }

    #[test]
    fn python_header() {
        let caps = ClientCapabilities::parse(["NUMBER,PARAMETRIC_DATETIME,SESSION_AUTHORIZATION"]);
        assert_eq!(
            caps,
            ClientCapabilities {
                number: true,
                parametric_datetime: true,
                session_authorization: true,
                ..ClientCapabilities::NONE
            }
        );
    }

    #[test]
    fn repeated_headers_whitespace_and_unknown_names() {
        let caps = ClientCapabilities::parse([" PARAMETRIC_DATETIME , FUTURE_THING", "", "PATH"]);
        assert!(caps.parametric_datetime);
        assert!(caps.path);
        assert!(!caps.number);
    }

    #[test]
    fn names_are_case_sensitive_and_absent_header_is_none() {
        assert_eq!(
            ClientCapabilities::parse(["parametric_datetime"]),
            ClientCapabilities::NONE
        );
        assert_eq!(ClientCapabilities::parse([]), ClientCapabilities::default());
    }
}
