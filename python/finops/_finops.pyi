"""Type stubs for the compiled module ``finops._finops`` (checked by ``mypy.stubtest`` in ``make test``)."""

import datetime
from collections.abc import Mapping, Sequence
from os import PathLike
from typing import Callable, final

import pandas as pd  # type: ignore[import-untyped]
import plotly.graph_objects as go  # type: ignore[import-untyped]
import polars as pl
from typing_extensions import Unpack

from finops.charts import Charts
from finops.types import Dimension, Feedback, FilterArgs, Metric, Panel, Preset, Sensitivity

__version__: str
__build__: str
DAILY_FRAME_COLUMNS: list[str]

def default_db_path() -> str:
    """The database used when none is given: ``$FINOPS_DB``, else FINOPS_DB in ``.env``, else ``data/finops.db``."""

def init_logging(level: str | None = None) -> bool:
    """Send finops' log events to stderr at ``level`` (default: LOG_LEVEL, else ``warn``).

    ``level`` is a tracing filter: ``warn``, ``info``, ``debug``, or ``finops_core=debug``. Returns False when
    logging was already set up.
    """

def generate_sample(
    out_dir: str | PathLike[str],
    *,
    seed: int = 42,
    start: str = "2025-01-01",
    months: int = 3,
    accounts: int = 3,
    scale: float = 1.0,
    anomalies: int = 3,
    formats: Sequence[str] | None = None,
) -> str:
    """Write synthetic exports into ``out_dir``; return the manifest JSON.

    ``formats``: any of ``aws``, ``azure``, ``gcp`` (native exports, the default) and ``focus`` (a FOCUS
    rendition of the same charges).
    """

def generate_cur_benchmark(
    path: str | PathLike[str], *, rows: int = 1_200_000, seed: int = 7, month: str = "2025-01-01"
) -> str:
    """Write one legacy AWS CUR CSV of about ``rows`` rows for benchmarks, billing the month of ``month`` (the
    same estate every month); return its description as JSON."""

@final
class Filter:
    """A filter over line items and analyses. Every argument is optional; lists mean "any of".

    Dates: ``start``/``end`` (both included), or ``preset`` (``this_month``, ``last_month``, ``month_to_date``,
    ``last_<n>_days``) or ``last_days=n`` (the n days ending ``today``, which defaults to today in UTC).
    ``metric``: the cost analyses sum (``billed``, ``effective`` (default), ``list``, ``contracted``).
    ``currency``: only rows billed in it; with ``rates`` (units of ``currency`` per unit of each other currency,
    e.g. ``currency="USD", rates={"EUR": 1.08}``) rows in those currencies are converted and included.
    Analyses never add two currencies: a selection spanning several raises ``CurrencyError``.
    """

    def __new__(
        cls,
        *,
        start: datetime.date | str | None = None,
        end: datetime.date | str | None = None,
        providers: Sequence[str] | None = None,
        billing_accounts: Sequence[str] | None = None,
        sub_accounts: Sequence[str] | None = None,
        services: Sequence[str] | None = None,
        service_categories: Sequence[str] | None = None,
        regions: Sequence[str] | None = None,
        resource_ids: Sequence[str] | None = None,
        charge_categories: Sequence[str] | None = None,
        tags: dict[str, str | None] | None = None,
        untagged: bool | Sequence[str] | None = None,
        currency: str | None = None,
        rates: Mapping[str, float] | None = None,
        metric: Metric = "effective",
        preset: Preset | None = None,
        last_days: int | None = None,
        today: datetime.date | str | None = None,
    ) -> Filter: ...
    def replace(self, **changes: Unpack[FilterArgs]) -> Filter:
        """A copy with some keywords changed; ``None`` removes one. A ``preset`` or ``last_days`` replaces the
        dates, a ``start`` or ``end`` replaces the preset (the other bound stays the day it resolved to).
        Analyses given a ``Filter`` and keywords use ``filter.replace(**keywords)``."""
    def to_dict(self) -> FilterArgs:
        """The keywords that build this filter: ``Filter(**f.to_dict()) == f``."""
    @property
    def providers(self) -> list[str]: ...
    @property
    def billing_accounts(self) -> list[str]: ...
    @property
    def sub_accounts(self) -> list[str]: ...
    @property
    def services(self) -> list[str]: ...
    @property
    def service_categories(self) -> list[str]: ...
    @property
    def regions(self) -> list[str]: ...
    @property
    def resource_ids(self) -> list[str]: ...
    @property
    def charge_categories(self) -> list[str]: ...
    @property
    def tags(self) -> dict[str, str | None]:
        """Tag conditions: key to value, or to None for "has the tag"."""
    @property
    def untagged(self) -> bool | list[str] | None: ...
    @property
    def rates(self) -> dict[str, float]: ...
    @property
    def preset(self) -> str | None:
        """The preset given (``start`` and ``end`` hold the days it resolved to)."""
    @property
    def last_days(self) -> int | None: ...
    @property
    def today(self) -> datetime.date | None: ...
    def __eq__(self, value: object, /) -> bool: ...
    @property
    def start(self) -> datetime.date | None:
        """First day included (after resolving a preset)."""
    @property
    def end(self) -> datetime.date | None:
        """Last day included (after resolving a preset)."""
    @property
    def metric(self) -> Metric:
        """``billed``, ``effective``, ``list`` or ``contracted``."""
    @property
    def currency(self) -> str | None:
        """The currency selected (or converted into, with rates)."""

@final
class FileReport:
    """What happened to one file."""

    @property
    def path(self) -> str: ...
    @property
    def import_id(self) -> int | None: ...
    @property
    def status(self) -> str:
        """``imported``, ``already_imported``, ``superseded`` or ``failed``."""
    @property
    def message(self) -> str: ...
    @property
    def format(self) -> str | None: ...
    @property
    def cost_view(self) -> str | None: ...
    @property
    def file_hash(self) -> str: ...
    @property
    def rows_read(self) -> int: ...
    @property
    def rows_stored(self) -> int: ...
    @property
    def rows_rejected(self) -> int: ...
    @property
    def rows_superseded(self) -> int: ...
    @property
    def rows_replaced(self) -> int: ...
    @property
    def replaced_imports(self) -> list[int]: ...
    @property
    def providers(self) -> list[str]: ...
    @property
    def billing_periods(self) -> list[str]: ...
    @property
    def accounts(self) -> list[str]: ...
    @property
    def billed_cost(self) -> list[tuple[str, str]]:
        """Exact decimal totals per currency, as ``(currency, amount)``."""
    @property
    def effective_cost(self) -> list[tuple[str, str]]: ...
    @property
    def rejected_samples(self) -> list[str]: ...
    @property
    def seconds(self) -> float: ...

@final
class ImportReport:
    """The outcome of one ``Workspace.ingest`` call."""

    @property
    def files(self) -> list[FileReport]: ...
    @property
    def rows_read(self) -> int: ...
    @property
    def rows_stored(self) -> int: ...
    @property
    def failures(self) -> list[FileReport]: ...
    def __len__(self) -> int: ...
    def _repr_html_(self) -> str: ...

@final
class Kpis:
    """Key figures of a selection. Every amount is ``metric`` in ``currency``.

    The period is the filter's date range; an open end is the first or last day with data. Days without cost
    count as zero (in the average and for ``min_day``).
    """

    @property
    def currency(self) -> str | None:
        """Currency of every amount; None when nothing is selected and no currency was asked for."""
    @property
    def metric(self) -> str:
        """The cost metric summed (``effective``...)."""
    @property
    def start(self) -> datetime.date | None:
        """First day of the period."""
    @property
    def end(self) -> datetime.date | None:
        """Last day of the period (included)."""
    @property
    def days(self) -> int:
        """Days in the period."""
    @property
    def total(self) -> float:
        """Total cost over the period."""
    @property
    def daily_average(self) -> float:
        """``total / days``."""
    @property
    def max_day(self) -> tuple[datetime.date, float] | None:
        """The most expensive day and its cost (the earliest on a tie)."""
    @property
    def min_day(self) -> tuple[datetime.date, float] | None:
        """The cheapest day and its cost, zero-cost days included (the earliest on a tie)."""
    @property
    def previous_start(self) -> datetime.date | None:
        """First day of the period compared with: the calendar months before a period of whole months, the same
        days of the month before a month so far, else as many days just before (the same definition as
        ``Workspace.insights`` and the chat)."""
    @property
    def previous_end(self) -> datetime.date | None:
        """Last day of the period compared with."""
    @property
    def previous_total(self) -> float:
        """Total over the period compared with (``previous_start`` to ``previous_end``)."""
    @property
    def change(self) -> float:
        """``total - previous_total``."""
    @property
    def change_pct(self) -> float | None:
        """``change / abs(previous_total) * 100``; None when the previous period cost nothing."""
    @property
    def month_to_date(self) -> float:
        """From the first day of the period's last month to its last day."""
    @property
    def last_month(self) -> float:
        """The whole calendar month before the period's last month."""
    def _repr_html_(self) -> str: ...

@final
class Anomalies:
    """Cost anomalies of a selection: events (largest impact first), root causes, scanned series."""

    @property
    def currency(self) -> str | None:
        """Currency of every amount."""
    @property
    def events(self) -> pl.DataFrame:
        """One row per event: ``id`` (stable: ``<segment>@<first day>``), ``segment``, a column per segment
        dimension, ``kind``, ``start``, ``end``, ``days``,
        ``expected``, ``actual``, ``total_impact``, ``max_impact``, ``impact_pct``, ``severity``, ``score``,
        ``currency``, ``top_cause``, ``top_cause_share_pct``, ``feedback``."""
    @property
    def root_causes(self) -> pl.DataFrame:
        """Ranked root causes of every event: ``segment``, ``start``, ``rank``, ``dimension``, ``value``,
        ``actual``, ``expected``, ``contribution``, ``share_pct``."""
    @property
    def segments(self) -> list[str]:
        """Keys of every scanned series (``total`` first)."""
    def series(self, segment: str | None = None) -> pl.DataFrame:
        """One series: ``date``, ``actual``, ``expected``, ``lower``, ``upper``, ``anomalous``."""
    def chart(self, segment: str | None = None) -> go.Figure:
        """The series with its expected band and anomalous days (default: the largest event's series)."""
    def feedback(self, event: int | str, feedback: Feedback, note: str | None = None) -> None:
        """Records ``confirmed``, ``false_alarm`` or ``planned`` on an event: its ``id`` (stable however ``events``
        is sorted or filtered) or its row number in ``events``."""
    def __len__(self) -> int: ...
    def _repr_html_(self) -> str: ...
    def to_polars(self) -> pl.DataFrame:
        """The result's table (``events``): ``to_polars()`` names the table of every result."""
    def to_pandas(self) -> pd.DataFrame:
        """The same table as a pandas DataFrame (pandas and pyarrow must be installed)."""

@final
class Forecast:
    """A daily cost forecast with 80% and 95% intervals, and the backtest that chose and calibrated it."""

    @property
    def currency(self) -> str | None:
        """Currency of every amount."""
    @property
    def by(self) -> str | None:
        """The dimension the segments are values of (None: the total)."""
    @property
    def segments(self) -> list[str | None]:
        """The segments forecast, most expensive first (``[None]`` for the total)."""
    @property
    def frame(self) -> pl.DataFrame:
        """``date``, [``segment``], ``value``, ``lower_80``, ``upper_80``, ``lower_95``, ``upper_95``,
        ``recurring``, ``model``: one row per segment and day ahead."""
    @property
    def history(self) -> pl.DataFrame:
        """``date``, [``segment``], ``actual``, ``usage``: the history forecast from."""
    @property
    def monthly(self) -> pl.DataFrame:
        """``month``, [``segment``], ``actual``, ``forecast``, ``value``, interval ends, ``model``."""
    @property
    def backtest(self) -> pl.DataFrame:
        """[``segment``], ``model``, ``weight``, ``mape``, ``mase``, ``bias``, ``coverage_80``,
        ``coverage_95``, ``n_origins``."""
    def chart(self, segment: str | None = None) -> go.Figure:
        """History, forecast, 80% and 95% bands of one segment (default: the first, or the total)."""
    def _repr_html_(self) -> str: ...
    def to_polars(self) -> pl.DataFrame:
        """The result's table (``frame``): ``to_polars()`` names the table of every result."""
    def to_pandas(self) -> pd.DataFrame:
        """The same table as a pandas DataFrame (pandas and pyarrow must be installed)."""

@final
class Insights:
    """Why the cost moved between two periods: insights, drivers with volume and price effects, a waterfall."""

    @property
    def current(self) -> tuple[datetime.date, datetime.date]:
        """The period explained: (first day, last day)."""
    @property
    def previous(self) -> tuple[datetime.date, datetime.date]:
        """The period compared with: (first day, last day)."""
    @property
    def currency(self) -> str | None:
        """Currency of every amount."""
    @property
    def previous_total(self) -> float:
        """Cost of the previous period."""
    @property
    def current_total(self) -> float:
        """Cost of the current period."""
    @property
    def change(self) -> float:
        """Current minus previous."""
    @property
    def summary(self) -> str:
        """Markdown: the overall change, then a bullet per insight."""
    @property
    def frame(self) -> pl.DataFrame:
        """``kind``, ``severity``, ``headline``, ``amount``, ``currency``: one row per insight."""
    @property
    def tables(self) -> list[pl.DataFrame]:
        """The evidence of each insight, in ``frame`` order."""
    @property
    def drivers(self) -> pl.DataFrame:
        """``dimension``, ``level``, ``parent``, ``name``, ``previous``, ``current``, ``change``,
        ``change_pct``, ``share_of_change_pct``, ``volume_effect``, ``price_effect``, ``other_effect``, ``status``."""
    def waterfall(self, top_n: int = 8) -> list[tuple[str, float]]:
        """The steps from the previous total to the current one: (service, change), then ``Other``."""
    def chart(self, top_n: int = 8) -> go.Figure:
        """The waterfall chart of the change by service."""
    def __len__(self) -> int: ...
    def _repr_html_(self) -> str: ...
    def to_polars(self) -> pl.DataFrame:
        """The result's table (``frame``): ``to_polars()`` names the table of every result."""
    def to_pandas(self) -> pd.DataFrame:
        """The same table as a pandas DataFrame (pandas and pyarrow must be installed)."""

@final
class Recommendations:
    """What to change to pay less: estimated monthly savings, how they were computed, confidence, evidence."""

    @property
    def frame(self) -> pl.DataFrame:
        """``id``, ``rule``, ``title``, ``provider``, ``billing_account``, ``account``, ``region``, ``currency``,
        ``resources``, ``resource``, ``monthly_cost``, ``monthly_saving``, ``confidence``, ``method``,
        ``hourly_commitment``, ``dismissed``: one row per recommendation, largest saving first."""
    @property
    def total_saving(self) -> dict[str, float]:
        """Estimated monthly saving per currency (dismissed ones left out), net of overlaps: rules on the same
        resource count together, each applied to what the others leave."""
    @property
    def overlap_saving(self) -> dict[str, float]:
        """Per currency, what adding the savings of rules on the same resource would over-claim."""
    @property
    def ids(self) -> list[str]:
        """The ids, in ``frame`` order."""
    def evidence(self, id: str) -> pl.DataFrame:
        """``resource_id``, ``usage_type``, ``unit``, ``days``, ``quantity``, ``cost``: the rows behind one."""
    def commitment(self, id: str) -> dict[str, object] | None:
        """How a commitment was sized (None for other rules)."""
    def chart(self) -> go.Figure:
        """Bars of the estimated monthly saving by rule."""
    def __len__(self) -> int: ...
    def _repr_html_(self) -> str: ...
    def to_polars(self) -> pl.DataFrame:
        """The result's table (``frame``): ``to_polars()`` names the table of every result."""
    def to_pandas(self) -> pd.DataFrame:
        """The same table as a pandas DataFrame (pandas and pyarrow must be installed)."""

@final
class Projection:
    """Month, quarter and year-end projections, and the month against a budget."""

    @property
    def as_of(self) -> datetime.date:
        """The last day with data."""
    @property
    def currency(self) -> str | None:
        """Currency of every amount."""
    @property
    def model(self) -> str:
        """The model (or ``ensemble``) behind the forecast."""
    @property
    def month(self) -> dict[str, object]:
        """``start``, ``end``, ``actual_to_date``, ``remaining``, ``projected``, ``lower_80``, ``upper_80``,
        ``lower_95``, ``upper_95``."""
    @property
    def quarter(self) -> dict[str, object]:
        """The calendar quarter, as ``month``."""
    @property
    def year(self) -> dict[str, object]:
        """The calendar year, as ``month``."""
    @property
    def budget(self) -> dict[str, object] | None:
        """``budget``, ``overrun``, ``overrun_80``, ``crossing`` (None without a budget)."""
    def _repr_html_(self) -> str: ...

@final
class Answer:
    """An answer whose numbers come from the engine, with the tables it used and the tool calls made."""

    @property
    def question(self) -> str: ...
    @property
    def text(self) -> str:
        """The answer, in markdown."""
    @property
    def tables(self) -> dict[str, pl.DataFrame]:
        """The tables the answer used, by name."""
    @property
    def tool_calls(self) -> list[dict[str, str | None]]:
        """``name``, ``arguments`` (JSON text), ``error`` (None when it succeeded)."""
    @property
    def model(self) -> str | None:
        """The language model that answered (None: the offline analyst)."""
    def _repr_markdown_(self) -> str: ...

@final
class Chat:
    """A conversation about a workspace's costs, remembered until ``clear()``."""

    def ask(self, question: str) -> Answer:
        """Answers ``question`` with the engine's numbers."""
    def set_filter(self, filter: Filter | None = None, **kwargs: Unpack[FilterArgs]) -> None:
        """Narrows every later question to a filter; no arguments clear it."""
    def clear(self) -> None:
        """Forgets the conversation (the filter stays)."""
    @property
    def offline(self) -> bool:
        """True when no language model is configured and the offline analyst answers."""
    def __len__(self) -> int: ...

@final
class Workspace:
    """A finops database of normalized (FOCUS) cost data."""

    def __new__(cls, path: str | PathLike[str] | None = None) -> Workspace: ...
    @staticmethod
    def from_daily(frame: object) -> Workspace:
        """A workspace over a daily aggregate computed elsewhere (``finops.spark``): a polars or pyarrow frame with
        the columns of ``finops.DAILY_FRAME_COLUMNS``. Every analysis works at the aggregate's grain; ingest,
        recommendations and feedback need a database and raise ``NotAvailableError``."""
    @property
    def path(self) -> str | None:
        """The database file (None for a workspace over a daily aggregate)."""
    def ingest(
        self,
        path: str | PathLike[str],
        *,
        skip_bad_rows: bool = False,
        default_currency: str | None = None,
        progress: bool | Callable[[str, int, int, int], object] | None = None,
    ) -> ImportReport:
        """Ingest a file, a directory or a glob; idempotent."""
    @property
    def charts(self) -> Charts:
        """The dashboard panels as ``plotly.graph_objects.Figure``: ``ranking``, ``distribution``, ``monthly``,
        ``stacked_monthly``, ``daily``."""
    def _figure(
        self,
        panel: Panel,
        by: Dimension | str = "service",
        top_n: int | None = 10,
        filter: Filter | None = None,
        **kwargs: Unpack[FilterArgs],
    ) -> str: ...
    def imports(self) -> pl.DataFrame:
        """The import ledger, oldest first."""
    def line_items(
        self,
        filter: Filter | None = None,
        **kwargs: Unpack[FilterArgs],
    ) -> pl.DataFrame:
        """Line items with FOCUS column names."""
    def kpis(self, filter: Filter | None = None, **kwargs: Unpack[FilterArgs]) -> Kpis:
        """Key figures of the selection (filter with a ``Filter`` or its keywords)."""
    def ranking(
        self,
        by: Dimension | str = "service",
        top_n: int | None = 10,
        filter: Filter | None = None,
        **kwargs: Unpack[FilterArgs],
    ) -> pl.DataFrame:
        """Top ``top_n`` values of ``by``, then ``Other``: ``rank`` (u32, null for Other), ``name``, ``cost``.

        ``by``: ``provider``, ``billing_account``, ``sub_account``, ``service``, ``service_category``, ``region``,
        ``charge_category`` or ``tag:<key>``. ``top_n=None`` keeps every value.
        """
    def distribution(
        self,
        by: Dimension | str = "service",
        top_n: int | None = 10,
        filter: Filter | None = None,
        **kwargs: Unpack[FilterArgs],
    ) -> pl.DataFrame:
        """Top ``top_n`` values of ``by``, then ``Other``: ``name``, ``cost``, ``share_pct`` (percent, sums to 100)."""
    def monthly(
        self, by: Dimension | str = "service", filter: Filter | None = None, **kwargs: Unpack[FilterArgs]
    ) -> pl.DataFrame:
        """Monthly cost per value of ``by``, long format: ``month`` (date, first day), ``name``, ``cost``."""
    def stacked_monthly(
        self,
        by: Dimension | str = "service",
        top_n: int | None = 10,
        filter: Filter | None = None,
        **kwargs: Unpack[FilterArgs],
    ) -> pl.DataFrame:
        """Every month x the top values over the period, then ``Other``, zeros included: ``month``, ``name``, ``cost``."""
    def daily(self, filter: Filter | None = None, **kwargs: Unpack[FilterArgs]) -> pl.DataFrame:
        """Every day of the period, zero-filled: ``date``, ``cost``."""
    def cost_per_unit(self, filter: Filter | None = None, **kwargs: Unpack[FilterArgs]) -> pl.DataFrame:
        """Usage cost per (service, pricing unit): ``service``, ``pricing_unit``, ``quantity``, ``cost``, ``unit_cost``."""
    def dimension_values(
        self, by: Dimension | str = "service", filter: Filter | None = None, **kwargs: Unpack[FilterArgs]
    ) -> list[str]:
        """The distinct values of ``by`` among the rows the filter selects, sorted (what a filter list offers).

        Read from the daily aggregate; any currency unless the filter names one.
        """
    def currencies(self, filter: Filter | None = None, **kwargs: Unpack[FilterArgs]) -> list[str]:
        """The billing currencies among the rows the filter selects (its ``currency`` left aside), sorted."""
    def tag_keys(self) -> list[str]:
        """Every tag key, normalized (``CostCenter`` and ``cost-center`` are ``cost_center``), sorted."""
    def data_range(self) -> tuple[datetime.date, datetime.date] | None:
        """The first and last day with cost data, or None for an empty database."""
    def anomaly_feedback(self, id: str, feedback: Feedback, note: str | None = None) -> None:
        """Records ``confirmed``, ``false_alarm`` or ``planned`` on the anomaly with this ``id``
        (``Anomalies.events``); a false alarm or planned event is not raised again."""
    def anomalies(
        self,
        filter: Filter | None = None,
        *,
        by: Sequence[str] = ("service", "sub_account"),
        include_total: bool = True,
        min_impact: float = 10.0,
        min_impact_days: float | None = 0.5,
        min_pct: float = 30.0,
        sensitivity: Sensitivity | float | None = "medium",
        root_causes: bool = True,
        apply_feedback: bool = True,
        **kwargs: Unpack[FilterArgs],
    ) -> Anomalies:
        """Cost anomalies of the usage cost per segment of ``by`` (and the total), merged into events.

        An event needs an impact of at least ``min_impact`` (result currency) and days off their expected cost
        by ``min_pct`` percent; ``sensitivity`` is ``low``, ``medium``, ``high`` or a robust z-score.
        Events marked false alarm or planned are left out unless ``apply_feedback=False``.
        """
    def forecast(
        self,
        filter: Filter | None = None,
        *,
        horizon: int | str = 30,
        by: str | None = None,
        top_n: int = 5,
        models: Sequence[str] | None = None,
        **kwargs: Unpack[FilterArgs],
    ) -> Forecast:
        """A daily forecast with 80% and 95% intervals (``horizon``: days, or ``"90d"``, ``"3m"``)."""
    def month_end(
        self, filter: Filter | None = None, *, budget: float | None = None, **kwargs: Unpack[FilterArgs]
    ) -> Projection:
        """Month, quarter and year-end projections, and the month against ``budget``."""
    def insights(
        self,
        filter: Filter | None = None,
        *,
        month: datetime.date | str | None = None,
        month_to_date: datetime.date | str | None = None,
        current: tuple[datetime.date | str, datetime.date | str] | None = None,
        previous: tuple[datetime.date | str, datetime.date | str] | None = None,
        top_n: int = 10,
        children: int = 5,
        tag_keys: Sequence[str] | None = None,
        allocation_tag: str | None = None,
        min_cost: float = 10.0,
        budget: float | None = None,
        anomalies: bool = True,
        **kwargs: Unpack[FilterArgs],
    ) -> Insights:
        """Why the cost moved: the latest month against the one before, or the periods given."""
    def recommendations(
        self,
        filter: Filter | None = None,
        *,
        include_dismissed: bool = False,
        rules: Sequence[str] | None = None,
        **kwargs: Unpack[FilterArgs],
    ) -> Recommendations:
        """What to change to pay less, with estimated monthly savings and evidence."""
    def dismiss_recommendation(self, id: str, note: str | None = None) -> None:
        """Dismisses a recommendation across sessions, until restored."""
    def restore_recommendation(self, id: str) -> bool:
        """Brings a dismissed recommendation back; False if it was not dismissed."""
    def chat(self) -> Chat:
        """A conversation: a language model if OPENAI_API_KEY is set, else the offline analyst."""
    def ask(self, question: str, filter: Filter | None = None, **kwargs: Unpack[FilterArgs]) -> Answer:
        """Answers one question in a new conversation."""
    def cache_stats(self) -> dict[str, int]:
        """Analytics result cache use: ``hits``, ``misses``, ``entries``."""
