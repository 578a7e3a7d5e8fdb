"""The global filters in the sidebar: dates (or a preset), providers, accounts, services, regions, charge category,
a tag key and value, currency and metric. Their option lists come from the engine (``dimension_values``,
``currencies``, ``tag_keys``, ``data_range``: the daily aggregate, never the line items); ``selection()`` is the
filter as ``Workspace`` keywords, and ``on_change`` callbacks run once per change.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any, Callable

import ipywidgets as w

from finops._finops import Filter
from finops.app.view import Selection, note_html

if TYPE_CHECKING:
    from finops._finops import Workspace

PRESETS = [
    ("All data", "all"),
    ("Custom range", "custom"),
    ("Month to date", "month_to_date"),
    ("This month", "this_month"),
    ("Last month", "last_month"),
    ("Last 7 days", "last_7_days"),
    ("Last 30 days", "last_30_days"),
    ("Last 90 days", "last_90_days"),
]
METRICS = [("Effective (amortized)", "effective"), ("Billed", "billed"), ("List", "list"), ("Contracted", "contracted")]
# (keyword of the filter, dimension the options are values of, label)
LISTS = [
    ("providers", "provider", "Providers"),
    ("billing_accounts", "billing_account", "Billing accounts"),
    ("sub_accounts", "sub_account", "Sub accounts"),
    ("services", "service", "Services"),
    ("regions", "region", "Regions"),
    ("charge_categories", "charge_category", "Charge category"),
]
ANY_TAG = "(any)"
UNTAGGED = "(untagged)"
NONE = "(none)"  # the engine's name for a missing value: not something a filter can select
WIDE = w.Layout(width="96%")


class Filters:
    """The sidebar's widgets and the selection they make."""

    def __init__(self, ws: Workspace) -> None:
        self.ws = ws
        self._callbacks: list[Callable[[], None]] = []
        self._quiet = False
        style = {"description_width": "initial"}
        self.preset = w.Dropdown(options=PRESETS, value="all", description="Period", layout=WIDE, style=style)
        self.start = w.DatePicker(description="From", layout=WIDE)
        self.end = w.DatePicker(description="To", layout=WIDE)
        self.lists = {
            keyword: w.SelectMultiple(options=[], rows=4, description=label, layout=WIDE, style=style)
            for keyword, _, label in LISTS
        }
        self.tag_key = w.Dropdown(options=[ANY_TAG], value=ANY_TAG, description="Tag", layout=WIDE)
        self.tag_value = w.Dropdown(options=[], description="Value", layout=WIDE, disabled=True)
        self.currency = w.Dropdown(options=[], description="Currency", layout=WIDE)
        self.metric = w.Dropdown(options=METRICS, value="effective", description="Metric", layout=WIDE)
        self.reset = w.Button(description="Clear filters", icon="times", layout=WIDE)
        self.range_note = w.HTML()
        # Classes a browser test (and a stylesheet) can find the controls by.
        for name, widget in (
            ("preset", self.preset),
            ("start", self.start),
            ("end", self.end),
            *self.lists.items(),
            ("tag-key", self.tag_key),
            ("tag-value", self.tag_value),
            ("currency", self.currency),
            ("metric", self.metric),
        ):
            widget.add_class(f"finops-filter-{name}")
        self.reload()
        self.preset.observe(self._preset_changed, names="value")
        for picker in (self.start, self.end):
            picker.observe(self._dates_changed, names="value")
        for widget in (*self.lists.values(), self.tag_value, self.currency, self.metric):
            widget.observe(self._changed, names="value")
        self.tag_key.observe(self._tag_key_changed, names="value")
        self.reset.on_click(lambda _: self.clear())
        labels = [w.HTML(f"<b>{label}</b>") for label in ("Dates", "Scope", "Tag", "Amounts")]
        self.widget = w.VBox(
            [
                w.HTML('<h3 style="margin:4px 0;font-family:sans-serif">Filters</h3>'),
                labels[0],
                self.preset,
                self.start,
                self.end,
                self.range_note,
                labels[1],
                *self.lists.values(),
                labels[2],
                self.tag_key,
                self.tag_value,
                labels[3],
                self.currency,
                self.metric,
                self.reset,
            ],
            layout=w.Layout(width="310px", min_width="310px", padding="0 8px", border_right="1px solid #eaecf0"),
        )

    def on_change(self, callback: Callable[[], None]) -> None:
        self._callbacks.append(callback)

    def selection(self) -> Selection:
        """The filter as ``Workspace`` keywords; an empty list or the ``(any)`` tag selects everything."""
        f: dict[str, Any] = {"metric": self.metric.value}
        if self.currency.value:
            f["currency"] = self.currency.value
        if self.start.value:
            f["start"] = self.start.value
        if self.end.value:
            f["end"] = self.end.value
        for keyword, widget in self.lists.items():
            if widget.value:
                f[keyword] = list(widget.value)
        key, value = self.tag_key.value, self.tag_value.value
        if key != ANY_TAG and value == UNTAGGED:
            f["untagged"] = [key]
        elif key != ANY_TAG and value:
            f["tags"] = {key: value}
        return f

    def reload(self) -> None:
        """Refills every option list from the store (at start, and after an upload), keeping what is still
        offered."""
        with self.quiet():
            self.data_range = self.ws.data_range()
            for keyword, dimension, _ in LISTS:
                widget = self.lists[keyword]
                options = [v for v in self.ws.dimension_values(by=dimension) if v != NONE]
                kept = tuple(v for v in widget.value if v in options)
                widget.options = options
                widget.value = kept
            currencies = self.ws.currencies()
            current = self.currency.value
            self.currency.options = currencies
            # USD first when the data has it: the currency most exports bill in.
            self.currency.value = current if current in currencies else default_currency(currencies)
            keys = self.ws.tag_keys()
            self.tag_key.options = [ANY_TAG, *keys]
            if self.tag_key.value not in self.tag_key.options:
                self.tag_key.value = ANY_TAG
            self._fill_tag_values()
            self._apply_preset()
        self.range_note.value = note_html(
            f"Data from {self.data_range[0]} to {self.data_range[1]}" if self.data_range else "No data yet: upload"
        )

    def clear(self) -> None:
        with self.quiet():
            for widget in self.lists.values():
                widget.value = ()
            self.tag_key.value = ANY_TAG
            self._fill_tag_values()
            self.metric.value = "effective"
            self.preset.value = "all"
            self._apply_preset()
        self._notify()

    @contextlib.contextmanager
    def quiet(self) -> Iterator[None]:
        """Changes made inside ``with filters.quiet():`` notify nobody (the caller notifies once)."""
        was, self._quiet = self._quiet, True
        try:
            yield
        finally:
            self._quiet = was

    def _apply_preset(self) -> None:
        """Puts the preset's days into the date pickers. Presets count back from the last day with data, not
        from today: exports arrive a day or more late, and an older database still shows its own last month."""
        preset = self.preset.value
        if preset == "custom":
            return
        if self.data_range is None:
            self.start.value = self.end.value = None
        elif preset == "all":
            self.start.value, self.end.value = self.data_range
        else:
            resolved = Filter(preset=preset, today=self.data_range[1])
            self.start.value, self.end.value = resolved.start, resolved.end

    def _fill_tag_values(self) -> None:
        key = self.tag_key.value
        if key == ANY_TAG:
            self.tag_value.options, self.tag_value.disabled = [], True
            return
        values = [v for v in self.ws.dimension_values(by=f"tag:{key}") if v != NONE]
        self.tag_value.options, self.tag_value.disabled = values, False
        self.tag_value.value = next((v for v in values if v != UNTAGGED), values[0] if values else None)

    def _preset_changed(self, _: Any) -> None:
        if self._quiet:
            return
        with self.quiet():
            self._apply_preset()
        self._notify()

    def _dates_changed(self, _: Any) -> None:
        if self._quiet:
            return
        with self.quiet():
            self.preset.value = "custom"  # a date typed by hand is a custom range
        self._notify()

    def _tag_key_changed(self, _: Any) -> None:
        if self._quiet:
            return
        with self.quiet():
            self._fill_tag_values()
        self._notify()

    def _changed(self, _: Any) -> None:
        if not self._quiet:
            self._notify()

    def _notify(self) -> None:
        for callback in self._callbacks:
            callback()


def default_currency(currencies: list[str]) -> str | None:
    if "USD" in currencies:
        return "USD"
    return currencies[0] if currencies else None
