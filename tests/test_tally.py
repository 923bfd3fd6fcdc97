"""The incremental Tally gives exactly what rating from scratch gives, after any sequence of changes."""

from __future__ import annotations

import copy
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from casemark.engine.model import Case, Inspection
from casemark.engine.tally import rate
from casemark.engine.tally import Tally
from casemark.framework import load_framework

FW = load_framework(Path(__file__).parent / "fixtures" / "ratings-fw")
KQS = {q.id: list(q.judgements()) for q in FW.case_questionnaires()}


def inspection() -> Inspection:
    return Inspection(id="insp", framework=FW.id, service="Anytown YJS", ratings={"1.1": "good", "2.5": "inadequate"})


def fresh(cases: dict[str, Case]) -> dict:
    return rate(FW, inspection(), [copy.deepcopy(c) for c in cases.values()]).to_json()


def test_update_after_one_answer_matches_a_full_recount():
    cases = {f"C-{i}": Case(f"C-{i}", "court", FW.id, answers={"2.1.1": "yes", "2.1.2": "yes"}) for i in range(5)}
    t = Tally(FW, inspection(), cases.values())
    assert t.ratings().key_question("2.1.1").rating == "outstanding"
    cases["C-3"].answers["2.1.1"] = "no"
    t.update(cases["C-3"])
    r = t.ratings()
    kq = r.key_question("2.1.1")
    assert (kq.sufficient, kq.judged, kq.rating, kq.insufficient_cases) == (4, 5, "outstanding", ["C-3"])
    assert r.to_json() == fresh(cases)
    cases["C-4"].answers["2.1.1"] = "no"
    t.update(cases["C-4"])
    assert t.ratings().key_question("2.1.1").rating == "requires-improvement"  # 3 of 5 = 60%
    assert t.ratings().to_json() == fresh(cases)


def test_remove_and_exclude_take_a_case_out():
    cases = {f"C-{i}": Case(f"C-{i}", "court", FW.id, answers={"2.1.1": "yes" if i else "no"}) for i in range(4)}
    t = Tally(FW, inspection(), cases.values())
    assert t.counts("2.1.1") == {"sufficient": 3, "judged": 4, "sample": 4, "unclassified": 0}
    t.remove("C-0")
    del cases["C-0"]
    assert t.counts("2.1.1") == {"sufficient": 3, "judged": 3, "sample": 3, "unclassified": 0}
    assert t.ratings().key_question("2.1.1").insufficient_cases == []
    cases["C-1"].status = "excluded"
    t.update(cases["C-1"])
    assert t.counts("2.1.1")["sample"] == 2 and t.ratings().to_json() == fresh(cases)
    for cid in list(cases):
        t.remove(cid)
    assert t.case_count == 0 and t.ratings().standards["2.1"].rating == "not-rated"
    t.remove("never-there")  # harmless


def test_judged_ratings_are_read_from_the_inspection_at_each_call():
    insp = inspection()
    t = Tally(FW, insp, [])
    assert t.ratings().standards["1.2"].rating == "not-rated"
    insp.ratings["1.2"] = "outstanding"
    assert t.ratings().standards["1.2"].rating == "outstanding"


def test_unchanged_standards_are_reused_not_rebuilt():
    cases = [Case(f"C-{i}", "court", FW.id, answers={"2.1.1": "yes", "2.2.1": "no"}) for i in range(3)]
    t = Tally(FW, inspection(), cases)
    before = t.ratings()
    cases[0].answers["2.1.1"] = "no"
    t.update(cases[0])
    after = t.ratings()
    assert after.standards["2.2"] is before.standards["2.2"]  # untouched by the change
    assert after.standards["2.1"] is not before.standards["2.1"]
    assert after.key_question("2.1.1").sufficient == 2


answer = st.sampled_from([None, "yes", "no", "na"])
classification = st.sampled_from([None, "low", "medium", "high", "very-high", "bogus"])
change = st.tuples(
    st.integers(0, 7),  # which case
    st.sampled_from(["court", "oocd"]),
    st.sampled_from(["answer", "classify", "correct", "exclude", "include", "remove"]),
    st.integers(0, 4),  # which key question
    answer,
    classification,
)


@settings(max_examples=150, deadline=None)
@given(st.lists(change, min_size=1, max_size=40))
def test_any_sequence_of_changes_matches_a_full_recount(changes):
    cases: dict[str, Case] = {}
    t = Tally(FW, inspection(), [])
    for index, questionnaire, what, k, value, level in changes:
        cid = f"{questionnaire}-{index}"
        c = cases.setdefault(cid, Case(cid, questionnaire, FW.id))
        kids = KQS[questionnaire]
        if what == "answer":
            c.answers[kids[k % len(kids)]] = value
        elif what == "classify":
            c.answers["A2.4"] = level
        elif what == "correct":
            c.answers["A2.5"] = "no" if value in ("no", None) else "yes"
            c.answers["A2.6"] = level
        elif what in ("exclude", "include"):
            c.status = "excluded" if what == "exclude" else "complete"
        if what == "remove":
            del cases[cid]
            t.remove(cid)
        else:
            t.update(c)
    assert t.ratings().to_json() == fresh(cases)
