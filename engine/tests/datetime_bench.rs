//! Compares the Trino date/time functions with the DataFusion built-ins on the same data.
//! Run with an optimised engine, e.g. `cargo test --workspace --config
//! 'profile.dev.package.engine.opt-level=3' --test datetime_bench -- --ignored --nocapture`
//! (the workspace crates are otherwise unoptimised while DataFusion is built at opt-level 1).

use std::sync::Arc;
use std::time::Instant;

use arrow::array::{ArrayRef, RecordBatch, StringArray, TimestampMillisecondArray};
use arrow::datatypes::{DataType, Field, Schema, TimeUnit};
use datafusion::datasource::MemTable;
use datafusion::prelude::SessionContext;
use engine::functions::datetime::datetime_functions;

const ROWS: usize = 1 << 20;

async fn time(ctx: &SessionContext, sql: &str) -> f64 {
    let mut best = f64::MAX;
    for _ in 0..5 {
        let start = Instant::now();
        let batches = ctx.sql(sql).await.unwrap().collect().await.unwrap();
        assert!(!batches.is_empty());
        best = best.min(start.elapsed().as_secs_f64());
    }
    best
}

#[tokio::test]
#[ignore = "benchmark"]
async fn datetime_bench() {
    let millis: Vec<i64> = (0..ROWS as i64)
        .map(|i| 946_684_800_000 + i * 1_919_333)
        .collect();
    let ts = TimestampMillisecondArray::from(millis.clone());
    let text: StringArray = millis
        .iter()
        .map(|m| {
            chrono::DateTime::from_timestamp_millis(*m)
                .unwrap()
                .format("%Y-%m-%d %H:%M:%S")
                .to_string()
        })
        .map(Some)
        .collect();
    let schema = Arc::new(Schema::new(vec![
        Field::new("ts", DataType::Timestamp(TimeUnit::Millisecond, None), true),
        Field::new("s", DataType::Utf8, true),
    ]));
    let columns: Vec<ArrayRef> = vec![Arc::new(ts), Arc::new(text)];
    let batches: Vec<RecordBatch> = (0..16)
        .map(|i| {
            let batch = RecordBatch::try_new(schema.clone(), columns.clone()).unwrap();
            batch.slice(i * ROWS / 16, ROWS / 16)
        })
        .collect();
    let ctx = SessionContext::new();
    ctx.register_table(
        "t",
        Arc::new(MemTable::try_new(schema, vec![batches]).unwrap()),
    )
    .unwrap();
    for udf in datetime_functions("UTC") {
        ctx.register_udf(udf);
    }
    for (ours, builtin) in [
        (
            "SELECT max(date_trunc('day', ts)) FROM t",
            "SELECT max(datetrunc('day', ts)) FROM t",
        ),
        (
            "SELECT max(date_trunc('month', ts)) FROM t",
            "SELECT max(datetrunc('month', ts)) FROM t",
        ),
        (
            "SELECT max(year(ts)) FROM t",
            "SELECT max(date_part('year', ts)) FROM t",
        ),
        (
            "SELECT max(hour(ts)) FROM t",
            "SELECT max(date_part('hour', ts)) FROM t",
        ),
        (
            "SELECT max(date_format(ts, '%Y-%m-%d %H:%i:%s')) FROM t",
            "SELECT max(to_char(ts, '%Y-%m-%d %H:%M:%S')) FROM t",
        ),
        (
            "SELECT max(date_parse(s, '%Y-%m-%d %H:%i:%s')) FROM t",
            "SELECT max(to_timestamp_millis(s, '%Y-%m-%d %H:%M:%S')) FROM t",
        ),
        (
            "SELECT max(date_add('day', 1, ts)) FROM t",
            "SELECT max(ts + INTERVAL '1' DAY) FROM t",
        ),
        (
            "SELECT max(date_add('month', 1, ts)) FROM t",
            "SELECT max(ts + INTERVAL '1' MONTH) FROM t",
        ),
    ] {
        let a = time(&ctx, ours).await;
        let b = time(&ctx, builtin).await;
        println!(
            "{:>6.1} ms vs {:>6.1} ms ({:.2}x)  {ours}",
            a * 1e3,
            b * 1e3,
            a / b
        );
    }
}
