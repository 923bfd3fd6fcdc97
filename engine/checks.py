"""Soft checks on a case's marking: warnings an inspector can acknowledge with a note, never blocks.

The four checks (ids as stored in acknowledgements):

- `against-prompts`: a key-question judgement of Yes when most of its answered prompts are No, or of
  No when most of them are Yes (prompts answered Not applicable do not count either way);
- `short-reasons`: a judgement whose reasons are empty or shorter than `MIN_REASONS_CHARS`;
- `no-correction`: a classification judged inaccurate (the 'is it accurate?' question answered No)
  with no corrected value given;
- `optional-unanswered`: a case marked complete with an optional prompt left unanswered.

An acknowledgement lives in the case file, in the table `[acknowledged]`, keyed
`"<check-id>:<question-id>"` with the inspector's note as value (see docs/reports.md). Pure logic:
no I/O, no UI.

A check does not fire on a question the inspector has not had the chance to answer yet: a warning
sits beside question X only once X is answered, or the marking has moved past X (a question after X
in framework order is answered), or the case is complete. So arriving at A3.5 (the corrected
classification, shown once A3.4 says No) or at a judgement's reasons box shows no warning; moving on
without answering it, or completing the case, does.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from casemark.framework.model import Group, Question, Questionnaire

from .model import Case
from .vocabulary import is_answered

ACK_KEY = "acknowledged"
MIN_REASONS_CHARS = 20

CHECKS = {
    "against-prompts": "judgement goes against most of its answered prompts",
    "short-reasons": "judgement with empty or very short reasons",
    "no-correction": "classification judged inaccurate with no corrected value",
    "optional-unanswered": "case marked complete with an optional prompt unanswered",
}


@dataclass(frozen=True)
class SoftCheck:
    """One warning on one question of one case."""

    check: str  # a key of CHECKS
    question: str  # the question id the warning sits beside
    message: str
    note: str | None = None  # the acknowledgement note, if acknowledged

    @property
    def key(self) -> str:
        return ack_key(self.check, self.question)

    @property
    def acknowledged(self) -> bool:
        return self.note is not None


def ack_key(check: str, question: str) -> str:
    return f"{check}:{question}"


_answered = is_answered


def _group_parts(group: Group) -> tuple[Question | None, list[Question], Question | None]:
    """The group's judgement, its prompts and its reasons question."""
    judgement = next((q for q in group.questions if q.role == "judgement"), None)
    prompts = [q for q in group.questions if q.role == "prompt"]
    if judgement is not None and not prompts:  # hand-written groups without roles: yes/no rows
        prompts = [q for q in group.questions if q is not judgement and q.type in ("yes_no", "yes_no_na") and not q.role]
    reasons = next((q for q in group.questions if q.role == "reasons"), None)
    return judgement, prompts, reasons


def _judged_groups(questionnaire: Questionnaire) -> list[tuple[Question, list[Question], Question | None]]:
    """(judgement, prompts, reasons) of every group that has a judgement, in framework order."""
    parts = [_group_parts(group) for section in questionnaire.sections for group in section.groups]
    return [(j, prompts, reasons) for j, prompts, reasons in parts if j is not None]


def _against_prompts(judgement: Question, prompts: list[Question], answers: dict) -> SoftCheck | None:
    verdict = answers.get(judgement.id)
    if verdict not in ("yes", "no"):
        return None
    votes = [answers.get(p.id) for p in prompts if answers.get(p.id) in ("yes", "no")]
    if not votes:
        return None
    opposite = "no" if verdict == "yes" else "yes"
    against = votes.count(opposite)
    if against * 2 <= len(votes):
        return None
    if len(votes) == 1:
        said = f"its one answered prompt is {opposite.capitalize()}"
    else:
        said = f"{against} of the {len(votes)} answered prompts are {opposite.capitalize()}"
    return SoftCheck("against-prompts", judgement.id, f"judged {verdict.capitalize()}, but {said}: check the judgement or the prompts")


def _short_reasons(judgement: Question, reasons: Question | None, answers: dict) -> SoftCheck | None:
    if reasons is None or not _answered(answers.get(judgement.id)):
        return None
    text = answers.get(reasons.id)
    text = text.strip() if isinstance(text, str) else ""
    if len(text) >= MIN_REASONS_CHARS:
        return None
    said = "no reasons are recorded" if not text else f"the reasons are very short ({len(text)} characters)"
    return SoftCheck(
        "short-reasons",
        reasons.id,
        f"{judgement.id} is judged but {said}: record why, in a sentence or two",
    )


def _accuracy_pairs(questionnaire: Questionnaire) -> list[tuple[Question, Question]]:
    """(is-it-accurate question, corrected classification) pairs: a classification shown only
    when a yes/no question is answered No."""
    pairs = []
    for q in questionnaire.questions():
        cond = q.show_if
        if q.type != "classification" or cond is None or cond.equals != "no" or not cond.question:
            continue
        accurate = questionnaire.question(cond.question)
        if accurate is not None and accurate.type in ("yes_no", "yes_no_na"):
            pairs.append((accurate, q))
    return pairs


def _no_correction(accurate: Question, corrected: Question, answers: dict) -> SoftCheck | None:
    if answers.get(accurate.id) != "no" or _answered(answers.get(corrected.id)):
        return None
    return SoftCheck(
        "no-correction",
        corrected.id,
        f"{accurate.id} says the classification is inaccurate, but {corrected.id} gives no corrected "
        "value: choose what it should have been",
    )


def _optional_unanswered(questionnaire: Questionnaire, answers: dict) -> list[SoftCheck]:
    return [
        SoftCheck(
            "optional-unanswered",
            q.id,
            f"the case is marked complete but prompt {q.id} is unanswered: answer it, or note why not",
        )
        for q in questionnaire.visible_questions(answers)
        if q.role == "prompt" and not q.required and not _answered(answers.get(q.id))
    ]


def _reached(qid: str, answers: dict[str, Any], order: dict[str, int]) -> bool:
    """Has the inspector had the chance to answer `qid`: answered it, or answered a later question."""
    if _answered(answers.get(qid)):
        return True
    here = order.get(qid)
    if here is None:
        return True
    return any(order.get(other, -1) > here for other, value in answers.items() if _answered(value))


def check_case(questionnaire: Questionnaire, case: Case) -> list[SoftCheck]:
    """Every soft check that fires on `case`, in framework order, with acknowledgement notes filled in.

    Excluded cases are not checked."""
    if case.excluded:
        return []
    answers = case.answers
    found: list[SoftCheck] = []
    for judgement, prompts, reasons in questionnaire.derived("checks.groups", _judged_groups):
        for hit in (_against_prompts(judgement, prompts, answers), _short_reasons(judgement, reasons, answers)):
            if hit:
                found.append(hit)
    for accurate, corrected in questionnaire.derived("checks.accuracy", _accuracy_pairs):
        hit = _no_correction(accurate, corrected, answers)
        if hit:
            found.append(hit)
    order = questionnaire.order()
    if case.status == "complete":
        found.extend(_optional_unanswered(questionnaire, answers))
    else:
        found = [c for c in found if _reached(c.question, answers, order)]
    found.sort(key=lambda c: order.get(c.question, len(order)))
    notes = acknowledgements(case)
    return [SoftCheck(c.check, c.question, c.message, notes.get(c.key)) for c in found]


def acknowledgements(case: Case) -> dict[str, str]:
    """The case's acknowledgements: "<check>:<question>" -> note (malformed entries are skipped)."""
    table = case.extra.get(ACK_KEY)
    if not isinstance(table, dict):
        return {}
    return {str(k): v for k, v in table.items() if isinstance(v, str)}


def acknowledge(case: Case, check: str, question: str, note: str) -> None:
    """Record the inspector's note on a soft check in the case (the caller saves the case)."""
    if check not in CHECKS:
        raise ValueError(f"unknown soft check '{check}' (use one of {', '.join(CHECKS)})")
    note = note.strip()
    if not note:
        raise ValueError("an acknowledgement needs a note saying why the warning does not apply")
    table = case.extra.get(ACK_KEY, {})
    if not isinstance(table, dict):  # never overwrite what the file holds: it is fixed by hand first
        raise ValueError(f"the case's acknowledged = {table!r} is not a table of notes (make it [acknowledged] in the file first; casemark validate shows it)")
    table[ack_key(check, question)] = note
    case.extra[ACK_KEY] = dict(sorted(table.items()))


def withdraw(case: Case, check: str, question: str) -> bool:
    """Remove an acknowledgement; True if there was one."""
    table = case.extra.get(ACK_KEY)
    if not isinstance(table, dict) or ack_key(check, question) not in table:
        return False
    del table[ack_key(check, question)]
    if not table:
        del case.extra[ACK_KEY]
    return True
