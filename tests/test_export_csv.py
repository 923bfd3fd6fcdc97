"""CSV for Excel: files carry a UTF-8 BOM and stdout does not; text that a spreadsheet would run as
a formula is neutralised with a leading `'`; ratings-csv is `casemark ratings --csv` as an export,
from the command and from the app's export dialog. Every file is parsed back with utf-8-sig."""

from __future__ import annotations

import csv
import io
import shutil
from pathlib import Path

import pytest
from test_app_export import DEMO, REPO, open_export
from test_export import make_inspection

from casemark.engine.csv_cells import neutralise
from casemark.engine.store import Store
from casemark.tui.app import CasemarkApp

BULLETS = "- no plan for school\n- the mother was not seen"
FORMULA = '=HYPERLINK("http://example.invalid","click")'


@pytest.fixture
def insp(tmp_path) -> Path:
    folder = make_inspection(tmp_path / "data")
    store = Store(tmp_path / "data")
    case = store.load_case("anytown", "C-04")
    case.answers |= {"2.1.1.reasons": BULLETS, "I2.1": FORMULA, "I2.2": "@SUM(A1:A9)", "I2.4": "+44 20 7946 0000",
                     "I2.3": "\tindented", "I2.5": "Dŵr and the child’s view"}
    store.save_case("anytown", case)
    return folder


def read_rows(path: Path) -> list[dict[str, str]]:
    with open(path, newline="", encoding="utf-8-sig") as fh:
        return list(csv.DictReader(fh))


@pytest.mark.parametrize("fmt", ["answers-csv", "ratings-csv", "inspectors-csv", "questions-csv"])
def test_a_csv_file_starts_with_a_bom_and_stdout_does_not(casemark, insp, tmp_path, fmt) -> None:
    out = tmp_path / f"{fmt}.csv"
    done = casemark("export", insp, "--format", fmt, "-o", out)
    assert done.returncode == 0, done.stderr
    assert out.read_bytes().startswith(b"\xef\xbb\xbf") and not out.read_bytes().startswith(b"\xef\xbb\xbf" * 2)
    printed = casemark("export", insp, "--format", fmt)
    assert printed.returncode == 0 and not printed.stdout.startswith("\ufeff")
    assert out.read_text(encoding="utf-8-sig") == printed.stdout  # the same rows, the BOM aside
    assert read_rows(out)  # a header and rows, its first column named as such (no BOM in the name)
    assert not next(iter(read_rows(out)[0])).startswith("\ufeff")


def test_answers_csv_neutralises_formulas_and_keeps_unicode(casemark, insp, tmp_path) -> None:
    out = tmp_path / "answers.csv"
    assert casemark("export", insp, "--format", "answers-csv", "-o", out).returncode == 0
    c04 = {r["case_id"]: r for r in read_rows(out)}["C-04"]
    assert c04["2.1.1.reasons"] == "'" + BULLETS  # a bullet list is text, not a formula
    assert c04["I2.1"] == "'" + FORMULA and c04["I2.2"] == "'@SUM(A1:A9)" and c04["I2.4"] == "'+44 20 7946 0000"
    assert c04["I2.3"] == "'\tindented"
    assert c04["I2.5"] == "Dŵr and the child’s view"
    assert c04["inspection"] == "anytown" and c04["created"].startswith("20")
    codebook = (tmp_path / "answers.questions.csv").read_text(encoding="utf-8-sig")
    assert codebook.startswith("column,questionnaires,text,type,codes")


def test_neutralise_leaves_numbers_and_plain_text_alone() -> None:
    assert neutralise("-3") == "-3" and neutralise("+1.5") == "+1.5" and neutralise(-2) == -2
    assert neutralise("-3+cmd|' /C calc'!A0") == "'-3+cmd|' /C calc'!A0"
    assert neutralise("\rx") == "'\rx" and neutralise("plain - text") == "plain - text" and neutralise("") == ""


def test_ratings_csv_export_is_the_rows_of_ratings_csv(casemark, insp, tmp_path) -> None:
    out = tmp_path / "ratings.csv"
    assert casemark("export", insp, "--format", "ratings-csv", "-o", out).returncode == 0
    printed = casemark("ratings", insp, "--csv")
    assert printed.returncode == 0, printed.stderr
    assert read_rows(out) == list(csv.DictReader(io.StringIO(printed.stdout)))
    rows = {r["key_question"]: r for r in read_rows(out)}
    assert rows["2.1.1"]["inspection"] == "anytown" and rows["2.1.1"]["sufficient"] == "2" and rows["2.1.1"]["judged"] == "4"


async def test_the_export_dialog_writes_ratings_csv(tmp_path) -> None:
    shutil.copytree(REPO / "saved" / DEMO, tmp_path / "data" / DEMO)
    store = Store(tmp_path / "data")
    app = CasemarkApp(store, inspection=DEMO, export_dir=tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        modal = await open_export(app, pilot)
        select = modal.query_one("#export-format")
        select.value = "ratings-csv"  # Select refuses a value it does not offer
        await pilot.pause()
        assert modal.query_one("#export-file").value == "demo-anytown-ratings.csv"
        await pilot.click("#ok")
        await pilot.pause()
    written = tmp_path / "demo-anytown-ratings.csv"
    assert written.read_bytes().startswith(b"\xef\xbb\xbf")
    rows = read_rows(written)
    assert {r["inspection"] for r in rows} == {DEMO} and len({r["key_question"] for r in rows}) == len(rows) == 42
