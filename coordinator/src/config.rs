//! The coordinator's configuration, read from Trino's `etc/` layout.

use std::path::{Path, PathBuf};
use std::time::Duration;

use engine::config::{
    CatalogConfig, ConfigError, Properties, parse_data_size, parse_duration, read_catalog_dir,
    read_properties,
};

/// Settings of `etc/config.properties` and `etc/node.properties` the coordinator uses.
#[derive(Debug, Clone)]
pub struct ServerConfig {
    /// `http-server.http.port` (default 8080).
    pub http_port: u16,
    /// `coordinator` (must be true for this binary).
    pub coordinator: bool,
    /// `node-scheduler.include-coordinator`: whether the coordinator also runs tasks.
    pub include_coordinator: bool,
    /// `discovery.uri`: where nodes announce themselves.
    pub discovery_uri: Option<String>,
    /// `query.max-run-time` (default 100 days, as in Trino).
    pub query_max_run_time: Duration,
    /// `query.client.timeout`: a query nobody polls for this long is abandoned (5 minutes).
    pub client_timeout: Duration,
    /// `query.min-expire-age`: how long finished queries stay visible (15 minutes).
    pub min_expire_age: Duration,
    /// `query.max-history`: how many finished queries are kept at least (100).
    pub max_history: usize,
    /// `query.max-memory`: memory one query may use, in bytes (unlimited when absent).
    pub query_max_memory: Option<u64>,
    /// `node.environment`.
    pub environment: String,
    /// `node.id`.
    pub node_id: String,
    /// Every catalog of `etc/catalog`.
    pub catalogs: Vec<CatalogConfig>,
}

/// Properties of `config.properties` the coordinator reads; others are warned about.
const KNOWN_SERVER_PROPERTIES: &[&str] = &[
    "coordinator",
    "http-server.http.port",
    "node-scheduler.include-coordinator",
    "discovery.uri",
    "query.max-run-time",
    "query.client.timeout",
    "query.min-expire-age",
    "query.max-history",
    "query.max-memory",
    "query.max-memory-per-node",
    "query.max-total-memory",
    "internal-communication.shared-secret",
    "retry-policy",
    "shutdown.grace-period",
    "web-ui.enabled",
    "web-ui.authentication.type",
];

/// Properties of `node.properties` the coordinator reads.
const KNOWN_NODE_PROPERTIES: &[&str] = &["node.environment", "node.id", "node.data-dir"];

impl ServerConfig {
    /// Reads `config.properties`, `node.properties` and `catalog/*.properties` under
    /// `etc_dir`. Unknown keys are logged as warnings, never rejected.
    pub fn load(etc_dir: &Path) -> Result<Self, ConfigError> {
        let config = read_properties(&etc_dir.join("config.properties"))?;
        let node_path = etc_dir.join("node.properties");
        let node = if node_path.exists() {
            read_properties(&node_path)?
        } else {
            Properties::new()
        };
        warn_unknown(&config, KNOWN_SERVER_PROPERTIES, "config.properties");
        warn_unknown(&node, KNOWN_NODE_PROPERTIES, "node.properties");
        let catalogs = read_catalog_dir(&etc_dir.join("catalog"))?;
        Self::from_properties(&config, &node, catalogs)
    }

    fn from_properties(
        config: &Properties,
        node: &Properties,
        catalogs: Vec<CatalogConfig>,
    ) -> Result<Self, ConfigError> {
        let get = |key: &str| config.get(key).map(String::as_str);
        let duration = |key: &str, default: Duration| match get(key) {
            Some(v) => parse_duration(key, v),
            None => Ok(default),
        };
        Ok(Self {
            http_port: parse(config, "http-server.http.port", 8080)?,
            coordinator: parse(config, "coordinator", true)?,
            include_coordinator: parse(config, "node-scheduler.include-coordinator", true)?,
            discovery_uri: get("discovery.uri").map(str::to_string),
            query_max_run_time: duration("query.max-run-time", Duration::from_secs(100 * 86400))?,
            client_timeout: duration("query.client.timeout", Duration::from_secs(300))?,
            min_expire_age: duration("query.min-expire-age", Duration::from_secs(900))?,
            max_history: parse(config, "query.max-history", 100)?,
            query_max_memory: get("query.max-memory")
                .map(|v| parse_data_size("query.max-memory", v))
                .transpose()?,
            environment: node
                .get("node.environment")
                .cloned()
                .unwrap_or_else(|| "production".to_string()),
            node_id: node
                .get("node.id")
                .cloned()
                .unwrap_or_else(|| "coordinator".to_string()),
            catalogs,
        })
    }
}

fn parse<T: std::str::FromStr>(
    props: &Properties,
    key: &str,
    default: T,
) -> Result<T, ConfigError> {
    match props.get(key) {
        None => Ok(default),
        Some(value) => value.parse().map_err(|_| ConfigError::InvalidValue {
            key: key.to_string(),
            value: value.clone(),
            reason: format!("expected a {}", std::any::type_name::<T>()),
        }),
    }
}

fn warn_unknown(props: &Properties, known: &[&str], file: &str) {
    for key in props.keys() {
        if !known.contains(&key.as_str()) {
            tracing::warn!(file, property = %key, "ignoring unknown property");
        }
    }
}

/// The `--etc-dir` default, as Trino's launcher: `etc` under the working directory.
pub fn default_etc_dir() -> PathBuf {
    PathBuf::from("etc")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_trino_layout() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join("config.properties"),
            "coordinator=true\nhttp-server.http.port=8181\nnode-scheduler.include-coordinator=false\n\
             discovery.uri=http://localhost:8181\nquery.max-run-time=1h\nquery.max-memory=1GB\nsome.unknown=1\n",
        )
        .unwrap();
        std::fs::write(
            dir.path().join("node.properties"),
            "node.environment=test\nnode.id=abc\n",
        )
        .unwrap();
        std::fs::create_dir(dir.path().join("catalog")).unwrap();
        std::fs::write(
            dir.path().join("catalog/tpch.properties"),
            "connector.name=tpch\n",
        )
        .unwrap();
        let config = ServerConfig::load(dir.path()).unwrap();
        assert_eq!(config.http_port, 8181);
        assert!(!config.include_coordinator);
        assert_eq!(
            config.discovery_uri.as_deref(),
            Some("http://localhost:8181")
        );
        assert_eq!(config.query_max_run_time, Duration::from_secs(3600));
        assert_eq!(config.query_max_memory, Some(1 << 30));
        assert_eq!(config.environment, "test");
        assert_eq!(config.node_id, "abc");
        assert_eq!(config.catalogs.len(), 1);
    }

    #[test]
    fn defaults_match_trino() {
        let config =
            ServerConfig::from_properties(&Properties::new(), &Properties::new(), vec![]).unwrap();
        assert_eq!(config.http_port, 8080);
        assert_eq!(config.client_timeout, Duration::from_secs(300));
        assert_eq!(config.max_history, 100);
    }

    #[test]
    fn bad_values_are_errors() {
        let mut props = Properties::new();
        props.insert("http-server.http.port".into(), "eighty".into());
        assert!(ServerConfig::from_properties(&props, &Properties::new(), vec![]).is_err());
    }
}
