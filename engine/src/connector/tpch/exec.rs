//! [`TpchScanExec`]: the physical plan node that generates a TPC-H table.

use std::fmt;
use std::sync::Arc;

use arrow::array::{ArrayRef, RecordBatch, RecordBatchOptions};
use arrow::compute::cast;
use arrow::datatypes::SchemaRef;
use datafusion::common::stats::Precision;
use datafusion::common::tree_node::TreeNodeRecursion;
use datafusion::common::{DataFusionError, Result, Statistics, internal_err, plan_err};
use datafusion::execution::TaskContext;
use datafusion::physical_expr::expressions::Column;
use datafusion::physical_expr::{EquivalenceProperties, PhysicalSortExpr};
use datafusion::physical_plan::coop::cooperative;
use datafusion::physical_plan::execution_plan::{Boundedness, EmissionType, SchedulingType};
use datafusion::physical_plan::stream::RecordBatchStreamAdapter;
use datafusion::physical_plan::{
    ChildrenPropertiesMode, DisplayAs, DisplayFormatType, ExecutionPlan, Partitioning,
    PhysicalExpr, PlanProperties, ReplaceChildrenOptions, SendableRecordBatchStream,
    StatisticsArgs,
};

use super::TpchTable;
use super::table::{GeneratedBatches, is_valid_scale_factor, statistics};

/// Scans a TPC-H table by generating it: partition `i` of `n` generates part
/// `i + 1` of `n` of the table with tpchgen, batch by batch as it is polled.
///
/// Its state is only what a plan codec needs to rebuild it: the table, the
/// scale factor, the projection, the partition count and the per-partition
/// row limit.
#[derive(Debug)]
pub struct TpchScanExec {
    table: TpchTable,
    scale_factor: f64,
    projection: Option<Vec<usize>>,
    partitions: usize,
    limit: Option<usize>,
    /// The projected schema.
    schema: SchemaRef,
    properties: Arc<PlanProperties>,
}

impl TpchScanExec {
    /// Scans `table` at `scale_factor`, producing the columns in `projection`
    /// (indices into [`TpchTable::schema`], all columns if `None`) from
    /// `partitions` partitions, each stopping after `limit` rows if given.
    ///
    /// Fails if the projection is out of range, the scale factor is not a
    /// positive number up to 10^12, or the table cannot be split into
    /// `partitions` parts.
    pub fn try_new(
        table: TpchTable,
        scale_factor: f64,
        projection: Option<Vec<usize>>,
        partitions: usize,
        limit: Option<usize>,
    ) -> Result<Self> {
        if !is_valid_scale_factor(scale_factor) {
            return plan_err!("invalid tpch scale factor {scale_factor}");
        }
        let max_partitions = table.max_partitions(scale_factor);
        if !(1..=max_partitions).contains(&partitions) {
            return plan_err!(
                "tpch table {} at scale factor {scale_factor} can be generated in 1 to \
                 {max_partitions} partitions, not {partitions}",
                table.name()
            );
        }
        let table_schema = table.schema();
        let schema = match &projection {
            Some(indices) => Arc::new(table_schema.project(indices).map_err(|e| {
                DataFusionError::from(e).context(format!("projecting tpch table {}", table.name()))
            })?),
            None => table_schema,
        };
        let properties = Arc::new(
            PlanProperties::new(
                Self::equivalence_properties(&schema, projection.as_deref()),
                Partitioning::UnknownPartitioning(partitions),
                EmissionType::Incremental,
                Boundedness::Bounded,
            )
            .with_scheduling_type(SchedulingType::Cooperative),
        );
        Ok(Self {
            table,
            scale_factor,
            projection,
            partitions,
            limit,
            schema,
            properties,
        })
    }

    /// Every table is generated in ascending order of its first column, its
    /// key, within each part.
    fn equivalence_properties(
        schema: &SchemaRef,
        projection: Option<&[usize]>,
    ) -> EquivalenceProperties {
        let key_position = match projection {
            Some(indices) => indices.iter().position(|&index| index == 0),
            None => Some(0),
        };
        match key_position {
            Some(position) => {
                let key = Column::new(schema.field(position).name(), position);
                let ordering = PhysicalSortExpr::new_default(Arc::new(key));
                EquivalenceProperties::new_with_orderings(Arc::clone(schema), [[ordering]])
            }
            None => EquivalenceProperties::new(Arc::clone(schema)),
        }
    }

    /// The table scanned.
    pub fn table(&self) -> TpchTable {
        self.table
    }

    /// The scale factor the table is generated at.
    pub fn scale_factor(&self) -> f64 {
        self.scale_factor
    }

    /// The table columns produced, if not all of them.
    pub fn projection(&self) -> Option<&[usize]> {
        self.projection.as_deref()
    }

    /// The number of partitions, i.e. of parts the table is generated in.
    pub fn partitions(&self) -> usize {
        self.partitions
    }

    /// The most rows each partition produces, if limited.
    pub fn limit(&self) -> Option<usize> {
        self.limit
    }

    fn partition_row_count(&self, partition: usize) -> Precision<usize> {
        let rows =
            self.table
                .partition_row_count(self.scale_factor, partition + 1, self.partitions);
        match self.limit {
            Some(limit) => rows.min(&Precision::Exact(limit)),
            None => rows,
        }
    }
}

impl DisplayAs for TpchScanExec {
    fn fmt_as(&self, t: DisplayFormatType, f: &mut fmt::Formatter) -> fmt::Result {
        let columns: Vec<&str> = self
            .schema
            .fields()
            .iter()
            .map(|f| f.name().as_str())
            .collect();
        match t {
            DisplayFormatType::Default | DisplayFormatType::Verbose => {
                write!(
                    f,
                    "TpchScanExec: table={}, scale_factor={}, partitions={}",
                    self.table.name(),
                    self.scale_factor,
                    self.partitions
                )?;
                if self.projection.is_some() {
                    write!(f, ", projection=[{}]", columns.join(", "))?;
                }
                if let Some(limit) = self.limit {
                    write!(f, ", limit={limit}")?;
                }
                Ok(())
            }
            DisplayFormatType::TreeRender => {
                writeln!(f, "table={}", self.table.name())?;
                writeln!(f, "scale_factor={}", self.scale_factor)?;
                if self.projection.is_some() {
                    writeln!(f, "projection=[{}]", columns.join(", "))?;
                }
                if let Some(limit) = self.limit {
                    writeln!(f, "limit={limit}")?;
                }
                Ok(())
            }
        }
    }
}

impl ExecutionPlan for TpchScanExec {
    fn name(&self) -> &'static str {
        "TpchScanExec"
    }

    fn properties(&self) -> &Arc<PlanProperties> {
        &self.properties
    }

    fn children(&self) -> Vec<&Arc<dyn ExecutionPlan>> {
        vec![]
    }

    fn apply_expressions(
        &self,
        _f: &mut dyn FnMut(&Arc<dyn PhysicalExpr>) -> Result<TreeNodeRecursion>,
    ) -> Result<TreeNodeRecursion> {
        Ok(TreeNodeRecursion::Continue)
    }

    fn replace_children(
        self: Arc<Self>,
        children: Vec<Arc<dyn ExecutionPlan>>,
        _options: ReplaceChildrenOptions,
    ) -> Result<Arc<dyn ExecutionPlan>> {
        if children.is_empty() {
            Ok(self)
        } else {
            internal_err!("TpchScanExec has no children, got {}", children.len())
        }
    }

    fn with_new_children(
        self: Arc<Self>,
        children: Vec<Arc<dyn ExecutionPlan>>,
    ) -> Result<Arc<dyn ExecutionPlan>> {
        self.replace_children(
            children,
            ReplaceChildrenOptions::new(ChildrenPropertiesMode::Recompute),
        )
    }

    fn execute(
        &self,
        partition: usize,
        context: Arc<TaskContext>,
    ) -> Result<SendableRecordBatchStream> {
        if partition >= self.partitions {
            return internal_err!(
                "TpchScanExec has {} partitions, asked for partition {partition}",
                self.partitions
            );
        }
        let part = i32::try_from(partition + 1)
            .map_err(|e| DataFusionError::External(Box::new(e)).context("tpch part number"))?;
        let parts = i32::try_from(self.partitions)
            .map_err(|e| DataFusionError::External(Box::new(e)).context("tpch part count"))?;
        let batch_size = context.session_config().batch_size().max(1);
        let batch_size = self
            .limit
            .map_or(batch_size, |limit| limit.clamp(1, batch_size));
        let (table, scale_factor) = (self.table, self.scale_factor);

        // Created on the first poll: the first generator builds tpchgen's text pool.
        let generated =
            std::iter::once_with(move || table.generate(scale_factor, part, parts, batch_size))
                .flatten();
        let batches = LimitedBatches {
            generated: Box::new(generated),
            remaining: self.limit,
        };
        let (schema, projection) = (Arc::clone(&self.schema), self.projection.clone());
        let output = batches.map(move |batch| {
            let batch = batch.map_err(|e| {
                DataFusionError::from(e).context(format!("generating tpch table {}", table.name()))
            })?;
            to_output(&batch, &schema, projection.as_deref())
        });
        let stream = futures::stream::iter(output);
        Ok(Box::pin(cooperative(RecordBatchStreamAdapter::new(
            Arc::clone(&self.schema),
            stream,
        ))))
    }

    fn statistics_from_inputs(
        &self,
        _input_stats: &[Arc<Statistics>],
        args: &StatisticsArgs,
    ) -> Result<Arc<Statistics>> {
        let num_rows = match args.partition() {
            Some(partition) if partition >= self.partitions => {
                return internal_err!(
                    "TpchScanExec has {} partitions, asked for statistics of partition {partition}",
                    self.partitions
                );
            }
            Some(partition) => self.partition_row_count(partition),
            None if self.limit.is_none() => self.table.row_count(self.scale_factor),
            None => (0..self.partitions)
                .map(|partition| self.partition_row_count(partition))
                .fold(Precision::Exact(0), |total, rows| total.add(&rows)),
        };
        Ok(Arc::new(statistics(num_rows, &self.schema)))
    }
}

/// Turns a generated batch into one of the scan's `schema`: the `projection`
/// of its columns, decimals cast to doubles, Trino's column names.
fn to_output(
    batch: &RecordBatch,
    schema: &SchemaRef,
    projection: Option<&[usize]>,
) -> Result<RecordBatch> {
    let columns = schema
        .fields()
        .iter()
        .enumerate()
        .map(|(position, field)| {
            let column = batch.column(projection.map_or(position, |p| p[position]));
            if column.data_type() == field.data_type() {
                Ok(Arc::clone(column))
            } else {
                cast(column, field.data_type())
            }
        })
        .collect::<Result<Vec<ArrayRef>, _>>()?;
    let options = RecordBatchOptions::new().with_row_count(Some(batch.num_rows()));
    Ok(RecordBatch::try_new_with_options(
        Arc::clone(schema),
        columns,
        &options,
    )?)
}

/// Generated batches, cut off after `remaining` rows if set.
struct LimitedBatches {
    generated: GeneratedBatches,
    remaining: Option<usize>,
}

impl Iterator for LimitedBatches {
    type Item = <GeneratedBatches as Iterator>::Item;

    fn next(&mut self) -> Option<Self::Item> {
        if self.remaining == Some(0) {
            return None;
        }
        let batch = self.generated.next()?;
        let Some(remaining) = self.remaining.as_mut() else {
            return Some(batch);
        };
        Some(batch.map(|batch| {
            let rows = batch.num_rows().min(*remaining);
            *remaining -= rows;
            batch.slice(0, rows)
        }))
    }
}
