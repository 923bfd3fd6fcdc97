"""What a question's state is for a set of answers: answered, unanswered, missing, hidden, info."""

from __future__ import annotations

from typing import Any

from casemark.engine.vocabulary import is_answered
from casemark.framework import Question

ANSWERED, UNANSWERED, MISSING, HIDDEN, INFO = "answered", "unanswered", "missing", "hidden", "info"
SYMBOLS = {ANSWERED: "●", UNANSWERED: "○", MISSING: "!", HIDDEN: "⊘", INFO: "·"}




def question_state(question: Question, answers: dict[str, Any]) -> str:
    if not question.visible(answers):
        return HIDDEN
    if not question.answerable:
        return INFO
    if is_answered(answers.get(question.id)):
        return ANSWERED
    return MISSING if question.required else UNANSWERED


def short_answer(question: Question, value: Any, width: int = 14) -> str:
    """A few characters of an answer for the tree: the option label or the start of the text."""
    if not is_answered(value):
        return ""
    text = question.label_for(value) if question.options else str(value)
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"
