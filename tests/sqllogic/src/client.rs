//! A small Trino protocol client: posts a statement, follows `nextUri` to the end, and keeps
//! the session changes the server returns in `X-Trino-*` headers, as the official clients do.

use std::collections::BTreeMap;
use std::time::Duration;

use bytes::Bytes;
use http_body_util::{BodyExt, Full};
use hyper::header::HeaderMap;
use hyper::{Method, Request};
use hyper_util::client::legacy::Client;
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::rt::TokioExecutor;
use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, percent_decode_str, utf8_percent_encode};
use serde::Deserialize;
use serde_json::value::RawValue;

/// Why a statement did not produce a result.
#[derive(Debug, thiserror::Error)]
pub enum ClientError {
    /// The server answered with a Trino query error.
    #[error("{name}: {message}")]
    Query {
        /// `errorName`, e.g. `DIVISION_BY_ZERO`.
        name: String,
        /// The error message, with its `line:column` prefix when the server sent one.
        message: String,
    },
    /// The HTTP exchange failed.
    #[error("HTTP request to {uri} failed: {source}")]
    Http {
        /// Request URI.
        uri: String,
        /// The transport error.
        source: hyper_util::client::legacy::Error,
    },
    /// Reading a response body failed.
    #[error("reading the response of {uri} failed: {source}")]
    Body {
        /// Request URI.
        uri: String,
        /// The transport error.
        source: hyper::Error,
    },
    /// The server broke the protocol (bad status, unparsable JSON, ...).
    #[error("protocol violation: {0}")]
    Protocol(String),
}

/// One result column: its name and Trino type text (`array(varchar(3))`).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct Column {
    /// Column name.
    pub name: String,
    /// Trino type as sent in `columns[].type`.
    #[serde(rename = "type")]
    pub type_name: String,
}

/// The parts of a `QueryResults` document the client reads.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct Document {
    next_uri: Option<String>,
    columns: Option<Vec<Column>>,
    data: Option<Vec<Vec<Box<RawValue>>>>,
    error: Option<ErrorDocument>,
    update_type: Option<String>,
    update_count: Option<u64>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct ErrorDocument {
    message: String,
    error_name: String,
    error_location: Option<ErrorLocation>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct ErrorLocation {
    line_number: u32,
    column_number: u32,
}

/// The result of one statement.
#[derive(Debug, Clone, Default)]
pub struct QueryResult {
    /// Result columns (empty for statements without rows).
    pub columns: Vec<Column>,
    /// Rows of JSON values, as sent in `data` (raw, so numbers keep the server's text).
    pub rows: Vec<Vec<Box<RawValue>>>,
    /// `updateType`, for DDL/DML statements.
    pub update_type: Option<String>,
    /// `updateCount`, for DML statements.
    pub update_count: Option<u64>,
}

/// Session state a client keeps between statements.
#[derive(Debug, Clone)]
struct Session {
    user: String,
    catalog: Option<String>,
    schema: Option<String>,
    time_zone: String,
    properties: BTreeMap<String, String>,
    prepared: BTreeMap<String, String>,
    transaction_id: Option<String>,
}

/// A connection to a coordinator, with its session.
pub struct TrinoClient {
    base_uri: String,
    http: Client<HttpConnector, Full<Bytes>>,
    session: Session,
}

impl TrinoClient {
    /// A client of the coordinator at `base_uri` (`http://127.0.0.1:8080`).
    pub fn new(base_uri: impl Into<String>, user: &str, catalog: &str, schema: &str) -> Self {
        Self {
            base_uri: base_uri.into(),
            http: Client::builder(TokioExecutor::new()).build_http(),
            session: Session {
                user: user.to_string(),
                catalog: Some(catalog.to_string()),
                schema: Some(schema.to_string()),
                time_zone: "UTC".to_string(),
                properties: BTreeMap::new(),
                prepared: BTreeMap::new(),
                transaction_id: Some("NONE".to_string()),
            },
        }
    }

    /// Runs `sql` to completion and returns every row.
    pub async fn execute(&mut self, sql: &str) -> Result<QueryResult, ClientError> {
        let uri = format!("{}/v1/statement", self.base_uri);
        let mut document = self
            .request(Method::POST, &uri, Bytes::from(sql.to_string()))
            .await?;
        let mut result = QueryResult::default();
        loop {
            if let Some(error) = document.error {
                let message = match error.error_location {
                    Some(at) if !error.message.starts_with("line ") => format!(
                        "line {}:{}: {}",
                        at.line_number, at.column_number, error.message
                    ),
                    _ => error.message,
                };
                return Err(ClientError::Query {
                    name: error.error_name,
                    message,
                });
            }
            if result.columns.is_empty()
                && let Some(columns) = document.columns
            {
                result.columns = columns;
            }
            result.rows.extend(document.data.unwrap_or_default());
            if document.update_type.is_some() {
                result.update_type = document.update_type;
            }
            if document.update_count.is_some() {
                result.update_count = document.update_count;
            }
            let Some(next) = document.next_uri else {
                return Ok(result);
            };
            document = self.request(Method::GET, &next, Bytes::new()).await?;
        }
    }

    async fn request(
        &mut self,
        method: Method,
        uri: &str,
        body: Bytes,
    ) -> Result<Document, ClientError> {
        for attempt in 0.. {
            let request = self.build_request(method.clone(), uri, body.clone())?;
            let response =
                self.http
                    .request(request)
                    .await
                    .map_err(|source| ClientError::Http {
                        uri: uri.to_string(),
                        source,
                    })?;
            let status = response.status();
            // 503 is "try again" in the protocol; the official clients retry it.
            if status.as_u16() == 503 && attempt < 10 {
                tokio::time::sleep(Duration::from_millis(50)).await;
                continue;
            }
            self.apply_headers(response.headers());
            let bytes = response
                .into_body()
                .collect()
                .await
                .map_err(|source| ClientError::Body {
                    uri: uri.to_string(),
                    source,
                })?
                .to_bytes();
            if !status.is_success() {
                return Err(ClientError::Protocol(format!(
                    "{method} {uri}: HTTP {status}: {}",
                    String::from_utf8_lossy(&bytes)
                )));
            }
            return serde_json::from_slice(&bytes).map_err(|e| {
                ClientError::Protocol(format!("{method} {uri}: response is not JSON: {e}"))
            });
        }
        unreachable!("the retry loop returns")
    }

    fn build_request(
        &self,
        method: Method,
        uri: &str,
        body: Bytes,
    ) -> Result<Request<Full<Bytes>>, ClientError> {
        let s = &self.session;
        let mut builder = Request::builder()
            .method(method)
            .uri(uri)
            .header("X-Trino-User", &s.user)
            .header("X-Trino-Source", "trino-sqllogic")
            .header("X-Trino-Time-Zone", &s.time_zone)
            .header("X-Trino-Client-Capabilities", "PARAMETRIC_DATETIME");
        if let Some(catalog) = &s.catalog {
            builder = builder.header("X-Trino-Catalog", catalog);
        }
        if let Some(schema) = &s.schema {
            builder = builder.header("X-Trino-Schema", schema);
        }
        for (name, value) in &s.properties {
            builder = builder.header("X-Trino-Session", format!("{name}={}", encode(value)));
        }
        for (name, statement) in &s.prepared {
            builder = builder.header(
                "X-Trino-Prepared-Statement",
                format!("{}={}", encode(name), encode(statement)),
            );
        }
        if let Some(transaction) = &s.transaction_id {
            builder = builder.header("X-Trino-Transaction-Id", transaction);
        }
        builder
            .body(Full::new(body))
            .map_err(|e| ClientError::Protocol(format!("cannot build a request: {e}")))
    }

    /// Applies `X-Trino-Set-*`, `X-Trino-Clear-*` and the other session headers.
    fn apply_headers(&mut self, headers: &HeaderMap) {
        let values = |name: &str| {
            headers
                .get_all(name)
                .iter()
                .filter_map(|v| v.to_str().ok())
                .map(str::to_string)
                .collect::<Vec<_>>()
        };
        let s = &mut self.session;
        if let Some(catalog) = values("X-Trino-Set-Catalog").pop() {
            s.catalog = Some(catalog);
        }
        if let Some(schema) = values("X-Trino-Set-Schema").pop() {
            s.schema = Some(schema);
        }
        for pair in values("X-Trino-Set-Session") {
            if let Some((name, value)) = pair.split_once('=') {
                s.properties
                    .insert(name.trim().to_string(), decode(value.trim()));
            }
        }
        for name in values("X-Trino-Clear-Session") {
            s.properties.remove(name.trim());
        }
        for pair in values("X-Trino-Added-Prepare") {
            if let Some((name, value)) = pair.split_once('=') {
                s.prepared.insert(decode(name.trim()), decode(value.trim()));
            }
        }
        for name in values("X-Trino-Deallocated-Prepare") {
            s.prepared.remove(&decode(name.trim()));
        }
        if let Some(id) = values("X-Trino-Started-Transaction-Id").pop() {
            s.transaction_id = Some(id);
        }
        if !values("X-Trino-Clear-Transaction-Id").is_empty() {
            s.transaction_id = Some("NONE".to_string());
        }
    }
}

/// Characters a form-encoded value keeps as they are (besides ASCII alphanumerics).
const FORM: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'_')
    .remove(b'.')
    .remove(b'*');

/// `application/x-www-form-urlencoded` encoding of a header value, as the clients send it.
fn encode(value: &str) -> String {
    utf8_percent_encode(value, FORM)
        .to_string()
        .replace("%20", "+")
}

/// Inverse of [`encode`]; invalid escapes are kept as they are.
fn decode(value: &str) -> String {
    percent_decode_str(&value.replace('+', " "))
        .decode_utf8_lossy()
        .into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn form_encoding_round_trips() {
        for text in [
            "a b",
            "x=1&y=2",
            "ünï",
            "100%",
            "SELECT * FROM t WHERE a = ?",
        ] {
            assert_eq!(decode(&encode(text)), text);
        }
        assert_eq!(encode("a b=c"), "a+b%3Dc");
        assert_eq!(decode("%zz%4"), "%zz%4");
    }
}
