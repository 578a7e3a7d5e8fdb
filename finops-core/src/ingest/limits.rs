//! The limits that keep reading one file in bounded memory and time, whatever the file holds (README, "What
//! ingest guarantees"). Each is far beyond what a real export needs, and each is enforced while the bytes
//! stream in, before anything is buffered beyond it.
//!
//! - A row (the header too) is at most [`MAX_ROW_BYTES`]: a real row is a few kilobytes. Enforced by counting
//!   the bytes since the row began as the CSV reader pulls them, so a 1 GB field (quoted, with newlines in
//!   it or not) is refused after 4 MiB. JSON lines are read with the same limit.
//! - A header has at most [`MAX_COLUMNS`] columns: a legacy CUR with every tag a column has hundreds.
//! - gzip: the decompressed bytes may not outgrow [`MAX_GZIP_RATIO`] times the compressed bytes consumed so
//!   far, plus [`GZIP_ALLOWANCE`]. Exports compress 8 to 20 times; a gzip bomb about 1,000 times.
//! - JSON nesting: serde_json's limit of 128 levels, in tags, credits and JSON-lines files alike.

use std::io::{self, BufRead, Read};
use std::path::Path;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

use crate::error::Error;

/// The longest row (or header, or JSON line) read, in bytes.
pub(crate) const MAX_ROW_BYTES: u64 = 4 << 20;
/// The most columns a header may have.
pub(crate) const MAX_COLUMNS: usize = 10_000;
/// How many times its compressed size a gzip stream may decompress to (beyond [`GZIP_ALLOWANCE`]).
pub(crate) const MAX_GZIP_RATIO: u64 = 200;
/// Decompressed bytes always allowed, so a short file's start (a header, similar rows) is never judged alone.
pub(crate) const GZIP_ALLOWANCE: u64 = 16 << 20;

/// Which limit an input went over; carried inside an `io::Error` from the readers below up to the source.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Exceeded {
    /// A row longer than [`MAX_ROW_BYTES`].
    Row,
    /// A gzip stream past [`MAX_GZIP_RATIO`].
    Gzip,
}

impl std::fmt::Display for Exceeded {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Exceeded::Row => "row over the size limit",
            Exceeded::Gzip => "gzip stream over the decompression limit",
        })
    }
}

impl std::error::Error for Exceeded {}

impl Exceeded {
    pub(crate) fn into_io(self) -> io::Error {
        io::Error::other(self)
    }

    /// The limit an I/O error reports, if it is one of these.
    pub(crate) fn of(error: &io::Error) -> Option<Exceeded> {
        error.get_ref().and_then(|e| e.downcast_ref::<Exceeded>()).copied()
    }

    /// The error for `path`, the limit having been hit in the row starting at `line`.
    pub(crate) fn error(self, path: &Path, line: u64) -> Error {
        let (what, limit) = match self {
            Exceeded::Row if line <= 1 => ("the header is longer than", format!("{} MiB", MAX_ROW_BYTES >> 20)),
            Exceeded::Row => ("this row is longer than", format!("{} MiB", MAX_ROW_BYTES >> 20)),
            Exceeded::Gzip => (
                "the gzip stream decompresses to more than",
                format!("{MAX_GZIP_RATIO} times its compressed size (plus {} MiB); a gzip bomb?", GZIP_ALLOWANCE >> 20),
            ),
        };
        Error::TooLarge { path: path.to_path_buf(), line, what: what.to_string(), limit }
    }
}

/// The error for a header of `columns` columns, if that is too many.
pub(crate) fn check_columns(path: &Path, columns: usize) -> Result<(), Error> {
    if columns <= MAX_COLUMNS {
        return Ok(());
    }
    Err(Error::TooLarge {
        path: path.to_path_buf(),
        line: 1,
        what: format!("the header has {columns} columns, more than"),
        limit: format!("{MAX_COLUMNS}"),
    })
}

/// Where the row being read began, in bytes of the (decompressed) input: set by the source after each row.
#[derive(Clone, Default)]
pub(crate) struct RowStart(Arc<AtomicU64>);

impl RowStart {
    pub(crate) fn set(&self, offset: u64) {
        self.0.store(offset, Ordering::Relaxed);
    }

    pub(crate) fn get(&self) -> u64 {
        self.0.load(Ordering::Relaxed)
    }

    /// An error when `offset` (bytes read so far) is more than a row past the row's start.
    pub(crate) fn check(&self, offset: u64) -> io::Result<()> {
        match offset.saturating_sub(self.0.load(Ordering::Relaxed)) > MAX_ROW_BYTES {
            true => Err(Exceeded::Row.into_io()),
            false => Ok(()),
        }
    }
}

/// Counts the compressed bytes the gzip decoder consumes (not those merely buffered).
pub(crate) struct Consumed<R> {
    inner: R,
    count: Arc<AtomicU64>,
}

impl<R> Consumed<R> {
    pub(crate) fn new(inner: R) -> (Self, Arc<AtomicU64>) {
        let count = Arc::new(AtomicU64::new(0));
        (Consumed { inner, count: count.clone() }, count)
    }
}

impl<R: Read> Read for Consumed<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.count.fetch_add(n as u64, Ordering::Relaxed);
        Ok(n)
    }
}

impl<R: BufRead> BufRead for Consumed<R> {
    fn fill_buf(&mut self) -> io::Result<&[u8]> {
        self.inner.fill_buf()
    }

    fn consume(&mut self, amt: usize) {
        self.count.fetch_add(amt as u64, Ordering::Relaxed);
        self.inner.consume(amt);
    }
}

/// A gzip decoder's output, refused once it outgrows the compressed input (see the module docs).
pub(crate) struct RatioLimit<R> {
    inner: R,
    compressed: Arc<AtomicU64>,
    decompressed: u64,
}

impl<R> RatioLimit<R> {
    pub(crate) fn new(inner: R, compressed: Arc<AtomicU64>) -> Self {
        RatioLimit { inner, compressed, decompressed: 0 }
    }
}

impl<R: Read> Read for RatioLimit<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.decompressed += n as u64;
        let allowed = GZIP_ALLOWANCE + MAX_GZIP_RATIO.saturating_mul(self.compressed.load(Ordering::Relaxed));
        if self.decompressed > allowed {
            return Err(Exceeded::Gzip.into_io());
        }
        Ok(n)
    }
}

/// Reads one line (through its `\n`, if any) into `line`, refusing one longer than [`MAX_ROW_BYTES`]; 0 at the
/// end.
pub(crate) fn read_line(reader: &mut impl BufRead, line: &mut Vec<u8>) -> io::Result<usize> {
    line.clear();
    let n = reader.by_ref().take(MAX_ROW_BYTES + 1).read_until(b'\n', line)?;
    if n as u64 > MAX_ROW_BYTES {
        return Err(Exceeded::Row.into_io());
    }
    Ok(n)
}
