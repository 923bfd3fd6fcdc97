"""Soft checks on a case's marking (engine/checks.py): each check fires when it should, and only then."""

from __future__ import annotations

from pathlib import Path

import pytest

from casemark.engine.checks import (
    CHECKS,
    MIN_REASONS_CHARS,
    acknowledge,
    acknowledgements,
    check_case,
    withdraw,
)
from casemark.engine.model import Case
from casemark.framework import load_framework

FIXTURES = Path(__file__).parent / "fixtures"
GOOD_REASONS = "Assessment drew on the police and school records and the child's own account."


@pytest.fixture
def court():
    return load_framework(FIXTURES / "app-fw").questionnaires["court"]


def clean_answers() -> dict:
    """A case with nothing to warn about: prompts agree with judgements, reasons given."""
    return {
        "I2.1": "HM-1",
        "I2.3": "no",
        "A2.4": "medium",
        "A2.5": "yes",
        "2.1.1a": "yes",
        "2.1.1b": "yes",
        "2.1.1c": "no",
        "2.1.1": "yes",
        "2.1.1.reasons": GOOD_REASONS,
        "2.1.2a": "no",
        "2.1.2b": "na",
        "2.1.2": "no",
        "2.1.2.reasons": GOOD_REASONS,
    }


def case(answers: dict, status: str = "in-progress", **extra) -> Case:
    return Case("C-1", "court", "app-fw", status=status, answers=answers, extra=dict(extra))


def fired(checks) -> set[tuple[str, str]]:
    return {(c.check, c.question) for c in checks}


def test_a_clean_complete_case_has_no_checks(court):
    assert check_case(court, case(clean_answers(), status="complete")) == []


def test_yes_judgement_against_mostly_no_prompts(court):
    answers = clean_answers() | {"2.1.1a": "no", "2.1.1b": "no", "2.1.1c": "yes", "2.1.1": "yes"}
    checks = check_case(court, case(answers))
    assert fired(checks) == {("against-prompts", "2.1.1")}
    assert checks[0].message.startswith("judged Yes, but 2 of the 3 answered prompts are No")


def test_no_judgement_against_mostly_yes_prompts(court):
    answers = clean_answers() | {"2.1.2a": "yes", "2.1.2b": "yes", "2.1.2": "no"}
    checks = check_case(court, case(answers))
    assert fired(checks) == {("against-prompts", "2.1.2")}
    assert "2 of the 2 answered prompts are Yes" in checks[0].message


def test_not_applicable_prompts_do_not_count_and_a_tie_is_not_most(court):
    # one No, one Yes, one N/A: half against is not "most"
    answers = clean_answers() | {"2.1.1a": "no", "2.1.1b": "yes", "2.1.1c": "na", "2.1.1": "yes"}
    assert check_case(court, case(answers)) == []
    # only N/A answered: nothing to compare with
    answers = clean_answers() | {"2.1.1a": "na", "2.1.1b": "na", "2.1.1c": "na", "2.1.1": "no"}
    assert check_case(court, case(answers)) == []


def test_empty_and_very_short_reasons(court):
    answers = clean_answers() | {"2.1.1.reasons": "", "2.1.2.reasons": "ok, fine."}
    checks = check_case(court, case(answers))
    assert fired(checks) == {("short-reasons", "2.1.1.reasons"), ("short-reasons", "2.1.2.reasons")}
    by_q = {c.question: c.message for c in checks}
    assert "no reasons are recorded" in by_q["2.1.1.reasons"]
    assert "very short (9 characters)" in by_q["2.1.2.reasons"]


def test_reasons_of_exactly_the_minimum_length_pass(court):
    answers = clean_answers() | {"2.1.1.reasons": "x" * MIN_REASONS_CHARS, "2.1.2.reasons": "x" * (MIN_REASONS_CHARS - 1)}
    assert fired(check_case(court, case(answers))) == {("short-reasons", "2.1.2.reasons")}


def test_no_reasons_check_before_the_judgement_is_given(court):
    answers = {k: v for k, v in clean_answers().items() if not k.startswith("2.1.1")}
    assert check_case(court, case(answers)) == []


def test_inaccurate_classification_without_correction(court):
    answers = clean_answers() | {"A2.5": "no"}
    checks = check_case(court, case(answers))
    assert fired(checks) == {("no-correction", "A2.6")}
    assert "A2.5 says the classification is inaccurate" in checks[0].message
    assert check_case(court, case(answers | {"A2.6": "high"})) == []


def test_complete_case_with_unanswered_optional_prompts(court):
    answers = {k: v for k, v in clean_answers().items() if k not in ("2.1.1c", "2.1.2b")}
    assert check_case(court, case(answers, status="in-progress")) == []
    checks = check_case(court, case(answers, status="complete"))
    assert [(c.check, c.question) for c in checks] == [
        ("optional-unanswered", "2.1.1c"),
        ("optional-unanswered", "2.1.2b"),
    ]


def test_excluded_cases_are_not_checked(court):
    assert check_case(court, case({"2.1.1": "yes"}, status="excluded")) == []


def test_checks_come_in_framework_order(court):
    answers = clean_answers() | {"A2.5": "no", "2.1.1.reasons": "", "2.1.2a": "yes", "2.1.2b": "yes"}
    assert [c.question for c in check_case(court, case(answers))] == ["A2.6", "2.1.1.reasons", "2.1.2"]


def test_acknowledge_keeps_the_note_in_the_case_and_marks_the_check(court):
    c = case(clean_answers() | {"2.1.1.reasons": ""})
    acknowledge(c, "short-reasons", "2.1.1.reasons", "  Reasons are in the evidence note.  ")
    assert c.extra["acknowledged"] == {"short-reasons:2.1.1.reasons": "Reasons are in the evidence note."}
    assert acknowledgements(c) == {"short-reasons:2.1.1.reasons": "Reasons are in the evidence note."}
    [check] = [k for k in check_case(court, c) if k.question == "2.1.1.reasons"]
    assert check.acknowledged and check.note == "Reasons are in the evidence note."
    assert check.key == "short-reasons:2.1.1.reasons"
    assert [k for k in check_case(court, c) if k.question == "2.1.1"] == []
    assert withdraw(c, "short-reasons", "2.1.1.reasons") is True
    assert "acknowledged" not in c.extra
    assert check_case(court, c)[0].acknowledged is False


def test_acknowledge_refuses_unknown_checks_and_empty_notes(court):
    c = case(clean_answers())
    with pytest.raises(ValueError, match="unknown soft check 'typo'"):
        acknowledge(c, "typo", "2.1.1", "note")
    with pytest.raises(ValueError, match="needs a note"):
        acknowledge(c, "short-reasons", "2.1.1.reasons", "   ")
    assert c.extra == {}


def test_every_check_is_described():
    assert set(CHECKS) == {"against-prompts", "short-reasons", "no-correction", "optional-unanswered"}


def test_checks_on_the_youth_2021_court_questionnaire():
    court = load_framework("youth-2021").questionnaires["court"]
    prompts = [q.id for q in court.questions() if q.role == "prompt" and q.id.startswith("2.1.1")]
    assert len(prompts) == 7  # 2.1.1 a-g in seed 000
    answers = {p: "no" for p in prompts[:4]} | {p: "yes" for p in prompts[4:]}
    answers |= {"2.1.1": "yes", "2.1.1.reasons": GOOD_REASONS, "A2.5": "no", "A3.4": "no", "A3.5": "high"}
    checks = check_case(court, Case("C-1", "court", "youth-2021", answers=answers))
    assert [(c.check, c.question) for c in checks] == [("no-correction", "A2.6"), ("against-prompts", "2.1.1")]
    assert checks[1].message.startswith("judged Yes, but 4 of the 7 answered prompts are No")


def test_no_check_on_a_question_just_arrived_at(court):
    """A3.5-like: the correction is asked once A2.5 says No; arriving there (nothing after it
    answered) shows no warning, moving on past it or completing the case does."""
    answers = {"I2.1": "HM-1", "I2.3": "no", "A2.4": "medium", "A2.5": "no"}
    assert check_case(court, case(answers)) == []
    assert fired(check_case(court, case(answers | {"2.1.1a": "yes"}))) == {("no-correction", "A2.6")}
    assert ("no-correction", "A2.6") in fired(check_case(court, case(answers, status="complete")))


def test_no_reasons_warning_on_arriving_at_the_reasons_box(court):
    answers = {k: v for k, v in clean_answers().items() if not k.startswith("2.1.2")}
    del answers["2.1.1.reasons"]
    assert check_case(court, case(answers)) == []  # just judged 2.1.1: the reasons box is next
    assert fired(check_case(court, case(answers | {"2.1.1.reasons": "ok"}))) == {("short-reasons", "2.1.1.reasons")}
    assert fired(check_case(court, case(answers | {"2.1.2a": "no"}))) == {("short-reasons", "2.1.1.reasons")}
