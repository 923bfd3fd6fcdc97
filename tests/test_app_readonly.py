"""A case on a share that cannot be written (read-only, or a full disk) still opens, read-only,
saying why; nothing is written and no answer key pretends to save."""

from __future__ import annotations

from test_app_kit import IID, make_store, screen_text

from casemark.engine.errors import NotWritableError
from casemark.tui.app import CasemarkApp
from casemark.tui.screens.case import CaseScreen


async def test_a_case_whose_folder_cannot_be_written_opens_read_only(tmp_path, monkeypatch):
    store = make_store(tmp_path, {"C-01": {"I2.3": "no"}})
    path = store.case_path(IID, "C-01")
    before = path.read_bytes()

    def refused(iid, cid, user=None):
        raise NotWritableError(store.lock_path(iid, cid), "", "not saved: the folder is read-only (ask for write access, or copy the inspection elsewhere)")

    monkeypatch.setattr(store, "lock_case", refused)
    app = CasemarkApp(store, inspection=IID, case="C-01")
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, CaseScreen) and screen.read_only
        assert "read-only: this folder cannot be" in screen_text(app)  # the title says why (it wraps)
        screen.goto("I2.3")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        said = "\n".join(str(n.message) for n in app._notifications)
        assert "C-01 opened read-only: " in said and "the folder is read-only" in said
        assert "C-01 is read-only (this folder cannot be written, so nothing can be saved): nothing of yours is saved." in said
    assert path.read_bytes() == before
