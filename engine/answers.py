"""Answers checked against the framework: type, option, show_if, required, unknown questions.

Nothing here changes an answer: an answer to a question that is now hidden, or to a question the
framework does not know, is kept and reported as a `Problem`; the store writes it back untouched.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from casemark.framework.model import NOT_RATED, RATINGS, Framework, Question, Questionnaire

from . import tomlfile
from .model import SECOND_MARK_KEY, Case, Inspection, check_id
from .vocabulary import is_answered

STANDARD_RATINGS = (*RATINGS, NOT_RATED)


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a file: `key` is its TOML key path (e.g. `answers."2.1.1a"`)."""

    key: str
    message: str
    kind: str  # unknown | type | option | hidden | missing | rating | field


def answer_key(qid: str, table: str = "answers") -> str:
    return f"{table}.{tomlfile.key(qid)}"


def empty(value: Any) -> bool:
    return not is_answered(value)


def check_value(question: Question, value: Any) -> str | None:
    """Why `value` cannot be the answer to `question`, or None if it can."""
    t = question.type
    allowed = [o.value for o in question.options]
    if t == "info":
        return "is information only and takes no answer (remove the answer)"
    if t in ("yes_no", "yes_no_na", "choice", "classification"):
        if not isinstance(value, str):
            return f"must be one of {', '.join(allowed)} (a string), not {_show(value)}"
        if value not in allowed:
            return f"{_show(value)} is not an option (use one of {', '.join(allowed)})"
        return None
    if t == "multi":
        if value == []:
            return "is an empty list (delete the answer to leave the question unanswered)"
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            return f"must be a list of options such as [\"{allowed[0] if allowed else 'x'}\"], not {_show(value)}"
        bad = [v for v in value if v not in allowed]
        if bad:
            return f"{', '.join(map(_show, bad))} not an option (use {', '.join(allowed)})"
        if len(set(value)) != len(value):
            return "lists an option twice (list each once)"
        return None
    if t in ("text", "longtext"):
        return None if isinstance(value, str) else f"must be text (a string), not {_show(value)}"
    if t == "number":
        if isinstance(value, bool) or not isinstance(value, int):
            hint = " (write it without quotes)" if isinstance(value, str) and value.strip().lstrip("-").isdigit() else ""
            return f"must be a whole number, not {_show(value)}{hint}"
        low, high = question.minimum, question.maximum
        if (low is not None and value < low) or (high is not None and value > high):
            shown = str(value) if abs(value) < 10**12 else f"a number of {len(str(abs(value)))} digits"
            allowed = f"from {low} to {high}" if low is not None and high is not None else (f"at least {low}" if low is not None else f"at most {high}")
            return f"{shown} is out of range (give a whole number {allowed})"
        return None
    return f"has an unknown question type '{t}'"  # pragma: no cover - the loader rejects these


def _show(value: Any) -> str:
    if isinstance(value, str):
        return f"'{value}'" if len(value) <= 60 else f"'{value[:57]}…'"
    if isinstance(value, bool):
        return f"{str(value).lower()} (true/false)"
    shown = repr(value)
    return f"{type(value).__name__} {shown if len(shown) <= 60 else shown[:57] + '…'}"


def unknown_questions(questionnaire: Questionnaire, answers: dict[str, Any]) -> list[str]:
    return [qid for qid in answers if questionnaire.question(qid) is None]


def hidden_answers(questionnaire: Questionnaire, answers: dict[str, Any]) -> list[str]:
    """Answered questions whose `show_if` no longer holds (kept, but flagged)."""
    return [
        q.id for q in questionnaire.questions() if q.id in answers and not empty(answers[q.id]) and not q.visible(answers)
    ]


def missing_required(questionnaire: Questionnaire, answers: dict[str, Any]) -> list[str]:
    """Required questions, shown under these answers, that have no answer: what blocks 'complete'."""
    return [
        q.id
        for q in questionnaire.questions()
        if q.required and q.answerable and q.visible(answers) and empty(answers.get(q.id))
    ]


def check_answers(questionnaire: Questionnaire, answers: dict[str, Any], complete: bool = False, table: str = "answers") -> list[Problem]:
    """Every problem with these answers, in framework order, unknown questions last."""
    problems = []
    hidden = set(hidden_answers(questionnaire, answers))
    for q in questionnaire.questions():
        if q.id not in answers:
            continue
        why = check_value(q, answers[q.id])
        if why:
            problems.append(Problem(answer_key(q.id, table), why, "type" if "must be" in why else "option"))
        if q.id in hidden:
            problems.append(
                Problem(
                    answer_key(q.id, table),
                    f"answered, but the question is hidden because '{q.show_if.describe()}' does not hold "
                    "(the answer is kept: delete it if it no longer applies, or change the earlier answer)",
                    "hidden",
                )
            )
    for qid in unknown_questions(questionnaire, answers):
        problems.append(
            Problem(
                answer_key(qid, table),
                f"'{qid}' is not a question of the '{questionnaire.id}' questionnaire (the answer is kept; "
                "correct the id or delete it)",
                "unknown",
            )
        )
    if complete:
        for qid in missing_required(questionnaire, answers):
            problems.append(
                Problem(answer_key(qid, table), "required but unanswered (answer it, or set status = \"in-progress\")", "missing")
            )
    return problems


def check_case(fw: Framework, case: Case) -> list[Problem]:
    questionnaire = fw.questionnaires.get(case.questionnaire)
    if questionnaire is None:  # pragma: no cover - the store refuses such files on load
        return [Problem("questionnaire", f"unknown questionnaire '{case.questionnaire}'", "field")]
    return check_answers(questionnaire, case.answers, complete=case.status == "complete") + check_case_fields(case)


def check_case_fields(case: Case) -> list[Problem]:
    """The case file's own keys beyond the answers: timestamps, the second marking's reference, the
    acknowledgements table (their types; the store reads them as they are)."""
    problems = []
    for name in ("created", "updated"):
        stamp = getattr(case, name)
        if isinstance(stamp, dt.datetime) and stamp.tzinfo is None:
            problems.append(Problem(name, f"{stamp.isoformat()} has no time zone (add Z for UTC, e.g. {stamp.isoformat()}Z)", "field"))
    if SECOND_MARK_KEY in case.extra:
        of = case.extra[SECOND_MARK_KEY]
        if not isinstance(of, str):
            problems.append(Problem(SECOND_MARK_KEY, f"must be the id of the first marking's case (a string), not {_show(of)}", "field"))
        elif of == case.case_id:
            problems.append(Problem(SECOND_MARK_KEY, f"names this case itself (give the id of the case this file second-marks, or delete the key)", "field"))
        else:
            try:
                check_id(of, "case id")
            except ValueError:
                problems.append(Problem(SECOND_MARK_KEY, f"{_show(of)} is not a case id (letters, digits, '-' and '_' only: the id of the case this file second-marks)", "field"))
    ack = case.extra.get("acknowledged")
    if ack is not None:
        if not isinstance(ack, dict):
            problems.append(Problem("acknowledged", f"must be a table of notes, [acknowledged] with \"CHECK:QUESTION\" = \"why\", not {_show(ack)}", "field"))
        else:
            for k, note in ack.items():
                if not isinstance(note, str):
                    problems.append(Problem(f"acknowledged.{tomlfile.key(k)}", f"must be a note (a string), not {_show(note)}", "field"))
    return problems


def can_complete(fw: Framework, case: Case) -> list[str]:
    """What stops this case being marked complete: one line per question, empty if nothing."""
    questionnaire = fw.questionnaires[case.questionnaire]
    lines = [f"{qid}: required but unanswered" for qid in missing_required(questionnaire, case.answers)]
    for p in check_answers(questionnaire, case.answers):
        if p.kind in ("type", "option"):
            lines.append(f"{p.key.removeprefix('answers.').strip(chr(34))}: {p.message}")
    return lines


# -- the inspection: [ratings] hold the answers to `rates_standard` questions -----------------


def rating_questions(fw: Framework) -> dict[str, Question]:
    """Standard id -> the inspection question that records its rating."""
    qn = fw.inspection_questionnaire()
    return {q.rates_standard: q for q in qn.questions() if q.rates_standard} if qn else {}


def inspection_answers(fw: Framework, inspection: Inspection) -> dict[str, Any]:
    """The inspection questionnaire's answers with the ratings under their questions' ids."""
    merged = dict(inspection.answers)
    for sid, q in rating_questions(fw).items():
        if sid in inspection.ratings:
            merged[q.id] = inspection.ratings[sid]
    return merged


def check_inspection(fw: Framework, inspection: Inspection) -> list[Problem]:
    problems = []
    for name, when in inspection.dates.items():
        if not isinstance(when, dt.date) or isinstance(when, dt.datetime):
            problems.append(Problem(f"dates.{tomlfile.key(name)}", f"must be a date such as 2026-11-23 (no quotes), not {_show(when)}", "field"))
    judged = set(fw.rules.judged)
    for sid, rating in inspection.ratings.items():
        key = answer_key(sid, "ratings")
        if sid not in judged:
            what = "a case-based standard, rated from the cases" if sid in fw.rules.case_based else "not a standard of this framework"
            problems.append(Problem(key, f"'{sid}' is {what} (only {', '.join(fw.rules.judged)} are recorded here; delete it)", "rating"))
        elif rating not in STANDARD_RATINGS:
            problems.append(Problem(key, f"{_show(rating)} is not a rating (use one of {', '.join(STANDARD_RATINGS)})", "rating"))
    qn = fw.inspection_questionnaire()
    if qn is None:
        if inspection.answers:
            problems.append(Problem("answers", f"framework '{fw.id}' has no inspection questionnaire (the answers are kept)", "unknown"))
        return problems
    by_question = {q.id: sid for sid, q in rating_questions(fw).items()}
    for qid in inspection.answers:
        if qid in by_question:
            problems.append(
                Problem(answer_key(qid), f"a standard's rating belongs in [ratings] as \"{by_question[qid]}\" (move it there)", "field")
            )
    answers = {k: v for k, v in inspection_answers(fw, inspection).items()}
    for p in check_answers(qn, answers):
        if p.kind == "option" and any(p.key == answer_key(q.id) for q in rating_questions(fw).values()):
            continue  # reported against [ratings] above
        problems.append(p)
    return problems


def ordered(questionnaire: Questionnaire | None, answers: dict[str, Any]) -> dict[str, Any]:
    """Answers in framework order; answers to unknown questions after them, as they were."""
    if questionnaire is None:
        return dict(answers)
    order = questionnaire.order()
    known = sorted((k for k in answers if k in order), key=order.__getitem__)
    return {k: answers[k] for k in known} | {k: v for k, v in answers.items() if k not in order}
