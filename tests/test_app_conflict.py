"""The per-answer conflict dialog (tui/screens/conflict.py) on its own, in a tiny host app: typing
cannot decide it, F2/F3/F4 or Tab to a button then Enter do; and with a real store conflict."""

from __future__ import annotations

import datetime as dt
import time
import tomllib
from pathlib import Path

import pytest
from test_app_kit import screen_text

from casemark.engine.merge import Conflict
from casemark.engine.store import AnswerConflict, Store
from casemark.tui.screens.conflict import AnswerConflictModal
from textual.app import App, ComposeResult
from textual.widgets import Input

CSS = Path(__file__).resolve().parent.parent / "tui" / "casemark.tcss"
FIXTURES = Path(__file__).resolve().parent / "fixtures"
WHEN = dt.datetime(2026, 11, 23, 10, 4, tzinfo=dt.timezone.utc)
CONFLICT = Conflict(
    "answers",
    "2.1.1.reasons",
    None,
    "The assessment did not analyse the child's exploitation risk [bold]at all[/bold].",
    "Analysis of offending was thorough;\nrisks to others were noted.",
    "A. Adams",
    WHEN,
)


class Host(App[None]):
    """An inspector typing into a text box when the dialog opens over it."""

    CSS_PATH = str(CSS)

    def __init__(self, conflict=CONFLICT, on_result=None) -> None:
        super().__init__()
        self.conflict = conflict
        self.results: list[str] = []
        self.on_result = on_result

    def compose(self) -> ComposeResult:
        yield Input(id="typing")

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    def open_dialog(self) -> None:
        def done(choice: str | None) -> None:
            self.results.append(choice)
            if self.on_result:
                self.on_result(choice)

        self.push_screen(AnswerConflictModal(self.conflict, "Does assessment analyse offending?", "cases/C-1.toml", (1, 2)), done)


async def test_typing_cannot_decide_it_the_f_keys_do() -> None:
    app = Host()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("a", "b")
        app.open_dialog()
        await pilot.pause()
        assert isinstance(app.screen, AnswerConflictModal)
        await pilot.press(*"t m and more", "enter", "space", "y", "n")
        await pilot.pause()
        assert isinstance(app.screen, AnswerConflictModal) and app.results == []
        text = screen_text(app)
        assert "2.1.1.reasons · Does assessment analyse offending?" in text
        assert "Theirs, in the file: A. Adams, " in text and "Analysis of offending was thorough;" in text
        assert "[bold]at" in text and "all[/bold]." in text  # text from files is never read as markup
        assert "Changed by you and by A. Adams (1 of 2)" in text
        assert app.query_one(Input).value == "ab"  # nothing typed went anywhere else either
        await pilot.press("f3")
        await pilot.pause()
        assert app.results == ["mine"] and not isinstance(app.screen, AnswerConflictModal)
        app.open_dialog()
        await pilot.pause()
        await pilot.press("f2")
        app.open_dialog()
        await pilot.pause()
        await pilot.press("f4")
        app.open_dialog()
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        assert app.results == ["mine", "theirs", "later", "later"]


async def test_tab_to_a_button_then_enter() -> None:
    app = Host()
    async with app.run_test(size=(80, 24)) as pilot:
        app.open_dialog()
        await pilot.pause()
        assert app.screen.focused.id == "conflict-theirs-value"  # not an actionable widget
        await pilot.press("tab", "tab")
        assert app.screen.focused.id == "conflict-theirs"
        await pilot.press("tab", "enter")
        await pilot.pause()
        assert app.results == ["mine"]


async def test_it_fits_80x24_with_its_choices_and_its_own_footer() -> None:
    app = Host()
    async with app.run_test(size=(80, 24)) as pilot:
        app.open_dialog()
        await pilot.pause()
        for button in app.screen.query("Button"):
            region = button.region
            assert region.width and region.bottom <= 23, button.id  # above the footer line
        lines = screen_text(app).splitlines()
        assert "Keep theirs F2" in "\n".join(lines) and "Use mine F3" in "\n".join(lines)
        footer = lines[23]
        assert "F2 Keep theirs" in footer and "F3 Use mine" in footer and "F4 Decide later" in footer


async def test_a_real_conflict_chosen_in_the_dialog_is_written(tmp_path: Path) -> None:
    ann = Store(tmp_path, framework_root=FIXTURES, user="ann")
    ada = Store(tmp_path, framework_root=FIXTURES, user="ada")
    ann.create_inspection("insp", "S", framework="store-fw")
    ann.create_case("insp", "C-1", "court", inspector="Ann")
    mine, theirs = ann.load_case("insp", "C-1"), ada.load_case("insp", "C-1")
    theirs.inspector = "Ada"
    ada.set_answer("insp", theirs, "I4", "Ms Ada")
    with pytest.raises(AnswerConflict):
        ann.set_answer("insp", mine, "I4", "Ms Ann")
    [record] = ann.conflicts("insp", "C-1")
    app = Host(record, on_result=lambda choice: ann.resolve_conflict("insp", "C-1", record.question, choice, into=mine) if choice != "later" else None)
    async with app.run_test(size=(80, 24)) as pilot:
        app.open_dialog()
        await pilot.pause()
        assert "Theirs, in the file: Ada" in screen_text(app) and "Ms Ann" in screen_text(app)
        await pilot.press(*"Ms Ann\n")
        assert ann.conflicts("insp", "C-1") != []  # typing decided nothing
        await pilot.press("f3")
        await pilot.pause()
    on_disk = tomllib.loads(ann.case_path("insp", "C-1").read_text())
    assert on_disk["answers"]["I4"] == "Ms Ann" and mine.answers["I4"] == "Ms Ann"
    assert not ann.conflict_record("insp", "C-1").exists()


def test_snapshot_80x24(snap_compare, monkeypatch) -> None:
    monkeypatch.setenv("TZ", "UTC")  # the dialog shows times in local time
    time.tzset()

    async def opened(pilot) -> None:
        pilot.app.open_dialog()
        await pilot.pause()

    try:
        assert snap_compare(Host(), terminal_size=(80, 24), run_before=opened)
    finally:
        monkeypatch.undo()
        time.tzset()


async def test_two_apps_on_domain_one_both_answers_are_kept(tmp_path: Path) -> None:
    """Two inspectors record domain one at once (inspection.toml has no lock): the store merges."""
    from test_app_kit import IID, make_store

    from casemark.tui.app import CasemarkApp

    store = make_store(tmp_path)
    other = Store(store.root, framework_root=store.framework_root)
    ann, ada = CasemarkApp(store, inspector="ann", inspection=IID), CasemarkApp(other, inspector="ada", inspection=IID)
    async with ann.run_test(size=(120, 40)) as pa, ada.run_test(size=(120, 40)) as pb:
        await pa.pause()
        await pb.pause()
        await pa.press("d")
        await pb.press("d")
        await pa.pause()
        await pb.pause()
        ann.screen.goto("1.1")
        ada.screen.goto("1.1.1")
        await pa.pause()
        await pb.pause()
        await pa.press("2")  # Good, for the standard's rating
        await pa.pause()
        await pb.press("3")  # Requires improvement, for the key question (Ada had read the file before Ann's rating)
        await pb.pause()
        on_disk = tomllib.loads(store.inspection_path(IID).read_text())
        assert on_disk["ratings"] == {"1.1": "good"} and on_disk["answers"] == {"1.1.1": "requires-improvement"}
        assert ada.screen.sheet.inspection.ratings == {"1.1": "good"}  # Ada's screen has Ann's rating too
        assert "Changed on disk" not in screen_text(ada)
