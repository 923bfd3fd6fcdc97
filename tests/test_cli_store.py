"""`casemark new` and `casemark validate`, run as a user would."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import pytest

FIXTURES = Path(__file__).resolve().parent / "fixtures"


def snapshot(root: Path) -> dict[str, tuple[str, int]]:
    return {str(p): (hashlib.sha256(p.read_bytes()).hexdigest(), p.stat().st_mtime_ns) for p in sorted(root.rglob("*")) if p.is_file()}


@pytest.fixture
def data(tmp_path: Path, casemark) -> Path:
    env = {"CASEMARK_FRAMEWORKS": str(FIXTURES), "CASEMARK_DATA": str(tmp_path / "d")}
    r = casemark("new", "inspection", "insp", "--service", "Anytown YJS", "--framework", "store-fw", env=env)
    assert r.returncode == 0, r.stderr
    assert r.stdout == f"created {tmp_path / 'd' / 'insp' / 'inspection.toml'}\n"
    for cid, qn in (("C-1", "court"), ("O-1", "oocd")):
        r = casemark("new", "case", "insp", cid, "--questionnaire", qn, "--inspector", "Ann", env=env)
        assert r.returncode == 0, r.stderr
    return tmp_path / "d"


def run(casemark, *args: str):
    return casemark(*args, env={"CASEMARK_FRAMEWORKS": str(FIXTURES)})


def test_new_writes_the_documented_files(data: Path) -> None:
    inspection = (data / "insp" / "inspection.toml").read_text()
    assert inspection == 'schema = 1\nframework = "store-fw"\nservice = "Anytown YJS"\n\n[ratings]\n\n[answers]\n'
    case = (data / "insp" / "cases" / "O-1.toml").read_text()
    assert case.startswith('schema = 1\nframework = "store-fw"\nquestionnaire = "oocd"\ncase_id = "O-1"\nstatus = "in-progress"\ninspector = "Ann"\n')


def test_validate_clean(casemark, data: Path) -> None:
    r = run(casemark, "validate", str(data))
    assert (r.returncode, r.stdout) == (0, f"ok: 1 inspection and 2 cases checked in {data}, no problems\n")
    r = run(casemark, "validate", str(data / "insp"))
    assert r.returncode == 0 and r.stdout.startswith("ok: 1 inspection and 2 cases")


def test_validate_uses_casemark_data(casemark, data: Path) -> None:
    r = casemark("validate", env={"CASEMARK_FRAMEWORKS": str(FIXTURES), "CASEMARK_DATA": str(data)})
    assert r.returncode == 0 and "2 cases checked" in r.stdout


def test_validate_reports_every_problem_and_changes_nothing(casemark, data: Path) -> None:
    cases = data / "insp" / "cases"
    c1 = cases / "C-1.toml"
    c1.write_text(c1.read_text().replace("in-progress", "complete").replace(
        "[answers]", '[answers]\nI1 = "red"\nI1a = "Was teal."\nI3 = "12"\nZ9 = "kept"'))
    (cases / "O-2.toml").write_text('schema = 1\nframework = "store-fw"\nquestionnaire = "oocd"\ncase_id = "O-2"\nstatus = "excluded"\n')
    (cases / "BAD.toml").write_text('schema = 1\nframework = "store-fw"\nquestionnaire = "oocd"\nstatus = \n')
    (cases / "V2.toml").write_text('schema = 2\nframework = "store-fw"\nquestionnaire = "oocd"\n')
    (cases / "FW.toml").write_text('schema = 1\nframework = "youth-1999"\nquestionnaire = "oocd"\n')
    (cases / "QN.toml").write_text('schema = 1\nframework = "store-fw"\nquestionnaire = "prison"\n')
    (cases / "bad name.toml").write_text("")
    (cases / "O-1.toml.conflict-20260101T000000-1").write_text("")
    (cases / ".O-1.toml.123.abcd.tmp").write_text("torn")  # an interrupted write: a warning
    (data / "insp" / "inspection.toml").write_text(
        'schema = 1\nframework = "store-fw"\nservice = "S"\n\n[ratings]\n"2.1" = "good"\n"1.1" = "great"\n')
    (data / "orphan" / "cases").mkdir(parents=True)
    before = snapshot(data)
    r = run(casemark, "validate", str(data))
    assert r.returncode == 1
    c = lambda name: str(cases / name)  # noqa: E731
    insp = str(data / "insp" / "inspection.toml")
    lines = [re.sub(r"\(installed: [^)]*store-fw[^)]*\)", "(installed: ...)", line) for line in r.stdout.splitlines()]
    assert lines == [
        f"{insp}:ratings.\"2.1\": '2.1' is a case-based standard, rated from the cases (only 1.1, 2.5 are recorded here; delete it)",
        f"{insp}:ratings.\"1.1\": 'great' is not a rating (use one of outstanding, good, requires-improvement, inadequate, not-rated)",
        f"warning: {c('.O-1.toml.123.abcd.tmp')}: a temporary file left by an interrupted write of O-1.toml (process 123); casemark never reads it (delete it unless a casemark is saving O-1.toml right now)",
        f"{c('BAD.toml')}: not valid TOML at line 4, column 10: Invalid value (fix the file in an editor; it was not changed)",
        f"{c('C-1.toml')}:answers.I1a: answered, but the question is hidden because 'I1 = other' does not hold (the answer is kept: delete it if it no longer applies, or change the earlier answer)",
        f"{c('C-1.toml')}:answers.I3: must be a whole number, not '12' (write it without quotes)",
        f"{c('C-1.toml')}:answers.Z9: 'Z9' is not a question of the 'court' questionnaire (the answer is kept; correct the id or delete it)",
        f"{c('C-1.toml')}:answers.\"2.1.1\": required but unanswered (answer it, or set status = \"in-progress\")",
        f"{c('C-1.toml')}:answers.\"2.1.2\": required but unanswered (answer it, or set status = \"in-progress\")",
        f"{c('FW.toml')}:framework: unknown framework 'youth-1999' (installed: ...)",
        f"{c('O-1.toml.conflict-20260101T000000-1')}: a version of O-1.toml that was not saved because the file had changed (merge it into O-1.toml by hand, then delete it)",
        f"{c('O-2.toml')}:exclusion_reason: missing for an excluded case (say why it was excluded)",
        f"{c('QN.toml')}:questionnaire: unknown questionnaire 'prison' in framework 'store-fw' (use one of court, oocd)",
        f"{c('V2.toml')}:schema: unknown schema version 2: this casemark reads schema 1 (use a casemark that reads schema 2)",
        f"{c('bad name.toml')}: case id 'bad name' is not allowed: use only letters, digits, '-' and '_' (e.g. OOC-07) (rename the file)",
        f"{data / 'orphan' / 'inspection.toml'}: missing (an inspection folder needs one: schema, framework, service)",
    ]
    assert r.stderr == f"15 problems in {data} (and 1 warning)\n"
    assert snapshot(data) == before


def test_validate_one_case_file(casemark, data: Path) -> None:
    c1 = data / "insp" / "cases" / "C-1.toml"
    c1.write_text(c1.read_text().replace("[answers]", '[answers]\n"2.1.1" = "maybe"'))
    r = run(casemark, "validate", str(c1))
    assert r.returncode == 1
    assert r.stdout == f"{c1}:answers.\"2.1.1\": 'maybe' is not an option (use one of yes, no)\n"
    r = run(casemark, "validate", str(data / "insp" / "cases" / "O-1.toml"))
    assert r.returncode == 0 and "0 inspections and 1 case checked" in r.stdout


def test_validate_missing_path(casemark, tmp_path: Path) -> None:
    r = run(casemark, "validate", str(tmp_path / "nowhere"))
    assert r.returncode == 1 and r.stdout == f"{tmp_path / 'nowhere'}: no such file or folder (give a data folder, an inspection folder, a case file or an inspection id in the data folder)\n"


@pytest.mark.parametrize(
    "args, message",
    [
        (("new", "case", "insp", "../x", "--questionnaire", "court"), "case id '../x' is not allowed: use only letters, digits, '-' and '_'"),
        (("new", "case", "insp", "C-1", "--questionnaire", "oocd"), "case 'C-1' already exists in inspection 'insp' (choose another id)"),
        (("new", "case", "insp", "C-9", "--questionnaire", "prison"), "unknown questionnaire 'prison' in framework 'store-fw' (use one of court, oocd)"),
        (("new", "case", "nope", "C-9", "--questionnaire", "court"), "no inspection 'nope' here"),
        (("new", "inspection", "insp", "--service", "X", "--framework", "store-fw"), "inspection 'insp' already exists"),
        (("new", "inspection", "a b", "--service", "X"), "inspection id 'a b' is not allowed"),
        (("new", "inspection", "y", "--service", "X", "--framework", "youth-1999"), "unknown framework 'youth-1999'"),
    ],
)
def test_new_refuses_bad_input_and_changes_nothing(casemark, data: Path, args, message: str) -> None:
    before = snapshot(data)
    r = casemark(*args, "--data", str(data), env={"CASEMARK_FRAMEWORKS": str(FIXTURES)})
    assert r.returncode == 1 and message in r.stderr and r.stdout == ""
    assert snapshot(data) == before


def test_new_with_the_real_framework(casemark, tmp_path: Path) -> None:
    d = tmp_path / "saved"
    assert casemark("new", "inspection", "anytown", "--service", "Anytown YJS", "--data", str(d)).returncode == 0
    assert 'framework = "youth-2021"' in (d / "anytown" / "inspection.toml").read_text()
    r = casemark("new", "case", "anytown", "OOC-07", "--questionnaire", "oocd", "--data", str(d))
    assert r.returncode == 0, r.stderr
    r = casemark("validate", str(d))
    assert (r.returncode, r.stdout) == (0, f"ok: 1 inspection and 1 case checked in {d}, no problems\n")


def test_new_case_takes_an_inspection_folder_as_other_commands_do(casemark, data: Path, tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    r = casemark("new", "case", str(data / "insp"), "C-2", "--questionnaire", "court", cwd=elsewhere,
                 env={"CASEMARK_FRAMEWORKS": str(FIXTURES)})
    assert r.returncode == 0, r.stderr
    assert r.stdout == f"created {data / 'insp' / 'cases' / 'C-2.toml'}\n"
    assert not (elsewhere / "saved").exists()
