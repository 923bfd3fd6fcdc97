"""Answers against the framework: type, option, show_if (hidden but kept), required, unknown."""

from __future__ import annotations

from pathlib import Path

import pytest

from casemark.engine import answers as ans
from casemark.engine.model import Case, Inspection
from casemark.framework import load_framework

FIXTURES = Path(__file__).resolve().parent / "fixtures"
FW = load_framework(FIXTURES / "store-fw")
COURT = FW.questionnaires["court"]


@pytest.mark.parametrize(
    "qid, value, why",
    [
        ("2.1.1", "maybe", "'maybe' is not an option (use one of yes, no)"),
        ("2.1.1", True, "must be one of yes, no (a string), not true (true/false)"),
        ("2.1.1a", "na", None),
        ("2.1.1", "na", "'na' is not an option (use one of yes, no)"),
        ("I1", "blue", None),
        ("I1", "Blue", "'Blue' is not an option (use one of red, blue, other)"),
        ("I2", ["red", "other"], None),
        ("I2", "red", 'must be a list of options such as ["red"], not \'red\''),
        ("I2", ["red", "green"], "'green' not an option (use red, blue, other)"),
        ("I2", ["red", "red"], "lists an option twice (list each once)"),
        ("I3", 15, None),
        ("I3", 15.5, "must be a whole number, not float 15.5"),
        ("I3", "15", "must be a whole number, not '15' (write it without quotes)"),
        ("I3", False, "must be a whole number, not false (true/false)"),
        ("I4", "Ms Smith", None),
        ("I4", 3, "must be text (a string), not int 3"),
        ("A2.4", "medium", None),
        ("A2.4", "very-high", "'very-high' is not an option (use one of low, medium, high)"),
        ("I0", "x", "is information only and takes no answer (remove the answer)"),
    ],
)
def test_check_value(qid: str, value, why: str | None) -> None:
    assert ans.check_value(COURT.question(qid), value) == why


def test_hidden_answer_flagged_not_dropped() -> None:
    answers = {"I1": "red", "I1a": "It was teal."}
    problems = ans.check_answers(COURT, answers)
    assert [(p.key, p.kind) for p in problems] == [("answers.I1a", "hidden")]
    assert "hidden because 'I1 = other' does not hold (the answer is kept" in problems[0].message
    assert answers == {"I1": "red", "I1a": "It was teal."}
    assert ans.hidden_answers(COURT, answers) == ["I1a"]
    assert ans.check_answers(COURT, {"I1": "other", "I1a": "It was teal."}) == []


def test_unknown_question_reported_and_kept() -> None:
    answers = {"Z9": "yes", "2.1.1": "yes"}
    problems = ans.check_answers(COURT, answers)
    assert [(p.key, p.kind) for p in problems] == [("answers.Z9", "unknown")]
    assert problems[0].message.startswith("'Z9' is not a question of the 'court' questionnaire (the answer is kept")
    assert ans.ordered(COURT, answers) == {"2.1.1": "yes", "Z9": "yes"}


def test_required_only_for_complete_and_only_when_shown() -> None:
    answers = {"I1": "red", "2.1.1": "yes", "2.1.1.reasons": "Good.", "2.1.2": "no"}
    assert ans.check_answers(COURT, answers) == []
    missing = ans.check_answers(COURT, answers, complete=True)
    assert [(p.key, p.kind) for p in missing] == [('answers."2.1.2.reasons"', "missing")]
    assert missing[0].message == 'required but unanswered (answer it, or set status = "in-progress")'
    # I1a is required only when shown (I1 = other); reasons only once the judgement is given
    assert ans.missing_required(COURT, {"I1": "other"}) == ["I1a", "2.1.1", "2.1.2"]
    assert ans.missing_required(COURT, {"I1": "other", "I1a": "", "2.1.1": "yes"}) == ["I1a", "2.1.1.reasons", "2.1.2"]


def test_check_case_and_can_complete() -> None:
    case = Case("C-1", "court", "store-fw", status="complete", answers={"I1": "green", "2.1.1": "yes"})
    kinds = [(p.key, p.kind) for p in ans.check_case(FW, case)]
    assert kinds == [("answers.I1", "option"), ('answers."2.1.1.reasons"', "missing"), ('answers."2.1.2"', "missing")]
    assert ans.can_complete(FW, case) == [
        "2.1.1.reasons: required but unanswered",
        "2.1.2: required but unanswered",
        "I1: 'green' is not an option (use one of red, blue, other)",
    ]


def test_inspection_ratings_checked() -> None:
    inspection = Inspection(
        "i", "store-fw", "S",
        ratings={"1.1": "good", "2.1": "good", "9.9": "good", "2.5": "superb"},
        answers={"1.1.1a": "Minutes seen.", "1.1.rating": "good"},
    )
    problems = {p.key: p.message for p in ans.check_inspection(FW, inspection)}
    assert problems == {
        'ratings."2.1"': "'2.1' is a case-based standard, rated from the cases (only 1.1, 2.5 are recorded here; delete it)",
        'ratings."9.9"': "'9.9' is not a standard of this framework (only 1.1, 2.5 are recorded here; delete it)",
        'ratings."2.5"': "'superb' is not a rating (use one of outstanding, good, requires-improvement, inadequate, not-rated)",
        'answers."1.1.rating"': 'a standard\'s rating belongs in [ratings] as "1.1" (move it there)',
    }
    merged = ans.inspection_answers(FW, Inspection("i", "store-fw", "S", ratings={"1.1": "good"}))
    assert merged == {"1.1.rating": "good"}
