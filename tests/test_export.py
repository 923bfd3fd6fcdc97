"""Exports (engine/reports): Markdown report, answers CSV parsed back with the csv module, codebook,
ratings JSON, inspectors CSV. The HTML report is rendered in Chromium in test_export_html.py."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from casemark.engine.agreement import blind_copy
from casemark.engine.tally import rate
from casemark.engine.reports import FORMATS, build, open_inspection
from casemark.engine.reports.answers_csv import answers_csv, questions_csv
from casemark.engine.reports.markdown import report_markdown
from casemark.engine.store import Store

MULTILINE = 'Planning missed the victim\'s wishes, "as recorded", and\nthe risk to the sister, see 3, 4.\n\nNo contingency.'


def make_inspection(root: Path) -> Path:
    """An Anytown-like inspection on disk: 4 court cases, one excluded, one second-marked, 2 judged standards."""
    store = Store(root)
    insp = store.create_inspection("anytown", "Anytown Youth Justice Service", inspectors=["Ann Ray", "Bob Lee"])
    store.set_rating(insp, "1.1", "good")
    store.set_rating(insp, "2.5", "inadequate")
    plan = [
        ("C-01", "Ann Ray", "yes", "yes", "Thorough analysis of offending drawing on school and police records."),
        ("C-02", "Ann Ray", "no", "yes", MULTILINE),
        ("C-03", "Bob Lee", "yes", "no", "Desistance factors were weighed with the child and his mother."),
        ("C-04", "Bob Lee", "no", None, "Assessment was late: completed after the first panel."),
    ]
    for cid, who, j1, j2, reasons in plan:
        case = store.create_case("anytown", cid, "court", inspector=who)
        case.answers |= {"I2.1": f"HM-{cid}", "2.1.1a": "yes", "2.1.1": j1, "2.1.1.reasons": reasons}
        if j2:
            case.answers |= {"2.1.2": j2, "2.1.2.reasons": "Safety was considered with the social worker, fully."}
        store.save_case("anytown", case)
    gone = store.create_case("anytown", "C-05", "court", inspector="Bob Lee")
    gone.answers["2.1.1"] = "no"
    gone.status, gone.exclusion_reason = "excluded", "transferred out before the sample date"
    store.save_case("anytown", gone)
    # a blind second marking of C-02 that disagrees on 2.1.1: it must not count in the ratings
    first = store.load_case("anytown", "C-02")
    second = blind_copy(first, store.framework("youth-2021").questionnaires["court"], "Bob Lee")
    store.create_case("anytown", second.case_id, "court", inspector="Bob Lee")
    copy = store.load_case("anytown", second.case_id)
    copy.answers |= second.answers | {"2.1.1": "yes", "2.1.1.reasons": "Bob's second view: sufficient."}
    copy.extra |= second.extra
    store.save_case("anytown", copy)
    return root / "anytown"


@pytest.fixture
def inspection_dir(tmp_path) -> Path:
    return make_inspection(tmp_path)


@pytest.fixture
def source(inspection_dir):
    return open_inspection(inspection_dir)


def test_source_reads_everything_and_rates_first_markings_only(source):
    assert sorted(c.case_id for c in source.cases) == ["C-01", "C-02", "C-02--2", "C-03", "C-04", "C-05"]
    assert "C-02--2" not in [c.case_id for c in source.first_markings]
    kq = source.ratings.key_question("2.1.1")
    # C-01 yes, C-02 no, C-03 yes, C-04 no (C-05 excluded, C-02--2 a second marking)
    assert (kq.sufficient, kq.judged, kq.insufficient_cases) == (2, 4, ["C-02", "C-04"])


def test_markdown_report(source):
    md = build("report-md", source)
    assert md.startswith("# Anytown Youth Justice Service: inspection report draft\n")
    overall = source.ratings.overall
    assert f"## Overall rating: {overall.rating.replace('-', ' ').capitalize()}, scoring {overall.score} of {overall.max} (provisional)" in md
    assert "> **Provisional.** Marking is unfinished" in md
    assert "## Domain 2: Court disposals" in md
    row = next(line for line in md.splitlines() if line.startswith("| 2.1.1 "))
    assert "Does assessment sufficiently analyse how to support the child's desistance?" in row
    assert "| 2/4 | 50% | Requires improvement |" in row  # every case judged on 2.1.1: not provisional
    row2 = next(line for line in md.splitlines() if line.startswith("| 2.1.2 "))
    assert "| 2/3 | 66.7% | Good (provisional) |" in row2  # C-04 not yet judged on 2.1.2
    assert "- 2.1.2: provisional, 3 of 4 cases judged." in md
    assert "- **Cases:** 4 in the sample (Court disposal case: 4); 0 complete; 1 excluded" in md
    assert "`██████████░░░░░░░░░░`" in row
    # the insufficient cases with the inspectors' reasons, multi-line reasons kept as one list item
    block = md.split("**2.1.1: insufficient cases (2)**", 1)[1].split("\n\n**", 1)[0]
    assert "- **C-02** (Ann Ray): Planning missed the victim's wishes, \"as recorded\", and\n  the risk to the sister" in block
    assert "- **C-04** (Bob Lee): Assessment was late: completed after the first panel." in block
    assert "Bob's second view" not in md
    # the judged standards and the resettlement rating apart from the domains
    assert "### 1.1 Governance and leadership: Good" in md
    apart = md.split("## Rated apart (not in the overall score)", 1)[1]
    assert "### 2.5 Resettlement policy and provision: Inadequate" in apart
    assert "Score: not scored." in apart
    assert "If 2.5 is Inadequate, an overall rating of Outstanding becomes Good." in apart
    assert "2.5 Resettlement" not in md.split("## Domain 2: Court disposals", 1)[1].split("## Domain 3", 1)[0]


def test_markdown_table_cells_escape_pipes(source):
    from casemark.engine.reports.markdown import cell

    assert cell("a | b\nc") == "a \\| b c"


def test_answers_csv_parsed_back(source):
    text = build("answers-csv", source)
    rows = list(csv.reader(io.StringIO(text, newline="")))
    header = rows[0]
    assert header[:8] == ["inspection", "case_id", "questionnaire", "status", "inspector", "second_mark_of", "created", "updated"]
    court = source.framework.questionnaires["court"]
    court_ids = [q.id for q in court.questions() if q.answerable]
    # every court question, in framework order
    positions = [header.index(qid) for qid in court_ids]
    assert positions == sorted(positions)
    assert header.index("I2.1") < header.index("2.1.1a") < header.index("2.1.1") < header.index("2.1.1.reasons") < header.index("2.2.1")
    assert len(header) == len(set(header))
    by_case = {r[1]: dict(zip(header, r)) for r in rows[1:]}
    assert list(by_case) == ["C-01", "C-02", "C-02--2", "C-03", "C-04", "C-05"]
    assert {r["inspection"] for r in by_case.values()} == {"anytown"}  # several inspections can be pooled
    for case in source.cases:  # the case's own dates, ISO 8601
        row = by_case[case.case_id]
        assert row["created"] == (case.created.isoformat() if case.created else "")
        assert row["updated"] == (case.updated.isoformat() if case.updated else "")
    assert all(len(r) == len(header) for r in rows)
    assert by_case["C-02"]["2.1.1.reasons"] == MULTILINE  # commas, quotes and newlines survive
    assert by_case["C-02"]["2.1.1"] == "no" and by_case["C-02"]["inspector"] == "Ann Ray"
    assert by_case["C-02--2"]["second_mark_of"] == "C-02" and by_case["C-02--2"]["2.1.1"] == "yes"
    assert by_case["C-05"]["status"] == "excluded"
    assert by_case["C-04"]["2.1.2"] == ""


def test_answers_csv_keeps_unknown_answers_and_joins_multiple_choices(source):
    case = next(c for c in source.cases if c.case_id == "C-01")
    case.answers |= {"ZZ9": "an answer the framework does not know", "I2.13": ["a", "b"]}
    rows = list(csv.reader(io.StringIO(answers_csv(source.framework, source.cases), newline="")))
    header, c01 = rows[0], dict(zip(rows[0], rows[1]))
    assert header[-1] == "ZZ9" and c01["ZZ9"] == "an answer the framework does not know"
    assert c01["I2.13"] == "a; b"


def test_codebook_names_each_column(source):
    rows = list(csv.reader(io.StringIO(questions_csv(source.framework), newline="")))
    assert rows[0] == ["column", "questionnaires", "text", "type", "codes"]
    book = {r[0]: r for r in rows[1:]}
    answers_header = next(csv.reader(io.StringIO(build("answers-csv", source))))
    assert [r[0] for r in rows[1:]] == answers_header  # one codebook row per column, same order
    court = source.framework.questionnaires["court"]
    assert book["2.1.1"][2] == court.question("2.1.1").text
    assert book["2.1.1"][3] == "yes_no" and book["2.1.1"][4] == "yes = Yes; no = No"
    assert book["I2.1"][1] == "court oocd"  # the case details are shared by both questionnaires


def test_ratings_json_is_the_ratings_object(source):
    data = json.loads(build("ratings-json", source))
    assert data == json.loads(json.dumps(rate(source.framework, source.inspection, source.cases).to_json()))
    assert data["inspection"] == "anytown"
    assert data["standards"]["2.1"]["key_questions"]["2.1.1"]["sufficient"] == 2


def test_inspectors_csv(source):
    rows = list(csv.DictReader(io.StringIO(build("inspectors-csv", source), newline="")))
    ann = next(r for r in rows if r["inspector"] == "Ann Ray" and r["key_question"] == "2.1.1")
    bob = next(r for r in rows if r["inspector"] == "Bob Lee" and r["key_question"] == "2.1.1")
    assert (ann["sufficient"], ann["judged"], ann["percent"]) == ("1", "2", "50.0")
    assert (bob["sufficient"], bob["judged"], bob["team_percent"], bob["difference_points"]) == ("1", "2", "50.0", "0.0")
    ann2 = next(r for r in rows if r["inspector"] == "Ann Ray" and r["key_question"] == "2.1.2")
    assert (ann2["percent"], ann2["team_percent"], ann2["difference_points"]) == ("100.0", "66.7", "33.3")


def test_every_format_builds(source):
    for fmt in FORMATS:
        assert build(fmt, source).strip(), fmt
    with pytest.raises(ValueError, match="unknown format 'pdf'"):
        build("pdf", source)


def test_report_of_an_inspection_with_no_cases(tmp_path):
    Store(tmp_path).create_inspection("empty", "Empty Service")
    src = open_inspection(tmp_path / "empty")
    md = report_markdown(src.framework, src.inspection, src.ratings, src.cases)
    assert "## Overall rating: Not rated yet" in md
    assert "- **Cases:** none yet" in md
