"""The anomalies tab: the events of the selection (largest impact first), the chart of the selected event's series
with its expected band, the event's root causes, and confirm / false alarm / planned buttons that store feedback
(``ws.anomaly_feedback``; false alarms and planned events are not raised again).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import ipywidgets as w

from finops.app.view import Panel, Selection, figure, html_output, note_html, output, table, table_html

if TYPE_CHECKING:
    import polars as pl

    from finops._finops import Anomalies, Workspace
    from finops.types import Feedback

SEGMENTS = [
    ("Service × sub account", ("service", "sub_account")),
    ("Service", ("service",)),
    ("Sub account", ("sub_account",)),
    ("Region", ("region",)),
    ("Provider", ("provider",)),
]
FEEDBACK: list[tuple[str, Feedback, str]] = [
    ("Confirm", "confirmed", "check"),
    ("False alarm", "false_alarm", "ban"),
    ("Planned", "planned", "calendar"),
]
EVENT_COLUMNS = [
    "kind",
    "segment",
    "start",
    "end",
    "days",
    "expected",
    "actual",
    "total_impact",
    "impact_pct",
    "severity",
    "top_cause",
    "feedback",
]
CAUSE_COLUMNS = ["rank", "dimension", "value", "expected", "actual", "contribution", "share_pct"]


class AnomalyPanel(Panel):
    title = "Anomalies"

    def __init__(self, ws: Workspace) -> None:
        super().__init__(ws)
        self.found: Anomalies | None = None
        self.events: pl.DataFrame | None = None
        self.by = w.Dropdown(options=SEGMENTS, value=SEGMENTS[0][1], description="Segments")
        self.sensitivity = w.Dropdown(options=["low", "medium", "high"], value="medium", description="Sensitivity")
        self.reviewed = w.Checkbox(value=False, description="Show false alarms and planned", indent=False)
        self.table = output()
        self.event = w.Dropdown(options=[], description="Event", layout=w.Layout(width="80%"))
        self.chart = output()
        self.causes = output()
        # Synced when left (see chat.py): a feedback button's click cannot overtake the note.
        self.note = w.Text(placeholder="note (optional)", description="Note", continuous_update=False)
        self.buttons = [w.Button(description=label, icon=icon) for label, _, icon in FEEDBACK]
        for button, (_, feedback, _) in zip(self.buttons, FEEDBACK):
            button.on_click(lambda _, feedback=feedback: self.give_feedback(feedback))
        self.feedback_note = w.HTML()
        self._filling = False
        for control in (self.by, self.sensitivity, self.reviewed):
            control.observe(lambda _: self.redraw(), names="value")
        self.event.observe(self._event_changed, names="value")
        self.widget = w.VBox(
            [
                w.HBox([self.by, self.sensitivity, self.reviewed]),
                self.status,
                self.table,
                self.event,
                self.chart,
                self.causes,
                w.HBox([self.note, *self.buttons]),
                self.feedback_note,
            ]
        )

    def draw(self, selection: Selection) -> None:
        self.found = self.ws.anomalies(
            by=list(self.by.value),
            sensitivity=self.sensitivity.value,
            apply_feedback=not self.reviewed.value,
            **selection,
        )
        events = self.found.events
        self.events = events
        shown = events.select([c for c in EVENT_COLUMNS if c in events.columns])
        caption = f"{events.height} events in {self.found.currency or ''}, largest impact first"
        self.table.outputs = (html_output(table_html(shown, max_rows=25, caption=caption)),)
        options = [
            (f"{i + 1}. {row['segment']}: {row['kind']} from {row['start']}", row["id"])
            for i, row in enumerate(events.head(100).iter_rows(named=True))
        ]
        self._filling = True
        try:
            self.event.options = options
            self.event.value = options[0][1] if options else None
        finally:
            self._filling = False
        if options:
            self._event_changed(None)
        else:
            # The total's series shows what was scanned, when anything was.
            self.chart.outputs = (figure(self.found.chart("total")),) if "total" in self.found.segments else ()
            self.causes.outputs = (html_output(note_html("No anomaly in this selection.")),)
        for button in self.buttons:
            button.disabled = not options

    def clear(self) -> None:
        self.found = self.events = None
        for out in (self.table, self.chart, self.causes):
            out.outputs = ()
        self.event.options = []

    def selected(self) -> dict[str, Any] | None:
        """The selected event's row of ``events``."""
        if self.events is None or self.event.value is None:
            return None
        rows = self.events.filter(self.events["id"] == self.event.value)
        return rows.row(0, named=True) if rows.height else None

    def give_feedback(self, feedback: Feedback) -> None:
        event = self.selected()
        if event is None:
            return
        self.ws.anomaly_feedback(event["id"], feedback, self.note.value or None)
        self.note.value = ""
        label = {f: label for label, f, _ in FEEDBACK}[feedback]
        hidden = " (not raised again)" if feedback != "confirmed" else ""
        self.redraw()
        self.feedback_note.value = note_html(f"Stored: {label} on {event['segment']} from {event['start']}{hidden}.")

    def _event_changed(self, _: Any) -> None:
        if self._filling:
            return
        event = self.selected()
        if event is None or self.found is None:
            return
        self.chart.outputs = (figure(self.found.chart(event["segment"])),)
        causes = self.found.root_causes
        mine = causes.filter((causes["segment"] == event["segment"]) & (causes["start"] == event["start"]))
        caption = f"Root causes of {event['segment']} from {event['start']}"
        self.causes.outputs = (table(mine.select([c for c in CAUSE_COLUMNS if c in mine.columns]), caption=caption),)
