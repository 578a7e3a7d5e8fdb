//! Reading a file into a header and a stream of text records, whatever its container: CSV (with or
//! without a byte-order mark, gzip-compressed or not), Parquet, or newline-delimited JSON.
//!
//! Everything is handed to the format mappers as text so each mapping is written once; Parquet and
//! JSON values are rendered to the same text a CSV export would hold.

use std::collections::VecDeque;
use std::fs::File;
use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use csv::StringRecord;

use super::json::flatten_json_line;
use super::limits::{self, Exceeded, RowStart};
use super::parquet::ParquetRecords;
use crate::error::{Error, Result};

/// Byte offsets of the newlines the CSV reader has read ahead of the records handed out so far.
///
/// Line numbers come from these rather than from the csv crate's own count, which is one short on every record
/// of a file with CRLF line ends (Azure's): a record's line is one more than the newlines before its first byte.
#[derive(Clone, Default)]
struct Newlines(Arc<Mutex<VecDeque<u64>>>);

/// The file's bytes on their way to the CSV reader, noting where the newlines are, and refusing a row longer
/// than the limit before the reader has buffered more of it (`limits`).
struct NewlineCounter {
    inner: Box<dyn Read + Send>,
    offset: u64,
    newlines: Newlines,
    row_start: RowStart,
}

impl Read for NewlineCounter {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        let mut queue = self.newlines.0.lock().unwrap_or_else(|p| p.into_inner());
        queue.extend(memchr::memchr_iter(b'\n', &buf[..n]).map(|i| self.offset + i as u64));
        self.offset += n as u64;
        self.row_start.check(self.offset)?;
        Ok(n)
    }
}

/// A CSV file being read: the reader, the newlines it has read so far and how many lie before the current
/// record, and where the current record started.
struct CsvRecords {
    reader: csv::Reader<Box<dyn Read + Send>>,
    newlines: Newlines,
    before: u64,
    row_start: RowStart,
}

/// Where records come from.
enum Records {
    /// Streamed from a CSV file.
    Csv(Box<CsvRecords>),
    /// Streamed from a newline-delimited JSON file.
    Json(JsonLines),
    /// Rendered from a Parquet file a chunk of rows at a time (polars reads whole files).
    Parquet(Box<ParquetRecords>),
}

/// An opened file: its header, and its records still to read.
pub(crate) struct Source {
    pub(crate) path: PathBuf,
    pub(crate) header: Vec<String>,
    records: Records,
    line: u64,
    /// Fields per row, fixed by the first data row. Some exports are consistently off by a trailing field
    /// (every row ends with an unnamed value, or omits the header's last column): that is a layout, not a
    /// damaged file. A row that then differs from the others is ragged. Missing trailing fields read as empty.
    width: Option<usize>,
}

/// The container of a file, from its name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Container {
    Csv,
    Parquet,
    Json,
}

pub(crate) fn container_of(path: &Path) -> Container {
    let name = path.file_name().map(|n| n.to_string_lossy().to_lowercase()).unwrap_or_default();
    let name = name.strip_suffix(".gz").unwrap_or(&name);
    if name.ends_with(".parquet") {
        Container::Parquet
    } else if name.ends_with(".json") || name.ends_with(".jsonl") || name.ends_with(".ndjson") {
        Container::Json
    } else {
        Container::Csv
    }
}

fn io_err(path: &Path) -> impl FnOnce(std::io::Error) -> Error + '_ {
    move |source| Error::Io { path: path.to_path_buf(), source }
}

/// Opens the file's bytes, decompressing gzip (detected by its magic number, not its name).
pub(crate) fn open_bytes(path: &Path) -> Result<Box<dyn Read + Send>> {
    let file = File::open(path).map_err(io_err(path))?;
    let mut reader = BufReader::with_capacity(1 << 20, file);
    let magic = reader.fill_buf().map_err(io_err(path))?;
    if magic.starts_with(&[0x1f, 0x8b]) {
        let (compressed, consumed) = limits::Consumed::new(reader);
        let decoder = flate2::bufread::MultiGzDecoder::new(compressed);
        Ok(Box::new(BufReader::with_capacity(1 << 20, limits::RatioLimit::new(decoder, consumed))))
    } else {
        Ok(Box::new(reader))
    }
}

impl Source {
    /// Opens `path` and reads its header.
    pub(crate) fn open(path: &Path) -> Result<Source> {
        match container_of(path) {
            Container::Csv => Self::open_csv(path),
            Container::Parquet => {
                let (header, rows) = ParquetRecords::open(path)?;
                limits::check_columns(path, header.len())?;
                let records = Records::Parquet(Box::new(rows));
                Ok(Source { path: path.to_path_buf(), header, records, line: 1, width: None })
            }
            Container::Json => {
                let (header, records) = JsonLines::open(path)?;
                Ok(Source { path: path.to_path_buf(), header, records: Records::Json(records), line: 1, width: None })
            }
        }
    }

    fn open_csv(path: &Path) -> Result<Source> {
        let mut bytes = open_bytes(path)?;
        let mut head = [0u8; 3];
        let n = peek(&mut bytes, &mut head, path)?;
        if n >= 2 && (head[..2] == [0xFF, 0xFE] || head[..2] == [0xFE, 0xFF]) {
            // UTF-16 (some Azure downloads): refuse clearly rather than read garbage.
            return Err(Error::Encoding { path: path.to_path_buf(), line: 1 });
        }
        // A UTF-8 byte-order mark (Azure exports) is not part of the first column's name.
        let keep = if head[..n] == [0xEF, 0xBB, 0xBF] { &head[3..n] } else { &head[..n] };
        let chained: Box<dyn Read + Send> = Box::new(std::io::Cursor::new(keep.to_vec()).chain(bytes));
        let newlines = Newlines::default();
        let row_start = RowStart::default();
        let counted: Box<dyn Read + Send> = Box::new(NewlineCounter {
            inner: chained,
            offset: 0,
            newlines: newlines.clone(),
            row_start: row_start.clone(),
        });
        // flexible: ragged rows are reported by us with the line number, not as csv's generic error.
        let mut reader = csv::ReaderBuilder::new().flexible(true).has_headers(true).from_reader(counted);
        let header = match reader.headers() {
            Ok(h) => {
                limits::check_columns(path, h.len())?;
                h.iter().map(|s| s.trim().to_string()).collect::<Vec<_>>()
            }
            Err(e) => return Err(csv_error(path, e, Some(1))),
        };
        if header.iter().all(String::is_empty) {
            return Err(Error::EmptyFile { path: path.to_path_buf() });
        }
        row_start.set(reader.position().byte());
        let records = Records::Csv(Box::new(CsvRecords { reader, newlines, before: 0, row_start }));
        Ok(Source { path: path.to_path_buf(), header, records, line: 1, width: None })
    }

    /// Reads the next record into `record`; false at the end. Checks the field count.
    pub(crate) fn next_record(&mut self, record: &mut StringRecord) -> Result<bool> {
        let more = match &mut self.records {
            Records::Csv(csv) => match csv.reader.read_record(record) {
                Ok(more) => {
                    csv.row_start.set(csv.reader.position().byte());
                    more
                }
                Err(e) => {
                    // An I/O error (a limit, a truncated gzip stream) has no position: the record's start has.
                    let at = e.position().map_or(csv.row_start.get(), |p| p.byte());
                    let line = line_at(&csv.newlines, &mut csv.before, at);
                    return Err(csv_error(&self.path, e, Some(line)));
                }
            },
            Records::Json(json) => json.next_record(record)?,
            Records::Parquet(rows) => rows.next_record(record)?,
        };
        if !more {
            return Ok(false);
        }
        self.line = match &mut self.records {
            Records::Csv(csv) => match record.position() {
                Some(p) => line_at(&csv.newlines, &mut csv.before, p.byte()),
                None => self.line + 1,
            },
            Records::Json(json) => json.line,
            Records::Parquet(_) => self.line + 1,
        };
        // The first row fixes the width when it is within a field of the header's (see `width`); a row further
        // off is ragged itself, and the header's width is expected.
        let expected = match self.width {
            Some(width) => width,
            None if record.len().abs_diff(self.header.len()) <= 1 => *self.width.insert(record.len()),
            None => self.header.len(),
        };
        if record.len() != expected {
            return Err(Error::RaggedRow { path: self.path.clone(), line: self.line, expected, found: record.len() });
        }
        Ok(true)
    }

    /// Bytes of (decompressed) input consumed so far; for in-memory sources, 0.
    pub(crate) fn bytes_read(&self) -> u64 {
        match &self.records {
            Records::Csv(csv) => csv.reader.position().byte(),
            Records::Json(json) => json.bytes_read,
            Records::Parquet(_) => 0,
        }
    }

    /// The 1-based line of the last record read.
    pub(crate) fn line(&self) -> u64 {
        self.line
    }
}

fn peek(reader: &mut Box<dyn Read + Send>, buf: &mut [u8; 3], path: &Path) -> Result<usize> {
    let mut n = 0;
    while n < buf.len() {
        match reader.read(&mut buf[n..]).map_err(io_err(path))? {
            0 => break,
            k => n += k,
        }
    }
    if n == 0 {
        return Err(Error::EmptyFile { path: path.to_path_buf() });
    }
    Ok(n)
}

/// The 1-based line of a record starting at byte `offset`, records being read in order: the newlines before
/// it are counted (and forgotten) as the reader passes them. After a CRLF, csv starts the next record at the
/// `\n` it has not consumed yet, so a newline at `offset` itself ends the line before.
fn line_at(newlines: &Newlines, before: &mut u64, offset: u64) -> u64 {
    let mut queue = newlines.0.lock().unwrap_or_else(|p| p.into_inner());
    while queue.front().is_some_and(|&at| at <= offset) {
        queue.pop_front();
        *before += 1;
    }
    *before + 1
}

/// A csv error as ours, at `line` when known (else csv's own count).
fn csv_error(path: &Path, e: csv::Error, line: Option<u64>) -> Error {
    let line = line.or_else(|| e.position().map(|p| p.line())).unwrap_or(0);
    match e.kind() {
        csv::ErrorKind::Utf8 { .. } => Error::Encoding { path: path.to_path_buf(), line },
        csv::ErrorKind::Io(source) if Exceeded::of(source).is_some() => {
            Exceeded::of(source).expect("matched").error(path, line)
        }
        csv::ErrorKind::Io(_) => {
            let csv::ErrorKind::Io(source) = e.into_kind() else { unreachable!("matched above") };
            // A truncated gzip stream surfaces here as UnexpectedEof.
            Error::Io { path: path.to_path_buf(), source }
        }
        _ => Error::Malformed { path: path.to_path_buf(), line, message: e.to_string() },
    }
}

/// A newline-delimited JSON file, streamed: the header (every key of every line, flattened, in order of first
/// appearance) comes from a first pass over the file, the records from a second, so only one line is held at a
/// time.
struct JsonLines {
    path: PathBuf,
    reader: BufReader<Box<dyn Read + Send>>,
    index: std::collections::HashMap<String, usize>,
    buffer: Vec<u8>,
    line: u64,
    bytes_read: u64,
}

impl JsonLines {
    fn open(path: &Path) -> Result<(Vec<String>, JsonLines)> {
        let mut first = JsonLines::start(path, std::collections::HashMap::new())?;
        let mut header: Vec<String> = Vec::new();
        let mut objects = 0u64;
        while let Some(fields) = first.next_object()? {
            objects += 1;
            for (key, _) in fields {
                if !first.index.contains_key(&key) {
                    first.index.insert(key.clone(), header.len());
                    header.push(key);
                    limits::check_columns(path, header.len()).map_err(|_| Error::TooLarge {
                        path: path.to_path_buf(),
                        line: first.line,
                        what: "the lines name more distinct keys than".into(),
                        limit: format!("{} (the column limit)", limits::MAX_COLUMNS),
                    })?;
                }
            }
        }
        if objects == 0 {
            return Err(Error::EmptyFile { path: path.to_path_buf() });
        }
        Ok((header, JsonLines::start(path, first.index)?))
    }

    fn start(path: &Path, index: std::collections::HashMap<String, usize>) -> Result<JsonLines> {
        let reader = BufReader::new(open_bytes(path)?);
        Ok(JsonLines { path: path.to_path_buf(), reader, index, buffer: Vec::new(), line: 0, bytes_read: 0 })
    }

    /// The next non-blank line's flattened fields, `self.line` being its line number.
    fn next_object(&mut self) -> Result<Option<Vec<(String, String)>>> {
        loop {
            let path = &self.path;
            let line = self.line + 1;
            let n = limits::read_line(&mut self.reader, &mut self.buffer).map_err(|source| {
                match (Exceeded::of(&source), source.kind()) {
                    (Some(_), _) => Error::TooLarge {
                        path: path.clone(),
                        line,
                        what: "this line is longer than".into(),
                        limit: format!("{} MiB", limits::MAX_ROW_BYTES >> 20),
                    },
                    (None, std::io::ErrorKind::InvalidData) => Error::Encoding { path: path.clone(), line },
                    (None, _) => Error::Io { path: path.clone(), source },
                }
            })?;
            if n == 0 {
                return Ok(None);
            }
            self.line = line;
            self.bytes_read += n as u64;
            let text = std::str::from_utf8(&self.buffer).map_err(|_| Error::Encoding { path: path.clone(), line })?;
            if text.trim().is_empty() {
                continue;
            }
            let fields =
                flatten_json_line(text).map_err(|message| Error::Malformed { path: path.clone(), line, message })?;
            return Ok(Some(fields));
        }
    }

    /// Reads the next object into `record` (`self.line` is its line); false at the end.
    fn next_record(&mut self, record: &mut StringRecord) -> Result<bool> {
        let Some(fields) = self.next_object()? else { return Ok(false) };
        let mut values = vec![String::new(); self.index.len()];
        for (key, value) in fields {
            match self.index.get(&key) {
                Some(&i) => values[i] = value,
                None => {
                    return Err(Error::Malformed {
                        path: self.path.clone(),
                        line: self.line,
                        message: format!(
                            "key `{key}` was not there when the file was first read: did the file change?"
                        ),
                    })
                }
            }
        }
        *record = StringRecord::from(values);
        Ok(true)
    }
}
