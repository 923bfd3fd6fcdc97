"""Messages that flow up from widgets to the screen that owns the state (dataclass messages).

A widget's own messages are nested in it, with a `control` property (as Textual's
`Switch.Changed`): `QuestionView.Typed`, `OptionsView.Chosen`, `OptionPicker.Chosen`. Here: the
ones more than one widget posts.
"""

from __future__ import annotations

from dataclasses import dataclass

from textual.message import Message


@dataclass
class QuestionChosen(Message):
    """The user picked a question (a click in the tree, a palette hit)."""

    question_id: str
