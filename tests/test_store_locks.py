"""Locks and conflicts: two store instances, and two processes, never lose an update."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from casemark.engine import locks
from casemark.engine.store import ConflictError, LockedError, Store

FIXTURES = Path(__file__).resolve().parent / "fixtures"
REPO = Path(__file__).resolve().parent.parent


@pytest.fixture
def store(tmp_path: Path) -> Store:
    s = Store(tmp_path, framework_root=FIXTURES)
    s.create_inspection("insp", "S", framework="store-fw")
    s.create_case("insp", "C-1", "court")
    return s


def dead_pid() -> int:
    proc = subprocess.Popen([sys.executable, "-c", "pass"])
    proc.wait()
    return proc.pid


# -- locks -----------------------------------------------------------------------------------


def test_lock_file_names_user_host_pid_and_time(store: Store) -> None:
    with store.lock_case("insp", "C-1", user="alice") as lock:
        info = locks.read_lock(store.lock_path("insp", "C-1"))
        assert (info.user, info.host, info.pid) == ("alice", socket.gethostname(), os.getpid())
        assert info.since is not None and lock.held and lock.message == ""
        assert store.lock_path("insp", "C-1").name == "C-1.toml.lock"
        # the same case opened twice (even by this process) is refused, naming the holder
        with pytest.raises(LockedError) as err:
            store.lock_case("insp", "C-1", user="bob")
        assert f"being edited by alice on {socket.gethostname()} (pid {os.getpid()})" in str(err.value)
        assert err.value.holder.user == "alice"
    assert not store.lock_path("insp", "C-1").exists()


def test_stale_lock_is_taken_over_with_a_message(store: Store) -> None:
    path = store.lock_path("insp", "C-1")
    path.write_text(f'user = "carol"\nhost = "{socket.gethostname()}"\npid = {dead_pid()}\nsince = 2026-01-01T09:00:00Z\n')
    lock = store.lock_case("insp", "C-1", user="alice")
    assert lock.took_over.user == "carol"
    assert "took over a stale lock of carol on" in lock.message and "that process has ended" in lock.message
    assert locks.read_lock(path).user == "alice"
    lock.release()
    assert not path.exists()


def test_lock_from_another_host_is_respected(store: Store) -> None:
    path = store.lock_path("insp", "C-1")
    path.write_text('user = "dave"\nhost = "elsewhere.example"\npid = 1\nsince = 2026-01-01T09:00:00Z\n')
    with pytest.raises(LockedError, match=f"being edited by dave on elsewhere.example .*if that session has gone, delete {path}"):
        store.lock_case("insp", "C-1")
    with pytest.raises(LockedError):
        store.set_answer("insp", store.load_case("insp", "C-1"), "I1", "red")
    assert "I1" not in store.load_case("insp", "C-1").answers


def test_unreadable_lock_is_reported_not_ignored(store: Store) -> None:
    store.lock_path("insp", "C-1").write_text("garbage ===")
    with pytest.raises(LockedError, match="which cannot be read \\(delete it if no one is editing this case\\)"):
        store.lock_case("insp", "C-1")


def test_release_never_removes_someone_elses_lock(store: Store) -> None:
    lock = store.lock_case("insp", "C-1")
    path = store.lock_path("insp", "C-1")
    path.write_text('user = "erin"\nhost = "elsewhere.example"\npid = 1\n')
    lock.release()
    assert path.read_text().startswith('user = "erin"')


# -- conflicts between two store instances ---------------------------------------------------


def test_a_save_over_a_changed_file_merges_both_answers(store: Store, tmp_path: Path) -> None:
    other = Store(tmp_path, framework_root=FIXTURES)
    mine = store.load_case("insp", "C-1")
    theirs = other.load_case("insp", "C-1")
    theirs.inspector = "Bob"
    other.set_answer("insp", theirs, "I1", "blue")
    store.set_answer("insp", mine, "I4", "Ms Case Manager")
    assert store.load_case("insp", "C-1").answers == {"I1": "blue", "I4": "Ms Case Manager"}
    assert mine.answers == {"I1": "blue", "I4": "Ms Case Manager"} and mine.inspector == "Bob"  # updated in place
    assert store.last_merge.summary() == "1 answer and 1 change to inspector from Bob merged in"
    assert store.case_ids("insp") == ["C-1"] and not list(store.cases_dir("insp").glob("*.conflict*"))


def test_a_save_over_a_changed_inspection_merges(store: Store, tmp_path: Path) -> None:
    other = Store(tmp_path, framework_root=FIXTURES)
    a = store.load_inspection("insp")
    b = other.load_inspection("insp")
    store.set_rating(a, "1.1", "good")
    other.set_rating(b, "2.5", "inadequate")
    assert store.load_inspection("insp").ratings == {"1.1": "good", "2.5": "inadequate"} == b.ratings


def test_conflict_when_the_file_was_deleted(store: Store) -> None:
    case = store.load_case("insp", "C-1")
    store.case_path("insp", "C-1").unlink()
    with pytest.raises(ConflictError, match="on disk, the file has been deleted"):
        store.set_answer("insp", case, "I1", "red")


# -- two processes ---------------------------------------------------------------------------

WORKER = textwrap.dedent(
    """
    import sys, time
    sys.path.insert(0, {repo!r})
    from casemark.engine.store import Store, ConflictError, LockedError
    from casemark.engine.store_errors import StillChanging
    store = Store({root!r}, framework_root={fixtures!r}, keep_conflicts=False)
    name, n, use_lock = sys.argv[1], int(sys.argv[2]), sys.argv[3] == "lock"
    for k in range(n):
        while True:
            lock = None
            try:
                if use_lock:
                    lock = store.lock_case("insp", "C-1", user=name)
                case = store.load_case("insp", "C-1")
                case.answers[f"{{name}}-{{k}}"] = "yes"   # answers the framework does not know are kept
                store.save_case("insp", case)
                break
            except (ConflictError, LockedError, StillChanging):  # all say: nothing written, try again
                time.sleep(0.001)
            finally:
                if lock:
                    lock.release()
    """
)


@pytest.mark.parametrize("mode", ["conflict", "lock"])
def test_two_processes_lose_no_update(store: Store, tmp_path: Path, mode: str) -> None:
    code = WORKER.format(repo=str(REPO), root=str(tmp_path), fixtures=str(FIXTURES))
    n = 60
    procs = [subprocess.Popen([sys.executable, "-c", code, name, str(n), mode]) for name in ("p1", "p2")]
    for p in procs:
        assert p.wait(timeout=120) == 0
    answers = store.load_case("insp", "C-1").answers
    assert sorted(answers) == sorted(f"{name}-{k}" for name in ("p1", "p2") for k in range(n))
    assert not store.lock_path("insp", "C-1").exists()


HOLDER = textwrap.dedent(
    """
    import sys
    sys.path.insert(0, {repo!r})
    from casemark.engine.store import Store
    store = Store({root!r}, framework_root={fixtures!r})
    lock = store.lock_case("insp", "C-1", user="holder")
    print("locked", flush=True)
    sys.stdin.read()
    """
)


def test_a_lock_held_by_another_process_then_killed(store: Store, tmp_path: Path) -> None:
    code = HOLDER.format(repo=str(REPO), root=str(tmp_path), fixtures=str(FIXTURES))
    proc = subprocess.Popen([sys.executable, "-c", code], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert proc.stdout.readline() == "locked\n"
        with pytest.raises(LockedError, match=f"being edited by holder on .* \\(pid {proc.pid}\\)"):
            store.lock_case("insp", "C-1")
        case = store.load_case("insp", "C-1")
        with pytest.raises(LockedError):
            store.set_answer("insp", case, "I1", "red")
        assert "I1" not in store.load_case("insp", "C-1").answers
    finally:
        proc.kill()
        proc.wait()
    lock = store.lock_case("insp", "C-1", user="me")  # the holder died: its lock is stale
    assert lock.took_over.pid == proc.pid and "took over a stale lock of holder" in lock.message
    store.set_answer("insp", case, "I1", "red")
    lock.release()
    assert store.load_case("insp", "C-1").answers == {"I1": "red"}
