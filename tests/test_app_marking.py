"""Pilot tests of marking a case: keys answer and move, every answer is on disk at once,
conditional questions come and go, text is saved a moment after the last key, the sidebar follows."""

from __future__ import annotations

from test_app_kit import at, case_file, make_store, notices_text, open_case, palette_settled, screen_text, text_of

from casemark.tui.app import CasemarkApp
from casemark.tui.screens.case import SAVE_AFTER, CaseScreen
from casemark.tui.widgets.question_tree import QuestionTree
from casemark.tui.widgets.sidebar import Sidebar


async def test_y_answers_writes_the_file_and_moves_on(tmp_path):
    store = make_store(tmp_path, {"C-01": {}})
    app = CasemarkApp(store)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_case(pilot)
        screen.goto("I2.3")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        assert case_file(store, "C-01")["answers"]["I2.3"] == "yes"
        assert screen.current == "A2.4"  # the next visible question
        assert "What is the safety and well-being classification" in screen_text(app)
        await pilot.press("3")  # classification: 1 Low ... 3 High
        await pilot.pause()
        assert case_file(store, "C-01")["answers"]["A2.4"] == "high"
        tree = screen.query_one(QuestionTree)
        assert "● A2.4 High" in str(tree._question_labels["A2.4"])


async def test_conditional_questions_appear_and_keep_their_answers(tmp_path):
    store = make_store(tmp_path, {"C-01": {"I2.3": "no", "A2.4": "low"}})
    app = CasemarkApp(store)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_case(pilot)
        tree = screen.query_one(QuestionTree)
        assert str(tree._question_labels["A2.6"]).startswith("⊘")  # hidden until A2.5 = no
        screen.goto("A2.5")
        await pilot.pause()
        await pilot.press("n")
        await pilot.pause()
        assert screen.current == "A2.6"  # now shown, and next
        assert str(tree._question_labels["A2.6"]).startswith("!") or str(tree._question_labels["A2.6"]).startswith("○")
        await pilot.press("2")
        await pilot.pause()
        assert case_file(store, "C-01")["answers"]["A2.6"] == "medium"
        screen.goto("A2.5")
        await pilot.pause()
        await pilot.press("y")  # A2.6 hides again; its answer is kept
        await pilot.pause()
        answers = case_file(store, "C-01")["answers"]
        assert answers["A2.5"] == "yes" and answers["A2.6"] == "medium"
        assert str(tree._question_labels["A2.6"]).startswith("⊘")
        assert screen.current == "2.1.1a"  # A2.6 and A2.6a are skipped


async def test_text_is_saved_as_typed_and_escape_leaves_the_box(tmp_path):
    store = make_store(tmp_path, {"C-01": {}})
    app = CasemarkApp(store)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_case(pilot)
        screen.goto("I2.1")
        await pilot.pause()
        await pilot.press("e")
        await pilot.press(*"YJ-42")  # letters are text here, not keys
        await pilot.pause()
        assert "I2.1" not in case_file(store, "C-01")["answers"]  # not on each key...
        await pilot.pause(SAVE_AFTER + 0.15)
        assert case_file(store, "C-01")["answers"]["I2.1"] == "YJ-42"  # ...but a moment after the last
        assert screen.current == "I2.1"
        await pilot.press("escape")
        await pilot.pause()
        assert screen.focused is None
        await pilot.press("j")
        await pilot.pause()
        assert screen.current == "I2.3"


async def test_judgement_reasons_box_and_live_sidebar(tmp_path):
    store = make_store(tmp_path, {"C-01": {}, "C-02": {"2.1.1": "yes", "2.1.1.reasons": "Thorough."}})
    app = CasemarkApp(store)
    async with app.run_test(size=(160, 48)) as pilot:
        screen = await open_case(pilot)
        sidebar = screen.query_one(Sidebar)
        assert "2.1.1 1/1 100%" in text_of(sidebar.query_one("#sidebar-body"))
        await pilot.press("ctrl+p")
        await pilot.press(*"2.1.1")
        await palette_settled(pilot)
        await pilot.press("enter")
        await pilot.pause()
        assert screen.current == "2.1.1"
        await pilot.press("n")
        await pilot.pause()
        body = text_of(sidebar.query_one("#sidebar-body"))
        assert "2.1.1 1/2 50%" in body  # this answer counted at once
        assert "2.1.1 ✗" in body
        assert case_file(store, "C-01")["answers"]["2.1.1"] == "no"
        assert screen.current == "2.1.1.reasons"  # shown now the judgement is given
        await pilot.press("enter")
        await pilot.press(*"No plan")
        await pilot.pause(SAVE_AFTER + 0.15)
        assert case_file(store, "C-01")["answers"]["2.1.1.reasons"] == "No plan"


async def test_palette_jumps_by_exact_id_and_by_words(tmp_path):
    store = make_store(tmp_path, {"C-01": {}})
    app = CasemarkApp(store)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_case(pilot)
        for query, landed in (("2.1.1a", "2.1.1a"), ("2.1.2", "2.1.2"), ("strengths and protective", "2.1.1c")):
            await pilot.press("ctrl+p", *query)
            await palette_settled(pilot)
            await pilot.press("enter")
            await pilot.pause()
            assert screen.current == landed, query
        assert text_of(screen.query_one("#q-text")) == "Does assessment focus on the child's strengths and protective factors?"


async def test_next_and_previous_unanswered_skip_answers_and_hidden_questions(tmp_path):
    store = make_store(tmp_path, {"C-01": {"I2.1": "X", "I2.3": "no", "A2.4": "low", "A2.5": "yes", "2.1.1a": "yes"}})
    app = CasemarkApp(store)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_case(pilot)
        assert screen.current == "2.1.1b"  # opens at the first unanswered question
        await pilot.press("left_square_bracket")
        await pilot.pause()
        assert screen.current == "2.1.2"  # nothing unanswered before it (A2.6, A2.6a hidden): wraps to the end
        screen.goto("2.1.1b")
        await pilot.press("k", "k")
        await pilot.pause()
        assert screen.current == "A2.5"  # k steps back over visible questions only
        await pilot.press("right_square_bracket")
        await pilot.pause()
        assert screen.current == "2.1.1b"


async def test_g_toggles_the_guidance(tmp_path):
    store = make_store(tmp_path, {"C-01": {}})
    app = CasemarkApp(store)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_case(pilot)
        screen.goto("A2.4")
        await pilot.pause()
        assert "Every case must have a classification" in screen_text(app)  # shown by default
        await pilot.press("g")
        await pilot.pause()
        assert "Every case must have a classification" not in screen_text(app)
        assert "Guidance: press g to show" in screen_text(app)
        await pilot.press("g")
        await pilot.pause()
        assert "Every case must have a classification" in screen_text(app)


async def test_next_unanswered_wraps_round_to_the_start(tmp_path):
    store = make_store(tmp_path, {"C-01": {"2.1.2a": "yes"}})
    app = CasemarkApp(store)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_case(pilot)
        screen.goto("2.1.2b")
        await pilot.pause()
        await pilot.press("right_square_bracket")
        await pilot.pause()
        assert screen.current == "2.1.2"
        await pilot.press("right_square_bracket")
        await pilot.pause()
        assert screen.current == "I2.1"  # nothing unanswered after 2.1.2 is shown: back to the start


async def test_enter_in_a_one_line_answer_saves_and_moves_on(tmp_path):
    store = make_store(tmp_path, {"C-01": {}})
    app = CasemarkApp(store)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_case(pilot)
        screen.goto("I2.1")
        await pilot.pause()
        await pilot.press("enter", *"YJ-7", "enter")
        await pilot.pause()
        assert case_file(store, "C-01")["answers"]["I2.1"] == "YJ-7"
        assert screen.focused is None and screen.current == "I2.3"


# -- on the shipped framework: many options, undo, finishing, leaving ---------------------------


def real_store(tmp_path, answers: dict | None = None):
    """Inspection 'insp' on the shipped youth-2021 framework, court case C-01 with `answers`."""
    from casemark.engine.store import Store

    store = Store(tmp_path / "data")
    store.root.mkdir(parents=True)
    store.create_inspection("insp", "Anytown Youth Justice Service", "youth-2021")
    case = store.create_case("insp", "C-01", "court", "Ann")
    case.answers = dict(answers or {})
    store.save_case("insp", case)
    return store


WHITE_BRITISH = "White: English, Welsh, Scottish, Northern Irish or British"  # the 13th of I2.8's 19


async def test_the_13th_of_19_options_by_arrow_keys(tmp_path):
    store = real_store(tmp_path)
    app = CasemarkApp(store, inspection="insp", case="C-01")
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await at(pilot, "I2.8")
        q = screen.questionnaire.question("I2.8")
        assert len(q.options) == 19 and q.options[12].label == WHITE_BRITISH
        await pilot.press("e", *["down"] * 12)
        await pilot.pause()
        assert "13 ○ White: English, Welsh" in screen_text(app)  # scrolled into view, highlighted
        assert screen.query_one("#q-picker").chosen_n() == 13
        await pilot.press("enter")
        await pilot.pause()
        assert case_file(store, "C-01")["answers"]["I2.8"] == q.options[12].value
        assert screen.current == "I2.9" and screen.focused is None  # moved on; keys answer again


async def test_the_13th_of_19_options_by_typing_to_filter(tmp_path):
    store = real_store(tmp_path)
    app = CasemarkApp(store, inspection="insp", case="C-01")
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await at(pilot, "I2.8")
        await pilot.press("enter", *"white eng")
        await pilot.pause()
        shown = screen_text(app)
        assert "filter: white eng (1 of 19)" in shown and "13 ○ White: English, Welsh" in shown
        assert "Black" not in shown and "14 ○" not in shown  # only what matches every word
        await pilot.press("enter")
        await pilot.pause()
        q = screen.questionnaire.question("I2.8")
        assert case_file(store, "C-01")["answers"]["I2.8"] == q.options[12].value
        assert screen.current == "I2.9" and screen.focused is None


async def test_undo_redo_and_clear_are_saved_at_once_and_rated(tmp_path):
    store = real_store(tmp_path)
    app = CasemarkApp(store, inspection="insp", case="C-01")
    async with app.run_test(size=(160, 48)) as pilot:
        screen = await at(pilot, "2.1.1")
        sidebar = screen.query_one(Sidebar)
        await pilot.press("n")  # judged No; moves on to the reasons
        await pilot.pause()
        assert case_file(store, "C-01")["answers"]["2.1.1"] == "no"
        assert "2.1.1 ✗" in text_of(sidebar.query_one("#sidebar-body"))
        await pilot.press("u")
        await pilot.pause()
        assert "2.1.1" not in case_file(store, "C-01")["answers"]
        assert screen.current == "2.1.1" and "2.1.1 ✗" not in text_of(sidebar.query_one("#sidebar-body"))
        await pilot.press("ctrl+y")
        await pilot.pause()
        assert case_file(store, "C-01")["answers"]["2.1.1"] == "no"
        assert "2.1.1 ✗" in text_of(sidebar.query_one("#sidebar-body"))
        await pilot.press("delete")
        await pilot.pause()
        assert "2.1.1" not in case_file(store, "C-01")["answers"]
        await pilot.press("ctrl+z")  # the clearing undone
        await pilot.pause()
        assert case_file(store, "C-01")["answers"]["2.1.1"] == "no"


async def test_complete_says_when_it_can_and_reopening_asks_first(tmp_path):
    import random

    from factories import complete_answers

    from casemark.engine.store import Store

    qn = Store(tmp_path / "fw").framework("youth-2021").questionnaires["court"]
    answers = complete_answers(qn, random.Random(1))
    answers.pop("I2.1")  # one required answer still to give
    store = real_store(tmp_path, answers)
    app = CasemarkApp(store, inspection="insp", case="C-01")
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await at(pilot, "I2.1")
        assert "c Complete" in screen_text(app).replace("  ", " ") or "Complete" in screen_text(app)
        await pilot.press("e", *"YJ-5", "enter")
        await pilot.pause()
        assert "Every required answer is given: press c to mark C-01 complete." in notices_text(app)
        await pilot.press("c")
        await pilot.pause()
        assert case_file(store, "C-01")["status"] == "complete"
        await pilot.press("c")  # re-open: asks first
        await pilot.pause()
        assert "Re-open C-01?" in screen_text(app)
        await pilot.press("n")
        await pilot.pause()
        assert case_file(store, "C-01")["status"] == "complete" and app.screen is screen
        await pilot.press("c")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        assert case_file(store, "C-01")["status"] == "in-progress"


async def test_escape_leaves_the_box_then_the_case_and_never_quits(tmp_path):
    store = real_store(tmp_path)
    app = CasemarkApp(store, inspection="insp", case="C-01")
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await at(pilot, "I2.2")
        await pilot.press("e", *"East", "escape")
        await pilot.pause()
        assert case_file(store, "C-01")["answers"]["I2.2"] == "East"  # leaving wrote it at once
        assert screen.focused is None and app.screen is screen
        for _ in range(4):
            await pilot.press("escape")
            await pilot.pause()
        assert app.return_code is None and app.is_running  # at the top, Escape does nothing


async def test_reopening_offers_to_resume_at_the_case_and_question(tmp_path):
    store = real_store(tmp_path)
    app = CasemarkApp(store, inspection="insp", case="C-01")
    async with app.run_test(size=(120, 40)) as pilot:
        await at(pilot, "I2.6")
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert "Quit casemark?" in screen_text(app)
        await pilot.press("y")
        await pilot.pause()
    again = CasemarkApp(store)
    async with again.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        offer = " ".join(text_of(again.screen.query_one(".dialog-body")).split())
        assert offer == "You left off at case C-01 of inspection insp at question I2.6. Open it again?"
        await pilot.press("y")
        await pilot.pause()
        assert isinstance(again.screen, CaseScreen) and again.screen.current == "I2.6"


async def test_a_signal_writes_what_is_typed_before_the_app_exits(tmp_path):
    import signal

    store = real_store(tmp_path)
    app = CasemarkApp(store, inspection="insp", case="C-01")
    async with app.run_test(size=(120, 40)) as pilot:
        await at(pilot, "I2.2")
        await pilot.press("e", *"West")
        app.signalled(signal.SIGHUP)  # as the handler does when the SSH connection drops
        await pilot.pause()
    assert case_file(store, "C-01")["answers"]["I2.2"] == "West"
    assert app.return_code == 128 + signal.SIGHUP


async def test_a_pasted_block_in_a_one_line_box_is_joined_and_the_note_is_short(tmp_path):
    from textual import events

    store = real_store(tmp_path)
    app = CasemarkApp(store, inspection="insp", case="C-01")
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await at(pilot, "I2.5")
        shown = screen_text(app)
        assert "Source: I 2.5" in shown and "Seed" not in shown
        await pilot.press("e")
        screen.focused.post_message(events.Paste("AB 12\nCD 34\n"))
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        assert case_file(store, "C-01")["answers"]["I2.5"] == "AB 12 CD 34"
        assert "pasted lines are joined" in notices_text(app)


async def test_several_options_are_ticked_in_the_list_without_leaving_it(tmp_path):
    store = real_store(tmp_path, {"I2.12": "yes"})
    app = CasemarkApp(store, inspection="insp", case="C-01")
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await at(pilot, "I2.13")
        q = screen.questionnaire.question("I2.13")
        assert q.type == "multi" and len(q.options) == 10
        await pilot.press("e", "down", "enter", "down", "down", "enter")
        await pilot.pause()
        assert case_file(store, "C-01")["answers"]["I2.13"] == [q.options[1].value, q.options[3].value]
        assert screen.focused is screen.query_one("#q-picker")  # still ticking
        await pilot.press("escape")
        await pilot.pause()
        assert screen.focused is None and screen.current == "I2.13"
