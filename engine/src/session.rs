//! Builds the DataFusion session that runs one Trino query.

use std::sync::Arc;

use datafusion::catalog::CatalogProviderList;
use datafusion::execution::SessionStateBuilder;
use datafusion::execution::disk_manager::{DiskManagerBuilder, DiskManagerMode};
use datafusion::execution::runtime_env::{RuntimeEnv, RuntimeEnvBuilder};
use datafusion::execution::{FunctionRegistry, SessionState};
use datafusion::optimizer::analyzer::type_coercion::TypeCoercion;
use datafusion::optimizer::{Analyzer, AnalyzerRule};
use datafusion::prelude::SessionConfig;

use crate::functions::aggregate::trino_aggregates;
use crate::functions::datetime::datetime_functions;
use crate::functions::lambda::lambda_functions;
use crate::functions::session::session_functions;
use crate::functions::string::TrinoExprPlanner;
use crate::functions::trino_functions;
use crate::sql::plan::{TrinoArithmetic, TrinoSemantics};

/// Catalog name DataFusion resolves unqualified names against when the Trino session has
/// no catalog; no catalog has this name, so such names fail to resolve.
const NO_CATALOG: &str = "$no_catalog";
/// Schema counterpart of [`NO_CATALOG`].
const NO_SCHEMA: &str = "$no_schema";

/// DataFusion's analyzer rules with Trino's: decimal arithmetic goes before type coercion
/// (coercion must see Trino's decimal types), the other semantics after it.
fn analyzer_rules() -> Vec<Arc<dyn AnalyzerRule + Send + Sync>> {
    let mut rules = Analyzer::new().rules;
    let coercion = rules
        .iter()
        .position(|rule| rule.name() == TypeCoercion::new().name())
        .unwrap_or(rules.len());
    rules.insert(coercion, Arc::new(TrinoArithmetic::default()));
    rules.push(Arc::new(TrinoSemantics::default()));
    rules
}

/// What a query knows about its Trino session.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SessionInfo {
    /// Session user.
    pub user: String,
    /// Session catalog (`X-Trino-Catalog`, `USE`).
    pub catalog: Option<String>,
    /// Session schema.
    pub schema: Option<String>,
    /// Session time zone id (`X-Trino-Time-Zone`), e.g. `UTC` or `America/New_York`.
    pub time_zone: String,
}

/// The shared, long-lived part of query execution: catalogs and runtime.
#[derive(Debug, Clone)]
pub struct Engine {
    catalogs: Arc<dyn CatalogProviderList>,
    runtime: Arc<RuntimeEnv>,
    query_memory_limit: Option<usize>,
    version: String,
}

impl Engine {
    /// Creates an engine over `catalogs`; `version` is what `version()` answers.
    pub fn new(catalogs: Arc<dyn CatalogProviderList>, version: impl Into<String>) -> Self {
        Self {
            catalogs,
            runtime: Arc::new(RuntimeEnv::default()),
            query_memory_limit: None,
            version: version.into(),
        }
    }

    /// Limits the memory each query may reserve (Trino's `query.max-memory`); a query that
    /// needs more fails instead of growing the process. Spilling to disk is off, as in Trino
    /// by default, so the limit fails the query rather than slowing it down.
    pub fn with_query_memory_limit(mut self, bytes: Option<u64>) -> Self {
        self.query_memory_limit = bytes.map(|b| usize::try_from(b).unwrap_or(usize::MAX));
        self
    }

    /// The runtime of one query: the shared one, or one with the query's own memory pool.
    fn runtime(&self) -> Arc<RuntimeEnv> {
        let Some(limit) = self.query_memory_limit else {
            return self.runtime.clone();
        };
        RuntimeEnvBuilder::from_runtime_env(&self.runtime)
            .with_memory_limit(limit, 1.0)
            .with_disk_manager_builder(DiskManagerBuilder::default().with_mode(DiskManagerMode::Disabled))
            .build_arc()
            .unwrap_or_else(|error| {
                tracing::warn!(%error, "cannot build a memory-limited runtime; using the shared one");
                self.runtime.clone()
            })
    }

    /// Every catalog of the server.
    pub fn catalogs(&self) -> &Arc<dyn CatalogProviderList> {
        &self.catalogs
    }

    /// A DataFusion session state for one query of the given Trino session.
    pub fn session_state(&self, info: &SessionInfo) -> SessionState {
        let mut config = SessionConfig::new()
            .with_information_schema(false)
            .with_create_default_catalog_and_schema(false)
            .with_default_catalog_and_schema(
                info.catalog.as_deref().unwrap_or(NO_CATALOG),
                info.schema.as_deref().unwrap_or(NO_SCHEMA),
            );
        let options = config.options_mut();
        options.sql_parser.parse_float_as_decimal = true;
        options.sql_parser.collect_spans = true;
        options.execution.time_zone = Some(info.time_zone.clone());
        let mut builder = SessionStateBuilder::new()
            .with_config(config)
            .with_runtime_env(self.runtime())
            .with_catalog_list(self.catalogs.clone())
            .with_default_features()
            .with_analyzer_rules(analyzer_rules());
        // Trino's SUBSTRING/POSITION syntax goes to Trino's functions: planners are asked in
        // order, so this one comes before DataFusion's.
        builder
            .expr_planners()
            .get_or_insert_with(Vec::new)
            .insert(0, Arc::new(TrinoExprPlanner));
        let mut state = builder.build();
        for udf in trino_functions()
            .into_iter()
            .chain(session_functions(info, &self.version))
            .chain(datetime_functions(&info.time_zone))
        {
            // Replacing a built-in of the same name is intended (DataFusion has `version()`).
            let _ = state.register_udf(Arc::new(udf));
        }
        // Trino's `array_sort` takes an optional comparator lambda: it is a higher-order
        // function, which the planner only finds when no scalar function has the name.
        // The same holds for `regexp_replace(s, pattern, function)`.
        let _ = state.deregister_udf("array_sort");
        let _ = state.deregister_udf("regexp_replace");
        for function in lambda_functions() {
            let _ = state.register_higher_order_function(Arc::new(function));
        }
        for udaf in trino_aggregates() {
            // Some replace DataFusion's built-in with the same function under more names.
            let _ = state.register_udaf(Arc::new(udaf));
        }
        state
    }
}
