//! Bad input gets a clear error naming the file, line and column, and stores nothing.

use crate::common;

use std::fs;

use common::*;
use finops_core::Error;

fn ingest_text(name: &str, bytes: &[u8]) -> (String, Error, usize) {
    let (dir, mut ws) = workspace();
    let path = dir.path().join(name);
    fs::write(&path, bytes).unwrap();
    let err = ws.ingest_with(&path, &quiet()).unwrap_err();
    let stored = items(&ws).height() + ws.imports().unwrap().len();
    (path.display().to_string(), err, stored)
}

const HEADER: &str = "date,service,cost\n";

#[test]
fn non_numeric_cost_names_line_and_column() {
    let (path, err, stored) =
        ingest_text("inv.csv", format!("{HEADER}2025-01-01,EC2,1.5\n2025-01-02,EC2,abc\n").as_bytes());
    assert!(matches!(&err, Error::BadValue { line: 3, column, .. } if column == "cost"), "{err:?}");
    assert!(err.to_string().contains(&path));
    assert_eq!(stored, 0);
}

#[test]
fn bad_date_names_line_and_column() {
    let (_, err, stored) = ingest_text("inv.csv", format!("{HEADER}2025-13-45,EC2,1.5\n").as_bytes());
    assert!(matches!(&err, Error::BadValue { line: 2, column, .. } if column == "date"), "{err:?}");
    assert_eq!(stored, 0);
}

#[test]
fn missing_required_column_is_named() {
    let cur = "lineItem/UnblendedCost,lineItem/LineItemType,lineItem/UsageStartDate\n1,Usage,2025-01-01T00:00:00Z\n";
    let (_, err, stored) = ingest_text("cur.csv", cur.as_bytes());
    assert!(matches!(&err, Error::MissingColumn { column, .. } if column.contains("bill/PayerAccountId")), "{err:?}");
    assert_eq!(stored, 0);
}

#[test]
fn truncated_row_is_reported_with_its_line() {
    let (_, err, stored) = ingest_text("t.csv", format!("{HEADER}2025-01-01,EC2,1.5\n2025-01-02,EC2\n").as_bytes());
    assert!(matches!(err, Error::RaggedRow { line: 3, expected: 3, found: 2, .. }), "{err:?}");
    assert_eq!(stored, 0);
}

#[test]
fn wrong_encoding_is_reported_with_its_line() {
    let mut bytes = format!("{HEADER}2025-01-01,EC2,1.5\n").into_bytes();
    bytes.extend_from_slice(b"2025-01-02,Caf\xe9,2\n");
    let (_, err, stored) = ingest_text("latin1.csv", &bytes);
    assert!(matches!(err, Error::Encoding { line: 3, .. }), "{err:?}");
    assert_eq!(stored, 0);
    let (_, err, _) = ingest_text("utf16.csv", b"\xff\xfed\x00a\x00");
    assert!(matches!(err, Error::Encoding { .. }), "{err:?}");
}

#[test]
fn empty_files_are_rejected() {
    let (_, err, _) = ingest_text("empty.csv", b"");
    assert!(matches!(err, Error::EmptyFile { .. }), "{err:?}");
    let (_, err, stored) = ingest_text("header_only.csv", HEADER.as_bytes());
    assert!(matches!(err, Error::EmptyFile { .. }), "{err:?}");
    assert_eq!(stored, 0);
}

#[test]
fn duplicate_header_is_rejected() {
    let (_, err, _) = ingest_text("dup.csv", b"date,cost,cost\n2025-01-01,1,2\n");
    assert!(matches!(&err, Error::DuplicateColumn { column, first: 2, second: 3, .. } if column == "cost"), "{err:?}");
}

#[test]
fn unknown_format_says_what_was_tried() {
    let (_, err, _) = ingest_text("x.csv", b"foo,bar\n1,2\n");
    let text = err.to_string();
    assert!(
        text.contains("AWS CUR") && text.contains("Azure") && text.contains("FOCUS") && text.contains("foo, bar"),
        "{text}"
    );
}

#[test]
fn truncated_gzip_is_an_error_not_a_partial_import() {
    use std::io::Write;
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    let mut text = String::from(HEADER);
    for d in 1..=28 {
        text.push_str(&format!("2025-02-{d:02},EC2,1.0\n"));
    }
    gz.write_all(text.as_bytes()).unwrap();
    let bytes = gz.finish().unwrap();
    let (_, err, stored) = ingest_text("cut.csv.gz", &bytes[..bytes.len() / 2]);
    assert!(
        matches!(err, Error::Io { .. } | Error::Malformed { .. } | Error::RaggedRow { .. } | Error::BadValue { .. }),
        "{err:?}"
    );
    assert_eq!(stored, 0);
}

#[test]
fn line_numbers_are_exact_with_crlf_line_ends_and_quoted_newlines() {
    // Azure writes CRLF: the 2nd data row is line 3, and a quoted field holding a line break moves the next row.
    let crlf = "date,service,cost\r\n2025-01-01,EC2,1\r\n2025-13-45,EC2,1\r\n";
    let (_, err, _) = ingest_text("crlf.csv", crlf.as_bytes());
    assert!(matches!(&err, Error::BadValue { line: 3, column, .. } if column == "date"), "{err:?}");
    let quoted = "date,service,cost\r\n2025-01-01,\"EC2\r\nlarge\",1\r\n2025-01-02,EC2,x\r\n";
    let (_, err, _) = ingest_text("quoted.csv", quoted.as_bytes());
    assert!(matches!(&err, Error::BadValue { line: 4, column, .. } if column == "cost"), "{err:?}");
    let lf = "date,service,cost\n2025-01-01,\"EC2\nlarge\",1\n2025-01-02,EC2,x\n";
    let (_, err, _) = ingest_text("quoted_lf.csv", lf.as_bytes());
    assert!(matches!(&err, Error::BadValue { line: 4, .. }), "{err:?}");
}
