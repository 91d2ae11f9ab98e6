//! Connectors: one DataFusion catalog per `etc/catalog/<name>.properties` file, plus the
//! `system` catalog, each with Trino's `information_schema`.

pub mod information_schema;
pub mod listing;
pub mod system;
pub mod table;
pub mod tpch;

use std::sync::Arc;

use datafusion::catalog::{
    CatalogProvider, CatalogProviderList, MemoryCatalogProvider, MemoryCatalogProviderList,
    MemorySchemaProvider, SchemaProvider,
};
use datafusion::error::Result as DfResult;

use crate::config::CatalogConfig;
use information_schema::{INFORMATION_SCHEMA, InformationSchemaProvider};
use system::{CatalogEntry, ClusterView, SYSTEM_CATALOG, SystemCatalogProvider};

/// Failure to set up a catalog from its properties.
#[derive(Debug, thiserror::Error)]
pub enum ConnectorError {
    /// `connector.name` names a connector this build does not have.
    #[error("catalog '{catalog}': unknown connector '{connector}' (supported: tpch, memory)")]
    UnknownConnector {
        /// Catalog name.
        catalog: String,
        /// The `connector.name` value.
        connector: String,
    },
    /// A catalog name is used twice or is reserved.
    #[error("catalog '{0}' is defined twice or uses a reserved name")]
    DuplicateCatalog(String),
    /// A property value is invalid.
    #[error("catalog '{catalog}': invalid property {key}={value}: {reason}")]
    InvalidProperty {
        /// Catalog name.
        catalog: String,
        /// Property name.
        key: String,
        /// Property value.
        value: String,
        /// Why it is invalid.
        reason: String,
    },
}

/// Properties each connector understands; others are reported as unknown (Trino fails on
/// them, we warn so an existing configuration still starts).
fn known_properties(connector: &str) -> &'static [&'static str] {
    match connector {
        "tpch" => &["tpch.splits-per-node", "tpch.column-naming"],
        "memory" => &["memory.max-data-per-node"],
        _ => &[],
    }
}

/// Builds the catalogs of a server: every configured catalog plus `system`.
pub fn build_catalogs(
    configs: &[CatalogConfig],
    cluster: Arc<dyn ClusterView>,
) -> Result<Arc<dyn CatalogProviderList>, ConnectorError> {
    let list = MemoryCatalogProviderList::new();
    let mut entries = vec![CatalogEntry {
        name: SYSTEM_CATALOG.to_string(),
        connector: SYSTEM_CATALOG.to_string(),
    }];
    for config in configs {
        if config.name == SYSTEM_CATALOG || entries.iter().any(|e| e.name == config.name) {
            return Err(ConnectorError::DuplicateCatalog(config.name.clone()));
        }
        for key in config.properties.keys() {
            if !known_properties(&config.connector).contains(&key.as_str()) {
                tracing::warn!(catalog = %config.name, property = %key, "ignoring unknown catalog property");
            }
        }
        let catalog = create_catalog(config)?;
        list.register_catalog(
            config.name.clone(),
            Arc::new(TrinoCatalog::new(&config.name, catalog)),
        );
        entries.push(CatalogEntry {
            name: config.name.clone(),
            connector: config.connector.clone(),
        });
    }
    list.register_catalog(
        SYSTEM_CATALOG.to_string(),
        Arc::new(SystemCatalogProvider::new(entries, cluster)),
    );
    Ok(Arc::new(list))
}

fn create_catalog(config: &CatalogConfig) -> Result<Arc<dyn CatalogProvider>, ConnectorError> {
    match config.connector.as_str() {
        "tpch" => {
            let invalid = |value: &str, reason: String| ConnectorError::InvalidProperty {
                catalog: config.name.clone(),
                key: "tpch.splits-per-node".into(),
                value: value.to_string(),
                reason,
            };
            let splits = match config.properties.get("tpch.splits-per-node") {
                Some(value) => Some(
                    value
                        .parse::<usize>()
                        .map_err(|_| invalid(value, "expected a positive integer".into()))?,
                ),
                None => None,
            };
            let catalog = tpch::TpchCatalogProvider::new()
                .with_splits_per_node(splits)
                .map_err(|e| invalid(&format!("{splits:?}"), e.to_string()))?;
            Ok(Arc::new(catalog))
        }
        "memory" => {
            let catalog = MemoryCatalogProvider::new();
            catalog
                .register_schema("default", Arc::new(MemorySchemaProvider::new()))
                .map_err(|e| ConnectorError::InvalidProperty {
                    catalog: config.name.clone(),
                    key: "connector.name".into(),
                    value: "memory".into(),
                    reason: e.to_string(),
                })?;
            Ok(Arc::new(catalog))
        }
        other => Err(ConnectorError::UnknownConnector {
            catalog: config.name.clone(),
            connector: other.to_string(),
        }),
    }
}

/// A connector's catalog with Trino's `information_schema` added to it.
#[derive(Debug)]
pub struct TrinoCatalog {
    inner: Arc<dyn CatalogProvider>,
    information_schema: Arc<dyn SchemaProvider>,
}

impl TrinoCatalog {
    /// Wraps the catalog `inner` named `name`.
    pub fn new(name: &str, inner: Arc<dyn CatalogProvider>) -> Self {
        Self {
            inner,
            information_schema: Arc::new(InformationSchemaProvider::new(name)),
        }
    }
}

impl CatalogProvider for TrinoCatalog {
    fn schema_names(&self) -> Vec<String> {
        let mut names = self.inner.schema_names();
        names.push(INFORMATION_SCHEMA.to_string());
        names.sort();
        names
    }

    fn schema(&self, name: &str) -> Option<Arc<dyn SchemaProvider>> {
        if name == INFORMATION_SCHEMA {
            Some(self.information_schema.clone())
        } else {
            self.inner.schema(name)
        }
    }

    fn register_schema(
        &self,
        name: &str,
        schema: Arc<dyn SchemaProvider>,
    ) -> DfResult<Option<Arc<dyn SchemaProvider>>> {
        self.inner.register_schema(name, schema)
    }

    fn deregister_schema(
        &self,
        name: &str,
        cascade: bool,
    ) -> DfResult<Option<Arc<dyn SchemaProvider>>> {
        self.inner.deregister_schema(name, cascade)
    }
}
