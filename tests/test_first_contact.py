"""What a new user meets first: the source texts held in the repository, the version, the demo,
the default data folder, and the command line's rough edges (issue 11)."""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
from pathlib import Path

import pytest

from casemark.framework import framework_ids, load_framework
from seedtext import CARAG_SEED, STANDARDS_SEED

REPO = Path(__file__).resolve().parent.parent


# -- the source texts -------------------------------------------------------------------------


@pytest.mark.parametrize("fid", ["youth-2021", "youth-2018"])
def test_each_source_text_is_in_the_repository_and_matches_its_recorded_sha256(fid) -> None:
    fw = load_framework(fid)
    assert fw.sources, f"{fid}/framework.toml names no [[sources]]"
    for doc in fw.sources:
        path = Path(doc.path)
        assert path.is_relative_to(REPO / "framework"), f"{path} lies outside the repository's framework/"
        assert hashlib.sha256(path.read_bytes()).hexdigest() == doc.sha256, f"{path} is not the text recorded"
        assert "Open Government Licence v3.0" in doc.licence and "Crown copyright" in doc.licence
        readme = (path.parent / "README.md").read_text(encoding="utf-8")
        assert path.name in readme and "Open Government Licence" in readme and "Crown copyright" in readme


def test_the_2018_text_is_held_once_and_named_by_both_frameworks() -> None:
    new, old = load_framework("youth-2021"), load_framework("youth-2018")
    assert {d.path for d in new.sources} == {str(STANDARDS_SEED.resolve()), str(CARAG_SEED.resolve())}
    assert [d.path for d in old.sources] == [str(CARAG_SEED.resolve())]
    texts = [p for fid in framework_ids() for p in (REPO / "framework" / fid / "source").glob("*.txt")]
    digests = [hashlib.sha256(p.read_bytes()).hexdigest() for p in texts]
    assert len(digests) == len(set(digests)) == 2


def test_a_source_entry_naming_a_missing_file_is_one_clear_problem(tmp_path) -> None:
    import shutil

    from casemark.framework import FrameworkError

    folder = tmp_path / "youth-2018"
    shutil.copytree(REPO / "framework" / "youth-2018", folder, ignore=shutil.ignore_patterns("source"))
    with pytest.raises(FrameworkError) as caught:
        load_framework(folder)
    [problem] = caught.value.problems
    assert str(folder / "framework.toml") in problem and "sources[0].file" in problem
    assert "carag-2018.txt" in problem


def test_framework_source_says_where_the_words_come_from(casemark) -> None:
    run = casemark("framework", "youth-2021", "--source")
    assert run.returncode == 0, run.stderr
    out = run.stdout
    assert "Response to the consultation on standards and ratings for inspection of youth offending services" in out
    assert "Domain three case assessment rules and guidance" in out and "July 2018 (v1.0)" in out
    assert out.count("Open Government Licence v3.0") == 2
    files = [line.split(":", 1)[1].strip() for line in out.splitlines() if line.strip().startswith("file:")]
    assert [Path(f).name for f in files] == ["consultation-response-2020.txt", "carag-2018.txt"]
    assert all(Path(f).is_file() for f in files)
    run = casemark("framework", "--source")
    assert run.returncode == 2 and "needs a framework id" in run.stderr


# -- version, demo, data folder -----------------------------------------------------------------


def test_version_is_the_package_version_and_pyproject_reads_it_from_there(casemark) -> None:
    import tomllib

    import casemark as package

    run = casemark("--version")
    assert run.returncode == 0 and run.stdout.strip() == f"casemark {package.__version__}"
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    assert "version" not in project["project"] and "version" in project["project"]["dynamic"]
    assert project["tool"]["hatch"]["version"]["path"] == "casemark/__init__.py"
    assert "tomli-w" not in " ".join(project["project"]["dependencies"])  # nothing at run time uses it


def test_licence_is_mit_and_names_the_crown_copyright_texts() -> None:
    text = (REPO / "LICENSE").read_text(encoding="utf-8")
    assert text.startswith("MIT License") and "Open Government Licence v3.0" in text
    for fid in ("youth-2021", "youth-2018"):
        for doc in load_framework(fid).sources:
            assert Path(doc.path).relative_to(REPO).as_posix() in text


def test_demo_copies_the_demo_inspection_and_never_overwrites(casemark, tmp_path) -> None:
    run = casemark("demo", tmp_path / "data", cwd=tmp_path)
    assert run.returncode == 0, run.stderr
    target = tmp_path / "data" / "demo-anytown"
    assert f"copied the demo inspection to {target}" in run.stdout
    shipped = REPO / "saved" / "demo-anytown"
    names = sorted(p.relative_to(shipped).as_posix() for p in shipped.rglob("*.toml"))
    assert sorted(p.relative_to(target).as_posix() for p in target.rglob("*.toml")) == names
    assert (target / "cases" / "C01.toml").read_bytes() == (shipped / "cases" / "C01.toml").read_bytes()
    ratings = casemark("ratings", target, "--json", cwd=tmp_path)
    assert ratings.returncode == 0 and json.loads(ratings.stdout)["inspection"] == "demo-anytown"

    (target / "cases" / "C01.toml").write_text("# mine\n", encoding="utf-8")
    again = casemark("demo", tmp_path / "data", cwd=tmp_path)
    assert again.returncode == 1 and str(target) in again.stderr and "already exists" in again.stderr
    assert (target / "cases" / "C01.toml").read_text(encoding="utf-8") == "# mine\n"


def test_default_data_folder_order(monkeypatch, tmp_path) -> None:
    from casemark.engine.store import data_dir_choice, default_data_dir

    monkeypatch.delenv("CASEMARK_DATA", raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    monkeypatch.chdir(tmp_path)
    assert default_data_dir() == tmp_path / "xdg" / "casemark"  # no ./saved here: the per-user folder
    assert "per-user" in data_dir_choice()[1]
    (tmp_path / "saved").mkdir()
    assert default_data_dir() == Path("saved")  # ./saved once it exists
    monkeypatch.setenv("CASEMARK_DATA", str(tmp_path / "env"))
    assert default_data_dir() == tmp_path / "env"
    assert default_data_dir(tmp_path / "given") == tmp_path / "given"


def test_no_saved_folder_appears_where_casemark_runs(casemark, tmp_path) -> None:
    env = {"XDG_DATA_HOME": str(tmp_path / "xdg")}
    work = tmp_path / "work"
    work.mkdir()
    run = casemark("new", "inspection", "x1", "--service", "Somewhere", cwd=work, env=env)
    assert run.returncode == 0, run.stderr
    data = tmp_path / "xdg" / "casemark"
    assert f"created the data folder {data} (the per-user data folder" in run.stdout
    assert (data / "x1" / "inspection.toml").is_file() and not (work / "saved").exists()
    demo = casemark("demo", cwd=work, env=env)
    assert demo.returncode == 0 and (data / "demo-anytown" / "inspection.toml").is_file()
    assert "per-user data folder" in demo.stdout and list(work.iterdir()) == []


def test_the_app_says_which_data_folder_it_created(tmp_path, monkeypatch) -> None:
    from casemark.tui import launch

    monkeypatch.delenv("CASEMARK_DATA", raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    monkeypatch.chdir(tmp_path)
    opened = []

    class App:  # stands in for CasemarkApp: records where it would open, runs nothing
        def __init__(self, store, **kwargs):
            opened.append(store.root)
            self.return_code = 0

        def run(self):
            return 0

    import casemark.tui.app as app_module

    monkeypatch.setattr(app_module, "CasemarkApp", App)
    import io
    from contextlib import redirect_stderr

    err = io.StringIO()
    with redirect_stderr(err):
        assert launch.run_app([]) == 0
    data = tmp_path / "xdg" / "casemark"
    assert opened == [data] and data.is_dir() and not (tmp_path / "saved").exists()
    assert err.getvalue().strip() == f"casemark: created the data folder {data} (the per-user data folder; set $CASEMARK_DATA to choose another)"


# -- command-line rough edges -------------------------------------------------------------------


def test_a_closed_pipe_ends_quietly() -> None:
    exe = [sys.executable, "-m", "casemark", "framework", "youth-2021", "--json"]
    proc = subprocess.Popen(exe, stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=REPO)
    first = proc.stdout.readline()
    proc.stdout.close()  # as `| head -1` does
    err = proc.stderr.read().decode()
    assert proc.wait(timeout=60) == 141
    assert first.strip() == b"{" and err == ""


def test_explain_with_csv_is_refused_not_ignored(casemark) -> None:
    run = casemark("ratings", REPO / "saved" / "demo-anytown", "--csv", "--explain")
    assert run.returncode == 2 and run.stdout == ""
    assert "--explain has no place in --csv" in run.stderr and "--json" in run.stderr


def test_second_mark_needs_a_name_and_takes_casemark_inspector(casemark, tmp_path) -> None:
    import shutil
    import tomllib

    demo = tmp_path / "demo-anytown"
    shutil.copytree(REPO / "saved" / "demo-anytown", demo)
    before = sorted(p.name for p in (demo / "cases").iterdir())
    nameless = casemark("new", "second-mark", demo, "C01", env={"CASEMARK_INSPECTOR": ""})
    assert nameless.returncode == 2 and "--inspector NAME (or set $CASEMARK_INSPECTOR); nothing created" in nameless.stderr
    assert sorted(p.name for p in (demo / "cases").iterdir()) == before
    named = casemark("new", "second-mark", demo, "C01", env={"CASEMARK_INSPECTOR": "Cat Poe"})
    assert named.returncode == 0, named.stderr
    copy = tomllib.loads((demo / "cases" / "C01--2.toml").read_text(encoding="utf-8"))
    assert copy["inspector"] == "Cat Poe" and copy["second_mark_of"] == "C01"
