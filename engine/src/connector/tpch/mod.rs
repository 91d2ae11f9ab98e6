//! Trino's `tpch` connector (`connector.name=tpch`): a read-only catalog of
//! TPC-H data generated on the fly, looking to clients as Trino's does.
//!
//! Schemas name scale factors (`tiny` is 0.01, `sf<number>` is that number),
//! each holding the eight TPC-H tables with Trino's simplified column names
//! and types. Data comes from tpchgen, a port of the generator Trino uses,
//! with decimals given as doubles as Trino does.

mod exec;
mod table;
#[cfg(test)]
mod tests;

use std::sync::Arc;

use async_trait::async_trait;
use datafusion::catalog::{CatalogProvider, SchemaProvider, TableProvider};
use datafusion::common::{DataFusionError, Result};

pub use exec::TpchScanExec;
pub use table::{TpchTable, TpchTableProvider};

/// The schemas the catalog lists, in Trino's order (`TpchMetadata.SCHEMA_NAMES`).
/// Any other `sf<number>` schema resolves too, but is not listed.
pub const SCHEMA_NAMES: [&str; 9] = [
    "tiny", "sf1", "sf100", "sf300", "sf1000", "sf3000", "sf10000", "sf30000", "sf100000",
];

const TINY_SCHEMA_NAME: &str = "tiny";
const TINY_SCALE_FACTOR: f64 = 0.01;

/// The scale factor a schema name stands for, as Trino's
/// `TpchMetadata.schemaNameToScaleFactor` resolves it: `tiny` is 0.01,
/// `sf<number>` is that number (`sf1`, `sf10`, `sf0.5`, `sf1e3`), as long as
/// it is positive (and at most 10^12). Case is ignored: Trino lowercases
/// names before a connector sees them.
pub fn schema_name_to_scale_factor(schema_name: &str) -> Option<f64> {
    let schema_name = schema_name.to_ascii_lowercase();
    if schema_name == TINY_SCHEMA_NAME {
        return Some(TINY_SCALE_FACTOR);
    }
    let number = schema_name.strip_prefix("sf")?;
    // Rust also parses "inf" and "nan", which Java does not; neither is valid.
    let scale_factor: f64 = number.parse().ok()?;
    table::is_valid_scale_factor(scale_factor).then_some(scale_factor)
}

/// The `tpch` catalog: every schema Trino's `tpch` connector has.
#[derive(Debug, Clone, Default)]
pub struct TpchCatalogProvider {
    splits_per_node: Option<usize>,
}

impl TpchCatalogProvider {
    /// A catalog whose scans split tables by the session's `target_partitions`.
    pub fn new() -> Self {
        Self::default()
    }

    /// Sets Trino's `tpch.splits-per-node` catalog property: when given, every
    /// scan generates its table in that many partitions (`nation` and `region`
    /// always in one). Fails for 0, as Trino does.
    pub fn with_splits_per_node(mut self, splits_per_node: Option<usize>) -> Result<Self> {
        if splits_per_node == Some(0) {
            return Err(DataFusionError::Configuration(
                "tpch.splits-per-node must be at least 1".to_string(),
            ));
        }
        self.splits_per_node = splits_per_node;
        Ok(self)
    }
}

impl CatalogProvider for TpchCatalogProvider {
    fn schema_names(&self) -> Vec<String> {
        SCHEMA_NAMES.iter().map(|name| name.to_string()).collect()
    }

    fn schema(&self, name: &str) -> Option<Arc<dyn SchemaProvider>> {
        let scale_factor = schema_name_to_scale_factor(name)?;
        Some(Arc::new(TpchSchemaProvider {
            scale_factor,
            splits_per_node: self.splits_per_node,
        }))
    }
}

/// One schema of the `tpch` catalog: the eight TPC-H tables at one scale factor.
#[derive(Debug)]
pub struct TpchSchemaProvider {
    scale_factor: f64,
    splits_per_node: Option<usize>,
}

impl TpchSchemaProvider {
    /// The scale factor of this schema's tables.
    pub fn scale_factor(&self) -> f64 {
        self.scale_factor
    }
}

#[async_trait]
impl SchemaProvider for TpchSchemaProvider {
    fn table_names(&self) -> Vec<String> {
        TpchTable::ALL
            .iter()
            .map(|table| table.name().to_string())
            .collect()
    }

    async fn table(&self, name: &str) -> Result<Option<Arc<dyn TableProvider>>> {
        Ok(TpchTable::from_name(name).map(|table| {
            let provider = TpchTableProvider::new(table, self.scale_factor, self.splits_per_node);
            Arc::new(provider) as Arc<dyn TableProvider>
        }))
    }

    fn table_exist(&self, name: &str) -> bool {
        TpchTable::from_name(name).is_some()
    }
}
