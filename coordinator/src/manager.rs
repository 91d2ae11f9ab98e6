//! The registry of queries: submission, execution driver, expiry of old queries and
//! abandonment of queries no client polls.

use std::collections::HashMap;
use std::panic::AssertUnwindSafe;
use std::sync::Arc;
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::{Duration, Instant};

use chrono::Utc;
use futures::{FutureExt, StreamExt};
use parking_lot::RwLock;
use protocol::{
    CoordinatorId, ErrorCode, QueryState, RowEncoder, TrinoType, format_duration, format_query_id,
};
use rand::Rng;
use tokio::sync::mpsc;

use crate::context::{ServerContext, epoch_millis};
use crate::error::TrinoError;
use crate::execute::{Executor, Outcome};
use crate::query::{Page, Query, TARGET_RESULT_BYTES};
use crate::session::Session;
use crate::session_properties;
use engine::connector::system::QueryRow;

/// All queries this coordinator knows.
#[derive(Debug)]
pub struct QueryManager {
    queries: RwLock<HashMap<String, Arc<Query>>>,
    counter: AtomicU32,
    coordinator_id: CoordinatorId,
}

impl Default for QueryManager {
    fn default() -> Self {
        Self::new()
    }
}

impl QueryManager {
    /// An empty registry with a random coordinator id.
    pub fn new() -> Self {
        Self {
            queries: RwLock::new(HashMap::new()),
            counter: AtomicU32::new(0),
            coordinator_id: CoordinatorId::from_seed(rand::rng().random()),
        }
    }

    /// Registers a query and starts executing it in the background.
    pub fn submit(&self, ctx: Arc<ServerContext>, sql: String, session: Session) -> Arc<Query> {
        let counter = self.counter.fetch_add(1, Ordering::Relaxed) % 100_000;
        let id = format_query_id(Utc::now(), counter, &self.coordinator_id).unwrap_or_else(|_| {
            format!(
                "{}_00000_{}",
                Utc::now().format("%Y%m%d_%H%M%S"),
                self.coordinator_id
            )
        });
        let slug = format!("y{:016x}", rand::rng().random::<u64>());
        let (query, sender) = Query::new(id.clone(), slug, sql, session);
        self.queries.write().insert(id, query.clone());
        tokio::spawn(drive(ctx, query.clone(), sender));
        query
    }

    /// Looks a query up.
    pub fn get(&self, id: &str) -> Option<Arc<Query>> {
        self.queries.read().get(id).cloned()
    }

    /// Every query, newest first.
    pub fn all(&self) -> Vec<Arc<Query>> {
        let mut all: Vec<_> = self.queries.read().values().cloned().collect();
        all.sort_by_key(|q| std::cmp::Reverse(q.created));
        all
    }

    /// Number of queries not yet ended.
    pub fn running(&self) -> usize {
        self.queries
            .read()
            .values()
            .filter(|q| !q.progress(|p| p.state.is_done()))
            .count()
    }

    /// Rows of `system.runtime.queries`.
    pub fn rows(&self) -> Vec<QueryRow> {
        self.all()
            .iter()
            .map(|q| {
                let created_ms = epoch_millis(q.created_wall);
                q.progress(|p| {
                    let since_created = |t: Option<Instant>| {
                        t.map(|t| {
                            created_ms + t.saturating_duration_since(q.created).as_millis() as i64
                        })
                    };
                    QueryRow {
                        query_id: q.id.clone(),
                        state: p.state.as_str().to_string(),
                        user: q.session.user.clone(),
                        source: q.session.source.clone(),
                        query: q.sql.clone(),
                        queued_time_ms: 0,
                        analysis_time_ms: 0,
                        planning_time_ms: p.planned_at.map_or(0, |t| {
                            t.saturating_duration_since(q.created).as_millis() as i64
                        }),
                        created_ms,
                        started_ms: since_created(p.planned_at),
                        last_heartbeat_ms: since_created(p.last_heartbeat).unwrap_or(created_ms),
                        end_ms: since_created(p.ended_at),
                        error_type: p
                            .error
                            .as_ref()
                            .map(|e| e.code.error_type().as_str().to_string()),
                        error_code: p.error.as_ref().map(|e| e.code.name().to_string()),
                    }
                })
            })
            .collect()
    }

    /// Fails queries no client polled within `client_timeout` and forgets ended queries
    /// older than `min_expire_age` beyond the newest `max_history`.
    pub fn expire(&self, client_timeout: Duration, min_expire_age: Duration, max_history: usize) {
        let now = Instant::now();
        for query in self.all() {
            let abandoned = query.progress(|p| {
                !p.state.is_done()
                    && p.last_heartbeat
                        .is_some_and(|t| now.saturating_duration_since(t) > client_timeout)
            });
            if abandoned {
                query.fail(TrinoError::new(
                    ErrorCode::AbandonedQuery,
                    format!(
                        "Query {} was abandoned by the client, as it may have exited or stopped checking for query results. Query results have not been accessed since {}: currentTime {}",
                        query.id,
                        format_duration(client_timeout),
                        Utc::now().to_rfc3339()
                    ),
                ));
            }
        }
        let ended: Vec<_> = self
            .all()
            .into_iter()
            .filter_map(|q| q.progress(|p| p.ended_at).map(|t| (q.id.clone(), t)))
            .collect();
        let mut queries = self.queries.write();
        for (i, (id, ended_at)) in ended.iter().enumerate() {
            if i >= max_history && now.saturating_duration_since(*ended_at) > min_expire_age {
                queries.remove(id);
            }
        }
    }
}

/// Runs a query to its end: executes the statement, encodes rows into pages, enforces the
/// run-time limit, and records the outcome.
async fn drive(ctx: Arc<ServerContext>, query: Arc<Query>, sender: mpsc::Sender<Page>) {
    query.update(|p| p.advance(QueryState::Planning));
    let limit =
        session_properties::max_run_time(&query.session.properties, ctx.config.query_max_run_time);
    // The page channel closes only after the outcome is recorded: a client that sees the
    // channel closed reads the query's final state, which must already carry an error.
    let open_until_recorded = sender.clone();
    guard(&query, limit, produce(&ctx, &query, sender)).await;
    drop(open_until_recorded);
}

/// Runs `work` for `query` until it ends, the query is cancelled or `limit` passes, and fails
/// the query with `work`'s error. A panic inside `work` (a bug, in our code or a dependency)
/// fails the query with `GENERIC_INTERNAL_ERROR` instead of leaving its client polling
/// forever.
async fn guard(query: &Query, limit: Duration, work: impl Future<Output = Result<(), TrinoError>>) {
    let work = AssertUnwindSafe(work).catch_unwind();
    tokio::select! {
        _ = query.cancel.cancelled() => {}
        result = tokio::time::timeout(limit, work) => match result {
            Ok(Ok(Ok(()))) => {}
            Ok(Ok(Err(error))) => query.fail(error),
            Ok(Err(panic)) => {
                let error = TrinoError::from_panic(panic.as_ref());
                tracing::error!(query_id = %query.id, message = %error.message, "query panicked");
                query.fail(error);
            }
            Err(_) => query.fail(TrinoError::new(
                ErrorCode::ExceededTimeLimit,
                format!("Query exceeded maximum time limit of {}", format_duration(limit)),
            )),
        }
    }
}

async fn produce(
    ctx: &ServerContext,
    query: &Query,
    sender: mpsc::Sender<Page>,
) -> Result<(), TrinoError> {
    let outcome = Executor::new(ctx, &query.session)
        .run_sql(&query.sql)
        .await?;
    let caps = query.session.capabilities;
    match outcome {
        Outcome::Rows {
            schema,
            mut stream,
            partitions,
        } => {
            let types = schema
                .fields()
                .iter()
                .map(|f| TrinoType::from_arrow_field(f))
                .collect::<Result<Vec<_>, _>>()
                .map_err(|e| TrinoError::new(ErrorCode::NotSupported, e.to_string()))?;
            let columns = schema
                .fields()
                .iter()
                .zip(&types)
                .map(|(f, t)| protocol::column(f.name(), t, &caps))
                .collect();
            let total = i32::try_from(partitions).unwrap_or(i32::MAX);
            query.update(|p| {
                p.columns = Some(columns);
                p.planned_at = Some(Instant::now());
                p.advance(QueryState::Running);
                p.total_splits = total;
            });
            let encoder = RowEncoder::new(types, caps);
            let mut page = Page {
                json: String::new(),
                rows: 0,
            };
            while let Some(batch) = stream.next().await {
                let batch = batch?;
                let mut offset = 0;
                while offset < batch.num_rows() {
                    let written = encoder
                        .write_rows(&batch, offset, &mut page.json, TARGET_RESULT_BYTES)
                        .map_err(|e| {
                            TrinoError::new(ErrorCode::SerializationError, e.to_string())
                        })?;
                    offset += written;
                    page.rows += written;
                    if page.json.len() >= TARGET_RESULT_BYTES {
                        let full = std::mem::replace(
                            &mut page,
                            Page {
                                json: String::new(),
                                rows: 0,
                            },
                        );
                        send(query, &sender, full).await?;
                    }
                }
                let bytes = batch.get_array_memory_size() as i64;
                query.update(|p| {
                    p.processed_rows += batch.num_rows() as i64;
                    p.processed_bytes += bytes;
                });
            }
            if page.rows > 0 {
                send(query, &sender, page).await?;
            }
            finish(query, |p| p.completed_splits = p.total_splits);
        }
        Outcome::Update {
            update_type,
            headers,
        } => finish(query, |p| {
            p.columns = Some(vec![]);
            p.update_type = Some(update_type.to_string());
            p.headers = headers;
        }),
        Outcome::RowCount { update_type, count } => {
            query.update(|p| {
                p.columns = Some(vec![protocol::column("rows", &TrinoType::Bigint, &caps)]);
                p.update_type = Some(update_type.to_string());
                p.planned_at = Some(Instant::now());
                p.advance(QueryState::Running);
            });
            send(
                query,
                &sender,
                Page {
                    json: format!("[{count}]"),
                    rows: 1,
                },
            )
            .await?;
            finish(query, |p| p.update_count = Some(count as i64));
        }
    }
    Ok(())
}

async fn send(query: &Query, sender: &mpsc::Sender<Page>, page: Page) -> Result<(), TrinoError> {
    sender.send(page).await.map_err(|_| {
        // The cursor is gone: the query was purged or failed meanwhile.
        query
            .progress(|p| p.error.clone())
            .unwrap_or_else(|| TrinoError::new(ErrorCode::UserCanceled, "Query was canceled"))
    })?;
    query.changed.notify_waiters();
    Ok(())
}

fn finish(query: &Query, last: impl FnOnce(&mut crate::query::Progress)) {
    query.update(|p| {
        last(p);
        let now = Instant::now();
        p.planned_at.get_or_insert(now);
        if !p.state.is_done() {
            p.state = QueryState::Finished;
            p.ended_at = Some(now);
            p.ended_wall = Some(std::time::SystemTime::now());
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_panicking_query_fails_instead_of_hanging() {
        let (query, _sender) = Query::new(
            "20261125_000000_00000_abcde".into(),
            "y0".into(),
            "SELECT 1".into(),
            Session::default(),
        );
        let work = async {
            let values: Vec<u8> = Vec::new();
            let index = values.len() + 1;
            // An out-of-bounds index: a panic like a bug in an operator would raise.
            let _ = values[index];
            Ok(())
        };
        guard(&query, Duration::from_secs(5), work).await;
        let error = query
            .progress(|p| p.error.clone())
            .expect("the query failed");
        assert_eq!(error.code, ErrorCode::GenericInternalError);
        assert!(
            error.message.contains("index out of bounds"),
            "{}",
            error.message
        );
    }
}
