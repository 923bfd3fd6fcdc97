"""End to end: `casemark merge-driver` on three files and inside a real `git merge`, and
`casemark validate` listing conflict records and temp files left by interrupted writes."""

from __future__ import annotations

import os
import shutil
import subprocess
import tomllib
from pathlib import Path

import pytest

from casemark.engine.store import AnswerConflict, Store

FIXTURES = Path(__file__).resolve().parent / "fixtures"
ENV = {"CASEMARK_FRAMEWORKS": str(FIXTURES)}

CASE = """schema = 1
framework = "store-fw"
questionnaire = "court"
case_id = "C-1"
status = "in-progress"
inspector = "{who}"
created = 2026-11-23T09:00:00Z
updated = {when}

[answers]
{answers}
"""


def case_text(who: str = "Ann", when: str = "2026-11-23T09:00:00Z", **answers: str) -> str:
    return CASE.format(who=who, when=when, answers="\n".join(f'{k} = "{v}"' for k, v in answers.items()))


def three(tmp_path: Path, base: dict, ours: dict, theirs: dict) -> tuple[Path, Path, Path]:
    paths = []
    for name, answers in (("base", base), ("ours", ours), ("theirs", theirs)):
        p = tmp_path / f"{name}.toml"
        who = "Ada" if name == "theirs" else "Ann"
        p.write_text(case_text(who=who, when="2026-11-23T10:00:00Z" if name == "theirs" else "2026-11-23T09:00:00Z", **answers))
        paths.append(p)
    return tuple(paths)  # type: ignore[return-value]


def test_merge_driver_clean(casemark, tmp_path: Path) -> None:
    (tmp_path / "insp" / "cases").mkdir(parents=True)
    base, ours, theirs = three(tmp_path, {"I1": "red"}, {"I1": "red", "I4": "Ms Ann"}, {"I1": "blue"})
    r = casemark("merge-driver", base, ours, theirs, "insp/cases/C-1.toml", cwd=tmp_path, env=ENV)
    assert (r.returncode, r.stderr) == (0, "")
    merged = tomllib.loads(ours.read_text())
    assert merged["answers"] == {"I1": "blue", "I4": "Ms Ann"} and merged["inspector"] == "Ada"
    assert not (tmp_path / "insp" / "cases" / "C-1.toml.conflicts").exists()


def test_merge_driver_conflict_recorded(casemark, tmp_path: Path) -> None:
    (tmp_path / "insp" / "cases").mkdir(parents=True)
    base, ours, theirs = three(tmp_path, {"I1": "red"}, {"I1": "other", "I4": "Ms Ann"}, {"I1": "blue"})
    r = casemark("merge-driver", base, ours, theirs, "insp/cases/C-1.toml", cwd=tmp_path, env=ENV)
    assert r.returncode == 1
    assert r.stderr.startswith("insp/cases/C-1.toml: 1 answer changed both ways (answers.I1): theirs kept in the file, ours in insp/cases/C-1.toml.conflicts")
    assert tomllib.loads(ours.read_text())["answers"] == {"I1": "blue", "I4": "Ms Ann"}
    record = tomllib.loads((tmp_path / "insp" / "cases" / "C-1.toml.conflicts").read_text())["conflict"]
    assert [(e["question"], e["mine"], e["theirs"], e["base"], e["theirs_by"]) for e in record] == [("I1", "other", "blue", "red", "Ada")]


def test_merge_driver_refuses_a_version_that_does_not_parse(casemark, tmp_path: Path) -> None:
    base, ours, theirs = three(tmp_path, {}, {"I1": "red"}, {})
    theirs.write_text("schema = 1\nstatus =\n")
    before = ours.read_bytes()
    r = casemark("merge-driver", base, ours, theirs, "C-1.toml", cwd=tmp_path, env=ENV)
    assert r.returncode == 2 and "not valid TOML at line 2" in r.stderr and "Traceback" not in r.stderr
    assert ours.read_bytes() == before


def git(repo: Path, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, **ENV, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org", "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.org", "HOME": str(repo)}
    return subprocess.run(["git", *args], cwd=repo, env=env, capture_output=True, text=True, timeout=60)


@pytest.fixture
def repo(casemark, tmp_path: Path) -> Path:
    exe = shutil.which("casemark")
    root = tmp_path / "repo"
    store = Store(root, framework_root=FIXTURES)
    store.create_inspection("insp", "S", framework="store-fw")
    case = store.create_case("insp", "C-1", "court", inspector="Ann")
    store.set_answer("insp", case, "I1", "red")
    assert git(root, "init", "-q", "-b", "main").returncode == 0
    git(root, "config", "merge.casemark.name", "casemark answer-level merge")
    git(root, "config", "merge.casemark.driver", f"{exe} merge-driver %O %A %B %P")
    (root / ".gitattributes").write_text("*.toml merge=casemark\n")
    git(root, "add", "-A")
    assert git(root, "commit", "-qm", "start").returncode == 0
    return root


def answer_on_branch(root: Path, branch: str, qid: str, value: str, new: bool = True) -> None:
    assert git(root, "checkout", "-q", *(["-b"] if new else []), branch).returncode == 0
    store = Store(root, framework_root=FIXTURES)
    case = store.load_case("insp", "C-1")
    store.set_answer("insp", case, qid, value)
    git(root, "add", "-A")
    assert git(root, "commit", "-qm", f"{qid} on {branch}").returncode == 0


def test_a_real_git_merge_of_two_branches(repo: Path) -> None:
    answer_on_branch(repo, "ada", "I4", "Ms Ada")
    git(repo, "checkout", "-q", "main")
    store = Store(repo, framework_root=FIXTURES)
    case = store.load_case("insp", "C-1")
    store.set_answer("insp", case, "I3", 15)
    git(repo, "commit", "-qam", "I3 on main")
    r = git(repo, "merge", "-q", "--no-edit", "ada")
    assert r.returncode == 0, r.stdout + r.stderr
    assert Store(repo, framework_root=FIXTURES).load_case("insp", "C-1").answers == {"I1": "red", "I3": 15, "I4": "Ms Ada"}
    assert git(repo, "status", "--porcelain").stdout == ""


def test_a_real_git_merge_with_a_conflict_keeps_both(repo: Path) -> None:
    answer_on_branch(repo, "ada", "I1", "blue")
    git(repo, "checkout", "-q", "main")
    store = Store(repo, framework_root=FIXTURES)
    case = store.load_case("insp", "C-1")
    store.set_answer("insp", case, "I1", "other")
    git(repo, "commit", "-qam", "I1 on main")
    r = git(repo, "merge", "--no-edit", "ada")
    assert r.returncode != 0 and "C-1.toml: 1 answer changed both ways (answers.I1)" in r.stdout + r.stderr
    assert "UU insp/cases/C-1.toml" in git(repo, "status", "--porcelain").stdout
    store = Store(repo, framework_root=FIXTURES)
    assert store.load_case("insp", "C-1").answers["I1"] == "blue"  # theirs in the file, which parses
    [entry] = store.conflicts("insp", "C-1")
    assert (entry.mine, entry.theirs) == ("other", "blue")
    store.resolve_conflict("insp", "C-1", "I1", "mine")
    assert store.load_case("insp", "C-1").answers["I1"] == "other" and not store.conflict_record("insp", "C-1").exists()


def test_validate_lists_conflict_records_and_temp_files(casemark, tmp_path: Path) -> None:
    ann, ada = Store(tmp_path, framework_root=FIXTURES, user="ann"), Store(tmp_path, framework_root=FIXTURES, user="ada")
    ann.create_inspection("insp", "S", framework="store-fw")
    ann.create_case("insp", "C-1", "court", inspector="Ann")
    mine, theirs = ann.load_case("insp", "C-1"), ada.load_case("insp", "C-1")
    theirs.inspector = "Ada"
    ada.set_answer("insp", theirs, "I1", "blue")
    with pytest.raises(AnswerConflict):
        ann.set_answer("insp", mine, "I1", "red")
    a, b = ann.load_inspection("insp"), ada.load_inspection("insp")
    ann.set_rating(a, "1.1", "good")
    with pytest.raises(AnswerConflict):
        ada.set_rating(b, "1.1", "inadequate")
    (tmp_path / "insp" / ".inspection.toml.4242.beef.tmp").write_text("torn")
    cases = tmp_path / "insp" / "cases"
    (cases / ".C-1.toml.77.cafe.tmp").write_text("torn")
    before = {p: p.read_bytes() for p in tmp_path.rglob("*") if p.is_file()}
    r = casemark("validate", tmp_path, env=ENV)
    assert r.returncode == 1
    insp = tmp_path / "insp" / "inspection.toml"
    assert r.stdout.splitlines() == [
        f"{insp}.conflicts:ratings.1.1: changed both ways: theirs 'good' is in inspection.toml, yours (ada) 'inadequate' is kept here "
        "(open domain one of the inspection in casemark to choose, or edit inspection.toml and delete this entry)",
        f"warning: {tmp_path / 'insp' / '.inspection.toml.4242.beef.tmp'}: a temporary file left by an interrupted write of inspection.toml (process 4242); "
        "casemark never reads it (delete it unless a casemark is saving inspection.toml right now)",
        f"warning: {cases / '.C-1.toml.77.cafe.tmp'}: a temporary file left by an interrupted write of C-1.toml (process 77); "
        "casemark never reads it (delete it unless a casemark is saving C-1.toml right now)",
        f"{cases / 'C-1.toml'}.conflicts:answers.I1: changed both ways: theirs by Ada 'blue' is in C-1.toml, yours (ann) 'red' is kept here "
        "(open the case in casemark to choose, or edit C-1.toml and delete this entry)",
    ]
    assert {p: p.read_bytes() for p in tmp_path.rglob("*") if p.is_file()} == before  # validate changes nothing
    # once settled (the file holds mine) the entry is still listed, as settled
    ann.set_answer("insp", ann.load_case("insp", "C-1"), "I1", "red")
    r = casemark("validate", cases / "C-1.toml", env=ENV)
    assert f"{cases / 'C-1.toml'}.conflicts:answers.I1: already settled (C-1.toml holds yours): delete this entry (or the file if it is the last)" in r.stdout
