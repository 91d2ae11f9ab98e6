//! The HTTP server: Trino's client protocol, node information, query information, metrics
//! and a small web UI.

mod info;
mod query_info;
mod statement;
mod ui;

use std::sync::Arc;

use axum::Router;
use axum::extract::{DefaultBodyLimit, FromRequestParts};
use axum::http::request::Parts;
use axum::http::{HeaderName, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{delete, get, post};

use crate::context::ServerContext;
use crate::query::Query;

/// Largest request body accepted; statements beyond Trino's length limit fail cleanly
/// as queries, bigger bodies are refused.
const MAX_BODY_BYTES: usize = 64 << 20;

/// The coordinator's routes.
pub fn router(ctx: Arc<ServerContext>) -> Router {
    Router::new()
        .route(
            "/v1/statement",
            post(statement::submit).head(statement::validate),
        )
        .route(
            "/v1/statement/queued/{id}/{slug}/{token}",
            get(statement::queued).delete(statement::cancel),
        )
        .route(
            "/v1/statement/executing/{id}/{slug}/{token}",
            get(statement::executing)
                .head(statement::heartbeat)
                .delete(statement::cancel),
        )
        .route(
            "/v1/statement/executing/partialCancel/{id}/{stage}/{slug}/{token}",
            delete(statement::partial_cancel),
        )
        .route("/v1/info", get(info::info))
        .route("/v1/info/state", get(info::state).put(info::set_state))
        .route("/v1/info/coordinator", get(info::coordinator))
        .route("/v1/status", get(info::status).head(info::status_head))
        .route("/v1/node", get(info::nodes))
        .route("/v1/node/failed", get(info::nodes))
        .route("/v1/query", get(query_info::list))
        .route(
            "/v1/query/{id}",
            get(query_info::get).delete(query_info::cancel),
        )
        .route(
            "/v1/query/{id}/killed",
            axum::routing::put(query_info::kill),
        )
        .route(
            "/v1/query/{id}/preempted",
            axum::routing::put(query_info::kill),
        )
        .route("/ui/api/query", get(query_info::list))
        .route("/ui/api/query/{id}", get(query_info::get))
        .route(
            "/ui/api/query/{id}/killed",
            axum::routing::put(query_info::kill),
        )
        .route("/ui/api/stats", get(info::stats))
        .route("/metrics", get(info::metrics))
        .route("/", get(ui::root))
        .route("/ui", get(ui::root))
        .route("/ui/", get(ui::index))
        .route("/ui/query.html", get(ui::query_page))
        .route("/ui/login", post(ui::legacy_login))
        .route("/ui/logout", get(ui::logout))
        .route("/ui/auth/login", post(ui::login))
        .route("/ui/auth/logout", get(ui::logout))
        .route("/ui/auth/info", get(ui::auth_info))
        .layer(DefaultBodyLimit::max(MAX_BODY_BYTES))
        .with_state(ctx)
}

/// The externally visible base URI of a request, for the absolute URIs in responses:
/// scheme and host from the request (or `X-Forwarded-Proto`/`-Host`), plus
/// `X-Forwarded-Prefix`.
#[derive(Debug, Clone)]
pub struct BaseUri(String);

impl BaseUri {
    fn info_uri(&self, id: &str) -> String {
        format!("{}/ui/query.html?{id}", self.0)
    }

    fn queued_uri(&self, query: &Query, token: u64) -> String {
        format!(
            "{}/v1/statement/queued/{}/{}/{token}",
            self.0, query.id, query.slug
        )
    }

    fn executing_uri(&self, query: &Query, token: u64) -> String {
        format!(
            "{}/v1/statement/executing/{}/{}/{token}",
            self.0, query.id, query.slug
        )
    }

    fn uri(&self, path: &str) -> String {
        format!("{}{path}", self.0)
    }
}

impl<S: Send + Sync> FromRequestParts<S> for BaseUri {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        let get = |name: &str| {
            parts
                .headers
                .get(name)
                .and_then(|v| v.to_str().ok())
                .map(|v| v.split(',').next().unwrap_or("").trim().to_string())
                .filter(|v| !v.is_empty())
        };
        let scheme = get("x-forwarded-proto").unwrap_or_else(|| "http".to_string());
        let host = get("x-forwarded-host")
            .or_else(|| get(header::HOST.as_str()))
            .or_else(|| parts.uri.authority().map(|a| a.to_string()))
            .unwrap_or_else(|| "localhost".to_string());
        let prefix = get("x-forwarded-prefix")
            .map(|p| p.trim_end_matches('/').to_string())
            .unwrap_or_default();
        Ok(BaseUri(format!("{scheme}://{host}{prefix}")))
    }
}

/// A JSON response with extra headers.
fn json_response(body: impl Into<axum::body::Bytes>, headers: &[(HeaderName, String)]) -> Response {
    let mut response = (
        StatusCode::OK,
        [(header::CONTENT_TYPE, "application/json")],
        body.into(),
    )
        .into_response();
    for (name, value) in headers {
        if let Ok(value) = HeaderValue::from_str(value) {
            response.headers_mut().append(name.clone(), value);
        }
    }
    response
}

/// A plain-text response, as Trino sends for request-level errors.
fn text(status: StatusCode, message: impl Into<String>) -> Response {
    (
        status,
        [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
        message.into(),
    )
        .into_response()
}
