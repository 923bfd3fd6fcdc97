"""A full disk: every writing command and the store's save say "not saved: the disk is full" and leave
every file as it was. On a small tmpfs where the test can mount one (root), else with RLIMIT_FSIZE in a
subprocess (EFBIG: the same error path)."""

from __future__ import annotations

import errno
import os
import resource
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from test_hostile import copy_demo, run_in_process, snapshot

from casemark.engine import tomlfile
from casemark.engine.agreement import second_mark
from casemark.engine.store import DiskFullError, Store

REPO = Path(__file__).resolve().parent.parent
FULL = "not saved: the disk is full"


def fill(folder: Path) -> None:
    """Write filler files until the file system says ENOSPC (and then smaller ones, for its last part-pages)."""
    for i, size in enumerate([1 << 20] * 8 + [4096] * 64 + [1] * 64):
        fd = os.open(folder / f"filler-{i}", os.O_WRONLY | os.O_CREAT)
        try:
            while os.write(fd, b"\0" * size) == size:
                pass
        except OSError:
            pass
        finally:
            os.close(fd)


@pytest.fixture
def full_disk(tmp_path: Path):
    """A 2 MB tmpfs holding a copy of (part of) the demo, filled to the last byte."""
    if os.geteuid() != 0:
        pytest.skip("mounting a small tmpfs needs root (RLIMIT_FSIZE covers the store's save below)")
    mnt = tmp_path / "mnt"
    mnt.mkdir()
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=2m", "tmpfs", str(mnt)], capture_output=True)
    if done.returncode:
        pytest.skip(f"cannot mount a tmpfs here: {done.stderr.decode().strip()}")
    try:
        folder = copy_demo(mnt / "data")
        fill(mnt)
        yield folder
    finally:
        subprocess.run(["umount", "-l", str(mnt)], check=False)


def test_every_writing_command_says_the_disk_is_full(full_disk: Path, monkeypatch) -> None:
    monkeypatch.setenv("CASEMARK_LOG", str(full_disk.parent.parent / "crash.log"))  # unwritable too: never printed
    data = full_disk.parent
    before = snapshot(data.parent)
    runs = {
        "new case": ["new", "case", str(full_disk), "X9", "--questionnaire", "court"],
        "new inspection": ["new", "inspection", "other", "--service", "S", "--data", str(data)],
        "new second-mark": ["new", "second-mark", str(full_disk), "C01", "--inspector", "Second Marker"],
        "check --acknowledge": ["check", str(full_disk), "--acknowledge", "C02", "against-prompts:2.4.1", "because"],
        "export -o": ["export", str(full_disk), "-f", "report-html", "-o", str(data / "report.html")],
    }
    for label, argv in runs.items():
        r = run_in_process(argv)
        assert r["rc"] == 1, (label, r)
        assert FULL in r["err"] and "Traceback" not in r["err"], (label, r["err"])
        assert str(data.parent) in r["err"], (label, r["err"])  # names the mount point to free space on
    assert snapshot(data.parent) == before


def test_the_store_save_says_the_disk_is_full(full_disk: Path) -> None:
    store = Store(full_disk.parent)
    case = store.load_case(full_disk.name, "C02")
    before = snapshot(full_disk)
    case.answers["2.1.1.reasons"] = "Reasons long enough to need a new page of the disk. " * 200
    with pytest.raises(DiskFullError) as err:
        store.save_case(full_disk.name, case)
    assert FULL in str(err.value) and str(store.case_path(full_disk.name, "C02")) in str(err.value)
    assert snapshot(full_disk) == before  # no temp file left, the case as it was
    with pytest.raises(DiskFullError):
        store.lock_case(full_disk.name, "C01")  # opening a case for editing: its lock cannot be written
    assert snapshot(full_disk) == before


SAVE_UNDER_LIMIT = textwrap.dedent(
    """
    import resource, signal, sys
    sys.path.insert(0, {repo!r})
    from casemark.engine.store import Store, StoreError
    store = Store({root!r})
    case = store.load_case("demo-anytown", "C02")
    case.answers["2.1.1.reasons"] = "x" * 200_000
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # EFBIG instead of a signal
    resource.setrlimit(resource.RLIMIT_FSIZE, (100_000, 100_000))
    try:
        store.save_case("demo-anytown", case)
    except StoreError as exc:
        print(type(exc).__name__, exc)
    """
)


def test_a_file_size_limit_is_the_same_full_disk(tmp_path: Path) -> None:
    folder = copy_demo(tmp_path)
    before = snapshot(tmp_path)
    code = SAVE_UNDER_LIMIT.format(repo=str(REPO), root=str(folder.parent))
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert "Traceback" not in done.stderr, done.stderr
    assert done.stdout.startswith("DiskFullError ") and FULL in done.stdout, done.stdout
    assert snapshot(tmp_path) == before


def test_a_second_marking_is_written_whole_or_not_at_all(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The disk fills at the 1st, 2nd or 3rd write of `second_mark`: either the blind copy is there
    whole (its case details and whose copy it is) or nothing new is (before, the copy was created
    empty and then saved: a full disk between the two left an empty second marking)."""
    raised = 0
    for fail_at in (1, 2, 3):
        folder = copy_demo(tmp_path / str(fail_at))
        store = Store(folder.parent)
        before = snapshot(folder)
        writes: list[Path] = []
        real = tomlfile.write_temp

        def failing(path: Path, data: bytes, mode: int | None = None, writes=writes, fail_at=fail_at) -> Path:
            writes.append(path)
            if len(writes) == fail_at:
                raise OSError(errno.ENOSPC, "No space left on device")
            return real(path, data, mode)

        monkeypatch.setattr(tomlfile, "write_temp", failing)
        try:
            second_mark(store, folder.name, "C01", "Second Marker")
        except DiskFullError as exc:
            raised += 1
            assert FULL in str(exc)
            assert snapshot(folder) == before, fail_at
        else:
            monkeypatch.undo()
            copy = Store(folder.parent).load_case(folder.name, "C01--2")
            first = Store(folder.parent).load_case(folder.name, "C01")
            assert copy.second_mark_of == "C01" and copy.inspector == "Second Marker"
            assert copy.answers["I2.1"] == first.answers["I2.1"]  # the case details came with it
            assert not any(q.startswith("2.") for q in copy.answers)  # and no marking: blind
        monkeypatch.undo()
    assert raised >= 1  # the first write failing must be reported
