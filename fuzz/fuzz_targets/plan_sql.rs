//! Feeds arbitrary UTF-8 text to the coordinator's parser and planner
//! ([`coordinator::plan_check::PlanChecker`]): any input must end in a plan or in Trino's
//! error. A panic, an abort (stack overflow), a hang or running out of memory is a bug.

#![no_main]

use std::path::Path;
use std::sync::LazyLock;

use coordinator::plan_check::PlanChecker;
use libfuzzer_sys::{Corpus, fuzz_target};

static CHECKER: LazyLock<PlanChecker> = LazyLock::new(|| {
    let etc = Path::new(env!("CARGO_MANIFEST_DIR")).join("../etc");
    PlanChecker::new(&etc)
        .unwrap_or_else(|e| panic!("cannot build the catalogs of {}: {e}", etc.display()))
});

fuzz_target!(|data: &[u8]| -> Corpus {
    let Ok(sql) = std::str::from_utf8(data) else {
        return Corpus::Reject;
    };
    // Ok or a Trino error are both fine; only a crash is a finding.
    let _ = CHECKER.plan(sql);
    Corpus::Keep
});
