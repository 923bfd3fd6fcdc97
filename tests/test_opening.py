"""One opening of an inspection and one reading of PATH, for every command, the app and the reports."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from factories import make_inspection

from casemark.engine.agreement import second_mark
from casemark.engine.opening import PathError, locate, locate_inspection, open_inspection
from casemark.engine.store import Store

from conftest import REPO

DEMO = REPO / "saved" / "demo-anytown"


def both_jsons(casemark, where: str, cwd: Path | None = None, env: dict | None = None) -> tuple[dict, dict]:
    r = casemark("ratings", where, "--json", cwd=cwd, env=env)
    e = casemark("export", where, "--format", "ratings-json", cwd=cwd, env=env)
    assert r.returncode == 0, r.stderr
    assert e.returncode == 0, e.stderr
    return json.loads(r.stdout), json.loads(e.stdout)


def test_ratings_and_export_give_the_same_ratings_json_on_the_demo(casemark):
    ratings, exported = both_jsons(casemark, str(DEMO))
    assert ratings == exported
    # the demo's second marking is named as not counted by both (export used to leave it out)
    assert "C03--2" in exported["ignored_cases"] and "second marking of C03" in exported["ignored_cases"]["C03--2"]
    assert ratings["inspection"] == "demo-anytown" and ratings["standards"]


def test_ratings_and_export_agree_on_a_generated_inspection_with_a_second_marking(casemark, tmp_path):
    folder = make_inspection(tmp_path / "data", n_court=6, n_oocd=4, seed=3)
    store = Store(folder.parent)
    second_mark(store, folder.name, "COURT-002", "Z. Second")
    excluded = store.load_case(folder.name, "OOCD-001")
    store.set_status(folder.name, excluded, "excluded", "moved away")
    ratings, exported = both_jsons(casemark, str(folder))
    assert ratings == exported
    assert list(exported["ignored_cases"]) == ["COURT-002--2"]
    assert json.loads(json.dumps(open_inspection(folder).ratings.to_json())) == ratings  # the same as the app's opening
    # an id in the data folder, as `casemark new` takes one, opens the same inspection
    by_id, by_id_export = both_jsons(casemark, folder.name, env={"CASEMARK_DATA": str(folder.parent)})
    assert by_id == ratings == by_id_export


def test_locate_reads_every_kind_of_path(tmp_path):
    folder = make_inspection(tmp_path / "data", n_court=1, n_oocd=0)
    root, iid = folder.parent.resolve(), folder.name
    case = folder / "cases" / "COURT-001.toml"
    assert locate(folder.parent).inspection is None and locate(folder.parent).root == folder.parent
    for path in (folder, folder / "inspection.toml", folder / "cases"):
        assert (locate(path).root, locate(path).inspection, locate(path).case) == (root, iid, None)
    assert (locate(case).root, locate(case).inspection, locate(case).case) == (root, iid, "COURT-001")
    assert (locate(iid, data=folder.parent).inspection, locate(iid, data=folder.parent).root) == (iid, folder.parent)


def test_locate_refuses_with_one_line_naming_the_path(tmp_path):
    stray = tmp_path / "notes.txt"
    stray.write_text("x")
    with pytest.raises(PathError, match=r"notes\.txt: not a case file .*give a data folder"):
        locate(stray)
    with pytest.raises(PathError, match=r"no such file or folder, and no inspection 'nowhere' here in "):
        locate("nowhere", data=tmp_path)
    with pytest.raises(PathError, match="not an inspection"):
        locate_inspection(tmp_path)


def test_a_command_given_a_bad_path_says_so_in_one_line(casemark, tmp_path):
    r = casemark("ratings", str(tmp_path / "nowhere"))
    assert r.returncode == 1 and "Traceback" not in r.stderr
    assert r.stderr.strip().splitlines() == [f"casemark ratings: {tmp_path / 'nowhere'}: no such file or folder (give a data folder, an inspection folder, a case file or an inspection id in the data folder)"]
