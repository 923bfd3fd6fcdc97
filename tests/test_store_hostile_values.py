"""Values checked against the question, ids that cannot be file names, and the Markdown report's
escaping of what comes from files: what validate and the store say, and what a report reader sees."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from test_hostile import run_in_process

from casemark.engine.reports import build
from casemark.engine.reports.source import open_inspection
from casemark.engine.store import BadIdError, ExistsError, Store, StoreError, UnreadableError

DEMO = Path(__file__).resolve().parent.parent / "saved" / "demo-anytown"
IID = "demo-anytown"


@pytest.fixture
def demo(tmp_path: Path) -> Path:
    shutil.copytree(DEMO, tmp_path / IID)
    return tmp_path / IID


def validate_lines(folder: Path) -> list[str]:
    r = run_in_process(["validate", str(folder)])
    assert "Traceback" not in r["err"]
    return r["out"].splitlines()


def spoil(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new, 1))


@pytest.mark.parametrize(
    "old, new, key, says",
    [
        ('"I2.6" = 16', '"I2.6" = -5', 'answers."I2.6"', "-5 is out of range (give a whole number from 10 to 25)"),
        ('"I2.6" = 16', '"I2.6" = 1000000000000000000000', 'answers."I2.6"', "a number of 22 digits is out of range (give a whole number from 10 to 25)"),
        ('"I3.5" = 1', '"I3.5" = -1', 'answers."I3.5"', "-1 is out of range (give a whole number at least 0)"),
        ('"I3.7" = ["case-manager", "manager"]', '"I3.7" = []', 'answers."I3.7"', "is an empty list (delete the answer to leave the question unanswered)"),
        ('updated = 2026-10-13T13:05:00Z', 'updated = 2026-10-13T13:05:00', "updated", "2026-10-13T13:05:00 has no time zone (add Z for UTC, e.g. 2026-10-13T13:05:00Z)"),
        ('inspector = "Ada Okafor"', 'inspector = "Ada Okafor"\nacknowledged = 1', "acknowledged", "must be a table of notes"),
        ('inspector = "Ada Okafor"', 'inspector = "Ada Okafor"\nsecond_mark_of = 5', "second_mark_of", "must be the id of the first marking's case (a string), not int 5"),
        ('inspector = "Ada Okafor"', 'inspector = "Ada Okafor"\nsecond_mark_of = "../../etc/passwd"', "second_mark_of", "'../../etc/passwd' is not a case id"),
        ('inspector = "Ada Okafor"', 'inspector = "Ada Okafor"\nsecond_mark_of = "C01"', "second_mark_of", "names this case itself"),
        ('inspector = "Ada Okafor"', 'inspector = "Ada Okafor"\nsecond_mark_of = "C99"', "second_mark_of", "names case 'C99', which is not in this inspection"),
        ('inspector = "Ada Okafor"', 'inspector = "Ada Okafor"\ncolour = "teal"', "colour", "not a key casemark knows (kept as it is"),
    ],
)
def test_validate_checks_values_against_the_question(demo: Path, old: str, new: str, key: str, says: str) -> None:
    c01 = demo / "cases" / "C01.toml"
    spoil(c01, old, new)
    before = c01.read_bytes()
    lines = [line for line in validate_lines(demo) if line.removeprefix("warning: ").startswith(f"{c01}:{key}: ")]
    assert lines and says in lines[0], validate_lines(demo)
    assert c01.read_bytes() == before


def test_validate_checks_the_inspection_dates_and_its_keys(demo: Path) -> None:
    insp = demo / "inspection.toml"
    spoil(insp, "start = 2026-10-12", 'start = "soon"')
    spoil(insp, 'inspectors = [', 'colour = "teal"\ninspectors = [')
    lines = validate_lines(demo)
    assert f"{insp}:dates.start: must be a date such as 2026-11-23 (no quotes), not 'soon'" in lines
    assert f"warning: {insp}:colour: not a key casemark knows (kept as it is; correct or delete it if it is a typo)" in lines


def test_a_crlf_file_reads_as_its_lf_twin(demo: Path) -> None:
    c01 = demo / "cases" / "C01.toml"
    store = Store(demo.parent)
    lf = store.load_case(IID, "C01")
    c01.write_bytes(c01.read_bytes().replace(b"\n", b"\r\n"))
    crlf = store.load_case(IID, "C01")
    assert crlf.answers == lf.answers
    assert validate_lines(demo)[-1].startswith("ok: ")


@pytest.mark.parametrize(
    "cid, says",
    [
        ("CON", "a name Windows reserves for a device"),
        ("lpt9", "a name Windows reserves for a device"),
        ("N" + "x" * 240, "is 241 characters long (use at most 200)"),
        ("../up", "is not allowed: use only letters, digits"),
    ],
)
def test_ids_that_cannot_be_file_names_are_refused(demo: Path, cid: str, says: str) -> None:
    with pytest.raises(BadIdError) as err:
        Store(demo.parent).create_case(IID, cid, "court")
    assert says in str(err.value)
    r = run_in_process(["new", "case", str(demo), cid, "--questionnaire", "court"])
    assert r["rc"] == 1 and says in r["err"] and "Traceback" not in r["err"]


def test_an_id_differing_only_in_case_is_refused(demo: Path) -> None:
    with pytest.raises(ExistsError) as err:
        Store(demo.parent).create_case(IID, "c01", "court")
    assert "'C01.toml' is there already and differs only in upper/lower case" in str(err.value)
    assert not (demo / "cases" / "c01.toml").exists()
    with pytest.raises(ExistsError):
        Store(demo.parent).create_inspection("Demo-Anytown", "S")


@pytest.mark.parametrize("kind", ["fifo", "folder", "too large", "loop"])
def test_a_case_that_is_not_a_plain_file_is_refused_before_it_is_read(demo: Path, kind: str) -> None:
    import os

    c = demo / "cases" / "X1.toml"
    if kind == "fifo":
        os.mkfifo(c)
    elif kind == "folder":
        c.mkdir()
    elif kind == "too large":
        with open(c, "wb") as fh:
            fh.truncate(21 * 1024 * 1024)
    else:
        os.symlink(c, c)
    with pytest.raises(UnreadableError) as err:
        Store(demo.parent).load_case(IID, "X1")
    assert str(err.value).startswith(f"{c}: ")
    cases, bad = Store(demo.parent).load_cases(IID)
    assert [b.path for b in bad] == [c] and len(cases) == 19


def test_a_cases_folder_that_is_a_file_is_named(demo: Path) -> None:
    shutil.rmtree(demo / "cases")
    (demo / "cases").write_text("")
    cases, bad = Store(demo.parent).load_cases(IID)
    assert cases == [] and "is a file, not a folder" in bad[0].message
    with pytest.raises(StoreError):
        Store(demo.parent).case_ids(IID)


def test_the_markdown_report_escapes_html_and_structure_from_files(demo: Path) -> None:
    c04 = demo / "cases" / "C04.toml"
    text = c04.read_text()
    start = text.index('"2.1.1.reasons" = """')
    end = text.index('"""', start + 25) + 3
    hostile = '"2.1.1.reasons" = """\n<script>alert(1)</script> <img src=x onerror=alert(2)> <iframe src=//x>\n# not a heading\n| a | b |\n[click](javascript:alert(3))"""'
    c04.write_text(text[:start] + hostile + text[end:])
    spoil(c04, 'inspector = "', 'inspector = "<b>Jo</b> | [lead] ')
    md = build("report-md", open_inspection(demo))
    assert "<script>" not in md and "<img" not in md and "<iframe" not in md
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &lt;img src=x onerror=alert(2)&gt;" in md
    assert "\n  \\# not a heading" in md and "\n  \\| a \\| b \\|" in md
    assert "\\[click\\](javascript:alert(3))" in md
    assert "(&lt;b&gt;Jo&lt;/b&gt; \\| \\[lead\\] " in md


def test_agreement_leaves_out_a_judgement_that_is_a_list_and_says_so(demo: Path) -> None:
    second = demo / "cases" / "C03--2.toml"
    spoil(second, '"2.1.1" = "yes"', '"2.1.1" = ["yes"]')
    r = run_in_process(["agreement", str(demo)])
    assert r["rc"] == 0 and "Traceback" not in r["err"], r
    assert "not compared: C03--2: judgement 2.1.1 is list ['yes'], not one of its options, so 2.1.1 is not compared" in r["out"]
    r = run_in_process(["agreement", str(demo), "--json"])
    assert r["rc"] == 0 and "C03--2: judgement 2.1.1 is list" in r["out"]
