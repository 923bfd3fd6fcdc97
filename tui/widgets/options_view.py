"""The options of the current question, numbered as the keys that choose them; click to choose."""

from __future__ import annotations

import textwrap
from dataclasses import dataclass
from typing import Any

from textual.content import Content
from textual.message import Message
from textual.widgets import Static

from casemark.framework import Question

LETTERS = {"yes": "y", "no": "n", "na": "a"}


def hanging(label: str, indent: int, width: int) -> str:
    """`label` wrapped to fit `width` after `indent` columns, its further lines indented as much
    (as is, on one line, where the room is too small to wrap in or unknown)."""
    room = width - indent
    if room < 8 or len(label) <= room:
        return label
    return ("\n" + " " * indent).join(textwrap.wrap(label, room, break_long_words=True))


def chosen_values(value: Any) -> set[Any]:
    """The option values an answer chooses (a list of them for a question of several)."""
    return set(value) if isinstance(value, list) else {value}


def option_mark(question: Question, option_value: Any, chosen: set[Any]) -> tuple[str, str]:
    """An option's mark (● chosen or ○, ☒ ticked or ☐ where several may be) and its style."""
    on = option_value in chosen
    if question.type == "multi":
        return ("☒" if on else "☐"), ("$text-success" if on else "")
    return ("●" if on else "○"), ("$text-success" if on else "")


def options_content(question: Question, value: Any, width: int = 0) -> Content:
    """One line per option, a long label wrapped to `width` (0: not wrapped) with a hanging
    indent: its further lines start under the label, not under the key."""
    chosen = chosen_values(value)
    lines = []
    for n, option in enumerate(question.options, start=1):
        mark, style = option_mark(question, option.value, chosen)
        keys = f"{n}" if n <= 9 else " "
        if option.value in LETTERS and question.type in ("yes_no", "yes_no_na"):
            keys += f"/{LETTERS[option.value]}"
        head = f" {keys:<4}"
        indent = len(head) + len(mark) + 1
        for i, part in enumerate(hanging(option.label, indent, width).split("\n" + " " * indent)):
            lead = Content.assemble((head, "$text-accent"), (f"{mark} ", style)) if i == 0 else Content(" " * indent)
            lines.append((lead + Content.styled(part, style)).stylize(f"@click=pick({n})"))  # this widget's own action, below
    return Content("\n").join(lines)


class OptionsView(Static, can_focus=False):
    """One line per option: its number key, a mark when chosen, its label. A click posts
    `OptionsView.Chosen` (the screen owns the answer)."""

    @dataclass
    class Chosen(Message):
        """Option `n` (1-based) of `question_id` was clicked."""

        options_view: OptionsView
        question_id: str
        n: int

        @property
        def control(self) -> OptionsView:
            return self.options_view

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.question: Question | None = None
        self.value: Any = None
        self._width = 0  # the width the lines were wrapped to (0: not laid out yet, not wrapped)

    def show(self, question: Question, value: Any) -> None:
        self.question, self.value = question, value
        self._width = self.content_region.width if self.is_mounted else 0
        self.update(options_content(question, value, self._width))

    def on_resize(self) -> None:
        """Wrapped again at the new width, each label's lines under its first word."""
        if self.question is not None and self.content_region.width != self._width:
            self.show(self.question, self.value)

    def action_pick(self, n: int) -> None:
        if self.question is not None:
            self.post_message(self.Chosen(self, self.question.id, n))
