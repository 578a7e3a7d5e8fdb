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


class BadValueError(FinopsInputError):
    """A value cannot be read as its column's type (a non-numeric cost, a bad date)."""


class NoFilesError(FinopsInputError):
    """A directory or glob matched no files."""


class InvalidArgumentError(FinopsInputError):
    """An argument is invalid."""


class CurrencyError(FinopsInputError):
    """The selection holds several currencies and no rate converts them (or a rate is missing).

    Pick one with ``currency=``, or pass ``rates=`` (units of ``currency`` per unit of each other currency).
    """


class ConfigError(FinopsInputError):
    """A setting (environment variable or ``.env`` entry) has an unusable value; ``column`` names it."""


class DatabaseError(FinopsError):
    """The database could not be read or written."""
