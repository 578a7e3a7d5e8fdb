"""The cost explorer tab: ranking, distribution, monthly, stacked monthly and daily charts of the selection,
grouped by a dimension or tag key, each a figure built in Rust (``ws.charts``).
"""

from __future__ import annotations

import base64
import html
from typing import TYPE_CHECKING, Any

import ipywidgets as w

from finops.app.view import Panel, Selection, figure, output

if TYPE_CHECKING:
    import polars as pl

    from finops._finops import Workspace

DIMENSIONS = [
    ("Service", "service"),
    ("Service category", "service_category"),
    ("Provider", "provider"),
    ("Billing account", "billing_account"),
    ("Sub account", "sub_account"),
    ("Region", "region"),
    ("Charge category", "charge_category"),
]
CHARTS = ("ranking", "distribution", "monthly", "stacked_monthly", "daily")


class Analytics(Panel):
    title = "Cost explorer"

    def __init__(self, ws: Workspace, by: str = "service", top_n: int = 10) -> None:
        super().__init__(ws)
        self._refilling = False
        self.by = w.Dropdown(options=self._dimensions(), description="Group by")
        self.by.value = by if by in [v for _, v in self.by.options] else "service"
        self.top_n = w.BoundedIntText(value=top_n, min=1, max=50, description="Top", layout=w.Layout(width="140px"))
        self.charts = {name: output() for name in CHARTS}
        self.download = w.HTML()
        for control in (self.by, self.top_n):
            control.observe(self._control_changed, names="value")
        half = w.Layout(width="50%")
        self.widget = w.VBox(
            [
                w.HBox([self.by, self.top_n, self.download]),
                self.status,
                w.HBox(
                    [w.Box([self.charts["ranking"]], layout=half), w.Box([self.charts["distribution"]], layout=half)]
                ),
                self.charts["stacked_monthly"],
                self.charts["monthly"],
                self.charts["daily"],
            ]
        )

    def draw(self, selection: Selection) -> None:
        by, top_n, charts = self.by.value, self.top_n.value, self.ws.charts
        figures = {
            "ranking": charts.ranking(by=by, top_n=top_n, **selection),
            "distribution": charts.distribution(by=by, top_n=top_n, **selection),
            "stacked_monthly": charts.stacked_monthly(by=by, top_n=top_n, **selection),
            "monthly": charts.monthly(by=by, **selection),
            "daily": charts.daily(**selection),
        }
        for name, fig in figures.items():
            self.charts[name].outputs = (figure(fig),)
        self.download.value = csv_link(
            self.ws.monthly(by=by, **selection), f"finops-monthly-{by.replace(':', '-')}.csv"
        )

    def clear(self) -> None:
        for out in self.charts.values():
            out.outputs = ()
        self.download.value = ""

    def invalidate(self) -> None:
        super().invalidate()
        # An upload can bring new tag keys to group by.
        value, self._refilling = self.by.value, True
        try:
            self.by.options = self._dimensions()
            self.by.value = value if value in [v for _, v in self.by.options] else "service"
        finally:
            self._refilling = False

    def _dimensions(self) -> list[tuple[str, str]]:
        return DIMENSIONS + [(f"Tag: {key}", f"tag:{key}") for key in self.ws.tag_keys()]

    def _control_changed(self, _: Any) -> None:
        if not self._refilling:
            self.redraw()


def csv_link(frame: pl.DataFrame, name: str) -> str:
    """A link that saves ``frame`` as a CSV file: the data travels in the link (a data URI), no server route."""
    data = base64.b64encode(frame.write_csv().encode()).decode()
    return (
        f'<a class="finops-download" download="{html.escape(name)}" href="data:text/csv;base64,{data}" '
        'style="font-family:sans-serif;margin-left:12px">Download CSV (monthly cost by group)</a>'
    )
