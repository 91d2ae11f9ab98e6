//! Runs one Trino statement: session statements are answered here, queries, DDL and DML
//! are planned and executed by DataFusion.

use std::collections::HashSet;
use std::ops::ControlFlow;
use std::sync::Arc;

use arrow::array::RecordBatch;
use arrow::datatypes::SchemaRef;
use axum::http::HeaderName;
use datafusion::catalog::TableProvider;
use datafusion::common::TableReference;
use datafusion::execution::SessionState;
use datafusion::logical_expr::{DdlStatement, LogicalPlan, WriteOp};
use datafusion::physical_plan::stream::RecordBatchStreamAdapter;
use datafusion::physical_plan::{ExecutionPlanProperties, SendableRecordBatchStream};
use datafusion::prelude::SessionContext;
use datafusion::sql::parser::Statement as DfStatement;
use datafusion::sql::sqlparser::ast::{
    DateTimeField, Expr, Function, FunctionArg, FunctionArgExpr, FunctionArguments, Ident,
    Interval, ObjectName, Query as AstQuery, SelectItem, SetExpr, Statement, Value, Visit, Visitor,
};
use engine::connector::listing::{self, HIDDEN_COLUMN_METADATA_KEY};
use engine::connector::table::{Columns, schema_of};
use engine::functions::listing::function_listing;
use engine::sql::parser::{
    SqlLocation, TransactionModes, TrinoStatement, normalize, parse_statement,
};
use engine::sql::plan::type_integer_literals;
use engine::sql::rewrite::{
    bind_parameters, count_parameters, expand_wildcards_without_hidden, name_output_columns,
    number_parameters, special_forms,
};
use engine::sql::types::trino_types;
use protocol::headers::{self, encode_name_value, url_encode};
use protocol::{ErrorCode, TrinoType};

use crate::context::ServerContext;
use crate::error::TrinoError;
use crate::session::{Session, TIME_ZONE_ID, normalize_time_zone};
use crate::session_properties::{self, PROPERTIES};

/// What a statement produced.
pub enum Outcome {
    /// Rows, streamed.
    Rows {
        /// Output schema; field metadata carries Trino types.
        schema: SchemaRef,
        /// The rows.
        stream: SendableRecordBatchStream,
        /// Number of partitions (splits) producing them.
        partitions: usize,
    },
    /// A statement without output rows (DDL, session statements).
    Update {
        /// Trino's `updateType`.
        update_type: &'static str,
        /// Session-changing response headers.
        headers: Vec<(HeaderName, String)>,
    },
    /// A write that reports how many rows it wrote.
    RowCount {
        /// Trino's `updateType`.
        update_type: &'static str,
        /// Rows written.
        count: u64,
    },
}

impl std::fmt::Debug for Outcome {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Outcome::Rows { schema, .. } => f.debug_struct("Rows").field("schema", schema).finish(),
            Outcome::Update { update_type, .. } => f
                .debug_struct("Update")
                .field("update_type", update_type)
                .finish(),
            Outcome::RowCount { update_type, count } => f
                .debug_struct("RowCount")
                .field("update_type", update_type)
                .field("count", count)
                .finish(),
        }
    }
}

type Result<T> = std::result::Result<T, TrinoError>;

/// Executes statements for one session.
pub struct Executor<'a> {
    ctx: &'a ServerContext,
    session: &'a Session,
}

impl<'a> Executor<'a> {
    /// An executor for `session`.
    pub fn new(ctx: &'a ServerContext, session: &'a Session) -> Self {
        Self { ctx, session }
    }

    /// Parses and runs `sql`.
    pub async fn run_sql(&self, sql: &str) -> Result<Outcome> {
        let statement = self.parse(sql)?;
        self.run(statement).await
    }

    /// Parses and plans `sql` exactly as [`Executor::run_sql`] would, without executing
    /// anything: the Trino rewrites, DataFusion's logical planning, its analyzer and
    /// optimizer, and for queries the physical plan. Returns the optimized logical plan, or
    /// `None` for the statements the coordinator answers without DataFusion (session and
    /// metadata statements, `CALL`), which are only parsed. A failure is Trino's error.
    pub async fn plan_sql(&self, sql: &str) -> Result<Option<LogicalPlan>> {
        let statement = self.parse(sql)?;
        self.plan(statement).await
    }

    /// Parses one statement for this session; `?` outside `EXECUTE ... USING` has no value
    /// to bind and is refused.
    fn parse(&self, sql: &str) -> Result<TrinoStatement> {
        self.validate_session()?;
        let statement = parse_statement(sql)?;
        if let TrinoStatement::Sql(statement) = &statement {
            let expected = count_parameters(statement);
            if expected > 0 {
                return Err(TrinoError::new(
                    ErrorCode::InvalidParameterUsage,
                    format!("Incorrect number of parameters: expected {expected} but found 0"),
                ));
            }
        }
        Ok(statement)
    }

    /// The planning half of [`Executor::run`]; see [`Executor::plan_sql`].
    fn plan(
        &'a self,
        statement: TrinoStatement,
    ) -> futures::future::BoxFuture<'a, Result<Option<LogicalPlan>>> {
        Box::pin(async move {
            let (sql, parameters, origin) = match statement {
                TrinoStatement::Sql(statement) => return self.plan_statement(*statement).await,
                TrinoStatement::Execute { name, parameters } => {
                    (self.prepared(&name)?, parameters, None)
                }
                TrinoStatement::ExecuteImmediate {
                    sql,
                    location,
                    parameters,
                } => (sql, parameters, Some(location)),
                _ => return Ok(None),
            };
            let shift = |e: TrinoError| match origin {
                Some(origin) => e.shifted(origin),
                None => e,
            };
            let statement = self.bind_prepared(&sql, &parameters).map_err(shift)?;
            self.plan(statement).await.map_err(shift)
        })
    }

    /// Plans a statement DataFusion understands down to the plans [`Executor::run_plan`]
    /// would execute.
    async fn plan_statement(&self, statement: Statement) -> Result<Option<LogicalPlan>> {
        if let Statement::Call(_) = &statement {
            return Ok(None);
        }
        let (state, plan) = self.logical_plan(statement).await?;
        let optimized = state.optimize(&plan)?;
        if !matches!(
            optimized,
            LogicalPlan::Ddl(_)
                | LogicalPlan::Dml(_)
                | LogicalPlan::Statement(_)
                | LogicalPlan::Copy(_)
                | LogicalPlan::DescribeTable(_)
        ) {
            state
                .query_planner()
                .create_physical_plan(&optimized, &state)
                .await?;
        }
        Ok(Some(optimized))
    }

    fn validate_session(&self) -> Result<()> {
        for (name, value) in &self.session.properties {
            session_properties::validate(name, value)
                .map_err(|e| TrinoError::new(ErrorCode::InvalidSessionProperty, e.to_string()))?;
        }
        if let Some((catalog, properties)) = self.session.catalog_properties.iter().next() {
            let name = properties
                .keys()
                .next()
                .map_or(String::new(), |p| format!("{catalog}.{p}"));
            return Err(TrinoError::new(
                ErrorCode::InvalidSessionProperty,
                format!("Session property '{name}' does not exist"),
            ));
        }
        if let Some(id) = &self.session.transaction_id
            && !self.ctx.transactions.lock().contains_key(id)
        {
            return Err(TrinoError::new(
                ErrorCode::UnknownTransaction,
                format!(
                    "Unknown transaction ID: {id}. Possibly expired? Commands ignored until end of transaction block"
                ),
            ));
        }
        Ok(())
    }

    fn run(&'a self, statement: TrinoStatement) -> futures::future::BoxFuture<'a, Result<Outcome>> {
        Box::pin(async move {
            match statement {
                TrinoStatement::Sql(statement) => self.sql(*statement).await,
                TrinoStatement::Use { catalog, schema } => self.use_schema(catalog, schema),
                TrinoStatement::SetSession { name, value } => self.set_session(name, value),
                TrinoStatement::ResetSession { name } => self.reset_session(name),
                TrinoStatement::ShowSession { like } => self.show_session(like.as_deref()),
                TrinoStatement::ShowCatalogs { like } => {
                    self.generated(&format!(
                        "SELECT catalog_name AS \"Catalog\" FROM system.metadata.catalogs{} ORDER BY 1",
                        like_filter("catalog_name", like.as_deref(), "WHERE")
                    ))
                    .await
                }
                TrinoStatement::ShowSchemas { catalog, like } => {
                    let catalog = match catalog {
                        Some(c) => normalize(&c),
                        None => self.session_catalog(None)?,
                    };
                    self.require_catalog(&catalog, None)?;
                    self.generated(&format!(
                        "SELECT schema_name AS \"Schema\" FROM {}.information_schema.schemata{} ORDER BY 1",
                        quote_ident(&catalog),
                        like_filter("schema_name", like.as_deref(), "WHERE")
                    ))
                    .await
                }
                TrinoStatement::ShowTables { schema, like } => self.show_tables(schema, like).await,
                TrinoStatement::ShowColumns { table } => self.show_columns(&table).await,
                TrinoStatement::ShowFunctions { like } => self.show_functions(like.as_deref()),
                TrinoStatement::ShowCreateTable { table } => self.show_create(&table, false).await,
                TrinoStatement::ShowCreateView { view } => self.show_create(&view, true).await,
                TrinoStatement::ShowCreateSchema { schema } => self.show_create_schema(&schema),
                TrinoStatement::Prepare { name, sql } => Ok(Outcome::Update {
                    update_type: "PREPARE",
                    headers: vec![header(headers::X_TRINO_ADDED_PREPARE, encode_name_value(&name, &sql))],
                }),
                TrinoStatement::Execute { name, parameters } => {
                    let sql = self.prepared(&name)?;
                    self.execute_prepared(&sql, &parameters, None).await
                }
                TrinoStatement::ExecuteImmediate { sql, location, parameters } => {
                    self.execute_prepared(&sql, &parameters, Some(location)).await
                }
                TrinoStatement::Deallocate { name } => {
                    self.prepared(&name)?;
                    Ok(Outcome::Update {
                        update_type: "DEALLOCATE",
                        headers: vec![header(headers::X_TRINO_DEALLOCATED_PREPARE, url_encode(&name))],
                    })
                }
                TrinoStatement::DescribeInput { name } => self.describe_input(&name).await,
                TrinoStatement::DescribeOutput { name } => self.describe_output(&name).await,
                TrinoStatement::StartTransaction(modes) => self.start_transaction(modes),
                TrinoStatement::Commit => self.end_transaction("COMMIT"),
                TrinoStatement::Rollback => self.end_transaction("ROLLBACK"),
                TrinoStatement::SetRole { role, catalog } => Ok(Outcome::Update {
                    update_type: "SET ROLE",
                    headers: vec![header(
                        headers::X_TRINO_SET_ROLE,
                        encode_name_value(catalog.as_deref().unwrap_or("system"), &role),
                    )],
                }),
                TrinoStatement::SetTimeZone { zone } => self.set_time_zone(zone.as_ref()),
                TrinoStatement::SetPath { path } => Ok(Outcome::Update {
                    update_type: "SET PATH",
                    headers: vec![header(headers::X_TRINO_SET_PATH, path)],
                }),
            }
        })
    }

    fn state(&self) -> SessionState {
        self.ctx.engine.session_state(&self.session.info())
    }

    /// Plans and runs a statement DataFusion understands.
    async fn sql(&self, statement: Statement) -> Result<Outcome> {
        if let Statement::Call(procedure) = &statement {
            return self.call(procedure);
        }
        let is_ctas = matches!(&statement, Statement::CreateTable(ct) if ct.query.is_some());
        let (state, plan) = self.logical_plan(statement).await?;
        self.run_plan(state, plan, is_ctas).await
    }

    /// Applies the Trino rewrites to `statement` and plans it with DataFusion: the logical
    /// plan (before analysis) of a query, DDL or DML statement, and the state to run it in.
    async fn logical_plan(&self, mut statement: Statement) -> Result<(SessionState, LogicalPlan)> {
        self.prepare_statement(&mut statement).await?;
        let state = self.state();
        let plan = state
            .statement_to_plan(DfStatement::Statement(Box::new(statement)))
            .await?;
        let plan = type_integer_literals(plan)?;
        Ok((state, plan))
    }

    async fn run_plan(
        &self,
        state: SessionState,
        plan: LogicalPlan,
        is_ctas: bool,
    ) -> Result<Outcome> {
        let write_target = match &plan {
            LogicalPlan::Ddl(ddl) => ddl_target(ddl),
            LogicalPlan::Dml(dml) => Some(dml.table_name.catalog().unwrap_or_default().to_string()),
            _ => None,
        };
        if let (Some(catalog), Some(_)) = (&write_target, &self.session.transaction_id) {
            let catalog = if catalog.is_empty() {
                self.session.catalog.clone().unwrap_or_default()
            } else {
                catalog.clone()
            };
            return Err(TrinoError::new(
                ErrorCode::NotSupported,
                format!("Catalog only supports writes using autocommit: {catalog}"),
            ));
        }
        let context = SessionContext::new_with_state(state);
        match &plan {
            LogicalPlan::Ddl(ddl) => {
                let update_type = ddl_update_type(ddl);
                let created = match ddl {
                    DdlStatement::CreateMemoryTable(create) if is_ctas => Some(create.name.clone()),
                    _ => None,
                };
                context
                    .execute_logical_plan(plan)
                    .await
                    .map_err(|e| ddl_error(e, update_type))?
                    .collect()
                    .await?;
                match created {
                    Some(name) => {
                        let count = context.table(name).await?.count().await?;
                        Ok(Outcome::RowCount {
                            update_type,
                            count: count as u64,
                        })
                    }
                    None => Ok(Outcome::Update {
                        update_type,
                        headers: vec![],
                    }),
                }
            }
            LogicalPlan::Dml(dml) => {
                let update_type = match dml.op {
                    WriteOp::Insert(_) => "INSERT",
                    WriteOp::Delete => "DELETE",
                    WriteOp::Update => "UPDATE",
                    WriteOp::MergeInto(_) => "MERGE",
                    WriteOp::Ctas => "CREATE TABLE",
                    WriteOp::Truncate => "TRUNCATE TABLE",
                    _ => {
                        return Err(TrinoError::new(
                            ErrorCode::NotSupported,
                            format!("This statement is not supported: {}", dml.op),
                        ));
                    }
                };
                let batches = context.execute_logical_plan(plan).await?.collect().await?;
                Ok(Outcome::RowCount {
                    update_type,
                    count: written_rows(&batches),
                })
            }
            LogicalPlan::Statement(_) | LogicalPlan::Copy(_) | LogicalPlan::DescribeTable(_) => {
                Err(TrinoError::new(
                    ErrorCode::NotSupported,
                    "This statement is not supported",
                ))
            }
            _ => {
                let frame = context.execute_logical_plan(plan).await?;
                let physical = frame.create_physical_plan().await?;
                // The analyzed types (Trino's decimal arithmetic, for one), not the planner's.
                let schema = physical.schema();
                let partitions = physical.output_partitioning().partition_count();
                let stream =
                    datafusion::physical_plan::execute_stream(physical, context.task_ctx())?;
                Ok(Outcome::Rows {
                    schema,
                    stream,
                    partitions,
                })
            }
        }
    }

    /// Runs generated SQL (the `SHOW` statements are rewritten into queries, as in Trino).
    async fn generated(&self, sql: &str) -> Result<Outcome> {
        let statement = parse_statement(sql)?;
        match statement {
            TrinoStatement::Sql(statement) => self.sql(*statement).await,
            other => self.run(other).await,
        }
    }

    /// Checks the relations of a statement and applies the AST rewrites that give Trino's
    /// semantics: hidden columns, special forms, output column names.
    async fn prepare_statement(&self, statement: &mut Statement) -> Result<()> {
        let hidden = self.check_relations(statement).await?;
        expand_wildcards_without_hidden(statement, &|name| {
            hidden
                .iter()
                .find(|(n, _)| n == name)
                .map(|(_, columns)| columns.clone())
        });
        special_forms(statement);
        trino_types(statement)
            .map_err(|e| TrinoError::new(ErrorCode::InvalidLiteral, e.message))?;
        name_output_columns(statement);
        Ok(())
    }

    /// Trino's messages for relations that do not exist, with their positions (DataFusion
    /// would only say "table not found"); returns the visible columns of every relation
    /// that has hidden columns.
    async fn check_relations(
        &self,
        statement: &Statement,
    ) -> Result<Vec<(ObjectName, Vec<String>)>> {
        let names = match statement {
            Statement::Query(_) | Statement::Insert(_) | Statement::Explain { .. } => {
                relations(statement)
            }
            Statement::CreateTable(ct) => match &ct.query {
                Some(query) => relations(query.as_ref()),
                None => return Ok(vec![]),
            },
            Statement::CreateView(view) => relations(view.query.as_ref()),
            _ => return Ok(vec![]),
        };
        let mut hidden = Vec::new();
        for name in names {
            let (_, provider) = self.require_table(&name).await?;
            let schema = provider.schema();
            if schema
                .fields()
                .iter()
                .any(|f| f.metadata().contains_key(HIDDEN_COLUMN_METADATA_KEY))
            {
                let visible = listing::columns(provider.as_ref())
                    .into_iter()
                    .map(|c| c.name)
                    .collect();
                hidden.push((name, visible));
            }
        }
        Ok(hidden)
    }

    /// Resolves a (1 to 3 part) table name against the session, as Trino does.
    fn qualify(&self, name: &ObjectName) -> Result<(String, String, String, Option<SqlLocation>)> {
        let parts: Vec<Ident> = name
            .0
            .iter()
            .filter_map(|p| p.as_ident().cloned())
            .collect();
        let location = parts
            .first()
            .map(|i| SqlLocation::from(i.span.start))
            .filter(|l| l.line > 0);
        let names: Vec<String> = parts.iter().map(normalize).collect();
        match names.as_slice() {
            [table] => Ok((
                self.session_catalog(location)?,
                self.session_schema(location)?,
                table.clone(),
                location,
            )),
            [schema, table] => Ok((
                self.session_catalog(location)?,
                schema.clone(),
                table.clone(),
                location,
            )),
            [catalog, schema, table] => {
                Ok((catalog.clone(), schema.clone(), table.clone(), location))
            }
            _ => Err(TrinoError::at(
                ErrorCode::SyntaxError,
                location,
                format!("Too many dots in table name: {name}"),
            )),
        }
    }

    fn session_catalog(&self, location: Option<SqlLocation>) -> Result<String> {
        self.session.catalog.clone().ok_or_else(|| {
            TrinoError::at(
                ErrorCode::MissingCatalogName,
                location,
                "Catalog must be specified when session catalog is not set",
            )
        })
    }

    fn session_schema(&self, location: Option<SqlLocation>) -> Result<String> {
        self.session.schema.clone().ok_or_else(|| {
            TrinoError::at(
                ErrorCode::MissingSchemaName,
                location,
                "Schema must be specified when session schema is not set",
            )
        })
    }

    fn require_catalog(&self, catalog: &str, location: Option<SqlLocation>) -> Result<()> {
        if self.ctx.engine.catalogs().catalog(catalog).is_none() {
            return Err(TrinoError::at(
                ErrorCode::CatalogNotFound,
                location,
                format!("Catalog '{catalog}' not found"),
            ));
        }
        Ok(())
    }

    fn require_schema(
        &self,
        catalog: &str,
        schema: &str,
        location: Option<SqlLocation>,
    ) -> Result<()> {
        self.require_catalog(catalog, location)?;
        let exists = self
            .ctx
            .engine
            .catalogs()
            .catalog(catalog)
            .is_some_and(|c| c.schema(schema).is_some());
        if !exists {
            return Err(TrinoError::at(
                ErrorCode::SchemaNotFound,
                location,
                format!("Schema '{schema}' does not exist"),
            ));
        }
        Ok(())
    }

    /// Resolves a table name and returns its three parts and provider, or Trino's error.
    async fn require_table(
        &self,
        name: &ObjectName,
    ) -> Result<((String, String, String), Arc<dyn TableProvider>)> {
        let (catalog, schema, table, location) = self.qualify(name)?;
        self.require_schema(&catalog, &schema, location)?;
        match listing::table(
            self.ctx.engine.catalogs().as_ref(),
            &catalog,
            &schema,
            &table,
        )
        .await?
        {
            Some(provider) => Ok(((catalog, schema, table), provider)),
            None => Err(TrinoError::at(
                ErrorCode::TableNotFound,
                location,
                format!("Table '{catalog}.{schema}.{table}' does not exist"),
            )),
        }
    }

    /// `CALL procedure(...)`; the system procedures this server has.
    fn call(&self, procedure: &Function) -> Result<Outcome> {
        let name = procedure.name.to_string().to_lowercase();
        if name != "system.runtime.kill_query" {
            return Err(TrinoError::new(
                ErrorCode::ProcedureNotFound,
                format!("Procedure not registered: {name}"),
            ));
        }
        let FunctionArguments::List(list) = &procedure.args else {
            return Err(TrinoError::new(
                ErrorCode::InvalidProcedureArgument,
                "kill_query takes query_id and message",
            ));
        };
        let mut query_id = None;
        let mut message = None;
        for (position, arg) in list.args.iter().enumerate() {
            let (name, value) = match arg {
                FunctionArg::Named {
                    name,
                    arg: FunctionArgExpr::Expr(value),
                    ..
                } => (normalize(name), value),
                FunctionArg::Unnamed(FunctionArgExpr::Expr(value)) => {
                    let name = if position == 0 { "query_id" } else { "message" };
                    (name.to_string(), value)
                }
                _ => continue,
            };
            match name.as_str() {
                "query_id" => query_id = literal_text(value),
                "message" => message = literal_text(value),
                other => {
                    return Err(TrinoError::new(
                        ErrorCode::InvalidProcedureArgument,
                        format!("Unknown argument name: {other}"),
                    ));
                }
            }
        }
        let query_id = query_id.ok_or_else(|| {
            TrinoError::new(
                ErrorCode::InvalidProcedureArgument,
                "query_id cannot be null",
            )
        })?;
        let target = self.ctx.queries.get(&query_id).ok_or_else(|| {
            TrinoError::new(
                ErrorCode::NotFound,
                format!("Target query not found: {query_id}"),
            )
        })?;
        let text = match message {
            Some(m) => format!("Query killed. Message: {m}"),
            None => "Query killed. No message provided.".to_string(),
        };
        target.fail(TrinoError::new(ErrorCode::AdministrativelyKilled, text));
        Ok(Outcome::Update {
            update_type: "CALL",
            headers: vec![],
        })
    }

    fn use_schema(&self, catalog: Option<Ident>, schema: Ident) -> Result<Outcome> {
        let location = Some(SqlLocation::from(schema.span.start)).filter(|l| l.line > 0);
        let (catalog, set_catalog) = match &catalog {
            Some(c) => (normalize(c), true),
            None => (self.session_catalog(location)?, false),
        };
        let schema = normalize(&schema);
        self.require_schema(&catalog, &schema, location)?;
        let mut headers = Vec::new();
        if set_catalog {
            headers.push(header(headers::X_TRINO_SET_CATALOG, catalog));
        }
        headers.push(header(headers::X_TRINO_SET_SCHEMA, schema));
        Ok(Outcome::Update {
            update_type: "USE",
            headers,
        })
    }

    fn set_session(&self, name: String, value: Expr) -> Result<Outcome> {
        let text = literal_text(&value).ok_or_else(|| {
            TrinoError::new(
                ErrorCode::InvalidSessionProperty,
                format!("Session property {name} must be set to a literal"),
            )
        })?;
        session_properties::validate(&name, &text)
            .map_err(|e| TrinoError::new(ErrorCode::InvalidSessionProperty, e.to_string()))?;
        Ok(Outcome::Update {
            update_type: "SET SESSION",
            headers: vec![header(
                headers::X_TRINO_SET_SESSION,
                encode_name_value(&name, &text),
            )],
        })
    }

    /// `SET TIME ZONE LOCAL | 'zone' | INTERVAL ...`: answered with the `time_zone_id`
    /// session property, as Trino does. `LOCAL` is the server's zone (UTC).
    fn set_time_zone(&self, zone: Option<&Expr>) -> Result<Outcome> {
        let zone = match zone {
            None => "UTC".to_string(),
            Some(expr) => {
                let text = match expr {
                    Expr::Interval(interval) => interval_offset(interval)?,
                    other => literal_text(other)
                        .filter(|_| !matches!(other, Expr::Value(v) if matches!(v.value, Value::Number(..))))
                        .ok_or_else(|| {
                            TrinoError::new(
                                ErrorCode::TypeMismatch,
                                format!(
                                    "Expected expression of varchar or interval day-time type, but '{other}' has another type"
                                ),
                            )
                        })?,
                };
                normalize_time_zone(&text).ok_or_else(|| {
                    TrinoError::new(
                        ErrorCode::InvalidFunctionArgument,
                        format!("Time zone not supported: {text}"),
                    )
                })?
            }
        };
        Ok(Outcome::Update {
            update_type: "SET TIME ZONE",
            headers: vec![header(
                headers::X_TRINO_SET_SESSION,
                encode_name_value(TIME_ZONE_ID, &zone),
            )],
        })
    }

    fn reset_session(&self, name: String) -> Result<Outcome> {
        if session_properties::find(&name).is_none() {
            return Err(TrinoError::new(
                ErrorCode::InvalidSessionProperty,
                format!("Session property '{name}' does not exist"),
            ));
        }
        Ok(Outcome::Update {
            update_type: "RESET SESSION",
            headers: vec![header(headers::X_TRINO_CLEAR_SESSION, name)],
        })
    }

    fn show_session(&self, like: Option<&str>) -> Result<Outcome> {
        let schema = schema_of(&[
            ("Name", "varchar"),
            ("Value", "varchar"),
            ("Default", "varchar"),
            ("Type", "varchar"),
            ("Description", "varchar"),
        ]);
        let rows: Vec<_> = PROPERTIES
            .iter()
            .filter(|p| like.is_none_or(|pattern| like_matches(pattern, p.name)))
            .collect();
        let value = |name: &str, default: &str| -> String {
            match name {
                "time_zone_id" => self.session.time_zone.clone(),
                _ => self
                    .session
                    .properties
                    .get(name)
                    .cloned()
                    .unwrap_or_else(|| default.to_string()),
            }
        };
        let batch = Columns::new()
            .strings(rows.iter().map(|p| Some(p.name)))
            .strings(rows.iter().map(|p| Some(value(p.name, p.default))))
            .strings(rows.iter().map(|p| Some(p.default)))
            .strings(rows.iter().map(|p| Some(p.type_name())))
            .strings(rows.iter().map(|p| Some(p.description)))
            .finish(&schema)?;
        Ok(rows_of(batch))
    }

    async fn show_tables(
        &self,
        schema: Option<ObjectName>,
        like: Option<String>,
    ) -> Result<Outcome> {
        let (catalog, schema) = match &schema {
            Some(name) => {
                let parts: Vec<String> = name
                    .0
                    .iter()
                    .filter_map(|p| p.as_ident().map(normalize))
                    .collect();
                let location = name
                    .0
                    .first()
                    .and_then(|p| p.as_ident())
                    .map(|i| SqlLocation::from(i.span.start));
                match parts.as_slice() {
                    [schema] => (self.session_catalog(location)?, schema.clone()),
                    [catalog, schema] => (catalog.clone(), schema.clone()),
                    _ => {
                        return Err(TrinoError::at(
                            ErrorCode::SyntaxError,
                            location,
                            format!("Too many parts in schema name: {name}"),
                        ));
                    }
                }
            }
            None => (self.session_catalog(None)?, self.session_schema(None)?),
        };
        self.require_schema(&catalog, &schema, None)?;
        self.generated(&format!(
            "SELECT table_name AS \"Table\" FROM {}.information_schema.tables WHERE table_schema = {}{} ORDER BY 1",
            quote_ident(&catalog),
            quote_literal(&schema),
            like_filter("table_name", like.as_deref(), "AND")
        ))
        .await
    }

    async fn show_columns(&self, table: &ObjectName) -> Result<Outcome> {
        let ((catalog, schema, table), _) = self.require_table(table).await?;
        self.generated(&format!(
            "SELECT column_name AS \"Column\", data_type AS \"Type\", extra_info AS \"Extra\", comment AS \"Comment\" \
             FROM {}.information_schema.columns WHERE table_schema = {} AND table_name = {} ORDER BY ordinal_position",
            quote_ident(&catalog),
            quote_literal(&schema),
            quote_literal(&table)
        ))
        .await
    }

    fn show_functions(&self, like: Option<&str>) -> Result<Outcome> {
        let mut functions = function_listing(&self.state());
        functions.retain(|f| like.is_none_or(|pattern| like_matches(pattern, &f.name)));
        let schema = schema_of(&[
            ("Function", "varchar"),
            ("Return Type", "varchar"),
            ("Argument Types", "varchar"),
            ("Function Type", "varchar"),
            ("Deterministic", "boolean"),
            ("Description", "varchar"),
        ]);
        let batch = Columns::new()
            .strings(functions.iter().map(|f| Some(&f.name)))
            .strings(functions.iter().map(|f| Some(&f.return_type)))
            .strings(functions.iter().map(|f| Some(&f.argument_types)))
            .strings(functions.iter().map(|f| Some(f.kind)))
            .bools(functions.iter().map(|f| Some(f.deterministic)))
            .strings(functions.iter().map(|f| Some(&f.description)))
            .finish(&schema)?;
        Ok(rows_of(batch))
    }

    async fn show_create(&self, name: &ObjectName, view: bool) -> Result<Outcome> {
        let ((catalog, schema, table), provider) = self.require_table(name).await?;
        let qualified = format!("{catalog}.{schema}.{table}");
        let is_view = provider.table_type() == datafusion::datasource::TableType::View;
        let (column, text) = if view {
            if !is_view {
                return Err(TrinoError::new(
                    ErrorCode::NotSupported,
                    format!("Relation '{qualified}' is a table, not a view"),
                ));
            }
            let definition = provider.get_table_definition().unwrap_or_default();
            (
                "Create View",
                format!("CREATE VIEW {qualified} AS\n{definition}"),
            )
        } else {
            let columns = listing::columns(provider.as_ref())
                .iter()
                .map(|c| {
                    format!(
                        "   {} {}",
                        quote_ident_if_needed(&c.name),
                        c.ty.display_name()
                    )
                })
                .collect::<Vec<_>>()
                .join(",\n");
            (
                "Create Table",
                format!("CREATE TABLE {qualified} (\n{columns}\n)"),
            )
        };
        let schema = schema_of(&[(column, "varchar")]);
        Ok(rows_of(
            Columns::new().strings([Some(text)]).finish(&schema)?,
        ))
    }

    fn show_create_schema(&self, name: &ObjectName) -> Result<Outcome> {
        let parts: Vec<String> = name
            .0
            .iter()
            .filter_map(|p| p.as_ident().map(normalize))
            .collect();
        let (catalog, schema) = match parts.as_slice() {
            [schema] => (self.session_catalog(None)?, schema.clone()),
            [catalog, schema] => (catalog.clone(), schema.clone()),
            _ => {
                return Err(TrinoError::new(
                    ErrorCode::SyntaxError,
                    format!("Invalid schema name: {name}"),
                ));
            }
        };
        self.require_schema(&catalog, &schema, None)?;
        let out = schema_of(&[("Create Schema", "varchar")]);
        Ok(rows_of(
            Columns::new()
                .strings([Some(format!("CREATE SCHEMA {catalog}.{schema}"))])
                .finish(&out)?,
        ))
    }

    fn prepared(&self, name: &str) -> Result<String> {
        self.session.prepared.get(name).cloned().ok_or_else(|| {
            TrinoError::new(
                ErrorCode::NotFound,
                format!("Prepared statement not found: {name}"),
            )
        })
    }

    async fn execute_prepared(
        &self,
        sql: &str,
        parameters: &[Expr],
        origin: Option<SqlLocation>,
    ) -> Result<Outcome> {
        let shift = |e: TrinoError| match origin {
            Some(origin) => e.shifted(origin),
            None => e,
        };
        let statement = self.bind_prepared(sql, parameters).map_err(shift)?;
        self.run(statement).await.map_err(shift)
    }

    /// Parses the text of a prepared statement and binds `parameters` to its `?`s.
    fn bind_prepared(&self, sql: &str, parameters: &[Expr]) -> Result<TrinoStatement> {
        match parse_statement(sql)? {
            TrinoStatement::Sql(mut statement) => {
                bind_parameters(&mut statement, parameters).map_err(|e| {
                    TrinoError::new(ErrorCode::InvalidParameterUsage, e.to_string())
                })?;
                Ok(TrinoStatement::Sql(statement))
            }
            other if parameters.is_empty() => Ok(other),
            _ => Err(TrinoError::new(
                ErrorCode::InvalidParameterUsage,
                format!(
                    "Incorrect number of parameters: expected 0 but found {}",
                    parameters.len()
                ),
            )),
        }
    }

    async fn describe_input(&self, name: &str) -> Result<Outcome> {
        let sql = self.prepared(name)?;
        let schema = schema_of(&[("Position", "bigint"), ("Type", "varchar")]);
        let mut statement = match parse_statement(&sql)? {
            TrinoStatement::Sql(statement) => *statement,
            _ => return Ok(rows_of(RecordBatch::new_empty(schema))),
        };
        let count = number_parameters(&mut statement);
        self.prepare_statement(&mut statement).await?;
        let plan = self
            .state()
            .statement_to_plan(DfStatement::Statement(Box::new(statement)))
            .await?;
        let inferred = plan.get_parameter_types()?;
        let types: Vec<String> = (1..=count)
            .map(|i| {
                inferred
                    .get(&format!("${i}"))
                    .cloned()
                    .flatten()
                    .and_then(|t| TrinoType::from_arrow_type(&t).ok())
                    .map_or_else(|| "unknown".to_string(), |t| t.display_name())
            })
            .collect();
        let batch = Columns::new()
            .ints((0..count).map(|i| Some(i as i64)))
            .strings(types.iter().map(Some))
            .finish(&schema)?;
        Ok(rows_of(batch))
    }

    async fn describe_output(&self, name: &str) -> Result<Outcome> {
        let sql = self.prepared(name)?;
        let schema = schema_of(&[
            ("Column Name", "varchar"),
            ("Catalog", "varchar"),
            ("Schema", "varchar"),
            ("Table", "varchar"),
            ("Type", "varchar"),
            ("Type Size", "bigint"),
            ("Aliased", "boolean"),
        ]);
        let mut statement = match parse_statement(&sql)? {
            TrinoStatement::Sql(statement) if matches!(*statement, Statement::Query(_)) => {
                *statement
            }
            _ => return Ok(rows_of(RecordBatch::new_empty(schema))),
        };
        let aliased = aliased_items(&statement);
        let nulls = vec![Expr::value(Value::Null); count_parameters(&statement)];
        bind_parameters(&mut statement, &nulls)
            .map_err(|e| TrinoError::new(ErrorCode::InvalidParameterUsage, e.to_string()))?;
        let (state, plan) = self.logical_plan(statement).await?;
        // The analyzed types (Trino's decimal arithmetic, for one).
        let plan = state.optimize(&plan)?;
        let output = plan.schema();
        let mut rows = Vec::new();
        for (i, (qualifier, field)) in output.iter().enumerate() {
            let ty = TrinoType::from_arrow_field(field)
                .map_err(|e| TrinoError::new(ErrorCode::NotSupported, e.to_string()))?;
            let (catalog, schema, table) = match qualifier {
                Some(q) => self.qualify_reference(q),
                None => (String::new(), String::new(), String::new()),
            };
            rows.push((
                field.name().clone(),
                catalog,
                schema,
                table,
                ty.display_name(),
                fixed_size(&ty),
                aliased.get(i).copied().unwrap_or(false),
            ));
        }
        let batch = Columns::new()
            .strings(rows.iter().map(|r| Some(&r.0)))
            .strings(rows.iter().map(|r| Some(&r.1)))
            .strings(rows.iter().map(|r| Some(&r.2)))
            .strings(rows.iter().map(|r| Some(&r.3)))
            .strings(rows.iter().map(|r| Some(&r.4)))
            .ints(rows.iter().map(|r| Some(r.5)))
            .bools(rows.iter().map(|r| Some(r.6)))
            .finish(&schema)?;
        Ok(rows_of(batch))
    }

    fn qualify_reference(&self, reference: &TableReference) -> (String, String, String) {
        let catalog = reference
            .catalog()
            .map(str::to_string)
            .or_else(|| self.session.catalog.clone())
            .unwrap_or_default();
        let schema = reference
            .schema()
            .map(str::to_string)
            .or_else(|| self.session.schema.clone())
            .unwrap_or_default();
        (catalog, schema, reference.table().to_string())
    }

    fn start_transaction(&self, modes: TransactionModes) -> Result<Outcome> {
        if !self.session.supports_transactions {
            return Err(TrinoError::new(
                ErrorCode::IncompatibleClient,
                "Client does not support transactions",
            ));
        }
        if self.session.transaction_id.is_some() {
            return Err(TrinoError::new(
                ErrorCode::NotSupported,
                "Nested transactions not supported",
            ));
        }
        let id = self.ctx.begin_transaction(modes);
        Ok(Outcome::Update {
            update_type: "START TRANSACTION",
            headers: vec![header(headers::X_TRINO_STARTED_TRANSACTION_ID, id)],
        })
    }

    fn end_transaction(&self, update_type: &'static str) -> Result<Outcome> {
        let Some(id) = &self.session.transaction_id else {
            return Err(TrinoError::new(
                ErrorCode::NotInTransaction,
                "No transaction in progress",
            ));
        };
        self.ctx.transactions.lock().remove(id);
        Ok(Outcome::Update {
            update_type,
            headers: vec![header(headers::X_TRINO_CLEAR_TRANSACTION_ID, "true".into())],
        })
    }
}

/// Every table referenced in the `FROM` clauses of a statement, without CTE names.
fn relations<V: Visit>(node: &V) -> Vec<ObjectName> {
    #[derive(Default)]
    struct Collect {
        ctes: HashSet<String>,
        names: Vec<ObjectName>,
    }
    impl Visitor for Collect {
        type Break = ();
        fn pre_visit_query(&mut self, query: &AstQuery) -> ControlFlow<()> {
            if let Some(with) = &query.with {
                for cte in &with.cte_tables {
                    self.ctes.insert(normalize(&cte.alias.name));
                }
            }
            ControlFlow::Continue(())
        }
        fn pre_visit_relation(&mut self, relation: &ObjectName) -> ControlFlow<()> {
            self.names.push(relation.clone());
            ControlFlow::Continue(())
        }
    }
    let mut collect = Collect::default();
    let _ = node.visit(&mut collect);
    let ctes = collect.ctes;
    collect
        .names
        .into_iter()
        .filter(|name| {
            !(name.0.len() == 1
                && name.0[0]
                    .as_ident()
                    .is_some_and(|i| ctes.contains(&normalize(i))))
        })
        .collect()
}

/// Whether each select item of a query was written with an alias.
fn aliased_items(statement: &Statement) -> Vec<bool> {
    let Statement::Query(query) = statement else {
        return vec![];
    };
    let mut body = query.body.as_ref();
    while let SetExpr::SetOperation { left, .. } = body {
        body = left.as_ref();
    }
    match body {
        SetExpr::Select(select) => select
            .projection
            .iter()
            .map(|item| matches!(item, SelectItem::ExprWithAlias { .. }))
            .collect(),
        _ => vec![],
    }
}

/// Trino's fixed size of a type in bytes (`Type Size` of `DESCRIBE OUTPUT`); 0 for
/// variable-width types.
fn fixed_size(ty: &TrinoType) -> i64 {
    match ty {
        TrinoType::Boolean | TrinoType::Tinyint => 1,
        TrinoType::Smallint => 2,
        TrinoType::Integer | TrinoType::Real | TrinoType::Date => 4,
        TrinoType::Bigint | TrinoType::Double => 8,
        TrinoType::Decimal { precision, .. } => {
            if *precision <= 18 {
                8
            } else {
                16
            }
        }
        TrinoType::Timestamp { precision: p } => {
            if *p <= 6 {
                8
            } else {
                12
            }
        }
        TrinoType::TimestampWithTimeZone { precision: p } => {
            if *p <= 3 {
                8
            } else {
                12
            }
        }
        TrinoType::Time { .. } => 8,
        TrinoType::TimeWithTimeZone { precision: p } => {
            if *p <= 9 {
                8
            } else {
                12
            }
        }
        TrinoType::IntervalYearToMonth => 4,
        TrinoType::IntervalDayToSecond => 8,
        TrinoType::Uuid | TrinoType::IpAddress => 16,
        _ => 0,
    }
}

fn ddl_update_type(ddl: &DdlStatement) -> &'static str {
    match ddl {
        DdlStatement::CreateMemoryTable(_) | DdlStatement::CreateExternalTable(_) => "CREATE TABLE",
        DdlStatement::CreateView(_) => "CREATE VIEW",
        DdlStatement::CreateCatalogSchema(_) => "CREATE SCHEMA",
        DdlStatement::CreateCatalog(_) => "CREATE CATALOG",
        DdlStatement::CreateIndex(_) => "CREATE INDEX",
        DdlStatement::DropTable(_) => "DROP TABLE",
        DdlStatement::DropView(_) => "DROP VIEW",
        DdlStatement::DropCatalogSchema(_) => "DROP SCHEMA",
        DdlStatement::CreateFunction(_) => "CREATE FUNCTION",
        DdlStatement::DropFunction(_) => "DROP FUNCTION",
    }
}

/// The catalog a DDL statement writes to (empty when the name has no catalog).
fn ddl_target(ddl: &DdlStatement) -> Option<String> {
    let catalog = |r: &TableReference| r.catalog().unwrap_or_default().to_string();
    match ddl {
        DdlStatement::CreateMemoryTable(c) => Some(catalog(&c.name)),
        DdlStatement::CreateView(c) => Some(catalog(&c.name)),
        DdlStatement::DropTable(d) => Some(catalog(&d.name)),
        DdlStatement::DropView(d) => Some(catalog(&d.name)),
        DdlStatement::CreateCatalogSchema(c) => Some(
            c.schema_name
                .split_once('.')
                .map_or("", |(c, _)| c)
                .to_string(),
        ),
        DdlStatement::DropCatalogSchema(_) => Some(String::new()),
        _ => None,
    }
}

/// Maps DataFusion's DDL failures to Trino's codes.
fn ddl_error(error: datafusion::error::DataFusionError, update_type: &str) -> TrinoError {
    let message = error.strip_backtrace();
    if message.contains("already exists") {
        let code = if update_type == "CREATE SCHEMA" {
            ErrorCode::SchemaAlreadyExists
        } else {
            ErrorCode::TableAlreadyExists
        };
        return TrinoError::new(
            code,
            message.trim_start_matches("Execution error: ").to_string(),
        );
    }
    if message.contains("doesn't exist") || message.contains("does not exist") {
        let code = if update_type == "DROP SCHEMA" {
            ErrorCode::SchemaNotFound
        } else {
            ErrorCode::TableNotFound
        };
        return TrinoError::new(
            code,
            message.trim_start_matches("Execution error: ").to_string(),
        );
    }
    if message.contains("does not support") || message.contains("not supported") {
        return TrinoError::new(
            ErrorCode::NotSupported,
            format!(
                "This connector does not support {}",
                update_type.to_lowercase()
            ),
        );
    }
    error.into()
}

/// Rows written, from the single `count` value DataFusion's writers return.
fn written_rows(batches: &[RecordBatch]) -> u64 {
    batches
        .iter()
        .filter(|b| b.num_columns() > 0 && b.num_rows() > 0)
        .filter_map(|b| {
            arrow::compute::cast(b.column(0), &arrow::datatypes::DataType::UInt64)
                .ok()
                .and_then(|a| {
                    a.as_any()
                        .downcast_ref::<arrow::array::UInt64Array>()
                        .map(|a| a.iter().flatten().sum::<u64>())
                })
        })
        .sum()
}

fn rows_of(batch: RecordBatch) -> Outcome {
    let schema = batch.schema();
    let stream =
        RecordBatchStreamAdapter::new(schema.clone(), futures::stream::iter(vec![Ok(batch)]));
    Outcome::Rows {
        schema,
        stream: Box::pin(stream),
        partitions: 1,
    }
}

fn header(name: &'static str, value: String) -> (HeaderName, String) {
    // `from_bytes` lower-cases the canonical spelling of the protocol constants.
    let name = HeaderName::from_bytes(name.as_bytes())
        .expect("the protocol's header constants are valid header names");
    (name, value)
}

/// The text of a literal `SET SESSION` value.
/// The zone offset (`+05:30`) an `INTERVAL 'h:m' HOUR TO MINUTE` / `INTERVAL 'h' HOUR` /
/// `INTERVAL 'm' MINUTE` literal names.
fn interval_offset(interval: &Interval) -> Result<String> {
    let invalid = || {
        TrinoError::new(
            ErrorCode::InvalidLiteral,
            format!("Invalid time zone offset interval: {interval}"),
        )
    };
    let text = literal_text(&interval.value).ok_or_else(invalid)?;
    let (negative, digits) = match text.trim().strip_prefix('-') {
        Some(rest) => (true, rest.to_string()),
        None => (false, text.trim().trim_start_matches('+').to_string()),
    };
    let number = |s: &str| s.trim().parse::<i64>().map_err(|_| invalid());
    let minutes = match (&interval.leading_field, &interval.last_field) {
        (Some(DateTimeField::Hour), Some(DateTimeField::Minute)) => {
            let (h, m) = digits.split_once(':').ok_or_else(invalid)?;
            number(h)? * 60 + number(m)?
        }
        (Some(DateTimeField::Hour), None) => number(&digits)? * 60,
        (Some(DateTimeField::Minute), None) => number(&digits)?,
        _ => return Err(invalid()),
    };
    let minutes = if negative { -minutes } else { minutes };
    let sign = if minutes < 0 { '-' } else { '+' };
    Ok(format!(
        "{sign}{:02}:{:02}",
        minutes.abs() / 60,
        minutes.abs() % 60
    ))
}

fn literal_text(expr: &Expr) -> Option<String> {
    match expr {
        Expr::Value(v) => match &v.value {
            Value::SingleQuotedString(s) | Value::DoubleQuotedString(s) => Some(s.clone()),
            Value::Number(n, _) => Some(n.to_string()),
            Value::Boolean(b) => Some(b.to_string()),
            _ => None,
        },
        Expr::UnaryOp { op, expr } => literal_text(expr).map(|t| format!("{op}{t}")),
        Expr::Nested(inner) => literal_text(inner),
        _ => None,
    }
}

/// SQL `LIKE` with `%`, `_` and `\` escapes, for filters evaluated here.
fn like_matches(pattern: &str, text: &str) -> bool {
    fn go(p: &[char], t: &[char]) -> bool {
        match p.split_first() {
            None => t.is_empty(),
            Some(('%', rest)) => (0..=t.len()).any(|i| go(rest, &t[i..])),
            Some(('_', rest)) => !t.is_empty() && go(rest, &t[1..]),
            Some(('\\', rest)) if !rest.is_empty() => {
                t.first() == rest.first() && go(&rest[1..], &t[1..])
            }
            Some((c, rest)) => t.first() == Some(c) && go(rest, &t[1..]),
        }
    }
    let p: Vec<char> = pattern.chars().collect();
    let t: Vec<char> = text.chars().collect();
    go(&p, &t)
}

fn like_filter(column: &str, like: Option<&str>, keyword: &str) -> String {
    match like {
        Some(pattern) => format!(" {keyword} {column} LIKE {}", quote_literal(pattern)),
        None => String::new(),
    }
}

fn quote_literal(value: &str) -> String {
    format!("'{}'", value.replace('\'', "''"))
}

fn quote_ident(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}

/// Quotes a column name in generated DDL only when Trino would have to.
fn quote_ident_if_needed(name: &str) -> String {
    let plain = name
        .chars()
        .next()
        .is_some_and(|c| c.is_ascii_lowercase() || c == '_')
        && name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
    if plain {
        name.to_string()
    } else {
        quote_ident(name)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn like_patterns() {
        assert!(like_matches("query%", "query_max_run_time"));
        assert!(like_matches("t_ny", "tiny"));
        assert!(!like_matches("t_ny", "tinny"));
        assert!(like_matches("a\\_b", "a_b"));
        assert!(!like_matches("a\\_b", "axb"));
    }

    #[test]
    fn time_zone_offsets_from_intervals() {
        let offset = |sql: &str| match parse_statement(sql) {
            Ok(TrinoStatement::SetTimeZone {
                zone: Some(Expr::Interval(interval)),
            }) => interval_offset(&interval).map_err(|e| e.code),
            other => panic!("{other:?}"),
        };
        assert_eq!(
            offset("SET TIME ZONE INTERVAL '10' HOUR").ok().as_deref(),
            Some("+10:00")
        );
        assert_eq!(
            offset("SET TIME ZONE INTERVAL '-05:30' HOUR TO MINUTE")
                .ok()
                .as_deref(),
            Some("-05:30")
        );
        assert_eq!(
            offset("SET TIME ZONE INTERVAL '1' DAY"),
            Err(ErrorCode::InvalidLiteral)
        );
    }

    #[test]
    fn identifiers_are_quoted_only_when_needed() {
        assert_eq!(quote_ident_if_needed("nationkey"), "nationkey");
        assert_eq!(quote_ident_if_needed("Mixed"), "\"Mixed\"");
        assert_eq!(quote_ident_if_needed("a b"), "\"a b\"");
        assert_eq!(quote_literal("it's"), "'it''s'");
    }

    #[test]
    fn fixed_sizes_match_trino() {
        assert_eq!(fixed_size(&TrinoType::Integer), 4);
        assert_eq!(
            fixed_size(&TrinoType::Decimal {
                precision: 2,
                scale: 1
            }),
            8
        );
        assert_eq!(fixed_size(&TrinoType::Varchar(None)), 0);
    }
}
