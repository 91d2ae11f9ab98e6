//! `coordinator --etc-dir DIR`: starts a Trino-compatible coordinator from Trino's
//! configuration layout.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Parser;
use coordinator::config::{ServerConfig, default_etc_dir};

/// Command-line arguments, named like Trino's launcher options.
#[derive(Debug, Parser)]
#[command(version, about = "Trino-compatible coordinator on Apache DataFusion")]
struct Args {
    /// Directory holding config.properties, node.properties and catalog/*.properties.
    #[arg(long, default_value_os_t = default_etc_dir())]
    etc_dir: PathBuf,
}

fn main() -> ExitCode {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info")),
        )
        .with_writer(std::io::stderr)
        .init();
    let args = Args::parse();
    let result = (|| {
        let config = ServerConfig::load(&args.etc_dir)?;
        let ctx = coordinator::build_context(config)?;
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .enable_all()
            .build()
            .map_err(coordinator::StartError::Runtime)?;
        runtime.block_on(coordinator::serve(ctx))
    })();
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            tracing::error!(%error, "coordinator failed");
            eprintln!("error: {error}");
            ExitCode::FAILURE
        }
    }
}
