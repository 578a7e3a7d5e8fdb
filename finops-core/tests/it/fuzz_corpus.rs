//! Every fuzz target of `fuzz/` run over its corpus and over the inputs that once crashed it, on stable Rust
//! in the ordinary test build: the very functions the cargo-fuzz targets call (`fuzz/src/lib.rs`), so a change
//! that breaks a parser on an input the fuzzers kept is caught by `make test` without the nightly, sanitized
//! build of the whole tree that fuzzing itself needs (`make fuzz`).
//!
//! Inputs: `fuzz/corpus/<target>/` (seeded from `tests/fixtures` by `fuzz/seed_corpus.py`, which `make test`
//! runs first, and grown by `make fuzz`) and `fuzz/regressions/<target>/` (committed: each input that once
//! made the target panic).

#[allow(dead_code, unreachable_pub, missing_docs)]
#[path = "../../../fuzz/src/lib.rs"]
mod targets;

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};

fn inputs(dir: &Path) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(dir) else { return Vec::new() };
    let mut files: Vec<PathBuf> = entries.map(|e| e.expect("a directory entry").path()).collect();
    files.sort();
    files
}

#[test]
fn every_target_survives_its_corpus_and_past_crashes() {
    let fuzz = Path::new(env!("CARGO_MANIFEST_DIR")).join("../fuzz");
    // The parsers' own panics are what this looks for: keep the default hook from printing each one.
    let hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(|_| {}));
    let mut crashes = Vec::new();
    let mut counts = Vec::new();
    for (name, target) in targets::TARGETS {
        let corpus = inputs(&fuzz.join("corpus").join(name));
        let regressions = inputs(&fuzz.join("regressions").join(name));
        for path in corpus.iter().chain(&regressions) {
            let data = std::fs::read(path).expect("a corpus file");
            if catch_unwind(AssertUnwindSafe(|| target(&data))).is_err() {
                crashes.push(path.display().to_string());
            }
        }
        counts.push((*name, corpus.len(), regressions.len()));
    }
    std::panic::set_hook(hook);
    eprintln!("fuzz corpus replayed (target, corpus, regressions): {counts:?}");
    let empty: Vec<_> = counts.iter().filter(|(_, c, r)| c + r == 0).map(|(n, ..)| *n).collect();
    assert!(empty.is_empty(), "no input for {empty:?}: run `python3 fuzz/seed_corpus.py` (make test-rust does)");
    assert!(crashes.is_empty(), "these inputs make their fuzz target panic:\n{}", crashes.join("\n"));
}
