"""End to end: every command says what went wrong the same way, `casemark COMMAND: FILE: what (the
fix)` on one line of stderr, nothing on stdout, and the same exit status (tui/cli/common.py)."""

from __future__ import annotations

import pytest

from casemark.framework import framework_ids
from test_export import make_inspection

# every command that works on one inspection, with the arguments it needs besides the inspection
ON_ONE_INSPECTION = {
    "ratings": ("ratings", "{}"),
    "agreement": ("agreement", "{}"),
    "check": ("check", "{}"),
    "export": ("export", "{}", "--format", "report-md"),
    "new case": ("new", "case", "{}", "C-99", "--questionnaire", "court"),
    "new second-mark": ("new", "second-mark", "{}", "C-01", "--inspector", "Cat Poe"),
}
WHAT = "give a data folder, an inspection folder, a case file or an inspection id in the data folder"


def argv(command: str, where) -> list[str]:
    return [str(where) if a == "{}" else a for a in ON_ONE_INSPECTION[command]]


@pytest.mark.parametrize("command", ON_ONE_INSPECTION)
def test_a_missing_inspection_is_one_line_naming_the_command_and_the_path(casemark, tmp_path, command):
    done = casemark(*argv(command, tmp_path / "nowhere"))
    assert (done.returncode, done.stdout) == (1, "")
    assert done.stderr.splitlines() == [f"casemark {command}: {tmp_path / 'nowhere'}: no such file or folder ({WHAT})"]


@pytest.mark.parametrize("command", ON_ONE_INSPECTION)
def test_a_broken_inspection_file_is_named_and_left_as_it_was(casemark, tmp_path, command):
    insp = make_inspection(tmp_path / "data")
    broken = insp / "inspection.toml"
    broken.write_text("schema = [\n", encoding="utf-8")
    done = casemark(*argv(command, insp))
    assert (done.returncode, done.stdout) == (1, "")
    assert done.stderr.splitlines() == [
        f"casemark {command}: {broken}: not valid TOML at end of file: Invalid value (fix the file in an editor; it was not changed)"
    ]
    assert broken.read_text(encoding="utf-8") == "schema = [\n"
    assert not (insp / "cases" / "C-99.toml").exists() and not (insp / "cases" / "C-01--2.toml").exists()


@pytest.mark.parametrize("command", ["framework", "schema"])
def test_an_unknown_framework_is_its_problem_line_alone(casemark, command):
    done = casemark(command, "youth-1999")
    assert (done.returncode, done.stdout) == (1, "")
    assert done.stderr.splitlines() == [f"youth-1999: no such framework (installed: {', '.join(framework_ids())})"]


def test_bad_usage_is_refused_with_status_2_and_named_by_its_command(casemark):
    done = casemark("framework", "--source")
    assert (done.returncode, done.stdout) == (2, "")
    assert done.stderr == "casemark framework: --source needs a framework id (casemark framework ID --source)\n"


def test_a_refusal_of_the_command_itself_names_it_too(casemark, tmp_path):
    insp = make_inspection(tmp_path / "data")
    done = casemark("check", insp, "--case", "C-77")
    assert (done.returncode, done.stdout) == (1, "")
    assert done.stderr == f"casemark check: no case 'C-77' in {insp} (casemark check {insp} lists them all)\n"
    out = tmp_path / "no-such-folder" / "schema.json"
    done = casemark("schema", "-o", out)
    assert (done.returncode, done.stdout) == (1, "")
    assert done.stderr == f"casemark schema: cannot write {out}: No such file or directory (check the folder exists and is writable)\n"
