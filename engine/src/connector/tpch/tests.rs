//! The catalog through DataFusion SQL, checked against known answers.
//!
//! Reference numbers for scale factor 0.01 (`tiny`) come from DuckDB 1.5.5's
//! tpch extension (`duckdb-extension-tpch` 1.5.5): the published TPC-H query
//! answers of `tpch_answers()` where noted, otherwise aggregates over the
//! tables its `dbgen(sf = 0.01)` generates.

use std::sync::Arc;

use arrow::array::RecordBatch;
use arrow::util::display::array_value_to_string;
use datafusion::catalog::CatalogProvider;
use datafusion::common::Result;
use datafusion::common::stats::Precision;
use datafusion::physical_plan::{ExecutionPlan, StatisticsArgs, displayable};
use datafusion::prelude::{SessionConfig, SessionContext};
use futures::TryStreamExt;
use protocol::TRINO_TYPE_METADATA_KEY;

use super::*;

fn context(splits_per_node: Option<usize>) -> SessionContext {
    let config = SessionConfig::new().with_target_partitions(4);
    let ctx = SessionContext::new_with_config(config);
    let catalog = TpchCatalogProvider::new()
        .with_splits_per_node(splits_per_node)
        .expect("valid splits");
    ctx.register_catalog("tpch", Arc::new(catalog));
    ctx
}

/// Runs `sql`, returning every row as its cells' display strings.
async fn query(ctx: &SessionContext, sql: &str) -> Result<Vec<Vec<String>>> {
    let batches = ctx.sql(sql).await?.collect().await?;
    let mut rows = Vec::new();
    for batch in &batches {
        for row in 0..batch.num_rows() {
            let cells = batch
                .columns()
                .iter()
                .map(|column| array_value_to_string(column, row));
            rows.push(cells.collect::<Result<Vec<_>, _>>()?);
        }
    }
    Ok(rows)
}

async fn single_value(ctx: &SessionContext, sql: &str) -> String {
    let rows = query(ctx, sql).await.expect(sql);
    assert_eq!(rows.len(), 1, "{sql}");
    assert_eq!(rows[0].len(), 1, "{sql}");
    rows[0][0].clone()
}

/// `actual` parses as a double within a relative 1e-9 of `expected`.
fn assert_close(actual: &str, expected: f64) {
    let value: f64 = actual.parse().expect("a number");
    let tolerance = expected.abs().max(1.0) * 1e-9;
    assert!(
        (value - expected).abs() <= tolerance,
        "{value} is not {expected}"
    );
}

async fn physical_plan(ctx: &SessionContext, sql: &str) -> Arc<dyn ExecutionPlan> {
    let df = ctx.sql(sql).await.expect(sql);
    df.create_physical_plan().await.expect(sql)
}

fn find_scan(plan: &Arc<dyn ExecutionPlan>) -> Option<&TpchScanExec> {
    plan.downcast_ref::<TpchScanExec>()
        .or_else(|| plan.children().into_iter().find_map(find_scan))
}

#[test]
fn schema_names_resolve_like_trino() {
    assert_eq!(schema_name_to_scale_factor("tiny"), Some(0.01));
    assert_eq!(schema_name_to_scale_factor("sf1"), Some(1.0));
    assert_eq!(schema_name_to_scale_factor("sf10"), Some(10.0));
    assert_eq!(schema_name_to_scale_factor("sf100000"), Some(100_000.0));
    assert_eq!(schema_name_to_scale_factor("sf0.5"), Some(0.5));
    assert_eq!(schema_name_to_scale_factor("sf1e3"), Some(1000.0));
    assert_eq!(schema_name_to_scale_factor("SF1"), Some(1.0));
    assert_eq!(schema_name_to_scale_factor("Tiny"), Some(0.01));
    for name in [
        "", "sf", "sf0", "sf-1", "sfx", "sfnan", "sfinf", "sf1e300", "x1", "tiny1",
    ] {
        assert_eq!(schema_name_to_scale_factor(name), None, "{name}");
    }
}

#[test]
fn catalog_lists_trinos_schemas() {
    let catalog = TpchCatalogProvider::new();
    assert_eq!(
        catalog.schema_names(),
        [
            "tiny", "sf1", "sf100", "sf300", "sf1000", "sf3000", "sf10000", "sf30000", "sf100000"
        ]
    );
    for name in catalog.schema_names() {
        assert!(catalog.schema(&name).is_some(), "{name}");
    }
    assert!(catalog.schema("information").is_none());
    assert!(
        TpchCatalogProvider::new()
            .with_splits_per_node(Some(0))
            .is_err()
    );
}

#[tokio::test]
async fn unlisted_scale_factors_resolve() {
    let catalog = TpchCatalogProvider::new();
    let schema = catalog.schema("sf10").expect("sf10 resolves");
    let schema = schema
        .downcast_ref::<TpchSchemaProvider>()
        .expect("a tpch schema");
    assert_eq!(schema.scale_factor(), 10.0);

    let ctx = context(None);
    let suppliers = single_value(&ctx, r#"SELECT count(*) FROM tpch."sf0.5".supplier"#).await;
    assert_eq!(suppliers, "5000");
    assert!(ctx.sql("SELECT * FROM tpch.huge.nation").await.is_err());
}

#[tokio::test]
async fn schema_holds_the_eight_tables() -> Result<()> {
    let schema = TpchCatalogProvider::new().schema("tiny").expect("tiny");
    let names = [
        "customer", "lineitem", "nation", "orders", "part", "partsupp", "region", "supplier",
    ];
    assert_eq!(schema.table_names(), names);
    for name in names {
        assert!(schema.table_exist(name));
        assert!(schema.table(name).await?.is_some());
    }
    assert!(!schema.table_exist("lineitems"));
    assert!(schema.table("lineitems").await?.is_none());
    Ok(())
}

#[tokio::test]
async fn count_star_comes_from_statistics() {
    let ctx = context(None);
    let count = |table: &'static str| {
        let ctx = ctx.clone();
        async move { single_value(&ctx, &format!("SELECT count(*) FROM tpch.{table}")).await }
    };
    assert_eq!(count("tiny.lineitem").await, "60175");
    assert_eq!(count("tiny.partsupp").await, "8000");
    // Far too large to generate: only statistics can answer these.
    assert_eq!(count("sf1000.lineitem").await, "5999989709");
    assert_eq!(count("sf100000.orders").await, "150000000000");
}

#[tokio::test]
async fn nation_and_region() {
    let ctx = context(None);
    let first = "SELECT name FROM tpch.tiny.nation ORDER BY nationkey LIMIT 1";
    assert_eq!(single_value(&ctx, first).await, "ALGERIA");

    let row = query(&ctx, "SELECT * FROM tpch.tiny.nation WHERE nationkey = 0")
        .await
        .unwrap();
    assert_eq!(
        row,
        [[
            "0",
            "ALGERIA",
            "0",
            " haggle. carefully final deposits detect slyly agai"
        ]]
    );

    let regions = query(
        &ctx,
        "SELECT name FROM tpch.sf100.region ORDER BY regionkey",
    )
    .await;
    let regions: Vec<String> = regions.unwrap().into_iter().flatten().collect();
    assert_eq!(
        regions,
        ["AFRICA", "AMERICA", "ASIA", "EUROPE", "MIDDLE EAST"]
    );
}

/// Aggregates over every table, against DuckDB's dbgen at scale factor 0.01.
#[tokio::test]
async fn tiny_aggregates_match_dbgen() {
    let ctx = context(None);
    let row = |sql: &'static str| {
        let ctx = ctx.clone();
        async move { query(&ctx, sql).await.expect(sql).remove(0) }
    };

    let lineitem = row(
        "SELECT count(DISTINCT orderkey), sum(orderkey), sum(partkey), sum(suppkey), \
         sum(linenumber), sum(quantity), sum(extendedprice), sum(discount), sum(tax), \
         min(receiptdate), max(receiptdate) FROM tpch.tiny.lineitem",
    )
    .await;
    assert_eq!(
        lineitem[..5],
        ["15000", "1802759573", "60337552", "3041002", "180782"]
    );
    assert_close(&lineitem[5], 1_536_127.0);
    assert_close(&lineitem[6], 2_152_189_760.47);
    assert_close(&lineitem[7], 3_004.54);
    assert_close(&lineitem[8], 2_420.51);
    assert_eq!(lineitem[9..], ["1992-01-09", "1998-12-25"]);

    let orders = row("SELECT sum(totalprice) FROM tpch.tiny.orders").await;
    assert_close(&orders[0], 2_127_396_830.02);
    let customer = row("SELECT sum(acctbal) FROM tpch.tiny.customer").await;
    assert_close(&customer[0], 6_681_865.59);
    let part = row("SELECT sum(retailprice), sum(size) FROM tpch.tiny.part").await;
    assert_close(&part[0], 2_800_992.0);
    assert_eq!(part[1], "50511");
    let partsupp = row("SELECT sum(availqty), sum(supplycost) FROM tpch.tiny.partsupp").await;
    assert_eq!(partsupp[0], "40079419");
    assert_close(&partsupp[1], 3_957_437.38);
    let supplier = row("SELECT sum(acctbal) FROM tpch.tiny.supplier").await;
    assert_close(&supplier[0], 400_930.0);
}

/// Runs TPC-H Q1 on the lineitem table of `schema` and compares it with
/// `expected`, an answer as published: one `|`-separated row a line.
async fn check_q1(ctx: &SessionContext, schema: &str, expected: &str) {
    let sql = format!(
        "SELECT returnflag, linestatus, sum(quantity), sum(extendedprice), \
         sum(extendedprice * (1 - discount)), \
         sum(extendedprice * (1 - discount) * (1 + tax)), \
         avg(quantity), avg(extendedprice), avg(discount), count(*) \
         FROM tpch.{schema}.lineitem \
         WHERE shipdate <= DATE '1998-12-01' - INTERVAL '90' DAY \
         GROUP BY returnflag, linestatus ORDER BY returnflag, linestatus"
    );
    let rows = query(ctx, &sql).await.unwrap();
    let expected: Vec<Vec<&str>> = expected
        .lines()
        .map(|line| line.split('|').collect())
        .collect();
    assert_eq!(rows.len(), expected.len());
    for (row, expected) in rows.iter().zip(expected) {
        // Flags and count exactly; sums and averages of doubles closely.
        assert_eq!(row[..2], expected[..2]);
        assert_eq!(row[9], expected[9]);
        for (cell, value) in row[2..9].iter().zip(&expected[2..9]) {
            assert_close(cell, value.parse().expect("a number"));
        }
    }
}

/// TPC-H Q1 at scale factor 0.01, against DuckDB's `tpch_answers()`.
#[tokio::test]
async fn tpch_q1_tiny() {
    let expected = "\
A|F|380456|532348211.65|505822441.4861|526165934.000839|25.575154611454693|35785.70930693735|0.05008133906964238|14876
N|F|8971|12384801.37|11798257.2080|12282485.056933|25.778735632183906|35588.50968390804|0.047758620689655175|348
N|O|742802|1041502841.45|989737518.6346|1029418531.523350|25.45498783454988|35691.129209074395|0.04993111956409993|29181
R|F|381449|534594445.35|507996454.4067|528524219.358903|25.597168165346933|35874.00653268018|0.049827539927526504|14902";
    check_q1(&context(None), "tiny", expected).await;
}

/// TPC-H Q1 at scale factor 1, generated in 7 parts (the last one larger),
/// against DuckDB's `tpch_answers()`.
#[tokio::test]
async fn tpch_q1_sf1_in_seven_partitions() {
    let expected = "\
A|F|37734107|56586554400.73|53758257134.8700|55909065222.827692|25.522005853257337|38273.129734621674|0.049985295838397614|1478493
N|F|991417|1487504710.38|1413082168.0541|1469649223.194375|25.516471920522985|38284.4677608483|0.0500934266742163|38854
N|O|74476040|111701729697.74|106118230307.6056|110367043872.497010|25.50222676958499|38249.11798890827|0.04999658605370408|2920374
R|F|37719753|56568041380.90|53741292684.6040|55889619119.831932|25.50579361269077|38250.85462609966|0.05000940583012706|1478870";
    check_q1(&context(Some(7)), "sf1", expected).await;
}

/// TPC-H Q6 at scale factor 0.01, against DuckDB's `tpch_answers()`.
#[tokio::test]
async fn tpch_q6() {
    let ctx = context(None);
    let sql = "SELECT sum(extendedprice * discount) FROM tpch.tiny.lineitem \
               WHERE shipdate >= DATE '1994-01-01' AND shipdate < DATE '1995-01-01' \
               AND discount BETWEEN 0.05 AND 0.07 AND quantity < 24";
    assert_close(&single_value(&ctx, sql).await, 1193053.2253);
}

/// TPC-H Q3 (customer ⋈ orders ⋈ lineitem) at scale factor 0.01, against
/// DuckDB's `tpch_answers()`.
#[tokio::test]
async fn tpch_q3() {
    let ctx = context(None);
    let sql = "SELECT l.orderkey, sum(l.extendedprice * (1 - l.discount)) AS revenue, \
               o.orderdate, o.shippriority \
               FROM tpch.tiny.customer c, tpch.tiny.orders o, tpch.tiny.lineitem l \
               WHERE c.mktsegment = 'BUILDING' AND c.custkey = o.custkey \
               AND l.orderkey = o.orderkey AND o.orderdate < DATE '1995-03-15' \
               AND l.shipdate > DATE '1995-03-15' \
               GROUP BY l.orderkey, o.orderdate, o.shippriority \
               ORDER BY revenue DESC, o.orderdate LIMIT 10";
    let rows = query(&ctx, sql).await.unwrap();
    let expected = [
        ("47714", 267010.5894, "1995-03-11"),
        ("22276", 266351.5562, "1995-01-29"),
        ("32965", 263768.3414, "1995-02-25"),
    ];
    assert_eq!(rows.len(), 10);
    for (row, (orderkey, revenue, orderdate)) in rows.iter().zip(expected) {
        assert_eq!(row[0], orderkey);
        assert_close(&row[1], revenue);
        assert_eq!((row[2].as_str(), row[3].as_str()), (orderdate, "0"));
    }
}

#[tokio::test]
async fn lineitem_join_orders() {
    let ctx = context(None);
    let sql = "SELECT count(*) FROM tpch.tiny.lineitem l JOIN tpch.tiny.orders o \
               ON l.orderkey = o.orderkey WHERE o.orderstatus = 'F'";
    assert_eq!(single_value(&ctx, sql).await, "29246");
}

#[tokio::test]
async fn partitions_generate_the_same_rows() {
    let sql = "SELECT count(*), count(DISTINCT orderkey), sum(orderkey), sum(quantity), \
               max(comment) FROM tpch.tiny.lineitem";
    let one = query(&context(Some(1)), sql).await.unwrap();
    let five = query(&context(Some(5)), sql).await.unwrap();
    assert_eq!(one, five);
    assert_eq!(one[0][..3], ["60175", "15000", "1802759573"]);

    let scan_sql = "SELECT orderkey FROM tpch.tiny.lineitem WHERE quantity > 10";
    let plan = physical_plan(&context(Some(5)), scan_sql).await;
    assert_eq!(find_scan(&plan).expect("a tpch scan").partitions(), 5);
}

#[tokio::test]
async fn projection_is_pushed_into_the_scan() {
    let ctx = context(None);
    let sql = "SELECT comment FROM tpch.tiny.nation";
    let plan = physical_plan(&ctx, sql).await;
    let scan = find_scan(&plan).expect("a tpch scan");
    assert_eq!(scan.projection(), Some(&[3][..]));
    assert_eq!(scan.schema().fields().len(), 1);
    assert_eq!(
        displayable(scan).one_line().to_string().trim(),
        "TpchScanExec: table=nation, scale_factor=0.01, partitions=1, projection=[comment]"
    );
    let rows = query(&ctx, sql).await.unwrap();
    assert_eq!(rows.len(), 25);
    assert_eq!(
        rows[0],
        [" haggle. carefully final deposits detect slyly agai"]
    );
}

#[tokio::test]
async fn limit_stops_generation() {
    let ctx = context(None);
    let sql = "SELECT orderkey, linenumber FROM tpch.sf1.lineitem LIMIT 3";
    let plan = physical_plan(&ctx, sql).await;
    assert_eq!(find_scan(&plan).expect("a tpch scan").limit(), Some(3));
    let rows = query(&ctx, sql).await.unwrap();
    assert_eq!(rows.len(), 3);
}

#[tokio::test]
async fn fields_carry_trino_types() -> Result<()> {
    let ctx = context(None);
    let df = ctx
        .sql("SELECT name, nationkey FROM tpch.tiny.nation")
        .await?;
    let field = df.schema().field(0);
    assert_eq!(field.name(), "name");
    assert_eq!(field.metadata()[TRINO_TYPE_METADATA_KEY], "varchar(25)");
    let batches = df.collect().await?;
    let schema = batches[0].schema();
    assert_eq!(
        schema.field(0).metadata()[TRINO_TYPE_METADATA_KEY],
        "varchar(25)"
    );
    assert_eq!(
        schema.field(1).metadata()[TRINO_TYPE_METADATA_KEY],
        "bigint"
    );

    let lineitem = ctx.table("tpch.tiny.lineitem").await?;
    let types: Vec<&str> = [
        "quantity",
        "linenumber",
        "shipdate",
        "returnflag",
        "comment",
    ]
    .iter()
    .map(|name| {
        let field = lineitem
            .schema()
            .field_with_unqualified_name(name)
            .expect(name);
        field.metadata()[TRINO_TYPE_METADATA_KEY].as_str()
    })
    .collect();
    assert_eq!(
        types,
        ["double", "integer", "date", "varchar(1)", "varchar(44)"]
    );
    Ok(())
}

#[test]
fn scan_rejects_invalid_state() {
    let scan = |table, scale_factor, projection, partitions| {
        TpchScanExec::try_new(table, scale_factor, projection, partitions, None)
    };
    assert!(scan(TpchTable::Orders, 0.01, Some(vec![8, 0]), 3).is_ok());
    assert!(scan(TpchTable::Orders, 0.01, Some(vec![9]), 1).is_err());
    assert!(scan(TpchTable::Orders, 0.01, None, 0).is_err());
    assert!(scan(TpchTable::Nation, 0.01, None, 2).is_err());
    assert!(scan(TpchTable::Supplier, 0.01, None, 101).is_err());
    assert!(scan(TpchTable::Orders, 0.0, None, 1).is_err());
    assert!(scan(TpchTable::Orders, f64::NAN, None, 1).is_err());
    assert!(scan(TpchTable::Orders, f64::INFINITY, None, 1).is_err());
}

/// Each partition generates the rows its statistics announce, in batches of
/// at most the session's batch size: 15,000 orders in 7 parts of 2,142, the
/// last with the remainder.
#[tokio::test]
async fn partitions_generate_their_share() -> Result<()> {
    let ctx = SessionContext::new_with_config(SessionConfig::new().with_batch_size(1000));
    let scan = TpchScanExec::try_new(TpchTable::Orders, 0.01, Some(vec![0]), 7, None)?;
    let mut counts = Vec::new();
    for partition in 0..7 {
        let batches: Vec<RecordBatch> = scan
            .execute(partition, ctx.task_ctx())?
            .try_collect()
            .await?;
        assert!(batches.iter().all(|batch| batch.num_rows() <= 1000));
        let rows: usize = batches.iter().map(RecordBatch::num_rows).sum();
        let args = StatisticsArgs::new().with_partition(Some(partition));
        let statistics = scan.statistics_from_inputs(&[], &args)?;
        assert_eq!(statistics.num_rows, Precision::Exact(rows));
        counts.push(rows);
    }
    assert_eq!(counts, [2142, 2142, 2142, 2142, 2142, 2142, 2148]);
    assert!(scan.execute(7, ctx.task_ctx()).is_err());

    let limited = TpchScanExec::try_new(TpchTable::Orders, 0.01, None, 7, Some(5))?;
    let batches: Vec<RecordBatch> = limited.execute(6, ctx.task_ctx())?.try_collect().await?;
    assert_eq!(batches.iter().map(RecordBatch::num_rows).sum::<usize>(), 5);
    let statistics = limited.statistics_from_inputs(&[], &StatisticsArgs::new())?;
    assert_eq!(statistics.num_rows, Precision::Exact(35));
    Ok(())
}
