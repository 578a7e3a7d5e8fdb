"""What every panel shares: the ``Panel`` base (drawn only when shown, again only when the filters changed, an
error shown in the panel instead of raised) and outputs for ``ipywidgets.Output`` (figures, tables, HTML,
markdown). Display only: no number is computed here.
"""

from __future__ import annotations

import datetime
import html
from typing import TYPE_CHECKING, Any

import ipywidgets as w

from finops._errors import FinopsError

if TYPE_CHECKING:
    import plotly.graph_objects as go
    import polars as pl

    from finops._finops import Workspace

Selection = dict[str, Any]
"""The global filter as ``Workspace`` keywords (``start``, ``providers``, ``currency``, ``metric``...)."""

Output = dict[str, Any]
"""One entry of ``ipywidgets.Output.outputs`` (a ``display_data`` message)."""


class Panel:
    """A section of the dashboard. Subclasses build ``widget`` and implement ``draw``."""

    title = ""

    def __init__(self, ws: Workspace) -> None:
        self.ws = ws
        self.status = w.HTML()
        self.selection: Selection | None = None
        self.error: BaseException | None = None  # what the panel shows instead of its content, if anything
        self._drawn: Selection | None = None
        self.widget: w.Widget = w.VBox()

    def show(self, selection: Selection) -> None:
        """Draws the panel for ``selection`` unless it already shows it."""
        self.selection = selection
        if self._drawn != selection:
            self.redraw()

    def invalidate(self) -> None:
        """The data changed (an upload): the next ``show`` draws again."""
        self._drawn = None

    def redraw(self) -> None:
        """Draws again for the current selection (a panel control changed, or feedback was stored)."""
        if self.selection is None:
            return
        self._drawn = self.selection
        self.status.value, self.error = "", None
        try:
            self.draw(self.selection)
        except (FinopsError, ValueError) as error:
            # A selection spanning two currencies, too little history to forecast: the analyst reads why in the
            # panel; the app keeps running.
            self.clear()
            self.error = error
            self.status.value = error_html(error)

    def draw(self, selection: Selection) -> None:
        raise NotImplementedError

    def clear(self) -> None:
        """Empties the panel's outputs after an error (the default keeps them)."""


def error_html(error: BaseException, root: str | None = None) -> str:
    """The error's class, where it is (file, line, column) and its message. ``root``: a folder left out of paths
    (an upload's temporary folder: the analyst knows the file by its own name)."""
    where, message = location(error), str(error)
    if root:
        where, message = where.replace(root + "/", ""), message.replace(root + "/", "")
    name = type(error).__name__
    text = f"<b>{html.escape(name)}</b>{': ' + html.escape(where) if where else ''}<br>{html.escape(message)}"
    return f'<div class="finops-error" style="{ERROR_STYLE}">{text}</div>'


def location(error: BaseException) -> str:
    """``file, line N, column C`` for an input error (whichever the error carries)."""
    parts = []
    path = getattr(error, "path", None)
    if path:
        parts.append(str(path))
    for name in ("line", "column"):
        value = getattr(error, name, None)
        if value is not None:
            parts.append(f"{name} {value}")
    return ", ".join(parts)


ERROR_STYLE = "border-left:4px solid #b42318;background:#fef3f2;padding:8px 12px;color:#7a271a;font-family:sans-serif"
NOTE_STYLE = "color:#667085;font-size:12px;font-family:sans-serif"


def note_html(text: str) -> str:
    return f'<div style="{NOTE_STYLE}">{html.escape(text)}</div>'


def figure(fig: go.Figure) -> Output:
    """A figure as the plotly MIME type.

    Why this renderer: JupyterLab and Voila both render ``application/vnd.plotly.v1+json`` through the
    jupyterlab-plotly extension that the plotly wheel installs (Voila 0.5 loads JupyterLab's federated
    extensions), with plotly.js from that extension, so no CDN. ``go.FigureWidget`` needs anywidget since plotly 6,
    and the ``notebook`` renderer's script tags inside an Output widget are not run by Voila.
    """
    import plotly.io as pio

    bundle = pio.renderers["plotly_mimetype"].to_mimebundle(fig.to_dict())
    title = fig.layout.title.text or "figure"
    return display_data({**bundle, "text/plain": f"<{title}>"})


def html_output(text: str) -> Output:
    return display_data({"text/html": text, "text/plain": text})


def markdown(text: str) -> Output:
    return display_data({"text/markdown": text, "text/plain": text})


def table(frame: pl.DataFrame, *, max_rows: int = 50, caption: str | None = None) -> Output:
    return html_output(table_html(frame, max_rows=max_rows, caption=caption))


def display_data(data: dict[str, Any]) -> Output:
    return {"output_type": "display_data", "data": data, "metadata": {}}


def table_html(frame: pl.DataFrame, *, max_rows: int = 50, caption: str | None = None) -> str:
    """A compact table: numbers right-aligned with thousands separators, dates as ISO days."""
    head = "".join(f'<th style="{CELL}">{html.escape(c)}</th>' for c in frame.columns)
    rows = []
    for row in frame.head(max_rows).iter_rows():
        cells = "".join(
            f'<td style="{CELL}{NUMBER if isinstance(v, (int, float, datetime.date)) else ""}">{cell(v)}</td>'
            for v in row
        )
        rows.append(f"<tr>{cells}</tr>")
    more = frame.height - max_rows
    foot = note_html(f"{more} more rows") if more > 0 else ""
    title = f'<div style="font-weight:600;margin:6px 0">{html.escape(caption)}</div>' if caption else ""
    return (
        f'{title}<table class="finops-table" style="border-collapse:collapse;font-family:sans-serif;font-size:12px">'
        f"<thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>{foot}"
    )


CELL = "border-bottom:1px solid #eaecf0;padding:3px 8px;"
NUMBER = "text-align:right;white-space:nowrap;"


def cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return f"{value:,.2f}"
    if isinstance(value, int):
        return f"{value:,}"
    if isinstance(value, datetime.datetime):
        return value.isoformat(sep=" ", timespec="minutes")
    if isinstance(value, datetime.date):
        return value.isoformat()
    return html.escape(str(value))


def money(amount: float, currency: str | None) -> str:
    return f"{amount:,.2f} {currency or ''}".rstrip()


def output() -> w.Output:
    return w.Output()


def heading(text: str) -> w.HTML:
    return w.HTML(f'<h3 style="margin:8px 0 4px;font-family:sans-serif">{html.escape(text)}</h3>')
