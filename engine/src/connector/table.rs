//! Tables whose rows are computed when they are scanned: the `system` catalog and every
//! catalog's `information_schema`.

use std::fmt::Debug;
use std::sync::Arc;

use arrow::array::{ArrayRef, BooleanArray, Int64Array, RecordBatch, StringArray};
use arrow::datatypes::{Schema, SchemaRef};
use async_trait::async_trait;
use datafusion::catalog::{Session, TableProvider};
use datafusion::datasource::TableType;
use datafusion::datasource::memory::MemorySourceConfig;
use datafusion::error::{DataFusionError, Result};
use datafusion::execution::SessionState;
use datafusion::logical_expr::Expr;
use datafusion::physical_plan::ExecutionPlan;
use protocol::types::TrinoType;

/// A read-only table whose rows are produced on demand from the session's view of the
/// catalogs or from the cluster's state.
#[async_trait]
pub trait ComputedTable: Debug + Send + Sync {
    /// The table's columns, each carrying its Trino type in the field metadata.
    fn schema(&self) -> SchemaRef;

    /// Produces every row of the table for this session.
    async fn rows(&self, session: &SessionState) -> Result<RecordBatch>;
}

/// Adapts a [`ComputedTable`] to DataFusion's [`TableProvider`].
#[derive(Debug)]
pub struct ComputedTableProvider(pub Arc<dyn ComputedTable>);

#[async_trait]
impl TableProvider for ComputedTableProvider {
    fn schema(&self) -> SchemaRef {
        self.0.schema()
    }

    fn table_type(&self) -> TableType {
        TableType::Base
    }

    async fn scan(
        &self,
        state: &dyn Session,
        projection: Option<&Vec<usize>>,
        _filters: &[Expr],
        _limit: Option<usize>,
    ) -> Result<Arc<dyn ExecutionPlan>> {
        let session = state
            .as_any()
            .downcast_ref::<SessionState>()
            .ok_or_else(|| DataFusionError::Internal("system tables need a SessionState".into()))?;
        let batch = self.0.rows(session).await?;
        let exec =
            MemorySourceConfig::try_new_exec(&[vec![batch]], self.schema(), projection.cloned())?;
        Ok(exec)
    }
}

/// Builds the schema of a computed table from `(column name, Trino type)` pairs.
///
/// Panics only if a type string written in this crate is invalid, which the tests of every
/// table catch.
pub fn schema_of(columns: &[(&str, &str)]) -> SchemaRef {
    let fields: Vec<_> = columns
        .iter()
        .map(|(name, ty)| {
            let ty = TrinoType::parse(ty)
                .unwrap_or_else(|e| panic!("invalid built-in type string {ty}: {e}"));
            ty.arrow_field(name, true)
        })
        .collect();
    Arc::new(Schema::new(fields))
}

/// Column-at-a-time builder for the rows of a computed table.
#[derive(Debug, Default)]
pub struct Columns(Vec<ArrayRef>);

impl Columns {
    /// Creates an empty builder.
    pub fn new() -> Self {
        Self::default()
    }

    /// Appends a varchar column.
    pub fn strings<S: AsRef<str>>(mut self, values: impl IntoIterator<Item = Option<S>>) -> Self {
        let array: StringArray = values.into_iter().collect();
        self.0.push(Arc::new(array));
        self
    }

    /// Appends a bigint column.
    pub fn ints(mut self, values: impl IntoIterator<Item = Option<i64>>) -> Self {
        self.0
            .push(Arc::new(values.into_iter().collect::<Int64Array>()));
        self
    }

    /// Appends a boolean column.
    pub fn bools(mut self, values: impl IntoIterator<Item = Option<bool>>) -> Self {
        self.0
            .push(Arc::new(values.into_iter().collect::<BooleanArray>()));
        self
    }

    /// Appends an already built column.
    pub fn array(mut self, array: ArrayRef) -> Self {
        self.0.push(array);
        self
    }

    /// Finishes the batch; the arrays are cast to the schema's types where they differ
    /// (for example `Utf8` into `Utf8View`).
    pub fn finish(self, schema: &SchemaRef) -> Result<RecordBatch> {
        let columns = self
            .0
            .into_iter()
            .zip(schema.fields())
            .map(|(array, field)| {
                if array.data_type() == field.data_type() {
                    Ok(array)
                } else {
                    arrow::compute::cast(&array, field.data_type()).map_err(DataFusionError::from)
                }
            })
            .collect::<Result<Vec<_>>>()?;
        Ok(RecordBatch::try_new(schema.clone(), columns)?)
    }
}
