"""Type stubs for the compiled module ``finops._finops`` (checked by ``mypy.stubtest`` in ``make test``)."""

import datetime
from collections.abc import Sequence
from os import PathLike
from typing import Callable, final

import polars as pl

__version__: str

def default_db_path() -> str:
    """The database used when none is given: ``$FINOPS_DB``, else ``data/finops.db``."""

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

def generate_cur_benchmark(path: str | PathLike[str], *, rows: int = 1_200_000, seed: int = 7) -> str:
    """Write one legacy AWS CUR CSV of about ``rows`` rows for benchmarks; return its description as JSON."""

@final
class Filter:
    """A filter over line items. Every argument is optional; lists mean "any of"."""

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
    ) -> Filter: ...

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
class Workspace:
    """A finops database of normalized (FOCUS) cost data."""

    def __new__(cls, path: str | PathLike[str] | None = None) -> Workspace: ...
    @property
    def path(self) -> str: ...
    def ingest(
        self,
        path: str | PathLike[str],
        *,
        skip_bad_rows: bool = False,
        default_currency: str | None = None,
        progress: bool | Callable[[str, int, int, int], object] | None = None,
    ) -> ImportReport:
        """Ingest a file, a directory or a glob; idempotent."""
    def imports(self) -> pl.DataFrame:
        """The import ledger, oldest first."""
    def line_items(
        self,
        filter: Filter | None = None,
        **kwargs: object,
    ) -> pl.DataFrame:
        """Line items with FOCUS column names."""
