"""The engine on the shipped frameworks: youth-2021 (composite, hurdle) and youth-2018 (sub-samples)."""

from __future__ import annotations

from casemark.engine.model import Case, Inspection
from casemark.engine.tally import rate
from casemark.framework import load_framework

Y2021 = load_framework("youth-2021")
Y2018 = load_framework("youth-2018")


def all_judged(fw, questionnaire: str, n: int, sufficient: int, prefix: str, **extra) -> list[Case]:
    """n cases answering every judgement of `questionnaire`, the first `sufficient` with 'yes'."""
    judgements = fw.questionnaires[questionnaire].judgements()
    return [
        Case(f"{prefix}-{i:02}", questionnaire, fw.id, status="complete",
             answers={**{q.id: "yes" if i < sufficient else "no" for q in judgements.values()}, **extra})
        for i in range(n)
    ]


def test_2021_all_outstanding_with_an_inadequate_resettlement_is_good():
    ratings = {sid: "outstanding" for sid in Y2021.rules.judged} | {"2.5": "inadequate"}
    insp = Inspection("anytown", Y2021.id, "Anytown YJS", ratings=ratings)
    cases = all_judged(Y2021, "court", 10, 10, "C") + all_judged(Y2021, "oocd", 10, 8, "O")
    result = rate(Y2021, insp, cases)
    assert [s.rating for s in result.standards.values() if s.scored] == ["outstanding"] * 12
    o = result.overall
    assert (o.score, o.max, o.scaled, o.unhurdled, o.rating) == (36, 36, False, "outstanding", "good")
    assert o.hurdle == "2.5 Resettlement policy and provision is Inadequate, so an Outstanding overall becomes Good"
    assert result.standards["2.5"].score is None


def test_2021_judgement_questions_feed_the_key_questions():
    insp = Inspection("anytown", Y2021.id, "Anytown YJS")
    cases = all_judged(Y2021, "court", 20, 13, "C")
    result = rate(Y2021, insp, cases)
    for kq in Y2021.key_questions():
        if kq.id.startswith("2.") and not kq.id.startswith("2.5"):
            got = result.key_question(kq.id)
            assert (got.sufficient, got.judged, got.rating) == (13, 20, "good"), kq.id
    assert result.standards["3.1"].rating == "not-rated"
    assert result.standards["1.1"].status == "awaiting the inspectors' rating"


def test_2018_safety_and_harm_key_questions_use_only_medium_or_above():
    # O-00..O-03 low safety and well-being, O-04..O-09 high; all judged 'no' on every summary except
    # the first four cases, which say 'yes': the sub-sampled key questions see only the 'no's.
    low = all_judged(Y2018, "oocd", 4, 4, "L", **{"A2.4": "low", "A3.3": "low"})
    high = all_judged(Y2018, "oocd", 6, 0, "H", **{"A2.4": "high", "A3.3": "medium"})
    # one case recorded low but judged inaccurate: its corrected classification is very high
    corrected = all_judged(Y2018, "oocd", 1, 1, "X", **{"A2.4": "low", "A2.5": "no", "A2.6": "very-high", "A3.3": "low"})
    result = rate(Y2018, Inspection("old", Y2018.id, "Oldtown YOS"), low + high + corrected)
    for kid in ("3.1.1", "3.2.1", "3.3.1", "3.4.1", "3.4.2"):  # whole sample
        kq = result.key_question(kid)
        assert (kq.sufficient, kq.sample) == (5, 11), kid
    for kid in ("3.1.2", "3.2.2", "3.3.2"):  # safety and well-being: high + corrected
        kq = result.key_question(kid)
        assert (kq.sufficient, kq.judged, kq.sample) == (1, 7, 7), kid
        assert kq.subsample == "cases classified Medium or above"
    for kid in ("3.1.3", "3.2.3", "3.3.3"):  # risk of serious harm: the six medium only
        kq = result.key_question(kid)
        assert (kq.sufficient, kq.judged, kq.sample, kq.rating) == (0, 6, 6, "inadequate"), kid


def test_2018_joint_working_is_case_based_and_the_composite_scales():
    cases = all_judged(Y2018, "oocd", 5, 5, "O", **{"A2.4": "high", "A3.3": "high"})
    result = rate(Y2018, Inspection("old", Y2018.id, "Oldtown YOS"), cases)
    assert result.standards["3.4"].kind == "case-based" and result.standards["3.4"].rating == "outstanding"
    o = result.overall
    assert (o.rating, o.score, o.max, o.scaled) == ("outstanding", 12, 12, True)
