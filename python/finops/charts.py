"""The dashboard panels as plotly figures: ``ws.charts.<panel>(...)``.

Each figure is built in Rust (finops-display), the same code the Rust notebooks use, and arrives as plotly
JSON; this module only wraps it in a ``plotly.graph_objects.Figure``. Filters are the keyword arguments of
``finops.Filter`` (or ``filter=``).
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import plotly.graph_objects as go

    from finops._finops import Filter, Workspace
    from finops.types import Panel


def figure_from_json(text: str) -> go.Figure:
    """A figure built in Rust (plotly JSON) as a ``plotly.graph_objects.Figure``."""
    import plotly.graph_objects as go

    return go.Figure(json.loads(text))


class Charts:
    """Figures for one workspace."""

    def __init__(self, workspace: Workspace) -> None:
        self._ws = workspace

    def _figure(self, panel: Panel, by: str, top_n: int | None, filter: Filter | None, **kw: Any) -> go.Figure:
        return figure_from_json(self._ws._figure(panel, by, top_n, filter, **kw))

    def ranking(
        self, by: str = "service", top_n: int | None = 10, filter: Filter | None = None, **kw: Any
    ) -> go.Figure:
        """Horizontal bars of the ``top_n`` most expensive values of ``by``, then Other."""
        return self._figure("ranking", by, top_n, filter, **kw)

    def distribution(
        self, by: str = "service", top_n: int | None = 10, filter: Filter | None = None, **kw: Any
    ) -> go.Figure:
        """A donut of each value's share of the cost."""
        return self._figure("distribution", by, top_n, filter, **kw)

    def monthly(self, by: str = "service", filter: Filter | None = None, **kw: Any) -> go.Figure:
        """One line per value of ``by`` over the months."""
        return self._figure("monthly", by, None, filter, **kw)

    def stacked_monthly(
        self, by: str = "service", top_n: int | None = 10, filter: Filter | None = None, **kw: Any
    ) -> go.Figure:
        """Monthly totals as bars stacked by the ``top_n`` values of ``by``, then Other."""
        return self._figure("stacked_monthly", by, top_n, filter, **kw)

    def daily(self, filter: Filter | None = None, **kw: Any) -> go.Figure:
        """Cost per day."""
        return self._figure("daily", "service", None, filter, **kw)
