"""youth-2021 is faithful to its seeds: every word checked against the seed text parsed here, and the rules as stated.

Seed 000 Annexe A gives the standards tree; seed 003 gives the case details, classifications and the
guidance attached to 2021 prompts whose wording matches a 2018 question.
"""

from __future__ import annotations

import re
import tomllib
from difflib import SequenceMatcher
from fractions import Fraction
from pathlib import Path

import pytest

from casemark.framework import load_framework
from seedtext import STANDARDS_SEED, SeedRow, annexe_a, carag_rows, fold

FW_DIR = Path(__file__).resolve().parent.parent / "framework" / "youth-2021"
CASE_QUESTIONNAIRES = {"court": ("2.1", "2.2", "2.3", "2.4"), "oocd": ("3.1", "3.2", "3.3")}
JUDGED = ("1.1", "1.2", "1.3", "1.4", "2.5", "3.4")
STAGE = {"1": "A", "2": "P", "3": "D"}  # x.1 assessment, x.2 planning, x.3 implementation and delivery

SEED_REASONS = next(fold(r.text) for r in carag_rows() if not r.label and "reasons for your judgement" in r.text)


@pytest.fixture(scope="module")
def fw():
    return load_framework("youth-2021")


@pytest.fixture(scope="module")
def seed():
    return annexe_a()


@pytest.fixture(scope="module")
def rows() -> list[SeedRow]:
    return carag_rows()


def flat(text: str) -> str:
    """fold(), with the seed's literal list bullets ('•' inside <li>) counted as markup too."""
    return re.sub(r"\s+", " ", fold(text).replace("•", " ")).strip()


def child(text: str) -> str:
    """Fold for matching 2018 wording against 2021 wording: 'child or young person' -> 'child'."""
    return flat(text).replace("child or young person", "child").replace("child/young person", "child")


def similar(a: str, b: str) -> float:
    return SequenceMatcher(None, child(a), child(b)).ratio()


def label_key(label: str) -> str:
    return re.sub(r"\s+", "", label)


def row_by_label(rows: list[SeedRow], label: str) -> SeedRow:
    found = [r for r in rows if label_key(r.label) == label_key(label)]
    assert len(found) == 1, f"seed 003 has {len(found)} rows labelled {label!r}"
    return found[0]


def with_continuation(rows: list[SeedRow], row: SeedRow) -> tuple[str, str]:
    """A row's text and guidance, joined with the next row when the seed splits the question over two rows."""
    nxt = rows[rows.index(row) + 1]
    if nxt.label == "" and nxt.text[:1].islower():
        return f"{row.text} {nxt.text}", f"{row.guidance} {nxt.guidance}"
    return row.text, row.guidance


def annexe_lines() -> list[str]:
    lines = STANDARDS_SEED.read_text(encoding="utf-8").splitlines()
    start = max(i for i, line in enumerate(lines) if line.startswith("Annexe A:"))
    end = next(i for i in range(start, len(lines)) if lines[i].strip() == "Contacts")
    return [line.strip() for line in lines[start:end]]


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


# -- the case questionnaires: standards sections -----------------------------------------------------


@pytest.mark.parametrize("qid", ["court", "oocd"])
def test_judgement_and_reasons_per_key_question(fw, qid) -> None:
    questionnaire = fw.questionnaires[qid]
    assert questionnaire.kind == "case"
    assert questionnaire.standards == CASE_QUESTIONNAIRES[qid]
    kq_ids = [kq.id for sid in questionnaire.standards for kq in fw.standard(sid).key_questions]
    assert list(questionnaire.judgements()) == kq_ids
    for sid in questionnaire.standards:
        standard = fw.standard(sid)
        section = next(s for s in questionnaire.sections if s.id == sid)
        assert section.title == f"{sid} {standard.title}" and section.intro == standard.headline
        assert [g.key_question for g in section.groups] == [kq.id for kq in standard.key_questions]
        for kq, group in zip(standard.key_questions, section.groups):
            ids = [q.id for q in group.questions]
            assert ids == [p.id for p in kq.prompts] + [kq.id, f"{kq.id}.reasons"]
            for p in kq.prompts:
                q = questionnaire.question(p.id)
                assert (q.text, q.type, q.required) == (p.text, "yes_no_na", False)
            judgement = questionnaire.question(kq.id)
            assert (judgement.text, judgement.type, judgement.key_question) == (kq.text, "yes_no", kq.id)
            assert judgement.required
            reasons = questionnaire.question(f"{kq.id}.reasons")
            assert reasons.type == "longtext" and reasons.required
            # the seed's own row, with only its listed typo corrected, and the correction recorded
            assert reasons.text == SEED_REASONS.replace("records", "record")
            assert "Please records the reasons for your judgement:" in reasons.note
            assert not reasons.visible({}) and reasons.visible({kq.id: "no"})


@pytest.mark.parametrize("qid", ["court", "oocd"])
def test_attached_guidance_is_the_seed_rows_own(fw, rows, qid) -> None:
    questionnaire = fw.questionnaires[qid]
    attached = 0
    for sid in questionnaire.standards:
        for q in next(s for s in questionnaire.sections if s.id == sid).questions():
            if not q.guidance:
                continue
            attached += 1
            assert q.source_id, f"{q.id} has guidance but no source_id"
            assert not re.search(r"</?[a-z]+[^>]*>", q.guidance), f"{q.id}: HTML left in guidance"
            row = row_by_label(rows, q.source_id)
            kq = q.id if q.role == "judgement" else q.id.rstrip("abcdefg")
            stage, theme = STAGE[kq.split(".")[1]], kq.split(".")[2]
            if q.role == "judgement":
                # the 2018 summary question of the same stage and theme; guidance from its reasons row
                assert re.fullmatch(rf"{stage}\s*{theme}\s*S", q.source_id), (q.id, q.source_id)
                reasons = rows[rows.index(row) + 1]
                assert "Please records the reasons for your judgement" in fold(reasons.text)
                assert flat(q.guidance) == flat(reasons.guidance), q.id
                heading = row_by_label(rows, f"{stage} {theme}")
                assert max(similar(r.text, q.text) for r in (row, heading)) >= 0.65, (q.id, q.source_id)
            else:
                assert q.role == "prompt"
                assert re.fullmatch(rf"{stage}\s*{theme}\s*\.\s*\d+", q.source_id), (q.id, q.source_id)
                text, guidance = with_continuation(rows, row)
                assert flat(q.guidance) == flat(guidance), q.id
                assert similar(text, q.text) >= 0.6, (q.id, q.source_id)  # the same question, a few words apart
    assert attached >= (30 if qid == "court" else 35)


@pytest.mark.parametrize("qid", ["court", "oocd"])
def test_every_prompt_worded_as_in_2018_gets_that_guidance(fw, rows, qid) -> None:
    """Completeness: a 2021 prompt whose wording equals a 2018 question of the same stage and theme has its guidance."""
    questionnaire = fw.questionnaires[qid]
    matched = 0
    for sid in questionnaire.standards:
        stage = STAGE.get(sid.split(".")[1])
        for kq in fw.standard(sid).key_questions if stage else ():
            theme = kq.id.split(".")[2]
            candidates = [r for r in rows if re.fullmatch(rf"{stage}\s*{theme}\s*\.\s*\d+", r.label)]
            for p in kq.prompts:
                same = [r for r in candidates if child(with_continuation(rows, r)[0]) == child(p.text)]
                if same and same[0].guidance:
                    q = questionnaire.question(p.id)
                    assert label_key(q.source_id) == label_key(same[0].label), p.id
                    assert flat(q.guidance) == flat(with_continuation(rows, same[0])[1]), p.id
                    matched += 1
    assert matched >= (20 if qid == "court" else 29)


def test_oocd_prompts_mostly_carry_2018_guidance(fw) -> None:
    oocd = fw.questionnaires["oocd"]
    prompts = [q for q in oocd.questions() if q.role == "prompt"]
    with_guidance = [q for q in prompts if q.guidance]
    assert len(prompts) == sum(len(kq.prompts) for sid in oocd.standards for kq in fw.standard(sid).key_questions)
    assert len(with_guidance) >= len(prompts) - 2, [q.id for q in prompts if not q.guidance]


# -- the case questionnaires: case details and classifications ------------------------------------


def details_rows(rows: list[SeedRow]) -> list[SeedRow]:
    """Seed 003's case-details rows, I 1.0 to I 3.9 (three of them untitled)."""
    first = next(i for i, r in enumerate(rows) if r.label == "I 1.0")
    last = next(i for i, r in enumerate(rows) if r.label == "I 3.9")
    return rows[first : last + 1]


def expected_id(rows: list[SeedRow], row: SeedRow) -> str:
    """'I 2.8 a' -> 'I2.8a'; the k-th untitled row after I 3.5 -> 'I3.5.k'."""
    if row.label:
        return label_key(row.label)
    block = details_rows(rows)
    after = block.index(row_by_label(rows, "I 3.5"))
    untitled = [r for r in block[after:] if r.label == ""]
    return f"I3.5.{untitled.index(row) + 1}"


@pytest.mark.parametrize("qid", ["court", "oocd"])
def test_case_details_verbatim_from_seed_003(fw, rows, qid) -> None:
    questionnaire = fw.questionnaires[qid]
    details = questionnaire.sections[0]
    assert (details.id, details.title) == ("details", "Case details")
    by_id = {expected_id(rows, r): r for r in details_rows(rows)}
    ours = list(details.questions())
    assert [q.id for q in ours] == [i for i in by_id if i in {q.id for q in ours}], "case details out of seed order"
    for q in ours:
        row = by_id[q.id]
        if row.label and label_key(row.label) != row.label:
            assert q.source_id == row.label
        adapted = qid == "court" and q.note.startswith("Adapted for court cases")
        if adapted:
            assert f"'{row.text}'" in q.note, q.id
        else:
            assert flat(q.text) == flat(row.text), q.id
        assert not re.search(r"</?[a-z]+[^>]*>", q.text + q.guidance), f"{q.id}: HTML left"
        if q.guidance:
            assert flat(q.guidance) == flat(row.guidance), q.id
        elif row.guidance:
            assert qid == "court" and "left out for court cases" in q.note, f"{q.id}: seed guidance missing"


def test_oocd_has_every_case_details_row_but_the_placeholder(fw, rows) -> None:
    oocd = fw.questionnaires["oocd"]
    ids = [q.id for q in oocd.sections[0].questions()]
    expected = [expected_id(rows, r) for r in details_rows(rows) if r.text != "(No text needed)"]
    assert ids == expected
    assert len(ids) == 35  # 36 rows from I 1.0 to I 3.9, three untitled; the placeholder I 1.4 left out


def test_court_adapts_only_what_must_change(fw) -> None:
    court, oocd = fw.questionnaires["court"], fw.questionnaires["oocd"]
    court_ids = {q.id for q in court.sections[0].questions()}
    oocd_ids = [q.id for q in oocd.sections[0].questions()]
    assert set(oocd_ids) - court_ids == {"I3.5.1", "I3.5.2", "I3.5.3"}  # OOCD-only rows
    disposal = court.question("I3.1")
    assert disposal.options_name == "court_disposal_type" and "court disposals" in disposal.note
    assert oocd.question("I3.1").options_name == "oocd_type"
    assert "OOC" not in court.question("I2.3").text
    changed = [q.id for q in court.sections[0].questions() if q.text != oocd.question(q.id).text]
    assert changed == ["I2.3", "I3.1"]


@pytest.mark.parametrize("qid", ["court", "oocd"])
def test_follow_ups_show_only_when_they_apply(fw, qid) -> None:
    qn = fw.questionnaires[qid]
    explain = qn.question("I2.4a")
    assert explain.visible({"I2.4": "no"}) and not explain.visible({"I2.4": "yes"}) and not explain.visible({})
    gender = qn.question("I2.7a")
    assert gender.visible({"I2.7": "self-describe"}) and not gender.visible({"I2.7": "female"})
    ethnic = qn.question("I2.8a")
    assert ethnic.visible({"I2.8": "white-other"}) and not ethnic.visible({"I2.8": "white-irish"})
    assert qn.question("I2.9a").visible({"I2.9": "other"}) and not qn.question("I2.9a").visible({"I2.9": "welsh"})
    assert qn.question("I2.13").visible({"I2.12": "yes"}) and not qn.question("I2.13").visible({"I2.12": "no"})
    assert qn.question("I3.1a").visible({"I3.1": "other"}) and not qn.question("I3.1a").visible({})
    assert qn.question("I3.9").visible({"I1.2": "wales"}) and not qn.question("I3.9").visible({"I1.2": "england"})
    for q in qn.sections[0].questions():
        if q.text == "Please explain:":
            assert q.show_if is not None, f"{q.id} is a follow-up shown unconditionally"


@pytest.mark.parametrize("qid", ["court", "oocd"])
def test_classifications(fw, rows, qid) -> None:
    qn = fw.questionnaires[qid]
    section = qn.sections[1]
    assert (section.id, section.title) == ("classifications", "Classifications")
    assert [q.id for q in section.questions()] == ["A2.4", "A2.5", "A2.6", "A2.6a", "A3.3", "A3.4", "A3.5", "A3.6"]
    for q in section.questions():
        row = row_by_label(rows, q.source_id or q.id)
        assert label_key(row.label) == q.id
        assert flat(q.text) == flat(row.text)
        assert flat(q.guidance) == flat(row.guidance)
    assert qn.question("A2.4").text == "What is the safety and well-being classification of the child/young person?"
    assert qn.question("A2.4").type == qn.question("A2.6").type == "classification"
    assert qn.question("A2.5").type == "yes_no" and qn.question("A3.4").type == "yes_no"
    for later, accurate in (("A2.6", "A2.5"), ("A2.6a", "A2.5"), ("A3.5", "A3.4"), ("A3.6", "A3.4")):
        assert qn.question(later).visible({accurate: "no"}) and not qn.question(later).visible({accurate: "yes"})
    assert "- Very high" in qn.question("A3.3").guidance  # the seed's <ul><li> list, as Markdown bullets


def test_required_case_details(fw) -> None:
    oocd = fw.questionnaires["oocd"]
    required = {q.id for q in oocd.sections[0].questions() if q.required}
    assert {"I2.1", "I2.4", "I2.6", "I2.7", "I2.8", "I3.1"} <= required
    assert not {"I2.7a", "I2.8a", "I3.6"} & required
    assert all(q.required for q in oocd.sections[1].questions() if q.type in ("classification", "yes_no"))


def test_guidance_is_markdown(fw) -> None:
    court = fw.questionnaires["oocd"]
    lac = court.question("I2.3")
    assert lac.text == "Was the child or young person a **Looked After Child** at the date the OOCd was given?"
    assert lac.guidance.startswith("**Looked After Child:** This is a child")
    assert lac.guidance.count("\n\n") == 2  # three <p> paragraphs
    assert "The homes will range in size" in lac.guidance  # the row split mid-sentence is joined back


def test_guidance_shared_with_2018_is_the_same_markdown(fw) -> None:
    """The guidance a 2021 question borrows from a 2018 row is youth-2018's own, paragraph breaks
    included (a split seed row is one paragraph there: its second half is no paragraph of its own)."""
    f18 = load_framework("youth-2018")
    by_label: dict[str, str] = {}
    for q in f18.questionnaires["oocd"].questions():
        guidance = q.guidance
        if q.id.endswith(".reasons"):  # a summary's guidance sits on its reasons row
            by_label[q.id.removesuffix(".reasons")] = guidance
        elif q.source_id and guidance:
            by_label[q.source_id.replace(" ", "")] = guidance
    compared = 0
    for qid in ("court", "oocd"):
        for q in fw.questionnaires[qid].questions():
            if q.guidance and q.source_id:
                assert q.guidance == by_label[q.source_id.replace(" ", "")], (qid, q.id, q.source_id)
                compared += 1
    assert compared >= 100
