//! What the fuzz targets share: writing an input to a scratch file (the ingest reads files, and its container
//! detection, gzip sniffing and buffering are part of what is fuzzed), and the real headers of each export format,
//! read from `tests/fixtures`, for the targets that fuzz one mapper's rows.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use finops_core::ingest::{read_line_items, ReadOptions};

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

/// Fuzzes one format's mapper: the first byte picks one of the format's real headers (from `files`), the rest
/// is the body of the file. The seed corpus holds the fixtures' rows (fuzz/seed_corpus.py).
pub fn mapper_input(cell: &'static OnceLock<Vec<String>>, files: &[&str], data: &[u8]) {
    let headers = cell.get_or_init(|| headers_of(files));
    let Some((&pick, body)) = data.split_first() else { return };
    let mut file = headers[pick as usize % headers.len()].clone().into_bytes();
    file.extend_from_slice(body);
    ingest_bytes("csv", &file);
}
