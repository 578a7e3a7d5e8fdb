"""The insights tab: why the cost moved between a month and the one before (the latest by default): the summary
with its numbers, the waterfall from the previous total to the current one by service, and the drivers of the
change (service, usage type, resource, account, region, tags) split into volume, price and other effects.
"""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, Any

import ipywidgets as w

from finops.app.view import Panel, Selection, figure, markdown, output, table

if TYPE_CHECKING:
    from finops._finops import Insights, Workspace

LATEST = "latest"
DRIVER_COLUMNS = [
    "level",
    "parent",
    "name",
    "previous",
    "current",
    "change",
    "change_pct",
    "share_of_change_pct",
    "volume_effect",
    "price_effect",
    "other_effect",
    "status",
]


class InsightsPanel(Panel):
    title = "Insights"

    def __init__(self, ws: Workspace) -> None:
        super().__init__(ws)
        self.insights: Insights | None = None
        self._filling = False
        self.month = w.Dropdown(options=self._months(), value=LATEST, description="Month")
        self.dimension = w.Dropdown(options=["service"], value="service", description="Drivers by")
        self.summary = output()
        self.chart = output()
        self.drivers = output()
        self.month.observe(self._month_changed, names="value")
        self.dimension.observe(self._dimension_changed, names="value")
        self.widget = w.VBox(
            [self.month, self.status, self.summary, self.chart, self.dimension, self.drivers],
        )

    def draw(self, selection: Selection) -> None:
        month = None if self.month.value == LATEST else self.month.value
        # The month chosen here replaces the filter's dates (the engine compares whole periods).
        self.insights = self.ws.insights(month=month, **selection)
        self.summary.outputs = (markdown(self.insights.summary),)
        self.chart.outputs = (figure(self.insights.chart()),)
        dimensions = self.insights.drivers["dimension"].unique(maintain_order=True).to_list()
        self._filling = True
        try:
            current = self.dimension.value
            self.dimension.options = dimensions or ["service"]
            self.dimension.value = current if current in dimensions else self.dimension.options[0]
        finally:
            self._filling = False
        self._draw_drivers()

    def clear(self) -> None:
        self.insights = None
        for out in (self.summary, self.chart, self.drivers):
            out.outputs = ()

    def invalidate(self) -> None:
        super().invalidate()
        self._filling = True
        try:
            value = self.month.value
            self.month.options = self._months()
            self.month.value = value if value in [v for _, v in self.month.options] else LATEST
        finally:
            self._filling = False

    def _draw_drivers(self) -> None:
        if self.insights is None:
            return
        drivers = self.insights.drivers
        mine = drivers.filter(drivers["dimension"] == self.dimension.value)
        caption = f"Drivers by {self.dimension.value} ({self.insights.currency or ''})"
        self.drivers.outputs = (table(mine.select([c for c in DRIVER_COLUMNS if c in mine.columns]), caption=caption),)

    def _month_changed(self, _: Any) -> None:
        if not self._filling:
            self.redraw()

    def _dimension_changed(self, _: Any) -> None:
        if not self._filling:
            self._draw_drivers()

    def _months(self) -> list[tuple[str, str]]:
        """The months with data, latest first, for the month picker."""
        span = self.ws.data_range()
        months = [("Latest month", LATEST)]
        if span is None:
            return months
        first, day = span[0].replace(day=1), span[1].replace(day=1)
        while day >= first:
            months.append((f"{day:%B %Y}", f"{day:%Y-%m}"))
            day = (day - datetime.timedelta(days=1)).replace(day=1)
        return months
