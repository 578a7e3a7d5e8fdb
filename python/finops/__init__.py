"""finops: a FinOps engine for notebooks.

Ingest cloud billing exports (AWS CUR and CUR 2.0, Azure cost details, GCP BigQuery export, OCI cost
reports, FOCUS 1.0-1.3, simple CSVs) into a local SQLite database normalized to FOCUS 1.2, then analyse
them::

    import finops
    ws = finops.Workspace()            # data/finops.db, or $FINOPS_DB
    ws.ingest("exports/")              # files, directories, globs; idempotent
    df = ws.line_items(services=["Amazon Elastic Compute Cloud"])   # a polars DataFrame
    ws.kpis(currency="USD", preset="last_month")                     # total, average, change, ...
    ws.ranking(by="service", top_n=10, currency="USD")               # a polars DataFrame
    ws.anomalies(currency="USD").events                              # cost anomalies, root causes
    ws.forecast(currency="USD", horizon="3m").chart()                # forecast with 80%/95% intervals
    ws.ask("What drove the change last month?")                      # chat (offline without an API key)
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from finops._errors import (
    BadValueError,
    ComputationError,
    ConfigError,
    CurrencyError,
    DatabaseError,
    DuplicateColumnError,
    EmptyFileError,
    EncodingError,
    FinopsError,
    FinopsInputError,
    ForecastModelError,
    InvalidArgumentError,
    LlmError,
    LlmNotConfiguredError,
    LlmTimeoutError,
    MalformedFileError,
    MissingColumnError,
    MissingRateError,
    MixedCurrenciesError,
    NoFilesError,
    NotAvailableError,
    ParquetError,
    RaggedRowError,
    SchemaTooNewError,
    TooLargeError,
    UnknownFormatError,
    UnsupportedReportError,
)
from finops._finops import (
    DAILY_FRAME_COLUMNS,
    Anomalies,
    Answer,
    Chat,
    FileReport,
    Filter,
    Forecast,
    ImportReport,
    Insights,
    Kpis,
    Projection,
    Recommendations,
    Workspace,
    __build__,
    __version__,
    default_db_path,
    generate_cur_benchmark,
    generate_sample,
    init_logging,
)
from finops.types import Dimension, Feedback, FilterArgs, Metric, Panel, Preset, Sensitivity

if TYPE_CHECKING:
    from finops.app import Dashboard


def dashboard(ws: Workspace | None = None, *, by: str = "service", top_n: int = 10) -> Dashboard:
    """The dashboard app (filters, KPI cards, a tab per panel) on ``ws``, default ``Workspace()``: display it in
    JupyterLab, or serve ``notebooks/dashboard.ipynb`` with ``make dashboard``. See ``finops.app``."""
    from finops.app import dashboard as build  # ipywidgets only when asked for

    return build(ws, by=by, top_n=top_n)


def load_ipython_extension(ipython: object) -> None:
    """``%load_ext finops``: the ``%%finops`` cell magic (see ``finops.magic``)."""
    from finops.magic import load_ipython_extension as load

    load(ipython)


__all__ = [
    "DAILY_FRAME_COLUMNS",
    "Anomalies",
    "Answer",
    "BadValueError",
    "Chat",
    "ComputationError",
    "ConfigError",
    "CurrencyError",
    "DatabaseError",
    "Dimension",
    "DuplicateColumnError",
    "EmptyFileError",
    "EncodingError",
    "Feedback",
    "FileReport",
    "Filter",
    "FilterArgs",
    "FinopsError",
    "FinopsInputError",
    "Forecast",
    "ForecastModelError",
    "ImportReport",
    "Insights",
    "InvalidArgumentError",
    "Kpis",
    "LlmError",
    "LlmNotConfiguredError",
    "LlmTimeoutError",
    "MalformedFileError",
    "Metric",
    "MissingColumnError",
    "MissingRateError",
    "MixedCurrenciesError",
    "NoFilesError",
    "NotAvailableError",
    "Panel",
    "ParquetError",
    "Preset",
    "Projection",
    "RaggedRowError",
    "Recommendations",
    "SchemaTooNewError",
    "Sensitivity",
    "TooLargeError",
    "UnknownFormatError",
    "UnsupportedReportError",
    "Workspace",
    "__build__",
    "__version__",
    "dashboard",
    "default_db_path",
    "generate_cur_benchmark",
    "generate_sample",
    "init_logging",
]
