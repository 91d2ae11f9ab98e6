//! Hot paths of the Trino function library against DataFusion's built-ins on the same data:
//! date parsing and formatting, regular expressions, URL and JSON extraction over 1 Mi rows
//! shaped like web-access-log fields.
//!
//! `cargo build --release --workspace && $CARGO_TARGET_DIR/release/function_bench`
//!
//! Each pair runs in its own session: ours with the Trino functions registered (as the
//! coordinator does), the built-in in a plain DataFusion session. Prints the best of
//! `RUNS` wall times per query and the ratio ours / built-in as a Markdown table.

use std::sync::Arc;
use std::time::Instant;

use arrow::array::{ArrayRef, RecordBatch, StringArray, TimestampMillisecondArray};
use arrow::datatypes::{DataType, Field, Schema, TimeUnit};
use datafusion::datasource::MemTable;
use datafusion::error::Result;
use datafusion::prelude::SessionContext;
use engine::functions::datetime::datetime_functions;
use engine::functions::trino_functions;

const ROWS: usize = 1 << 20;
const RUNS: usize = 5;

/// (family, Trino query, DataFusion built-in query doing the same work).
const PAIRS: &[(&str, &str, &str)] = &[
    (
        "date parse",
        "SELECT max(date_parse(s, '%Y-%m-%d %H:%i:%s')) FROM t",
        "SELECT max(to_timestamp_millis(s, '%Y-%m-%d %H:%M:%S')) FROM t",
    ),
    (
        "date parse (ISO 8601)",
        "SELECT max(from_iso8601_timestamp(iso)) FROM t",
        "SELECT max(to_timestamp_millis(iso)) FROM t",
    ),
    (
        "date format",
        "SELECT max(date_format(ts, '%Y-%m-%d %H:%i:%s')) FROM t",
        "SELECT max(to_char(ts, '%Y-%m-%d %H:%M:%S')) FROM t",
    ),
    (
        "date_trunc day",
        "SELECT max(date_trunc('day', ts)) FROM t",
        "SELECT max(date_trunc('day', ts)) FROM t",
    ),
    (
        "date_trunc month",
        "SELECT max(date_trunc('month', ts)) FROM t",
        "SELECT max(date_trunc('month', ts)) FROM t",
    ),
    (
        "regexp_like",
        "SELECT count(*) FROM t WHERE regexp_like(agent, 'Chrome/[0-9]+')",
        "SELECT count(*) FROM t WHERE regexp_like(agent, 'Chrome/[0-9]+')",
    ),
    (
        "regexp_extract",
        "SELECT max(regexp_extract(agent, 'Chrome/([0-9]+)', 1)) FROM t",
        "SELECT max(regexp_match(agent, 'Chrome/([0-9]+)')[1]) FROM t",
    ),
    (
        "regexp_replace",
        "SELECT max(regexp_replace(agent, '[0-9]+', '#')) FROM t",
        "SELECT max(regexp_replace(agent, '[0-9]+', '#', 'g')) FROM t",
    ),
    (
        "url_extract_host",
        "SELECT max(url_extract_host(url)) FROM t",
        "SELECT max(split_part(split_part(url, '/', 3), ':', 1)) FROM t",
    ),
    (
        "url_extract_parameter",
        "SELECT max(url_extract_parameter(url, 'id')) FROM t",
        "SELECT max(regexp_match(url, '[?&]id=([^&#]*)')[1]) FROM t",
    ),
    (
        "json_extract_scalar",
        "SELECT max(json_extract_scalar(doc, '$.user.id')) FROM t",
        "SELECT max(regexp_match(doc, '\"id\":\"([^\"]*)\"')[1]) FROM t",
    ),
];

fn table() -> Result<MemTable> {
    let start = 1_704_067_200_000i64; // 2024-01-01 00:00:00 UTC
    let millis: Vec<i64> = (0..ROWS as i64).map(|i| start + i * 1_919_333).collect();
    let text = |format: &str| -> StringArray {
        millis
            .iter()
            .map(|m| {
                chrono::DateTime::from_timestamp_millis(*m).map(|t| t.format(format).to_string())
            })
            .collect()
    };
    let agents: StringArray = (0..ROWS)
        .map(|i| {
            Some(format!(
                "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/{}.0.{}.{} Safari/537.36",
                100 + i % 30,
                4000 + i % 500,
                i % 200
            ))
        })
        .collect();
    let urls: StringArray = (0..ROWS)
        .map(|i| {
            Some(format!(
                "https://shop{}.example.com:8443/products/{}/view?id={}&ref=campaign{}#reviews",
                i % 7,
                i % 1000,
                i,
                i % 13
            ))
        })
        .collect();
    let docs: StringArray = (0..ROWS)
        .map(|i| {
            Some(format!(
                r#"{{"event":"click","user":{{"id":"u{}","plan":"pro"}},"items":[{},{}]}}"#,
                i,
                i % 10,
                i % 7
            ))
        })
        .collect();
    let schema = Arc::new(Schema::new(vec![
        Field::new("ts", DataType::Timestamp(TimeUnit::Millisecond, None), true),
        Field::new("s", DataType::Utf8, true),
        Field::new("iso", DataType::Utf8, true),
        Field::new("agent", DataType::Utf8, true),
        Field::new("url", DataType::Utf8, true),
        Field::new("doc", DataType::Utf8, true),
    ]));
    let columns: Vec<ArrayRef> = vec![
        Arc::new(TimestampMillisecondArray::from(millis.clone())),
        Arc::new(text("%Y-%m-%d %H:%M:%S")),
        Arc::new(text("%Y-%m-%dT%H:%M:%S%.3fZ")),
        Arc::new(agents),
        Arc::new(urls),
        Arc::new(docs),
    ];
    let batch = RecordBatch::try_new(schema.clone(), columns)?;
    // 8192-row batches, as a scan produces them.
    let batches = (0..ROWS / 8192)
        .map(|i| batch.slice(i * 8192, 8192))
        .collect();
    MemTable::try_new(schema, vec![batches])
}

async fn best_time(ctx: &SessionContext, sql: &str) -> Result<f64> {
    let mut best = f64::MAX;
    for _ in 0..RUNS {
        let start = Instant::now();
        let batches = ctx.sql(sql).await?.collect().await?;
        std::hint::black_box(batches);
        best = best.min(start.elapsed().as_secs_f64());
    }
    Ok(best)
}

#[tokio::main]
async fn main() -> Result<()> {
    let table = Arc::new(table()?);
    let ours = SessionContext::new();
    ours.register_table("t", table.clone())?;
    for udf in trino_functions()
        .into_iter()
        .chain(datetime_functions("UTC"))
    {
        ours.register_udf(udf);
    }
    let builtin = SessionContext::new();
    builtin.register_table("t", table)?;

    println!("| function | Trino (ms) | DataFusion built-in (ms) | ratio |");
    println!("|---|---:|---:|---:|");
    for (name, trino, datafusion) in PAIRS {
        let a = best_time(&ours, trino).await?;
        let b = best_time(&builtin, datafusion).await?;
        println!(
            "| {name} | {:.1} | {:.1} | {:.2} |",
            a * 1e3,
            b * 1e3,
            a / b
        );
    }
    Ok(())
}
