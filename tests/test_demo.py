"""The shipped demo inspection (saved/demo-anytown) stays valid, fictional, varied, and shows every
rating band."""

from __future__ import annotations

from pathlib import Path

import pytest

from casemark.engine import answers as ans
from casemark.engine.tally import rate
from casemark.engine.store import Store
from casemark.framework import RATINGS

SAVED = Path(__file__).resolve().parent.parent / "saved"
IID = "demo-anytown"


@pytest.fixture(scope="module")
def demo():
    store = Store(SAVED)
    inspection = store.load_inspection(IID)
    cases, unreadable = store.load_cases(IID)
    assert unreadable == []
    fw = store.framework(inspection.framework)
    return store, inspection, cases, fw


def test_demo_has_no_problems(demo) -> None:
    store, *_ = demo
    problems, checked = store.check(IID)
    assert problems == [] and checked == 19  # 18 cases and one blind second marking (C03--2)


def test_validate_command_passes_on_saved(casemark) -> None:
    r = casemark("validate", str(SAVED / IID))
    assert r.returncode == 0, r.stdout
    assert r.stdout.startswith("ok: 1 inspection and 19 cases checked")


def test_demo_is_marked_fictional_and_youth_2021(demo) -> None:
    _, inspection, _, _ = demo
    assert inspection.framework == "youth-2021"
    assert inspection.service == "Anytown Youth Justice Service"
    assert inspection.note.startswith("FICTIONAL DEMONSTRATION DATA.") and "invented" in inspection.note


def first_markings(cases):
    return [c for c in cases if "second_mark_of" not in c.extra]


def test_demo_has_varied_cases(demo) -> None:
    _, _, cases, fw = demo
    assert [c.case_id for c in cases if "second_mark_of" in c.extra] == ["C03--2"]
    cases = first_markings(cases)
    by = {(c.questionnaire, c.status): 0 for c in cases}
    for c in cases:
        by[(c.questionnaire, c.status)] += 1
    assert sum(n for (q, _), n in by.items() if q == "court") == 10
    assert sum(n for (q, _), n in by.items() if q == "oocd") == 8
    assert by[("court", "complete")] >= 5 and by[("oocd", "complete")] >= 5
    assert by[("court", "in-progress")] >= 1 and by[("oocd", "in-progress")] >= 1
    excluded = [c for c in cases if c.excluded]
    assert len(excluded) == 1 and excluded[0].exclusion_reason
    # complete cases really are complete; in-progress ones really are not
    for c in cases:
        missing = ans.missing_required(fw.questionnaires[c.questionnaire], c.answers)
        assert (c.status == "complete") == (not missing) or c.excluded, c.case_id
    # a corrected classification shows the show_if questions in use
    assert any(c.answers.get("A2.5") == "no" and c.answers.get("A2.6") for c in cases)


def test_reasons_are_written_out(demo) -> None:
    _, _, cases, fw = demo
    for c in cases:
        for kid in fw.questionnaires[c.questionnaire].judgements():
            if kid in c.answers:
                reasons = c.answers[f"{kid}.reasons"]
                assert len(reasons) > 120, (c.case_id, kid)
                assert reasons.endswith("Not sufficient." if c.answers[kid] == "no" else "\n\nSufficient.")


def test_domain_one_ratings_recorded(demo) -> None:
    _, inspection, _, _ = demo
    assert {s: inspection.ratings.get(s) for s in ("1.1", "1.2", "1.3", "1.4")} == {
        "1.1": "good", "1.2": "requires-improvement", "1.3": "good", "1.4": "outstanding"
    }


def test_demo_shows_every_rating_band(demo) -> None:
    _, inspection, cases, fw = demo
    result = rate(fw, inspection, first_markings(cases))
    kq_bands = {kq.rating for s in result.standards.values() for kq in s.key_questions.values()}
    case_based = {result.standards[s].rating for s in fw.rules.case_based}
    judged = {result.standards[s].rating for s in ("1.1", "1.2", "1.3", "1.4")}
    assert kq_bands >= set(RATINGS)
    assert case_based == set(RATINGS)
    assert judged >= {"outstanding", "good", "requires-improvement"}
    assert any(s.provisional for s in result.standards.values())  # in-progress cases show as provisional
    assert any(not s.provisional for s in result.standards.values() if s.kind == "case-based")


def test_demo_files_are_in_canonical_form(demo) -> None:
    store, inspection, cases, _ = demo
    assert store.inspection_text(inspection) == store.inspection_path(IID).read_text()
    for c in cases:
        assert store.case_text(c) == store.case_path(IID, c.case_id).read_text(), c.case_id
