//! Kill points: where the crash-safety tests (`tests/it/crash_safety.rs`) stop an import to kill its process.
//!
//! `FINOPS_KILL_POINT=<stage>[:<n>]` makes the n-th arrival (1 by default) at `<stage>` print `reached <stage>`
//! on stderr and then wait forever, holding whatever the import holds at that moment (its open transaction,
//! the rows written so far), until the test sends SIGKILL. Stages: `parse` (the reader thread, after each batch
//! of parsed rows), `insert` (the writer, after each batch inserted), `daily` (after each row of the daily
//! aggregate), `commit` (everything written, just before the commit).
//!
//! Always compiled, read once per process: without the variable each call is one load of an initialized
//! `OnceLock` and a return. A cargo feature would have kept it out of the library, at the price of compiling
//! finops-core and everything built on it a second time in every `make test`. An environment variable rather
//! than a failpoint crate: the hook needs nothing more.

use std::io::Write;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::OnceLock;

/// Marks that an import reached `stage` (see the module docs).
pub(super) fn reached(stage: &str) {
    static TARGET: OnceLock<Option<(String, u64)>> = OnceLock::new();
    static ARRIVALS: AtomicU64 = AtomicU64::new(0);
    let target = TARGET.get_or_init(|| {
        let spec = std::env::var("FINOPS_KILL_POINT").ok()?;
        let (name, n) = spec.split_once(':').unwrap_or((spec.as_str(), "1"));
        Some((name.to_string(), n.parse().expect("FINOPS_KILL_POINT=<stage>[:<n>]")))
    });
    let Some((name, n)) = target else { return };
    if name != stage || ARRIVALS.fetch_add(1, Ordering::SeqCst) + 1 != *n {
        return;
    }
    let mut stderr = std::io::stderr().lock();
    let _ = writeln!(stderr, "reached {stage}");
    let _ = stderr.flush();
    loop {
        std::thread::park();
    }
}
