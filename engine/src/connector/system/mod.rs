//! Trino's `system` catalog: `jdbc` (what the JDBC driver's `DatabaseMetaData` reads),
//! `runtime` (nodes, queries, transactions) and `metadata` (catalogs, comments, views).

mod jdbc;
mod metadata;
mod runtime;

use std::collections::BTreeMap;
use std::sync::Arc;

use async_trait::async_trait;
use datafusion::catalog::{CatalogProvider, SchemaProvider, TableProvider};
use datafusion::error::Result;

pub use runtime::{ClusterView, NodeRow, QueryRow, TransactionRow};

use super::information_schema::{INFORMATION_SCHEMA, InformationSchemaProvider};
use super::table::{ComputedTable, ComputedTableProvider};

/// Name of the catalog.
pub const SYSTEM_CATALOG: &str = "system";

/// What the `system` catalog needs to know about the other catalogs: their connector names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CatalogEntry {
    /// Catalog name.
    pub name: String,
    /// `connector.name` of the catalog (`system` for the system catalog itself).
    pub connector: String,
}

/// The `system` catalog.
#[derive(Debug)]
pub struct SystemCatalogProvider {
    schemas: BTreeMap<&'static str, Arc<dyn SchemaProvider>>,
}

impl SystemCatalogProvider {
    /// Creates the catalog; `catalogs` lists every catalog of the server for
    /// `system.metadata.catalogs`, `cluster` answers for nodes and queries.
    pub fn new(catalogs: Vec<CatalogEntry>, cluster: Arc<dyn ClusterView>) -> Self {
        let mut schemas: BTreeMap<&'static str, Arc<dyn SchemaProvider>> = BTreeMap::new();
        schemas.insert("jdbc", Arc::new(FixedSchema::new(jdbc::tables())));
        schemas.insert(
            "runtime",
            Arc::new(FixedSchema::new(runtime::tables(cluster))),
        );
        schemas.insert(
            "metadata",
            Arc::new(FixedSchema::new(metadata::tables(catalogs))),
        );
        schemas.insert(
            INFORMATION_SCHEMA,
            Arc::new(InformationSchemaProvider::new(SYSTEM_CATALOG)),
        );
        Self { schemas }
    }
}

impl CatalogProvider for SystemCatalogProvider {
    fn schema_names(&self) -> Vec<String> {
        self.schemas.keys().map(|s| s.to_string()).collect()
    }

    fn schema(&self, name: &str) -> Option<Arc<dyn SchemaProvider>> {
        self.schemas.get(name).cloned()
    }
}

/// A schema with a fixed set of computed tables.
#[derive(Debug)]
struct FixedSchema {
    tables: BTreeMap<&'static str, Arc<dyn TableProvider>>,
}

impl FixedSchema {
    fn new(tables: Vec<(&'static str, Arc<dyn ComputedTable>)>) -> Self {
        let tables = tables
            .into_iter()
            .map(|(name, table)| {
                let provider: Arc<dyn TableProvider> = Arc::new(ComputedTableProvider(table));
                (name, provider)
            })
            .collect();
        Self { tables }
    }
}

#[async_trait]
impl SchemaProvider for FixedSchema {
    fn table_names(&self) -> Vec<String> {
        self.tables.keys().map(|s| s.to_string()).collect()
    }

    async fn table(&self, name: &str) -> Result<Option<Arc<dyn TableProvider>>> {
        Ok(self.tables.get(name).cloned())
    }

    fn table_exist(&self, name: &str) -> bool {
        self.tables.contains_key(name)
    }
}
