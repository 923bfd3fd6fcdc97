"""The rating engine's rules, on in-memory inspections of the ratings-fw fixture (the 2021 shape)."""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path

import pytest

from casemark.engine.model import Case, Inspection
from casemark.engine.ratings import InspectionRatings
from casemark.engine.tally import rate
from casemark.framework import load_framework

FW = load_framework(Path(__file__).parent / "fixtures" / "ratings-fw")
CASE_BASED = ("2.1", "2.2", "2.3", "2.4", "3.1", "3.2", "3.3")
JUDGED_SCORED = ("1.1", "1.2", "1.3", "1.4", "3.4")


def inspection(**ratings: str) -> Inspection:
    return Inspection(id="insp", framework=FW.id, service="Anytown YJS", ratings={k.replace("_", "."): v for k, v in ratings.items()})


def case(cid: str, questionnaire: str = "court", status: str = "in-progress", **answers: str) -> Case:
    return Case(cid, questionnaire, FW.id, status=status, answers={k.replace("_", "."): v for k, v in answers.items()})


def judged(kid: str, yes: int, no: int, questionnaire: str = "court", prefix: str = "C", **more: str) -> list[Case]:
    """`yes` cases judged sufficient on `kid`, then `no` judged insufficient."""
    return [case(f"{prefix}-{i:04}", questionnaire, **{kid: "yes" if i < yes else "no"}, **more) for i in range(yes + no)]


def kq_of(result: InspectionRatings, kid: str):
    return result.key_question(kid)


# -- key question bands: exact fractions at 50 / 65 / 80% ----------------------------------------


@pytest.mark.parametrize(
    "yes,total,band",
    [
        (129, 200, "requires-improvement"),  # 64.5%
        (13, 20, "good"),  # 65% exactly
        (130, 200, "good"),
        (64, 100, "requires-improvement"),
        (99, 200, "inadequate"),  # 49.5%
        (1, 2, "requires-improvement"),  # 50% exactly
        (4, 5, "outstanding"),  # 80% exactly
        (159, 200, "good"),  # 79.5%
        (1999, 2500, "good"),  # 79.96%: no rounding before comparing
        (2, 3, "good"),  # 66.67%
        (0, 3, "inadequate"),
        (3, 3, "outstanding"),
    ],
)
def test_key_question_band_edges_use_exact_fractions(yes, total, band):
    result = rate(FW, inspection(), judged("2.1.1", yes, total - yes))
    kq = kq_of(result, "2.1.1")
    assert (kq.sufficient, kq.judged, kq.sample) == (yes, total, total)
    assert kq.percent == Fraction(100 * yes, total)
    assert kq.rating == band


def test_percent_in_json_is_one_decimal_and_never_rounded_across_an_edge():
    result = rate(FW, inspection(), judged("2.1.1", 1999, 501))
    kq = result.to_json()["standards"]["2.1"]["key_questions"]["2.1.1"]
    assert kq["rating"] == "good" and kq["percent"] == 79.9
    result = rate(FW, inspection(), judged("2.1.1", 129, 71))
    assert result.to_json()["standards"]["2.1"]["key_questions"]["2.1.1"]["percent"] == 64.5
    result = rate(FW, inspection(), judged("2.1.1", 2, 1))
    assert result.to_json()["standards"]["2.1"]["key_questions"]["2.1.1"]["percent"] == 66.7


# -- standards -------------------------------------------------------------------------------


def planning_cases() -> list[Case]:
    """2.2.1 10 of 20, 2.2.2 and 2.2.3 all sufficient: the issue's example."""
    return [
        case(f"C-{i:02}", **{"2.2.1": "yes" if i < 10 else "no", "2.2.2": "yes", "2.2.3": "yes"}) for i in range(20)
    ]


def test_case_based_standard_takes_its_lowest_key_question():
    result = rate(FW, inspection(), planning_cases())
    s = result.standards["2.2"]
    assert [k.rating for k in s.key_questions.values()] == ["requires-improvement", "outstanding", "outstanding"]
    assert s.rating == "requires-improvement" and s.score == 1 and s.kind == "case-based" and s.scored
    assert s.explanation.startswith(
        "2.2 Planning: Requires improvement, because 2.2.1 desistance is 10 of 20 (50%); 2.2.2 and 2.2.3 are Outstanding"
    )
    assert "Insufficient: 2.2.1 in C-10, C-11, C-12" in s.explanation
    assert s.key_questions["2.2.1"].insufficient_cases == [f"C-{i}" for i in range(10, 20)]
    assert not s.provisional


def test_an_explanation_without_its_case_names_keeps_the_rest():
    from casemark.engine.explain import without_case_names

    s = rate(FW, inspection(), planning_cases()).standards["2.2"]
    kq = s.key_questions["2.2.1"]
    for explanation in (s.explanation, kq.explanation):
        shorter = without_case_names(explanation)
        assert "C-1" not in shorter and "Insufficient" not in shorter and shorter.endswith(".")
        assert explanation.startswith(shorter[:-1]) and len(shorter) < len(explanation)
    untouched = rate(FW, inspection(), [case("C-01", **{"2.2.1": "yes"})]).standards["2.2"].explanation
    assert without_case_names(untouched) == untouched


def test_standard_with_several_lowest_key_questions_names_them_all():
    cases = [case(f"C-{i}", **{"2.2.1": "yes" if i < 2 else "no", "2.2.2": "yes" if i < 1 else "no", "2.2.3": "yes"}) for i in range(4)]
    s = rate(FW, inspection(), cases).standards["2.2"]
    assert s.rating == "inadequate"
    assert "because 2.2.1 desistance is 2 of 4 (50%)" not in s.explanation  # 50% is Requires improvement
    assert "because 2.2.2 child safety is 1 of 4 (25%); 2.2.1 is Requires improvement; 2.2.3 is Outstanding" in s.explanation
    cases = [case(f"C-{i}", **{"2.2.1": "no", "2.2.2": "no", "2.2.3": "yes"}) for i in range(4)]
    s = rate(FW, inspection(), cases).standards["2.2"]
    assert "because 2.2.1 desistance is 0 of 4 (0%) and 2.2.2 child safety is 0 of 4 (0%); 2.2.3 is Outstanding" in s.explanation


def test_no_cases_of_its_kind_means_not_rated():
    result = rate(FW, inspection(), planning_cases())  # court cases only
    for sid in ("3.1", "3.2", "3.3"):
        s = result.standards[sid]
        assert s.rating == "not-rated" and s.score is None and not s.provisional
        assert "no cases of its kind (out-of-court disposal case)" in s.explanation
    assert result.standards["3.1"].key_questions["3.1.1"].sample == 0


def test_excluded_cases_are_outside_every_sample():
    cases = judged("2.1.1", 3, 1) + [case("X-1", status="excluded", **{"2.1.1": "no"}), case("X-2", status="excluded")]
    kq = kq_of(rate(FW, inspection(), cases), "2.1.1")
    assert (kq.sufficient, kq.judged, kq.sample) == (3, 4, 4) and kq.rating == "good" and not kq.provisional
    assert "X-1" not in kq.insufficient_cases
    only_excluded = rate(FW, inspection(), [case("X-1", status="excluded", **{"2.1.1": "no"})])
    assert only_excluded.standards["2.1"].rating == "not-rated"
    assert "no cases of its kind" in only_excluded.standards["2.1"].explanation


def test_judged_standards_take_the_recorded_rating():
    result = rate(FW, inspection(**{"1.1": "outstanding", "1.2": "not-rated", "3.4": "inadequate"}), planning_cases())
    assert result.standards["1.1"].rating == "outstanding" and result.standards["1.1"].score == 3
    assert result.standards["1.1"].kind == "judged" and result.standards["1.1"].key_questions == {}
    assert result.standards["1.1"].explanation == "1.1 Governance and leadership: Outstanding, as the inspectors recorded"
    assert result.standards["1.2"].rating == "not-rated" and not result.standards["1.2"].provisional
    assert result.standards["3.4"].rating == "inadequate" and result.standards["3.4"].score == 0


def test_missing_judged_rating_is_awaited_and_provisional_while_marking():
    result = rate(FW, inspection(**{"1.1": "good"}), planning_cases())
    s = result.standards["1.3"]
    assert s.rating == "not-rated" and s.provisional and s.score is None
    assert "awaiting the inspectors' rating" in s.explanation and s.status == "awaiting the inspectors' rating"
    assert result.overall.provisional
    empty = rate(FW, inspection(), [])
    assert empty.standards["1.3"].rating == "not-rated" and not empty.standards["1.3"].provisional
    assert empty.overall.rating == "not-rated" and empty.overall.max == 0


def test_unknown_recorded_rating_is_not_rated_and_says_how_to_fix_it():
    s = rate(FW, inspection(**{"1.1": "excellent"}), []).standards["1.1"]
    assert s.rating == "not-rated"
    assert "'excellent' is not one of outstanding, good, requires-improvement, inadequate, not-rated" in s.explanation
    assert '[ratings]."1.1" in inspection.toml' in s.explanation


# -- the overall -----------------------------------------------------------------------------


def all_rated(score_of: dict[str, int], resettlement: str = "good") -> tuple[Inspection, list[Case]]:
    """Every core standard rated with the given score (0..3) (case-based ones through cases)."""
    yes_of = {3: 4, 2: 3, 1: 2, 0: 1}  # sufficient of 4 cases giving that score: 100%, 75%, 50%, 25%
    ratings = {sid: ("inadequate", "requires-improvement", "good", "outstanding")[score_of[sid]] for sid in JUDGED_SCORED}
    cases: list[Case] = []
    for questionnaire in ("court", "oocd"):
        sids = [sid for sid in CASE_BASED if sid.startswith("2" if questionnaire == "court" else "3")]
        for i in range(4):
            answers = {k.id: "yes" if i < yes_of[score_of[sid]] else "no" for sid in sids for k in FW.standard(sid).key_questions}
            cases.append(case(f"{questionnaire}-{i}", questionnaire, A2_4="high", **answers))
    return inspection(**ratings, **{"2.5": resettlement}), cases


def scores_summing_to(total: int) -> dict[str, int]:
    sids = [*JUDGED_SCORED, *CASE_BASED]
    out = {}
    for sid in sids:
        out[sid] = min(3, total)
        total -= out[sid]
    assert total == 0
    return out


@pytest.mark.parametrize(
    "total,band",
    [(0, "inadequate"), (6, "inadequate"), (7, "requires-improvement"), (18, "requires-improvement"), (19, "good"), (30, "good"), (31, "outstanding"), (36, "outstanding")],
)
def test_composite_band_edges(total, band):
    insp, cases = all_rated(scores_summing_to(total))
    result = rate(FW, insp, cases)
    assert {sid: s.score for sid, s in result.standards.items() if s.scored} == scores_summing_to(total)
    o = result.overall
    assert (o.rating, o.score, o.max, o.scaled, o.provisional, o.hurdle) == (band, total, 36, False, False, None)
    assert o.explanation.startswith(f"Overall: {band.replace('-', ' ').capitalize()}, scoring {total} of 36")


def test_resettlement_is_rated_but_never_scored():
    insp, cases = all_rated(scores_summing_to(24), resettlement="outstanding")
    result = rate(FW, insp, cases)
    s = result.standards["2.5"]
    assert s.rating == "outstanding" and s.score is None and not s.scored
    assert (result.overall.score, result.overall.max) == (24, 36)


def test_inadequate_resettlement_turns_outstanding_into_good_and_says_why():
    insp, cases = all_rated(scores_summing_to(33), resettlement="inadequate")
    o = rate(FW, insp, cases).overall
    assert (o.rating, o.unhurdled, o.score) == ("good", "outstanding", 33)
    assert o.hurdle == "2.5 Resettlement policy and provision is Inadequate, so an Outstanding overall becomes Good"
    assert o.hurdle in o.explanation
    # the hurdle touches only an Outstanding overall, and only an Inadequate 2.5
    insp, cases = all_rated(scores_summing_to(25), resettlement="inadequate")
    o = rate(FW, insp, cases).overall
    assert (o.rating, o.hurdle) == ("good", None)
    insp, cases = all_rated(scores_summing_to(33), resettlement="requires-improvement")
    assert rate(FW, insp, cases).overall.rating == "outstanding"


def test_composite_scales_when_standards_are_not_rated_and_says_so():
    score_of = scores_summing_to(36)
    insp, cases = all_rated(score_of)
    oocd_gone = [c for c in cases if c.questionnaire == "court"]  # 3.1-3.3 not rated: max 27
    insp.ratings.update({"1.1": "good", "1.2": "good"})  # 36 - 9 - 2 = 25 of 27
    o = rate(FW, insp, oocd_gone).overall
    assert (o.score, o.max, o.scaled) == (25, 27, True)
    assert o.rating == "outstanding"  # 25/27 = 33.3 of 36
    assert "scaled: 3.1, 3.2 and 3.3 are not rated, so the bands apply to 25/27, as 33.3 of 36" in o.explanation
    insp.ratings.update({"1.3": "requires-improvement"})  # 23/27 = 30.7 of 36: Good
    o = rate(FW, insp, oocd_gone).overall
    assert (o.score, o.max, o.rating) == (23, 27, "good")
    insp.ratings["1.4"] = "not-rated"  # 20/24 = 30 of 36: Good; 21/24 would be 31.5
    o = rate(FW, insp, oocd_gone).overall
    assert (o.score, o.max, o.rating) == (20, 24, "good")
    assert "1.4, 3.1, 3.2 and 3.3 are not rated" in o.explanation


# -- provisional ----------------------------------------------------------------------------


def test_unjudged_cases_make_a_rating_provisional_with_n_of_n():
    cases = judged("2.1.1", 13, 5) + [case("C-9998"), case("C-9999", **{"2.1.1a": "yes"})]
    result = rate(FW, inspection(), cases)
    kq = kq_of(result, "2.1.1")
    assert (kq.sufficient, kq.judged, kq.sample, kq.pending) == (13, 18, 20, 2)
    assert kq.provisional and kq.rating == "good"  # 13/18 = 72.2%
    assert kq.progress == "18 of 20 cases judged"
    assert "provisional, 18 of 20 cases judged" in kq.explanation
    s = result.standards["2.1"]
    assert s.provisional and "2.1.1: 18 of 20 cases judged" in s.status and "Provisional:" in s.explanation
    assert result.overall.provisional and "2.1" in result.overall.explanation.split("Provisional:")[1]


def test_all_judged_is_not_provisional():
    cases = [case(f"C-{i}", **{"2.1.1": "yes", "2.1.2": "no"}) for i in range(3)]
    s = rate(FW, inspection(), cases).standards["2.1"]
    assert not s.provisional and s.status == "all cases judged" and s.rating == "inadequate"


# -- the sub-sample (youth-2018 style, on 3.1.2 and 3.2.2) ------------------------------------


def ooc(cid: str, **answers: str) -> Case:
    return case(cid, "oocd", **answers)


def test_subsample_counts_only_cases_classified_at_or_above_the_floor():
    cases = [
        ooc("O-1", A2_4="low", **{"3.1.1": "no", "3.1.2": "no"}),
        ooc("O-2", A2_4="medium", **{"3.1.1": "yes", "3.1.2": "yes"}),
        ooc("O-3", A2_4="very-high", **{"3.1.1": "yes", "3.1.2": "no"}),
        ooc("O-4", A2_4="high", **{"3.1.1": "yes", "3.1.2": "yes"}),
    ]
    result = rate(FW, inspection(), cases)
    assert (kq_of(result, "3.1.1").sufficient, kq_of(result, "3.1.1").sample) == (3, 4)
    sub = kq_of(result, "3.1.2")
    assert (sub.sufficient, sub.judged, sub.sample) == (2, 3, 3)
    assert "O-1" not in sub.insufficient_cases and sub.insufficient_cases == ["O-3"]
    assert sub.subsample == "cases classified Medium or above"
    assert "the sample is cases classified Medium or above" in sub.explanation


def test_subsample_uses_the_corrected_classification_when_judged_inaccurate():
    cases = [
        ooc("O-1", A2_4="low", A2_5="no", A2_6="high", **{"3.1.2": "no"}),  # in: corrected up
        ooc("O-2", A2_4="high", A2_5="no", A2_6="low", **{"3.1.2": "no"}),  # out: corrected down
        ooc("O-3", A2_4="medium", A2_5="yes", A2_6="low", **{"3.1.2": "yes"}),  # in: accurate, A2.6 ignored
    ]
    sub = kq_of(rate(FW, inspection(), cases), "3.1.2")
    assert (sub.sufficient, sub.judged, sub.sample) == (1, 2, 2) and sub.insufficient_cases == ["O-1"]


def test_unclassified_case_is_not_in_the_subsample_but_keeps_it_provisional():
    cases = [
        ooc("O-1", A2_4="high", **{"3.1.2": "yes"}),
        ooc("O-2", **{"3.1.2": "no"}),  # no classification yet
        ooc("O-3", A2_4="low", A2_5="no", **{"3.1.2": "no"}),  # judged inaccurate, no correction yet
    ]
    sub = kq_of(rate(FW, inspection(), cases), "3.1.2")
    assert (sub.sufficient, sub.judged, sub.sample, sub.unclassified) == (1, 1, 1, 2)
    assert sub.rating == "outstanding" and sub.provisional
    assert sub.progress == "1 of 1 case judged, and 2 cases awaiting a classification"


def test_empty_subsample_is_not_rated_and_the_standard_takes_the_others():
    cases = [ooc(f"O-{i}", A2_4="low", **{"3.1.1": "yes", "3.1.2": "no"}) for i in range(3)]
    result = rate(FW, inspection(), cases)
    sub = kq_of(result, "3.1.2")
    assert (sub.sample, sub.rating, sub.provisional) == (0, "not-rated", False)
    assert "not rated, no cases in its sample" in sub.explanation
    s = result.standards["3.1"]
    assert s.rating == "outstanding" and "3.1.2 is not yet rated" in s.explanation


# -- distance to the next band ----------------------------------------------------------------


@pytest.mark.parametrize(
    "yes,no,up,down",
    [
        (129, 71, 3, 59),  # 64.5%: 132/203 is 65.02%; 129/259 is 49.8% (129/258 is exactly 50%)
        (13, 7, 15, 1),  # 65%: 28/35 is 80%; 13/21 is 61.9%
        (10, 10, 9, 1),  # 50%: 19/29 is 65.5%; 10/21 is 47.6%
        (0, 4, 4, None),  # 0%: 4/8 is 50%; already the bottom band
        (4, 0, None, 2),  # 100%: 4/6 is 66.7%
        (16, 4, None, 1),  # 80% exactly: 16/21 is 76.2%
    ],
)
def test_distance_to_the_next_band(yes, no, up, down):
    kq = kq_of(rate(FW, inspection(), judged("2.1.1", yes, no)), "2.1.1")
    assert (kq.up, kq.down) == (up, down)
    # the claim holds: `up` more sufficient reach the next band, one fewer does not
    order = FW.rules.ratings
    if up is not None:
        assert order.index(FW.rules.band_for_percent(Fraction(100 * (yes + up), yes + no + up))) == order.index(kq.rating) - 1
        assert FW.rules.band_for_percent(Fraction(100 * (yes + up - 1), yes + no + up - 1)) == kq.rating
    if down is not None:
        assert order.index(FW.rules.band_for_percent(Fraction(100 * yes, yes + no + down))) == order.index(kq.rating) + 1
        assert FW.rules.band_for_percent(Fraction(100 * yes, yes + no + down - 1)) == kq.rating


def test_distance_text_names_the_bands_and_the_cases_left():
    kq = kq_of(rate(FW, inspection(), judged("2.1.1", 129, 71)), "2.1.1")
    assert kq.to_next_band == "Good with 3 more sufficient; Inadequate with 59 more insufficient"
    cases = judged("2.1.1", 10, 10) + [case("C-9999")]
    kq = kq_of(rate(FW, inspection(), cases), "2.1.1")
    assert kq.to_next_band == "Good with 9 more sufficient (only 1 case left to judge); Inadequate with 1 more insufficient"
    kq = kq_of(rate(FW, inspection(), judged("2.1.1", 4, 0)), "2.1.1")
    assert kq.to_next_band == "the top band; Good with 2 more insufficient"
    kq = kq_of(rate(FW, inspection(), [case("C-1")]), "2.1.1")
    assert (kq.up, kq.down, kq.to_next_band) == (None, None, "no judgements yet")


# -- odd input --------------------------------------------------------------------------------


def test_cases_of_another_framework_or_questionnaire_are_ignored_and_reported():
    stray = Case("S-1", "court", "youth-2018", answers={"2.1.1": "no"})
    odd = Case("S-2", "inspection", FW.id, answers={"2.1.1": "no"})
    result = rate(FW, inspection(), [*judged("2.1.1", 2, 0), stray, odd])
    assert kq_of(result, "2.1.1").judged == 2
    assert result.ignored_cases["S-1"] == "framework 'youth-2018', not 'ratings-fw'"
    assert "questionnaire 'inspection' is not a case questionnaire of ratings-fw" in result.ignored_cases["S-2"]


def test_judgement_other_than_yes_or_no_counts_as_not_judged():
    kq = kq_of(rate(FW, inspection(), [case("C-1", **{"2.1.1": "na"}), case("C-2", **{"2.1.1": "yes"})]), "2.1.1")
    assert (kq.judged, kq.sample, kq.provisional) == (1, 2, True)


def test_standard_status_is_short_when_every_key_question_waits_on_the_same_cases():
    cases = [case(f"C-{i}", **{"2.1.1": "yes", "2.1.2": "yes"}) for i in range(2)] + [case("C-9")]
    s = rate(FW, inspection(), cases).standards["2.1"]
    assert s.status == "2 of 3 cases judged" and s.provisional
    cases[2].answers["2.1.1"] = "no"
    s = rate(FW, inspection(), cases).standards["2.1"]
    assert s.status == "2.1.2: 2 of 3 cases judged"


# -- second markings count for agreement only ------------------------------------------------------


def test_second_marking_is_not_counted():
    cases = judged("2.1.1", 1, 1)
    second = case("C-0001--2", **{"2.1.1": "yes"})
    second.extra["second_mark_of"] = "C-0001"
    result = rate(FW, inspection(), [*cases, second])
    kq = kq_of(result, "2.1.1")
    assert (kq.sufficient, kq.judged, kq.sample) == (1, 2, 2)
    assert result.ignored_cases == {"C-0001--2": "second marking of C-0001 (counted for agreement only)"}
