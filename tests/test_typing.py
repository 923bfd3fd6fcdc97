"""What is typed is what is saved, at a steady typing rate, while the store is slow.

A typist thread sends keys to the app as a terminal driver does (`driver.send_message`, from
another thread, one key every 30 ms, never waiting for the app to settle), with short pauses
between phrases so that the typing is written while more keys arrive; the store's writes sleep
100 ms (the first 400 ms). Then the exact TOML line in the case file and the cursor position.
A burst (`e`, text, Enter and the next answer delivered at once, as over SSH) lands in the box
and then on the screen's keys, in order.
"""

from __future__ import annotations

import asyncio
import time
import tomllib
import unicodedata

from textual import events
from textual.keys import _character_to_key

from test_app_kit import at

from casemark.engine import tomlfile
from casemark.engine.store import Store
from casemark.tui.app import CasemarkApp
from casemark.tui.screens.ratings import RatingsScreen

IID = "insp"
SENTENCE = "and the quick brown fox jumps over the lazy dog"


class SlowStore(Store):
    """A store whose case writes sleep (on the UI thread, as a slow disk or share would)."""

    def __init__(self, *args, delay: float = 0.1, first: float = 0.4, **kwargs):
        super().__init__(*args, **kwargs)
        self.delays = [first]
        self.delay = delay
        self.writes = 0

    def save_case(self, iid, case):
        time.sleep(self.delays.pop() if self.delays else self.delay)
        self.writes += 1
        super().save_case(iid, case)


def make(tmp_path, answers: dict) -> SlowStore:
    """Inspection 'insp' on the shipped youth-2021 framework, court case C-01 with `answers`."""
    store = SlowStore(tmp_path / "data")
    store.root.mkdir(parents=True)
    store.create_inspection(IID, "Anytown Youth Justice Service", "youth-2021")
    case = store.create_case(IID, "C-01", "court", "Ann")
    case.answers = dict(answers)
    Store.save_case(store, IID, case)
    return store


def key_event(key: str) -> events.Key:
    """The Key event a terminal driver sends for `key` (a character or a key name), as Pilot makes it."""
    name = _character_to_key(key) if len(key) == 1 and not key.isalnum() else key
    try:
        char = unicodedata.lookup(name.upper().replace("_", " ")) if len(key) > 1 else key
    except KeyError:
        char = None
    if name in ("enter", "escape", "tab", "backspace", "delete"):
        char = {"enter": "\r", "escape": "\x1b", "tab": "\t", "backspace": "\x7f"}.get(name)
    return events.Key(name, char)


async def type_steadily(app, keys: list[str], every: float = 0.03) -> None:
    """Send `keys` from another thread, one every `every` seconds whatever the app is doing;
    "wait:0.4" is a pause of the typist."""
    driver = app._driver

    def typist() -> None:
        for key in keys:
            if key.startswith("wait:"):
                time.sleep(float(key[5:]))
                continue
            event = key_event(key)
            event.set_sender(app)
            driver.send_message(event)
            time.sleep(every)

    await asyncio.to_thread(typist)


def phrases(text: str) -> list[str]:
    """The keys of `text`, with a typist's pause (longer than the save delay) after every 3 words."""
    keys: list[str] = []
    for n, word in enumerate(text.split(" ")):
        if n:
            keys.append(" ")
            if n % 3 == 0:
                keys.append("wait:0.35")
        keys.extend(word)
    return keys


async def settled(pilot, seconds: float = 1.2) -> None:
    await pilot.pause(seconds)
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


def saved_line(store: Store, qid: str) -> str:
    """The case file's line for answer `qid` (the first, for a multi-line string)."""
    key = tomlfile.key(qid)
    for line in store.case_path(IID, "C-01").read_text().splitlines():
        if line.startswith(f"{key} = "):
            return line
    return ""


def saved(store: Store, qid: str):
    return tomllib.loads(store.case_path(IID, "C-01").read_text())["answers"].get(qid)


async def test_steady_typing_into_a_one_line_box_is_saved_exactly(tmp_path):
    store = make(tmp_path, {"I2.2": "South team"})
    app = CasemarkApp(store, inspection=IID, case="C-01")
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await at(pilot, "I2.2")
        await type_steadily(app, ["e", " ", *phrases(SENTENCE)])
        await settled(pilot)
        box = screen.query_one("#q-input")
        expected = f"South team {SENTENCE}"
        assert box.value == expected
        assert box.cursor_position == len(expected)  # the cursor followed the typing to the end
        assert saved_line(store, "I2.2") == f'"I2.2" = "{expected}"'
        assert store.writes >= 3  # written in several flushes while the typing went on
        assert screen.focused is box and screen.current == "I2.2"


async def test_steady_typing_at_the_end_of_an_8_kb_reasons_box(tmp_path):
    long = "\n".join(f"Line {n:03d} of the reasons already recorded for this judgement, kept as they were." for n in range(104))
    assert len(long) > 8_000
    store = make(tmp_path, {"2.1.1": "no", "2.1.1.reasons": long})
    app = CasemarkApp(store, inspection=IID, case="C-01")
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await at(pilot, "2.1.1")
        await type_steadily(app, ["e", "enter", *phrases("The " + SENTENCE + ".")])
        await settled(pilot)
        area = screen.query_one("#q-reasons")
        expected = f"{long}\nThe {SENTENCE}."
        assert area.text == expected
        assert area.cursor_location == area.document.end
        assert saved(store, "2.1.1.reasons") == expected
        assert saved(store, "2.1.1") == "no"


async def test_steady_typing_of_a_text_answer_with_a_new_line(tmp_path):
    store = make(tmp_path, {"I2.4": "no"})
    app = CasemarkApp(store, inspection=IID, case="C-01")
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await at(pilot, "I2.4a")
        await type_steadily(app, ["e", *phrases("Agreed with the lead"), "enter", *phrases("inspector to keep it.")])
        await pilot.press("escape")  # leaving writes at once
        await pilot.pause()
        expected = "Agreed with the lead\ninspector to keep it."
        assert saved(store, "I2.4a") == expected
        assert saved_line(store, "I2.4a") == '"I2.4a" = """'  # a multi-line TOML string
        assert screen.focused is None and screen.current == "I2.4a"


async def test_a_burst_of_e_text_enter_and_an_answer_goes_where_it_was_meant(tmp_path):
    store = make(tmp_path, {})
    app = CasemarkApp(store, inspection=IID, case="C-01")
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await at(pilot, "I2.2")
        # in one go: the N and r of North would answer No and open the ratings on the screen's keys
        await type_steadily(app, ["e", *"North team", "enter", "y"], every=0)
        await settled(pilot)
        assert not isinstance(app.screen, RatingsScreen)
        assert app.screen is screen
        assert saved_line(store, "I2.2") == '"I2.2" = "North team"'
        assert saved(store, "I2.3") == "yes"  # Enter moved on to I2.3, then y answered it
        assert screen.current == "I2.4" and screen.focused is None
