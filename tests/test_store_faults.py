"""SIGKILL in the middle of hundreds of saves: every file still parses and holds either the old or
the new answers, never a mix and never a torn file."""

from __future__ import annotations

import random
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from casemark.engine.store import Store

FIXTURES = Path(__file__).resolve().parent / "fixtures"
REPO = Path(__file__).resolve().parent.parent

SAVER = textwrap.dedent(
    """
    import sys
    sys.path.insert(0, {repo!r})
    from casemark.engine.store import Store
    store = Store({root!r}, framework_root={fixtures!r})
    case = store.load_case("insp", "C-1")
    start = case.answers.get("I3", 0)
    print("ready", start, flush=True)
    for i in range(start + 1, start + 100000):
        # a large file (about 200 kB) so that the kill often lands inside a write
        case.answers["I3"] = i
        case.answers["I4"] = f"save {{i}}"
        case.answers["2.1.1.reasons"] = f"Reasons written at save {{i}}.\\n" * 6000
        store.save_case("insp", case)
        inspection = store.load_inspection("insp")
        inspection.answers["1.1.1a"] = f"save {{i}}"
        store.save_inspection(inspection)
        print(i, flush=True)
    """
)


@pytest.mark.slow
def test_sigkill_during_saves_leaves_old_or_new(tmp_path: Path) -> None:
    store = Store(tmp_path, framework_root=FIXTURES)
    store.create_inspection("insp", "S", framework="store-fw")
    store.create_case("insp", "C-1", "court")
    code = SAVER.format(repo=str(REPO), root=str(tmp_path), fixtures=str(FIXTURES))
    rng = random.Random(7)
    last = 0
    last_inspection: str | None = None
    total_saves = 0
    for round_ in range(15):
        proc = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True)
        word, start = proc.stdout.readline().split()
        assert word == "ready"
        # let it make a number of saves (however slow the machine), then kill it at a random
        # instant of the next ones: a 200 kB save takes milliseconds, so the kill often lands mid-write
        wanted = int(start) + rng.randint(8, 40)
        while int(proc.stdout.readline()) < wanted:
            pass
        time.sleep(rng.uniform(0, 0.03))
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        case = store.load_case("insp", "C-1")  # parses, or this raises
        i = case.answers.get("I3", 0)
        assert i >= last
        if i:
            # all three answers come from the same save
            assert case.answers["I4"] == f"save {i}"
            assert case.answers["2.1.1.reasons"] == f"Reasons written at save {i}.\n" * 6000
        inspection = store.load_inspection("insp")
        # the inspection is saved after the case, so it holds this save, the one before, or (killed
        # before this round's first inspection save) what the last round left
        saved = inspection.answers.get("1.1.1a")
        assert saved in (f"save {i}", f"save {i - 1}", last_inspection), (i, saved, last_inspection)
        last_inspection = saved
        total_saves += i - last
        last = i
    assert total_saves >= 100, f"only {total_saves} saves happened: the kills were too early to test anything"
    # leftovers of killed writes are hidden temp files, never taken for cases
    assert store.case_ids("insp") == ["C-1"]
    assert all(p.name.startswith(".") for p in store.cases_dir("insp").iterdir() if p.name != "C-1.toml")
    # and some kills did land inside a write (each leaves its temp file): the test tested something
    interrupted = [p for folder in (store.cases_dir("insp"), store.inspection_dir("insp")) for p in folder.glob(".*.tmp")]
    assert interrupted, "no kill landed inside a write"
