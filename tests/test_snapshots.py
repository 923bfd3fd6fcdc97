"""SVG snapshots of the main screens at 80x24 (SSH) and 160x48, on the fixture framework.

Update after a deliberate change of the look with:  pytest tests/test_snapshots.py --snapshot-update
"""

from __future__ import annotations

import pytest
from test_app_kit import IID, make_store

from casemark.tui.app import CasemarkApp

SIZES = [(80, 24), (160, 48)]
CASES = {
    "C-01": {"I2.1": "YJ-0001", "I2.3": "no", "A2.4": "medium", "A2.5": "yes", "2.1.1a": "yes", "2.1.1b": "no", "2.1.1": "yes"},
    "C-02": {"I2.3": "yes", "A2.4": "high", "2.1.1": "no", "2.1.1.reasons": "No analysis of offending.", "2.1.2": "yes"},
    "C-03": {"I2.3": "no"},
}


@pytest.fixture
def app(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # the data folder shows as a relative path: the same on every run
    store = make_store(tmp_path, CASES)
    store.root = store.root.relative_to(tmp_path)
    return lambda **where: CasemarkApp(store, inspector="ann", **where)


async def settle(pilot) -> None:
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_inspections_screen(app, snap_compare, size):
    assert snap_compare(app(), terminal_size=size, run_before=settle)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_inspection_screen(app, snap_compare, size):
    assert snap_compare(app(inspection=IID), terminal_size=size, run_before=settle)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_case_screen_on_a_judgement(app, snap_compare, size):
    async def at_judgement(pilot):
        await settle(pilot)
        pilot.app.screen.goto("2.1.1")
        await pilot.pause()

    assert snap_compare(app(inspection=IID, case="C-02"), terminal_size=size, run_before=at_judgement)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_case_screen_with_guidance(app, snap_compare, size):
    async def at_classification(pilot):
        await settle(pilot)
        pilot.app.screen.goto("A2.4")
        await pilot.pause()

    assert snap_compare(app(inspection=IID, case="C-01"), terminal_size=size, run_before=at_classification)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_case_screen_on_a_text_question(app, snap_compare, size):
    async def at_text(pilot):
        await settle(pilot)
        pilot.app.screen.goto("I2.1")
        await pilot.pause()

    assert snap_compare(app(inspection=IID, case="C-01"), terminal_size=size, run_before=at_text)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_ratings_screen(app, snap_compare, size):
    assert snap_compare(app(inspection=IID), press=["r"], terminal_size=size, run_before=settle)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_help_screen(app, snap_compare, size):
    assert snap_compare(app(inspection=IID, case="C-03"), press=["question_mark"], terminal_size=size, run_before=settle)
