"""End to end: casemark export / check / agreement and `new second-mark`, run as a user would."""

from __future__ import annotations

import csv
import json
import tomllib
from pathlib import Path

import pytest

from casemark.engine.reports import build, open_inspection
from test_export import MULTILINE, make_inspection
from casemark.tui.__main__ import main


@pytest.fixture
def insp(tmp_path) -> Path:
    return make_inspection(tmp_path / "data")


# -- export ------------------------------------------------------------------------------------


def test_export_to_stdout(casemark, insp):
    done = casemark("export", insp, "--format", "report-md")
    assert done.returncode == 0, done.stderr
    assert done.stdout == build("report-md", open_inspection(insp))
    assert "**2.1.1: insufficient cases (2)**" in done.stdout


def test_export_never_overwrites_without_force(casemark, insp, tmp_path):
    out = tmp_path / "report.html"
    first = casemark("export", insp, "--format", "report-html", "-o", out)
    assert first.returncode == 0, first.stderr
    assert out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    out.write_text("the inspector's own edits", encoding="utf-8")
    again = casemark("export", insp, "--format", "report-html", "-o", out)
    assert again.returncode == 1
    assert f"{out} already exists; nothing written (add --force to overwrite" in again.stderr
    assert out.read_text(encoding="utf-8") == "the inspector's own edits"
    forced = casemark("export", insp, "--format", "report-html", "-o", out, "--force")
    assert forced.returncode == 0, forced.stderr
    assert "<h2>Overall rating</h2>" in out.read_text(encoding="utf-8")
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []  # no temp files left


def test_answers_csv_file_comes_with_its_codebook(casemark, insp, tmp_path):
    out = tmp_path / "answers.csv"
    done = casemark("export", insp, "--format", "answers-csv", "-o", out)
    assert done.returncode == 0, done.stderr
    with open(out, newline="", encoding="utf-8-sig") as fh:
        rows = list(csv.DictReader(fh))
    assert {r["case_id"]: r["2.1.1.reasons"] for r in rows}["C-02"] == MULTILINE
    with open(tmp_path / "answers.questions.csv", newline="", encoding="utf-8-sig") as fh:
        book = {r["column"]: r for r in csv.DictReader(fh)}
    assert book["2.1.1.reasons"]["type"] == "longtext"
    assert set(rows[0]) == set(book)


def test_answers_csv_refused_when_the_codebook_exists(casemark, insp, tmp_path):
    (tmp_path / "answers.questions.csv").write_text("keep me", encoding="utf-8")
    done = casemark("export", insp, "--format", "answers-csv", "-o", tmp_path / "answers.csv")
    assert done.returncode == 1 and "answers.questions.csv already exists" in done.stderr
    assert not (tmp_path / "answers.csv").exists()
    assert (tmp_path / "answers.questions.csv").read_text(encoding="utf-8") == "keep me"


def test_ratings_json_matches_casemark_ratings_json(casemark, insp):
    # second marking included: both name it among the ignored cases (tests/test_opening.py too)
    exported = casemark("export", insp, "--format", "ratings-json")
    printed = casemark("ratings", insp, "--json")
    assert exported.returncode == 0 and printed.returncode == 0, exported.stderr + printed.stderr
    assert exported.stdout == printed.stdout
    assert json.loads(exported.stdout)["standards"]["2.1"]["key_questions"]["2.1.1"]["judged"] == 4


def test_a_second_marking_does_not_change_the_exported_ratings(casemark, insp, tmp_path):
    with_second = json.loads(casemark("export", insp, "--format", "ratings-json").stdout)
    (insp / "cases" / "C-02--2.toml").unlink()
    without = json.loads(casemark("export", insp, "--format", "ratings-json").stdout)
    assert with_second.pop("ignored_cases") == {"C-02--2": "second marking of C-02 (counted for agreement only)"}
    assert without.pop("ignored_cases") == {}
    assert without == with_second  # named as not counted, and counted nowhere


def test_export_refuses_when_a_case_file_is_unreadable(casemark, insp, tmp_path):
    (insp / "cases" / "C-09.toml").write_text('schema = 1\nframework = "youth-2021"\nquestionnaire = "court\n', encoding="utf-8")
    out = tmp_path / "r.md"
    done = casemark("export", insp, "--format", "report-md", "-o", out)
    assert done.returncode == 1
    named, refused = done.stderr.splitlines()  # named as ratings and check name an unreadable file
    assert named.startswith(f"unreadable, not exported: {insp / 'cases' / 'C-09.toml'}: not valid TOML at line 3")
    assert refused.startswith("casemark export: nothing written: 1 case file(s) cannot be read")
    assert not out.exists()


def test_export_of_a_missing_folder(casemark, tmp_path):
    done = casemark("export", tmp_path / "nowhere", "--format", "report-md")
    assert done.returncode == 1
    assert f"{tmp_path / 'nowhere'}: no such file or folder" in done.stderr


def test_export_rejects_an_unknown_format(casemark, insp):
    done = casemark("export", insp, "--format", "pdf")
    assert done.returncode == 2 and "invalid choice: 'pdf'" in done.stderr


# -- check -------------------------------------------------------------------------------------


def test_check_lists_acknowledges_and_hides(casemark, insp):
    done = casemark("check", insp)
    assert done.returncode == 0, done.stderr
    assert "C-02 (Ann Ray, in-progress)\n  2.1.1  against-prompts: judged No, but its one answered prompt is Yes" in done.stdout
    assert done.stdout.rstrip().endswith("2 warnings to look at in 2 cases")
    assert casemark("check", insp, "--strict").returncode == 1

    ack = casemark("check", insp, "--acknowledge", "C-02", "against-prompts:2.1.1", "Prompt a met, but the analysis missed the victim.")
    assert ack.returncode == 0, ack.stderr
    saved = tomllib.loads((insp / "cases" / "C-02.toml").read_text(encoding="utf-8"))
    assert saved["acknowledged"] == {"against-prompts:2.1.1": "Prompt a met, but the analysis missed the victim."}
    assert saved["answers"]["2.1.1.reasons"] == MULTILINE  # nothing else lost

    after = casemark("check", insp)
    assert "C-02" not in after.stdout
    assert after.stdout.rstrip().endswith("1 warning to look at in 1 case; 1 acknowledged (--all shows them)")
    shown = casemark("check", insp, "--all", "--json")
    data = json.loads(shown.stdout)
    assert data["cases"]["C-02"] == [{
        "check": "against-prompts", "question": "2.1.1",
        "message": "judged No, but its one answered prompt is Yes: check the judgement or the prompts",
        "acknowledged": True, "note": "Prompt a met, but the analysis missed the victim.",
    }]
    assert data["unacknowledged"] == 1

    back = casemark("check", insp, "--withdraw", "C-02", "against-prompts:2.1.1")
    assert back.returncode == 0
    assert "acknowledged" not in tomllib.loads((insp / "cases" / "C-02.toml").read_text(encoding="utf-8"))


def test_check_refuses_bad_acknowledgements(casemark, insp):
    wrong = casemark("check", insp, "--acknowledge", "C-01", "against-prompts:2.1.1", "note")
    assert wrong.returncode == 1 and "C-01 has no warning 'against-prompts:2.1.1'" in wrong.stderr
    typo = casemark("check", insp, "--acknowledge", "C-02", "againstprompts", "note")
    assert typo.returncode == 1 and "is not CHECK:QUESTION" in typo.stderr
    empty = casemark("check", insp, "--acknowledge", "C-02", "against-prompts:2.1.1", "  ")
    assert empty.returncode == 1 and "needs a note" in empty.stderr
    assert "acknowledged" not in (insp / "cases" / "C-02.toml").read_text(encoding="utf-8")


def test_check_one_case_and_unknown_case(casemark, insp):
    one = casemark("check", insp, "--case", "C-04")
    assert one.stdout.startswith("C-04 (Bob Lee, in-progress)") and "C-02" not in one.stdout
    none = casemark("check", insp, "--case", "C-99")
    assert none.returncode == 1 and "no case 'C-99'" in none.stderr


# -- agreement ---------------------------------------------------------------------------------


def test_agreement_report(casemark, insp):
    done = casemark("agreement", insp)
    assert done.returncode == 0, done.stderr
    out = done.stdout
    assert "Second marking: 1 case marked twice, blind\n  C-02: Ann Ray / Bob Lee (C-02--2)" in out
    assert "C-02  2.1.1: first Ann Ray said No, second Bob Lee said Yes" in out
    assert "second  Bob's second view: sufficient." in out
    overall = next(line for line in out.splitlines() if line.startswith("Overall"))
    assert overall.split() == ["Overall", "1", "0", "0%", "0.00"]
    team = next(line for line in out.splitlines() if line.startswith("2.1.2 "))
    assert team.split() == ["2.1.2", "66.7%", "of", "3", "100%", "(+33)", "0%", "(-67)"]
    data = json.loads(casemark("agreement", insp, "--json").stdout)
    assert data["agreement"]["overall"] == {"compared": 1, "agreed": 0, "percent": 0.0, "kappa": 0.0, "unpaired": 11}
    assert data["inspectors"]["inspectors"]["Ann Ray"]["key_questions"]["2.1.2"]["percent"] == 100.0


def test_kappa_is_rounded_exactly():
    from fractions import Fraction

    from casemark.tui.cli.agreement_cmd import two_dp

    assert [two_dp(Fraction(5, 8)), two_dp(Fraction(-5, 8)), two_dp(Fraction(1, 6)), two_dp(Fraction(0))] == ["0.63", "-0.63", "0.17", "0.00"]


def test_agreement_on_the_demo(casemark):
    done = casemark("agreement", Path(__file__).resolve().parent.parent / "saved" / "demo-anytown")
    assert done.returncode == 0, done.stderr
    # C03 by Carys Hughes, second-marked blind by Ben Lewis: 10 of 12 key questions agree;
    # each marked 8 Yes and 4 No, so pe = (8/12)^2 + (4/12)^2 = 5/9 and kappa = (10/12 - 5/9) / (4/9) = 5/8
    assert "  C03: Carys Hughes / Ben Lewis (C03--2)" in done.stdout
    overall = next(line for line in done.stdout.splitlines() if line.startswith("Overall"))
    assert overall.split() == ["Overall", "12", "10", "83.3%", "0.63"]
    assert "C03  2.2.3: first Carys Hughes said Yes, second Ben Lewis said No" in done.stdout
    assert "C03  2.4.2: first Carys Hughes said No, second Ben Lewis said Yes" in done.stdout


def test_agreement_without_second_markings(casemark, insp):
    (insp / "cases" / "C-02--2.toml").unlink()
    done = casemark("agreement", insp)
    assert done.returncode == 0
    assert done.stdout.startswith("No second markings yet: create one with  casemark new second-mark")


# -- casemark new second-mark ------------------------------------------------------------------


def second_mark(*argv: str) -> int:
    """`casemark new second-mark ...` through the command's own entry point (in-process, for capsys)."""
    return main(["new", *argv])


def test_new_second_mark_is_a_casemark_command(casemark, insp):
    (insp / "cases" / "C-02--2.toml").unlink()
    done = casemark("new", "second-mark", insp, "C-02", "--inspector", "Cat Poe")
    assert done.returncode == 0, done.stderr
    assert "a blind second marking of C-02" in done.stdout
    assert (insp / "cases" / "C-02--2.toml").exists()


def test_new_second_mark_makes_a_blind_copy(insp, capsys):
    (insp / "cases" / "C-02--2.toml").unlink()
    assert second_mark("second-mark", str(insp), "C-02", "--inspector", "Cat Poe") == 0
    printed = capsys.readouterr().out
    assert f"created {insp.resolve() / 'cases' / 'C-02--2.toml'}: a blind second marking of C-02" in printed
    copy = tomllib.loads((insp / "cases" / "C-02--2.toml").read_text(encoding="utf-8"))
    assert copy["second_mark_of"] == "C-02" and copy["inspector"] == "Cat Poe"
    # the case details only: no prompts, judgements, reasons; the service and the second marker's
    # own name pre-filled as in any new case
    assert copy["answers"] == {"I2.1": "HM-C-02", "I1.1": "Anytown Youth Justice Service", "I1.3": "Cat Poe"}
    assert copy["status"] == "in-progress"


def test_new_second_mark_by_id_in_the_data_folder(insp, capsys):
    (insp / "cases" / "C-02--2.toml").unlink()
    assert second_mark("second-mark", "anytown", "C-01", "--inspector", "Bob Lee", "--data", str(insp.parent)) == 0
    assert (insp / "cases" / "C-01--2.toml").exists()


def test_new_second_mark_refusals(insp, capsys):
    assert second_mark("second-mark", str(insp), "C-02", "--inspector", "Cat Poe") == 1
    assert "case C-02 is already second-marked in this file" in capsys.readouterr().err
    assert second_mark("second-mark", str(insp), "C-01", "--inspector", "ann ray") == 1
    assert "ann ray marked case C-01 first: a second marking needs another inspector" in capsys.readouterr().err
    assert second_mark("second-mark", str(insp), "C-02--2", "--inspector", "Cat Poe") == 1
    assert "C-02--2 is itself a second marking of C-02" in capsys.readouterr().err
    assert second_mark("second-mark", str(insp), "C-05", "--inspector", "Cat Poe") == 1
    assert "C-05 is excluded" in capsys.readouterr().err
    assert second_mark("second-mark", str(insp), "C-77", "--inspector", "Cat Poe") == 1
    assert "no case 'C-77'" in capsys.readouterr().err
    assert sorted(p.name for p in (insp / "cases").iterdir()) == [
        "C-01.toml", "C-02--2.toml", "C-02.toml", "C-03.toml", "C-04.toml", "C-05.toml",
    ]
