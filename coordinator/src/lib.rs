//! The coordinator: a Trino-compatible server for Trino's clients (JDBC, CLI, Python, Go,
//! Node), executing queries with DataFusion.

pub mod config;
pub mod context;
pub mod error;
pub mod execute;
pub mod http;
pub mod manager;
pub mod plan_check;
pub mod query;
pub mod session;
pub mod session_properties;

use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::Ordering;
use std::time::{Duration, Instant};

use engine::connector::build_catalogs;
use engine::session::Engine;
use parking_lot::Mutex;

use crate::config::ServerConfig;
use crate::context::{Cluster, NodeState, ServerContext, VERSION};
use crate::manager::QueryManager;

/// Failure to start the server.
#[derive(Debug, thiserror::Error)]
pub enum StartError {
    /// The configuration is invalid.
    #[error(transparent)]
    Config(#[from] engine::config::ConfigError),
    /// A catalog could not be created.
    #[error(transparent)]
    Connector(#[from] engine::connector::ConnectorError),
    /// The HTTP port could not be bound.
    #[error("cannot listen on {address}: {source}")]
    Bind {
        /// The address.
        address: SocketAddr,
        /// The error.
        source: std::io::Error,
    },
    /// The runtime could not be created.
    #[error("cannot start the runtime: {0}")]
    Runtime(std::io::Error),
}

/// Builds the shared server state from the configuration.
pub fn build_context(config: ServerConfig) -> Result<Arc<ServerContext>, StartError> {
    let queries = Arc::new(QueryManager::new());
    let transactions = Arc::new(Mutex::new(Default::default()));
    let cluster = Arc::new(Cluster {
        node_id: config.node_id.clone(),
        http_uri: format!("http://127.0.0.1:{}", config.http_port),
        queries: queries.clone(),
        transactions: transactions.clone(),
    });
    let catalogs = build_catalogs(&config.catalogs, cluster)?;
    Ok(Arc::new(ServerContext {
        engine: Engine::new(catalogs, VERSION).with_query_memory_limit(config.query_max_memory),
        config,
        transactions,
        queries,
        started: Instant::now(),
        node_state: Mutex::new(NodeState::Active),
        ready: std::sync::atomic::AtomicBool::new(false),
    }))
}

/// Serves the coordinator on its configured port until SIGINT or SIGTERM.
pub async fn serve(ctx: Arc<ServerContext>) -> Result<(), StartError> {
    let address = SocketAddr::from(([0, 0, 0, 0], ctx.config.http_port));
    let listener = tokio::net::TcpListener::bind(address)
        .await
        .map_err(|source| StartError::Bind { address, source })?;
    serve_listener(ctx, listener, shutdown_signal()).await;
    Ok(())
}

/// Serves the coordinator on an already bound `listener` until `shutdown` completes; tests
/// bind port 0 and stop the server with a channel instead of a signal.
pub async fn serve_listener(
    ctx: Arc<ServerContext>,
    listener: tokio::net::TcpListener,
    shutdown: impl Future<Output = ()>,
) {
    let expiry = tokio::spawn(expire_queries(ctx.clone()));
    ctx.ready.store(true, Ordering::Release);
    match listener.local_addr() {
        Ok(address) => tracing::info!(%address, version = VERSION, "SERVER STARTED"),
        Err(_) => tracing::info!(version = VERSION, "SERVER STARTED"),
    }
    serve_http(listener, http::router(ctx.clone()), shutdown).await;
    expiry.abort();
}

/// Accepts HTTP/1.1 connections until a shutdown signal, then lets open requests finish.
///
/// Written on hyper directly rather than `axum::serve` for two settings axum does not expose:
/// response header names in canonical case (`X-Trino-Set-Catalog`, as Trino sends them) and
/// `TCP_NODELAY`, which keeps small protocol round trips from waiting on delayed ACKs.
async fn serve_http(
    listener: tokio::net::TcpListener,
    router: axum::Router,
    shutdown: impl Future<Output = ()>,
) {
    let graceful = hyper_util::server::graceful::GracefulShutdown::new();
    let mut shutdown = std::pin::pin!(shutdown);
    loop {
        tokio::select! {
            accepted = listener.accept() => {
                let stream = match accepted {
                    Ok((stream, _)) => stream,
                    Err(error) => {
                        tracing::warn!(%error, "accept failed");
                        continue;
                    }
                };
                if let Err(error) = stream.set_nodelay(true) {
                    tracing::debug!(%error, "cannot set TCP_NODELAY");
                }
                let service = hyper_util::service::TowerToHyperService::new(router.clone());
                let connection = hyper::server::conn::http1::Builder::new()
                    .title_case_headers(true)
                    .serve_connection(hyper_util::rt::TokioIo::new(stream), service);
                let connection = graceful.watch(connection);
                tokio::spawn(async move {
                    if let Err(error) = connection.await {
                        tracing::debug!(%error, "connection ended with an error");
                    }
                });
            }
            _ = &mut shutdown => break,
        }
    }
    if tokio::time::timeout(Duration::from_secs(10), graceful.shutdown())
        .await
        .is_err()
    {
        tracing::warn!("connections still open after 10 s; exiting");
    }
}

async fn expire_queries(ctx: Arc<ServerContext>) {
    let mut tick = tokio::time::interval(Duration::from_secs(1));
    loop {
        tick.tick().await;
        ctx.queries.expire(
            ctx.config.client_timeout,
            ctx.config.min_expire_age,
            ctx.config.max_history,
        );
    }
}

async fn shutdown_signal() {
    let interrupt = tokio::signal::ctrl_c();
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(e) => {
                tracing::warn!(error = %e, "cannot listen for SIGTERM");
                std::future::pending::<()>().await;
            }
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        _ = interrupt => {}
        _ = terminate => {}
    }
    tracing::info!("shutting down");
}
