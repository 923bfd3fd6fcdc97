"""Pilot tests of y, n and a where the question has no such option (issue 13): the footer leaves
them out there, and pressing one says what the question takes instead, saving nothing; typed
ahead after `e`, the same letters are text in the box."""

from __future__ import annotations

from test_app_kit import IID, case_file, make_store, notices, open_case

from casemark.tui.app import CasemarkApp


async def test_a_letter_the_question_lacks_says_what_it_takes_and_saves_nothing(tmp_path):
    store = make_store(tmp_path, {"C-01": {"I2.1": "YJ-4"}})
    before = store.case_path(IID, "C-01").read_bytes()
    async with CasemarkApp(store).run_test(size=(120, 40)) as pilot:
        screen = await open_case(pilot)
        screen.goto("I2.3")  # yes/no
        await pilot.pause()
        await pilot.press("a")
        await pilot.pause()
        assert notices(pilot.app) == ["I2.3 has no 'N/A' (its options: Yes, No)"]
        screen.goto("A2.4")  # a classification
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        assert notices(pilot.app)[-1] == "A2.4 has no 'Yes' (its options: 1 Low, 2 Medium, 3 High, 4 Very high)"
        screen.goto("I2.1")  # text
        await pilot.pause()
        await pilot.press("n")
        await pilot.pause()
        assert notices(pilot.app)[-1] == "I2.1 is a text answer: press e to type it"
        assert len(notices(pilot.app)) == 3
        assert store.case_path(IID, "C-01").read_bytes() == before  # nothing written
        assert case_file(store, "C-01")["answers"] == {"I2.1": "YJ-4"}


async def test_a_letter_the_question_has_still_answers_without_a_notice(tmp_path):
    store = make_store(tmp_path, {"C-01": {"I2.1": "YJ-4"}})
    async with CasemarkApp(store).run_test(size=(120, 40)) as pilot:
        screen = await open_case(pilot)
        screen.goto("I2.3")
        await pilot.pause()
        await pilot.press("n")
        await pilot.pause()
        assert case_file(store, "C-01")["answers"]["I2.3"] == "no"
        assert not [n for n in notices(pilot.app) if "has no" in n or "press e" in n]


async def test_the_letters_typed_ahead_after_e_go_into_the_box(tmp_path):
    store = make_store(tmp_path, {"C-01": {}})
    async with CasemarkApp(store).run_test(size=(120, 40)) as pilot:
        screen = await open_case(pilot)
        screen.goto("I2.1")  # text: y, n and a are no answers to it, but text in its box
        await pilot.pause()
        await pilot.press("e", *"any", "escape")
        await pilot.pause()
        assert case_file(store, "C-01")["answers"]["I2.1"] == "any"
        assert notices(pilot.app) == []
