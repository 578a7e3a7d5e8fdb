//! The one error type of finops-core. Each variant names what went wrong and where, so a user can fix the
//! input without reading code.

use std::path::PathBuf;

/// Everything that can go wrong in finops-core.
///
/// Not `#[non_exhaustive]`: the bindings (finops-py) map every variant to an exception of its own, and a new
/// variant must fail their build until it has one, not fall into a catch-all.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A file or directory could not be read or written.
    #[error("{path}: {source}")]
    Io {
        /// The file involved.
        path: PathBuf,
        /// The operating system's error.
        source: std::io::Error,
    },
    /// No known export format matches the file's header.
    #[error("{path}: not a known billing export; tried {tried}. First columns: {columns}")]
    UnknownFormat {
        /// The file.
        path: PathBuf,
        /// The formats that were tried, comma separated.
        tried: String,
        /// The first columns of the header, to help recognise the file.
        columns: String,
    },
    /// A column that the detected format requires is absent.
    #[error("{path}: {format} export is missing required column `{column}`")]
    MissingColumn {
        /// The file.
        path: PathBuf,
        /// The detected format.
        format: &'static str,
        /// The missing column (or the alternatives that were accepted).
        column: String,
    },
    /// The header names the same column twice.
    #[error("{path}: duplicate column `{column}` in the header (columns {first} and {second})")]
    DuplicateColumn {
        /// The file.
        path: PathBuf,
        /// The repeated name.
        column: String,
        /// 1-based position of the first occurrence.
        first: usize,
        /// 1-based position of the second occurrence.
        second: usize,
    },
    /// The file has no header or no rows.
    #[error("{path}: the file is empty")]
    EmptyFile {
        /// The file.
        path: PathBuf,
    },
    /// The file is not UTF-8 text.
    #[error("{path}: line {line}: not valid UTF-8 text (export the file as UTF-8)")]
    Encoding {
        /// The file.
        path: PathBuf,
        /// 1-based line where decoding failed.
        line: u64,
    },
    /// A row has a different number of fields than the header (usually a truncated file).
    #[error("{path}: line {line}: row has {found} fields where the rows before it have {expected} (truncated or malformed row)")]
    RaggedRow {
        /// The file.
        path: PathBuf,
        /// 1-based line.
        line: u64,
        /// Fields in the file's other rows.
        expected: usize,
        /// Fields in the row.
        found: usize,
    },
    /// The file is a billing report finops recognises but cannot store, with what to export instead.
    #[error("{path}: recognised as an {report}, which finops cannot import: {advice}")]
    UnsupportedReport {
        /// The file.
        path: PathBuf,
        /// What the file is (`OCI usage report`).
        report: &'static str,
        /// Why it cannot be stored and what to export instead.
        advice: &'static str,
    },
    /// A value could not be read as the type its column needs.
    #[error("{path}: line {line}, column `{column}`: {problem}: {value:?}")]
    BadValue {
        /// The file.
        path: PathBuf,
        /// 1-based line (for Parquet, 1-based row + 1 as if a header preceded it).
        line: u64,
        /// The column holding the value.
        column: String,
        /// The value as found.
        value: String,
        /// What is wrong with it.
        problem: &'static str,
    },
    /// The CSV or JSON syntax itself is broken.
    #[error("{path}: line {line}: {message}")]
    Malformed {
        /// The file.
        path: PathBuf,
        /// 1-based line.
        line: u64,
        /// What the parser said.
        message: String,
    },
    /// The file goes over one of the limits that keep reading it in bounded memory: a row's size, the header's
    /// columns, a gzip stream's decompression ratio (README, "What ingest guarantees").
    #[error("{path}: line {line}: {what} {limit}")]
    TooLarge {
        /// The file.
        path: PathBuf,
        /// 1-based line where the row (or the stream's part) over the limit starts.
        line: u64,
        /// What went over (`this row is longer than`).
        what: String,
        /// The limit (`4 MiB`).
        limit: String,
    },
    /// A Parquet file could not be read.
    #[error("{path}: cannot read Parquet: {message}")]
    Parquet {
        /// The file.
        path: PathBuf,
        /// What the reader said.
        message: String,
    },
    /// A path pattern matched nothing.
    #[error("no files match {pattern}")]
    NoFiles {
        /// The path or glob given.
        pattern: String,
    },
    /// The database could not be read or written.
    #[error("database {path}: {source}")]
    Database {
        /// The database file.
        path: PathBuf,
        /// SQLite's error.
        source: rusqlite::Error,
    },
    /// The database was written by a newer finops.
    #[error("database {path} has schema version {found}; this finops knows up to {supported}. Upgrade finops.")]
    SchemaTooNew {
        /// The database file.
        path: PathBuf,
        /// Version in the file.
        found: i64,
        /// Newest version this build knows.
        supported: i64,
    },
    /// Building a DataFrame failed.
    #[error("building the result table: {0}")]
    Polars(#[from] polars::error::PolarsError),
    /// A filter or option is invalid.
    #[error("invalid argument: {0}")]
    InvalidArgument(String),
    /// What was asked needs detail the data does not hold: a daily aggregate handed over by another engine
    /// (Spark) has no line items, and a workspace over it no database to write to.
    #[error("{what} needs {data} to hold more than it does (line items, or a database to write to)")]
    NotAvailable {
        /// What was asked (`a filter on resource ids`, `recommendations`).
        what: &'static str,
        /// The data it was asked of ([`crate::store`]'s description of its source).
        data: String,
    },
    /// The selection holds costs in several currencies, and adding them would be wrong. Pick one currency
    /// (`Filter::currency`) or convert with rates (`Filter::rates`).
    #[error("the selection holds costs in several currencies ({}); pick one with `currency`, or pass `rates` to convert them into one", currencies.join(", "))]
    MixedCurrencies {
        /// The currencies found, sorted.
        currencies: Vec<String>,
    },
    /// Conversion rates were given, but not for a currency the selection holds.
    #[error("no conversion rate from {currency} to {target}: add it to `rates` or filter it out")]
    MissingRate {
        /// The currency without a rate.
        currency: String,
        /// The currency converted into.
        target: String,
    },
    /// A forecasting model could not be fitted to a series (the model's own message). The forecast service
    /// leaves such a model out; only [`crate::services::forecast::Model::forecast`] returns it.
    #[error("forecast model {model} failed: {reason}")]
    ForecastModel {
        /// [`crate::services::forecast::Model::as_str`].
        model: &'static str,
        /// What the model said.
        reason: String,
    },
    /// A configuration value (environment variable or `.env` entry) cannot be used.
    #[error("{origin}: {variable}={value:?} is not {expected}")]
    Config {
        /// Where the value came from: `environment` or the `.env` file's path.
        origin: String,
        /// The variable, such as `CACHE_TTL`.
        variable: String,
        /// The value as found.
        value: String,
        /// What it should be.
        expected: &'static str,
    },
    /// A chat needs a language model and none is configured.
    #[error("no language model is configured: set OPENAI_API_KEY (and OPENAI_API_BASE for another OpenAI-compatible provider)")]
    LlmNotConfigured,
    /// The language model's server answered with an error, or could not be reached. The message never holds
    /// the API key.
    #[error("language model at {api_base}: {}{message}", status.map(|s| format!("HTTP {s}: ")).unwrap_or_default())]
    Llm {
        /// The server (OPENAI_API_BASE).
        api_base: String,
        /// The HTTP status, when the server answered.
        status: Option<u16>,
        /// What the server or the client said.
        message: String,
    },
    /// The language model did not answer in time.
    #[error("language model at {api_base} did not answer within {seconds} s")]
    LlmTimeout {
        /// The server (OPENAI_API_BASE).
        api_base: String,
        /// The time limit.
        seconds: f64,
    },
}

impl Error {
    /// True when the error is the caller's input (a file or an argument), not the system.
    pub fn is_input_error(&self) -> bool {
        !matches!(
            self,
            Error::Io { .. }
                | Error::Database { .. }
                | Error::Polars(_)
                | Error::SchemaTooNew { .. }
                | Error::ForecastModel { .. }
                | Error::Llm { .. }
                | Error::LlmTimeout { .. }
        )
    }
}

/// Result with the crate's [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;
