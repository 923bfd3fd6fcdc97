"""Pilot tests of the flows around marking: inspections, cases, status, locks, conflicts,
the inspection's own questionnaire, the ratings view, help and the palette."""

from __future__ import annotations

import tomllib

from test_app_kit import IID, case_file, make_store, notices_text, palette_settled, screen_text, text_of

from casemark.engine import tomlfile
from casemark.tui.app import CasemarkApp
from casemark.tui.screens.case import CaseScreen
from casemark.tui.screens.help import HelpScreen
from casemark.tui.screens.inspection import InspectionScreen
from casemark.tui.screens.inspections import InspectionsScreen
from casemark.tui.screens.conflict import AnswerConflictModal
from casemark.tui.screens.modals import MessageModal
from casemark.tui.screens.ratings import RatingsScreen
from casemark.tui.widgets.sidebar import Sidebar

REQUIRED = {"I2.3": "no", "A2.4": "low", "2.1.1": "yes", "2.1.1.reasons": "Good analysis.", "2.1.2": "yes", "2.1.2.reasons": "Safe."}


async def test_inspections_list_counts_ratings_and_unreadable_files(tmp_path):
    store = make_store(tmp_path, {"C-01": {"2.1.1": "yes"}, "C-02": {}})
    broken = store.root / "broken"
    broken.mkdir()
    (broken / "inspection.toml").write_text("schema = 1\nservice = \n")
    app = CasemarkApp(store)
    async with app.run_test(size=(120, 30)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        table = app.screen.query_one("#inspections")
        assert table.get_row(IID)[:4] == [IID, "Anytown Youth Justice Service", "app-fw", "0/2"]
        assert "*" in table.get_row(IID)[4]  # provisional: C-02 has no judgement yet
        text = screen_text(app)
        assert "Unreadable (1)" in text and "broken" in text


async def test_create_an_inspection_in_a_modal(tmp_path):
    store = make_store(tmp_path)
    app = CasemarkApp(store)
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.press("n")
        await pilot.pause()
        await pilot.press(*"bad id")  # a space is not allowed in an id
        await pilot.press("tab", *"Newtown YJS", "enter")
        await pilot.pause()
        assert "not allowed" in screen_text(app)
        for _ in range(6):
            await pilot.press("shift+tab")
            if app.screen.focused and app.screen.focused.id == "inspection-id":
                break
        app.screen.focused.value = ""
        await pilot.press(*"newtown-1", "enter")
        await pilot.pause()
        on_disk = tomllib.loads(store.inspection_path("newtown-1").read_text())
        assert on_disk["service"] == "Newtown YJS" and on_disk["framework"] == "app-fw"
        assert isinstance(app.screen, InspectionScreen) and app.screen.iid == "newtown-1"


async def test_inspection_cases_judgement_columns_filters_and_unreadable(tmp_path):
    store = make_store(tmp_path, {"C-01": {"2.1.1": "yes"}, "C-02": {"2.1.1": "no", "2.1.2": "yes"}, "C-03": {}})
    store.set_status(IID, store.load_case(IID, "C-03"), "excluded", "transferred out")
    (store.cases_dir(IID) / "C-09.toml").write_text("schema = 1\nanswers = [\n")
    app = CasemarkApp(store, inspection=IID)
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, InspectionScreen)
        table = screen.query_one("#cases")
        assert table.get_row("C-01")[4:6] == ["✓", "·"]
        assert table.get_row("C-02")[4:6] == ["✗", "✓"]
        assert "C-09.toml" in text_of(screen.query_one("#unreadable"))
        await pilot.press("s")  # status: in-progress
        await pilot.pause()
        assert sorted(k.value for k in table.rows) == ["C-01", "C-02"]
        await pilot.press("s", "s")  # status: excluded
        await pilot.pause()
        assert [k.value for k in table.rows] == ["C-03"]


async def test_create_a_case_then_exclude_another_with_a_reason(tmp_path):
    store = make_store(tmp_path, {"C-01": {}})
    app = CasemarkApp(store, inspection=IID)
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.pause()
        await pilot.press("c")
        await pilot.pause()
        await pilot.press(*"C-02", "enter")
        await pilot.pause()
        assert isinstance(app.screen, CaseScreen) and app.screen.sheet.id == "C-02"
        assert case_file(store, "C-02")["questionnaire"] == "court"
        await pilot.press("escape")
        await pilot.pause()
        table = app.screen.query_one("#cases")
        table.move_cursor(row=table.get_row_index("C-01"))
        await pilot.press("x")
        await pilot.pause()
        await pilot.press("enter")  # no reason: refused
        await pilot.pause()
        assert "Give the reason" in screen_text(app)
        await pilot.press(*"Not a court case", "enter")
        await pilot.pause()
        on_disk = case_file(store, "C-01")
        assert on_disk["status"] == "excluded" and on_disk["exclusion_reason"] == "Not a court case"
        assert table.get_row("C-01")[2] == "excluded"
        await pilot.press("x")  # bringing it back asks first
        await pilot.pause()
        assert "Bring C-01 back into the sample?" in screen_text(app) and "Not a court case" in screen_text(app)
        await pilot.press("n")
        await pilot.pause()
        assert case_file(store, "C-01")["status"] == "excluded"
        await pilot.press("x")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        assert case_file(store, "C-01")["status"] == "in-progress"
        assert table.get_row("C-01")[2] == "in-progress"
        await pilot.press("x")  # excluded again: last time's reason is offered
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        on_disk = case_file(store, "C-01")
        assert on_disk["status"] == "excluded" and on_disk["exclusion_reason"] == "Not a court case"


async def test_complete_is_refused_with_the_missing_answers_until_complete(tmp_path):
    store = make_store(tmp_path, {"C-01": {k: v for k, v in REQUIRED.items() if k != "2.1.2.reasons"}})
    app = CasemarkApp(store, inspection=IID, case="C-01")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, CaseScreen)
        await pilot.press("c")
        await pilot.pause()
        assert isinstance(app.screen, MessageModal)
        assert "2.1.2.reasons" in screen_text(app)
        assert case_file(store, "C-01")["status"] == "in-progress"
        await pilot.press("escape")
        screen.goto("2.1.2.reasons")
        await pilot.pause()
        await pilot.press("e", *"Safe.", "escape", "c")
        await pilot.pause()
        assert case_file(store, "C-01")["status"] == "complete"
        assert "complete" in text_of(screen.query_one("#case-title"))


async def test_a_case_locked_by_another_inspector_opens_read_only(tmp_path):
    store = make_store(tmp_path, {"C-01": {}})
    lock = store.lock_path(IID, "C-01")
    lock.write_text(tomlfile.dumps({"user": "bob", "host": "laptop-of-bob", "pid": 4242}))
    before = store.case_path(IID, "C-01").read_bytes()
    app = CasemarkApp(store, inspection=IID, case="C-01")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, CaseScreen) and screen.read_only
        assert "read-only: bob on laptop-of-bob" in text_of(screen.query_one("#case-title"))
        screen.goto("I2.3")
        await pilot.press("y")
        await pilot.pause()
        assert store.case_path(IID, "C-01").read_bytes() == before
        assert screen.current == "I2.3"
    assert lock.exists()  # someone else's lock is never removed


async def test_own_lock_is_taken_on_open_and_released_on_leave(tmp_path):
    store = make_store(tmp_path, {"C-01": {}})
    app = CasemarkApp(store, inspection=IID, case="C-01", inspector="ann")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert tomllib.loads(store.lock_path(IID, "C-01").read_text())["user"] == "ann"
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, InspectionScreen)
        assert not store.lock_path(IID, "C-01").exists()


async def test_a_change_on_disk_is_merged_with_the_answer(tmp_path):
    store = make_store(tmp_path, {"C-01": {"I2.3": "no"}})
    app = CasemarkApp(store, inspection=IID, case="C-01")
    async with app.run_test(size=(140, 45)) as pilot:
        await pilot.pause()
        screen = app.screen
        # someone edits the file by hand meanwhile: another answer
        path = store.case_path(IID, "C-01")
        path.write_text(path.read_text().replace('"I2.3" = "no"', '"I2.3" = "no"\n"A2.4" = "very-high"'))
        screen.goto("I2.3")
        await pilot.press("y")
        await pilot.pause()
        assert app.screen is screen  # no dialog: the two changes are to different answers
        assert case_file(store, "C-01")["answers"] == {"I2.3": "yes", "A2.4": "very-high"}
        assert screen.answers == {"I2.3": "yes", "A2.4": "very-high"}


async def test_the_same_answer_changed_on_disk_is_a_conflict_keep_mine(tmp_path):
    store = make_store(tmp_path, {"C-01": {"I2.3": "no"}})
    app = CasemarkApp(store, inspection=IID, case="C-01")
    async with app.run_test(size=(140, 45)) as pilot:
        await pilot.pause()
        screen = app.screen
        path = store.case_path(IID, "C-01")
        path.write_text(path.read_text().replace('"I2.3" = "no"', '"I2.3" = "na"\n"A2.4" = "very-high"'))
        screen.goto("I2.3")
        await pilot.press("y")
        await pilot.pause()
        assert isinstance(app.screen, AnswerConflictModal)  # one answer, not the whole file
        assert case_file(store, "C-01")["answers"] == {"I2.3": "na", "A2.4": "very-high"}  # theirs, until decided
        assert store.conflicts(IID, "C-01")[0].mine == "yes"  # mine, kept safely meanwhile
        await pilot.press("m", "t", "space", "enter")  # letters typed on decide nothing
        await pilot.pause()
        assert isinstance(app.screen, AnswerConflictModal)
        await pilot.press("f3")  # use mine
        await pilot.pause()
        assert app.screen is screen
        assert case_file(store, "C-01")["answers"] == {"I2.3": "yes", "A2.4": "very-high"}
        assert screen.answers == {"I2.3": "yes", "A2.4": "very-high"}
        assert store.conflicts(IID, "C-01") == [] and not store.conflict_record(IID, "C-01").exists()


async def test_domain_one_rating_goes_to_the_inspection_file_and_the_sidebar(tmp_path):
    store = make_store(tmp_path)
    app = CasemarkApp(store, inspection=IID)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("d")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, CaseScreen) and screen.sheet.kind == "inspection"
        screen.goto("1.1")
        await pilot.pause()
        await pilot.press("2")  # Good
        await pilot.pause()
        on_disk = tomllib.loads(store.inspection_path(IID).read_text())
        assert on_disk["ratings"] == {"1.1": "good"} and "1.1" not in on_disk.get("answers", {})
        assert "1.1 Good" in text_of(screen.query_one(Sidebar).query_one("#sidebar-body"))
        screen.goto("1.1.1a")
        await pilot.pause()
        await pilot.press("e", *"Board minutes", "escape")
        await pilot.pause()
        on_disk = tomllib.loads(store.inspection_path(IID).read_text())
        assert on_disk["answers"] == {"1.1.1a": "Board minutes"}


async def test_ratings_view_lists_insufficient_cases_and_opens_one(tmp_path):
    store = make_store(tmp_path, {"C-01": {"2.1.1": "yes"}, "C-02": {"2.1.1": "no"}, "C-03": {"2.1.1": "no"}})
    app = CasemarkApp(store, inspection=IID)
    async with app.run_test(size=(140, 40)) as pilot:
        await pilot.pause()
        await pilot.press("r")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, RatingsScreen)
        table = screen.query_one("#ratings-table")
        row = table.get_row("2.1.1")
        assert row[1].startswith("Inadequate") and row[3].startswith("1 of 3") and row[4] == "3/3"
        table.move_cursor(row=table.get_row_index("2.1.1"))
        await pilot.pause()
        assert "Insufficient (2)" in screen_text(app)
        await pilot.press("enter")  # into the cases
        await pilot.press("down", "enter")  # the second: C-03
        await pilot.pause()
        assert isinstance(app.screen, CaseScreen) and app.screen.sheet.id == "C-03"


async def test_help_lists_every_key_with_its_description(tmp_path):
    store = make_store(tmp_path, {"C-01": {}})
    app = CasemarkApp(store, inspection=IID, case="C-01")
    async with app.run_test(size=(120, 45)) as pilot:
        await pilot.pause()
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        for binding in CaseScreen.BINDINGS:
            assert binding.id and binding.description
            if not binding.id.startswith("choose-"):
                assert binding.description in app.screen.text
        # the nine option keys on one line
        assert "- `1`–`9` Choose the nth option of the question" in app.screen.text
        assert "Option 2" not in app.screen.text
        assert "Next unanswered" in app.screen.text and "Help" in app.screen.text
        await pilot.press("escape")
        assert isinstance(app.screen, CaseScreen)


async def test_palette_offers_the_screens_keys_as_commands(tmp_path):
    store = make_store(tmp_path, {"C-01": {}})
    app = CasemarkApp(store, inspection=IID, case="C-01")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        screen = app.screen
        titles = [c.title for c in app.get_system_commands(screen)]
        for wanted in ("Yes", "Next unanswered", "Guidance", "Ratings", "Complete", "Help"):
            assert wanted in titles
        await pilot.press("ctrl+p", *"next unanswered")
        await palette_settled(pilot)
        await pilot.press("enter")
        await pilot.pause()
        assert screen.current == "I2.3"  # the first required question not yet answered after I2.1


async def test_escape_goes_back_and_q_quits_from_the_top_asking_first(tmp_path):
    store = make_store(tmp_path, {"C-01": {}})
    app = CasemarkApp(store, inspection=IID, case="C-01")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, CaseScreen)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, InspectionScreen)
        await pilot.press("q")
        await pilot.pause()
        assert isinstance(app.screen, InspectionsScreen)
        await pilot.press("escape")  # Escape never quits
        await pilot.pause()
        assert isinstance(app.screen, InspectionsScreen) and app.return_code is None
        await pilot.press("q")
        await pilot.pause()
        assert "Quit casemark?" in screen_text(app)
        await pilot.press("y")
        await pilot.pause()
    assert app.return_code == 0


async def wait_for(pilot, condition, what: str, seconds: float = 5.0) -> None:
    for _ in range(int(seconds / 0.05)):
        if condition():
            return
        await pilot.pause(0.05)
    raise AssertionError(f"timed out after {seconds} s waiting for {what}")


async def test_the_case_list_picks_up_what_another_inspector_changes(tmp_path):
    from casemark.engine.store import Store

    store = make_store(tmp_path, {"C-01": {"2.1.1": "yes"}, "C-02": {}, "C-03": {}})
    app = CasemarkApp(store, inspection=IID, inspector="ann")
    async with app.run_test(size=(120, 30)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        table = app.screen.query_one("#cases")
        assert table.get_row("C-02")[4] == "·" and "C-04" not in table.rows
        other = Store(store.root, framework_root=store.framework_root)  # another inspector's app
        other.set_answer(IID, other.load_case(IID, "C-02"), "2.1.1", "no")
        other.create_case(IID, "C-04", "court", inspector="bob")
        (store.cases_dir(IID) / "C-03.toml").unlink()
        await wait_for(pilot, lambda: "C-04" in table.rows and table.get_row("C-02")[4] == "✗", "the changes to show")
        assert "C-03" not in table.rows
        said = notices_text(app)
        assert "C-02 changed, C-04 new, C-03 gone" in said
        title = text_of(app.screen.query_one("#inspection-title"))
        assert "0/3 complete" in title  # C-01, C-02, C-04: the ratings follow
        assert app.screen.live.ratings().key_question("2.1.1").judged == 2
        # what this app writes itself is not announced as someone else's change
        screen = app.screen
        store.set_answer(IID, screen.live.cases["C-01"], "2.1.2", "yes")
        screen.live.case_changed(screen.live.cases["C-01"])
        before = len(app._notifications)
        await pilot.pause(2.5)
        assert len(app._notifications) == before


async def test_file_text_shows_literally_and_a_judgement_that_is_a_list_does_not_crash(tmp_path):
    store = make_store(tmp_path, {"C-01": {}, "C-02": {}})
    path = store.case_path(IID, "C-01")
    text = path.read_text().replace('inspector = "Ann"', 'inspector = "[b]Ann[/b] [red]x"')
    path.write_text(text.replace("[answers]", '[answers]\n"2.1.1" = ["yes", "no"]\n"2.1.2" = { a = 1 }'))
    app = CasemarkApp(store, inspection=IID)
    async with app.run_test(size=(120, 30)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        table = app.screen.query_one("#cases")
        assert table.get_row("C-01")[4:6] == ["·", "·"]  # not a yes or a no: not judged yet
        assert "[b]Ann[/b] [red]x" in screen_text(app)
