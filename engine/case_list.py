"""What the inspection screen's case list says of its cases, worked out without a UI: how far a
case's marking has got (answered of asked, required missing), the id a new case is offered, and
the inspectors offered as a case's (second) marker. No I/O, no UI."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Iterable

from casemark.framework import Questionnaire

from .vocabulary import is_answered

NUMBERED = re.compile(r"(.*?)(\d+)")  # fullmatch: a prefix, then the number the id ends with


@dataclass(frozen=True)
class Progress:
    """Of a case's questions shown (asked), how many are answered, and how many required ones are not."""

    answered: int
    asked: int
    missing: int

    def text(self) -> str:
        """'50/94, 8 missing' ('50/94' when nothing required is missing)."""
        return f"{self.answered}/{self.asked}" + (f", {self.missing} missing" if self.missing else "")

    def short(self) -> str:
        """'50/94 !8', for a narrow screen ('!' marks a required question missing, as in the tree)."""
        return f"{self.answered}/{self.asked}" + (f" !{self.missing}" if self.missing else "")


def progress(questionnaire: Questionnaire, answers: dict[str, Any]) -> Progress:
    """As the marking screen's title counts them: the answerable questions shown for `answers`."""
    answered = asked = missing = 0
    for question in questionnaire.questions():
        if not question.answerable or not question.visible(answers):
            continue
        asked += 1
        if is_answered(answers.get(question.id)):
            answered += 1
        elif question.required:
            missing += 1
    return Progress(answered, asked, missing)


class ProgressCache:
    """Each case's Progress, worked out once per version of its file (its `origin`, the digest of
    the bytes it was read from or last written as), not at every refill of the list."""

    def __init__(self) -> None:
        self._known: dict[str, tuple[str, str, Progress]] = {}  # case id -> (origin, questionnaire, progress)

    def of(self, case_id: str, origin: str, questionnaire: Questionnaire, answers: dict[str, Any]) -> Progress:
        known = self._known.get(case_id)
        if origin and known and known[0] == origin and known[1] == questionnaire.id:
            return known[2]
        found = progress(questionnaire, answers)
        if origin:
            self._known[case_id] = (origin, questionnaire.id, found)
        return found


def next_id(taken: Iterable[str]) -> str:
    """The id a new case is offered: of the ids ending in a number, the highest number plus one,
    with the same prefix and at least the same width (C11 -> C12, OOC-09 -> OOC-10); not one
    taken in any upper/lower case. '' when no id ends in a number."""
    ids = list(taken)
    folded = {i.casefold() for i in ids}
    best: tuple[int, str, int] | None = None  # (number, prefix, width)
    for cid in ids:
        match = NUMBERED.fullmatch(cid)
        if match and "--" not in cid:  # a second marking (C03--2) is not a case's number
            number = int(match.group(2))
            if best is None or number > best[0]:
                best = (number, match.group(1), len(match.group(2)))
    if best is None:
        return ""
    number, prefix, width = best
    while True:
        number += 1
        candidate = f"{prefix}{number:0{width}d}"
        if candidate.casefold() not in folded:
            return candidate


def offered_inspector(inspectors: list[str], me: str, not_: str = "") -> str:
    """The name a dialog offers as a case's marker: this app's inspector when the inspection lists
    them (or lists nobody), else the first inspector it lists; never `not_` (the first marker)."""
    allowed = [name for name in inspectors if name.casefold() != not_.casefold()] if not_ else list(inspectors)
    if me and (me in allowed or not inspectors) and me.casefold() != not_.casefold():
        return me
    return allowed[0] if allowed else ("" if me.casefold() == not_.casefold() else me)
