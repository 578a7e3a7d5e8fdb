"""The chat tab: questions about the costs of the selection, answered with the engine's numbers and the tables
behind them. A language model answers when OPENAI_API_KEY is set; without one the offline analyst does, so the
tab works with no network. The conversation is remembered until cleared; the global filter narrows every question.
"""

from __future__ import annotations

import html
from typing import TYPE_CHECKING

import ipywidgets as w

from finops._errors import FinopsError
from finops.app.view import Panel, Selection, error_html, html_output, markdown, note_html, output, table

if TYPE_CHECKING:
    from finops._finops import Answer, Chat, Workspace

SUGGESTIONS = [
    "What is the total cost?",
    "What drove the change last month?",
    "Top 5 services by cost",
    "Any anomalies?",
    "How much can we save?",
    "Forecast for next month",
]


class ChatPanel(Panel):
    title = "Chat"

    def __init__(self, ws: Workspace) -> None:
        super().__init__(ws)
        self.chat: Chat = ws.chat()
        self.answers: list[Answer] = []
        # Synced when the box is left or Enter is pressed, never per keystroke: the browser holds back a widget's
        # keystrokes while the kernel is busy but not a button's click, so a click could overtake the question.
        # Enter asks; so does the Ask button (pressing it leaves the box first).
        self.question = w.Text(
            placeholder="Ask about your costs", continuous_update=False, layout=w.Layout(width="70%")
        )
        self.ask_button = w.Button(description="Ask", button_style="primary", icon="paper-plane")
        self.clear_button = w.Button(description="New conversation", icon="refresh")
        self.suggestions = [w.Button(description=q, layout=w.Layout(width="auto")) for q in SUGGESTIONS]
        self.question.add_class("finops-chat-question")
        self.ask_button.add_class("finops-chat-ask")
        self.mode = w.HTML()
        self.conversation = w.VBox()
        self.question.observe(lambda change: self.ask(change["new"]), names="value")
        self.ask_button.on_click(lambda _: self.ask(self.question.value))
        self.clear_button.on_click(lambda _: self.forget())
        for button in self.suggestions:
            button.on_click(lambda b: self.ask(b.description))
        self.widget = w.VBox(
            [
                self.mode,
                w.HBox([self.question, self.ask_button, self.clear_button]),
                w.HBox(self.suggestions, layout=w.Layout(flex_flow="row wrap")),
                self.status,
                self.conversation,
            ]
        )

    def draw(self, selection: Selection) -> None:
        self.chat.set_filter(**selection)
        who = "the offline analyst (no OPENAI_API_KEY)" if self.chat.offline else "a language model"
        self.mode.value = note_html(f"Answered by {who}, with the engine's numbers for the filters on the left.")

    def ask(self, question: str) -> Answer | None:
        """Answers ``question`` and appends it to the conversation (newest last)."""
        question = question.strip()
        if not question:
            return None
        if self.selection is not None and self._drawn != self.selection:
            self.redraw()
        asked = w.HTML(
            f'<div style="font-weight:600;font-family:sans-serif;margin-top:8px">{html.escape(question)}</div>'
        )
        reply = output()
        self.conversation.children += (w.VBox([asked, reply], layout=w.Layout(margin="0 0 8px 0")),)
        self.question.value = ""
        try:
            answer = self.chat.ask(question)
        except (FinopsError, ValueError) as error:
            reply.outputs = (html_output(error_html(error)),)
            return None
        self.answers.append(answer)
        reply.outputs = (
            markdown(answer.text),
            *(table(frame, caption=name, max_rows=10) for name, frame in answer.tables.items()),
        )
        return answer

    def forget(self) -> None:
        self.chat.clear()
        self.answers.clear()
        self.conversation.children = ()
