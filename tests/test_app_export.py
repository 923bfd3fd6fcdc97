"""Pilot tests of exporting from the app (`e` on the inspection screen): the file written is the
one `casemark export` writes, an existing file is kept unless 'Overwrite' is ticked, unreadable
case files refuse the export."""

from __future__ import annotations

import csv
import io
import shutil
from pathlib import Path

import pytest
from test_app_kit import notices_text, screen_text, text_of

from casemark.engine.reports import build
from casemark.engine.reports.source import open_inspection
from casemark.engine.store import Store
from casemark.tui.app import CasemarkApp
from casemark.tui.screens.export import ExportModal
from casemark.tui.screens.inspection import InspectionScreen

REPO = Path(__file__).resolve().parent.parent
DEMO = "demo-anytown"


@pytest.fixture
def demo(tmp_path) -> Store:
    shutil.copytree(REPO / "saved" / DEMO, tmp_path / "data" / DEMO)
    return Store(tmp_path / "data")


async def open_export(app, pilot) -> ExportModal:
    await pilot.pause()
    assert isinstance(app.screen, InspectionScreen)
    await pilot.press("e")
    await pilot.pause()
    assert isinstance(app.screen, ExportModal)
    return app.screen


async def test_e_writes_the_report_the_command_writes_and_keeps_an_existing_file(demo, tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    app = CasemarkApp(demo, inspection=DEMO, export_dir=out)
    async with app.run_test(size=(100, 30)) as pilot:
        modal = await open_export(app, pilot)
        assert modal.query_one("#export-file").value == "demo-anytown-report.html"
        assert text_of(modal.query_one("#export-where")) == f"File (in {out} unless a full path)"
        assert "demo-anytown-report.html" in screen_text(app)
        await pilot.press("tab", "enter")  # to the file name, then OK
        await pilot.pause()
        report = out / "demo-anytown-report.html"
        assert not isinstance(app.screen, ExportModal)
        assert f"Wrote {report}" in notices_text(app)
        assert report.read_text() == build("report-html", open_inspection(demo.inspection_dir(DEMO)))
        assert "Anytown Youth Justice Service" in report.read_text()

        report.write_text("the inspector's edited draft")
        await open_export(app, pilot)
        await pilot.press("tab", "enter")
        await pilot.pause()
        assert isinstance(app.screen, ExportModal)  # stays open, saying why
        assert f"{report} already exists: tick 'Overwrite' or choose another file" in text_of(app.screen.query_one("#form-error"))
        assert report.read_text() == "the inspector's edited draft"
        await pilot.press("tab", "space")  # from the file name to Overwrite, ticked
        await pilot.pause()
        assert app.screen.query_one("#export-force").value is True
        await pilot.click("#ok")
        await pilot.pause()
        assert not isinstance(app.screen, ExportModal)
        assert "Anytown Youth Justice Service" in report.read_text()


async def test_answers_csv_from_the_app_with_its_codebook(demo, tmp_path):
    app = CasemarkApp(demo, inspection=DEMO, export_dir=tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        modal = await open_export(app, pilot)
        modal.query_one("#export-format").value = "answers-csv"
        await pilot.pause()
        assert modal.query_one("#export-file").value == "demo-anytown-answers.csv"  # follows the format
        await pilot.click("#ok")
        await pilot.pause()
    rows = list(csv.DictReader(io.StringIO(open(tmp_path / "demo-anytown-answers.csv", newline="").read())))
    assert len(rows) == len(demo.case_ids(DEMO)) and {r["case_id"] for r in rows} >= {"C01", "O08", "C03--2"}
    assert (tmp_path / "demo-anytown-answers.questions.csv").is_file()


async def test_a_typed_file_name_is_kept_when_the_format_changes_and_a_full_path_is_used_as_given(demo, tmp_path):
    target = tmp_path / "elsewhere" / "ratings.json"
    target.parent.mkdir()
    app = CasemarkApp(demo, inspection=DEMO, export_dir=tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        modal = await open_export(app, pilot)
        modal.query_one("#export-file").value = str(target)
        modal.query_one("#export-format").value = "ratings-json"
        await pilot.pause()
        assert modal.query_one("#export-file").value == str(target)
        await pilot.click("#ok")
        await pilot.pause()
    assert target.read_text() == build("ratings-json", open_inspection(demo.inspection_dir(DEMO)))


async def test_an_unreadable_case_file_refuses_the_export(demo, tmp_path):
    (demo.cases_dir(DEMO) / "C05.toml").write_text("status = \n")
    app = CasemarkApp(demo, inspection=DEMO, export_dir=tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_export(app, pilot)
        await pilot.click("#ok")
        await pilot.pause()
        assert isinstance(app.screen, ExportModal)
        error = text_of(app.screen.query_one("#form-error"))
        assert "nothing written: 1 case file(s) cannot be read" in error
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, InspectionScreen)
    assert not list(tmp_path.glob("*.html"))
