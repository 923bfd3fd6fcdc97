"""engine/session.py on its own (no UI): pending text, flush, undo and redo, failed writes kept,
status and exclusion reasons, acknowledgements, changes on disk."""

from __future__ import annotations

import tomllib

import pytest
from test_app_kit import IID, make_store

from casemark.engine.live import LiveRatings
from casemark.engine.session import Overtaken, ReadOnly, Session
from casemark.engine.sheets import CaseSheet
from casemark.engine.store import AnswerConflict, IncompleteError, StoreError


def session_of(store, cid: str = "C-01", holder: str = "") -> Session:
    inspection = store.load_inspection(IID)
    framework = store.framework(inspection.framework, store.inspection_path(IID))
    case = store.load_case(IID, cid)
    cases, _ = store.load_cases(IID)
    live = LiveRatings(framework, inspection, cases)
    return Session(CaseSheet(store, inspection, case, framework.questionnaires[case.questionnaire]), live, holder=holder)


def on_disk(store, cid: str = "C-01") -> dict:
    return tomllib.loads(store.case_path(IID, cid).read_text())["answers"]


def test_typing_is_pending_until_flushed(tmp_path):
    store = make_store(tmp_path, {"C-01": {}})
    s = session_of(store)
    s.type("I2.1", "YJ")
    s.type("I2.1", "YJ-42")
    assert "I2.1" not in on_disk(store)  # no write on the keystroke path
    assert s.view()["I2.1"] == "YJ-42" and "I2.1" not in s.answers
    assert s.flush() is None
    assert on_disk(store)["I2.1"] == "YJ-42" and s.pending == {}
    assert s.answers["I2.1"] == "YJ-42"


def test_a_failed_write_keeps_the_text_and_is_reported_once(tmp_path, monkeypatch):
    store = make_store(tmp_path, {"C-01": {}})
    s = session_of(store)
    real = store.save_case

    def broken(iid, case):
        raise StoreError(store.case_path(iid, case.case_id), "", "the disk is full (free some space)")

    monkeypatch.setattr(store, "save_case", broken)
    s.type("I2.1", "YJ-4")
    first = s.flush()
    assert isinstance(first, StoreError) and "disk is full" in str(first)
    s.type("I2.1", "YJ-42")
    assert s.flush() is None  # the same failure again: not reported twice...
    assert s.pending == {"I2.1": "YJ-42"} and s.failure is not None  # ...and the text is kept
    monkeypatch.setattr(store, "save_case", real)
    assert s.flush() is None and s.failure is None
    assert on_disk(store)["I2.1"] == "YJ-42"


def test_undo_and_redo_write_at_once_and_typing_is_one_step(tmp_path):
    store = make_store(tmp_path, {"C-01": {}})
    s = session_of(store)
    s.answer("I2.3", "no")
    s.type("I2.1", "YJ")
    s.flush()
    s.type("I2.1", "YJ-42")  # the same typing, written in a second flush: one undo step
    s.flush()
    s.seal()
    assert s.undo().qid == "I2.1"
    assert "I2.1" not in on_disk(store) and on_disk(store)["I2.3"] == "no"
    assert s.undo().qid == "I2.3"
    assert "I2.3" not in on_disk(store)
    assert s.undo() is None
    assert s.redo().qid == "I2.3" and on_disk(store)["I2.3"] == "no"
    assert s.redo().qid == "I2.1" and on_disk(store)["I2.1"] == "YJ-42"
    s.clear("I2.3")
    assert "I2.3" not in on_disk(store) and s.redo() is None  # a new change ends the redo


def test_an_answer_writes_what_is_pending_first_and_ratings_follow(tmp_path):
    store = make_store(tmp_path, {"C-01": {}})
    s = session_of(store)
    s.type("I2.1", "YJ-1")
    s.answer("2.1.1", "no")
    assert on_disk(store)["I2.1"] == "YJ-1" and on_disk(store)["2.1.1"] == "no"
    assert s.live.cases["C-01"].answers["2.1.1"] == "no"


def test_status_complete_is_refused_until_ready_and_exclusion_reason_is_kept(tmp_path):
    store = make_store(tmp_path, {"C-01": {}})
    s = session_of(store)
    assert s.missing()
    with pytest.raises(IncompleteError):
        s.set_status("complete")
    s.set_status("excluded", "Transferred out of the area")
    s.set_status("in-progress")
    s.set_status("excluded")  # again, no reason given: the last one is kept
    assert store.load_case(IID, "C-01").exclusion_reason == "Transferred out of the area"


def test_read_only_writes_nothing_and_poll_reloads_others_changes(tmp_path):
    store = make_store(tmp_path, {"C-01": {"I2.1": "A"}})
    s = session_of(store, holder="Bob on host")
    s.type("I2.1", "mine")
    assert s.flush() is None and s.pending == {}
    with pytest.raises(ReadOnly, match=r"C-01 is open read-only \(Bob on host\)"):
        s.answer("I2.3", "yes")
    assert s.poll() is None  # nothing changed on disk
    theirs = store.load_case(IID, "C-01")
    store.set_answer(IID, theirs, "I2.3", "yes")
    seen = s.poll()
    assert seen is not None and seen.reloaded and seen.changed == ["I2.3"]
    assert s.answers["I2.3"] == "yes"


def test_typing_merges_with_another_inspectors_answers(tmp_path):
    store = make_store(tmp_path, {"C-01": {}})
    s = session_of(store)
    other = store.load_case(IID, "C-01")
    store.set_answer(IID, other, "I2.3", "yes")  # someone else writes another answer meanwhile
    s.type("I2.1", "YJ-9")
    assert s.flush() is None and s.pending == {}
    assert on_disk(store)["I2.1"] == "YJ-9" and on_disk(store)["I2.3"] == "yes"  # both kept
    assert s.answers["I2.3"] == "yes"  # and the session now holds theirs too
    assert s.live.cases["C-01"].answers["I2.3"] == "yes"  # as do the live ratings


def test_the_same_answer_changed_both_ways_is_kept_for_the_user_to_choose(tmp_path):
    store = make_store(tmp_path, {"C-01": {}})
    s = session_of(store)
    other = store.load_case(IID, "C-01")
    store.set_answer(IID, other, "I2.1", "THEIRS")
    s.type("I2.1", "MINE")
    s.type("I2.3", "yes")
    error = s.flush()
    assert isinstance(error, AnswerConflict) and [c.question for c in error.conflicts] == ["I2.1"]
    assert on_disk(store)["I2.1"] == "THEIRS" and on_disk(store)["I2.3"] == "yes"  # the rest written
    assert s.conflict is None and s.held == {"I2.1"}  # not blocked: mine waits in the record
    [record] = s.sheet.conflicts()
    assert (record.question, record.mine, record.theirs) == ("I2.1", "MINE", "THEIRS")
    s.type("I2.1", "MINE, typed on")  # typing there goes on, and waits for the choice
    assert s.flush() is None and on_disk(store)["I2.1"] == "THEIRS"
    s.resolve(record, "mine")
    assert on_disk(store)["I2.1"] == "MINE, typed on" and s.sheet.conflicts() == [] and s.pending == {}


def test_undo_refuses_to_write_over_a_later_answer_of_someone_else(tmp_path):
    store = make_store(tmp_path, {"C-01": {}})
    s = session_of(store)
    s.answer("I2.3", "no")
    other = store.load_case(IID, "C-01")
    store.set_answer(IID, other, "I2.3", "yes")
    assert s.poll().reloaded  # nothing pending, nothing typed: the session takes theirs in
    with pytest.raises(Overtaken, match="changed by someone else"):
        s.undo()
    assert on_disk(store)["I2.3"] == "yes"


def test_an_acknowledgement_keeps_what_the_save_merged_in(tmp_path):
    store = make_store(tmp_path, {"C-01": {"I2.3": "no", "A2.4": "low", "2.1.1a": "no", "2.1.1b": "no", "2.1.1": "yes"}})
    s = session_of(store)
    other = store.load_case(IID, "C-01")
    store.set_answer(IID, other, "I2.1", "THEIRS")
    s.acknowledge("against-prompts", "2.1.1", "Prompts miss the victim work")
    assert s.answers["I2.1"] == "THEIRS"
    s.answer("A2.5", "yes")  # the next save must not drop theirs
    assert on_disk(store)["I2.1"] == "THEIRS" and on_disk(store)["A2.5"] == "yes"


def test_acknowledge_and_withdraw_are_saved_through_the_session(tmp_path):
    store = make_store(tmp_path, {"C-01": {"I2.3": "no", "A2.4": "low", "2.1.1a": "no", "2.1.1b": "no", "2.1.1": "yes"}})
    s = session_of(store)
    s.acknowledge("against-prompts", "2.1.1", "Prompts miss the victim work")
    text = tomllib.loads(store.case_path(IID, "C-01").read_text())
    assert text["acknowledged"] == {"against-prompts:2.1.1": "Prompts miss the victim work"}
    s.acknowledge("against-prompts", "2.1.1", None)
    assert tomllib.loads(store.case_path(IID, "C-01").read_text()).get("acknowledged", {}) == {}


def test_poll_of_a_session_that_writes_takes_theirs_in_only_when_nothing_is_typed(tmp_path):
    store = make_store(tmp_path, {"C-01": {}})
    s = session_of(store)
    s.answer("I2.3", "no")
    assert s.poll() is None  # our own write is not someone else's change
    theirs = store.load_case(IID, "C-01")
    store.set_answer(IID, theirs, "I2.1", "THEIRS")
    s.type("A2.5", "yes")
    seen = s.poll()
    assert seen is not None and not seen.reloaded and s.answers.get("I2.1") is None  # typing: not yet
    seen = s.poll(idle=False)
    assert seen is not None and not seen.reloaded  # asked again while a box is open: still not
    s.flush()  # the write merges theirs in
    assert s.answers["I2.1"] == "THEIRS" and on_disk(store)["A2.5"] == "yes"
    store.set_answer(IID, store.load_case(IID, "C-01"), "I2.1", "AGAIN")
    seen = s.poll()
    assert seen.reloaded and seen.changed == ["I2.1"] and s.answers["I2.1"] == "AGAIN"
    assert s.poll() is None
