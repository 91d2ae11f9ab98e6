//! `system.runtime`: the nodes of the cluster, its queries and open transactions.

use std::fmt::Debug;
use std::sync::Arc;

use arrow::array::{ArrayRef, ListBuilder, RecordBatch, StringBuilder, TimestampMillisecondArray};
use arrow::datatypes::SchemaRef;
use async_trait::async_trait;
use datafusion::error::Result;
use datafusion::execution::SessionState;

use crate::connector::table::{Columns, ComputedTable, schema_of};

/// One node of the cluster, as `system.runtime.nodes` shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NodeRow {
    /// `node.id` of the node.
    pub node_id: String,
    /// The node's HTTP URI.
    pub http_uri: String,
    /// Version string the node reports.
    pub node_version: String,
    /// Whether the node is the coordinator.
    pub coordinator: bool,
    /// `active`, `shutting_down`, ... (lowercase, as Trino shows it).
    pub state: String,
}

/// One query, as `system.runtime.queries` shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QueryRow {
    /// Query id.
    pub query_id: String,
    /// Trino query state (`RUNNING`, `FINISHED`, ...).
    pub state: String,
    /// Session user.
    pub user: String,
    /// `X-Trino-Source` of the session.
    pub source: Option<String>,
    /// SQL text.
    pub query: String,
    /// Time spent queued, in milliseconds.
    pub queued_time_ms: i64,
    /// Time spent analysing, in milliseconds.
    pub analysis_time_ms: i64,
    /// Time spent planning, in milliseconds.
    pub planning_time_ms: i64,
    /// Creation time, milliseconds since the epoch.
    pub created_ms: i64,
    /// Start of execution, milliseconds since the epoch.
    pub started_ms: Option<i64>,
    /// Last time a client polled, milliseconds since the epoch.
    pub last_heartbeat_ms: i64,
    /// End time, milliseconds since the epoch.
    pub end_ms: Option<i64>,
    /// `USER_ERROR`, ... when the query failed.
    pub error_type: Option<String>,
    /// Error name when the query failed.
    pub error_code: Option<String>,
}

/// One open transaction, as `system.runtime.transactions` shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TransactionRow {
    /// Transaction id.
    pub transaction_id: String,
    /// Isolation level (`READ UNCOMMITTED`, ...).
    pub isolation_level: String,
    /// Whether the transaction is read only.
    pub read_only: bool,
    /// Creation time, milliseconds since the epoch.
    pub create_time_ms: i64,
    /// Seconds since the transaction was last used.
    pub idle_time_secs: i64,
}

/// The coordinator's live state, read by `system.runtime`.
pub trait ClusterView: Debug + Send + Sync {
    /// Every known node.
    fn nodes(&self) -> Vec<NodeRow>;
    /// Every query the coordinator remembers.
    fn queries(&self) -> Vec<QueryRow>;
    /// Every open transaction.
    fn transactions(&self) -> Vec<TransactionRow>;
}

pub(super) fn tables(cluster: Arc<dyn ClusterView>) -> Vec<(&'static str, Arc<dyn ComputedTable>)> {
    vec![
        ("nodes", Arc::new(Nodes(cluster.clone()))),
        ("queries", Arc::new(Queries(cluster.clone()))),
        ("transactions", Arc::new(Transactions(cluster))),
    ]
}

#[derive(Debug)]
struct Nodes(Arc<dyn ClusterView>);

#[async_trait]
impl ComputedTable for Nodes {
    fn schema(&self) -> SchemaRef {
        schema_of(&[
            ("node_id", "varchar"),
            ("http_uri", "varchar"),
            ("node_version", "varchar"),
            ("coordinator", "boolean"),
            ("state", "varchar"),
        ])
    }

    async fn rows(&self, _session: &SessionState) -> Result<RecordBatch> {
        let nodes = self.0.nodes();
        Columns::new()
            .strings(nodes.iter().map(|n| Some(&n.node_id)))
            .strings(nodes.iter().map(|n| Some(&n.http_uri)))
            .strings(nodes.iter().map(|n| Some(&n.node_version)))
            .bools(nodes.iter().map(|n| Some(n.coordinator)))
            .strings(nodes.iter().map(|n| Some(&n.state)))
            .finish(&self.schema())
    }
}

#[derive(Debug)]
struct Queries(Arc<dyn ClusterView>);

#[async_trait]
impl ComputedTable for Queries {
    fn schema(&self) -> SchemaRef {
        schema_of(&[
            ("query_id", "varchar"),
            ("state", "varchar"),
            ("user", "varchar"),
            ("source", "varchar"),
            ("query", "varchar"),
            ("resource_group_id", "array(varchar)"),
            ("queued_time_ms", "bigint"),
            ("analysis_time_ms", "bigint"),
            ("planning_time_ms", "bigint"),
            ("created", "timestamp(3) with time zone"),
            ("started", "timestamp(3) with time zone"),
            ("last_heartbeat", "timestamp(3) with time zone"),
            ("end", "timestamp(3) with time zone"),
            ("error_type", "varchar"),
            ("error_code", "varchar"),
        ])
    }

    async fn rows(&self, _session: &SessionState) -> Result<RecordBatch> {
        let queries = self.0.queries();
        let mut groups = ListBuilder::new(StringBuilder::new());
        for _ in &queries {
            groups.values().append_value("global");
            groups.append(true);
        }
        Columns::new()
            .strings(queries.iter().map(|q| Some(&q.query_id)))
            .strings(queries.iter().map(|q| Some(&q.state)))
            .strings(queries.iter().map(|q| Some(&q.user)))
            .strings(queries.iter().map(|q| q.source.as_ref()))
            .strings(queries.iter().map(|q| Some(&q.query)))
            .array(Arc::new(groups.finish()))
            .ints(queries.iter().map(|q| Some(q.queued_time_ms)))
            .ints(queries.iter().map(|q| Some(q.analysis_time_ms)))
            .ints(queries.iter().map(|q| Some(q.planning_time_ms)))
            .array(timestamps(queries.iter().map(|q| Some(q.created_ms))))
            .array(timestamps(queries.iter().map(|q| q.started_ms)))
            .array(timestamps(
                queries.iter().map(|q| Some(q.last_heartbeat_ms)),
            ))
            .array(timestamps(queries.iter().map(|q| q.end_ms)))
            .strings(queries.iter().map(|q| q.error_type.as_ref()))
            .strings(queries.iter().map(|q| q.error_code.as_ref()))
            .finish(&self.schema())
    }
}

#[derive(Debug)]
struct Transactions(Arc<dyn ClusterView>);

#[async_trait]
impl ComputedTable for Transactions {
    fn schema(&self) -> SchemaRef {
        schema_of(&[
            ("transaction_id", "varchar"),
            ("isolation_level", "varchar"),
            ("read_only", "boolean"),
            ("auto_commit_context", "boolean"),
            ("create_time", "timestamp(3) with time zone"),
            ("idle_time_secs", "bigint"),
            ("written_catalog", "varchar"),
            ("catalogs", "array(varchar)"),
        ])
    }

    async fn rows(&self, _session: &SessionState) -> Result<RecordBatch> {
        let transactions = self.0.transactions();
        let mut catalogs = ListBuilder::new(StringBuilder::new());
        for _ in &transactions {
            catalogs.append(true);
        }
        Columns::new()
            .strings(transactions.iter().map(|t| Some(&t.transaction_id)))
            .strings(transactions.iter().map(|t| Some(&t.isolation_level)))
            .bools(transactions.iter().map(|t| Some(t.read_only)))
            .bools(transactions.iter().map(|_| Some(false)))
            .array(timestamps(
                transactions.iter().map(|t| Some(t.create_time_ms)),
            ))
            .ints(transactions.iter().map(|t| Some(t.idle_time_secs)))
            .strings(transactions.iter().map(|_| None::<&str>))
            .array(Arc::new(catalogs.finish()))
            .finish(&self.schema())
    }
}

fn timestamps(values: impl Iterator<Item = Option<i64>>) -> ArrayRef {
    Arc::new(values.collect::<TimestampMillisecondArray>())
}
