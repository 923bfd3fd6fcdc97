"""The per-answer conflict dialog: one answer that two people changed to different values.

It shows the question, their value (in the file) with who and when, and mine (kept in the file's
conflict record), and closes with "theirs", "mine" or "later". It cannot be decided by typing: it
opens with focus on their value (a scrollable box where letters, Space and Enter do nothing); a
choice needs F2/F3/F4 (keys typing never produces, shown in the dialog's own footer) or Tab to a
button then Enter. Escape is "decide later", which keeps both values.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Footer, Static

CHOICES = ("theirs", "mine", "later")


def show_value(value: Any) -> str:
    """An answer as the dialog shows it (absent: '(no answer)')."""
    if value is None or value == "":
        return "(no answer)"
    if isinstance(value, list):
        return ", ".join(str(v) for v in value) if value else "(none chosen)"
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)


def show_when(when: dt.datetime | None) -> str:
    if when is None:
        return ""
    return when.astimezone().strftime("%Y-%m-%d %H:%M")


class AnswerConflictModal(ModalScreen[str]):
    """One conflict (an `engine.conflicts.Record` or an `engine.merge.Conflict`); dismisses with
    "theirs" (keep the file as it is), "mine" (write my value) or "later" (leave it recorded)."""

    AUTO_FOCUS = "#conflict-theirs-value"
    BINDINGS = [
        Binding("f2", "choose('theirs')", "Keep theirs", key_display="F2", id="conflict-keep-theirs"),
        Binding("f3", "choose('mine')", "Use mine", key_display="F3", id="conflict-use-mine"),
        Binding("f4,escape", "choose('later')", "Decide later", key_display="F4", id="conflict-decide-later"),
    ]

    def __init__(self, conflict: Any, question_text: str = "", path: str = "", position: tuple[int, int] = (1, 1)):
        super().__init__()
        self.conflict = conflict
        self.question_text = question_text
        self.path = path
        self.position = position

    def compose(self) -> ComposeResult:
        c = self.conflict
        n, total = self.position
        where = f" ({n} of {total})" if total > 1 else ""
        who = getattr(c, "theirs_by", "") or "another inspector"
        when = show_when(getattr(c, "theirs_updated", None))
        with Vertical(classes="dialog", id="answer-conflict"):
            yield Static(Content(f"Changed by you and by {who}{where}"), classes="dialog-title")
            question = c.question or c.key
            label = f"{question} · {self.question_text}" if self.question_text else question
            yield Static(Content(label), id="conflict-question", classes="conflict-question")
            if self.path:
                yield Static(Content(self.path), classes="conflict-path")
            yield Static(Content(f"Theirs, in the file: {who}" + (f", {when}" if when else "")), classes="conflict-label")
            with VerticalScroll(id="conflict-theirs-value", classes="conflict-value"):
                yield Static(Content(show_value(c.theirs)))
            yield Static(Content("Yours, kept safely until you choose:"), classes="conflict-label")
            with VerticalScroll(id="conflict-mine-value", classes="conflict-value"):
                yield Static(Content(show_value(c.mine)))
            with Horizontal(classes="buttons"):
                yield Button("Keep theirs F2", id="conflict-theirs", variant="warning")
                yield Button("Use mine F3", id="conflict-mine", variant="primary")
                yield Button("Decide later F4", id="conflict-later")
        yield Footer()

    def action_choose(self, choice: str) -> None:
        self.dismiss(choice)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss((event.button.id or "conflict-later").removeprefix("conflict-"))
