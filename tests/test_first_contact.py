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
