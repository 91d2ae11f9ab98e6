//! Node information and health: `/v1/info`, `/v1/info/state`, `/v1/status`, `/v1/node`,
//! `/ui/api/stats` and `/metrics`.

use std::sync::Arc;
use std::sync::atomic::Ordering;

use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde_json::json;

use super::{BaseUri, json_response, text};
use crate::context::{NodeState, ServerContext, VERSION};
use crate::session::Session;

/// `GET /v1/info`: Trino's `ServerInfo`; the Helm health check reads `"starting":false`.
pub async fn info(State(ctx): State<Arc<ServerContext>>) -> Response {
    let body = json!({
        "nodeId": ctx.config.node_id,
        "nodeVersion": {"version": VERSION},
        "environment": ctx.config.environment,
        "coordinator": true,
        "starting": !ctx.ready.load(Ordering::Acquire),
        "uptime": protocol::format_duration(ctx.started.elapsed()),
        "state": ctx.node_state.lock().as_str(),
    });
    json_response(body.to_string(), &[])
}

/// `GET /v1/info/state`: the node state as a JSON string.
pub async fn state(State(ctx): State<Arc<ServerContext>>) -> Response {
    json_response(json!(ctx.node_state.lock().as_str()).to_string(), &[])
}

/// `PUT /v1/info/state`: `"ACTIVE"` is accepted; a coordinator refuses `"SHUTTING_DOWN"`
/// as Trino's does.
pub async fn set_state(State(ctx): State<Arc<ServerContext>>, body: String) -> Response {
    let requested: Option<String> = serde_json::from_str(body.trim()).ok();
    match requested.as_deref() {
        Some("ACTIVE") => {
            *ctx.node_state.lock() = NodeState::Active;
            StatusCode::OK.into_response()
        }
        Some("SHUTTING_DOWN") => text(StatusCode::BAD_REQUEST, "Cannot shutdown coordinator"),
        Some(other) => text(
            StatusCode::BAD_REQUEST,
            format!("Invalid state transition to {other}"),
        ),
        None => text(
            StatusCode::BAD_REQUEST,
            "Expected a JSON string such as \"SHUTTING_DOWN\"",
        ),
    }
}

/// `GET /v1/info/coordinator`: 200 on a coordinator.
pub async fn coordinator() -> StatusCode {
    StatusCode::OK
}

/// `GET /v1/status`: Trino's `NodeStatus`.
pub async fn status(State(ctx): State<Arc<ServerContext>>, base: BaseUri) -> Response {
    let processors = std::thread::available_parallelism().map_or(1, |n| n.get());
    let body = json!({
        "nodeId": ctx.config.node_id,
        "nodeVersion": {"version": VERSION},
        "environment": ctx.config.environment,
        "coordinator": true,
        "uptime": protocol::format_duration(ctx.started.elapsed()),
        "externalAddress": base.uri(""),
        "internalAddress": base.uri(""),
        "memoryInfo": {},
        "processors": processors,
        "processCpuLoad": 0.0,
        "systemCpuLoad": 0.0,
        "heapUsed": 0,
        "heapAvailable": 0,
        "nonHeapUsed": 0,
    });
    json_response(body.to_string(), &[])
}

/// `HEAD /v1/status`.
pub async fn status_head() -> StatusCode {
    StatusCode::OK
}

/// `GET /v1/node` and `/v1/node/failed`: failure-detector statistics; no remote nodes yet.
pub async fn nodes() -> Response {
    json_response("[]", &[])
}

/// `GET /ui/api/stats`: cluster statistics of the web UI (also trino-gateway's health check).
pub async fn stats(State(ctx): State<Arc<ServerContext>>) -> Response {
    let processors = std::thread::available_parallelism().map_or(1, |n| n.get());
    let body = json!({
        "runningQueries": ctx.queries.running(),
        "blockedQueries": 0,
        "queuedQueries": 0,
        "activeCoordinators": 1,
        "activeWorkers": usize::from(ctx.config.include_coordinator),
        "runningDrivers": 0,
        "totalAvailableProcessors": processors,
        "reservedMemory": 0.0,
        "totalInputRows": 0,
        "totalInputBytes": 0,
        "totalCpuTimeSecs": 0,
    });
    json_response(body.to_string(), &[])
}

/// `GET /metrics`: OpenMetrics text; needs a user like the protocol.
pub async fn metrics(State(ctx): State<Arc<ServerContext>>, headers: HeaderMap) -> Response {
    if Session::from_headers(&headers).is_err() {
        return text(StatusCode::UNAUTHORIZED, "Unauthorized");
    }
    let total = ctx.queries.all().len();
    let running = ctx.queries.running();
    let body = format!(
        "# TYPE trino_execution_running_queries gauge\ntrino_execution_running_queries {running}\n\
         # TYPE trino_execution_known_queries gauge\ntrino_execution_known_queries {total}\n\
         # TYPE process_uptime_seconds gauge\nprocess_uptime_seconds {:.3}\n# EOF\n",
        ctx.started.elapsed().as_secs_f64()
    );
    (
        StatusCode::OK,
        [(
            header::CONTENT_TYPE,
            "application/openmetrics-text; version=1.0.0; charset=utf-8",
        )],
        body,
    )
        .into_response()
}
