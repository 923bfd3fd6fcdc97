"""Resuming where the inspector left off (tui/resume.py): from a case at its question, from an
inspection's list of cases with the cursor on a case, or from the list of inspections (nothing to
offer); an entry whose case or inspection has gone is not offered; an old state file still works."""

from __future__ import annotations

import json
import os
from pathlib import Path

from test_app_kit import IID, make_store, screen_text, text_of

from casemark.tui.app import CasemarkApp
from casemark.tui.screens.case import CaseScreen
from casemark.tui.screens.inspection import InspectionScreen
from casemark.tui.screens.inspections import InspectionsScreen

SIZE = (120, 40)


def state_file() -> Path:
    return Path(os.environ["CASEMARK_STATE"]) / "resume.json"


def saved_place(store) -> dict | None:
    """The entry the app keeps for `store`'s data folder, as written on disk."""
    return json.loads(state_file().read_text()).get(str(store.root.resolve()))


def offer_shown(app) -> str:
    """The resume offer's words as the dialog shows them ("" if no offer is shown)."""
    if "Resume?" not in screen_text(app):
        return ""
    return " ".join(text_of(app.screen.query_one(".dialog-body")).split())


async def quit_app(pilot) -> None:
    await pilot.press("ctrl+q")
    await pilot.pause()
    assert "Quit casemark?" in screen_text(pilot.app)
    await pilot.press("y")
    await pilot.pause()


async def settled(pilot) -> None:
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
    await pilot.pause()


async def test_leaving_from_the_list_of_cases_offers_that_inspection_with_the_cursor_on_the_case(tmp_path):
    store = make_store(tmp_path, {"C-01": {}, "C-02": {}, "C-03": {}})
    app = CasemarkApp(store, inspection=IID, case="C-01")
    async with app.run_test(size=SIZE) as pilot:
        await settled(pilot)
        assert isinstance(app.screen, CaseScreen)
        await pilot.press("escape")  # back to the inspection's list of cases
        await settled(pilot)
        assert isinstance(app.screen, InspectionScreen)
        table = app.screen.query_one("#cases")
        table.move_cursor(row=table.get_row_index("C-03"))
        await pilot.pause()
        await quit_app(pilot)
    assert saved_place(store) == {"inspection": IID, "case": "", "question": "", "cursor": "C-03"}
    again = CasemarkApp(store)
    async with again.run_test(size=SIZE) as pilot:
        await pilot.pause()
        shown = offer_shown(again)
        assert "You left off at the list of cases of inspection insp, on case C-03. Open it again?" in shown
        await pilot.press("y")
        await settled(pilot)
        assert isinstance(again.screen, InspectionScreen) and again.screen.iid == IID
        assert again.screen.highlighted() == "C-03"


async def test_leaving_from_the_list_of_inspections_offers_nothing(tmp_path):
    store = make_store(tmp_path, {"C-01": {}})
    app = CasemarkApp(store, inspection=IID, case="C-01")
    async with app.run_test(size=SIZE) as pilot:
        await settled(pilot)
        await pilot.press("escape")  # the inspection
        await settled(pilot)
        await pilot.press("escape")  # the list of inspections
        await settled(pilot)
        assert isinstance(app.screen, InspectionsScreen)
        await quit_app(pilot)
    assert saved_place(store) is None
    again = CasemarkApp(store)
    async with again.run_test(size=SIZE) as pilot:
        await settled(pilot)
        assert "Resume?" not in screen_text(again)
        assert isinstance(again.screen, InspectionsScreen)


def remember(store, **entry) -> None:
    state_file().parent.mkdir(parents=True, exist_ok=True)
    state_file().write_text(json.dumps({str(store.root.resolve()): entry}))


async def offered(store) -> str:
    """What the app shows on start (the offer, or the list of inspections)."""
    app = CasemarkApp(store)
    async with app.run_test(size=SIZE) as pilot:
        await settled(pilot)
        shown = offer_shown(app)
        if not shown:
            assert isinstance(app.screen, InspectionsScreen) and app.is_running
    return shown


async def test_an_old_state_file_still_offers_the_case_at_its_question(tmp_path):
    store = make_store(tmp_path, {"C-01": {}})
    remember(store, inspection=IID, case="C-01", question="A2.4")  # written before `cursor` was kept
    app = CasemarkApp(store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert "You left off at case C-01 of inspection insp at question A2.4. Open it again?" == offer_shown(app)
        await pilot.press("y")
        await settled(pilot)
        assert isinstance(app.screen, CaseScreen) and app.screen.current == "A2.4"


async def test_a_deleted_case_is_not_offered(tmp_path):
    store = make_store(tmp_path, {"C-01": {}, "C-02": {}})
    remember(store, inspection=IID, case="C-02", question="I2.6")
    store.case_path(IID, "C-02").unlink()
    assert await offered(store) == ""


async def test_a_deleted_inspection_is_not_offered(tmp_path):
    store = make_store(tmp_path, {"C-01": {}})
    remember(store, inspection=IID, cursor="C-01")
    store.inspection_path(IID).unlink()
    assert await offered(store) == ""


async def test_the_cursor_on_a_deleted_case_offers_the_inspection_alone(tmp_path):
    store = make_store(tmp_path, {"C-01": {}, "C-02": {}})
    remember(store, inspection=IID, cursor="C-02")
    store.case_path(IID, "C-02").unlink()
    shown = await offered(store)
    assert shown == "You left off at the list of cases of inspection insp. Open it again?"


async def test_a_hand_edited_state_file_offers_nothing_and_crashes_nothing(tmp_path):
    store = make_store(tmp_path, {"C-01": {}})
    remember(store, inspection="../../etc", case="C-01")
    assert await offered(store) == ""
    remember(store, inspection=IID, case=["C-01"], cursor=7)  # wrong types: the inspection alone
    assert "You left off at the list of cases of inspection insp. Open it again?" == await offered(store)
    state_file().write_text("{not json")
    assert await offered(store) == ""
