"""youth-2021's case questionnaires, their case details and classifications: seed 003's rows
verbatim and in order, what court cases adapt, the follow-ups' conditions, and the guidance as Markdown."""

from __future__ import annotations

import re

import pytest

from casemark.framework import load_framework
from seedtext import SeedRow
import youth2021_seed as shared
from youth2021_seed import flat, label_key, row_by_label

fw, rows = shared.fw, shared.rows  # the shared fixtures, under their own names


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
