//! `system.metadata`: catalogs, table comments and materialized views.

use std::sync::Arc;

use arrow::array::RecordBatch;
use arrow::datatypes::SchemaRef;
use async_trait::async_trait;
use datafusion::error::Result;
use datafusion::execution::SessionState;

use super::CatalogEntry;
use crate::connector::listing::{self, Scope};
use crate::connector::table::{Columns, ComputedTable, schema_of};

pub(super) fn tables(catalogs: Vec<CatalogEntry>) -> Vec<(&'static str, Arc<dyn ComputedTable>)> {
    vec![
        ("catalogs", Arc::new(Catalogs(catalogs))),
        ("table_comments", Arc::new(TableComments)),
        ("materialized_views", Arc::new(MaterializedViews)),
    ]
}

#[derive(Debug)]
struct Catalogs(Vec<CatalogEntry>);

#[async_trait]
impl ComputedTable for Catalogs {
    fn schema(&self) -> SchemaRef {
        schema_of(&[
            ("catalog_name", "varchar"),
            ("connector_id", "varchar"),
            ("connector_name", "varchar"),
            ("state", "varchar"),
        ])
    }

    async fn rows(&self, _session: &SessionState) -> Result<RecordBatch> {
        let mut catalogs = self.0.clone();
        catalogs.sort_by(|a, b| a.name.cmp(&b.name));
        Columns::new()
            .strings(catalogs.iter().map(|c| Some(&c.name)))
            .strings(catalogs.iter().map(|c| Some(&c.name)))
            .strings(catalogs.iter().map(|c| Some(&c.connector)))
            .strings(catalogs.iter().map(|_| Some("OPERATIONAL")))
            .finish(&self.schema())
    }
}

#[derive(Debug)]
struct TableComments;

#[async_trait]
impl ComputedTable for TableComments {
    fn schema(&self) -> SchemaRef {
        schema_of(&[
            ("catalog_name", "varchar"),
            ("schema_name", "varchar"),
            ("table_name", "varchar"),
            ("comment", "varchar"),
        ])
    }

    async fn rows(&self, session: &SessionState) -> Result<RecordBatch> {
        let tables = listing::tables(session.catalog_list().as_ref(), &Scope::default()).await?;
        Columns::new()
            .strings(tables.iter().map(|t| Some(&t.catalog)))
            .strings(tables.iter().map(|t| Some(&t.schema)))
            .strings(tables.iter().map(|t| Some(&t.table)))
            .strings(tables.iter().map(|_| None::<&str>))
            .finish(&self.schema())
    }
}

/// No connector has materialized views yet: the table exists (dbt reads it) and is empty.
#[derive(Debug)]
struct MaterializedViews;

#[async_trait]
impl ComputedTable for MaterializedViews {
    fn schema(&self) -> SchemaRef {
        schema_of(&[
            ("catalog_name", "varchar"),
            ("schema_name", "varchar"),
            ("name", "varchar"),
            ("storage_catalog", "varchar"),
            ("storage_schema", "varchar"),
            ("storage_table", "varchar"),
            ("freshness", "varchar"),
            ("last_fresh_time", "timestamp(9) with time zone"),
            ("comment", "varchar"),
            ("definition", "varchar"),
        ])
    }

    async fn rows(&self, _session: &SessionState) -> Result<RecordBatch> {
        Ok(RecordBatch::new_empty(self.schema()))
    }
}
