"""The words and marks casemark shows everywhere, said once: rating labels (full and short), case
statuses, the marks of a judgement, and what counts as an answer. No I/O, no UI.
"""

from __future__ import annotations

from typing import Any

from casemark.framework.model import NOT_RATED, RATING_LABELS

from .model import CASE_STATUSES

STATUSES = CASE_STATUSES  # in-progress, complete, excluded
SHORT_LABELS = {  # a rating in a narrow column or the sidebar
    "outstanding": "Outstanding",
    "good": "Good",
    "requires-improvement": "Req. improv.",
    "inadequate": "Inadequate",
    NOT_RATED: "Not rated",
}
MARKS = {"yes": "✓", "no": "✗"}  # a judgement given
NOT_YET = "·"  # a judgement not given yet (or not a yes or a no)


def label(rating: str | None) -> str:
    """'requires-improvement' -> 'Requires improvement'; what is not a rating, as it is."""
    return RATING_LABELS.get(rating or "", rating or "")


def short_label(rating: str | None) -> str:
    """'requires-improvement' -> 'Req. improv.'; what is not a rating, as it is."""
    return SHORT_LABELS.get(rating or "", rating or "")


def mark(value: Any) -> str:
    """A judgement's mark: ✓ for 'yes', ✗ for 'no', · for anything else (unanswered, or a value a
    hand-edited file holds that is not a judgement: a list, a table, a number)."""
    return MARKS.get(value, NOT_YET) if isinstance(value, str) else NOT_YET


def is_answered(value: Any) -> bool:
    """An answer is given: not missing, not empty text, not an empty list."""
    return not (value is None or (isinstance(value, str) and value == "") or (isinstance(value, list) and not value))
