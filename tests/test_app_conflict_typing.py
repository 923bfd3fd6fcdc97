"""An answer changed by another inspector while this one is typing it: the typing goes on into the
box (no dialog takes the keys), the file keeps theirs meanwhile, and when the box is left one dialog
asks which to keep; 'use mine' writes everything typed, 'decide later' keeps it in the record."""

from __future__ import annotations

import asyncio

from test_app_kit import IID, case_file, make_store

from casemark.engine.conflicts import record_path
from casemark.tui.app import CasemarkApp
from casemark.tui.screens.case import CaseScreen
from casemark.tui.screens.case_typing import SAVE_AFTER
from casemark.tui.screens.conflict import AnswerConflictModal
from casemark.tui.widgets.question_view import AnswerInput


def theirs_writes(store, value: str) -> None:
    """Another inspector's save of I2.1 (as another casemark writes the file)."""
    path = store.case_path(IID, "C-01")
    path.write_text(path.read_text().replace('"I2.3" = "no"', f'"I2.1" = "{value}"\n"I2.3" = "no"'))


async def typed_into_a_conflict(pilot, store) -> CaseScreen:
    screen = pilot.app.screen
    assert isinstance(screen, CaseScreen)
    screen.goto("I2.1")
    await pilot.pause()
    await pilot.press("e", *"MINE")
    theirs_writes(store, "THEIRS")
    await asyncio.sleep(SAVE_AFTER + 0.3)  # the typing is written: it meets theirs
    await pilot.pause()
    assert pilot.app.screen is screen  # no dialog while the box is being typed in
    await pilot.press(*" and more")  # the keys still go into the box
    await asyncio.sleep(SAVE_AFTER + 0.3)
    await pilot.pause()
    box = screen.query_one("#q-input", AnswerInput)
    assert screen.focused is box and box.value == "MINE and more"
    assert case_file(store, "C-01")["answers"]["I2.1"] == "THEIRS"  # theirs stays in the file meanwhile
    await pilot.press("escape")  # leaving the box asks
    await pilot.pause()
    assert isinstance(pilot.app.screen, AnswerConflictModal)
    return screen


async def test_use_mine_writes_all_that_was_typed(tmp_path):
    store = make_store(tmp_path, {"C-01": {"I2.3": "no"}})
    app = CasemarkApp(store, inspection=IID, case="C-01")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        screen = await typed_into_a_conflict(pilot, store)
        await pilot.press("f3")
        await pilot.pause()
        assert app.screen is screen
        assert case_file(store, "C-01")["answers"]["I2.1"] == "MINE and more"
        assert store.conflicts(IID, "C-01") == [] and not record_path(store.case_path(IID, "C-01")).exists()


async def test_decide_later_keeps_the_latest_typing_in_the_record(tmp_path):
    store = make_store(tmp_path, {"C-01": {"I2.3": "no"}})
    app = CasemarkApp(store, inspection=IID, case="C-01")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await typed_into_a_conflict(pilot, store)
        await pilot.press("f4")
        await pilot.pause()
        assert case_file(store, "C-01")["answers"]["I2.1"] == "THEIRS"
        assert "MINE and more" in [r.mine for r in store.conflicts(IID, "C-01")]


async def test_quitting_with_the_conflict_open_keeps_the_typing(tmp_path):
    store = make_store(tmp_path, {"C-01": {"I2.3": "no"}})
    app = CasemarkApp(store, inspection=IID, case="C-01")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        screen = app.screen
        screen.goto("I2.1")
        await pilot.pause()
        await pilot.press("e", *"MINE")
        theirs_writes(store, "THEIRS")
        await asyncio.sleep(SAVE_AFTER + 0.3)
        await pilot.pause()
        await pilot.press(*" and more")
        screen.close_session()  # what quitting and SIGHUP/SIGTERM do on every open marking screen
    assert case_file(store, "C-01")["answers"]["I2.1"] == "THEIRS"
    assert "MINE and more" in [r.mine for r in store.conflicts(IID, "C-01")]
