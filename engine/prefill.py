"""Answers a new case starts with: the case details the inspection already knows.

Which questions take which value is framework data, the question's `prefill` key
(docs/framework-format.md):

- "inspection.service": the inspection's `service` (inspection.toml);
- "case.inspector": the case's own inspector;
- "inspection-wide": the answer most of the inspection's other cases give to the same question
  (all cases of one inspection share it, e.g. single/joint, England/Wales); ties go to the answer
  of the most recently updated case; nothing if no other case answers it.

A prefilled answer is an ordinary answer: saved in the case file, editable, removable. A value that
does not fit the question (a service name on a number question) is left out, never written.
No I/O and no UI here: the store passes the inspection and its other cases in.
"""

from __future__ import annotations

from collections import Counter
from datetime import datetime
from typing import Any, Iterable

from casemark.framework.model import PREFILL_SOURCES, Questionnaire

from . import answers as ans
from .model import Case, Inspection

__all__ = ["PREFILL_SOURCES", "prefill_answers"]

_EPOCH = datetime.min


def _common(qid: str, others: Iterable[Case]) -> Any:
    """The answer most of `others` give to `qid` (None if none does)."""
    counts: Counter[str] = Counter()
    latest: dict[str, tuple[datetime, Any]] = {}
    for case in others:
        value = case.answers.get(qid)
        if value in (None, "", []) or case.excluded:
            continue
        key = repr(value)
        counts[key] += 1
        stamp = case.updated.replace(tzinfo=None) if case.updated else _EPOCH
        if key not in latest or stamp > latest[key][0]:
            latest[key] = (stamp, value)
    if not counts:
        return None
    best = max(counts, key=lambda k: (counts[k], latest[k][0]))
    return latest[best][1]


def prefill_answers(qn: Questionnaire, inspection: Inspection, case: Case, others: Iterable[Case]) -> dict[str, Any]:
    """The answers `case` (new, of questionnaire `qn`) starts with, by question id."""
    others = [c for c in others if c.case_id != case.case_id]
    out: dict[str, Any] = {}
    for question in qn.questions():
        source = question.prefill
        if not source:
            continue
        if source == "inspection.service":
            value: Any = inspection.service.strip() or None
        elif source == "case.inspector":
            value = case.inspector.strip() or None
        elif source == "inspection-wide":
            value = _common(question.id, others)
        else:
            value = None
        if value is not None and ans.check_value(question, value) is None:
            out[question.id] = value
    return out
