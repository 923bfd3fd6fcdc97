"""End to end: `casemark ratings DIR` on inspection folders written as files."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
import tomllib
from pathlib import Path

import tomli_w

from factories import make_inspection
from casemark.framework import load_framework

FW = load_framework("youth-2021")


def write_inspection(root: Path, iid: str = "anytown-2026", ratings: dict | None = None) -> Path:
    folder = root / iid
    (folder / "cases").mkdir(parents=True)
    data = {"schema": 1, "framework": "youth-2021", "service": "Anytown Youth Justice Service", "ratings": ratings or {}}
    (folder / "inspection.toml").write_text(tomli_w.dumps(data))
    return folder


def write_case(folder: Path, cid: str, answers: dict, questionnaire: str = "court", status: str = "in-progress") -> Path:
    data = {"schema": 1, "framework": "youth-2021", "questionnaire": questionnaire, "case_id": cid, "status": status, "answers": answers}
    path = folder / "cases" / f"{cid}.toml"
    path.write_text(tomli_w.dumps(data))
    return path


def planning_folder(root: Path) -> Path:
    """20 court cases: 2.2.1 judged sufficient in 10, 2.2.2 and 2.2.3 in all; 2.1.1 13 of 20;
    one more case excluded; domain one rated; no out-of-court cases."""
    folder = write_inspection(root, ratings={"1.1": "good", "1.2": "good", "1.3": "outstanding", "1.4": "not-rated", "2.5": "inadequate", "3.4": "good"})
    for i in range(20):
        answers = {kid: "yes" for kid in FW.questionnaires["court"].judgements()}
        answers["2.2.1"] = "yes" if i < 10 else "no"
        answers["2.1.1"] = "yes" if i < 13 else "no"
        write_case(folder, f"C-{i:02}", answers, status="complete")
    write_case(folder, "C-99", {"2.2.1": "no"}, status="excluded")
    return folder


def test_json_has_the_design_keys_and_the_right_numbers(casemark, tmp_path):
    folder = planning_folder(tmp_path)
    out = casemark("ratings", folder, "--json")
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    assert {"inspection", "framework", "overall", "standards"} <= set(data)
    assert (data["inspection"], data["framework"]) == ("anytown-2026", "youth-2021")
    assert {"rating", "score", "max", "provisional"} <= set(data["overall"])
    assert list(data["standards"]) == [s.id for s in FW.standards()]
    for s in data["standards"].values():
        assert {"rating", "score", "provisional", "key_questions"} <= set(s)
        for kq in s["key_questions"].values():
            assert {"sufficient", "judged", "sample", "percent", "rating"} <= set(kq)
    kq = data["standards"]["2.2"]["key_questions"]["2.2.1"]
    assert (kq["sufficient"], kq["judged"], kq["sample"], kq["percent"], kq["rating"]) == (10, 20, 20, 50.0, "requires-improvement")
    kq = data["standards"]["2.1"]["key_questions"]["2.1.1"]
    assert (kq["sufficient"], kq["percent"], kq["rating"]) == (13, 65.0, "good")
    assert data["standards"]["2.2"]["rating"] == "requires-improvement"
    assert data["standards"]["1.4"]["rating"] == "not-rated" and data["standards"]["1.4"]["score"] is None
    assert data["standards"]["3.1"]["rating"] == "not-rated"  # no out-of-court cases
    assert data["standards"]["2.5"]["rating"] == "inadequate" and data["standards"]["2.5"]["score"] is None
    # scored: 1.1 2 + 1.2 2 + 1.3 3 + 2.1 2 + 2.2 1 + 2.3 3 + 2.4 3 + 3.4 2 = 18 of 8 standards (24)
    o = data["overall"]
    assert (o["score"], o["max"], o["scaled"], o["provisional"]) == (18, 24, True, False)
    assert o["rating"] == "good"  # 18/24 is 27 of 36
    assert "1.4, 3.1, 3.2 and 3.3 are not rated" in o["explanation"]


def test_plain_text_table_in_a_pipe(casemark, tmp_path):
    out = casemark("ratings", planning_folder(tmp_path))
    assert out.returncode == 0, out.stderr
    lines = out.stdout.splitlines()
    assert lines[0] == "Ratings of anytown-2026 (youth-2021): Anytown Youth Justice Service"
    row = next(line for line in lines if line.strip().startswith("2.2.1 desistance"))
    assert row.split()[2:] == ["10/20", "20", "50.0%", "Requires", "improvement", "##########----------"]
    assert any(line.startswith("2.2 Planning") and "Requires improvement" in line for line in lines)
    assert lines[-1] == "Overall: Good, 18 of 24 (bands scaled to the rated standards)"
    assert "\x1b[" not in out.stdout  # no colour codes in a pipe
    explained = casemark("ratings", planning_folder(tmp_path / "b"), "--explain").stdout
    assert "2.2 Planning: Requires improvement, because 2.2.1 desistance is 10 of 20 (50%); " in explained
    assert "Insufficient: 2.2.1 in C-10, C-11" in explained


def test_csv_has_one_row_per_key_question(casemark, tmp_path):
    out = casemark("ratings", planning_folder(tmp_path), "--csv")
    assert out.returncode == 0, out.stderr
    rows = list(csv.DictReader(io.StringIO(out.stdout)))
    assert [r["key_question"] for r in rows] == [k.id for k in FW.key_questions()]
    row = next(r for r in rows if r["key_question"] == "2.2.1")
    assert (row["sufficient"], row["judged"], row["sample"], row["percent"], row["rating"]) == ("10", "20", "20", "50.0", "requires-improvement")
    assert row["insufficient_cases"] == " ".join(f"C-{i}" for i in range(10, 20))
    assert row["key_question_text"] == FW.key_question("2.2.1").text
    judged = next(r for r in rows if r["key_question"] == "1.3.1")
    assert (judged["standard_rating"], judged["standard_score"], judged["sufficient"]) == ("outstanding", "3", "")


def test_markdown_table(casemark, tmp_path):
    out = casemark("ratings", planning_folder(tmp_path), "--markdown", "--explain")
    assert out.returncode == 0, out.stderr
    text = out.stdout
    assert "| Standard | Key question | Sufficient | % | Rating |" in text
    assert f"| | 2.2.1 {FW.key_question('2.2.1').text} | 10 of 20 | 50.0% | Requires improvement |" in text
    assert "| **2.5 Resettlement policy and provision** | | | | **Inadequate** |" in text
    assert "**Overall: Good, 18 of 24 (bands scaled to the rated standards)**" in text
    assert "### Why" in text


def test_unreadable_case_is_named_on_stderr_and_exit_code_is_1(casemark, tmp_path):
    folder = planning_folder(tmp_path)
    broken = folder / "cases" / "C-50.toml"
    broken.write_text('schema = 1\nframework = "youth-2021"\nanswers = {"2.2.1" = \n')
    wrong = write_case(folder, "C-51", {"2.2.1": "no"}, questionnaire="nonsense")
    other = write_case(folder, "C-52", {"A1S": "no"}, questionnaire="oocd")
    other.write_text(other.read_text().replace('"youth-2021"', '"youth-2018"'))
    out = casemark("ratings", folder, "--json")
    assert out.returncode == 1  # bad data (2 is bad usage)
    assert str(broken) in out.stderr and str(wrong) in out.stderr and str(other) in out.stderr
    assert "nonsense" in out.stderr and "differs from the inspection's framework 'youth-2021'" in out.stderr
    kq = json.loads(out.stdout)["standards"]["2.2"]["key_questions"]["2.2.1"]
    assert (kq["sufficient"], kq["judged"]) == (10, 20)  # the readable cases only
    assert broken.read_text().endswith("= \n")  # untouched


def test_not_an_inspection_folder(casemark, tmp_path):
    out = casemark("ratings", tmp_path / "nowhere")
    assert out.returncode == 1 and "nowhere: no such file or folder" in out.stderr
    out = casemark("ratings", tmp_path)
    assert out.returncode == 1 and "no inspection.toml in this folder" in out.stderr
    folder = write_inspection(tmp_path)
    (folder / "inspection.toml").write_text('schema = 1\nframework = "youth-1999"\nservice = "x"\n')
    out = casemark("ratings", folder)
    assert out.returncode == 1 and "inspection.toml:framework: unknown framework 'youth-1999'" in out.stderr


def test_matches_an_independent_count_of_the_files(casemark, tmp_path):
    folder = make_inspection(tmp_path, 30, 20, seed=7)
    out = casemark("ratings", folder, "--json")
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    files = [tomllib.loads(p.read_text()) for p in sorted((folder / "cases").glob("*.toml"))]
    for sid in FW.rules.case_based:
        for kq in FW.standard(sid).key_questions:
            values = [f["answers"].get(kq.id) for f in files if f["status"] != "excluded" and kq.id in FW.questionnaires[f["questionnaire"]].judgements()]
            got = data["standards"][sid]["key_questions"][kq.id]
            assert (got["sufficient"], got["judged"], got["sample"]) == (values.count("yes"), values.count("yes") + values.count("no"), len(values))
    ratings = tomllib.loads((folder / "inspection.toml").read_text())["ratings"]
    for sid in FW.rules.judged:
        assert data["standards"][sid]["rating"] == ratings[sid]


def test_ratings_command_does_not_import_textual(tmp_path):
    folder = planning_folder(tmp_path)
    code = (
        "import sys, io, contextlib\n"
        "from tui.__main__ import main\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        f"    rc = main(['ratings', {str(folder)!r}, '--json'])\n"
        "loaded = sorted(m for m in sys.modules if m == 'textual' or m.startswith('textual.'))\n"
        "print(rc, loaded)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=Path(__file__).parent.parent)
    assert out.stdout.strip() == "0 []", out.stderr


def test_rich_table_on_a_terminal(tmp_path):
    from rich.console import Console

    from casemark.engine.tally import rate
    from casemark.engine.store import Store
    from casemark.tui.cli.ratings_cmd import print_table

    folder = planning_folder(tmp_path)
    store = Store(folder.parent)
    inspection = store.load_inspection(folder.name)
    cases, _ = store.load_cases(folder.name)
    console = Console(width=160, record=True, force_terminal=True, color_system="standard", file=io.StringIO())
    print_table(rate(FW, inspection, cases), inspection.service, True, console)
    text = console.export_text(clear=False)
    row = next(line for line in text.splitlines() if "2.2.1 desistance" in line)
    assert "10/20" in row and "50.0%" in row and "Requires improvement" in row and "█" in row
    assert "Overall: Good, 18 of 24" in text
    assert "2.2 Planning: Requires improvement, because 2.2.1 desistance is 10 of 20 (50%)" in text
    styled = console.export_text(styles=True)
    assert "\x1b[" in styled  # coloured bands
