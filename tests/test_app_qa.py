"""Pilot tests of quality assurance in the app: soft checks beside the question (acknowledged with a
note, withdrawn), second marking from the inspection screen, and the inspection screen's judgement
columns at 80 columns."""

from __future__ import annotations

import shutil
import tomllib
from pathlib import Path

import pytest
from test_app_kit import IID, case_file, make_store, screen_text, text_of

from engine.store import Store
from tui.app import CasemarkApp
from tui.screens.case import CaseScreen
from tui.screens.inspection import InspectionScreen
from tui.screens.modals import AcknowledgeModal, MessageModal, SecondMarkModal
from tui.widgets.question_tree import QuestionTree
from tui.widgets.sidebar import Sidebar

REPO = Path(__file__).resolve().parent.parent
DEMO = "demo-anytown"
# C-01: prompts a and b of 2.1.1 answered No; the judgement is still to come
AGAINST = {"I2.3": "no", "A2.4": "low", "2.1.1a": "no", "2.1.1b": "no"}


@pytest.fixture
def demo(tmp_path) -> Store:
    """A copy of the shipped demo inspection, in its own data folder."""
    shutil.copytree(REPO / "saved" / DEMO, tmp_path / "data" / DEMO)
    return Store(tmp_path / "data")


def demo_case(store: Store, cid: str) -> dict:
    return tomllib.loads(store.case_path(DEMO, cid).read_text())


def notices(app) -> str:
    """Every notification the app has shown (toasts), one per line."""
    return "\n".join(n.message for n in app._notifications)


def checks_text(screen: CaseScreen) -> str:
    widget = screen.query_one("#q-checks")
    return text_of(widget) if widget.display else ""


# -- soft checks beside the question ---------------------------------------------------------


async def test_a_judgement_against_its_prompts_warns_at_once_and_never_blocks(tmp_path):
    store = make_store(tmp_path, {"C-01": AGAINST})
    app = CasemarkApp(store, inspection=IID, case="C-01")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, CaseScreen)
        screen.goto("2.1.1")
        await pilot.pause()
        assert checks_text(screen) == ""  # not judged yet: nothing to warn about
        await pilot.press("y")
        await pilot.pause()
        assert case_file(store, "C-01")["answers"]["2.1.1"] == "yes"  # saved all the same
        assert screen.current == "2.1.1.reasons"  # moved on, and the judgement's warning travels with it
        shown = checks_text(screen)
        assert "2.1.1: judged Yes, but 2 of the 2 answered prompts are No" in shown
        assert "no reasons are recorded" in shown  # short-reasons, beside this reasons box
        tree = screen.query_one(QuestionTree)
        assert "2.1.1 ⚠" in str(tree._question_labels["2.1.1"])
        assert "⚠ 2 soft checks" in text_of(screen.query_one("#case-title"))
        screen.goto("2.1.1b")  # answering a prompt Yes... still 1 of 2: a tie is not "most"
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        assert "⚠" not in str(tree._question_labels["2.1.1"])
        screen.goto("2.1.1")
        await pilot.pause()
        assert "judged Yes" not in checks_text(screen)


async def test_acknowledge_with_a_note_then_withdraw_it(tmp_path):
    store = make_store(tmp_path, {"C-01": {**AGAINST, "2.1.1": "yes"}})
    app = CasemarkApp(store, inspection=IID, case="C-01")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        screen = app.screen
        screen.goto("2.1.1")
        await pilot.pause()
        await pilot.press("w")
        await pilot.pause()
        assert isinstance(app.screen, AcknowledgeModal)
        assert "judged Yes, but 2 of the 2 answered prompts are No" in screen_text(app)
        await pilot.press("enter")  # an empty note is refused
        await pilot.pause()
        assert isinstance(app.screen, AcknowledgeModal)
        assert "Write a note" in screen_text(app)
        await pilot.press(*"Prompts miss the victim work", "enter")
        await pilot.pause()
        assert app.screen is screen
        on_disk = case_file(store, "C-01")
        assert on_disk["acknowledged"] == {"against-prompts:2.1.1": "Prompts miss the victim work"}
        assert on_disk["answers"]["2.1.1"] == "yes"
        shown = checks_text(screen)
        assert "✓ acknowledged judged Yes" in shown and "note: Prompts miss the victim work" in shown
        assert "⚠" not in str(screen.query_one(QuestionTree)._question_labels["2.1.1"])
        await pilot.press("w")  # again: the note to edit, and a Withdraw button
        await pilot.pause()
        assert isinstance(app.screen, AcknowledgeModal)
        await pilot.click("#withdraw")
        await pilot.pause()
        assert "acknowledged" not in case_file(store, "C-01")
        assert "⚠" in checks_text(screen) and "judged Yes" in checks_text(screen)


async def test_w_with_no_warning_here_says_so_and_writes_nothing(tmp_path):
    store = make_store(tmp_path, {"C-01": AGAINST})
    app = CasemarkApp(store, inspection=IID, case="C-01")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        screen = app.screen
        screen.goto("I2.1")
        await pilot.pause()
        before = store.case_path(IID, "C-01").read_bytes()
        await pilot.press("w")
        await pilot.pause()
        assert app.screen is screen
        assert "No soft check warns on I2.1: nothing to acknowledge." in notices(app)
        assert store.case_path(IID, "C-01").read_bytes() == before


async def test_an_acknowledgement_is_refused_when_the_file_changed_on_disk(tmp_path):
    store = make_store(tmp_path, {"C-01": {**AGAINST, "2.1.1": "yes"}})
    app = CasemarkApp(store, inspection=IID, case="C-01")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        screen = app.screen
        screen.goto("2.1.1")
        await pilot.pause()
        other = store.load_case(IID, "C-01")  # someone else writes the file meanwhile
        other.answers["I2.1"] = "YJ-0042"
        store.save_case(IID, other)
        await pilot.press("w", *"It does not apply", "enter")
        await pilot.pause()
        assert "Changed on disk" in screen_text(app)  # the conflict dialog, as for an answer
        assert "acknowledged" not in case_file(store, "C-01")
        await pilot.press("m")  # write mine over theirs: the acknowledgement goes in
        await pilot.pause()
        assert case_file(store, "C-01")["acknowledged"] == {"against-prompts:2.1.1": "It does not apply"}


async def test_demo_warning_shows_acknowledges_and_lands_in_the_file(demo):
    app = CasemarkApp(demo, inspection=DEMO, case="C02")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = app.screen
        screen.goto("2.4.1")
        await pilot.pause()
        assert "judged No, but 3 of the 5 answered prompts are Yes" in checks_text(screen)
        assert "w acknowledges it with a note" in checks_text(screen)
        shown = screen_text(app)  # at 80x24: in view, beside the question, and marked in the tree
        assert "⚠ judged No, but 3 of the 5" in shown and "2.4.1 ⚠ No" in shown
        assert "⚠ 1 soft check" in shown
        await pilot.press("w", *"Reviews were late", "enter")
        await pilot.pause()
        assert demo_case(demo, "C02")["acknowledged"] == {"against-prompts:2.4.1": "Reviews were late"}
        assert "✓ acknowledged judged No" in checks_text(screen) and "w edits or withdraws the note" in checks_text(screen)
        assert "soft check" not in text_of(screen.query_one("#case-title"))
