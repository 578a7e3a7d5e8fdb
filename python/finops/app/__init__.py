"""The finops dashboard: one ipywidgets app with the global filters in a sidebar, the KPI cards, and a tab per
panel (cost explorer, anomalies, forecast, insights, recommendations, chat, upload).

It runs unchanged in JupyterLab (``finops.dashboard(ws)`` in a cell) and in Voila (``make dashboard`` serves
``notebooks/dashboard.ipynb``). It wires widgets to ``Workspace`` calls and holds no business logic: every number
and every option list comes from the engine. A tab computes only when shown, and again only when the filters
changed since; the KPI cards follow every change.
"""

from __future__ import annotations

import html
from typing import TYPE_CHECKING, Any

import ipywidgets as w

from finops.app.analytics import Analytics
from finops.app.anomalies import AnomalyPanel
from finops.app.chat import ChatPanel
from finops.app.filters import Filters
from finops.app.forecast import ForecastPanel
from finops.app.insights import InsightsPanel
from finops.app.kpis import KpiCards
from finops.app.recommendations import RecommendationsPanel
from finops.app.upload import UploadPanel
from finops.app.view import Panel

if TYPE_CHECKING:
    from finops._finops import Workspace

__all__ = ["Dashboard", "dashboard"]


class Dashboard:
    """The app: ``widget`` is what a notebook shows; the panels are attributes for scripts and tests."""

    def __init__(self, ws: Workspace, *, by: str = "service", top_n: int = 10) -> None:
        self.ws = ws
        self.filters = Filters(ws)
        self.kpis = KpiCards(ws)
        self.analytics = Analytics(ws, by=by, top_n=top_n)
        self.anomalies = AnomalyPanel(ws)
        self.forecast = ForecastPanel(ws)
        self.insights = InsightsPanel(ws)
        self.recommendations = RecommendationsPanel(ws)
        self.chat = ChatPanel(ws)
        self.upload = UploadPanel(ws)
        self.panels: list[Panel] = [
            self.analytics,
            self.anomalies,
            self.forecast,
            self.insights,
            self.recommendations,
            self.chat,
            self.upload,
        ]
        self.tabs = w.Tab(children=[p.widget for p in self.panels], titles=[p.title for p in self.panels])
        self.tabs.observe(lambda _: self.refresh(), names="selected_index")
        self.tabs.add_class("finops-tabs")
        for panel in self.panels:
            panel.widget.add_class("finops-panel-" + panel.title.lower().replace(" ", "-"))
        self.filters.on_change(self.refresh)
        self.upload.on_import(self.reload)
        title = w.HTML(
            '<div style="font-family:sans-serif"><span style="font-size:22px;font-weight:700">finops</span>'
            f' <span style="color:#667085">cost dashboard · {html.escape(str(ws.path or "daily aggregate"))}</span></div>'
        )
        main = w.VBox([title, self.kpis.widget, self.tabs], layout=w.Layout(flex="1 1 auto", padding="0 0 0 12px"))
        self.widget = w.HBox([self.filters.widget, main], layout=w.Layout(width="100%"))
        self.refresh()

    @property
    def current(self) -> Panel:
        """The panel of the selected tab."""
        return self.panels[self.tabs.selected_index or 0]

    def select(self, panel: Panel) -> None:
        """Shows ``panel``'s tab (which draws it)."""
        self.tabs.selected_index = self.panels.index(panel)

    def refresh(self) -> None:
        """Draws the KPI cards and the shown tab for the filters' selection (each only if it changed)."""
        selection = self.filters.selection()
        self.kpis.show(selection)
        self.current.show(selection)

    def reload(self) -> None:
        """After an import: new option lists, and every panel computed again when next shown."""
        self.filters.reload()
        for panel in (self.kpis, *self.panels):
            panel.invalidate()
        self.refresh()

    def _repr_mimebundle_(self, **kwargs: Any) -> Any:
        return self.widget._repr_mimebundle_(**kwargs)


def dashboard(ws: Workspace | None = None, *, by: str = "service", top_n: int = 10) -> Dashboard:
    """The dashboard on ``ws`` (default: ``finops.Workspace()``, the database of ``$FINOPS_DB``)."""
    if ws is None:
        from finops._finops import Workspace

        ws = Workspace()
    return Dashboard(ws, by=by, top_n=top_n)
