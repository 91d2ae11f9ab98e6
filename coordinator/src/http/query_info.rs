//! The query resource: `/v1/query`, `/v1/query/{id}` and their web-UI twins.

use std::sync::Arc;

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};

use super::statement::canceled;
use super::{BaseUri, json_response, text};
use crate::context::{ServerContext, epoch_millis};
use crate::error::TrinoError;
use crate::query::Query;

/// `GET /v1/query`: basic information on every query.
pub async fn list(State(ctx): State<Arc<ServerContext>>, base: BaseUri) -> Response {
    let infos: Vec<Value> = ctx
        .queries
        .all()
        .iter()
        .map(|q| query_info(q, &base))
        .collect();
    json_response(Value::Array(infos).to_string(), &[])
}

/// `GET /v1/query/{id}`: full information; 410 for an unknown id, as Trino answers.
pub async fn get(
    State(ctx): State<Arc<ServerContext>>,
    base: BaseUri,
    Path(id): Path<String>,
) -> Response {
    match ctx.queries.get(&id) {
        Some(query) => json_response(query_info(&query, &base).to_string(), &[]),
        None => text(StatusCode::GONE, format!("Query not found: {id}")),
    }
}

/// `DELETE /v1/query/{id}`: cancels; 204 whether or not the query exists.
pub async fn cancel(State(ctx): State<Arc<ServerContext>>, Path(id): Path<String>) -> StatusCode {
    if let Some(query) = ctx.queries.get(&id) {
        query.fail(canceled());
    }
    StatusCode::NO_CONTENT
}

/// `PUT /v1/query/{id}/killed`: kills with the body as message; 409 if already done.
pub async fn kill(
    State(ctx): State<Arc<ServerContext>>,
    Path(id): Path<String>,
    message: String,
) -> Response {
    let Some(query) = ctx.queries.get(&id) else {
        return StatusCode::GONE.into_response();
    };
    if query.progress(|p| p.state.is_done()) {
        return StatusCode::CONFLICT.into_response();
    }
    let message = if message.trim().is_empty() {
        "Query killed. No message provided.".to_string()
    } else {
        format!("Query killed. Message: {}", message.trim())
    };
    query.fail(TrinoError::new(
        protocol::ErrorCode::AdministrativelyKilled,
        message,
    ));
    StatusCode::ACCEPTED.into_response()
}

/// Trino's `QueryInfo` document, with the fields clients and the web UI read.
pub fn query_info(query: &Query, base: &BaseUri) -> Value {
    let session = &query.session;
    let stats = query.stats(true);
    let (state, update_type, error) =
        query.progress(|p| (p.state, p.update_type.clone(), p.error.clone()));
    let mut info = json!({
        "queryId": query.id,
        "session": {
            "queryId": query.id,
            "user": session.user,
            "source": session.source,
            "catalog": session.catalog,
            "schema": session.schema,
            "path": session.path,
            "timeZoneKey": session.time_zone,
            "timeZone": session.time_zone,
            "locale": session.language,
            "userAgent": session.user_agent,
            "clientInfo": session.client_info,
            "clientTags": session.client_tags,
            "clientCapabilities": capability_names(&session.capabilities),
            "traceToken": session.trace_token,
            "systemProperties": session.properties,
            "catalogProperties": session.catalog_properties,
            "preparedStatements": session.prepared,
            "transactionId": session.transaction_id,
            "start": epoch_millis(query.created_wall),
        },
        "state": state.as_str(),
        "scheduled": stats.scheduled,
        "self": base.uri(&format!("/v1/query/{}", query.id)),
        "query": query.sql,
        "queryStats": {
            "createTime": epoch_millis(query.created_wall),
            "elapsedTime": protocol::format_duration(std::time::Duration::from_millis(stats.elapsed_time_millis as u64)),
            "queuedTime": protocol::format_duration(std::time::Duration::from_millis(stats.queued_time_millis as u64)),
            "totalDrivers": stats.total_splits,
            "completedDrivers": stats.completed_splits,
            "processedInputPositions": stats.processed_rows,
            "outputPositions": stats.processed_rows,
        },
        "updateType": update_type,
        "warnings": [],
        "retryPolicy": "NONE",
        "queryType": if update_type.is_some() { "DATA_DEFINITION" } else { "SELECT" },
    });
    if let Some(error) = error {
        let object = info.as_object_mut().expect("query info is an object");
        object.insert(
            "failureInfo".into(),
            serde_json::to_value(error.to_query_error().failure_info).unwrap_or(Value::Null),
        );
        object.insert(
            "errorCode".into(),
            json!({"code": error.code.code(), "name": error.code.name(), "type": error.code.error_type().as_str()}),
        );
        object.insert("errorType".into(), json!(error.code.error_type().as_str()));
    }
    strip_nulls(info)
}

fn capability_names(caps: &protocol::ClientCapabilities) -> Vec<&'static str> {
    [
        (caps.path, "PATH"),
        (caps.parametric_datetime, "PARAMETRIC_DATETIME"),
        (caps.number, "NUMBER"),
        (caps.variant, "VARIANT"),
        (caps.variant_binary, "VARIANT_BINARY"),
        (caps.session_authorization, "SESSION_AUTHORIZATION"),
    ]
    .into_iter()
    .filter_map(|(on, name)| on.then_some(name))
    .collect()
}

/// Removes `null` members, matching Trino's "absent fields are omitted".
fn strip_nulls(value: Value) -> Value {
    match value {
        Value::Object(map) => Value::Object(
            map.into_iter()
                .filter(|(_, v)| !v.is_null())
                .map(|(k, v)| (k, strip_nulls(v)))
                .collect(),
        ),
        Value::Array(items) => Value::Array(items.into_iter().map(strip_nulls).collect()),
        other => other,
    }
}
