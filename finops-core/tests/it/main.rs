//! finops-core's integration tests: one test binary, each former test file a module.
//!
//! One binary rather than one per file: every test crate links finops-core and polars and instantiates their
//! generics again, so seventeen binaries compiled and linked the same code seventeen times (the bulk of
//! `make test`'s Rust build after the library itself). Run one module with `cargo test --test it store::`.

mod common;

mod analytics;
mod analytics_data;
mod anomalies;
mod bad_input;
mod chat;
mod concurrency;
mod containers;
mod crash_safety;
mod datasets;
mod export_defects;
mod focus_versions;
mod forecast;
mod fuzz_corpus;
mod insights;
mod limits;
mod recommendations;
mod store;
mod synthetic;
