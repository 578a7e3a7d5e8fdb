"""The recommendations tab: what to change to pay less, one card per recommendation (largest saving first) with its
estimated monthly saving, cost, confidence and method, the billing rows behind it (evidence), and a dismiss
button that stores the dismissal (``ws.dismiss_recommendation``) across sessions.
"""

from __future__ import annotations

import html
from typing import TYPE_CHECKING, Any

import ipywidgets as w

from finops.app.view import Panel, Selection, figure, html_output, money, note_html, output, table

if TYPE_CHECKING:
    from finops._finops import Recommendations, Workspace

CARDS = 20  # more would be a wall; the table under the chart lists them all
CARD_STYLE = "border:1px solid #d0d5dd;border-radius:8px;padding:8px 12px;font-family:sans-serif"


class RecommendationsPanel(Panel):
    title = "Recommendations"

    def __init__(self, ws: Workspace) -> None:
        super().__init__(ws)
        self.recommendations: Recommendations | None = None
        self.dismissed = w.Checkbox(value=False, description="Show dismissed", indent=False)
        # Synced when left (see chat.py): a dismiss button's click cannot overtake the note.
        self.note = w.Text(placeholder="why (stored with a dismissal)", description="Note", continuous_update=False)
        self.total = w.HTML()
        self.chart = output()
        self.cards = w.VBox()
        self.message = w.HTML()
        self.dismissed.observe(lambda _: self.redraw(), names="value")
        self.widget = w.VBox(
            [w.HBox([self.dismissed, self.note]), self.status, self.total, self.message, self.chart, self.cards]
        )

    def draw(self, selection: Selection) -> None:
        recs = self.ws.recommendations(include_dismissed=self.dismissed.value, **selection)
        self.recommendations = recs
        savings = ", ".join(money(v, c) for c, v in sorted(recs.total_saving.items())) or "nothing"
        overlap = ", ".join(money(v, c) for c, v in sorted(recs.overlap_saving.items()))
        # The total is net: what rules on one machine save together, not their sum (stated when they overlap).
        net = (
            f" (rules on the same machines counted together: {html.escape(overlap)} less than their sum)"
            if overlap
            else ""
        )
        self.total.value = (
            f'<div class="finops-saving" style="font-family:sans-serif;font-size:16px">{len(recs)} recommendations, '
            f"estimated saving <b>{html.escape(savings)}</b> per month{net}</div>"
        )
        self.chart.outputs = (figure(recs.chart()),) if len(recs) else ()
        self.cards.children = [self._card(row) for row in recs.frame.head(CARDS).iter_rows(named=True)]
        if len(recs) > CARDS:
            self.cards.children += (w.HTML(note_html(f"{len(recs) - CARDS} more, with smaller savings")),)

    def clear(self) -> None:
        self.recommendations = None
        self.total.value = ""
        self.chart.outputs = ()
        self.cards.children = ()

    def dismiss(self, id: str) -> None:
        self.ws.dismiss_recommendation(id, self.note.value or None)
        self.note.value = ""
        self.redraw()
        self.message.value = note_html(f"Dismissed {id}; it stays dismissed (show dismissed to see it).")

    def _card(self, rec: dict[str, Any]) -> w.VBox:
        where = " · ".join(str(rec[k]) for k in ("provider", "account", "region", "resource") if rec.get(k))
        state = ' <span style="color:#98a2b3">(dismissed)</span>' if rec.get("dismissed") else ""
        text = (
            f'<div class="finops-recommendation" style="{CARD_STYLE}">'
            f'<div style="font-weight:600">{html.escape(rec["title"])}{state}</div>'
            f'<div style="font-size:12px;color:#667085">{html.escape(rec["rule"])} · {html.escape(where)}</div>'
            f'<div style="margin-top:4px">saves <b style="color:#067647">'
            f"{money(rec['monthly_saving'], rec['currency'])}</b> a month of "
            f"{money(rec['monthly_cost'], rec['currency'])} · confidence {html.escape(str(rec['confidence']))}</div>"
            f'<div style="font-size:12px;color:#475467">{html.escape(rec["method"])}</div></div>'
        )
        evidence = output()
        show = w.Button(description="Evidence", icon="table")
        dismiss = w.Button(description="Dismiss", icon="times", disabled=bool(rec.get("dismissed")))
        show.on_click(lambda _: self._evidence(rec["id"], rec["currency"], evidence))
        dismiss.on_click(lambda _: self.dismiss(rec["id"]))
        return w.VBox([w.HTML(text), w.HBox([show, dismiss]), evidence], layout=w.Layout(margin="0 0 8px 0"))

    def _evidence(self, id: str, currency: str, out: w.Output) -> None:
        if out.outputs:  # a second click hides it
            out.outputs = ()
            return
        if self.recommendations is not None:
            caption = f"The billing rows behind it ({currency})"
            out.outputs = (table(self.recommendations.evidence(id), caption=caption),)
        else:
            out.outputs = (html_output(""),)
