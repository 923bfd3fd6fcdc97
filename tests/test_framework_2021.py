"""youth-2021 is faithful to its seeds: the standards tree checked word by word against seed 000
Annexe A (parsed here), the rules as stated, the option lists and the inspection questionnaire.

The case questionnaires are checked in test_framework_2021_key_questions.py (their standards
sections) and test_framework_2021_case_details.py (case details and classifications); what the three
share is in youth2021_seed.py.
"""

from __future__ import annotations

import tomllib
from fractions import Fraction

import pytest

import youth2021_seed as shared
from youth2021_seed import FW_DIR, JUDGED, annexe_lines, flat, row_by_label

fw, rows, seed = shared.fw, shared.rows, shared.seed  # the shared fixtures, under their own names


# -- loading -------------------------------------------------------------------------------------


def test_loads_with_its_three_questionnaires(fw) -> None:
    assert fw.id == "youth-2021"
    assert set(fw.questionnaires) == {"inspection", "court", "oocd"}
    assert "Response to the consultation on standards and ratings for inspection of youth offending services" in fw.source
    assert "September 2020" in fw.source and "Annexe A" in fw.source
    assert fw.version == "2021"


# -- the standards tree against seed 000 Annexe A --------------------------------------------------


def test_counts_13_standards_42_key_questions_187_prompts(fw, seed) -> None:
    assert [d.id for d in fw.domains] == ["1", "2", "3"]
    assert len(list(fw.standards())) == len(seed) == 13
    assert len(list(fw.key_questions())) == sum(len(s.key_questions) for s in seed) == 42
    prompts = [p for k in fw.key_questions() for p in k.prompts]
    assert len(prompts) == sum(len(k.prompts) for s in seed for k in s.key_questions) == 187


def test_domain_titles_as_in_the_seed(fw) -> None:
    lines = annexe_lines()
    for domain in fw.domains:
        assert f"{domain.id}. {domain.title}" in lines
    assert [d.title for d in fw.domains] == ["Organisational delivery", "Court disposals", "Out of court disposals"]


def test_every_headline_key_question_and_prompt_verbatim_and_in_order(fw, seed) -> None:
    standards = list(fw.standards())
    assert [s.id for s in standards] == [s.id for s in seed]
    for ours, theirs in zip(standards, seed):
        assert ours.title == theirs.title
        assert ours.headline == theirs.headline and theirs.headline
        assert [k.id for k in ours.key_questions] == [k.id for k in theirs.key_questions]
        for kq, skq in zip(ours.key_questions, theirs.key_questions):
            assert kq.text == skq.text, kq.id
            assert [(p.letter, p.text) for p in kq.prompts] == skq.prompts, kq.id
            assert [p.id for p in kq.prompts] == [kq.id + letter for letter, _ in skq.prompts]


def test_every_word_is_a_line_of_the_seed(fw) -> None:
    """Independent of the seed parser: each headline, key question and prompt is a whole line of Annexe A."""
    lines = set(annexe_lines())
    for standard in fw.standards():
        assert f"{standard.id} {standard.title}" in lines
        assert standard.headline in lines
        for kq in standard.key_questions:
            assert f"{kq.id} {kq.text}" in lines
            for p in kq.prompts:
                assert f"- {p.letter}) {p.text}" in lines or f"{p.letter}) {p.text}" in lines, p.id


def test_seed_quirks_are_kept(fw) -> None:
    assert [p.letter for p in fw.key_question("1.4.4").prompts] == ["a", "b", "c", "d", "e", "g"]
    assert "disproportionately?" in fw.key_question("1.4.1").prompts[4].text
    assert fw.key_question("1.1.1").prompts[5].text.endswith("case supervision.")
    assert "'" in fw.key_question("1.1.1").prompts[3].text and "’" not in fw.key_question("1.1.1").prompts[3].text
    raw = (FW_DIR / "standards.toml").read_text(encoding="utf-8")
    g = tomllib.loads(raw)["domains"][0]["standards"][3]["key_questions"][3]["prompts"][5]
    assert g["letter"] == "g" and "no f" in g["note"]


def test_only_resettlement_is_modular(fw) -> None:
    assert [s.id for s in fw.standards() if s.modular] == ["2.5"]
    assert fw.standard("2.5").title == "Resettlement policy and provision"


def test_case_based_key_questions_carry_their_theme(fw) -> None:
    themes = {"1": "desistance", "2": "child-safety", "3": "others-safety"}
    for sid in fw.rules.case_based:
        for kq in fw.standard(sid).key_questions:
            assert kq.theme == themes[kq.id[-1]], kq.id
    for sid in fw.rules.judged:
        assert all(kq.theme == "" for kq in fw.standard(sid).key_questions)


# -- rules -----------------------------------------------------------------------------------------


def test_ratings_and_scores(fw) -> None:
    rules = fw.rules
    assert rules.ratings == ("outstanding", "good", "requires-improvement", "inadequate")
    assert rules.scores == {"outstanding": 3, "good": 2, "requires-improvement": 1, "inadequate": 0}


@pytest.mark.parametrize(
    "percent, rating",
    [
        (Fraction(100), "outstanding"),
        (Fraction(80), "outstanding"),
        (Fraction(7999, 100), "good"),
        (Fraction(65), "good"),
        (Fraction(6499, 100), "requires-improvement"),
        (Fraction(50), "requires-improvement"),
        (Fraction(4999, 100), "inadequate"),
        (Fraction(0), "inadequate"),
    ],
)
def test_key_question_band_edges(fw, percent, rating) -> None:
    assert fw.rules.band_for_percent(percent) == rating


def test_four_of_five_cases_is_outstanding_and_two_of_three_good(fw) -> None:
    assert fw.rules.band_for_percent(Fraction(4, 5) * 100) == "outstanding"
    assert fw.rules.band_for_percent(Fraction(2, 3) * 100) == "good"  # 66.7%
    assert fw.rules.band_for_percent(Fraction(1, 2) * 100) == "requires-improvement"


@pytest.mark.parametrize(
    "score, rating",
    [(36, "outstanding"), (31, "outstanding"), (30, "good"), (19, "good"), (18, "requires-improvement"),
     (7, "requires-improvement"), (6, "inadequate"), (0, "inadequate")],
)
def test_composite_bands(fw, score, rating) -> None:
    assert fw.rules.composite_max == 36
    assert fw.rules.band_for_score(score, 36) == rating


def test_composite_runs_over_the_12_core_standards(fw) -> None:
    core = [s for s in fw.standards() if s.id not in fw.rules.unscored]
    assert len(core) == 12
    assert fw.rules.composite_max == 12 * max(fw.rules.scores.values())


def test_standards_split_into_case_based_and_judged(fw) -> None:
    assert fw.rules.case_based == ("2.1", "2.2", "2.3", "2.4", "3.1", "3.2", "3.3")
    assert fw.rules.judged == JUDGED
    assert fw.rules.unscored == ("2.5",)


def test_inadequate_resettlement_turns_outstanding_into_good(fw) -> None:
    (hurdle,) = fw.rules.hurdles
    assert (hurdle.standard, hurdle.when, hurdle.overall, hurdle.becomes) == ("2.5", "inadequate", "outstanding", "good")


def test_no_subsamples_in_2021(fw) -> None:
    assert fw.rules.subsamples == ()
    raw = (FW_DIR / "framework.toml").read_text(encoding="utf-8")
    assert "sub-samples" in raw and "[[rules.subsamples]]" not in raw.replace("# No [[rules.subsamples]]", "")


# -- option lists ------------------------------------------------------------------------------------


def test_every_option_list_cites_its_source(fw) -> None:
    assert fw.option_sources, "framework.toml defines no option lists"
    for name, source in fw.option_sources.items():
        assert len(source) > 30, f"options.{name} needs a source"
    for questionnaire in fw.questionnaires.values():
        for q in questionnaire.questions():
            if q.options_name and q.options_name not in ("yes_no", "yes_no_na", "ratings", "standard_ratings"):
                assert fw.option_sources.get(q.options_name), (questionnaire.id, q.id, q.options_name)


def test_classification_options_are_the_seeds_four(fw, rows) -> None:
    labels = [o.label for o in fw.option_lists["classification"]]
    assert labels == ["Low", "Medium", "High", "Very high"]
    for label in ("A 2.4", "A 3.3"):
        guidance = flat(row_by_label(rows, label).guidance)
        assert "four classifications" in guidance
        for name in labels:
            assert f" {name} " in f" {guidance} "


def test_census_lists(fw) -> None:
    ethnic = fw.option_lists["ethnic_group"]
    assert len(ethnic) == 19
    assert sum(o.label.startswith("White: ") for o in ethnic) == 5
    assert [o.label for o in fw.option_lists["language"]] == ["English", "Welsh", "Other"]
    assert "Census 2021" in fw.option_sources["religion"] and "Census 2021" in fw.option_sources["sexual_orientation"]
    oocd = [o.label for o in fw.option_lists["oocd_type"]]
    assert oocd[:3] == ["Community Resolution", "Youth Caution", "Youth Conditional Caution"]
    court = [o.label for o in fw.option_lists["court_disposal_type"]]
    assert {"Referral Order", "Youth Rehabilitation Order", "Detention and Training Order"} <= set(court)


# -- the inspection questionnaire ------------------------------------------------------------------


def test_inspection_questionnaire_marks_the_judged_standards(fw) -> None:
    insp = fw.questionnaires["inspection"]
    assert insp.kind == "inspection"
    assert insp.standards == JUDGED
    assert [s.id for s in insp.sections] == list(JUDGED)
    for section in insp.sections:
        standard = fw.standard(section.id)
        assert section.title == f"{standard.id} {standard.title}"
        assert section.intro == standard.headline
        for kq in standard.key_questions:
            for p in kq.prompts:
                q = insp.question(p.id)
                assert (q.text, q.type, q.required) == (p.text, "longtext", False), p.id
            judgement = insp.question(kq.id)
            assert judgement.text == kq.text and judgement.type == "choice" and judgement.required
            assert [o.value for o in judgement.options] == list(fw.rules.ratings)
            assert judgement.key_question == ""  # recorded, not fed into a computed rating
        rating = insp.question(f"{standard.id}.rating")
        assert rating.text == f"Rating for {standard.id} {standard.title}"
        assert rating.rates_standard == standard.id and rating.required and rating.type == "choice"
        assert rating.options_name == "standard_ratings"
        assert list(section.questions())[-1] is rating
    assert insp.judgements() == {}
