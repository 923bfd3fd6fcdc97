"""engine.render: the plain-text, Markdown and CSV forms of an inspection's ratings."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from casemark.engine import render
from casemark.engine.model import Case, Inspection
from casemark.engine.tally import rate
from casemark.framework import load_framework

FW = load_framework(Path(__file__).parent / "fixtures" / "ratings-fw")


def result():
    cases = [
        Case("O-1", "oocd", FW.id, answers={"A2.4": "high", "3.1.1": "yes", "3.1.2": "no"}),
        Case("O-2", "oocd", FW.id, answers={"3.1.1": "yes"}),  # not classified yet
        Case("O-3", "oocd", FW.id, answers={"A2.4": "medium", "3.1.1": "no", "3.1.2": "yes"}),
    ]
    insp = Inspection("insp", FW.id, "A | B Youth Justice Service", ratings={"1.1": "good", "2.5": "inadequate"})
    return rate(FW, insp, cases)


def test_plain_text_rows_show_counts_sample_band_and_bar():
    text = render.text(result(), "Anytown YJS")
    lines = text.splitlines()
    assert lines[0] == "Ratings of insp (ratings-fw): Anytown YJS"
    row = next(line for line in lines if line.strip().startswith("3.1.1 desistance"))
    assert row.split()[2:] == ["2/3", "3", "66.7%", "Good", "#############-------"]
    row = next(line for line in lines if line.strip().startswith("3.1.2 child safety"))
    assert "1/2" in row and "2 (+1 to classify)" in row and "50.0%" in row and "Requires improvement (provisional)" in row
    assert any(line.startswith("1.2 Staff") and line.endswith("awaiting the inspectors' rating") for line in lines)
    assert lines[-1] == "Overall: Requires improvement (provisional), 3 of 6 (bands scaled to the rated standards)"
    assert "Why:" not in text
    explained = render.text(result(), explain=True)
    assert "3.1 Assessment: Requires improvement, because 3.1.2 child safety is 1 of 2 (50%); 3.1.1 is Good" in explained


def test_markdown_escapes_pipes_and_marks_standards():
    md = render.markdown(result())
    assert md.startswith("## Ratings: insp\n")
    md = render.markdown(result(), "A | B Youth Justice Service")
    assert md.startswith("## Ratings: A \\| B Youth Justice Service\n")
    assert "| **3.1 Assessment** | | | | **Requires improvement (provisional)** |" in md
    assert f"| | 3.1.2 {FW.key_question('3.1.2').text} | 1 of 2 | 50.0% | Requires improvement (provisional) |" in md


def test_csv_rows_and_empty_counts_for_judged_standards():
    rows = list(csv.DictReader(io.StringIO(render.csv_text(result(), FW))))
    assert len(rows) == sum(1 for _ in FW.key_questions())
    row = next(r for r in rows if r["key_question"] == "3.1.2")
    assert (row["sufficient"], row["judged"], row["sample"], row["provisional"], row["insufficient_cases"]) == ("1", "2", "2", "yes", "O-1")
    row = next(r for r in rows if r["key_question"] == "2.5.1")
    assert (row["standard_rating"], row["standard_score"], row["rating"]) == ("inadequate", "", "")
