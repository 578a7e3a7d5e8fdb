//! Hostile input gets a clear error, naming the file and line, in bounded memory, and stores nothing: a 1 GB
//! field, a 10-million-column header, deeply nested tags JSON, gzip bombs (README, "What ingest guarantees").
//!
//! Each file is ingested by a child process (this test binary running itself), which reports the error and its
//! peak resident memory (`VmHWM`, what `getrusage` calls `ru_maxrss`); the parent checks both and that the
//! database holds nothing. The 1 GB files are sparse (a hole reads as zeros), so they take no disk space.

use crate::common;

use std::fs;
use std::io::Write;
use std::path::Path;

use common::child;
use common::*;
use finops_core::{Filter, Workspace};

/// The bound on an importing process's peak memory whatever one file holds: the test process itself, SQLite's
/// page cache (64 MiB), the reader's buffers and one row of at most 4 MiB with its field offsets.
const MEMORY_BOUND_MIB: u64 = 128;

/// The child: ingests `FINOPS_LIMIT_FILE` into `FINOPS_LIMIT_DB` and reports the error and its peak memory.
#[test]
#[ignore = "a child process of the limit tests"]
fn child_ingest() {
    let mut ws = Workspace::open(child::order("FINOPS_LIMIT_DB")).expect("open the database");
    match ws.ingest_with(child::order("FINOPS_LIMIT_FILE"), &quiet()) {
        Ok(report) => eprintln!("error none: {report}"),
        Err(e) => eprintln!("error {e}\nvariant {e:?}"),
    }
    let status = fs::read_to_string("/proc/self/status").expect("/proc/self/status");
    let peak = status.lines().find_map(|l| l.strip_prefix("VmHWM:")).expect("VmHWM");
    eprintln!("peak {}", peak.trim().trim_end_matches(" kB"));
}

/// What the child said about one hostile file.
struct Outcome {
    error: String,
    variant: String,
    peak_mib: u64,
}

/// Ingests `file` in a child process; checks that nothing was stored and the memory bound held.
fn ingest_in_child(dir: &Path, file: &Path) -> Outcome {
    let db = dir.join("finops.db");
    let importer = child::spawn(
        "limits::child_ingest",
        &[("FINOPS_LIMIT_DB", db.to_str().unwrap()), ("FINOPS_LIMIT_FILE", file.to_str().unwrap())],
    );
    let (status, printed) = child::finish(importer);
    assert!(status.success(), "{status}: {printed}");
    let field = |name: &str| {
        printed
            .lines()
            .find_map(|l| l.strip_prefix(&format!("{name} ")))
            .unwrap_or_else(|| panic!("no {name} in {printed}"))
            .to_string()
    };
    let outcome = Outcome {
        error: field("error"),
        variant: field("variant"),
        peak_mib: field("peak").parse::<u64>().unwrap() >> 10,
    };
    let ws = Workspace::open(&db).unwrap();
    assert_eq!(ws.line_items(&Filter::default()).unwrap().height(), 0, "{}", outcome.error);
    assert!(ws.imports().unwrap().is_empty(), "{}", outcome.error);
    assert!(outcome.error.contains(&file.display().to_string()), "{}", outcome.error);
    assert!(outcome.peak_mib < MEMORY_BOUND_MIB, "{} MiB: {}", outcome.peak_mib, outcome.error);
    eprintln!("{}: peak {} MiB: {}", file.file_name().unwrap().to_string_lossy(), outcome.peak_mib, outcome.error);
    outcome
}

/// A file of `prefix` followed by zeros up to `size` bytes, as a hole.
fn sparse(path: &Path, prefix: &[u8], size: u64) {
    let mut file = fs::File::create(path).unwrap();
    file.write_all(prefix).unwrap();
    file.set_len(size).unwrap();
}

const GIB: u64 = 1 << 30;

#[test]
fn a_one_gigabyte_field_is_refused_after_four_mebibytes() {
    let dir = tempfile::tempdir().unwrap();
    // Quoted (so it could hold newlines) and unquoted, in CSV; and a JSON line with a 1 GB string.
    let cases: [(&str, &[u8], &str); 3] = [
        ("quoted.csv", b"date,service,cost\n2025-01-01,\"", "line 2: this row"),
        ("bare.csv", b"date,service,cost\n2025-01-01,EC2,1\n2025-01-02,", "line 3: this row"),
        ("line.json", b"{\"usage_start_time\": \"2025-01-01\", \"service\": {\"description\": \"", "line 1: this line"),
    ];
    for (name, prefix, expected) in cases {
        let path = dir.path().join(name);
        sparse(&path, prefix, GIB);
        let outcome = ingest_in_child(dir.path(), &path);
        assert!(outcome.variant.starts_with("TooLarge"), "{}", outcome.variant);
        assert!(outcome.error.contains(&format!(": {expected} is longer than 4 MiB")), "{}", outcome.error);
    }
}

#[test]
fn a_ten_million_column_header_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("wide.csv");
    let mut header = "c,".repeat(10_000_000);
    header.pop();
    fs::write(&path, format!("{header}\n1\n")).unwrap();
    let outcome = ingest_in_child(dir.path(), &path);
    assert!(outcome.error.contains(": line 1: the header is longer than 4 MiB"), "{}", outcome.error);
    // A header within the size limit but over the column limit says so.
    let columns: Vec<String> = (0..10_001).map(|i| format!("c{i}")).collect();
    fs::write(&path, format!("{}\n", columns.join(","))).unwrap();
    let outcome = ingest_in_child(dir.path(), &path);
    assert!(outcome.error.contains(": line 1: the header has 10001 columns, more than 10000"), "{}", outcome.error);
}

#[test]
fn deeply_nested_tags_json_is_a_bad_value() {
    let dir = tempfile::tempdir().unwrap();
    let header = "BillingAccountId,BillingCurrency,BillingPeriodStart,BillingPeriodEnd,ChargePeriodStart,ChargePeriodEnd,ChargeCategory,ProviderName,ServiceName,BilledCost,EffectiveCost,ListCost,ContractedCost,Tags";
    let row = "111,USD,2025-01-01T00:00:00Z,2025-02-01T00:00:00Z,2025-01-05T00:00:00Z,2025-01-06T00:00:00Z,Usage,AWS,EC2,1,1,1,1";
    let nested = format!("{}{}", "[".repeat(1_000_000), "]".repeat(1_000_000));
    let path = dir.path().join("nested.csv");
    fs::write(&path, format!("{header}\n{row},{{}}\n{row},{nested}\n")).unwrap();
    let outcome = ingest_in_child(dir.path(), &path);
    assert!(outcome.variant.starts_with("BadValue"), "{}", outcome.variant);
    assert!(outcome.error.contains(": line 3, column `Tags`: not a JSON object of tags"), "{}", outcome.error);
    assert!(outcome.error.ends_with("[[[[… (2000000 bytes)\""), "the value is cut: {}", outcome.error);
    // A JSON-lines file nested as deep.
    let path = dir.path().join("nested.json");
    fs::write(
        &path,
        format!("{{\"cost\": 1}}\n{{\"labels\": {}1{}}}\n", "{\"a\": ".repeat(100_000), "}".repeat(100_000)),
    )
    .unwrap();
    let outcome = ingest_in_child(dir.path(), &path);
    assert!(outcome.error.contains(": line 2: invalid JSON: recursion limit exceeded"), "{}", outcome.error);
}

/// `members` gzip members of `text`, each compressed once (a gzip reader reads concatenated members as one).
fn gzip_members(text: &[u8], members: usize) -> Vec<u8> {
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    gz.write_all(text).unwrap();
    gz.finish().unwrap().repeat(members)
}

#[test]
fn gzip_bombs_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    // 1 GiB of zeros after a header: one endless row, refused by the row limit.
    let path = dir.path().join("zeros.csv.gz");
    let mut bytes = gzip_members(b"date,service,cost\n", 1);
    bytes.extend(gzip_members(&vec![0u8; 64 << 20], 16));
    fs::write(&path, &bytes).unwrap();
    let outcome = ingest_in_child(dir.path(), &path);
    assert!(outcome.error.contains(": line 2: this row is longer than 4 MiB"), "{}", outcome.error);
    // 1 GiB of valid rows (about 60 million): refused by the decompression ratio, not imported.
    let path = dir.path().join("rows.csv.gz");
    let mut bytes = gzip_members(b"date,service,cost\n", 1);
    bytes.extend(gzip_members(&b"2025-01-01,EC2,1.0\n".repeat((64 << 20) / 19), 16));
    assert!(bytes.len() < 4 << 20, "{} bytes", bytes.len());
    fs::write(&path, &bytes).unwrap();
    let outcome = ingest_in_child(dir.path(), &path);
    assert!(outcome.variant.starts_with("TooLarge"), "{}", outcome.variant);
    assert!(
        outcome.error.contains("the gzip stream decompresses to more than 200 times its compressed size"),
        "{}",
        outcome.error
    );
}

#[test]
fn a_real_export_compressed_passes_the_ratio_limit() {
    // The legacy CUR sample compresses about 20 times: far under the limit, and read whole.
    let (dir, mut ws) = workspace();
    let source = fixture("aws/cur_legacy_anonymized_2023-11_focus_converters.csv");
    let path = dir.path().join("cur.csv.gz");
    fs::write(&path, gzip_members(&fs::read(&source).unwrap(), 1)).unwrap();
    let report = ws.ingest_with(&path, &quiet()).unwrap();
    assert_eq!(report.files[0].rows_read as usize, SourceCsv::read(&source).rows.len());
}
