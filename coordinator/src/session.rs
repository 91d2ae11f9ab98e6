//! The Trino session of a request, read from its `X-Trino-*` headers.

use std::collections::BTreeMap;

use axum::http::HeaderMap;
use base64::Engine as _;
use engine::sql::parser::parse_statement;
use protocol::ClientCapabilities;
use protocol::headers::{self, HeaderError};

/// Why a request's headers do not make a session; answered with HTTP 400 (or 401).
#[derive(Debug, thiserror::Error)]
pub enum SessionError {
    /// No user in `X-Trino-User`, `X-Trino-Original-User` or Basic auth.
    #[error("User must be set")]
    MissingUser,
    /// Basic auth with a password, which insecure authentication refuses.
    #[error("Password not allowed for insecure authentication")]
    PasswordNotAllowed,
    /// `X-Trino-Schema` without `X-Trino-Catalog`.
    #[error("Schema is set but catalog is not")]
    SchemaWithoutCatalog,
    /// A header is not valid text.
    #[error("Invalid {0} header: not valid text")]
    NotText(&'static str),
    /// A header value is malformed.
    #[error(transparent)]
    Header(#[from] HeaderError),
    /// `X-Trino-Time-Zone` names no known zone.
    #[error("Time zone not supported: {0}")]
    TimeZone(String),
    /// Both `X-Trino-*` and `X-Presto-*` headers, or another structural problem.
    #[error("{0}")]
    Invalid(String),
}

impl SessionError {
    /// HTTP status Trino answers with.
    pub fn status(&self) -> axum::http::StatusCode {
        match self {
            SessionError::PasswordNotAllowed => axum::http::StatusCode::UNAUTHORIZED,
            _ => axum::http::StatusCode::BAD_REQUEST,
        }
    }
}

/// Everything the client said about its session in the headers of a `POST /v1/statement`.
#[derive(Debug, Clone, Default)]
pub struct Session {
    /// Session user.
    pub user: String,
    /// `X-Trino-Source`.
    pub source: Option<String>,
    /// Session catalog, lower case.
    pub catalog: Option<String>,
    /// Session schema, lower case.
    pub schema: Option<String>,
    /// SQL path.
    pub path: Option<String>,
    /// Time zone id; the server's zone (`UTC`) when the client sends none.
    pub time_zone: String,
    /// `X-Trino-Language`.
    pub language: Option<String>,
    /// `X-Trino-Trace-Token`.
    pub trace_token: Option<String>,
    /// `X-Trino-Client-Info`.
    pub client_info: Option<String>,
    /// `X-Trino-Client-Tags`.
    pub client_tags: Vec<String>,
    /// `X-Trino-Client-Capabilities`.
    pub capabilities: ClientCapabilities,
    /// System session properties (`name=value`).
    pub properties: BTreeMap<String, String>,
    /// Catalog session properties (`catalog.name=value`), keyed by catalog.
    pub catalog_properties: BTreeMap<String, BTreeMap<String, String>>,
    /// Prepared statements by name.
    pub prepared: BTreeMap<String, String>,
    /// Roles by catalog (`system` for the system role).
    pub roles: BTreeMap<String, String>,
    /// Whether the client sent `X-Trino-Transaction-Id` at all (it supports transactions).
    pub supports_transactions: bool,
    /// The open transaction, if any.
    pub transaction_id: Option<String>,
    /// `User-Agent`.
    pub user_agent: Option<String>,
}

impl Session {
    /// Reads the session from request headers, with Trino's validation rules.
    pub fn from_headers(headers: &HeaderMap) -> Result<Self, SessionError> {
        let one = |name: &'static str| -> Result<Option<String>, SessionError> {
            match headers.get(name) {
                None => Ok(None),
                Some(v) => v
                    .to_str()
                    .map(|s| Some(s.trim().to_string()))
                    .map_err(|_| SessionError::NotText(name)),
            }
        };
        let all = |name: &'static str| -> Result<Vec<&str>, SessionError> {
            headers
                .get_all(name)
                .iter()
                .map(|v| v.to_str().map_err(|_| SessionError::NotText(name)))
                .collect()
        };
        if headers.keys().any(|k| k.as_str().starts_with("x-presto-")) {
            return Err(SessionError::Invalid(
                "X-Presto-* headers are not supported; use X-Trino-*".into(),
            ));
        }

        let user = match one(headers::X_TRINO_ORIGINAL_USER)?.filter(|u| !u.is_empty()) {
            Some(user) => user,
            None => match one(headers::X_TRINO_USER)?.filter(|u| !u.is_empty()) {
                Some(user) => user,
                None => basic_auth_user(headers)?.ok_or(SessionError::MissingUser)?,
            },
        };
        let catalog = one(headers::X_TRINO_CATALOG)?
            .filter(|c| !c.is_empty())
            .map(|c| c.to_lowercase());
        let schema = one(headers::X_TRINO_SCHEMA)?
            .filter(|s| !s.is_empty())
            .map(|s| s.to_lowercase());
        if schema.is_some() && catalog.is_none() {
            return Err(SessionError::SchemaWithoutCatalog);
        }
        let time_zone = match one(headers::X_TRINO_TIME_ZONE)?.filter(|z| !z.is_empty()) {
            Some(zone) => normalize_time_zone(&zone).ok_or(SessionError::TimeZone(zone))?,
            None => "UTC".to_string(),
        };

        let mut properties = BTreeMap::new();
        let mut catalog_properties: BTreeMap<String, BTreeMap<String, String>> = BTreeMap::new();
        for (name, value) in headers::parse_name_value_list(
            headers::X_TRINO_SESSION,
            all(headers::X_TRINO_SESSION)?,
        )? {
            match name.rsplit_once('.') {
                Some((catalog, property)) => {
                    catalog_properties
                        .entry(catalog.to_string())
                        .or_default()
                        .insert(property.to_string(), value);
                }
                None => {
                    properties.insert(name, value);
                }
            }
        }
        // `SET TIME ZONE` answers with the `time_zone_id` session property, which then
        // overrides `X-Trino-Time-Zone`, as in Trino.
        let time_zone = match properties.get(TIME_ZONE_ID).filter(|z| !z.is_empty()) {
            Some(zone) => {
                normalize_time_zone(zone).ok_or_else(|| SessionError::TimeZone(zone.clone()))?
            }
            None => time_zone,
        };
        let prepared = headers::parse_name_value_list(
            headers::X_TRINO_PREPARED_STATEMENT,
            all(headers::X_TRINO_PREPARED_STATEMENT)?,
        )?
        .into_iter()
        .map(|(name, sql)| match parse_statement(&sql) {
            Ok(_) => Ok((name, sql)),
            Err(e) => Err(SessionError::Invalid(format!(
                "Invalid X-Trino-Prepared-Statement header: {name}: {e}"
            ))),
        })
        .collect::<Result<_, _>>()?;
        let roles =
            headers::parse_name_value_list(headers::X_TRINO_ROLE, all(headers::X_TRINO_ROLE)?)?
                .into_iter()
                .collect();
        for (name, _) in headers::parse_name_value_list(
            headers::X_TRINO_EXTRA_CREDENTIAL,
            all(headers::X_TRINO_EXTRA_CREDENTIAL)?,
        )? {
            if name.starts_with("internal$") {
                return Err(SessionError::Invalid(format!(
                    "Invalid extra credential name: {name}"
                )));
            }
        }
        for (name, value) in headers::parse_name_value_list(
            headers::X_TRINO_RESOURCE_ESTIMATE,
            all(headers::X_TRINO_RESOURCE_ESTIMATE)?,
        )? {
            validate_resource_estimate(&name, &value)?;
        }
        let transaction = one(headers::X_TRINO_TRANSACTION_ID)?;
        let transaction_id = match &transaction {
            Some(value) => headers::parse_transaction_id(value)?,
            None => None,
        };

        Ok(Self {
            user,
            source: one(headers::X_TRINO_SOURCE)?,
            catalog,
            schema,
            path: one(headers::X_TRINO_PATH)?,
            time_zone,
            language: one(headers::X_TRINO_LANGUAGE)?,
            trace_token: one(headers::X_TRINO_TRACE_TOKEN)?,
            client_info: one(headers::X_TRINO_CLIENT_INFO)?,
            client_tags: headers::split_list(all(headers::X_TRINO_CLIENT_TAGS)?)
                .into_iter()
                .map(str::to_string)
                .collect(),
            capabilities: ClientCapabilities::parse(
                all(headers::X_TRINO_CLIENT_CAPABILITIES)?
                    .into_iter()
                    .flat_map(|v| v.split(','))
                    .map(str::trim),
            ),
            properties,
            catalog_properties,
            prepared,
            roles,
            supports_transactions: transaction.is_some(),
            transaction_id,
            user_agent: one("user-agent")?,
        })
    }

    /// The engine's view of this session.
    pub fn info(&self) -> engine::session::SessionInfo {
        engine::session::SessionInfo {
            user: self.user.clone(),
            catalog: self.catalog.clone(),
            schema: self.schema.clone(),
            time_zone: self.time_zone.clone(),
        }
    }
}

/// The user of a Basic `Authorization` header; a non-empty password is refused, as Trino's
/// insecure authenticator does.
fn basic_auth_user(headers: &HeaderMap) -> Result<Option<String>, SessionError> {
    let Some(value) = headers.get(axum::http::header::AUTHORIZATION) else {
        return Ok(None);
    };
    let value = value
        .to_str()
        .map_err(|_| SessionError::NotText("Authorization"))?;
    let Some(encoded) = value
        .strip_prefix("Basic ")
        .or_else(|| value.strip_prefix("basic "))
    else {
        return Ok(None);
    };
    let decoded = base64::engine::general_purpose::STANDARD
        .decode(encoded.trim())
        .ok()
        .and_then(|bytes| String::from_utf8(bytes).ok())
        .ok_or_else(|| SessionError::Invalid("Malformed Basic authorization header".into()))?;
    let (user, password) = decoded.split_once(':').unwrap_or((decoded.as_str(), ""));
    if !password.is_empty() {
        return Err(SessionError::PasswordNotAllowed);
    }
    Ok(Some(user.to_string()).filter(|u| !u.is_empty()))
}

/// Checks one `X-Trino-Resource-Estimate` entry: `EXECUTION_TIME` and `CPU_TIME` take a
/// duration, `PEAK_MEMORY` a data size.
fn validate_resource_estimate(name: &str, value: &str) -> Result<(), SessionError> {
    let valid = match name.to_ascii_uppercase().as_str() {
        "EXECUTION_TIME" | "CPU_TIME" => engine::config::parse_duration(name, value).is_ok(),
        "PEAK_MEMORY" => engine::config::parse_data_size(name, value).is_ok(),
        _ => {
            return Err(SessionError::Invalid(format!(
                "Unsupported resource name {name}"
            )));
        }
    };
    if valid {
        Ok(())
    } else {
        Err(SessionError::Invalid(format!(
            "Invalid X-Trino-Resource-Estimate header: {name}={value}"
        )))
    }
}

/// Accepts an IANA zone id, `UTC`/`Z`, or a `+HH:MM` offset; returns the id to use.
/// The session property `SET TIME ZONE` sets.
pub const TIME_ZONE_ID: &str = "time_zone_id";

pub fn normalize_time_zone(zone: &str) -> Option<String> {
    let zone = zone.trim();
    if zone.eq_ignore_ascii_case("utc") || zone == "Z" || zone.eq_ignore_ascii_case("etc/utc") {
        return Some("UTC".to_string());
    }
    if let Some(rest) = zone.strip_prefix(['+', '-']) {
        let (hours, minutes) = rest.split_once(':')?;
        let hours: u32 = hours.parse().ok()?;
        let minutes: u32 = minutes.parse().ok()?;
        if hours > 14 || minutes > 59 || hours == 14 && minutes > 0 {
            return None;
        }
        return Some(format!("{}{:02}:{:02}", &zone[..1], hours, minutes));
    }
    zone.parse::<chrono_tz::Tz>()
        .ok()
        .map(|tz| tz.name().to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    fn headers(pairs: &[(&'static str, &str)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (name, value) in pairs {
            map.append(*name, HeaderValue::from_str(value).unwrap());
        }
        map
    }

    #[test]
    fn reads_the_python_client_headers() {
        let session = Session::from_headers(&headers(&[
            ("x-trino-user", "alice"),
            ("x-trino-source", "trino-python-client"),
            ("x-trino-catalog", "TPCH"),
            ("x-trino-schema", "Tiny"),
            ("x-trino-time-zone", "Etc/UTC"),
            ("x-trino-session", ""),
            ("x-trino-transaction-id", "NONE"),
            (
                "x-trino-client-capabilities",
                "NUMBER,PARAMETRIC_DATETIME,SESSION_AUTHORIZATION",
            ),
        ]))
        .unwrap();
        assert_eq!(session.user, "alice");
        assert_eq!(session.catalog.as_deref(), Some("tpch"));
        assert_eq!(session.schema.as_deref(), Some("tiny"));
        assert_eq!(session.time_zone, "UTC");
        assert!(session.supports_transactions);
        assert_eq!(session.transaction_id, None);
        assert!(session.capabilities.parametric_datetime);
    }

    #[test]
    fn session_properties_in_every_form() {
        let session = Session::from_headers(&headers(&[
            ("x-trino-user", "u"),
            ("x-trino-session", "query_max_run_time=10m"),
            ("x-trino-session", "a=x%2Cy, hive.compression_codec=ZSTD"),
        ]))
        .unwrap();
        assert_eq!(session.properties["query_max_run_time"], "10m");
        assert_eq!(session.properties["a"], "x,y");
        assert_eq!(
            session.catalog_properties["hive"]["compression_codec"],
            "ZSTD"
        );
        assert!(!session.supports_transactions);
    }

    #[test]
    fn user_rules() {
        assert!(matches!(
            Session::from_headers(&headers(&[])),
            Err(SessionError::MissingUser)
        ));
        // "bob:" in Basic auth, empty password.
        let session =
            Session::from_headers(&headers(&[("authorization", "Basic Ym9iOg==")])).unwrap();
        assert_eq!(session.user, "bob");
        // "bob:secret"
        assert!(matches!(
            Session::from_headers(&headers(&[("authorization", "Basic Ym9iOnNlY3JldA==")])),
            Err(SessionError::PasswordNotAllowed)
        ));
    }

    #[test]
    fn rejects_bad_headers() {
        assert!(matches!(
            Session::from_headers(&headers(&[("x-trino-user", "u"), ("x-trino-schema", "s")])),
            Err(SessionError::SchemaWithoutCatalog)
        ));
        assert!(
            Session::from_headers(&headers(&[
                ("x-trino-user", "u"),
                ("x-trino-session", "novalue")
            ]))
            .is_err()
        );
        assert!(
            Session::from_headers(&headers(&[
                ("x-trino-user", "u"),
                ("x-trino-time-zone", "Mars/Olympus")
            ]))
            .is_err()
        );
        assert!(
            Session::from_headers(&headers(&[
                ("x-trino-user", "u"),
                ("x-trino-transaction-id", "nope")
            ]))
            .is_err()
        );
    }

    #[test]
    fn time_zones() {
        assert_eq!(
            normalize_time_zone("America/Los_Angeles").as_deref(),
            Some("America/Los_Angeles")
        );
        assert_eq!(normalize_time_zone("+5:30").as_deref(), Some("+05:30"));
        assert_eq!(normalize_time_zone("-08:00").as_deref(), Some("-08:00"));
        assert_eq!(normalize_time_zone("+15:00"), None);
    }
}
