//! The fuzz targets' bodies, one public function per target (`fuzz_targets/<name>.rs` only calls it), so that
//! `finops-core/tests/it/fuzz_corpus.rs` replays every corpus and every input that once crashed through the
//! very same code on stable Rust in `make test`. What the targets share: writing an input to a scratch file (the
//! ingest reads files, and its container detection, gzip sniffing and buffering are part of what is fuzzed),
//! and the real headers of each export format, read from `tests/fixtures`, for the targets that fuzz one
//! mapper's rows.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use finops_core::chrono::NaiveDate;
use finops_core::fuzzing::{gcp_credits, offline_question};
use finops_core::ingest::{parse_date, parse_decimal, parse_timestamp, read_line_items, ReadOptions};
use finops_core::model::Tags;

/// A fuzz target's body: any bytes in; a panic is a crash.
pub type Target = fn(&[u8]);

/// Every target by name (the name of its file in `fuzz_targets/` and of its corpus directory).
pub const TARGETS: &[(&str, Target)] = &[
    ("chat_intent", chat_intent),
    ("ingest_csv", ingest_csv),
    ("ingest_json", ingest_json),
    ("ingest_parquet", ingest_parquet),
    ("mapper_aws_cur", mapper_aws_cur),
    ("mapper_aws_cur2", mapper_aws_cur2),
    ("mapper_azure", mapper_azure),
    ("mapper_focus", mapper_focus),
    ("mapper_gcp", mapper_gcp),
    ("mapper_oci", mapper_oci),
    ("mapper_simple", mapper_simple),
    ("values", values),
];

/// The fixtures whose headers each mapper target puts its rows under (read by fuzz/seed_corpus.py too).
pub const MAPPER_FILES: &[(&str, &[&str])] = &[
    ("mapper_aws_cur", &["aws/cur_legacy_anonymized_2023-11_focus_converters.csv"]),
    ("mapper_aws_cur2", &["aws/cur2_toy_10rows_cur-anon.csv"]),
    (
        "mapper_azure",
        &[
            "azure/ea_amortized_small_2023-09_finops-toolkit.csv",
            "azure/ea_actual_small_2023-09_finops-toolkit.csv",
            "azure/header_variants/headersets_BOM.csv",
            "azure/header_variants/headersets_Enterprise.csv",
            "azure/header_variants/headersets_EnterpriseCamel.csv",
            "azure/header_variants/headersets_German.csv",
            "azure/header_variants/headersets_PayAsYouGo.csv",
            "azure/header_variants/values_Template.csv",
            "azure/header_variants/headersets_YA.csv",
        ],
    ),
    (
        "mapper_focus",
        &[
            "focus/focus10_official_sample_1000_multicloud.csv",
            "focus/spec_commitment_scenarios_v1.2/commitment_discount_usage_scenario_1.csv",
        ],
    ),
    ("mapper_gcp", &["gcp/gcp_bq_export_2020-10_koku_tmp_example.csv"]),
    ("mapper_oci", &["oci/oci_cost_report_2023-11_focus_converters.csv", "hand/oci_cost_two_currencies.csv"]),
    ("mapper_simple", &["dashboard/gbp_costs.csv", "hand/simple_ragged.csv"]),
];

/// A file of this process named `input.<extension>`, on tmpfs when there is one (one write per execution).
fn scratch(extension: &str) -> PathBuf {
    let dir = Path::new("/dev/shm");
    let dir = if dir.is_dir() { dir.to_path_buf() } else { std::env::temp_dir() };
    dir.join(format!("finops-fuzz-{}.{extension}", std::process::id()))
}

/// Reads `bytes` as a file named `*.extension` the way `Workspace::ingest` reads it, once without a default
/// currency and once with one (rows without a currency take different paths). Errors are expected; a panic, an
/// overflow or a sanitizer report is a crash.
pub fn ingest_bytes(extension: &str, bytes: &[u8]) {
    let path = scratch(extension);
    std::fs::write(&path, bytes).expect("write the scratch file");
    let _ = read_line_items(&path, &ReadOptions::default());
    let _ = read_line_items(&path, &ReadOptions { default_currency: Some("USD".into()) });
}

/// The header lines of the fixtures under `tests/fixtures/` named by `files`.
fn headers_of(files: &[&str]) -> Vec<String> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures");
    files
        .iter()
        .map(|f| {
            let text = std::fs::read(root.join(f)).unwrap_or_else(|e| panic!("fixture {f}: {e}"));
            let end = text.iter().position(|&b| b == b'\n').map_or(text.len(), |i| i + 1);
            String::from_utf8_lossy(&text[..end]).into_owned()
        })
        .collect()
}

/// Fuzzes one format's mapper: the first byte picks one of the format's real headers (from [`MAPPER_FILES`]),
/// the rest is the body of the file. The seed corpus holds the fixtures' rows (fuzz/seed_corpus.py).
fn mapper_input(target: &str, data: &[u8]) {
    static HEADERS: OnceLock<Vec<Vec<String>>> = OnceLock::new();
    let all = HEADERS.get_or_init(|| MAPPER_FILES.iter().map(|(_, files)| headers_of(files)).collect());
    let index = MAPPER_FILES.iter().position(|(name, _)| *name == target).expect("a mapper target");
    let headers = &all[index];
    let Some((&pick, body)) = data.split_first() else { return };
    let mut file = headers[pick as usize % headers.len()].clone().into_bytes();
    file.extend_from_slice(body);
    ingest_bytes("csv", &file);
}

/// Format detection and every reader on any bytes named `*.csv` (gzip included: it is sniffed).
pub fn ingest_csv(data: &[u8]) {
    ingest_bytes("csv", data);
}

/// The JSON lines reader (GCP BigQuery exports as newline-delimited JSON).
pub fn ingest_json(data: &[u8]) {
    ingest_bytes("json", data);
}

/// The Parquet reader.
pub fn ingest_parquet(data: &[u8]) {
    ingest_bytes("parquet", data);
}

/// The aws_cur mapper's rows under its real headers.
pub fn mapper_aws_cur(data: &[u8]) {
    mapper_input("mapper_aws_cur", data);
}

/// The aws_cur2 mapper's rows under its real headers.
pub fn mapper_aws_cur2(data: &[u8]) {
    mapper_input("mapper_aws_cur2", data);
}

/// The azure mapper's rows under its real headers.
pub fn mapper_azure(data: &[u8]) {
    mapper_input("mapper_azure", data);
}

/// The focus mapper's rows under its real headers.
pub fn mapper_focus(data: &[u8]) {
    mapper_input("mapper_focus", data);
}

/// The gcp mapper's rows under its real headers.
pub fn mapper_gcp(data: &[u8]) {
    mapper_input("mapper_gcp", data);
}

/// The oci mapper's rows under its real headers.
pub fn mapper_oci(data: &[u8]) {
    mapper_input("mapper_oci", data);
}

/// The simple mapper's rows under its real headers.
pub fn mapper_simple(data: &[u8]) {
    mapper_input("mapper_simple", data);
}

/// The value parsers every mapper uses: decimals, dates and timestamps, tags JSON, GCP credits. Beyond not
/// crashing, what one of them reads must read back the same from its own text.
pub fn values(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else { return };
    if let Some(d) = parse_decimal(text) {
        assert_eq!(parse_decimal(&d.to_string()), Some(d), "decimal {text:?}");
    }
    if let Some(day) = parse_date(text) {
        assert_eq!(parse_date(&day.format("%Y-%m-%d").to_string()), Some(day), "date {text:?}");
    }
    if let Some(t) = parse_timestamp(text) {
        assert_eq!(parse_timestamp(&t.to_rfc3339()), Some(t), "timestamp {text:?}");
    }
    if let Some(tags) = Tags::parse_json(text) {
        assert_eq!(Tags::parse_json(&tags.to_json()), Some(tags), "tags {text:?}");
    }
    let _ = gcp_credits(text);
}

/// The chat's offline question parser: any text a user may type, read against a fixed day.
pub fn chat_intent(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let today = NaiveDate::from_ymd_opt(2025, 6, 30).expect("a date");
    let question = offline_question(text, today);
    for (start, end) in &question.periods {
        assert!(start <= end, "{text:?}: period {start}..{end}");
    }
}
