"""A case on a share that cannot be written (read-only, or a full disk) still opens, read-only,
saying why; nothing is written and no answer key pretends to save."""

from __future__ import annotations

from test_app_kit import IID, make_store, notices, notices_text, screen_text

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
        said = notices_text(app)
        assert "C-01 opened read-only: " in said and "the folder is read-only" in said
        assert "C-01 is read-only (this folder cannot be written, so nothing can be saved): nothing of yours is saved." in said
    assert path.read_bytes() == before


async def test_a_reload_leaves_the_focused_box_as_it_was_says_so_once_and_shows_theirs_when_left(tmp_path):
    """Read-only because ada holds the case: the box can take the focus (to read or copy) but not
    be typed in; her saves reload at once, the focused box is left as it was (said once), and it
    shows her text as soon as it is left."""
    from casemark.engine.store import Store
    from test_app_kit import FIXTURES, case_file

    store = make_store(tmp_path, {"C-01": {"A2.5": "no", "A2.6a": "first words"}})
    ada = Store(store.root, framework_root=FIXTURES, user="ada")
    lock = ada.lock_case(IID, "C-01", user="ada")
    said_once = "The box you are in still shows the earlier A2.6a: it shows theirs when you leave it."
    try:
        app = CasemarkApp(store, inspection=IID, case="C-01", inspector="ann")
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            screen = app.screen
            assert isinstance(screen, CaseScreen) and screen.read_only
            screen.goto("A2.6a")
            await pilot.pause()
            assert await pilot.click("#q-area")
            await pilot.pause()
            box = screen.focused
            assert box is not None and box.id == "q-area" and box.text == "first words"
            for text in ("first words, and ada's second thoughts", "ada's third thoughts"):
                ada.set_answer(IID, ada.load_case(IID, "C-01"), "A2.6a", text)
                screen.poll()
                await pilot.pause()
                assert screen.focused is box and box.text == "first words"  # left as it was while focused
            said = notices(app)
            assert sum(said_once in message for message in said) == 1, said
            await pilot.press("x")  # read-only: a key types nothing
            await pilot.pause()
            assert box.text == "first words"
            await pilot.press("escape")  # out of the box
            await pilot.pause()
            await pilot.pause()
            assert screen.focused is None and box.text == "ada's third thoughts"
            assert "ada's third thoughts" in screen_text(app)
        assert case_file(store, "C-01")["answers"]["A2.6a"] == "ada's third thoughts"
    finally:
        lock.release()
