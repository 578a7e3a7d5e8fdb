//! Streaming CSV output shared by every format: one reusable row buffer, optional gzip, and the running
//! billed/effective totals that end up in the manifest.
//!
//! Totals are summed from the very numbers that are written (rounded by [`money`] first), so a reader that
//! parses the file and applies the same mapping gets the same sums, not sums of unrounded intermediates.

use std::fmt::Write as _;
use std::fs::{self, File};
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use flate2::write::GzEncoder;
use flate2::Compression;

use super::{SynthFile, SynthFormat};

/// Declares a header as an enum (one variant per column, in file order) and the matching `&[&str]`.
/// Writers address cells by variant, so a value can never land under the wrong column name.
macro_rules! columns {
    ($vis:vis enum $name:ident, const $header:ident = { $($variant:ident => $column:literal),* $(,)? }) => {
        // Every column of the real export is declared, including the ones the generator leaves empty.
        #[allow(dead_code)]
        #[derive(Debug, Clone, Copy)]
        $vis enum $name { $($variant),* }
        $vis const $header: &[&str] = &[$($column),*];
        impl From<$name> for usize {
            fn from(column: $name) -> usize {
                column as usize
            }
        }
    };
}
pub(super) use columns;

/// Rounds an amount to 10 decimal places (the precision of the FOCUS sample data) and turns -0 into 0.
pub(super) fn money(amount: f64) -> f64 {
    let rounded = (amount * 1e10).round() / 1e10;
    if rounded == 0.0 {
        0.0
    } else {
        rounded
    }
}

/// The file handle under the CSV writer: plain or gzip, kept as an enum so that `finish` can report a
/// failure of the gzip trailer instead of losing it in a destructor.
enum Output {
    Plain(BufWriter<File>),
    Gzip(Box<GzEncoder<BufWriter<File>>>),
}

impl Write for Output {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        match self {
            Output::Plain(w) => w.write(buf),
            Output::Gzip(w) => w.write(buf),
        }
    }

    fn flush(&mut self) -> io::Result<()> {
        match self {
            Output::Plain(w) => w.flush(),
            Output::Gzip(w) => w.flush(),
        }
    }
}

/// What a finished file is about, for its manifest entry.
pub(super) struct FileMeta {
    pub(super) format: SynthFormat,
    pub(super) provider: &'static str,
    pub(super) billing_account_id: String,
    pub(super) billing_period_start: NaiveDate,
    pub(super) currency: String,
}

/// One CSV file being written.
pub(super) struct CsvSink {
    writer: csv::Writer<Output>,
    path: PathBuf,
    record: Vec<String>,
    rows: u64,
    billed: f64,
    effective: f64,
    meta: FileMeta,
}

impl CsvSink {
    /// Creates `path` (plus `.gz` when `gzip`), its parent directories, and writes the header.
    /// `bom` starts the file with a UTF-8 byte-order mark, as Azure's portal exports do.
    pub(super) fn create(path: &Path, header: &[&str], gzip: bool, bom: bool, meta: FileMeta) -> io::Result<Self> {
        let path = if gzip {
            let mut name = path.as_os_str().to_owned();
            name.push(".gz");
            PathBuf::from(name)
        } else {
            path.to_path_buf()
        };
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent)?;
        }
        let file = BufWriter::with_capacity(1 << 16, File::create(&path)?);
        let mut output =
            if gzip { Output::Gzip(Box::new(GzEncoder::new(file, Compression::fast()))) } else { Output::Plain(file) };
        if bom {
            output.write_all("\u{feff}".as_bytes())?;
        }
        let mut writer = csv::WriterBuilder::new().from_writer(output);
        writer.write_record(header)?;
        Ok(CsvSink {
            writer,
            path,
            record: vec![String::new(); header.len()],
            rows: 0,
            billed: 0.0,
            effective: 0.0,
            meta,
        })
    }

    /// Sets a text cell of the current row.
    pub(super) fn text(&mut self, column: impl Into<usize>, value: &str) {
        let cell = &mut self.record[column.into()];
        cell.clear();
        cell.push_str(value);
    }

    /// Sets a numeric cell; `f64`'s `Display` is the shortest text that parses back to the same value.
    pub(super) fn num(&mut self, column: impl Into<usize>, value: f64) {
        let cell = &mut self.record[column.into()];
        cell.clear();
        // Writing into a String cannot fail.
        let _ = write!(cell, "{}", if value == 0.0 { 0.0 } else { value });
    }

    /// Sets a cell from anything printable (dates, integers).
    pub(super) fn show(&mut self, column: impl Into<usize>, value: impl std::fmt::Display) {
        let cell = &mut self.record[column.into()];
        cell.clear();
        let _ = write!(cell, "{value}");
    }

    /// Writes the current row, adds its FOCUS BilledCost/EffectiveCost to the file totals, clears the buffer.
    pub(super) fn end_row(&mut self, billed: f64, effective: f64) -> io::Result<()> {
        self.writer.write_record(&self.record)?;
        for cell in &mut self.record {
            cell.clear();
        }
        self.rows += 1;
        self.billed += billed;
        self.effective += effective;
        Ok(())
    }

    /// Flushes everything (including the gzip trailer) and describes the file.
    pub(super) fn finish(self) -> io::Result<SynthFile> {
        let output = self.writer.into_inner().map_err(|e| e.into_error())?;
        match output {
            Output::Plain(mut w) => w.flush()?,
            Output::Gzip(w) => w.finish()?.flush()?,
        }
        Ok(SynthFile {
            path: self.path,
            format: self.meta.format,
            provider: self.meta.provider.to_string(),
            billing_account_id: self.meta.billing_account_id,
            billing_period_start: self.meta.billing_period_start,
            rows: self.rows,
            billed_total: money(self.billed),
            effective_total: money(self.effective),
            currency: self.meta.currency,
        })
    }
}
