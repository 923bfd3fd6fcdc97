"""The app in a hostile world: file text shown literally, a bad case not taking the inspection down,
and a crash printing one line (the trace, with its case answers, goes to a log file)."""

from __future__ import annotations

import pytest

from test_app_kit import IID, make_store, screen_text

from casemark.tui.app import CasemarkApp
from casemark.tui.crash import crash_line
from casemark.tui.screens.inspection import InspectionScreen


def spoil(store, cid: str, old: str, new: str) -> None:
    path = store.case_path(IID, cid)
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new, 1))


async def test_an_inspection_with_markup_names_and_a_list_judgement_opens(tmp_path):
    store = make_store(tmp_path, {"C-01": {"2.1.1": "yes"}, "C-02": {"2.1.1": "no"}, "C-03": {}})
    spoil(store, "C-01", 'inspector = "Ann"', 'inspector = "[/]"')
    spoil(store, "C-03", 'inspector = "Ann"', 'inspector = "Jo Bloggs [lead]"')
    spoil(store, "C-02", '"2.1.1" = "no"', '"2.1.1" = ["no"]')
    app = CasemarkApp(store, inspection=IID)
    async with app.run_test(size=(140, 30)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, InspectionScreen)
        text = screen_text(app)
        assert "[/]" in text and "Jo Bloggs [lead]" in text
        assert "C-02" in text and "2.1.1" in text  # says what it left out


async def test_notices_quote_file_text_literally(tmp_path):
    store = make_store(tmp_path, {"C-01": {}})
    app = CasemarkApp(store, inspection=IID)
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.pause()
        app.notify("held by [/] and Jo Bloggs [lead] [bold red]X[/")
        app.screen.notify("second_mark_of = [/]")
        await pilot.pause()
        texts = [str(n.message) for n in app._notifications]
        assert "held by [/] and Jo Bloggs [lead] [bold red]X[/" in texts and "second_mark_of = [/]" in texts
        assert all(n.markup is False for n in app._notifications)  # a toast shows them as plain text


async def test_a_crash_prints_one_line_and_logs_the_trace_without_case_text(tmp_path, monkeypatch, capsys):
    log = tmp_path / "state" / "crash.log"
    monkeypatch.setenv("CASEMARK_LOG", str(log))
    store = make_store(tmp_path, {"C-01": {}})
    app = CasemarkApp(store, inspection=IID)
    secret = "the child's own words, never on a terminal"

    def boom(answers=secret):
        raise RuntimeError("boom")

    with pytest.raises(RuntimeError):  # Pilot re-raises the app's error for the test
        async with app.run_test(size=(120, 30)) as pilot:
            await pilot.pause()
            app.call_later(boom)
            await pilot.pause()
    assert app.return_code == 1
    out = capsys.readouterr()
    printed = " ".join((out.out + out.err).split())
    assert f"casemark stopped on an internal error, RuntimeError (the details are in {log}; please report it with that file)" in printed
    assert "Traceback" not in printed and secret not in printed and "boom(" not in printed
    assert log.exists() and "RuntimeError: boom" in log.read_text()
    assert secret not in log.read_text()  # the trace, without local variables
    assert (log.stat().st_mode & 0o777) == 0o600


def test_the_crash_line_names_the_file_and_the_fix_when_the_error_does(tmp_path):
    from casemark.engine.store import DiskFullError

    err = DiskFullError(tmp_path / "C-01.toml", "", "not saved: the disk is full (free space on / and try again)")
    line = crash_line(err, tmp_path / "crash.log")
    assert line.startswith(f"casemark stopped: {tmp_path / 'C-01.toml'}: not saved: the disk is full") and str(tmp_path / "crash.log") in line
    assert crash_line(KeyError("x"), None).startswith("casemark stopped on an internal error, KeyError (no log file could be written")


async def test_the_inspectors_and_ratings_screens_show_names_as_written(tmp_path):
    store = make_store(tmp_path, {"C-01": {"2.1.1": "yes"}, "C-02": {"2.1.1": "no"}})
    spoil(store, "C-01", 'inspector = "Ann"', 'inspector = "Jo Bloggs [lead]"')
    spoil(store, "C-02", 'inspector = "Ann"', 'inspector = "Sam [bold red]X"')
    app = CasemarkApp(store, inspection=IID)
    async with app.run_test(size=(160, 30)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.press("i")
        await pilot.pause()
        text = screen_text(app)
        assert "Jo Bloggs [lead]" in text and "Sam [bold red]X" in text, text
        await pilot.press("escape", "r")
        await pilot.pause()
        assert type(app.screen).__name__ == "RatingsScreen"
        assert "Anytown Youth Justice Service" in screen_text(app)
