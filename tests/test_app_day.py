"""Pilot tests of an inspector's day on the marking screen (issue 13): jumps, soft checks that wait
for the inspector, the sidebar from the keyboard, the ratings view's drill-down, the layout."""

from __future__ import annotations

from test_app_kit import case_file, make_store, screen_text

from casemark.engine.store import Store
from casemark.tui.app import CasemarkApp
from casemark.tui.screens.case import CaseScreen
from casemark.tui.screens.help import HelpScreen

GOOD = "Assessment drew on the police and school records and the child's own account."


async def open_case(pilot, cid: str = "C-01") -> CaseScreen:
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


def notices(app) -> list[str]:
    return [str(n.message) for n in app._notifications]


# -- jumps ------------------------------------------------------------------------------------


async def test_curly_bracket_visits_only_required_missing_questions(tmp_path):
    store = make_store(tmp_path, {"C-01": {}})
    async with CasemarkApp(store).run_test(size=(120, 40)) as pilot:
        screen = await open_case(pilot)
        assert screen.current == "I2.1"  # optional, unanswered: ] would stop here, } does not
        await pilot.press("right_curly_bracket")
        await pilot.pause()
        assert screen.current == "I2.3"
        await pilot.press("right_curly_bracket")
        await pilot.pause()
        assert screen.current == "A2.4"
        await pilot.press("right_curly_bracket")
        await pilot.pause()
        assert screen.current == "2.1.1"  # A2.5 and the prompts are optional
        await pilot.press("right_curly_bracket", "right_curly_bracket")
        await pilot.pause()
        assert screen.current == "I2.3"  # wrapped round
        assert any("Wrapped round" in n for n in notices(pilot.app))


async def test_W_goes_to_the_next_warning_and_N_to_a_no_without_reasons(tmp_path):
    answers = {"I2.3": "no", "A2.4": "low", "A2.5": "no", "2.1.1a": "yes", "2.1.1b": "yes", "2.1.1": "no",
               "2.1.2a": "no", "2.1.2": "no", "2.1.2.reasons": GOOD}
    store = make_store(tmp_path, {"C-01": answers})
    async with CasemarkApp(store).run_test(size=(120, 40)) as pilot:
        screen = await open_case(pilot)
        screen.goto("I2.1")
        await pilot.pause()
        await pilot.press("W")
        await pilot.pause()
        assert screen.current == "A2.6"  # no-correction: A2.5 says inaccurate, passed without a value
        await pilot.press("W")
        await pilot.pause()
        assert screen.current == "2.1.1"  # judged No against two Yes prompts
        screen.goto("I2.1")
        await pilot.pause()
        await pilot.press("N")
        await pilot.pause()
        assert screen.current == "2.1.1.reasons"  # 2.1.2 is No too but has its reasons
        await pilot.press("N")
        await pilot.pause()
        assert screen.current == "2.1.1.reasons"
        assert any("only one" in n for n in notices(pilot.app))


async def test_the_jumps_are_in_the_help_and_the_palette(tmp_path):
    store = make_store(tmp_path, {"C-01": {}})
    async with CasemarkApp(store).run_test(size=(120, 40)) as pilot:
        screen = await open_case(pilot)
        ids = {b.id: b for b in screen.BINDINGS}
        for bid in ("next-missing", "next-warning", "next-no-reasons"):
            assert ids[bid].description
        commands = [c.title for c in pilot.app.get_system_commands(screen)]
        assert {"Next required missing", "Next warning", "Next No without reasons"} <= set(commands)
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(pilot.app.screen, HelpScreen)
        text = pilot.app.screen.text
        assert "`}` Next required missing" in text and "`W` Next warning" in text


# -- soft checks --------------------------------------------------------------------------------


async def test_no_warning_on_arriving_at_the_correction_only_after_passing_it(tmp_path):
    store = make_store(tmp_path, {"C-01": {"I2.3": "no", "A2.4": "low"}})
    async with CasemarkApp(store).run_test(size=(120, 40)) as pilot:
        screen = await open_case(pilot)
        screen.goto("A2.5")
        await pilot.pause()
        await pilot.press("n")  # inaccurate: the correction A2.6 is asked next
        await pilot.pause()
        assert screen.current == "A2.6"
        assert "⚠" not in screen_text(pilot.app)
        assert not screen.warnings
        await pilot.press("j", "j", "y")  # past A2.6 and A2.6a, 2.1.1a answered
        await pilot.pause()
        assert "A2.6" in screen.warnings
        assert "⚠" in screen_text(pilot.app)


async def test_completing_with_unacknowledged_warnings_says_so_and_completes(tmp_path):
    answers = {"I2.3": "no", "A2.4": "low", "2.1.1a": "no", "2.1.1b": "no", "2.1.1": "yes",
               "2.1.1.reasons": GOOD, "2.1.2": "yes", "2.1.2.reasons": GOOD}
    store = make_store(tmp_path, {"C-01": answers})
    async with CasemarkApp(store).run_test(size=(120, 40)) as pilot:
        await open_case(pilot)
        await pilot.press("c")
        await pilot.pause()
        assert case_file(store, "C-01")["status"] == "complete"
        said = [n for n in notices(pilot.app) if "now complete" in n]
        assert said and "soft-check warnings not acknowledged" in said[-1]


# -- the sidebar ------------------------------------------------------------------------------


def sidebar_lines(screen) -> str:
    from casemark.tui.widgets.sidebar import Sidebar

    return str(screen.query_one(Sidebar).query_one("#sidebar-body").render())


async def test_s_puts_the_cursor_in_the_sidebar_and_the_arrows_scroll_it_at_80x24(tmp_path):
    from casemark.tui.widgets.sidebar import Sidebar

    store = Store(tmp_path / "data")  # youth-2021: its sidebar is longer than 24 lines
    store.root.mkdir()
    store.create_inspection("insp", "Anytown Youth Justice Service", "youth-2021")
    store.create_case("insp", "C-01", "court", "Ann")
    async with CasemarkApp(store).run_test(size=(80, 24)) as pilot:
        screen = await open_case(pilot)
        sidebar = screen.query_one(Sidebar)
        start = screen.current
        assert sidebar.max_scroll_y > 0  # at 80x24 the standards are below the fold...
        assert "* provisional" not in screen_text(pilot.app)
        await pilot.press("s")
        await pilot.pause()
        assert screen.focused is sidebar
        await pilot.press("pagedown", "pagedown", "down")
        await pilot.pause()
        assert sidebar.scroll_y > 0
        assert "* provisional" in screen_text(pilot.app)  # ...and now in view
        await pilot.press("up")
        await pilot.pause()
        assert screen.current == start  # the arrows scrolled, they did not move the question
        await pilot.press("s")
        await pilot.pause()
        assert screen.focused is None
        await pilot.press("tab")
        await pilot.pause()
        await pilot.press("tab")
        await pilot.pause()
        assert screen.focused is sidebar  # Tab reaches it too (after the text box)
        await pilot.press("escape")
        await pilot.pause()
        assert screen.focused is None and isinstance(pilot.app.screen, CaseScreen)
        yes_no = next(q.id for q in screen.questionnaire.questions() if q.type == "yes_no")
        screen.goto(yes_no)
        await pilot.press("s", "y")  # the answer keys still answer with the cursor in the sidebar
        await pilot.pause()
        assert case_file(store, "C-01")["answers"][yes_no] == "yes"


async def test_more_to_the_next_band_says_when_fewer_cases_are_left(tmp_path):
    judged = {"C-01": "no", "C-02": "no", "C-03": "yes", "C-04": "no"}
    store = make_store(tmp_path, {cid: {"2.1.1": v} for cid, v in judged.items()} | {"C-05": {}})
    async with CasemarkApp(store).run_test(size=(120, 40)) as pilot:
        screen = await open_case(pilot, "C-05")
        text = sidebar_lines(screen)
        # 1 of 4 sufficient: Requires improvement needs 2 more, and only C-05 is left to judge
        assert "needs 2 more → Req. improv.,\n  only 1 left to judge" in text
        screen.goto("2.1.1")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        text = sidebar_lines(screen)  # 2 of 5 now, and no case left to judge
        assert "needs 1 more → Req. improv.,\n  none left to judge" in text
