"""Second marking (engine/agreement.py): the blind copy, pairing, and agreement against hand-computed figures."""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path

import pytest

from casemark.engine.agreement import (
    agreement,
    blind_copy,
    blind_to,
    cohen_kappa,
    is_second_marking,
    pair_cases,
    second_mark_id,
    second_mark_of,
)
from casemark.engine.model import Case, InvalidId
from casemark.framework import load_framework

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture
def fw():
    return load_framework(FIXTURES / "app-fw")


def first(cid: str, j1: str | None, j2: str | None, inspector: str = "Ann") -> Case:
    answers = {"I2.1": f"HM-{cid}", "I2.3": "no", "A2.4": "low", "A2.5": "yes", "2.1.1a": "yes"}
    if j1:
        answers |= {"2.1.1": j1, "2.1.1.reasons": f"{inspector} on {cid}: first reasons for 2.1.1"}
    if j2:
        answers |= {"2.1.2": j2, "2.1.2.reasons": f"{inspector} on {cid}: first reasons for 2.1.2"}
    return Case(cid, "court", "app-fw", status="complete", inspector=inspector, answers=answers)


def second(of: Case, fw, j1: str | None, j2: str | None, inspector: str = "Bob") -> Case:
    copy = blind_copy(of, fw.questionnaires["court"], inspector)
    if j1:
        copy.answers |= {"2.1.1": j1, "2.1.1.reasons": f"{inspector} on {of.case_id}: second reasons"}
    if j2:
        copy.answers |= {"2.1.2": j2}
    return copy


# -- kappa against textbook and hand-computed values ----------------------------------------------


def test_kappa_textbook_example():
    # 50 pairs: both yes 20, yes/no 5, no/yes 10, both no 15: po = 35/50, pe = .5*.6 + .5*.4 = .5
    pairs = [("yes", "yes")] * 20 + [("yes", "no")] * 5 + [("no", "yes")] * 10 + [("no", "no")] * 15
    k = cohen_kappa(pairs)
    assert k.observed == Fraction(7, 10)
    assert k.expected == Fraction(1, 2)
    assert k.value == Fraction(2, 5)


def test_kappa_small_hand_computed():
    # Y,Y,N,N,Y vs Y,N,N,Y,Y: po 3/5, pe 3/5*3/5 + 2/5*2/5 = 13/25, kappa (2/25)/(12/25) = 1/6
    pairs = list(zip("YYNNY", "YNNYY"))
    assert cohen_kappa(pairs).value == Fraction(1, 6)


def test_kappa_when_one_marker_always_says_yes():
    # first always Yes; second half Yes: po 1/2, pe 1 * 1/2 = 1/2 -> kappa 0 (no better than chance)
    pairs = [("yes", "yes"), ("yes", "no"), ("yes", "yes"), ("yes", "no")]
    k = cohen_kappa(pairs)
    assert (k.observed, k.expected, k.value) == (Fraction(1, 2), Fraction(1, 2), Fraction(0))


def test_kappa_when_one_marker_always_says_yes_and_the_other_never():
    # po 0, pe 0 -> kappa 0
    assert cohen_kappa([("yes", "no")] * 3).value == 0


def test_kappa_undefined_when_both_always_say_yes():
    k = cohen_kappa([("yes", "yes")] * 4)
    assert k.observed == 1 and k.expected == 1 and k.value is None


def test_kappa_of_nothing_is_none():
    assert cohen_kappa([]) is None


# -- the blind copy ----------------------------------------------------------------------------


def test_blind_copy_keeps_only_case_details(fw):
    f = first("C-1", "yes", "no")
    f.answers |= {"A2.5": "no", "A2.6": "high", "A2.6a": "the first marker's explanation"}
    copy = blind_copy(f, fw.questionnaires["court"], "Bob")
    assert copy.case_id == "C-1--2"
    assert copy.extra == {"second_mark_of": "C-1"}
    assert copy.inspector == "Bob" and copy.status == "in-progress"
    # the recorded classification is a fact of the case; whether it was accurate is a judgement, hidden
    assert copy.answers == {"I2.1": "HM-C-1", "I2.3": "no", "A2.4": "low"}
    assert is_second_marking(copy) and not is_second_marking(f)
    assert second_mark_of(copy) == "C-1" and second_mark_of(f) == ""
    # the first marking is untouched
    assert f.answers["2.1.1"] == "yes" and f.extra == {}


def test_blind_copy_of_a_second_marking_is_refused(fw):
    copy = blind_copy(first("C-1", "yes", "no"), fw.questionnaires["court"])
    with pytest.raises(ValueError, match="C-1--2 is itself a second marking of C-1"):
        blind_copy(copy, fw.questionnaires["court"])


def test_second_mark_id_checks_the_id():
    assert second_mark_id("OOC-07") == "OOC-07--2"
    with pytest.raises(InvalidId):
        second_mark_id("../x")


# -- pairing and agreement ---------------------------------------------------------------------


def test_a_second_marker_is_blind_to_the_first_marking_until_theirs_is_complete(fw):
    a, b = first("C-1", "yes", "no"), first("C-2", "no", "no")
    mine = second(a, fw, None, None, inspector="Bob Lee")  # in progress
    theirs = second(b, fw, None, None, inspector="Cy")
    cases = [a, b, mine, theirs]
    assert blind_to(cases, " bob lee ") == {"C-1": "C-1--2"}
    assert blind_to(cases, "Cy") == {"C-2": "C-2--2"}
    assert blind_to(cases, "Ann") == {} and blind_to(cases, "") == {}
    mine.status = "complete"
    assert blind_to(cases, "Bob Lee") == {}


def test_pairing_reports_orphans_and_mismatches(fw):
    a = first("C-1", "yes", "yes")
    orphan = Case("X--2", "court", "app-fw", extra={"second_mark_of": "X"})
    wrong = Case("C-1--3", "inspection", "app-fw", extra={"second_mark_of": "C-1"})
    pairs, problems = pair_cases([a, orphan, wrong, second(a, fw, "yes", "yes")])
    assert [(p.case_id, s.case_id) for p, s in pairs] == [("C-1", "C-1--2")]
    assert problems == [
        "C-1--3: questionnaire 'inspection' differs from C-1's 'court' (they must match)",
        "X--2: second_mark_of = 'X' names no case of this inspection (correct it or remove the file)",
    ]


def test_agreement_per_key_question_and_overall(fw):
    firsts = [first("C-1", "yes", "yes"), first("C-2", "yes", "no"), first("C-3", "yes", "no"), first("C-4", "yes", "yes")]
    seconds = [
        second(firsts[0], fw, "yes", "yes"),
        second(firsts[1], fw, "no", "no"),
        second(firsts[2], fw, "yes", "no"),
        second(firsts[3], fw, "no", "yes"),
    ]
    unmarked = first("C-5", "yes", "yes")
    half = second(unmarked, fw, None, "yes")  # second marker has not judged 2.1.1 yet
    report = agreement(fw, firsts + seconds + [unmarked, half])

    kq1, kq2 = report.key_questions["2.1.1"], report.key_questions["2.1.2"]
    # 2.1.1: first always Yes, second Y N Y N: 2 of 4 agree, kappa 0
    assert (kq1.compared, kq1.agreed, kq1.percent, kq1.kappa, kq1.unpaired) == (4, 2, 50, 0, 1)
    # 2.1.2: Y N N Y both times (plus C-5 Y/Y): 5 of 5, kappa 1
    assert (kq2.compared, kq2.agreed, kq2.percent, kq2.kappa) == (5, 5, 100, 1)
    # overall 9 pairs, 7 agree; first Yes 7 No 2, second Yes 5 No 4:
    # pe = 7/9*5/9 + 2/9*4/9 = 43/81, po = 63/81, kappa = (20/81)/(38/81) = 10/19
    assert (report.overall.compared, report.overall.agreed) == (9, 7)
    assert report.overall.percent == Fraction(700, 9)
    assert report.overall.kappa == Fraction(10, 19)

    assert [(d.case_id, d.key_question, d.first, d.second) for d in report.disagreements] == [
        ("C-2", "2.1.1", "yes", "no"),
        ("C-4", "2.1.1", "yes", "no"),
    ]
    d = report.disagreements[0]
    assert (d.first_inspector, d.second_inspector) == ("Ann", "Bob")
    assert d.first_reasons == "Ann on C-2: first reasons for 2.1.1"
    assert d.second_reasons == "Bob on C-2: second reasons"


def test_agreement_json_and_undefined_kappa_note(fw):
    a = first("C-1", "yes", "yes")
    report = agreement(fw, [a, second(a, fw, "yes", "yes")])
    kq = report.key_questions["2.1.1"]
    assert kq.kappa is None
    assert kq.kappa_note == "undefined: both markers answered 'yes' every time"
    data = report.to_json()
    assert data["second_marked"] == ["C-1--2"]
    assert data["overall"] == {"compared": 2, "agreed": 2, "percent": 100.0, "kappa": None, "unpaired": 0}


def test_no_second_markings_means_no_key_questions(fw):
    report = agreement(fw, [first("C-1", "yes", "yes")])
    assert report.pairs == [] and report.key_questions == {}
    assert report.overall.kappa_note == "no pairs to compare"


# -- per-inspector figures (engine/inspectors.py) ------------------------------------------------


def test_inspector_figures_against_the_team(fw):
    from casemark.engine.inspectors import inspector_figures

    ann = [first("C-1", "yes", "yes", "Ann"), first("C-2", "yes", "no", "Ann"), first("C-3", "yes", None, "Ann")]
    bob = [first("C-4", "no", "no", "Bob"), first("C-5", "yes", "no", "Bob")]
    dropped = first("C-6", "no", "no", "Bob")
    dropped.status = "excluded"
    blind = second(ann[0], fw, "no", "no", "Bob")  # second markings are not the sample
    figures = inspector_figures(fw, ann + bob + [dropped, blind])

    assert figures.key_questions == ["2.1.1", "2.1.2"]
    assert (figures.team["2.1.1"].sufficient, figures.team["2.1.1"].judged) == (4, 5)
    assert figures.team["2.1.1"].percent == 80
    assert (figures.team["2.1.2"].sufficient, figures.team["2.1.2"].judged) == (1, 4)
    assert list(figures.inspectors) == ["Ann", "Bob"]
    assert figures.cases == {"Ann": 3, "Bob": 2}
    assert figures.inspectors["Ann"]["2.1.1"].percent == 100
    assert figures.inspectors["Bob"]["2.1.1"].percent == 50
    assert figures.inspectors["Ann"]["2.1.2"].percent == 50  # C-3 not yet judged on 2.1.2
    assert figures.difference("Ann", "2.1.1") == 20
    assert figures.difference("Bob", "2.1.1") == -30
    assert figures.difference("Bob", "2.1.2") == -25
    assert figures.difference("Nobody", "2.1.1") is None
    data = figures.to_json()
    assert data["inspectors"]["Bob"]["key_questions"]["2.1.1"] == {"sufficient": 1, "judged": 2, "percent": 50.0}


def test_blind_copy_of_a_youth_2021_case_hides_classifications_and_judgements():
    fw = load_framework("youth-2021")
    f = Case("OOC-07", "oocd", "youth-2021", inspector="Ann", answers={
        "I2.1": "HM-7", "I2.3": "yes", "A2.4": "medium", "A2.5": "no", "A2.6": "high", "3.1.1a": "yes", "3.1.1": "yes",
    })
    assert blind_copy(f, fw.questionnaires["oocd"], "Bob").answers == {"I2.1": "HM-7", "I2.3": "yes"}


def test_blind_copy_names_the_second_marker_where_the_details_named_the_first():
    fw = load_framework("youth-2021")
    f = Case("C03", "court", "youth-2021", inspector="Carys Hughes", answers={"I1.3": "Carys Hughes", "I2.1": "HM-3"})
    assert blind_copy(f, fw.questionnaires["court"], "Ben Lewis").answers == {"I1.3": "Ben Lewis", "I2.1": "HM-3"}
    assert blind_copy(f, fw.questionnaires["court"]).answers == {"I2.1": "HM-3"}
