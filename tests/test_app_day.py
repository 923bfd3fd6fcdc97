"""Pilot tests of an inspector's day on the marking screen (issue 13): jumps, soft checks that wait
for the inspector, the sidebar from the keyboard, the ratings view's drill-down, the layout."""

from __future__ import annotations

from test_app_kit import case_file, make_store, notices, open_case, screen_text, text_of

from casemark.engine.store import Store
from casemark.tui.app import CasemarkApp
from casemark.tui.screens.case import CaseScreen
from casemark.tui.screens.help import HelpScreen

GOOD = "Assessment drew on the police and school records and the child's own account."


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


# -- the ratings view ---------------------------------------------------------------------------


RATED = {"C-01": {"2.1.1": "yes"}, "C-02": {"2.1.1": "no"}, "C-03": {"2.1.1": "no"}, "C-04": {}}


async def open_ratings_at(pilot, kid: str = "2.1.1"):
    from casemark.tui.screens.ratings import RatingsScreen

    await pilot.pause()
    await pilot.press("enter")  # the inspection
    await pilot.pause()
    await pilot.press("r")
    await pilot.pause()
    screen = pilot.app.screen
    assert isinstance(screen, RatingsScreen)
    table = screen.query_one("#ratings-table")
    table.move_cursor(row=table.get_row_index(kid))
    await pilot.pause()
    return screen


async def test_the_next_band_sentence_is_said_once(tmp_path):
    store = make_store(tmp_path, RATED)
    async with CasemarkApp(store).run_test(size=(120, 40)) as pilot:
        screen = await open_ratings_at(pilot)
        shown = text_of(screen.query_one("#ratings-explanation"))
        assert "Requires improvement with 1 more sufficient" in shown
        assert shown.count("with 1 more sufficient") == 1


async def test_at_80x24_the_judged_column_leaves_room_for_the_question(tmp_path):
    store = make_store(tmp_path, RATED)
    async with CasemarkApp(store).run_test(size=(80, 24)) as pilot:
        screen = await open_ratings_at(pilot)
        kq_text = screen.framework.key_question("2.1.1").text
        row = next(line for line in screen_text(pilot.app).splitlines() if line.startswith("   2.1.1 "))
        assert "3/4" in row and "1/3 33.3%" in row  # judged and sufficient, short
        assert kq_text[:20] in row  # the question's words, not cut off by the judged column


async def test_enter_on_a_key_question_then_a_case_opens_it_there_and_escape_comes_back(tmp_path):
    store = make_store(tmp_path, RATED)
    async with CasemarkApp(store).run_test(size=(120, 40)) as pilot:
        screen = await open_ratings_at(pilot, "2.1.2")
        table = screen.query_one("#ratings-table")
        table.move_cursor(row=table.get_row_index("2.1.1"))
        await pilot.pause()
        await pilot.press("enter", "down", "enter")  # the insufficient cases, the second: C-03
        await pilot.pause()
        case = pilot.app.screen
        assert isinstance(case, CaseScreen) and case.sheet.id == "C-03"
        assert case.current == "2.1.1"  # at the key question's judgement, not the first unanswered
        await pilot.press("y")  # judged again: sufficient now
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        assert pilot.app.screen is screen  # back to the ratings view...
        assert table.get_row("2.1.1")[3].startswith("2 of 3")  # ...read afresh
        assert "Insufficient (1)" in screen_text(pilot.app)


async def test_tab_highlights_the_first_insufficient_case(tmp_path):
    store = make_store(tmp_path, RATED)
    async with CasemarkApp(store).run_test(size=(120, 40)) as pilot:
        screen = await open_ratings_at(pilot)
        await pilot.press("tab")
        await pilot.pause()
        cases = screen.query_one("#insufficient")
        assert screen.focused is cases and cases.highlighted == 0
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(pilot.app.screen, CaseScreen) and pilot.app.screen.sheet.id == "C-02"


async def test_from_a_case_the_ratings_view_takes_it_to_a_judgement_of_its_own(tmp_path):
    store = make_store(tmp_path, RATED)
    async with CasemarkApp(store).run_test(size=(120, 40)) as pilot:
        case = await open_case(pilot, "C-02")
        case.goto("I2.1")
        await pilot.press("r")
        await pilot.pause()
        ratings = pilot.app.screen
        table = ratings.query_one("#ratings-table")
        table.move_cursor(row=table.get_row_index("2.1.1"))
        await pilot.pause()
        await pilot.press("enter", "enter")  # C-02, the case beneath
        await pilot.pause()
        assert pilot.app.screen is case and case.current == "2.1.1"


# -- layout -------------------------------------------------------------------------------------


def youth_store(tmp_path) -> Store:
    store = Store(tmp_path / "data")
    store.root.mkdir()
    store.create_inspection("insp", "Anytown Youth Justice Service", "youth-2021")
    store.create_case("insp", "C-01", "court", "Ann")
    return store


async def test_at_160x48_the_tree_and_the_sidebar_grow_and_labels_show_more(tmp_path):
    from casemark.tui.widgets.question_tree import QuestionTree
    from casemark.tui.widgets.sidebar import Sidebar

    store = youth_store(tmp_path)
    async with CasemarkApp(store).run_test(size=(160, 48)) as pilot:
        screen = await open_case(pilot)
        tree, sidebar = screen.query_one(QuestionTree), screen.query_one(Sidebar)
        assert tree.size.width >= 38 and sidebar.size.width >= 36
        assert screen.query_one("#question").size.width <= 90  # no longer ~98 mostly empty columns
        assert "I1.1 Anytown Youth Justice Service" in screen_text(pilot.app)  # prefilled, shown whole
    async with CasemarkApp(store, inspection="insp", case="C-01").run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert pilot.app.screen.query_one(QuestionTree).outer_size.width == 20  # narrow: as before


async def test_wrapped_option_labels_hang_under_the_label(tmp_path):
    store = youth_store(tmp_path)
    async with CasemarkApp(store).run_test(size=(100, 40)) as pilot:
        screen = await open_case(pilot)
        q = screen.questionnaire.question("I3.1")  # 7 options, some of 70 characters
        long = max(q.options, key=lambda o: len(o.label))
        n = q.options.index(long) + 1
        screen.goto("I3.1")
        await pilot.pause()
        await pilot.pause()
        lines = screen_text(pilot.app).splitlines()
        first_word = long.label.split()[0]
        first = next(i for i, line in enumerate(lines) if f" {n}   ○ {first_word}" in line)
        label_col = lines[first].index(f"○ {first_word}") + 2
        nxt = lines[first + 1]
        assert nxt[label_col - 6 : label_col].strip() == ""  # the key column is blank on the next line
        assert nxt[label_col] != " ", "\n".join(lines[first - 1 : first + 3])  # ...and the label goes on under its first word
        assert long.label.split()[-1] in " ".join(lines[first : first + 4])


def footer_text(app) -> str:
    return screen_text(app).splitlines()[-1]


async def test_the_footer_offers_only_the_keys_of_the_question(tmp_path):
    store = make_store(tmp_path, {"C-01": {}})
    async with CasemarkApp(store).run_test(size=(120, 40)) as pilot:
        screen = await open_case(pilot)
        screen.goto("I2.3")  # yes/no
        await pilot.pause()
        assert "y Yes" in footer_text(pilot.app) and "n No" in footer_text(pilot.app)
        assert "N/A" not in footer_text(pilot.app)
        screen.goto("2.1.1a")  # yes/no/n-a
        await pilot.pause()
        assert "a N/A" in footer_text(pilot.app)
        screen.goto("A2.4")  # a classification
        await pilot.pause()
        assert "Yes" not in footer_text(pilot.app)
        await pilot.press("y")  # no answer: y is not a key here
        await pilot.pause()
        assert "A2.4" not in case_file(store, "C-01").get("answers", {})
        screen.goto("I2.1")  # text
        await pilot.pause()
        footer = footer_text(pilot.app)
        assert "Yes" not in footer and "N/A" not in footer and "Write" in footer
        await pilot.press("e")
        await pilot.pause()
        assert "Write" not in footer_text(pilot.app)  # in the box, Enter/e are text
        await pilot.press("escape")
        await pilot.pause()
        assert "Write" in footer_text(pilot.app)


async def test_wrapped_labels_in_the_option_list_hang_too(tmp_path):
    store = youth_store(tmp_path)
    async with CasemarkApp(store).run_test(size=(100, 40)) as pilot:
        screen = await open_case(pilot)
        screen.goto("I2.12")
        await pilot.pause()
        await pilot.press("1")  # yes: the nature of the disability, I2.13, is asked (10 options: a list)
        await pilot.pause()
        screen.goto("I2.13")
        await pilot.pause()
        await pilot.pause()
        lines = screen_text(pilot.app).splitlines()
        first = next(i for i, line in enumerate(lines) if "☐ Socially" in line)
        label_col = lines[first].index("☐ Socially") + 2
        nxt = lines[first + 1]
        assert nxt[label_col - 5 : label_col].strip() == "" and nxt[label_col] != " ", "\n".join(lines[first - 1 : first + 3])
