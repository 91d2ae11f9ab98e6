//! State shared by every request: configuration, the engine, open transactions, the node's
//! own state and the query registry.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::{Instant, SystemTime, UNIX_EPOCH};

use engine::connector::system::{ClusterView, NodeRow, QueryRow, TransactionRow};
use engine::session::Engine;
use engine::sql::parser::TransactionModes;
use parking_lot::Mutex;

use crate::config::ServerConfig;
use crate::manager::QueryManager;

/// Version this server reports: an integer-like Trino version, as clients parse it.
pub const VERSION: &str = "466";

/// Lifecycle state of this node, as `/v1/info/state` reports it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NodeState {
    /// Accepting work.
    Active,
    /// Finishing running work, accepting none.
    ShuttingDown,
}

impl NodeState {
    /// Trino's name of the state.
    pub fn as_str(self) -> &'static str {
        match self {
            NodeState::Active => "ACTIVE",
            NodeState::ShuttingDown => "SHUTTING_DOWN",
        }
    }
}

/// An open transaction.
#[derive(Debug, Clone)]
pub struct Transaction {
    /// Isolation level as requested.
    pub isolation: String,
    /// Whether it is read only.
    pub read_only: bool,
    /// Creation time.
    pub created: SystemTime,
    /// Last use.
    pub last_used: Instant,
}

/// Everything a request handler needs.
#[derive(Debug)]
pub struct ServerContext {
    /// Server configuration.
    pub config: ServerConfig,
    /// Catalogs and DataFusion runtime.
    pub engine: Engine,
    /// Open transactions by id.
    pub transactions: Arc<Mutex<HashMap<String, Transaction>>>,
    /// Queries.
    pub queries: Arc<QueryManager>,
    /// Process start.
    pub started: Instant,
    /// Node lifecycle state.
    pub node_state: Mutex<NodeState>,
    /// Whether the server finished starting.
    pub ready: std::sync::atomic::AtomicBool,
}

impl ServerContext {
    /// Opens a transaction and returns its id.
    pub fn begin_transaction(&self, modes: TransactionModes) -> String {
        let id = uuid::Uuid::new_v4().to_string();
        self.transactions.lock().insert(
            id.clone(),
            Transaction {
                isolation: modes
                    .isolation
                    .unwrap_or_else(|| "READ UNCOMMITTED".to_string()),
                read_only: modes.read_only.unwrap_or(false),
                created: SystemTime::now(),
                last_used: Instant::now(),
            },
        );
        id
    }
}

/// The live view `system.runtime` reads.
#[derive(Debug)]
pub struct Cluster {
    /// This node's id.
    pub node_id: String,
    /// This node's HTTP URI.
    pub http_uri: String,
    /// Queries.
    pub queries: Arc<QueryManager>,
    /// Open transactions.
    pub transactions: Arc<Mutex<HashMap<String, Transaction>>>,
}

impl ClusterView for Cluster {
    fn nodes(&self) -> Vec<NodeRow> {
        vec![NodeRow {
            node_id: self.node_id.clone(),
            http_uri: self.http_uri.clone(),
            node_version: VERSION.to_string(),
            coordinator: true,
            state: "active".to_string(),
        }]
    }

    fn queries(&self) -> Vec<QueryRow> {
        self.queries.rows()
    }

    fn transactions(&self) -> Vec<TransactionRow> {
        self.transactions
            .lock()
            .iter()
            .map(|(id, t)| TransactionRow {
                transaction_id: id.clone(),
                isolation_level: t.isolation.clone(),
                read_only: t.read_only,
                create_time_ms: epoch_millis(t.created),
                idle_time_secs: t.last_used.elapsed().as_secs() as i64,
            })
            .collect()
    }
}

/// Milliseconds since the Unix epoch.
pub fn epoch_millis(time: SystemTime) -> i64 {
    time.duration_since(UNIX_EPOCH)
        .map(|d| d.as_millis() as i64)
        .unwrap_or(0)
}
