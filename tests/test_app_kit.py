"""Helpers for the app's Pilot tests (a data folder on the fixture framework, the screen as text),
and the tests of `casemark PATH` resolution."""

from __future__ import annotations

import io
import tomllib
from pathlib import Path

import pytest
from rich.console import Console

from casemark.engine.store import Store
from casemark.tui.launch import PathError, resolve
from casemark.tui.screens.case import CaseScreen

FIXTURES = Path(__file__).resolve().parent / "fixtures"
IID = "insp"


async def open_case(pilot, cid: str = "C-01") -> CaseScreen:
    """From the top: open the inspection, then the case."""
    app = pilot.app
    await pilot.pause()
    await pilot.press("enter")  # the inspection
    await pilot.pause()
    table = app.screen.query_one("#cases")
    table.move_cursor(row=table.get_row_index(cid))
    await pilot.press("enter")  # the case
    await pilot.pause()
    assert isinstance(app.screen, CaseScreen)
    return app.screen


async def at(pilot, qid: str) -> CaseScreen:
    """The marking screen shown, moved to question `qid`."""
    await pilot.pause()
    screen = pilot.app.screen
    assert isinstance(screen, CaseScreen)
    screen.goto(qid)
    await pilot.pause()
    return screen


def notices(app) -> list[str]:
    """Every notification the app has shown (toasts), oldest first."""
    return [str(n.message) for n in app._notifications]


def notices_text(app) -> str:
    """The same, one per line."""
    return "\n".join(notices(app))


def make_store(tmp_path: Path, cases: dict[str, dict] | None = None, questionnaire: str = "court") -> Store:
    """A data folder with inspection 'insp' on tests/fixtures/app-fw and the given cases
    (case id -> answers), each written through the store as the app would."""
    store = Store(tmp_path / "data", framework_root=FIXTURES)
    store.root.mkdir(parents=True, exist_ok=True)
    store.create_inspection(IID, "Anytown Youth Justice Service", "app-fw")
    for cid, answers in (cases or {}).items():
        case = store.create_case(IID, cid, questionnaire, "Ann")
        for qid, value in answers.items():
            store.set_answer(IID, case, qid, value)
    return store


def case_file(store: Store, cid: str) -> dict:
    """The case file on disk, parsed."""
    return tomllib.loads(store.case_path(IID, cid).read_text())


def screen_text(app) -> str:
    """What the terminal shows, as plain text (the same render as a screenshot)."""
    width, height = app.size
    console = Console(width=width, height=height, file=io.StringIO(), force_terminal=True, record=True, legacy_windows=False)
    console.print(app.screen._compositor.render_update(full=True, screen_stack=app._background_screens))
    return console.export_text()


async def palette_settled(pilot) -> None:
    """The command palette has finished searching for what was typed, and lists its hits (it
    searches in a worker and adds hits in batches: a fixed pause is too short on a slow machine)."""
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


def text_of(widget) -> str:
    """The plain text a Static-like widget shows."""
    return str(widget.render())


# -- casemark PATH ------------------------------------------------------------------------


def test_resolve_data_inspection_and_case(tmp_path):
    store = make_store(tmp_path, {"C-01": {}})
    assert resolve(store.root).root == store.root and resolve(store.root).inspection is None
    start = resolve(store.inspection_dir(IID))
    assert (start.root, start.inspection, start.case) == (store.root.resolve(), IID, None)
    start = resolve(store.case_path(IID, "C-01"))
    assert (start.inspection, start.case) == (IID, "C-01")
    assert start.root.resolve() == store.root.resolve()


def test_resolve_refuses_what_is_not_casemark_data(tmp_path):
    stray = tmp_path / "notes.txt"
    stray.write_text("x")
    with pytest.raises(PathError, match="not a case file"):
        resolve(stray)
    with pytest.raises(PathError, match="no such file or folder"):
        resolve(tmp_path / "missing")


def test_run_app_reports_a_bad_path_without_starting(tmp_path, capsys):
    from casemark.tui.launch import run_app

    assert run_app([str(tmp_path / "missing")]) == 2
    err = capsys.readouterr().err
    assert "missing: no such file or folder" in err and "data folder" in err
