//! One query's life: its state machine, the pages of results waiting for the client, and
//! the token rules that make every `nextUri` GET idempotent.

use std::sync::Arc;
use std::time::{Duration, Instant, SystemTime};

use axum::http::HeaderName;
use parking_lot::Mutex;
use protocol::{Column, QueryState, StatementStats};
use tokio::sync::{Notify, mpsc};
use tokio_util::sync::CancellationToken;

use crate::error::TrinoError;
use crate::session::Session;

/// How long a GET waits for new results before answering with what it has, as Trino does.
pub const MAX_WAIT: Duration = Duration::from_secs(1);

/// Target size of the `data` of one response.
pub const TARGET_RESULT_BYTES: usize = 1 << 20;

/// Rows of one page, already encoded as the JSON text of `row, row, ...` (no brackets).
#[derive(Debug)]
pub struct Page {
    /// The encoded rows, comma separated.
    pub json: String,
    /// Number of rows.
    pub rows: usize,
}

/// What the executor has published about the query so far.
#[derive(Debug, Default)]
pub struct Progress {
    /// Current state.
    pub state: QueryState,
    /// Output columns, once known.
    pub columns: Option<Vec<Column>>,
    /// `updateType` of a non-query statement.
    pub update_type: Option<String>,
    /// `updateCount` of a write.
    pub update_count: Option<i64>,
    /// Session-changing response headers, repeated on every executing response.
    pub headers: Vec<(HeaderName, String)>,
    /// Failure, if any.
    pub error: Option<TrinoError>,
    /// Rows produced so far.
    pub processed_rows: i64,
    /// Bytes of encoded output so far.
    pub processed_bytes: i64,
    /// Partitions (splits) of the plan.
    pub total_splits: i32,
    /// Partitions finished.
    pub completed_splits: i32,
    /// When planning ended.
    pub planned_at: Option<Instant>,
    /// When the executor ended (successfully or not).
    pub ended_at: Option<Instant>,
    /// When the query ended, wall clock.
    pub ended_wall: Option<SystemTime>,
    /// Last time a client touched the query.
    pub last_heartbeat: Option<Instant>,
}

impl Progress {
    /// Moves to `state` unless the query already ended: a query failed or cancelled while
    /// its executor was busy stays failed.
    pub fn advance(&mut self, state: QueryState) {
        if !self.state.is_done() {
            self.state = state;
        }
    }
}

/// The client-facing cursor over results: the receiving end of the page channel and the
/// last response, kept for idempotent re-GETs.
#[derive(Debug)]
pub struct ResultCursor {
    /// Pages from the executor.
    pub pages: mpsc::Receiver<Page>,
    /// Token of the next executing GET the client may send.
    pub next_token: u64,
    /// The last executing response: its token and its body and headers.
    pub last: Option<(u64, CachedResponse)>,
    /// Token of the last queued-phase GET.
    pub queued_token: u64,
    /// Whether the channel has closed (the executor is done producing).
    pub drained: bool,
}

/// A response as sent, for repeating it verbatim.
#[derive(Debug, Clone)]
pub struct CachedResponse {
    /// JSON body, shared with the response that sent it.
    pub body: axum::body::Bytes,
    /// Headers besides `Content-Type`.
    pub headers: Vec<(HeaderName, String)>,
}

/// A query known to the coordinator.
#[derive(Debug)]
pub struct Query {
    /// Trino query id.
    pub id: String,
    /// Unguessable part of the `nextUri` paths.
    pub slug: String,
    /// SQL text as submitted.
    pub sql: String,
    /// Session at submission.
    pub session: Session,
    /// Submission time, wall clock.
    pub created_wall: SystemTime,
    /// Submission time.
    pub created: Instant,
    progress: Mutex<Progress>,
    /// Woken whenever the executor publishes something.
    pub changed: Notify,
    /// Cancelled when the query must stop.
    pub cancel: CancellationToken,
    /// The client-facing cursor; a tokio mutex so concurrent GETs queue up.
    pub cursor: tokio::sync::Mutex<ResultCursor>,
}

impl Query {
    /// Creates a queued query and the sending end of its page channel.
    pub fn new(
        id: String,
        slug: String,
        sql: String,
        session: Session,
    ) -> (Arc<Self>, mpsc::Sender<Page>) {
        // Two pages in flight: the executor stays at most ~2 MB ahead of a slow client.
        let (sender, receiver) = mpsc::channel(2);
        let now = Instant::now();
        let query = Arc::new(Self {
            id,
            slug,
            sql,
            session,
            created_wall: SystemTime::now(),
            created: now,
            progress: Mutex::new(Progress {
                last_heartbeat: Some(now),
                ..Progress::default()
            }),
            changed: Notify::new(),
            cancel: CancellationToken::new(),
            cursor: tokio::sync::Mutex::new(ResultCursor {
                pages: receiver,
                next_token: 0,
                last: None,
                queued_token: 1,
                drained: false,
            }),
        });
        (query, sender)
    }

    /// Reads the published progress.
    pub fn progress<R>(&self, read: impl FnOnce(&Progress) -> R) -> R {
        read(&self.progress.lock())
    }

    /// Publishes a change and wakes waiting GETs.
    pub fn update(&self, change: impl FnOnce(&mut Progress)) {
        change(&mut self.progress.lock());
        self.changed.notify_waiters();
    }

    /// Records that a client polled.
    pub fn heartbeat(&self) {
        self.progress.lock().last_heartbeat = Some(Instant::now());
    }

    /// Ends the query with `error` unless it already ended; stops the executor.
    pub fn fail(&self, error: TrinoError) {
        self.update(|p| {
            if !p.state.is_done() {
                p.state = QueryState::Failed;
                p.error = Some(error);
                p.ended_at = Some(Instant::now());
                p.ended_wall = Some(SystemTime::now());
            }
        });
        self.cancel.cancel();
    }

    /// Whether planning finished or the query already failed.
    pub fn dispatched(&self) -> bool {
        self.progress(|p| p.planned_at.is_some() || p.state.is_done())
    }

    /// `stats` for a response, given whether the client has received every row.
    pub fn stats(&self, delivered: bool) -> StatementStats {
        let now = Instant::now();
        self.progress(|p| {
            let state = match p.state {
                QueryState::Finished if !delivered => QueryState::Finishing,
                other => other,
            };
            let end = p.ended_at.unwrap_or(now);
            let elapsed = end.saturating_duration_since(self.created);
            let queued = p
                .planned_at
                .unwrap_or(end)
                .saturating_duration_since(self.created);
            let mut stats = StatementStats::new(state);
            stats.queued = state == QueryState::Queued;
            stats.scheduled = p.planned_at.is_some();
            stats.nodes = i32::from(p.planned_at.is_some());
            stats.total_splits = p.total_splits;
            stats.completed_splits = p.completed_splits;
            stats.running_splits = if p.state.is_done() {
                0
            } else {
                (p.total_splits - p.completed_splits).max(0)
            };
            stats.queued_time_millis = millis(queued);
            stats.elapsed_time_millis = millis(elapsed);
            stats.wall_time_millis = millis(elapsed.saturating_sub(queued));
            stats.cpu_time_millis = stats.wall_time_millis;
            stats.processed_rows = p.processed_rows;
            stats.processed_bytes = p.processed_bytes;
            stats.physical_input_bytes = p.processed_bytes;
            if state == QueryState::Finished {
                stats.progress_percentage = Some(100.0);
            } else if p.total_splits > 0 {
                stats.progress_percentage =
                    Some(100.0 * f64::from(p.completed_splits) / f64::from(p.total_splits));
            }
            stats
        })
    }
}

fn millis(duration: Duration) -> i64 {
    i64::try_from(duration.as_millis()).unwrap_or(i64::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;
    use protocol::ErrorCode;

    #[test]
    fn a_failed_query_stays_failed() {
        let (query, _sender) = Query::new(
            "q".into(),
            "s".into(),
            "SELECT 1".into(),
            Session::default(),
        );
        query.update(|p| p.advance(QueryState::Planning));
        query.fail(TrinoError::new(
            ErrorCode::UserCanceled,
            "Query was canceled",
        ));
        query.update(|p| p.advance(QueryState::Running));
        assert_eq!(query.progress(|p| p.state), QueryState::Failed);
        assert!(query.cancel.is_cancelled());
    }

    #[test]
    fn stats_report_finishing_until_every_row_is_delivered() {
        let (query, _sender) = Query::new(
            "q".into(),
            "s".into(),
            "SELECT 1".into(),
            Session::default(),
        );
        query.update(|p| {
            p.planned_at = Some(Instant::now());
            p.state = QueryState::Finished;
            p.ended_at = Some(Instant::now());
        });
        assert_eq!(query.stats(false).state, QueryState::Finishing);
        let delivered = query.stats(true);
        assert_eq!(delivered.state, QueryState::Finished);
        assert_eq!(delivered.progress_percentage, Some(100.0));
    }
}
