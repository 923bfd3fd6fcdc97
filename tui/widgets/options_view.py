"""The options of the current question, numbered as the keys that choose them; click to choose."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from textual.content import Content
from textual.message import Message
from textual.widgets import Static

from casemark.framework import Question

LETTERS = {"yes": "y", "no": "n", "na": "a"}


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

    def show(self, question: Question, value: Any) -> None:
        self.question = question
        chosen = set(value) if isinstance(value, list) else {value}
        lines = []
        for n, option in enumerate(question.options, start=1):
            mark = "●" if option.value in chosen else "○"
            if question.type == "multi":
                mark = "☒" if option.value in chosen else "☐"
            keys = f"{n}" if n <= 9 else " "
            if option.value in LETTERS and question.type in ("yes_no", "yes_no_na"):
                keys += f"/{LETTERS[option.value]}"
            style = "$text-success" if option.value in chosen else ""
            line = Content.assemble(
                (f" {keys:<4}", "$text-accent"),
                (f"{mark} ", style),
                (option.label, style),
            ).stylize(f"@click=pick({n})")  # this widget's own action, below
            lines.append(line)
        self.update(Content("\n").join(lines))

    def action_pick(self, n: int) -> None:
        if self.question is not None:
            self.post_message(self.Chosen(self, self.question.id, n))
