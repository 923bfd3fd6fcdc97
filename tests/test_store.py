"""The store: create, read, write, rename, exclude; deterministic files; every bad input refused
with a clear error and the file left as it was."""

from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path

import pytest

from casemark.engine.model import Case
from casemark.engine.store import (
    AnswerError,
    BadIdError,
    ConflictError,
    ExistsError,
    IncompleteError,
    NotFoundError,
    ParseError,
    Store,
    StoreError,
    Unreadable,
    default_data_dir,
)

FIXTURES = Path(__file__).resolve().parent / "fixtures"
FW = "store-fw"


@pytest.fixture
def store(tmp_path: Path) -> Store:
    s = Store(tmp_path / "data", framework_root=FIXTURES)
    s.root.mkdir()
    s.create_inspection("insp", "Anytown Youth Justice Service", framework=FW)
    return s


def complete_court(store: Store, cid: str = "C-1") -> Case:
    case = store.create_case("insp", cid, "court", inspector="Alice")
    for qid, value in {
        "I1": "red",
        "2.1.1a": "yes",
        "2.1.1b": "na",
        "2.1.1": "yes",
        "2.1.1.reasons": "Analysis of offending was thorough.\nStrengths were noted.",
        "2.1.2a": "no",
        "2.1.2": "no",
        "2.1.2.reasons": "Risks to the child were not identified.",
    }.items():
        store.set_answer("insp", case, qid, value)
    return case


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


# -- layout and listing ----------------------------------------------------------------------


def test_create_and_list(store: Store) -> None:
    store.create_inspection("another", "Somewhere YJS", framework=FW)
    assert store.inspection_ids() == ["another", "insp"]
    store.create_case("insp", "OOC-2", "oocd")
    store.create_case("insp", "C-1", "court")
    assert store.case_ids("insp") == ["C-1", "OOC-2"]
    assert store.case_path("insp", "C-1") == store.root / "insp" / "cases" / "C-1.toml"
    assert store.inspection_path("insp") == store.root / "insp" / "inspection.toml"
    text = store.case_path("insp", "OOC-2").read_text()
    assert 'questionnaire = "oocd"' in text and 'case_id = "OOC-2"' in text and 'status = "in-progress"' in text


def test_default_data_dir(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv("CASEMARK_DATA", raising=False)
    assert default_data_dir() == Path("saved")
    monkeypatch.setenv("CASEMARK_DATA", str(tmp_path))
    assert default_data_dir() == tmp_path
    assert default_data_dir(tmp_path / "x") == tmp_path / "x"


def test_file_layout_matches_the_documented_format(store: Store) -> None:
    case = complete_court(store)
    store.set_status("insp", case, "complete")
    text = store.case_path("insp", "C-1").read_text()
    head = text.split("[answers]")[0].splitlines()
    assert [line.split(" = ")[0] for line in head if line] == [
        "schema", "framework", "questionnaire", "case_id", "status", "inspector", "created", "updated"
    ]
    assert 'status = "complete"' in text
    # answers in framework order, long text as a multi-line string, ids quoted where TOML needs it
    body = text.split("[answers]\n")[1]
    keys = [line.split(" = ")[0] for line in body.splitlines() if " = " in line]
    assert keys == ["I1", '"2.1.1a"', '"2.1.1b"', '"2.1.1"', '"2.1.1.reasons"', '"2.1.2a"', '"2.1.2"', '"2.1.2.reasons"']
    assert '"2.1.1.reasons" = """\nAnalysis of offending was thorough.\nStrengths were noted."""' in body
    assert dt.datetime.fromisoformat(text.split("updated = ")[1].split("\n")[0].replace("Z", "+00:00")).tzinfo


def test_answers_written_in_framework_order_whatever_the_order_set(store: Store) -> None:
    a = store.create_case("insp", "A", "court")
    b = store.create_case("insp", "B", "court")
    for qid, v in [("2.1.1", "yes"), ("I1", "blue"), ("2.1.1a", "no")]:
        store.set_answer("insp", a, qid, v)
    for qid, v in [("2.1.1a", "no"), ("2.1.1", "yes"), ("I1", "blue")]:
        store.set_answer("insp", b, qid, v)
    body = lambda cid: store.case_path("insp", cid).read_text().split("[answers]")[1]  # noqa: E731
    assert body("A") == body("B") == '\nI1 = "blue"\n"2.1.1a" = "no"\n"2.1.1" = "yes"\n'


# -- round trips -----------------------------------------------------------------------------


def test_load_save_is_byte_identical_and_keeps_the_timestamp(store: Store) -> None:
    case = complete_court(store)
    path = store.case_path("insp", "C-1")
    before = path.read_bytes()
    loaded = store.load_case("insp", "C-1")
    assert loaded == case
    store.save_case("insp", loaded)
    assert path.read_bytes() == before
    assert store.case_text(loaded).encode() == before
    inspection = store.load_inspection("insp")
    store.set_rating(inspection, "1.1", "good")
    ibefore = store.inspection_path("insp").read_bytes()
    store.save_inspection(store.load_inspection("insp"))
    assert store.inspection_path("insp").read_bytes() == ibefore


def test_setting_the_same_answer_writes_nothing(store: Store) -> None:
    case = complete_court(store)
    path = store.case_path("insp", "C-1")
    before, mtime = path.read_bytes(), path.stat().st_mtime_ns
    store.set_answer("insp", case, "I1", "red")
    store.set_status("insp", case, "in-progress")
    assert path.read_bytes() == before and path.stat().st_mtime_ns == mtime


def test_a_change_updates_the_timestamp(store: Store) -> None:
    case = store.create_case("insp", "C-1", "court")
    case.updated = dt.datetime(2020, 1, 1, tzinfo=dt.timezone.utc)
    store.save_case("insp", case)
    assert "updated = 2020-01-01T00:00:00Z" not in store.case_path("insp", "C-1").read_text()
    old = dt.datetime(2020, 1, 1, tzinfo=dt.timezone.utc)
    store.case_path("insp", "C-1").write_text(store.case_path("insp", "C-1").read_text().replace(
        f"updated = {case.updated.strftime('%Y-%m-%dT%H:%M:%SZ')}", "updated = 2020-01-01T00:00:00Z"))
    case = store.load_case("insp", "C-1")
    assert case.updated == old
    store.set_answer("insp", case, "I1", "red")
    assert case.updated > old
    assert store.load_case("insp", "C-1").updated == case.updated


def test_unknown_keys_and_answers_are_kept(store: Store) -> None:
    path = store.case_path("insp", "C-1")
    store.create_case("insp", "C-1", "court")
    text = path.read_text().replace("[answers]", 'reviewer = "Bob"\n\n[answers]\n"9.9.9" = "yes"\nI1 = "red"') + "\n[notes]\nfree = 1\n"
    path.write_text(text)
    case = store.load_case("insp", "C-1")
    assert case.extra == {"reviewer": "Bob", "notes": {"free": 1}}
    assert case.answers == {"9.9.9": "yes", "I1": "red"}
    store.set_answer("insp", case, "2.1.1", "no")
    again = store.load_case("insp", "C-1")
    assert again.answers == {"I1": "red", "2.1.1": "no", "9.9.9": "yes"}
    assert again.extra == {"reviewer": "Bob", "notes": {"free": 1}}
    written = path.read_text()
    assert written.index("I1 =") < written.index('"2.1.1" =') < written.index('"9.9.9" =')


def test_hidden_answer_is_kept_when_its_condition_stops_holding(store: Store) -> None:
    case = store.create_case("insp", "C-1", "court")
    store.set_answer("insp", case, "I1", "other")
    store.set_answer("insp", case, "I1a", "A colour not listed: teal.")
    store.set_answer("insp", case, "I1", "red")
    assert store.load_case("insp", "C-1").answers["I1a"] == "A colour not listed: teal."


# -- statuses --------------------------------------------------------------------------------


def test_complete_refused_until_required_answered(store: Store) -> None:
    case = store.create_case("insp", "C-1", "court")
    store.set_answer("insp", case, "I1", "other")
    before = store.case_path("insp", "C-1").read_bytes()
    with pytest.raises(IncompleteError) as err:
        store.set_status("insp", case, "complete")
    assert err.value.missing == [
        "I1a: required but unanswered",
        "2.1.1: required but unanswered",
        "2.1.2: required but unanswered",
    ]
    assert "C-1.toml:status: cannot be complete yet: I1a: required but unanswered" in str(err.value)
    assert store.case_path("insp", "C-1").read_bytes() == before and case.status == "in-progress"


def test_complete_then_exclude_then_back(store: Store) -> None:
    case = complete_court(store)
    store.set_status("insp", case, "complete")
    assert store.load_case("insp", "C-1").status == "complete"
    store.set_status("insp", case, "excluded", reason="Transferred to another service before sentence.")
    loaded = store.load_case("insp", "C-1")
    assert loaded.excluded and loaded.exclusion_reason == "Transferred to another service before sentence."
    assert 'exclusion_reason = "Transferred to another service before sentence."' in store.case_path("insp", "C-1").read_text()
    store.set_status("insp", case, "in-progress")  # brought back: the reason is kept for a re-exclusion
    back = store.load_case("insp", "C-1")
    assert back.status == "in-progress" and back.exclusion_reason == "Transferred to another service before sentence."
    store.set_status("insp", case, "excluded")  # excluded again with no new reason: the one given before
    assert store.load_case("insp", "C-1").exclusion_reason == "Transferred to another service before sentence."
    store.set_status("insp", case, "excluded", reason="Moved out of the area.")
    assert store.load_case("insp", "C-1").exclusion_reason == "Moved out of the area."


def test_removing_a_required_answer_reopens_a_complete_case(store: Store) -> None:
    case = complete_court(store)
    store.set_status("insp", case, "complete")
    store.set_answer("insp", case, "2.1.2.reasons", None)
    loaded = store.load_case("insp", "C-1")
    assert loaded.status == "in-progress" and "2.1.2.reasons" not in loaded.answers


def test_inspection_answers_and_ratings(store: Store) -> None:
    inspection = store.load_inspection("insp")
    store.set_inspection_answer(inspection, "1.1.rating", "requires-improvement")
    store.set_inspection_answer(inspection, "1.1.1a", "The board meets quarterly.")
    store.set_rating(inspection, "2.5", "not-rated")
    loaded = store.load_inspection("insp")
    assert loaded.ratings == {"1.1": "requires-improvement", "2.5": "not-rated"}
    assert loaded.answers == {"1.1.1a": "The board meets quarterly."}
    with pytest.raises(AnswerError, match=r"'2.1' is not a judged standard \(use one of 1.1, 2.5\)"):
        store.set_rating(loaded, "2.1", "good")
    with pytest.raises(AnswerError, match="'superb' is not a rating"):
        store.set_rating(loaded, "1.1", "superb")


# -- bad input: a clear error, and the file unchanged ----------------------------------------


def test_answer_of_wrong_option_or_type_refused(store: Store) -> None:
    case = store.create_case("insp", "C-1", "court")
    path = store.case_path("insp", "C-1")
    before = path.read_bytes()
    with pytest.raises(AnswerError) as err:
        store.set_answer("insp", case, "2.1.1", "maybe")
    assert str(err.value) == f"{path}:answers.\"2.1.1\": 'maybe' is not an option (use one of yes, no)"
    with pytest.raises(AnswerError, match=r"must be a whole number, not '12' \(write it without quotes\)"):
        store.set_answer("insp", case, "I3", "12")
    with pytest.raises(AnswerError, match="'Z9' is not a question of the 'court' questionnaire"):
        store.set_answer("insp", case, "Z9", "yes")
    assert path.read_bytes() == before and case.answers == {}


@pytest.mark.parametrize("bad", ["../evil", "a/b", "a b", "", "é", "x.toml", "..", "C-1\n"])
def test_bad_ids_refused_before_they_reach_a_path(store: Store, bad: str) -> None:
    for call in (
        lambda: store.create_inspection(bad, "S", framework=FW),
        lambda: store.create_case("insp", bad, "court"),
        lambda: store.load_case("insp", bad),
        lambda: store.case_path(bad, "C-1"),
    ):
        with pytest.raises(BadIdError, match="use only letters, digits, '-' and '_'"):
            call()
    assert sorted(p.name for p in store.root.iterdir()) == ["insp"]


def write_case(store: Store, text: str, cid: str = "C-1") -> Path:
    path = store.case_path("insp", cid)
    path.write_text(text)
    return path


GOOD = 'schema = 1\nframework = "store-fw"\nquestionnaire = "court"\ncase_id = "C-1"\nstatus = "in-progress"\n\n[answers]\nI1 = "red"\n'


@pytest.mark.parametrize(
    "text, message",
    [
        (GOOD.replace('I1 = "red"', 'I1 = "red'), r"C-1.toml: not valid TOML at line 8, column \d+: .*\(fix the file in an editor; it was not changed\)"),
        (GOOD.replace("schema = 1", "schema = 2"), r"C-1.toml:schema: unknown schema version 2: this casemark reads schema 1"),
        (GOOD.replace("schema = 1\n", ""), r"C-1.toml:schema: missing \(add schema = 1 at the top\)"),
        (GOOD.replace("store-fw", "youth-1999"), r"C-1.toml:framework: unknown framework 'youth-1999' \(installed: .*store-fw.*youth-2018, youth-2021; correct the id\)"),
        (GOOD.replace('"court"', '"prison"'), r"C-1.toml:questionnaire: unknown questionnaire 'prison' in framework 'store-fw' \(use one of court, oocd\)"),
        (GOOD.replace('"court"', '"inspection"'), r"C-1.toml:questionnaire: unknown questionnaire 'inspection'"),
        (GOOD.replace('case_id = "C-1"', 'case_id = "C-2"'), r"C-1.toml:case_id: 'C-2' differs from the file name 'C-1.toml'"),
        (GOOD.replace("in-progress", "done"), r"C-1.toml:status: 'done' is not a status \(use one of in-progress, complete, excluded\)"),
        (GOOD.replace('[answers]', 'updated = "yesterday"\n[answers]'), r"C-1.toml:updated: must be a date and time"),
        (GOOD.replace('[answers]\nI1 = "red"', 'answers = 3'), r"C-1.toml:answers: must be a table, not int 3"),
        (GOOD.replace('framework = "store-fw"', 'framework = "../fixtures/store-fw"'), r"C-1.toml:framework: '../fixtures/store-fw' is not a framework id \(use one of .*youth-2021\)"),
    ],
)
def test_bad_case_file_reported_and_never_overwritten(store: Store, text: str, message: str) -> None:
    store.create_case("insp", "C-1", "court")
    path = write_case(store, text)
    before = sha(path)
    with pytest.raises(ParseError, match=message) as err:
        store.load_case("insp", "C-1")
    assert err.value.path == path
    cases, bad = store.load_cases("insp")
    assert cases == [] and bad == [Unreadable(path, str(err.value))]
    # a write over it is refused too: the case in memory was not read from this file
    with pytest.raises(ConflictError):
        store.save_case("insp", Case("C-1", "court", FW))
    assert sha(path) == before


def test_parse_error_has_line_and_column(store: Store) -> None:
    path = write_case(store, GOOD.replace("status =", "status"))
    with pytest.raises(ParseError) as err:
        store.load_case("insp", "C-1")
    assert (err.value.line, err.value.column) == (5, 8)
    assert str(err.value).startswith(f"{path}: not valid TOML at line 5, column 8:")


def test_not_utf8_reported_with_position(store: Store) -> None:
    path = store.case_path("insp", "C-1")
    path.write_bytes(GOOD.encode().replace(b'"red"', b'"r\xe9d"'))
    with pytest.raises(ParseError, match=r"line 8, column 8: not UTF-8 text") as err:
        store.load_case("insp", "C-1")
    assert err.value.line == 8


def test_case_of_another_framework_than_its_inspection(store: Store) -> None:
    store.create_inspection("other", "S", framework=FW)
    store.inspection_path("other").write_text(store.inspection_path("other").read_text().replace("store-fw", "mini-fw"))
    path = store.case_path("other", "C-1")
    path.write_text(GOOD)
    with pytest.raises(ParseError, match=r"C-1.toml:framework: 'store-fw' differs from the inspection's framework 'mini-fw'"):
        store.load_case("other", "C-1")


def test_bad_inspection_file(store: Store) -> None:
    path = store.inspection_path("insp")
    path.write_text('schema = 1\nframework = "store-fw"\nservice = "S"\ninspectors = "Alice"\n')
    with pytest.raises(ParseError, match=r"inspection.toml:inspectors: must be a list, not str 'Alice'"):
        store.load_inspection("insp")
    path.write_text('schema = 1\nframework = "nope"\n')
    with pytest.raises(ParseError, match=r"inspection.toml:framework: unknown framework 'nope'"):
        store.load_inspection("insp")
    assert path.read_text() == 'schema = 1\nframework = "nope"\n'


def test_create_refuses_what_exists_and_unknowns(store: Store) -> None:
    with pytest.raises(ExistsError, match="inspection 'insp' already exists"):
        store.create_inspection("insp", "S", framework=FW)
    store.create_case("insp", "C-1", "court")
    before = sha(store.case_path("insp", "C-1"))
    with pytest.raises(ExistsError, match="case 'C-1' already exists in inspection 'insp'"):
        store.create_case("insp", "C-1", "oocd")
    assert sha(store.case_path("insp", "C-1")) == before
    with pytest.raises(ParseError, match="unknown questionnaire 'prison'"):
        store.create_case("insp", "C-9", "prison")
    with pytest.raises(ParseError, match="unknown framework 'youth-1999'"):
        store.create_inspection("x", "S", framework="youth-1999")
    with pytest.raises(NotFoundError, match="no inspection 'nope' here"):
        store.create_case("nope", "C-1", "court")
    assert not (store.root / "x").exists() and not (store.root / "nope").exists()
    assert store.case_ids("insp") == ["C-1"]


def test_every_store_error_names_path_and_key(store: Store) -> None:
    case = store.create_case("insp", "C-1", "court")
    with pytest.raises(StoreError) as err:
        store.set_answer("insp", case, "I1", "green")
    assert err.value.path == store.case_path("insp", "C-1") and err.value.key == "answers.I1"
    assert str(err.value).startswith(f"{err.value.path}:answers.I1: ")


def test_factory_writes_a_complete_valid_inspection(tmp_path: Path) -> None:
    from factories import make_inspection

    folder = make_inspection(tmp_path, 4, 3, framework="store-fw", seed=3, framework_root=FIXTURES)
    store = Store(tmp_path, framework_root=FIXTURES)
    assert folder == store.inspection_dir("generated")
    assert store.case_ids("generated") == ["COURT-001", "COURT-002", "COURT-003", "COURT-004", "OOCD-001", "OOCD-002", "OOCD-003"]
    cases, bad = store.load_cases("generated")
    assert bad == [] and {c.status for c in cases} == {"complete"}
    assert store.check("generated") == ([], 7)
    assert set(store.load_inspection("generated").ratings) == {"1.1", "2.5"}
    # the same seed gives the same answers
    again = make_inspection(tmp_path / "again", 4, 3, framework="store-fw", seed=3, framework_root=FIXTURES)
    assert [c.answers for c in Store(again.parent, framework_root=FIXTURES).load_cases("generated")[0]] == [c.answers for c in cases]


def test_factory_on_youth_2021(tmp_path: Path) -> None:
    from factories import make_inspection

    make_inspection(tmp_path, 3, 2)
    store = Store(tmp_path)
    assert store.check("generated") == ([], 5)
