"""Opening casemark at a case: the marking screen first, the inspection's other cases read after
it (the sidebar says so until their ratings arrive, never showing part-counted figures), the
screens beneath built when first shown. And LiveRatings' loading state on its own."""

from __future__ import annotations

import shutil
import threading

import pytest
from test_app_kit import FIXTURES, IID, case_file, make_store, text_of

import casemark.framework.loader as loader_module
from casemark.engine.tally import rate
from casemark.engine.store import Store, StoreError
from casemark.engine.framework_cache import FrameworkCache
from casemark.tui.app import CasemarkApp
from casemark.tui.screens.beneath import Beneath
from casemark.tui.screens.case import CaseScreen
from casemark.tui.screens.inspection import InspectionScreen
from casemark.tui.screens.inspections import InspectionsScreen
from casemark.tui.screens.ratings import RatingsScreen
from casemark.engine.live import LiveRatings, Pending

CASES = {"C-01": {"2.1.1": "yes"}, "C-02": {"2.1.1": "no"}, "C-03": {}}


class SlowRead:
    """Stands in for store.load_cases: reads the cases for real, then holds them until released."""

    def __init__(self, store):
        self.real = store.load_cases
        self.done_reading = threading.Event()
        self.release = threading.Event()
        self.calls = 0

    def __call__(self, iid):
        self.calls += 1
        result = self.real(iid)
        self.done_reading.set()
        assert self.release.wait(10), "the test never released the read"
        return result


def sidebar_text(app) -> str:
    return text_of(app.screen.query_one("#sidebar-body"))


async def until(pilot, condition, what: str) -> None:
    for _ in range(500):
        if condition():
            return
        await pilot.pause(0.01)
    raise AssertionError(f"timed out waiting for {what}")


async def test_the_ratings_arrive_after_the_cases_are_read(tmp_path):
    store = make_store(tmp_path, CASES)
    slow = store.load_cases = SlowRead(store)
    app = CasemarkApp(store, inspection=IID, case="C-03")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, CaseScreen) and app.screen.sheet.id == "C-03"
        await until(pilot, slow.done_reading.is_set, "the read to start")
        body = sidebar_text(app)
        assert "reading the inspection's cases" in body
        assert "Standards" not in body and "Overall" not in body and "2.1.1 1/" not in body  # no figures yet
        slow.release.set()
        await app.workers.wait_for_complete()
        await pilot.pause()
        body = sidebar_text(app)
        assert "reading" not in body
        assert "2.1.1 1/2 50%" in body  # C-01 yes, C-02 no; C-03 not judged
        expected = rate(app.screen.framework, store.load_inspection(IID), store.load_cases.real(IID)[0])
        assert app.screen.live.ratings().to_json() == expected.to_json()
        assert slow.calls == 1


async def test_a_slow_read_does_not_hold_up_marking_and_the_answer_counts(tmp_path):
    store = make_store(tmp_path, CASES)
    slow = store.load_cases = SlowRead(store)
    app = CasemarkApp(store, inspection=IID, case="C-03")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await until(pilot, slow.done_reading.is_set, "the read to start")  # C-03 read unanswered
        screen = app.screen
        screen.goto("2.1.1")
        await pilot.pause()
        await pilot.press("n")
        await pilot.pause()
        assert case_file(store, "C-03")["answers"]["2.1.1"] == "no"  # on disk at once
        assert "2.1.1 ✗" in sidebar_text(app) and "reading the inspection's cases" in sidebar_text(app)
        slow.release.set()
        await app.workers.wait_for_complete()
        await pilot.pause()
        body = sidebar_text(app)
        assert "2.1.1 1/3 33%" in body  # the answer given while reading wins over the copy read before it
        assert screen.live.cases["C-03"].answers["2.1.1"] == "no"


async def test_the_ratings_view_waits_for_the_read_and_shows_every_case(tmp_path):
    store = make_store(tmp_path, CASES)
    slow = store.load_cases = SlowRead(store)
    app = CasemarkApp(store, inspection=IID, case="C-03")
    async with app.run_test(size=(140, 40)) as pilot:
        await pilot.pause()
        await until(pilot, slow.done_reading.is_set, "the read to start")
        timer = threading.Timer(0.2, slow.release.set)
        timer.start()
        await pilot.press("r")
        await pilot.pause()
        assert isinstance(app.screen, RatingsScreen)
        row = app.screen.query_one("#ratings-table").get_row("2.1.1")
        assert row[3].startswith("1 of 2") and row[4] == "2/3"


async def test_the_screens_beneath_are_built_when_first_shown(tmp_path):
    store = make_store(tmp_path, CASES)
    app = CasemarkApp(store, inspection=IID, case="C-03", inspector="ann")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert [type(s) for s in app.screen_stack[1:]] == [Beneath, Beneath, CaseScreen]
        assert not list(app.screen_stack[1].query("*")) and not list(app.screen_stack[2].query("*"))  # nothing composed
        assert case_file(store, "C-03")  # and the lock is ours:
        assert "ann" in store.lock_path(IID, "C-03").read_text()
        app.screen.goto("2.1.1")
        await pilot.press("y")
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, InspectionScreen)
        assert not store.lock_path(IID, "C-03").exists()
        table = screen.query_one("#cases")
        assert table.get_row("C-03")[4] == "✓"  # read afresh: the answer just given
        await pilot.press("q")
        await pilot.pause()
        assert isinstance(app.screen, InspectionsScreen)
        assert app.screen.query_one("#inspections").get_row(IID)[0] == IID


async def test_a_case_chosen_in_the_ratings_view_opens_over_the_ratings(tmp_path):
    store = make_store(tmp_path, CASES)
    app = CasemarkApp(store, inspection=IID, case="C-01")
    async with app.run_test(size=(140, 40)) as pilot:
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.press("r")
        await pilot.pause()
        table = app.screen.query_one("#ratings-table")
        table.move_cursor(row=table.get_row_index("2.1.1"))
        await pilot.pause()
        await pilot.press("enter", "enter")  # into the insufficient cases, open the first: C-02
        await pilot.pause()
        await pilot.pause()
        assert isinstance(app.screen, CaseScreen) and app.screen.sheet.id == "C-02"
        assert app.screen.current == "2.1.1"  # at the key question chosen (issue 13)
        assert isinstance(app.screen_stack[-2], RatingsScreen)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, RatingsScreen)  # back to the ratings, in its list of cases...
        assert app.screen.focused is app.screen.query_one("#insufficient")
        await pilot.press("escape", "escape")  # ...then the table, then C-01
        await pilot.pause()
        assert isinstance(app.screen, CaseScreen) and app.screen.sheet.id == "C-01"


async def test_a_failed_read_is_reported_and_marking_goes_on(tmp_path):
    store = make_store(tmp_path, CASES)

    def broken(iid):
        raise StoreError(store.cases_dir(iid), "", "permission denied (let casemark read the folder)")

    store.load_cases = broken
    app = CasemarkApp(store, inspection=IID, case="C-03")
    async with app.run_test(size=(160, 40)) as pilot:
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        body = sidebar_text(app)
        assert "could not be read" in body and "permission denied" in body
        assert "Standards" not in body
        assert any("could not be read" in n.message for n in app._notifications)
        app.screen.goto("2.1.1")
        await pilot.press("y")
        await pilot.pause()
        assert case_file(store, "C-03")["answers"]["2.1.1"] == "yes"


# -- the framework from the cache ---------------------------------------------------------------


@pytest.fixture
def own_framework(tmp_path, monkeypatch):
    """A store on an editable copy of the fixture framework, with the cache in tmp_path."""
    monkeypatch.setenv("CASEMARK_CACHE", str(tmp_path / "cache"))
    shutil.copytree(FIXTURES / "app-fw", tmp_path / "fw" / "app-fw")
    store = Store(tmp_path / "data", framework_root=tmp_path / "fw")
    store.root.mkdir(parents=True)
    store.create_inspection(IID, "Anytown Youth Justice Service", "app-fw")
    store.create_case(IID, "C-01", "court", "Ann")
    return lambda: Store(tmp_path / "data", framework_root=tmp_path / "fw")  # a new process's store


async def open_first_question_text(store) -> str:
    app = CasemarkApp(store, inspection=IID, case="C-01")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, CaseScreen) and app.screen.live.loaded
        return app.screen.questionnaire.question("I2.1").text


async def test_the_framework_is_kept_parsed_and_used_while_its_files_are_unchanged(own_framework, tmp_path, monkeypatch):
    cache = FrameworkCache()
    assert cache.folder == tmp_path / "cache"
    assert await open_first_question_text(own_framework()) == "HMIP ID Number:"
    fw_dir = tmp_path / "fw" / "app-fw"
    assert cache.file(fw_dir).exists() and cache.get(fw_dir) == own_framework().framework("app-fw")

    def no_parsing(self):
        raise AssertionError("the framework was parsed again")

    with monkeypatch.context() as m:
        m.setattr(loader_module._Loader, "load", no_parsing)
        m.setattr(loader_module, "_CACHE", {})
        assert await open_first_question_text(own_framework()) == "HMIP ID Number:"  # from the cache

    court = fw_dir / "questionnaires" / "court.toml"
    court.write_text(court.read_text().replace('"HMIP ID Number:"', '"HMIP ID number (edited):"'))
    loader_module._CACHE.clear()
    assert cache.get(fw_dir) is None  # the edit changes the digest: the old copy is not used
    assert await open_first_question_text(own_framework()) == "HMIP ID number (edited):"
    assert cache.get(fw_dir).questionnaires["court"].question("I2.1").text == "HMIP ID number (edited):"
    assert len(list(cache.folder.glob("*.json"))) == 1  # replaced, not added to


async def test_a_damaged_cache_is_ignored_and_replaced(own_framework, tmp_path):
    cache = FrameworkCache()
    fw_dir = tmp_path / "fw" / "app-fw"
    cache.folder.mkdir(parents=True)
    cache.file(fw_dir).write_bytes(cache.digest(fw_dir) + b"\nnot the cache's JSON")
    assert cache.get(fw_dir) is None
    assert await open_first_question_text(own_framework()) == "HMIP ID Number:"
    assert cache.get(fw_dir) == own_framework().framework("app-fw")


# -- LiveRatings on its own --------------------------------------------------------------------


def _live(tmp_path, read=None):
    store = make_store(tmp_path, CASES)
    inspection = store.load_inspection(IID)
    framework = store.framework(inspection.framework)
    return store, LiveRatings(framework, inspection, read=read or (lambda: store.load_cases(IID)))


def test_pending_until_loaded_then_the_changed_case_wins(tmp_path):
    store, live = _live(tmp_path)
    assert isinstance(live.ratings(), Pending) and not live.loaded
    c3 = store.load_case(IID, "C-03")
    store.set_answer(IID, c3, "2.1.1", "yes")
    assert isinstance(live.case_changed(c3), Pending)
    store.case_path(IID, "C-03").write_text(store.case_path(IID, "C-03").read_text().replace('"yes"', '"no"'))  # an older copy on disk
    ratings = live.load()
    assert live.loaded and live.cases["C-03"] is c3
    assert ratings.key_question("2.1.1").sufficient == 2 and ratings.key_question("2.1.1").judged == 3
    assert ratings.to_json() == rate(live.framework, live.inspection, list(live.cases.values())).to_json()
    assert list(live.cases) == ["C-01", "C-02", "C-03"]


def test_loaded_only_once_the_ratings_are_there(tmp_path, monkeypatch):
    """The inspection screen reads `loaded`, then the ratings, on the UI thread while a worker
    loads: `loaded` must not be true while the ratings are still pending (the screen's title
    crashed on that, under load)."""
    from casemark.engine import tally

    store, live = _live(tmp_path)
    seen, real = [], tally.Tally.ratings

    def ratings(self):
        seen.append((live.loaded, live.ratings()))  # what the UI thread sees while the worker rates
        return real(self)

    monkeypatch.setattr(tally.Tally, "ratings", ratings)
    live.load()
    assert seen == [(False, seen[0][1])] and isinstance(seen[0][1], Pending)
    assert live.loaded and live.ratings().key_question("2.1.1").judged == 2


def test_rated_reads_the_cases_itself_when_no_read_has_run(tmp_path):
    store, live = _live(tmp_path)
    rated = live.rated()
    assert live.loaded and rated.key_question("2.1.1").judged == 2


def test_a_failed_read_is_kept_for_the_sidebar_and_tried_again(tmp_path):
    attempts = []

    def read():
        attempts.append(1)
        if len(attempts) == 1:
            raise OSError("disk gone")
        return store.load_cases(IID)

    store, live = _live(tmp_path, read=lambda: read())
    with pytest.raises(OSError):
        live.load()
    assert isinstance(live.ratings(), Pending) and "disk gone" in live.ratings().error
    assert live.load().key_question("2.1.1").judged == 2 and len(attempts) == 2


def test_live_ratings_needs_the_cases_or_a_way_to_read_them(tmp_path):
    store = make_store(tmp_path)
    inspection = store.load_inspection(IID)
    with pytest.raises(ValueError, match="either the cases or a way to read them"):
        LiveRatings(store.framework(inspection.framework), inspection)


async def test_the_inspection_screen_shows_before_its_cases_are_read(tmp_path):
    store = make_store(tmp_path, CASES)
    slow = SlowRead(store)
    store.load_cases = slow
    app = CasemarkApp(store, inspection=IID)
    async with app.run_test(size=(120, 30)) as pilot:
        await until(pilot, slow.done_reading.is_set, "the read to start")
        screen = app.screen
        assert isinstance(screen, InspectionScreen)  # painted, and usable, while the read holds
        assert "reading the cases…" in text_of(screen.query_one("#inspection-title"))
        assert screen.query_one("#cases").row_count == 0
        slow.release.set()
        await until(pilot, lambda: screen.query_one("#cases").row_count == 3, "the cases to show")
        # the title follows the rows in the same refresh; on a loaded machine a frame or two later
        await until(pilot, lambda: "overall" in text_of(screen.query_one("#inspection-title")), "the title's ratings")
        assert slow.calls == 1


async def test_back_from_the_case_opened_first_the_cases_are_not_read_again(tmp_path):
    store = make_store(tmp_path, CASES)
    slow = SlowRead(store)
    slow.release.set()
    store.load_cases = slow
    app = CasemarkApp(store, inspection=IID, case="C-02")
    async with app.run_test(size=(120, 30)) as pilot:
        await until(pilot, lambda: isinstance(app.screen, CaseScreen) and app.screen.live.loaded, "the cases to be read")
        await pilot.press("escape")
        await until(pilot, lambda: isinstance(app.screen, InspectionScreen) and app.screen.query_one("#cases").row_count == 3, "the list")
        assert slow.calls == 1  # the list uses the LiveRatings the case screen marked with
