//! `cargo test --workspace --test sqllogic [-- <file filter>...]`: runs the conformance corpus
//! of `tests/sql` against an in-process coordinator (configured by the repository's `etc/`)
//! over HTTP, prints pass counts per family, and fails unless the failing cases are exactly
//! those of `tests/sql/known-failures.txt`.
//!
//! `SLT_BLESS=1` rewrites `known-failures.txt` and `docs/conformance.md` from this run instead.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use coordinator::config::ServerConfig;
use sqllogic::corpus::{
    Verdict, corpus_files, known_failures_file, read_known_failures, report, run_file,
};

fn main() -> ExitCode {
    // Arguments libtest would take (`--nocapture`, `--test-threads=2`) are ignored; the others
    // select files by a substring of their path.
    let filters: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with('-'))
        .collect();
    let repo = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let corpus = repo.join("tests/sql");
    let files = match corpus_files(&corpus, &filters) {
        Ok(files) => files,
        Err(error) => {
            eprintln!("cannot list {}: {error}", corpus.display());
            return ExitCode::FAILURE;
        }
    };
    if files.is_empty() {
        println!("sqllogic: no corpus file matches {filters:?}");
        return ExitCode::SUCCESS;
    }
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(error) => {
            eprintln!("cannot start a runtime: {error}");
            return ExitCode::FAILURE;
        }
    };
    runtime.block_on(run(repo, corpus, files, filters.is_empty()))
}

async fn run(repo: PathBuf, corpus: PathBuf, files: Vec<PathBuf>, whole_corpus: bool) -> ExitCode {
    let (base_uri, stop) = match start_coordinator(&repo.join("etc")).await {
        Ok(started) => started,
        Err(error) => {
            eprintln!("cannot start the coordinator: {error}");
            return ExitCode::FAILURE;
        }
    };
    let mut results = Vec::new();
    for file in &files {
        results.extend(run_file(&corpus, file, &base_uri).await);
    }
    let _ = stop.send(());

    let table = report(&results);
    println!("\nTrino SQL conformance corpus, pass counts per family:\n\n{table}");
    let known_path = corpus.join("known-failures.txt");
    if std::env::var_os("SLT_BLESS").is_some() {
        if !whole_corpus {
            eprintln!("SLT_BLESS needs the whole corpus (no file filter)");
            return ExitCode::FAILURE;
        }
        let conformance = format!(
            "# Trino SQL conformance\n\nPass counts of the corpus in `tests/sql` (expected values from \
             Trino's documentation; see `tests/sql/README.md`), from\n\
             `SLT_BLESS=1 cargo test --workspace --test sqllogic`. Failing cases and their first \
             error line are listed in\n`tests/sql/known-failures.txt`.\n\n{table}"
        );
        let written = std::fs::write(&known_path, known_failures_file(&results))
            .and_then(|()| std::fs::write(repo.join("docs/conformance.md"), conformance));
        return match written {
            Ok(()) => {
                println!("wrote {} and docs/conformance.md", known_path.display());
                ExitCode::SUCCESS
            }
            Err(error) => {
                eprintln!("cannot write the known failures: {error}");
                ExitCode::FAILURE
            }
        };
    }
    let known = match read_known_failures(&known_path) {
        Ok(known) => known,
        Err(error) => {
            eprintln!("cannot read {}: {error}", known_path.display());
            return ExitCode::FAILURE;
        }
    };
    let verdict = Verdict::new(&results, &known);
    for (case, failure) in &verdict.new_failures {
        println!("NEW FAILURE {case}\n{failure}\n");
    }
    for case in &verdict.fixed {
        println!("NOW PASSES {case}: remove it from tests/sql/known-failures.txt");
    }
    if verdict.is_clean() {
        ExitCode::SUCCESS
    } else {
        println!(
            "sqllogic: {} new failures, {} listed cases now pass",
            verdict.new_failures.len(),
            verdict.fixed.len()
        );
        ExitCode::FAILURE
    }
}

/// Starts a coordinator on a loopback port; returns its base URI and a shutdown trigger.
async fn start_coordinator(
    etc: &Path,
) -> Result<(String, tokio::sync::oneshot::Sender<()>), Box<dyn std::error::Error>> {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let address = listener.local_addr()?;
    let mut config = ServerConfig::load(etc)?;
    config.http_port = address.port();
    let ctx = coordinator::build_context(config)?;
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    tokio::spawn(coordinator::serve_listener(ctx, listener, async {
        let _ = stopped.await;
    }));
    Ok((format!("http://{address}"), stop))
}
