//! The statement protocol: `POST /v1/statement` and the `nextUri` resources.

use std::sync::Arc;
use std::time::Instant;

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use protocol::{ErrorCode, QueryResults, QueryState};
use serde_json::value::RawValue;
use tokio::sync::mpsc::error::TryRecvError;

use super::{BaseUri, json_response, text};
use crate::context::ServerContext;
use crate::error::TrinoError;
use crate::query::{CachedResponse, MAX_WAIT, Query, TARGET_RESULT_BYTES};
use crate::session::Session;

/// Longest statement Trino accepts (`query.max-length`).
const MAX_QUERY_LENGTH: usize = 1_000_000;

/// `POST /v1/statement`: registers the query and answers at once with its first `nextUri`.
pub async fn submit(
    State(ctx): State<Arc<ServerContext>>,
    base: BaseUri,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let session = match Session::from_headers(&headers) {
        Ok(session) => session,
        Err(e) => return text(e.status(), e.to_string()),
    };
    let Ok(sql) = String::from_utf8(body.to_vec()) else {
        return text(StatusCode::BAD_REQUEST, "SQL statement is not valid UTF-8");
    };
    if sql.trim().is_empty() {
        return text(StatusCode::BAD_REQUEST, "SQL statement is empty");
    }
    let length = sql.chars().count();
    let query = ctx.queries.submit(ctx.clone(), sql, session);
    if length > MAX_QUERY_LENGTH {
        query.fail(TrinoError::new(
            ErrorCode::QueryTextTooLarge,
            format!("Query text length ({length}) exceeds the maximum length ({MAX_QUERY_LENGTH})"),
        ));
    }
    let mut results = QueryResults::new(&query.id, base.info_uri(&query.id), query.stats(false));
    results.stats.state = QueryState::Queued;
    results.stats.queued = true;
    results.next_uri = Some(base.queued_uri(&query, 1));
    json_response(serde_json::to_string(&results).unwrap_or_default(), &[])
}

/// `HEAD /v1/statement`: connection validation; needs a user like every statement call.
pub async fn validate(headers: HeaderMap) -> Response {
    match Session::from_headers(&headers) {
        Ok(_) => StatusCode::OK.into_response(),
        Err(_) => StatusCode::UNAUTHORIZED.into_response(),
    }
}

fn find(ctx: &ServerContext, id: &str, slug: &str) -> Option<Arc<Query>> {
    ctx.queries.get(id).filter(|q| q.slug == slug)
}

/// The query a `nextUri` GET names, recording that its client is alive; 404 otherwise.
fn polled(ctx: &ServerContext, id: &str, slug: &str) -> Result<Arc<Query>, Box<Response>> {
    let query = find(ctx, id, slug)
        .ok_or_else(|| Box::new(text(StatusCode::NOT_FOUND, "Query not found")))?;
    query.heartbeat();
    Ok(query)
}

/// `GET /v1/statement/queued/{id}/{slug}/{token}`: waits up to a second for the query to be
/// planned, then points the client at the executing resource (or reports the failure).
pub async fn queued(
    State(ctx): State<Arc<ServerContext>>,
    base: BaseUri,
    Path((id, slug, token)): Path<(String, String, u64)>,
) -> Response {
    let query = match polled(&ctx, &id, &slug) {
        Ok(query) => query,
        Err(response) => return *response,
    };
    {
        let mut cursor = query.cursor.lock().await;
        if token != cursor.queued_token && token != cursor.queued_token + 1 {
            return text(StatusCode::GONE, "Invalid token");
        }
        cursor.queued_token = token;
    }
    wait_until(&query, Instant::now() + MAX_WAIT, |q| q.dispatched()).await;
    let mut results = QueryResults::new(&query.id, base.info_uri(&query.id), query.stats(false));
    match query.progress(|p| p.error.clone()) {
        Some(error) => {
            results.error = Some(error.to_query_error());
            results.stats.state = QueryState::Failed;
        }
        None if query.dispatched() => results.next_uri = Some(base.executing_uri(&query, 0)),
        None => {
            results.stats.state = QueryState::Queued;
            results.stats.queued = true;
            results.next_uri = Some(base.queued_uri(&query, token + 1));
        }
    }
    json_response(serde_json::to_string(&results).unwrap_or_default(), &[])
}

/// `GET /v1/statement/executing/{id}/{slug}/{token}`: the next page of results.
pub async fn executing(
    State(ctx): State<Arc<ServerContext>>,
    base: BaseUri,
    Path((id, slug, token)): Path<(String, String, u64)>,
) -> Response {
    let query = match polled(&ctx, &id, &slug) {
        Ok(query) => query,
        Err(response) => return *response,
    };
    let mut cursor = query.cursor.lock().await;
    if let Some((last, cached)) = &cursor.last
        && *last == token
    {
        return json_response(cached.body.clone(), &cached.headers);
    }
    if token < cursor.next_token {
        return text(StatusCode::GONE, "Token is no longer valid");
    }
    if token > cursor.next_token {
        return text(StatusCode::NOT_FOUND, "Invalid token");
    }

    let deadline = tokio::time::Instant::now() + MAX_WAIT;
    let mut pages = Vec::new();
    let mut bytes = 0;
    loop {
        loop {
            match cursor.pages.try_recv() {
                Ok(page) => {
                    bytes += page.json.len();
                    pages.push(page);
                    if bytes >= TARGET_RESULT_BYTES {
                        break;
                    }
                }
                Err(TryRecvError::Empty) => break,
                Err(TryRecvError::Disconnected) => {
                    cursor.drained = true;
                    break;
                }
            }
        }
        if !pages.is_empty() || cursor.drained || query.progress(|p| p.error.is_some()) {
            break;
        }
        match tokio::time::timeout_at(deadline, cursor.pages.recv()).await {
            Ok(Some(page)) => {
                bytes += page.json.len();
                pages.push(page);
            }
            Ok(None) => cursor.drained = true,
            Err(_) => break,
        }
    }

    let (columns, update_type, update_count, headers, error) = query.progress(|p| {
        (
            p.columns.clone(),
            p.update_type.clone(),
            p.update_count,
            p.headers.clone(),
            p.error.clone(),
        )
    });
    let mut results = QueryResults::new(
        &query.id,
        base.info_uri(&query.id),
        query.stats(cursor.drained),
    );
    results.columns = columns;
    results.update_type = update_type;
    match error {
        Some(error) => {
            results.error = Some(error.to_query_error());
            results.stats.state = QueryState::Failed;
        }
        None => {
            if !pages.is_empty() {
                let mut data = String::with_capacity(bytes + pages.len() + 2);
                data.push('[');
                for (i, page) in pages.iter().enumerate() {
                    if i > 0 {
                        data.push(',');
                    }
                    data.push_str(&page.json);
                }
                data.push(']');
                results.data = RawValue::from_string(data).ok();
            }
            if cursor.drained {
                results.update_count = update_count;
            } else {
                results.next_uri = Some(base.executing_uri(&query, token + 1));
            }
        }
    }
    let body = axum::body::Bytes::from(serde_json::to_string(&results).unwrap_or_default());
    cursor.next_token = token + 1;
    cursor.last = Some((
        token,
        CachedResponse {
            body: body.clone(),
            headers: headers.clone(),
        },
    ));
    json_response(body, &headers)
}

/// `HEAD` on a `nextUri`: the Java client's heartbeat.
pub async fn heartbeat(
    State(ctx): State<Arc<ServerContext>>,
    Path((id, slug, _token)): Path<(String, String, u64)>,
) -> StatusCode {
    match find(&ctx, &id, &slug) {
        Some(query) => {
            query.heartbeat();
            StatusCode::OK
        }
        None => StatusCode::NOT_FOUND,
    }
}

/// `DELETE` on a `nextUri`: cancels the query.
pub async fn cancel(
    State(ctx): State<Arc<ServerContext>>,
    Path((id, slug, _token)): Path<(String, String, u64)>,
) -> StatusCode {
    match find(&ctx, &id, &slug) {
        Some(query) => {
            query.fail(canceled());
            StatusCode::NO_CONTENT
        }
        None => StatusCode::NOT_FOUND,
    }
}

/// `DELETE .../partialCancel/...`: nothing to cancel partially; accepted.
pub async fn partial_cancel() -> StatusCode {
    StatusCode::NO_CONTENT
}

/// The error of a query the client cancelled.
pub fn canceled() -> TrinoError {
    TrinoError::new(ErrorCode::UserCanceled, "Query was canceled")
}

/// Waits until `done(query)` holds or `deadline` passes, waking on every published change.
async fn wait_until(query: &Query, deadline: Instant, done: impl Fn(&Query) -> bool) {
    loop {
        let notified = query.changed.notified();
        tokio::pin!(notified);
        notified.as_mut().enable();
        if done(query) {
            return;
        }
        let now = Instant::now();
        if now >= deadline {
            return;
        }
        if tokio::time::timeout(deadline - now, notified)
            .await
            .is_err()
        {
            return;
        }
    }
}
