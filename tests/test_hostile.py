"""A hostile world: every input of tests/hostile_inputs.py against every command, as root and as nobody.

Each input spoils a fresh copy of (part of) the demo inspection; then validate, ratings (text and
JSON), export in each format (to stdout, and report-md to a file), check, agreement, new case and new
second-mark run in-process (`casemark.tui.__main__.main(argv)`) in a forked child, with an alarm
per command and a deadline for the child. What must hold, every time: no traceback and no internal
error, no hang, exit status 0 or 1, every failing command's messages naming a file of the
inspection, no byte of any file changed but by the commands that create one (new case, new
second-mark), and validate naming the bad file. The unprivileged run forks and drops to `nobody`
(root only; skipped otherwise). A sample runs as real `casemark` subprocesses.
"""

from __future__ import annotations

import contextlib
import functools
import io
import json
import os
import shutil
import signal
import stat
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest

from hostile_inputs import SUBSET, Hostile, battery

import casemark.engine.store_frameworks as frameworks_module
from casemark.tui.__main__ import COMMANDS, build_parser, main

REPO = Path(__file__).resolve().parent.parent
DEMO = REPO / "saved" / "demo-anytown"
NOBODY = 65534
PER_COMMAND = 20  # seconds before a command counts as hung
FORMATS = ("report-md", "report-html", "answers-csv", "questions-csv", "ratings-json", "inspectors-csv")
BATTERY = battery()


def commands(folder: Path, out: Path, new_id: str = "X2") -> list[tuple[str, list[str]]]:
    """(label, argv) of every command, the readers first, the writers last."""
    d = str(folder)
    return [
        ("validate", ["validate", d]),
        ("ratings", ["ratings", d]),
        ("ratings --json", ["ratings", d, "--json"]),
        *[(f"export {f}", ["export", d, "--format", f]) for f in FORMATS],
        ("export -o", ["export", d, "--format", "report-md", "-o", str(out / "report.md")]),
        ("check", ["check", d]),
        ("check --json", ["check", d, "--json"]),
        ("agreement", ["agreement", d]),
        ("new case", ["new", "case", d, new_id, "--questionnaire", "court", "--inspector", "Tester"]),
        ("new second-mark", ["new", "second-mark", d, "C01", "--inspector", "Second Marker"]),
    ]


def copy_demo(base: Path) -> Path:
    folder = base / "demo-anytown"
    (folder / "cases").mkdir(parents=True)
    shutil.copy(DEMO / "inspection.toml", folder / "inspection.toml")
    for cid in SUBSET:
        shutil.copy(DEMO / "cases" / f"{cid}.toml", folder / "cases" / f"{cid}.toml")
    return folder


def snapshot(base: Path) -> dict[str, object]:
    """Every entry under `base`: its bytes (regular files), link target, or kind; never following links
    nor opening anything but a regular file without blocking."""
    out: dict[str, object] = {}
    for dirpath, dirnames, filenames in os.walk(base, followlinks=False):
        for name in dirnames + filenames:
            path = Path(dirpath) / name
            st = path.lstat()
            if stat.S_ISLNK(st.st_mode):
                out[str(path)] = ("link", os.readlink(path))
            elif stat.S_ISREG(st.st_mode):
                try:
                    out[str(path)] = path.read_bytes()
                except PermissionError:
                    out[str(path)] = ("unreadable", st.st_size, st.st_mtime_ns)
            else:
                out[str(path)] = ("kind", stat.S_IFMT(st.st_mode))
    return out


class Hang(BaseException):
    """Raised by the alarm: not an Exception, so the command's error net does not catch it."""


def _alarm(signum, frame):
    raise Hang()


def run_in_process(argv: list[str]) -> dict:
    out, err = io.StringIO(), io.StringIO()
    signal.signal(signal.SIGALRM, _alarm)
    signal.alarm(PER_COMMAND)
    hung = False
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            try:
                rc = main(argv)
            except SystemExit as exc:  # argparse: bad usage
                rc = exc.code if isinstance(exc.code, int) else 2
    except Hang:
        rc, hung = -1, True
    except BaseException as exc:  # noqa: BLE001 - what the test is looking for
        import traceback

        rc = -2
        err.write("Traceback (escaped main):\n" + "".join(traceback.format_exception(exc)))
    finally:
        signal.alarm(0)
    return {"rc": rc, "out": out.getvalue()[-100_000:], "err": err.getvalue()[-20_000:], "hung": hung}


def run_battery_child(hostile: Hostile, base: Path, uid: int | None) -> dict:
    """Spoil a fresh copy under `base`, then run every command on it in a forked child (as `uid`
    if given); the results by command, and the snapshots before and after."""
    folder = copy_demo(base)
    out = base / "out"
    out.mkdir()
    bad = hostile.apply(folder)
    if uid is not None:
        for dirpath, dirnames, filenames in os.walk(base):  # the copy belongs to nobody, as a user's own files would
            for name in [*dirnames, *filenames, "."]:
                p = Path(dirpath) / name
                if not p.is_symlink() and (p.stat().st_mode & 0o777) != 0:
                    os.chown(p, uid, uid, follow_symlinks=False)
    before = snapshot(base)
    new_id = (hostile.args or {}).get("new-id", "X2")
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: never returns into pytest
        code = 0
        try:
            os.close(read)
            if uid is not None:
                os.setgroups([])
                os.setgid(uid)
                os.setuid(uid)
            results = {label: run_in_process(argv) for label, argv in commands(folder, out, new_id)}
            data = json.dumps(results).encode()
            with os.fdopen(write, "wb") as fh:
                fh.write(data)
        except BaseException:  # noqa: BLE001
            code = 3
        finally:
            os._exit(code)
    os.close(write)
    deadline = time.monotonic() + PER_COMMAND * 20
    chunks = []
    with os.fdopen(read, "rb") as fh:
        while True:
            chunk = fh.read(1 << 16)
            if not chunk:
                break
            chunks.append(chunk)
            if time.monotonic() > deadline:  # pragma: no cover - the alarms fire first
                os.kill(pid, signal.SIGKILL)
                break
    _, status = os.waitpid(pid, 0)
    assert status == 0 and chunks, f"{hostile.name}: the child failed (status {status})"
    after = snapshot(base)
    return {"folder": folder, "bad": bad, "results": json.loads(b"".join(chunks)), "before": before, "after": after}


CREATES = {"new case": "X2.toml", "new second-mark": "C01--2.toml", "export -o": "report.md"}


def problems_of(hostile: Hostile, run: dict, as_nobody: bool) -> list[str]:
    """Every way the run broke the rules (empty: it held)."""
    found = []
    folder, bad = run["folder"], run["bad"]
    for label, r in run["results"].items():
        where = f"{hostile.name} / {label}{' (nobody)' if as_nobody else ''}"
        if r["hung"]:
            found.append(f"{where}: hung")
        if "Traceback" in r["err"] or "Traceback" in r["out"]:
            found.append(f"{where}: traceback: {r['err'][-600:]}")
        if "internal error" in r["err"]:
            found.append(f"{where}: internal error: {r['err'][-300:]}")
        if r["rc"] not in (0, 1) and not (r["rc"] == 2 and label.startswith("new") and hostile.args):
            found.append(f"{where}: exit status {r['rc']}: {r['err'][-300:]}")
        if r["rc"] == 1 and str(folder.parent) not in r["out"] + r["err"]:
            found.append(f"{where}: the message names no file: {r['err'][-300:]!r}")
    created = {n for label, n in CREATES.items() if run["results"][label]["rc"] == 0}
    before, after = run["before"], run["after"]
    for path, content in before.items():
        if after.get(path) != content:
            found.append(f"{hostile.name}: {path} changed")
    for path in set(after) - set(before):
        if Path(path).name not in created:
            found.append(f"{hostile.name}: {path} appeared")
    v = run["results"]["validate"]
    named = str(bad) in v["out"] + v["err"] or str(bad.parent) in v["out"] + v["err"]
    if hostile.flagged == "error" and not (v["rc"] == 1 and named):
        found.append(f"{hostile.name}: validate did not report {bad} (exit {v['rc']}): {v['out'][-400:]!r}")
    if hostile.flagged == "warning" and not ("warning:" in v["out"] and named):
        found.append(f"{hostile.name}: validate gave no warning naming {bad}: {v['out'][-400:]!r}")
    return found


@pytest.fixture(scope="module")
def fast_frameworks():
    """The framework files are not what is hostile here: load each once for the whole battery."""
    original = frameworks_module.load_framework
    frameworks_module.load_framework = functools.lru_cache(maxsize=None)(original)
    for name in COMMANDS:  # import every command now: an unprivileged child cannot import from /root
        build_parser(only=name)
    import casemark.engine.reports.html, casemark.engine.reports.markdown, casemark.tui.crash  # noqa: E401,F401
    yield
    frameworks_module.load_framework = original


@pytest.fixture
def scratch(tmp_path_factory):
    """A folder that `nobody` can reach (pytest's own tmp folders are root's only)."""
    base = Path(tempfile.mkdtemp(prefix="casemark-hostile-"))
    base.chmod(0o755)
    yield base
    for dirpath, dirnames, _ in os.walk(base):
        for name in dirnames:
            p = Path(dirpath) / name
            if not p.is_symlink():
                p.chmod(0o755)
    shutil.rmtree(base, ignore_errors=True)


def test_the_battery_is_large_and_varied() -> None:
    assert len(BATTERY) >= 120
    assert len({h.name for h in BATTERY}) == len(BATTERY)
    assert len(commands(Path("d"), Path("o"))) >= 12


def _battery(scratch: Path, uid: int | None, monkeypatch) -> None:
    monkeypatch.setenv("CASEMARK_LOG", str(scratch / "crash.log"))
    monkeypatch.delenv("CASEMARK_DATA", raising=False)
    found: list[str] = []
    runs = 0
    started = time.monotonic()
    for i, hostile in enumerate(BATTERY):
        base = scratch / f"{i:03d}"
        base.mkdir()
        base.chmod(0o755)
        run = run_battery_child(hostile, base, uid)
        runs += len(run["results"])
        found += problems_of(hostile, run, uid is not None)
    print(f"{len(BATTERY)} hostile inputs x {runs // len(BATTERY)} commands = {runs} runs in {time.monotonic() - started:.1f} s")
    assert not found, f"{len(found)} broken rules:\n" + "\n".join(found[:40])


@pytest.mark.slow
def test_every_hostile_input_against_every_command_as_root(scratch, fast_frameworks, monkeypatch) -> None:
    _battery(scratch, None, monkeypatch)


@pytest.mark.slow
@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0, reason="dropping to nobody needs root")
def test_every_hostile_input_against_every_command_as_nobody(scratch, fast_frameworks, monkeypatch) -> None:
    _battery(scratch, NOBODY, monkeypatch)


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0, reason="dropping to nobody needs root")
def test_a_file_only_its_owner_can_read_is_named_to_another_user(scratch, fast_frameworks, monkeypatch) -> None:
    """chmod 000 as root means nothing; to anyone else it is the everyday shared-server case."""
    monkeypatch.setenv("CASEMARK_LOG", str(scratch / "crash.log"))
    for name in ("case:not-readable", "inspection:not-readable", "folder:cases-unreadable"):
        hostile = next(h for h in BATTERY if h.name == name)
        base = scratch / name.replace(":", "-")
        base.mkdir()
        base.chmod(0o755)
        run = run_battery_child(hostile, base, NOBODY)
        v = run["results"]["validate"]
        assert v["rc"] == 1 and f"{run['bad']}: cannot be read: permission denied" in v["out"] + v["err"], v
        r = run["results"]["ratings"]
        assert r["rc"] == 1 and str(run["bad"]) in r["err"], r


SAMPLE = ["case:fifo", "inspection:fifo", "case:symlink-loop", "case:deep-array", "case:judgement-list",
          "folder:cases-is-a-file", "inspection:folder", "case:link-to-dev-zero"]


@pytest.mark.parametrize("name", SAMPLE)
def test_a_sample_as_real_commands(casemark, tmp_path: Path, name: str) -> None:
    hostile = next(h for h in BATTERY if h.name == name)
    folder = copy_demo(tmp_path)
    bad = hostile.apply(folder)
    before = snapshot(tmp_path)
    for argv in (["validate", folder], ["ratings", folder], ["agreement", folder], ["export", folder, "-f", "report-md"]):
        r = casemark(*argv, env={"CASEMARK_LOG": str(tmp_path / "crash.log")})
        assert "Traceback" not in r.stderr and r.returncode in (0, 1), r.stderr
        if r.returncode == 1:
            assert str(folder) in r.stdout + r.stderr
    assert snapshot(tmp_path) == before
    assert not (tmp_path / "crash.log").exists()
    assert str(bad)  # the input spoilt a path


def test_the_framework_cache_holds_data_and_builds_only_framework_classes(tmp_path: Path) -> None:
    """A cache file is JSON rebuilt into casemark.framework.model's dataclasses; a file naming any
    other class, or a pickle, is not used (and runs nothing): the framework loads from its TOML."""
    from casemark.engine.framework_cache import FrameworkCache
    from casemark.framework import FRAMEWORKS_DIR, load_framework

    cache = FrameworkCache(tmp_path / "cache")
    fw_dir = FRAMEWORKS_DIR / "youth-2021"
    cache.put(fw_dir, load_framework("youth-2021"))
    assert cache.file(fw_dir).suffix == ".json"
    assert cache.get(fw_dir) == load_framework("youth-2021")
    digest = cache.digest(fw_dir)
    ran = tmp_path / "ran"
    for body in (
        b'{"@": "Popen", "args": ["touch", "' + str(ran).encode() + b'"]}',
        b'{"@": "Framework", "id": "youth-2021", "__class__": 1}',
        b"\x80\x04\x95" + b"cos\nsystem\n(S'touch " + str(ran).encode() + b"'\ntR.",
    ):
        cache.file(fw_dir).write_bytes(digest + b"\n" + body)
        assert cache.get(fw_dir) is None
    assert not ran.exists()


def _unprivileged_python() -> str | None:
    """A Python that `nobody` can run (the test's own may live in root's home), or None."""
    for exe in (sys.executable, "/usr/bin/python3"):
        done = subprocess.run(["setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups", exe, "-c", "import sys; assert sys.version_info >= (3, 11)"],
                              capture_output=True)
        if done.returncode == 0:
            return exe
    return None


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0 or shutil.which("setpriv") is None, reason="setpriv to nobody needs root")
def test_a_real_command_run_as_nobody_with_setpriv(scratch) -> None:
    exe = _unprivileged_python()
    if exe is None:
        pytest.skip("no Python that nobody can run")
    folder = copy_demo(scratch / "data")
    for dirpath, dirnames, filenames in os.walk(scratch):
        for name in [*dirnames, *filenames]:
            os.chmod(Path(dirpath) / name, 0o755 if name in dirnames else 0o644)
    scratch.chmod(0o755)
    secret = folder / "cases" / "C02.toml"
    secret.chmod(0)  # root's, readable by root only
    os.mkfifo(folder / "cases" / "X1.toml")
    os.chmod(folder / "cases" / "X1.toml", 0o666)
    env = {"PATH": "/usr/bin:/bin", "PYTHONPATH": str(REPO), "CASEMARK_LOG": str(scratch / "crash.log"), "NO_COLOR": "1"}
    for argv in (["validate", str(folder)], ["ratings", str(folder)]):
        done = subprocess.run(["setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups", exe, "-m", "casemark", *argv],
                              capture_output=True, text=True, timeout=60, env=env, cwd="/")
        out = done.stdout + done.stderr
        assert done.returncode == 1 and "Traceback" not in out, out
        assert f"{secret}: cannot be read: permission denied" in out and "is a named pipe (FIFO)" in out, out
