"""The store merges a save with a file changed since it was read; conflicts are recorded, listed, resolved."""

from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path

import pytest

from casemark.engine import checks, tomlfile
from casemark.engine import conflicts as records
from casemark.engine.merge import Conflict
from casemark.engine.store import AnswerConflict, ConflictError, IncompleteError, NotFoundError, ParseError, Store, StoreError

FIXTURES = Path(__file__).resolve().parent / "fixtures"


@pytest.fixture
def two(tmp_path: Path) -> tuple[Store, Store]:
    ann = Store(tmp_path, framework_root=FIXTURES, user="ann")
    ada = Store(tmp_path, framework_root=FIXTURES, user="ada")
    ann.create_inspection("insp", "S", framework="store-fw")
    ann.create_case("insp", "C-1", "court", inspector="Ann")
    return ann, ada


def conflicted(two) -> tuple[Store, Store, object, object, AnswerConflict]:
    """Ann and Ada both answer I1 (differently) and each something else."""
    ann, ada = two
    mine, theirs = ann.load_case("insp", "C-1"), ada.load_case("insp", "C-1")
    ada.set_answer("insp", theirs, "I4", "Ms Manager")
    ann.set_answer("insp", mine, "I3", 15)  # merges: no conflict
    theirs.inspector = "Ada"
    ada.set_answer("insp", theirs, "I1", "red")  # merges too
    theirs_again = ada.load_case("insp", "C-1")
    with pytest.raises(AnswerConflict) as err:
        ann.set_answer("insp", mine, "I1", "blue")
    return ann, ada, mine, theirs_again, err.value


def test_a_conflict_keeps_theirs_in_the_file_mine_in_the_record_and_raises(two) -> None:
    ann, ada, mine, _, exc = conflicted(two)
    path = ann.case_path("insp", "C-1")
    on_disk = ann.load_case("insp", "C-1")
    assert on_disk.answers == {"I1": "red", "I3": 15, "I4": "Ms Manager"}
    assert mine.answers == on_disk.answers and mine.origin == tomlfile.digest(path.read_bytes())  # the caller sees the file
    assert isinstance(exc, ConflictError) and isinstance(exc, StoreError)
    assert [(c.label, c.base, c.mine, c.theirs, c.theirs_by) for c in exc.conflicts] == [("answers.I1", None, "blue", "red", "Ada")]
    assert exc.record == path.with_name("C-1.toml.conflicts") and exc.record.exists()
    assert str(exc).startswith(f"{path}:answers.I1: changed both by you and by Ada since you read it: answers.I1; the file keeps theirs, yours is kept in {exc.record}")
    assert exc.mine.answers["I1"] == "blue" and exc.merged == mine
    [entry] = ann.conflicts("insp", "C-1")
    assert (entry.key, entry.question, entry.mine, entry.theirs, entry.mine_by, entry.theirs_by) == ("answers", "I1", "blue", "red", "ann", "Ada")
    assert entry.theirs_updated == on_disk.updated and entry.recorded is not None
    assert not list(path.parent.glob("*.conflict-*"))  # no whole-file copies any more


def test_resolve_mine_writes_my_value_and_removes_the_record(two) -> None:
    ann, ada, mine, _, exc = conflicted(two)
    case = ann.resolve_conflict("insp", "C-1", "I1", "mine", into=mine)
    assert case is mine and mine.answers["I1"] == "blue"
    assert ann.load_case("insp", "C-1").answers == {"I1": "blue", "I3": 15, "I4": "Ms Manager"}
    assert ann.conflicts("insp", "C-1") == [] and not exc.record.exists()


def test_resolve_theirs_keeps_the_file_and_removes_the_entry(two) -> None:
    ann, ada, mine, _, exc = conflicted(two)
    before = ann.case_path("insp", "C-1").read_bytes()
    case = ann.resolve_conflict("insp", "C-1", "I1", "theirs")
    assert case.answers["I1"] == "red" and ann.case_path("insp", "C-1").read_bytes() == before
    assert not exc.record.exists()
    with pytest.raises(NotFoundError, match=r"C-1.toml.conflicts:answers.I1: no open conflict here"):
        ann.resolve_conflict("insp", "C-1", "I1", "theirs")


def test_decide_later_leaves_the_entry_and_a_settled_one_is_not_listed(two) -> None:
    ann, ada, mine, theirs, exc = conflicted(two)
    assert len(ann.conflicts("insp", "C-1")) == 1  # listed again and again until decided
    ada.set_answer("insp", theirs, "I1", "blue")  # Ada comes round to Ann's answer: settled
    assert ann.conflicts("insp", "C-1") == [] and exc.record.exists()
    ann.resolve_conflict("insp", "C-1", "I1", "theirs")  # still resolvable: removes the entry
    assert not exc.record.exists()


def test_two_entries_on_one_question_are_both_kept(two, tmp_path: Path) -> None:
    ann, ada, mine, theirs, exc = conflicted(two)
    bea = Store(tmp_path, framework_root=FIXTURES, user="bea")
    hers = bea.load_case("insp", "C-1")
    hers.answers["I1"] = "other"
    hers.origin = exc.record.name  # pretend she read an older version (base unknown): still recorded
    with pytest.raises(AnswerConflict):
        bea.save_case("insp", hers)
    entries = ann.conflicts("insp", "C-1")
    assert [(e.mine, e.mine_by) for e in entries] == [("blue", "ann"), ("other", "bea")]
    ann.resolve_conflict("insp", "C-1", "I1", "mine", conflict_id=entries[0].id)
    assert ann.load_case("insp", "C-1").answers["I1"] == "blue"
    assert [e.mine_by for e in ann.conflicts("insp", "C-1")] == ["bea"]


def test_status_and_acknowledgements_merge_through_the_store(two) -> None:
    ann, ada = two
    setup = ann.load_case("insp", "C-1")
    for qid, value in {"I1": "red", "2.1.1": "yes", "2.1.1.reasons": "Thorough analysis of offending.", "2.1.2": "no", "2.1.2.reasons": "Risks were not identified at all."}.items():
        ann.set_answer("insp", setup, qid, value)
    mine, theirs = ann.load_case("insp", "C-1"), ada.load_case("insp", "C-1")
    ada.set_status("insp", theirs, "complete")
    checks.acknowledge(mine, "short-reasons", "2.1.1", "the reasons are enough here")
    ann.save_case("insp", mine)
    assert mine.status == "complete" and mine.extra["acknowledged"] == {"short-reasons:2.1.1": "the reasons are enough here"}
    # Ann clears a required answer while Ada (who read the complete case) changes another
    mine, theirs = ann.load_case("insp", "C-1"), ada.load_case("insp", "C-1")
    ada.set_answer("insp", theirs, "I4", "Ms Manager")
    ann.set_answer("insp", mine, "I1", None)
    on_disk = ann.load_case("insp", "C-1")
    assert on_disk.status == "in-progress" and "I1" not in on_disk.answers and on_disk.answers["I4"] == "Ms Manager"
    # and the other way: Ada marks complete a case Ann has just made incomplete
    ann.set_answer("insp", mine, "I1", "red")
    mine, theirs = ann.load_case("insp", "C-1"), ada.load_case("insp", "C-1")
    ann.set_answer("insp", mine, "I1", None)
    ada.set_status("insp", theirs, "complete")  # Ada's view had I1: the store let her
    on_disk = ann.load_case("insp", "C-1")
    assert on_disk.status == "in-progress" and "I1" not in on_disk.answers
    assert ada.last_merge.notes == ["status: merged as complete, but I1 now unanswered, so the case is back to in-progress"]


def test_inspection_conflict_record_and_resolve(two) -> None:
    ann, ada = two
    a, b = ann.load_inspection("insp"), ada.load_inspection("insp")
    ann.set_rating(a, "1.1", "good")
    with pytest.raises(AnswerConflict) as err:
        ada.set_rating(b, "1.1", "inadequate")
    assert b.ratings == {"1.1": "good"} and err.value.record.name == "inspection.toml.conflicts"
    [entry] = ada.conflicts("insp")
    assert (entry.key, entry.question, entry.mine, entry.theirs) == ("ratings", "1.1", "inadequate", "good")
    ada.resolve_conflict("insp", None, "1.1", "mine", key="ratings", into=b)
    assert ann.load_inspection("insp").ratings == {"1.1": "inadequate"} == b.ratings
    assert not err.value.record.exists()


def test_a_file_that_does_not_parse_is_never_overwritten(two) -> None:
    ann, ada = two
    mine = ann.load_case("insp", "C-1")
    path = ann.case_path("insp", "C-1")
    path.write_text(path.read_text().replace("status =", "status"))
    before = hashlib.sha256(path.read_bytes()).hexdigest()
    with pytest.raises(ConflictError) as err:
        ann.set_answer("insp", mine, "I1", "red")
    assert not isinstance(err.value, AnswerConflict) and "a version that does not parse" in str(err.value)
    assert hashlib.sha256(path.read_bytes()).hexdigest() == before
    assert mine.answers == {}  # nothing was written: the caller's case is as it was
    assert err.value.kept is not None and 'I1 = "red"' in err.value.kept.read_text()  # mine kept beside it


def test_a_record_that_does_not_parse_is_reported(two) -> None:
    ann, _ = two
    ann.conflict_record("insp", "C-1").write_text("[[conflict]\n")
    with pytest.raises(ParseError, match=r"C-1.toml.conflicts: not valid TOML at line 1"):
        ann.conflicts("insp", "C-1")


def test_a_copy_without_its_base_still_merges_on_the_store_that_read_it(two) -> None:
    ann, ada = two
    case = ann.load_case("insp", "C-1")
    copy = ann.load_case("insp", "C-1")
    copy.base = None  # e.g. a screen that copied only `origin` back after a save
    ada.set_answer("insp", ada.load_case("insp", "C-1"), "I4", "Ms Ada")
    ann.set_answer("insp", copy, "I1", "red")  # a base from the versions this store has read
    assert ann.load_case("insp", "C-1").answers == {"I1": "red", "I4": "Ms Ada"}
    # a store that never saw that version has no base: the difference is kept as a conflict, not lost
    bea = Store(ann.root, framework_root=FIXTURES, user="bea")
    case.base = None
    case.answers["I3"] = 2
    with pytest.raises(AnswerConflict) as err:
        bea.save_case("insp", case)
    assert {(c.question, c.mine, c.theirs) for c in err.value.conflicts} == {("I3", 2, None), ("I1", None, "red"), ("I4", None, "Ms Ada")}
    assert ann.load_case("insp", "C-1").answers == {"I1": "red", "I4": "Ms Ada"}


def test_resolving_a_status_conflict_follows_the_status_rules(two) -> None:
    ann, ada = two
    setup = ann.load_case("insp", "C-1")
    for qid, value in {"I1": "red", "2.1.1": "yes", "2.1.1.reasons": "Thorough analysis of offending.", "2.1.2": "no", "2.1.2.reasons": "Risks were not identified at all."}.items():
        ann.set_answer("insp", setup, qid, value)
    mine, theirs = ann.load_case("insp", "C-1"), ada.load_case("insp", "C-1")
    ada.set_status("insp", theirs, "excluded", "moved out of the area")
    with pytest.raises(AnswerConflict) as err:
        ann.set_status("insp", mine, "complete")
    assert {(c.label, c.mine, c.theirs) for c in err.value.conflicts} == {("status", "complete", "excluded"), ("exclusion_reason", None, "moved out of the area")}
    assert (mine.status, mine.exclusion_reason) == ("excluded", "moved out of the area")  # theirs, as the file
    ann.resolve_conflict("insp", "C-1", "", "mine", key="status", into=mine)
    on_disk = ann.load_case("insp", "C-1")
    assert (on_disk.status, on_disk.exclusion_reason) == ("complete", "") == (mine.status, mine.exclusion_reason)
    assert ann.conflicts("insp", "C-1") == []  # the reason's entry is settled with it (the file has none)
    # "complete" is refused while something is missing, and the entry stays
    ann.set_answer("insp", mine, "I1", None)
    assert mine.status == "in-progress"
    records.add(ann.case_path("insp", "C-1"), [Conflict("status", "", "in-progress", "complete", "in-progress")], "ann", dt.datetime.now(dt.timezone.utc))
    with pytest.raises(IncompleteError, match="I1: required but unanswered"):
        ann.resolve_conflict("insp", "C-1", "", "mine", key="status")
    assert [c.label for c in ann.conflicts("insp", "C-1")] == ["status"]


def test_a_merge_that_starts_again_updates_its_entry_rather_than_adding_one(two) -> None:
    ann, _ = two
    path = ann.case_path("insp", "C-1")
    now = dt.datetime(2026, 11, 23, 10, 0, tzinfo=dt.timezone.utc)
    records.add(path, [Conflict("answers", "I1", None, "blue", "red", "Ada")], "ann", now)
    records.add(path, [Conflict("answers", "I1", None, "blue", "other", "Bea")], "ann", now)
    records.add(path, [Conflict("answers", "I1", None, "blue", "other", "Bea")], "bea", now)
    entries = records.read(path)
    assert [(e.mine, e.theirs, e.theirs_by, e.mine_by) for e in entries] == [("blue", "other", "Bea", "ann"), ("blue", "other", "Bea", "bea")]


def test_a_record_keeps_any_answer_value_exactly(tmp_path: Path) -> None:
    path = tmp_path / "C-1.toml"
    when = dt.datetime(2026, 11, 23, 10, 4, tzinfo=dt.timezone.utc)
    values = ['He said "no" \\ twice.\nThen\ttabbed, """quoted""".', ["red", "blue"], 15, None, ""]
    records.add(path, [Conflict("answers", f"Q{i}", None, v, "x", "Ada", when) for i, v in enumerate(values)], "ann", when)
    assert [r.mine for r in records.read(path)] == values[:3] + [None, ""]
    records.remove(path, {r.id for r in records.read(path)})
    assert not records.record_path(path).exists()
