"""youth-2018 is seed 003 row by row: every numbered row, its text and guidance, summaries mapped to
key questions, the conditional follow-ups, the sub-sample rules and cited option lists.

The seed is parsed here (tests/seedtext.py) and compared with the loaded framework, so a change to
either side that breaks faithfulness fails a test.
"""

from __future__ import annotations

import re

import pytest

from casemark.framework import load_framework
from casemark.framework.options import BUILTIN_OPTIONS
from seedtext import CARAG_SEED, QUESTION_NUMBER, carag_rows, fold, numbered_rows

FW = load_framework("youth-2018")
OOCD = FW.questionnaires["oocd"]
QUESTIONS = list(OOCD.questions())
BY_ID = {q.id: q for q in QUESTIONS}
ORDER = OOCD.order()

SUMMARIES = {
    "A1S": "3.1.1", "A2S": "3.1.2", "A3S": "3.1.3",
    "P1S": "3.2.1", "P2S": "3.2.2", "P3S": "3.2.3",
    "D1S": "3.3.1", "D2S": "3.3.2", "D3S": "3.3.3",
    "J1S": "3.4.1", "J2S": "3.4.2",
}
# the seed's one question whose text runs on into an unnumbered row
CONTINUED = {"A 3.2": "evidence of behaviour by the child or young person?"}
REASONS = "Please records the reasons for your judgement:"
HEADER = re.compile(r"^[APDJ] \d$")  # key-question header rows: 'A 1' ... 'J 2'


def seedfold(text: str) -> str:
    """fold(), also dropping the literal '•' the seed writes inside its <li> items (Markdown uses '- ')."""
    return fold(text.replace("•", ""))


def question_for(label: str) -> str:
    """The question id that holds the seed row labelled `label`: by source_id, else by normalised id."""
    by_source = [q.id for q in QUESTIONS if q.source_id == label]
    assert len(by_source) <= 1, f"{label}: source_id on {by_source}"
    if by_source:
        return by_source[0]
    qid = label.replace(" ", "")
    assert qid in BY_ID, f"seed row {label!r} has no question (neither source_id nor id {qid!r})"
    return qid


def seed_guidance_by_question() -> dict[str, list[str]]:
    """Question id -> the seed guidance pieces that belong on it, walking every seed row in order."""
    out: dict[str, list[str]] = {}
    untitled = iter(["I3.5b", "I3.5c", "I3.5d"])
    last_summary = ""
    previous = ""
    for row in carag_rows():
        plain = re.sub(r"<[^>]+>", "", row.text).strip()
        if QUESTION_NUMBER.match(row.label):
            qid = question_for(row.label)
            if qid in SUMMARIES:
                last_summary = qid
        elif plain.startswith(REASONS.rstrip(":")):
            qid = f"{last_summary}.reasons"
        elif plain in CONTINUED.values():
            qid = previous
        elif not row.label and plain and not row.text.startswith(("<b>", "<i>")):
            qid = next(untitled)
        else:  # 'None' rows, section headings, italic headlines
            assert not row.guidance, f"seed line {row.line}: guidance on a row that is not a question"
            continue
        if row.guidance:
            out.setdefault(qid, []).append(row.guidance)
        previous = qid
    return out


# -- the rows of the seed --------------------------------------------------------------------------


def test_seed_has_136_numbered_rows() -> None:
    assert len(numbered_rows()) == 136


def test_every_numbered_row_is_a_question_in_the_seed_order() -> None:
    positions = [ORDER[question_for(row.label)] for row in numbered_rows()]
    assert positions == sorted(positions)
    assert len(set(positions)) == 136


def test_every_numbered_row_text_is_verbatim() -> None:
    rows = carag_rows()
    for i, row in enumerate(rows):
        if not QUESTION_NUMBER.match(row.label):
            continue
        q = BY_ID[question_for(row.label)]
        expected = row.text
        if row.label in CONTINUED:
            following = rows[i + 1]
            assert following.label == "" and following.text == CONTINUED[row.label]
            expected = f"{row.text} {following.text}"
            assert "joined" in q.note
        assert fold(q.text) == fold(expected), row.label
        assert not re.search(r"</?[a-z]+[^>]*>", q.text), f"{q.id}: HTML left in the text"


def test_bold_in_the_seed_is_markdown_bold() -> None:
    assert BY_ID["I2.3"].text == "Was the child or young person a **Looked After Child** at the date the OOCd was given?"
    assert BY_ID["A1S"].text.startswith("**Does assessment") and BY_ID["A1S"].text.endswith("?**")
    assert BY_ID["P3S"].text == "Does planning focus sufficiently on keeping people safe?"  # not bold in the seed


def test_untitled_rows_get_ids_and_notes() -> None:
    untitled = [r for r in carag_rows() if not r.label and r.text and not r.text.startswith(("<b>", "<i>"))
                and r.text not in CONTINUED.values()]
    assert [r.text for r in untitled] == [BY_ID[q].text for q in ("I3.5b", "I3.5c", "I3.5d")]
    for qid in ("I3.5b", "I3.5c", "I3.5d"):
        assert "Untitled in the seed" in BY_ID[qid].note
        assert ORDER["I3.5"] < ORDER[qid] < ORDER["I3.6"]


def test_irregular_labels_are_normalised_and_recorded() -> None:
    for label, qid in {"P 1 .1": "P1.1", "D1 .7": "D1.7", "I 2.8 a": "I2.8a", "D 1 S": "D1S", "A 1.1": "A1.1",
                       "I 1.0": "I1.0", "D 2S": "D2S", "R2J": "J2S", "O 2": "O2", "O2": "O2.0"}.items():
        assert BY_ID[qid].source_id == label
    assert "R2J" in BY_ID["J2S"].note
    assert "'O2'" in BY_ID["O2.0"].note and BY_ID["O2"].type == "info"
    for q in QUESTIONS:
        if q.source_id and q.source_id.replace(" ", "") != q.id and q.role != "reasons":
            assert q.note, f"{q.id}: renumbered from {q.source_id!r} without a note"


def test_rows_without_proper_text_are_kept_with_notes() -> None:
    assert (BY_ID["I1.4"].text, BY_ID["I1.4"].type) == ("(No text needed)", "info")
    assert BY_ID["I1.4"].note
    assert (BY_ID["C1"].text, BY_ID["C1"].type) == ("", "info")
    assert "no text" in BY_ID["C1"].note


# -- guidance --------------------------------------------------------------------------------------


def test_every_seed_guidance_is_on_its_question_verbatim() -> None:
    expected = seed_guidance_by_question()
    assert sum(map(len, expected.values())) == sum(1 for r in carag_rows() if r.guidance) == 72
    for qid, pieces in expected.items():
        assert seedfold(" ".join(pieces)) == fold(BY_ID[qid].guidance), qid
    for q in QUESTIONS:
        if q.id not in expected:
            assert q.guidance == "", f"{q.id}: guidance the seed does not give it"


def test_guidance_split_over_two_rows_is_one_guidance() -> None:
    # I 2.3's guidance breaks mid-sentence ('The homes will' / 'range in size') across two seed rows
    assert "The homes will range in size, but most are 2 or 3 bed units." in BY_ID["I2.3"].guidance
    assert "Information about previous convictions should be used" in BY_ID["A3.2"].guidance
    assert "The inspector must be satisfied that whatever assessment tool" in BY_ID["A2.7"].guidance


def test_guidance_is_markdown() -> None:
    for q in QUESTIONS:
        assert not re.search(r"</?[a-z]+[^>]*>", q.guidance), f"{q.id}: HTML tag left in guidance"
        assert not re.search(r"&[a-z]+;|&#\d+;", q.guidance), f"{q.id}: HTML entity left in guidance"
        assert "•" not in q.guidance
    paragraphs = BY_ID["A1.2"].guidance.split("\n\n")
    assert len(paragraphs) == 4 and paragraphs[1].startswith("Consideration should be given to whether")
    assert BY_ID["I2.3"].guidance.startswith("**Looked After Child:** This is a child")
    for qid, first in (("A2.4", "Low – there are"), ("A3.3", "Low - no specific")):
        items = [line for line in BY_ID[qid].guidance.splitlines() if line.startswith("- ")]
        assert [i.split()[1] for i in items] == ["Low", "Medium", "High", "Very"]
        assert items[0] == f"- {first}" + items[0][len(first) + 2:]


# -- summaries, reasons and the standards tree ------------------------------------------------------


def test_summaries_are_the_key_question_judgements() -> None:
    assert {kq: q.id for kq, q in OOCD.judgements().items()} == {kq: s for s, kq in SUMMARIES.items()}
    for sid, kq in SUMMARIES.items():
        q = BY_ID[sid]
        assert (q.type, q.required, q.role, q.key_question) == ("yes_no", True, "judgement", kq)


def test_each_summary_is_followed_by_its_reasons() -> None:
    for sid in SUMMARIES:
        reasons = BY_ID[f"{sid}.reasons"]
        assert ORDER[f"{sid}.reasons"] == ORDER[sid] + 1
        assert fold(reasons.text) == REASONS  # the seed's typo kept
        assert "Please records" in reasons.note
        assert (reasons.type, reasons.required, reasons.role) == ("longtext", True, "reasons")
        assert not reasons.visible({})
        assert reasons.visible({sid: "no"}) and reasons.visible({sid: "yes"})


def test_key_question_groups_hold_header_prompts_and_summary() -> None:
    headers = [r for r in numbered_rows() if HEADER.match(r.label)]
    assert len(headers) == 11
    groups = [g for s in OOCD.sections for g in s.groups if g.key_question]
    assert [g.key_question for g in groups] == list(SUMMARIES.values())
    for row, group, (sid, kq) in zip(headers, groups, SUMMARIES.items()):
        ids = [q.id for q in group.questions]
        assert ids[0] == row.label.replace(" ", "") and group.questions[0].type == "info"
        assert ids[-2:] == [sid, f"{sid}.reasons"]
        assert all(q.id.startswith(ids[0] + ".") for q in group.questions[1:-2])


def test_standards_tree_is_domain_three_of_the_seed() -> None:
    (domain,) = FW.domains
    assert (domain.id, domain.title) == ("3", "Out of court disposals")
    titles = [(s.id, s.title) for s in domain.standards]
    assert titles == [("3.1", "Assessment"), ("3.2", "Planning"), ("3.3", "Implementation and delivery"),
                      ("3.4", "Joint working")]
    headlines = re.findall(r"<i>(.*?)</i>", CARAG_SEED.read_text(encoding="utf-8"))
    assert [s.headline for s in domain.standards] == headlines
    headers = {r.label.replace(" ", ""): r for r in numbered_rows() if HEADER.match(r.label)}
    for sid, kq in SUMMARIES.items():
        key_question = FW.key_question(kq)
        assert key_question.text == fold(headers[sid[:2]].text)


def test_prompts_are_the_key_questions_yes_no_rows_in_order() -> None:
    groups = {g.key_question: g for s in OOCD.sections for g in s.groups if g.key_question}
    for kq in SUMMARIES.values():
        key_question = FW.key_question(kq)
        prompts = [q for q in groups[kq].questions if q.role == "prompt"]
        assert prompts, kq
        assert [p.letter for p in key_question.prompts] == [chr(97 + i) for i in range(len(prompts))]
        assert [p.text for p in key_question.prompts] == [fold(q.text) for q in prompts]
        assert all(q.type in ("yes_no", "yes_no_na") for q in prompts)
    letters = {p.text: p.id for p in FW.key_question("3.1.1").prompts}
    assert letters[fold(BY_ID["A1.9"].text)] == "3.1.1h"  # A 1.8 (the desistance factors) is not a prompt


def test_oversight_is_not_a_standard() -> None:
    assert [s.title for s in OOCD.sections] == ["Case details", "Assessment", "Planning",
                                                "Implementation and delivery", "Joint working", "Oversight",
                                                "Closing questions"]
    oversight = next(s for s in OOCD.sections if s.title == "Oversight")
    assert not any(q.key_question for q in oversight.questions())
    assert not any(kq.text.startswith("Was there effective management") for kq in FW.key_questions())


def test_section_intros_are_the_seed_headlines() -> None:
    headlines = re.findall(r"<i>(.*?)</i>", CARAG_SEED.read_text(encoding="utf-8"))
    intros = [s.intro for s in OOCD.sections]
    assert intros == ["", *(f"*{h}*" for h in headlines), "", ""]


# -- types and conditional follow-ups --------------------------------------------------------------


def test_classifications_and_types() -> None:
    for qid in ("A2.4", "A2.6", "A3.3", "A3.5"):
        q = BY_ID[qid]
        assert q.type == "classification" and q.options_name == "classification"
        assert [o.label for o in q.options] == ["Low", "Medium", "High", "Very high"]
    assert BY_ID["I2.6"].type == "number" and BY_ID["I3.5"].type == "number"
    assert BY_ID["I3.7"].type == "multi"  # 'indicate all that apply'
    assert BY_ID["I2.13"].type == "multi"
    for q in QUESTIONS:
        if fold(q.text) == "Please explain:":
            assert q.type == "longtext" and q.show_if is not None, q.id


FOLLOW_UPS = [  # question, controlling question, an answer that shows it, answers that hide it
    ("I2.4a", "I2.4", "no", ["yes"]),
    ("I2.7a", "I2.7", "self-describe", ["female", "male"]),
    ("I2.8a", "I2.8", "white-other", ["white-irish", "asian-indian"]),
    ("I2.8a", "I2.8", "other-any", ["other-arab"]),
    ("I2.9a", "I2.9", "other", ["english", "welsh"]),
    ("I2.10a", "I2.10", "other", ["none", "sikh"]),
    ("I2.11a", "I2.11", "other", ["straight", "unsure"]),
    ("I2.13", "I2.12", "yes", ["no"]),
    ("I2.14", "I2.12", "yes", ["no"]),
    ("I3.1a", "I3.1", "other", ["youth-caution"]),
    ("I3.9", "I1.2", "wales", ["england"]),
    ("A2.6", "A2.5", "no", ["yes"]),
    ("A2.6a", "A2.5", "no", ["yes"]),
    ("A3.5", "A3.4", "no", ["yes"]),
    ("A3.6", "A3.4", "no", ["yes"]),
    ("C3", "C2", "yes", ["no"]),
    ("C5", "C4", "yes", ["no"]),
    ("C6", "C4", "yes", ["no"]),
]


@pytest.mark.parametrize("qid,controller,shows,hides", FOLLOW_UPS)
def test_follow_up_is_asked_only_after_the_answer_that_needs_it(qid, controller, shows, hides) -> None:
    q = BY_ID[qid]
    assert ORDER[controller] < ORDER[qid]
    assert q.visible({controller: shows})
    assert not q.visible({})
    for answer in hides:
        assert not q.visible({controller: answer}), f"{qid} shown when {controller} = {answer}"


def test_required_case_details() -> None:
    required = {q.id for q in QUESTIONS if q.required}
    assert {"I1.0", "I1.1", "I1.2", "I1.3", "I2.1", "I2.4", "I2.6", "I3.1", "A2.4", "A3.3"} <= required
    assert {*SUMMARIES, *(f"{s}.reasons" for s in SUMMARIES)} <= required
    assert not any(q.required for q in QUESTIONS if q.type == "info")


# -- rules and option lists ------------------------------------------------------------------------


def test_framework_metadata_and_rules() -> None:
    assert FW.id == "youth-2018"
    assert "Domain three case assessment rules and guidance, v1.0, July 2018" in FW.source
    rules = FW.rules
    assert rules.scores == {"outstanding": 3, "good": 2, "requires-improvement": 1, "inadequate": 0}
    assert [(b.rating, b.minimum) for b in rules.key_question_bands] == [
        ("outstanding", 80), ("good", 65), ("requires-improvement", 50), ("inadequate", 0)]
    assert rules.composite_max == 36
    assert [(b.rating, b.minimum) for b in rules.composite_bands] == [
        ("outstanding", 31), ("good", 19), ("requires-improvement", 7), ("inadequate", 0)]
    assert rules.case_based == ("3.1", "3.2", "3.3", "3.4")
    assert rules.judged == () and rules.unscored == () and rules.hurdles == ()
    assert OOCD.kind == "case" and OOCD.standards == ("3.1", "3.2", "3.3", "3.4")


def test_subsample_rules() -> None:
    got = {s.key_questions: (s.classification, s.accurate, s.corrected, s.at_least) for s in FW.rules.subsamples}
    assert got == {
        ("3.1.2", "3.2.2", "3.3.2"): ("A2.4", "A2.5", "A2.6", "medium"),
        ("3.1.3", "3.2.3", "3.3.3"): ("A3.3", "A3.4", "A3.5", "medium"),
    }
    for s in FW.rules.subsamples:
        assert BY_ID[s.corrected].show_if.describe() == f"{s.accurate} = no"
        assert "medium" in {o.value for o in BY_ID[s.classification].options}


def test_every_option_list_has_a_source() -> None:
    own = set(FW.option_lists) - set(BUILTIN_OPTIONS)
    assert {"gender", "ethnic_group", "religion", "sexual_orientation", "oocd_type", "interview_present",
            "disability_nature", "disability_impact", "classification"} <= own
    for name in own:
        assert len(FW.option_sources.get(name, "")) > 20, f"options.{name} has no source"
    for q in QUESTIONS:
        if q.options:
            assert q.options_name in FW.option_lists, f"{q.id}: inline options have no source"
    assert "Census 2021" in FW.option_sources["ethnic_group"]
    assert len(FW.option_lists["ethnic_group"]) == 19
    assert "unsure" in {o.value for o in FW.option_lists["sexual_orientation"]}
    assert [o.label for o in FW.option_lists["oocd_type"]][:3] == [
        "Community Resolution", "Youth Caution", "Youth Conditional Caution"]


def test_engine_counts_only_medium_or_above_in_the_sub_samples() -> None:
    """End to end: rate() on youth-2018 keeps Low cases out of the sub-sampled key questions, and uses
    the inspector's corrected classification where the recorded one was judged inaccurate."""
    from casemark.engine.model import Case, Inspection
    from casemark.engine.tally import rate

    def case(cid: str, **answers: str) -> Case:
        return Case(cid, "oocd", "youth-2018", answers={k.replace("_", "."): v for k, v in answers.items()})

    cases = [
        case("C1", A2_4="low", A2_5="yes", A2S="no", A3_3="high", A3_4="yes", A3S="yes", A1S="yes"),
        case("C2", A2_4="low", A2_5="no", A2_6="high", A2S="yes", A3_3="low", A3_4="yes", A3S="no", A1S="no"),
        case("C3", A2_4="medium", A2_5="yes", A2S="yes", A3_3="medium", A3_4="no", A3_5="low", A3S="no", A1S="yes"),
    ]
    ratings = rate(FW, Inspection("demo", "youth-2018", "Anytown"), cases)
    counts = {kid: (k.sufficient, k.judged, k.sample) for kid, k in ratings.standards["3.1"].key_questions.items()}
    assert counts == {"3.1.1": (2, 3, 3), "3.1.2": (2, 2, 2), "3.1.3": (1, 1, 1)}
    assert ratings.standards["3.1"].key_questions["3.1.2"].rating == "outstanding"
    assert ratings.standards["3.4"].kind == "case-based"
