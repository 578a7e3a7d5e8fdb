"""The finops exception hierarchy.

Defined in Python so that errors caused by the caller's input also subclass ``ValueError``: plain
``except ValueError`` works. Each exception carries ``path``, ``line`` and ``column`` (None when unknown).
"""

from __future__ import annotations


class FinopsError(Exception):
    """Root of every finops error."""

    path: str | None = None
    line: int | None = None
    column: str | None = None


class FinopsInputError(FinopsError, ValueError):
    """The input (a file or an argument) is wrong; nothing was stored."""


class UnknownFormatError(FinopsInputError):
    """No known billing-export format matches the file's header."""


class UnsupportedReportError(FinopsInputError):
    """The file is a billing report finops recognises but cannot import (an OCI usage report, which has no
    cost); the message says which report to export instead."""


class MissingColumnError(FinopsInputError):
    """The detected format requires a column the file lacks."""


class DuplicateColumnError(FinopsInputError):
    """The header names a column twice."""


class EmptyFileError(FinopsInputError):
    """The file has no header or no data rows."""


class EncodingError(FinopsInputError):
    """The file is not UTF-8 text."""


class MalformedFileError(FinopsInputError):
    """The file's structure is broken: a truncated or ragged row, invalid CSV, JSON or Parquet."""


class RaggedRowError(MalformedFileError):
    """A row has more or fewer fields than the rows before it (usually a truncated file); ``line`` names it."""


class TooLargeError(MalformedFileError):
    """The file goes over a limit that keeps reading it in bounded memory: a row over 4 MiB, a header of more than
    10,000 columns, a gzip stream that decompresses to over 200 times its size (a gzip bomb)."""


class ParquetError(MalformedFileError):
    """A Parquet file cannot be read."""


class BadValueError(FinopsInputError):
    """A value cannot be read as its column's type (a non-numeric cost, a bad date)."""


class NoFilesError(FinopsInputError):
    """A directory or glob matched no files."""


class InvalidArgumentError(FinopsInputError):
    """An argument is invalid."""


class NotAvailableError(FinopsInputError):
    """What was asked needs detail the data does not hold: a workspace over a daily aggregate (from Spark) has no
    line items (resource filters, recommendations) and no database to write to (ingest, feedback)."""


class CurrencyError(FinopsInputError):
    """The selection holds several currencies and no rate converts them (or a rate is missing).

    Pick one with ``currency=``, or pass ``rates=`` (units of ``currency`` per unit of each other currency).
    """


class MixedCurrenciesError(CurrencyError):
    """The selection holds several currencies: pick one with ``currency=`` or convert with ``rates=``."""


class MissingRateError(CurrencyError):
    """``rates=`` converts into ``currency`` but lacks a currency the selection holds."""


class ConfigError(FinopsInputError):
    """A setting (environment variable or ``.env`` entry) has an unusable value; ``column`` names it."""


class DatabaseError(FinopsError):
    """The database could not be read or written."""


class SchemaTooNewError(DatabaseError):
    """The database was written by a newer finops: upgrade finops to open it."""


class ComputationError(FinopsError):
    """Computing a result table failed inside the engine (a bug: please report it with the message)."""


class ForecastModelError(FinopsError):
    """A forecasting model could not be fitted to a series."""


class LlmNotConfiguredError(FinopsError):
    """A chat needs a language model and none is configured (set ``OPENAI_API_KEY``)."""


class LlmError(FinopsError):
    """The language model's server answered with an error or could not be reached (the message never holds
    the API key)."""


class LlmTimeoutError(LlmError):
    """The language model did not answer in time."""
