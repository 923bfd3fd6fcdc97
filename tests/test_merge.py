"""The three-way merge of a case or an inspection, answer by answer (engine/merge.py): pure, no files."""

from __future__ import annotations

import copy
import datetime as dt

from casemark.engine import merge
from casemark.engine.merge import Change, Conflict
from casemark.engine.model import Case, Inspection

T0 = dt.datetime(2026, 11, 23, 9, 0, tzinfo=dt.timezone.utc)
T1 = dt.datetime(2026, 11, 23, 10, 0, tzinfo=dt.timezone.utc)
T2 = dt.datetime(2026, 11, 23, 11, 0, tzinfo=dt.timezone.utc)


def case(**answers) -> Case:
    return Case("C-1", "court", "store-fw", inspector="Ada", updated=T0, answers=dict(answers))


def sides(base: Case, mine_change, theirs_change) -> tuple[Case, Case]:
    mine, theirs = copy.deepcopy(base), copy.deepcopy(base)
    mine.updated, theirs.updated = T2, T1
    mine_change(mine)
    theirs_change(theirs)
    return mine, theirs


def test_both_sides_answer_different_questions_both_are_kept() -> None:
    base = case(I1="red")
    mine, theirs = sides(base, lambda c: c.answers.update(I3=15), lambda c: c.answers.update(I4="Ms Manager"))
    result = merge.merge(base, mine, theirs)
    assert result.merged.answers == {"I1": "red", "I3": 15, "I4": "Ms Manager"}
    assert result.conflicts == []
    assert result.taken == [Change("answers", "I4", "Ms Manager")]
    assert result.summary() == "1 answer from Ada merged in"
    assert result.merged.updated == T2  # the later of the two
    assert mine.answers == {"I1": "red", "I3": 15}  # the inputs are not changed


def test_same_answer_same_value_is_no_conflict_and_nothing_taken() -> None:
    base = case()
    mine, theirs = sides(base, lambda c: c.answers.update(I1="blue"), lambda c: c.answers.update(I1="blue"))
    result = merge.merge(base, mine, theirs)
    assert result.merged.answers == {"I1": "blue"} and result.conflicts == [] and result.taken == []


def test_same_answer_different_values_is_a_conflict_and_theirs_stays() -> None:
    base = case(I1="red", I2=["red"])
    mine, theirs = sides(base, lambda c: c.answers.update(I1="blue", I3=4), lambda c: c.answers.update(I1="green", I2=["red", "blue"]))
    result = merge.merge(base, mine, theirs)
    assert result.merged.answers == {"I1": "green", "I2": ["red", "blue"], "I3": 4}
    assert result.conflicts == [Conflict("answers", "I1", "red", "blue", "green", "Ada", T1)]
    assert result.conflicts[0].label == "answers.I1"
    assert result.summary() == "1 answer from Ada merged in"  # I2; I1 is a conflict, not "taken"


def test_one_side_clears_an_answer_the_removal_is_taken() -> None:
    base = case(I1="red", I3=15)
    mine, theirs = sides(base, lambda c: c.answers.pop("I3"), lambda c: c.answers.update(I4="x"))
    assert merge.merge(base, mine, theirs).merged.answers == {"I1": "red", "I4": "x"}
    mine, theirs = sides(base, lambda c: c.answers.update(I4="x"), lambda c: c.answers.pop("I3"))
    result = merge.merge(base, mine, theirs)
    assert result.merged.answers == {"I1": "red", "I4": "x"} and result.taken == [Change("answers", "I3", None)]


def test_a_clear_against_a_change_is_a_conflict() -> None:
    base = case(I1="red")
    mine, theirs = sides(base, lambda c: c.answers.pop("I1"), lambda c: c.answers.update(I1="green"))
    result = merge.merge(base, mine, theirs)
    assert result.merged.answers == {"I1": "green"}
    assert [(c.label, c.mine, c.theirs) for c in result.conflicts] == [("answers.I1", None, "green")]


def test_status_complete_by_one_while_the_other_clears_a_required_answer() -> None:
    base = case(I1="red")
    mine, theirs = sides(base, lambda c: c.answers.pop("I1"), lambda c: setattr(c, "status", "complete"))
    required = lambda answers: [q for q in ("I1",) if q not in answers]  # noqa: E731
    result = merge.merge(base, mine, theirs, required)
    assert result.merged.answers == {} and result.merged.status == "in-progress"
    assert result.notes == ["status: merged as complete, but I1 now unanswered, so the case is back to in-progress"]
    assert result.conflicts == []
    # without the check (a caller that does not know the framework) the status is merged as given
    assert merge.merge(base, mine, theirs).merged.status == "complete"


def test_status_changed_both_ways_the_exclusion_reason_follows_theirs() -> None:
    base = case(I1="red")
    mine, theirs = sides(base, lambda c: (setattr(c, "status", "excluded"), setattr(c, "exclusion_reason", "moved away")), lambda c: setattr(c, "status", "complete"))
    result = merge.merge(base, mine, theirs)
    assert (result.merged.status, result.merged.exclusion_reason) == ("complete", "")
    assert {(c.label, c.mine, c.theirs) for c in result.conflicts} == {("status", "excluded", "complete"), ("exclusion_reason", "moved away", None)}


def test_status_on_one_side_only_is_taken() -> None:
    base = case(I1="red")
    mine, theirs = sides(base, lambda c: c.answers.update(I3=1), lambda c: (setattr(c, "status", "excluded"), setattr(c, "exclusion_reason", "duplicate")))
    result = merge.merge(base, mine, theirs)
    assert (result.merged.status, result.merged.exclusion_reason, result.merged.answers) == ("excluded", "duplicate", {"I1": "red", "I3": 1})
    assert {c.label for c in result.taken} == {"status", "exclusion_reason"}


def test_a_key_a_newer_casemark_wrote_is_kept_and_merged() -> None:
    base = case(I1="red")
    mine, theirs = sides(base, lambda c: c.answers.update(I3=1), lambda c: c.extra.update(reviewed_by="QA", flags={"late": True}))
    result = merge.merge(base, mine, theirs)
    assert result.merged.extra == {"reviewed_by": "QA", "flags": {"late": True}}
    mine2, theirs2 = sides(result.merged, lambda c: c.extra["flags"].update(urgent=True), lambda c: c.extra.update(reviewed_by="QA2"))
    again = merge.merge(result.merged, mine2, theirs2)
    assert again.merged.extra == {"reviewed_by": "QA2", "flags": {"late": True, "urgent": True}}


def test_second_mark_of_and_inspector_merge_as_plain_keys() -> None:
    base = case()
    mine, theirs = sides(base, lambda c: c.extra.update(second_mark_of="C-0"), lambda c: setattr(c, "inspector", "Bea"))
    result = merge.merge(base, mine, theirs)
    assert result.merged.second_mark_of == "C-0"
    assert result.merged.inspector == "Bea"  # theirs changed the inspector, mine did not
    assert [c.label for c in result.taken] == ["inspector"]


def test_acknowledgements_merge_entry_by_entry() -> None:
    base = case(I1="red")
    base.extra["acknowledged"] = {"short-reasons:2.1.1": "fine"}
    mine, theirs = sides(
        base,
        lambda c: c.extra["acknowledged"].update({"against-prompts:2.1.2": "mine"}),
        lambda c: c.extra["acknowledged"].update({"short-reasons:2.1.1": "changed"}),
    )
    result = merge.merge(base, mine, theirs)
    assert result.merged.extra["acknowledged"] == {"short-reasons:2.1.1": "changed", "against-prompts:2.1.2": "mine"}
    assert result.summary() == "1 acknowledgement from Ada merged in"
    # withdrawn on one side, changed on the other: a conflict on that acknowledgement only
    mine, theirs = sides(base, lambda c: c.extra.pop("acknowledged"), lambda c: c.extra["acknowledged"].update({"short-reasons:2.1.1": "x"}))
    result = merge.merge(base, mine, theirs)
    assert [(c.key, c.question, c.mine, c.theirs) for c in result.conflicts] == [("acknowledged", "short-reasons:2.1.1", None, "x")]


def test_no_base_every_difference_is_a_conflict() -> None:
    mine, theirs = case(I1="red", I3=1), case(I1="red", I4="y")
    result = merge.merge(None, mine, theirs)
    assert result.merged.answers == {"I1": "red", "I4": "y"}
    assert sorted((c.label, c.mine, c.theirs) for c in result.conflicts) == [("answers.I3", 1, None), ("answers.I4", None, "y")]


def inspection(**ratings) -> Inspection:
    return Inspection("insp", "store-fw", "S", ratings=dict(ratings), inspectors=["Ann"], dates={"start": dt.date(2026, 11, 2)})


def test_inspection_ratings_answers_dates_and_fields() -> None:
    base = inspection(**{"1.1": "good"})
    mine, theirs = copy.deepcopy(base), copy.deepcopy(base)
    mine.ratings["2.5"] = "inadequate"
    mine.answers["1.1.1a"] = "my notes"
    mine.note = "mine"
    theirs.ratings["1.1"] = "outstanding"
    theirs.answers["1.1.1b"] = "their notes"
    theirs.dates["end"] = dt.date(2026, 11, 13)
    theirs.inspectors = ["Ann", "Ada"]
    result = merge.merge(base, mine, theirs, theirs_by="", theirs_updated=T1)
    m = result.merged
    assert m.ratings == {"1.1": "outstanding", "2.5": "inadequate"}
    assert m.answers == {"1.1.1a": "my notes", "1.1.1b": "their notes"}
    assert m.dates == {"start": dt.date(2026, 11, 2), "end": dt.date(2026, 11, 13)}
    assert (m.inspectors, m.note, m.id, m.service) == (["Ann", "Ada"], "mine", "insp", "S")
    assert result.conflicts == []
    assert result.summary() == "1 answer, 1 rating, 1 change to inspectors and 1 change to dates from another writer merged in"


def test_inspection_rating_conflict() -> None:
    base = inspection()
    mine, theirs = copy.deepcopy(base), copy.deepcopy(base)
    mine.ratings["1.1"] = "good"
    theirs.ratings["1.1"] = "inadequate"
    result = merge.merge(base, mine, theirs, theirs_updated=T1)
    assert result.merged.ratings == {"1.1": "inadequate"}
    assert result.conflicts == [Conflict("ratings", "1.1", None, "good", "inadequate", "", T1)]


def test_get_and_set_value() -> None:
    c = case(I1="red")
    merge.set_value(c, "answers", "I1", None)
    merge.set_value(c, "answers", "I3", 2)
    merge.set_value(c, "status", "", "complete")
    merge.set_value(c, "acknowledged", "short-reasons:2.1.1", "ok")
    merge.set_value(c, "reviewed_by", "", "QA")
    assert (c.answers, c.status, c.extra) == ({"I3": 2}, "complete", {"acknowledged": {"short-reasons:2.1.1": "ok"}, "reviewed_by": "QA"})
    assert merge.get_value(c, "acknowledged", "short-reasons:2.1.1") == "ok" and merge.get_value(c, "answers", "I1") is None
    merge.set_value(c, "acknowledged", "short-reasons:2.1.1", None)
    merge.set_value(c, "exclusion_reason", "", None)
    assert "acknowledged" not in c.extra and c.exclusion_reason == ""
