"""Planted links: at every temp, lock and export path a link someone else made is refused or replaced,
never followed; the file it points at keeps every byte."""

from __future__ import annotations

import datetime as dt
import os
import secrets
from pathlib import Path

import pytest

from test_hostile import copy_demo, run_in_process

from casemark.engine import locks, tomlfile
from casemark.engine.store import LockedError, NotWritableError, Store

IID = "demo-anytown"
SECRET = b"the target's own bytes\n"


@pytest.fixture
def demo(tmp_path: Path) -> Path:
    return copy_demo(tmp_path / "data")


@pytest.fixture
def target(tmp_path: Path) -> Path:
    t = tmp_path / "elsewhere" / "target"
    t.parent.mkdir()
    t.write_bytes(SECRET)
    return t


@pytest.fixture
def guessed(monkeypatch):
    """The first temp name is the one an attacker guessed (as if the name were predictable); later
    ones are random as usual."""
    names = iter(["guessed"])
    real = secrets.token_hex
    monkeypatch.setattr(tomlfile.secrets, "token_hex", lambda n=None: next(names, None) or real(n))


def test_a_link_at_the_temp_name_of_a_save_is_not_followed(demo: Path, target: Path, guessed) -> None:
    store = Store(demo.parent)
    path = store.case_path(IID, "C01")
    os.symlink(target, path.parent / f".{path.name}.guessed.tmp")
    case = store.load_case(IID, "C01")
    case.answers["I2.6"] = 17
    store.save_case(IID, case)
    assert target.read_bytes() == SECRET
    assert store.load_case(IID, "C01").answers["I2.6"] == 17
    assert (path.parent / f".{path.name}.guessed.tmp").is_symlink()  # left alone, not written through


def test_a_link_planted_as_the_lock_is_refused_and_not_followed(demo: Path, target: Path) -> None:
    store = Store(demo.parent)
    os.symlink(target, store.lock_path(IID, "C01"))
    with pytest.raises(LockedError) as err:
        store.lock_case(IID, "C01")
    assert "cannot be read" in str(err.value) and str(store.lock_path(IID, "C01")) in str(err.value)
    assert target.read_bytes() == SECRET
    case = store.load_case(IID, "C01")
    case.answers["I2.6"] = 17
    with pytest.raises(LockedError):  # a save does not get past it either
        store.save_case(IID, case)
    assert target.read_bytes() == SECRET


def test_the_take_over_of_a_stale_lock_does_not_follow_a_planted_link(demo: Path, target: Path, guessed) -> None:
    store = Store(demo.parent)
    lock = store.lock_path(IID, "C01")
    stale = {"user": "gone", "host": locks.this_host(), "pid": 2**22 + 7, "since": dt.datetime.now(dt.timezone.utc).replace(microsecond=0)}
    lock.write_text(tomlfile.dumps(stale))
    os.symlink(target, lock.parent / f".{lock.name}.take.guessed.tmp")
    taken = store.lock_case(IID, "C01")
    assert taken.took_over is not None and taken.held
    assert target.read_bytes() == SECRET
    taken.release()
    assert not lock.exists()


def test_a_case_file_that_is_a_link_is_replaced_not_written_through(demo: Path, target: Path) -> None:
    store = Store(demo.parent)
    path = store.case_path(IID, "C01")
    target.write_bytes(path.read_bytes())
    original = target.read_bytes()
    path.unlink()
    os.symlink(target, path)
    case = store.load_case(IID, "C01")
    case.answers["I2.6"] = 17
    store.save_case(IID, case)
    assert target.read_bytes() == original
    assert not path.is_symlink() and store.load_case(IID, "C01").answers["I2.6"] == 17


def test_a_cases_folder_linked_elsewhere_is_read_but_never_written(demo: Path, tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere-cases"
    (demo / "cases").rename(elsewhere)
    os.symlink(elsewhere, demo / "cases")
    before = {p.name: p.read_bytes() for p in elsewhere.iterdir()}
    store = Store(demo.parent)
    case = store.load_case(IID, "C01")
    case.answers["I2.6"] = 17
    with pytest.raises(NotWritableError) as err:
        store.save_case(IID, case)
    assert "is a symbolic link" in str(err.value) and "not saved" in str(err.value)
    with pytest.raises(NotWritableError):
        store.create_case(IID, "X1", "court")
    with pytest.raises(NotWritableError):
        store.lock_case(IID, "C02")
    assert {p.name: p.read_bytes() for p in elsewhere.iterdir()} == before
    r = run_in_process(["validate", str(demo)])
    assert f"warning: {demo / 'cases'}: is a symbolic link to {elsewhere}" in r["out"], r
    r = run_in_process(["new", "case", str(demo), "X1", "--questionnaire", "court"])
    assert r["rc"] == 1 and "is a symbolic link" in r["err"] and "Traceback" not in r["err"]
    assert {p.name: p.read_bytes() for p in elsewhere.iterdir()} == before


def test_export_does_not_follow_links_at_its_temp_or_output_path(demo: Path, target: Path, tmp_path: Path, guessed) -> None:
    out = tmp_path / "out"
    out.mkdir()
    os.symlink(target, out / ".report.md.guessed.tmp")  # the temp name
    r = run_in_process(["export", str(demo), "-f", "report-md", "-o", str(out / "report.md")])
    assert r["rc"] == 0, r
    assert target.read_bytes() == SECRET and (out / "report.md").read_text().startswith("# ")
    os.symlink(target, out / "linked.md")  # the output itself is a link
    r = run_in_process(["export", str(demo), "-f", "report-md", "-o", str(out / "linked.md")])
    assert r["rc"] == 1 and "already exists" in r["err"]
    r = run_in_process(["export", str(demo), "-f", "report-md", "-o", str(out / "linked.md"), "--force"])
    assert r["rc"] == 0, r
    assert target.read_bytes() == SECRET and not (out / "linked.md").is_symlink()
