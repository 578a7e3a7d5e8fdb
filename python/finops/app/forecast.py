"""The forecast tab: the daily forecast of the selection with its 80% and 95% bands over a chosen horizon, the
month, quarter and year-end projections, the month against a budget, and the forecast by month.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import ipywidgets as w

from finops.app.view import Panel, Selection, figure, html_output, note_html, output, table

if TYPE_CHECKING:
    from finops._finops import Forecast, Projection, Workspace

HORIZONS = [("30 days", 30), ("60 days", 60), ("90 days", 90), ("6 months", "6m"), ("12 months", "12m")]


class ForecastPanel(Panel):
    title = "Forecast"

    def __init__(self, ws: Workspace) -> None:
        super().__init__(ws)
        self.forecast: Forecast | None = None
        self.projection: Projection | None = None
        self.horizon = w.Dropdown(options=HORIZONS, value=90, description="Horizon")
        self.budget = w.BoundedFloatText(
            value=0, min=0, max=1e15, step=1000, description="Monthly budget", style={"description_width": "initial"}
        )
        self.chart = output()
        self.month_end = output()
        self.monthly = output()
        for control in (self.horizon, self.budget):
            control.observe(self._control_changed, names="value")
        self.widget = w.VBox(
            [
                w.HBox([self.horizon, self.budget]),
                self.status,
                self.month_end,
                self.chart,
                self.monthly,
            ]
        )

    def draw(self, selection: Selection) -> None:
        budget = self.budget.value or None  # 0: no budget
        self.forecast = self.ws.forecast(horizon=self.horizon.value, **selection)
        if self.forecast.currency is None:
            # The filters select no usage cost: said as a note, not an error (nothing is wrong).
            self.clear()
            self.status.value = note_html("Nothing to forecast: the filters select no usage cost. Widen them.")
            return
        self.projection = self.ws.month_end(budget=budget, **selection)
        self.month_end.outputs = (html_output(self.projection._repr_html_()),)
        self.chart.outputs = (figure(self.forecast.chart()),)
        caption = f"By month ({self.forecast.currency or ''}): actual, forecast and their sum with its intervals"
        self.monthly.outputs = (table(self.forecast.monthly, caption=caption),)

    def clear(self) -> None:
        self.forecast = self.projection = None
        for out in (self.chart, self.month_end, self.monthly):
            out.outputs = ()

    def _control_changed(self, _: Any) -> None:
        self.redraw()
