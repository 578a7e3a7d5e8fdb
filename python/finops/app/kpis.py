"""The KPI cards above the tabs: total, daily average, max and min day, change against the previous period, month
to date, last month; the engine's own cards (``Kpis._repr_html_``, built in Rust), redrawn on every filter change.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import ipywidgets as w

from finops.app.view import Panel, Selection, note_html

if TYPE_CHECKING:
    from finops._finops import Kpis, Workspace


class KpiCards(Panel):
    title = "KPIs"

    def __init__(self, ws: Workspace) -> None:
        super().__init__(ws)
        self.kpis: Kpis | None = None
        self.cards = w.HTML()
        self.scope = w.HTML()
        self.widget = w.VBox([self.status, self.cards, self.scope], layout=w.Layout(margin="0 0 8px 0"))

    def draw(self, selection: Selection) -> None:
        self.kpis = self.ws.kpis(**selection)
        # The wrapper's class lets a browser test find the cards.
        self.cards.value = f'<div class="finops-kpis">{self.kpis._repr_html_()}</div>'
        self.scope.value = note_html(describe(selection))

    def clear(self) -> None:
        self.kpis = None
        self.cards.value = ""
        self.scope.value = ""


def describe(selection: Selection) -> str:
    """The filter in words, under the cards: what the numbers are of."""
    parts = []
    for key, value in selection.items():
        if key in ("start", "end", "metric", "currency"):
            continue
        if isinstance(value, dict):
            value = ", ".join(f"{k}={v}" for k, v in value.items())
        elif isinstance(value, list):
            value = ", ".join(map(str, value))
        parts.append(f"{key.replace('_', ' ')}: {value}")
    return "Filtered by " + "; ".join(parts) if parts else "All providers, accounts, services and regions"
