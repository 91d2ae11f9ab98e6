//! Plans statements without running them, against the coordinator's catalogs and a fixed
//! session: the entry point of the fuzz target in `fuzz/`, which feeds it arbitrary text and
//! counts any panic as a bug. Every input must end in a plan or in Trino's error.

use std::path::Path;
use std::sync::Arc;

use datafusion::logical_expr::LogicalPlan;
use protocol::ErrorCode;

use crate::config::ServerConfig;
use crate::context::ServerContext;
use crate::error::TrinoError;
use crate::execute::Executor;
use crate::session::Session;
use crate::{StartError, build_context};

/// A coordinator context (catalogs of an `etc/` directory, nothing listening) and a session
/// with user `fuzz`, catalog `tpch`, schema `tiny` and time zone `UTC`.
pub struct PlanChecker {
    ctx: Arc<ServerContext>,
    session: Session,
    runtime: tokio::runtime::Runtime,
}

impl PlanChecker {
    /// Reads the Trino configuration directory `etc_dir` (`config.properties`,
    /// `catalog/*.properties`) and builds the catalogs it names.
    pub fn new(etc_dir: &Path) -> Result<Self, StartError> {
        let ctx = build_context(ServerConfig::load(etc_dir)?)?;
        // One worker of the runtime the server runs on, so planning has the stack a
        // query's planning has there (tokio's 2 MiB), not the fuzzer's main thread's.
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(1)
            .enable_all()
            .build()
            .map_err(StartError::Runtime)?;
        let session = Session {
            user: "fuzz".to_string(),
            catalog: Some("tpch".to_string()),
            schema: Some("tiny".to_string()),
            time_zone: "UTC".to_string(),
            ..Session::default()
        };
        Ok(Self {
            ctx,
            session,
            runtime,
        })
    }

    /// Parses and plans `sql` as the coordinator does before executing a statement (see
    /// [`Executor::plan_sql`]) on a runtime worker thread, blocking until planning ends. A
    /// panic while planning is re-raised here.
    pub fn plan(&self, sql: &str) -> Result<Option<LogicalPlan>, TrinoError> {
        let ctx = self.ctx.clone();
        let session = self.session.clone();
        let sql = sql.to_string();
        let task = self
            .runtime
            .spawn(async move { Executor::new(&ctx, &session).plan_sql(&sql).await });
        match self.runtime.block_on(task) {
            Ok(result) => result,
            Err(error) => match error.try_into_panic() {
                Ok(panic) => std::panic::resume_unwind(panic),
                Err(error) => Err(TrinoError::new(
                    ErrorCode::GenericInternalError,
                    format!("Planning did not finish: {error}"),
                )),
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn checker() -> PlanChecker {
        let etc = Path::new(env!("CARGO_MANIFEST_DIR")).join("../etc");
        PlanChecker::new(&etc).expect("the repository's etc/ is a valid configuration")
    }

    fn error(checker: &PlanChecker, sql: &str) -> TrinoError {
        match checker.plan(sql) {
            Ok(plan) => panic!("{sql} planned: {plan:?}"),
            Err(e) => e,
        }
    }

    #[test]
    fn queries_plan_without_running() {
        let checker = checker();
        let plan = checker
            .plan("SELECT name, count(*) FROM nation GROUP BY name ORDER BY 2")
            .expect("plans");
        assert!(matches!(plan, Some(LogicalPlan::Sort(_))), "{plan:?}");
        // DDL and DML are planned, not executed: the table is not created.
        for sql in [
            "CREATE TABLE memory.default.t AS SELECT 1 AS x",
            "INSERT INTO memory.default.t VALUES 1",
        ] {
            let _ = checker.plan(sql);
        }
        assert_eq!(
            error(&checker, "SELECT * FROM memory.default.t").code,
            ErrorCode::TableNotFound
        );
        assert_eq!(
            checker.plan("SET SESSION query_max_run_time = '1h'"),
            Ok(None)
        );
        assert!(
            checker
                .plan("EXECUTE IMMEDIATE 'SELECT ? + 1' USING 2")
                .expect("plans")
                .is_some()
        );
    }

    /// Inputs the fuzz target found crashing, each fixed where it failed.
    #[test]
    fn fuzz_findings_plan() {
        let checker = checker();
        // Rows of varchar literals of different lengths in one array: arrow's array builder
        // asserted on element types that differ only in field metadata (constant folding
        // builds the array while planning).
        let sql = "SELECT element_at(multimap_from_entries(ARRAY[(0, 'x'), (2, ' y')]), 2)";
        assert!(checker.plan(sql).expect("plans").is_some());
        // Rows whose fields differ only in nullability (a literal and an expression).
        let sql = "SELECT * FROM UNNEST(map_from_entries(ARRAY[('SQL', 197 - 9223372036854775808), ('Java', 1995)])) AS t(language, first_appeared_year)";
        assert!(checker.plan(sql).is_ok_and(|plan| plan.is_some()));
    }

    #[test]
    fn bad_statements_are_trino_errors_with_locations() {
        let checker = checker();
        let e = error(&checker, "SELECT 1 +");
        assert_eq!(e.code, ErrorCode::SyntaxError);
        assert!(e.location.is_some());
        let e = error(&checker, "SELECT * FROM nowhere");
        assert_eq!(e.code, ErrorCode::TableNotFound);
        assert!(e.location.is_some());
        let e = error(&checker, "EXECUTE IMMEDIATE 'SELECT 1 +'");
        assert_eq!(e.code, ErrorCode::SyntaxError);
        assert_eq!(e.location.map(|l| l.column), Some(30));
    }
}
