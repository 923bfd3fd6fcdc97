"""Pilot tests of an inspector's day on the case list (issue 13): open a case by id from the command
palette, my cases, search, progress, sorting, the new-case and second-mark dialogs' offers, the
header's counts, and why an excluded case is out of the sample."""

from __future__ import annotations

import shutil
import tomllib
from pathlib import Path

import pytest
from test_app_kit import palette_settled, screen_text, text_of

from casemark.engine.case_list import next_id, offered_inspector, progress
from casemark.engine.store import Store
from casemark.tui.app import CasemarkApp
from casemark.tui.screens.case import CaseScreen
from casemark.tui.screens.inspection import InspectionScreen
from casemark.tui.screens.modals import NewCaseModal, SecondMarkModal

REPO = Path(__file__).resolve().parent.parent
DEMO = "demo-anytown"


@pytest.fixture
def demo(tmp_path) -> Store:
    """A copy of the shipped demo inspection, in its own data folder."""
    shutil.copytree(REPO / "saved" / DEMO, tmp_path / "data" / DEMO)
    return Store(tmp_path / "data")


def on_disk(store: Store, cid: str) -> dict:
    return tomllib.loads(store.case_path(DEMO, cid).read_text())


def shown_ids(app) -> list[str]:
    return [key.value for key in app.screen.query_one("#cases").rows]


async def settled(pilot) -> None:
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
    await pilot.pause()


# -- 1. ctrl+p then a case id opens it ------------------------------------------------------


async def test_palette_opens_a_case_by_id_from_the_inspection_screen(demo):
    app = CasemarkApp(demo, inspection=DEMO, inspector="Ben Lewis")
    async with app.run_test(size=(120, 40)) as pilot:
        await settled(pilot)
        await pilot.press("ctrl+p", *"c08")
        await palette_settled(pilot)
        await pilot.press("enter")
        await settled(pilot)
        assert isinstance(app.screen, CaseScreen) and app.screen.sheet.id == "C08"
        assert "C08" in text_of(app.screen.query_one("#case-title"))


async def test_palette_opens_a_case_by_id_from_the_inspections_list(demo):
    app = CasemarkApp(demo, inspector="Ben Lewis")
    async with app.run_test(size=(120, 40)) as pilot:
        await settled(pilot)
        await pilot.press("ctrl+p", *"O08")
        await palette_settled(pilot)
        assert "Open case O08 · demo-anytown" in screen_text(app)
        await pilot.press("enter")
        await settled(pilot)
        assert isinstance(app.screen, CaseScreen) and app.screen.sheet.id == "O08"
        await pilot.press("escape")
        await settled(pilot)
        assert isinstance(app.screen, InspectionScreen) and app.screen.iid == DEMO  # beneath it, its inspection


# -- 2. my cases, and search as you type ----------------------------------------------------


async def test_my_cases_filter_and_search_by_id_or_inspector(demo):
    app = CasemarkApp(demo, inspection=DEMO, inspector="Carys Hughes")
    async with app.run_test(size=(120, 40)) as pilot:
        await settled(pilot)
        assert len(shown_ids(app)) == 19
        await pilot.press("y")  # mine
        await settled(pilot)
        assert shown_ids(app) == ["C03", "C06", "C09", "O02", "O05", "O08"]
        assert "showing 6" in text_of(app.screen.query_one("#inspection-title"))
        await pilot.press("y")  # all again
        await settled(pilot)
        await pilot.press("slash", *"o0")
        await settled(pilot)
        assert shown_ids(app) == [f"O0{n}" for n in range(1, 9)]
        await pilot.press("backspace", "backspace", *"ada")  # an inspector, any case
        await settled(pilot)
        assert shown_ids(app) == ["C01", "C04", "C07", "C10", "O03", "O06"]
        await pilot.press("enter")  # keeps the search; the keys are the table's again
        await settled(pilot)
        assert app.screen.focused is app.screen.query_one("#cases")
        await pilot.press("y")  # mine as well as 'ada': nobody
        await settled(pilot)
        assert shown_ids(app) == []
        await pilot.press("y", "slash", "escape")  # Escape clears the search, and does not leave the screen
        await settled(pilot)
        assert isinstance(app.screen, InspectionScreen) and len(shown_ids(app)) == 19


# -- 3. progress of the cases in progress ---------------------------------------------------


async def test_progress_column_counts_answered_asked_and_required_missing(demo):
    app = CasemarkApp(demo, inspection=DEMO, inspector="Ben Lewis")
    async with app.run_test(size=(160, 40)) as pilot:
        await settled(pilot)
        screen = app.screen
        table = screen.query_one("#cases")
        headers = [str(c.label) for c in table.columns.values()]
        assert headers[-1] == "Progress"
        c08 = on_disk(demo, "C08")
        expected = progress(screen.questionnaires["court"], c08["answers"])
        assert expected.missing and 0 < expected.answered < expected.asked
        assert table.get_row("C08")[-1] == f"{expected.answered}/{expected.asked}, {expected.missing} missing"
        assert table.get_row("C01")[-1] == ""  # complete: no progress shown
        # the marking screen's title counts the same
        await pilot.press("ctrl+p", *"C08")
        await palette_settled(pilot)
        await pilot.press("enter")
        await settled(pilot)
        title = text_of(app.screen.query_one("#case-title"))
        assert f"{expected.answered}/{expected.asked} answered" in title and f"{expected.missing} required missing" in title
        await pilot.press("ctrl+p", *"2.2.1")  # a judgement not given yet in C08
        await palette_settled(pilot)
        await pilot.press("enter")
        await settled(pilot)
        await pilot.press("y")  # the list follows on return
        await settled(pilot)
        assert on_disk(demo, "C08")["answers"]["2.2.1"] == "yes"
        await pilot.press("escape")
        await settled(pilot)
        after = progress(screen.questionnaires["court"], on_disk(demo, "C08")["answers"])
        assert after.answered == expected.answered + 1
        assert table.get_row("C08")[-1].startswith(f"{after.answered}/{after.asked}")


# -- 4. sorting -----------------------------------------------------------------------------


async def test_o_cycles_the_order_id_status_inspector_progress(demo):
    app = CasemarkApp(demo, inspection=DEMO, inspector="Ben Lewis")
    async with app.run_test(size=(160, 40)) as pilot:
        await settled(pilot)
        assert shown_ids(app)[:3] == ["C01", "C02", "C03"]
        await pilot.press("o")  # status: in progress first, then complete, then excluded
        await settled(pilot)
        ids = shown_ids(app)
        assert ids[:3] == ["C08", "C09", "O08"] and ids[-1] == "C10"
        assert "sorted by status" in text_of(app.screen.query_one("#inspection-title"))
        await pilot.press("o")  # inspector
        await settled(pilot)
        assert shown_ids(app)[:6] == ["C01", "C04", "C07", "C10", "O03", "O06"]  # Ada Okafor's
        await pilot.press("o")  # progress: the least marked first
        await settled(pilot)
        assert shown_ids(app)[:3] == ["C09", "C08", "O08"]  # 22/90, 45/93, 42/75 answered
        await pilot.press("o")  # back to id
        await settled(pilot)
        assert shown_ids(app)[:3] == ["C01", "C02", "C03"]
        assert "sorted by" not in text_of(app.screen.query_one("#inspection-title"))


# -- 5. the new-case and second-mark dialogs ------------------------------------------------


async def test_new_case_offers_the_next_id_and_the_inspections_inspectors(demo):
    app = CasemarkApp(demo, inspection=DEMO, inspector="login-name")
    async with app.run_test(size=(120, 40)) as pilot:
        await settled(pilot)
        await pilot.press("c")
        await settled(pilot)
        assert isinstance(app.screen, NewCaseModal)
        assert app.screen.query_one("#case-id").value == "C11"
        assert app.screen.query_one("#inspector").value == "Ada Okafor"  # not the login name
        assert "In this inspection: Ada Okafor, Ben Lewis, Carys Hughes" in screen_text(app)
        app.screen.query_one("#inspector").value = "Carys Hughes"
        app.screen.query_one("#case-id").focus()
        await pilot.pause()
        await pilot.press("enter")
        await settled(pilot)
        assert isinstance(app.screen, CaseScreen) and app.screen.sheet.id == "C11"
        assert on_disk(demo, "C11")["inspector"] == "Carys Hughes"


async def test_new_case_refuses_an_id_differing_only_in_case_and_stays_open(demo):
    app = CasemarkApp(demo, inspection=DEMO, inspector="Ben Lewis")
    async with app.run_test(size=(120, 40)) as pilot:
        await settled(pilot)
        await pilot.press("c")
        await settled(pilot)
        assert app.screen.query_one("#inspector").value == "Ben Lewis"  # one of the inspection's: offered
        field = app.screen.query_one("#case-id")
        field.value = "c01"
        field.focus()
        await pilot.pause()
        await pilot.press("enter")
        await settled(pilot)
        assert isinstance(app.screen, NewCaseModal)  # still open, with the store's message
        error = text_of(app.screen.query_one("#form-error"))
        assert "'C01.toml' is there already and differs only in upper/lower case" in error
        assert not (demo.cases_dir(DEMO) / "c01.toml").exists()
        field.value = "C12"
        await pilot.press("enter")
        await settled(pilot)
        assert isinstance(app.screen, CaseScreen) and app.screen.sheet.id == "C12"


async def test_second_mark_offers_an_inspector_of_the_inspection_never_the_first_marker(demo):
    app = CasemarkApp(demo, inspection=DEMO, inspector="Ben Lewis")
    async with app.run_test(size=(120, 40)) as pilot:
        await settled(pilot)
        table = app.screen.query_one("#cases")
        table.move_cursor(row=table.get_row_index("C05"))  # Ben Lewis marked it
        await pilot.pause()
        await pilot.press("m")
        await settled(pilot)
        assert isinstance(app.screen, SecondMarkModal)
        assert app.screen.query_one("#second-marker").value == "Ada Okafor"
        assert text_of(app.screen.query_one("#second-marker-offered")) == "In this inspection: Ada Okafor, Carys Hughes"
        await pilot.press("enter")
        await settled(pilot)
        assert isinstance(app.screen, CaseScreen) and app.screen.sheet.id == "C05--2"
        assert on_disk(demo, "C05--2")["inspector"] == "Ada Okafor"


# -- 6. the header's counts -----------------------------------------------------------------


async def test_header_counts_first_markings_as_the_report_does(demo, casemark):
    app = CasemarkApp(demo, inspection=DEMO, inspector="Ben Lewis")
    async with app.run_test(size=(200, 40)) as pilot:
        await settled(pilot)
        header = text_of(app.screen.query_one("#inspection-title"))
    # 19 files: 18 cases (1 excluded) and C03--2, a second marking of C03
    assert "14/17 complete, 1 excluded · 1 second marking · overall" in header
    assert "showing" not in header  # every file is shown
    report = casemark("export", str(demo.inspection_dir(DEMO)), "--format", "report-md")
    assert report.returncode == 0, report.stderr
    assert "17 in the sample" in report.stdout and "14 complete; 1 excluded" in report.stdout


# -- 7. an excluded case says why -----------------------------------------------------------


async def test_an_excluded_case_opened_says_why(demo):
    reason = " ".join(on_disk(demo, "C10")["exclusion_reason"].split())
    assert reason
    app = CasemarkApp(demo, inspection=DEMO, inspector="Ada Okafor")
    async with app.run_test(size=(160, 40)) as pilot:
        await settled(pilot)
        table = app.screen.query_one("#cases")
        table.move_cursor(row=table.get_row_index("C10"))
        await pilot.pause()
        await pilot.press("enter")
        await settled(pilot)
        assert isinstance(app.screen, CaseScreen) and app.screen.sheet.id == "C10"
        assert f"excluded because: {reason}" in text_of(app.screen.query_one("#case-title"))


# -- the engine's part ----------------------------------------------------------------------


def test_next_id_same_prefix_and_width_never_a_taken_one():
    assert next_id(["C01", "C11", "O08", "C03--2"]) == "C12"
    assert next_id(["OOC-09"]) == "OOC-10"
    assert next_id(["C009", "c010"]) == "c011"  # the highest's prefix
    assert next_id(["C1", "c2"]) == "c3"
    assert next_id(["alpha", "beta"]) == ""


def test_offered_inspector():
    team = ["Ada Okafor", "Ben Lewis"]
    assert offered_inspector(team, "Ben Lewis") == "Ben Lewis"
    assert offered_inspector(team, "login") == "Ada Okafor"
    assert offered_inspector(team, "Ben Lewis", not_="ben lewis") == "Ada Okafor"
    assert offered_inspector([], "login") == "login"
    assert offered_inspector([], "login", not_="login") == ""
