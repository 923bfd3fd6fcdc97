"""A focusable list of a question's options, for questions with more than the 9 number keys
(I2.8, ethnicity, has 19): ↑/↓ move, Enter chooses, typing filters by the label's words
(Backspace deletes a letter of the filter, Escape clears it)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from textual import events
from textual.binding import Binding
from textual.content import Content
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from casemark.framework import Question

from .options_view import chosen_values, hanging, option_mark


class OptionPicker(OptionList):
    """The options of `question`; the chosen one marked ● (ticked ☒ for several). Posts
    `OptionPicker.Chosen`."""

    BINDINGS = [
        Binding("backspace", "unfilter", "Delete a letter of the filter", show=False, id="picker-unfilter"),
    ]

    @dataclass
    class Chosen(Message):
        """The user chose option `n` (1-based, in the question's order) of `question_id`."""

        picker: OptionPicker
        question_id: str
        n: int

        @property
        def control(self) -> OptionPicker:
            return self.picker

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.question: Question | None = None
        self.value: Any = None
        self.filter = ""
        self._filled_width = 0

    def show(self, question: Question, value: Any) -> None:
        """Show `question`'s options with `value` chosen; a new question starts unfiltered."""
        same = self.question is not None and question.id == self.question.id
        if not same:
            self.filter = ""
        self.question, self.value = question, value
        self._fill(keep=same)

    def _fill(self, keep: bool = False) -> None:
        q = self.question
        if q is None:
            return
        chosen = chosen_values(self.value)
        words = self.filter.casefold().split()
        options = []
        width = self._filled_width = self._width
        for n, option in enumerate(q.options, start=1):
            label = option.label.casefold()
            if words and not all(w in label for w in words):
                continue
            mark, style = option_mark(q, option.value, chosen)
            text = hanging(option.label, 5, width)  # a long label's lines under its first word
            options.append(Option(Content.assemble((f"{n:>2} ", "$text-accent"), (f"{mark} ", style), (text, style)), id=str(n)))
        kept = self.chosen_n() if keep else None  # the same question again: the highlight stays
        self.clear_options()
        if self.filter:
            shown = f"filter: {self.filter} ({len(options)} of {len(q.options)})"
            options.insert(0, Option(Content.styled(shown, "$text-muted"), disabled=True))
        self.add_options(options)
        first = next((i for i, o in enumerate(options) if not o.disabled), None)
        current = next((i for i, o in enumerate(options) if o.id and q.options[int(o.id) - 1].value in chosen), None)
        same = next((i for i, o in enumerate(options) if o.id == str(kept)), None) if kept else None
        self.highlighted = same if same is not None else first if self.filter or current is None else current

    @property
    def _width(self) -> int:
        return self.scrollable_content_region.width - 1 if self.is_mounted else 0

    def on_resize(self) -> None:
        if self.question is not None and self._width != self._filled_width:
            self._fill(keep=True)

    def chosen_n(self) -> int | None:
        """The option under the highlight (1-based), if any."""
        option = self.highlighted_option
        return int(option.id) if option is not None and option.id else None

    def clear_filter(self) -> bool:
        """Drop the filter; False if there was none."""
        if not self.filter:
            return False
        self.filter = ""
        self._fill()
        return True

    def action_unfilter(self) -> None:
        if self.filter:
            self.filter = self.filter[:-1]
            self._fill()

    async def _on_key(self, event: events.Key) -> None:
        if event.is_printable and event.character:
            event.stop()
            event.prevent_default()
            self.filter += event.character
            self._fill()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if self.question is not None and event.option_id:
            self.post_message(self.Chosen(self, self.question.id, int(event.option_id)))
