"""Messages that flow up from widgets to the screen that owns the state (dataclass messages)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from textual.message import Message


@dataclass
class QuestionChosen(Message):
    """The user picked a question (a click in the tree, a palette hit)."""

    question_id: str


@dataclass
class AnswerGiven(Message):
    """The user gave an answer: an option clicked, text typed. `value` None clears the answer."""

    question_id: str
    value: Any


@dataclass
class CaseChosen(Message):
    """The user picked a case (a row of the ratings view's insufficient cases)."""

    inspection_id: str
    case_id: str
