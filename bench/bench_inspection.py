"""Benchmark of the inspection screen (the list of an inspection's cases), driven headless.

    python bench/bench_inspection.py                           # 100, 1,000 and 5,000 cases, 3 runs each (~10 min)
    python bench/bench_inspection.py --sizes 100 1000 --runs 5 --refills 7
    python bench/bench_inspection.py --dir /tmp/insp           # keep the generated inspections and reuse them
    python bench/bench_inspection.py --gc-freeze               # the refills with the heap frozen (gc.freeze)
    python bench/bench_inspection.py --json

For each size, an inspection of that many complete cases (half court, half out-of-court, every
question answered; files in the store's own format), once with no second marking and once with
one case in twenty second-marked (a second marking is in progress: the table gains the `2nd of`
and Progress columns). In one process, casemark and the bare app interleaved, medians of `--runs`:

- first frame: from `run_test()` to the first frame of the inspection screen (its title painted)
  handed to the terminal driver; the cases are read after it, in a worker;
- cases shown: to the first frame with every case in the table (read, validated, rated, laid out);
- refill: `CasesTable.refill()` once the cases are shown (filter, sort, the layout chosen, the
  rows built and added), what every change to the list costs; the median of `--refills` per run,
  in wall time and in CPU time of the app's thread (`time.thread_time`: what the refill costs,
  whatever else runs on the machine, and not the list's once-a-second poll of the case files,
  which runs in a worker thread);
- refill, painted: from the refill to the first frame handed to the driver after the DataTable
  has measured the new rows (Textual measures every cell of new rows on idle, before painting);
- the bare app, the floor for each: a Textual app with one DataTable that reads and parses the same
  files with `tomllib` in `on_mount` and adds one row per case (id, questionnaire, status,
  inspector, a mark per key question): its cases shown; and its refill: clear, then add the same
  rows again from what it parsed (no filter, no sort, no layout), and that refill painted.

Linear growth reads at a glance: the time per case (µs/case) stays level from 1,000 to 5,000
cases (at 100 cases fixed costs weigh more). The ratio to the bare app in the same run is what
to compare across machines; the load average is printed with each row, and the 2nd-generation
collections counted during the refills (`gc2`).
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import json
import os
import random
import sys
import tempfile
import time
import tomllib
from pathlib import Path

from common import load, machine, median

from factories import INSPECTORS, complete_answers  # noqa: E402  (tests/, put on the path by common)
from textual.app import App  # noqa: E402
from textual.widgets import DataTable  # noqa: E402

from casemark.engine.model import SECOND_MARK_KEY, Case  # noqa: E402
from casemark.engine.store import Store, now  # noqa: E402

SIZE = (160, 48)
IID = "bench"
WAIT = 300.0  # seconds before a run is declared hung


def write_inspection(root: Path, n: int, second_share: float) -> int:
    """An inspection of `n` complete cases, plus second markings of `second_share` of them; the
    number of case files."""
    rng = random.Random(n)
    store = Store(root)
    folder = store.cases_dir(IID)
    if (folder.parent / "inspection.toml").exists():
        return len(list(folder.glob("*.toml")))
    store.root.mkdir(parents=True, exist_ok=True)
    inspection = store.create_inspection(IID, "Bench Youth Justice Service")
    fw = store.framework(inspection.framework)
    stamp = now()
    for i in range(n):
        qid = "court" if i % 2 == 0 else "oocd"
        case = Case(f"{qid.upper()}-{i:05d}", qid, fw.id, "complete", rng.choice(INSPECTORS), stamp, stamp,
                    answers=complete_answers(fw.questionnaires[qid], rng))
        (folder / f"{case.case_id}.toml").write_text(store.case_text(case), encoding="utf-8")
        if second_share and i % round(1 / second_share) == 0:
            copy = Case(f"{case.case_id}--2", qid, fw.id, "in-progress", "Z. Second", stamp, stamp,
                        answers={}, extra={SECOND_MARK_KEY: case.case_id})
            (folder / f"{copy.case_id}.toml").write_text(store.case_text(copy), encoding="utf-8")
    return len(list(folder.glob("*.toml")))


class Frames:
    """Wall and CPU times of the first frame handed to the terminal driver that satisfies each check."""

    def __init__(self):
        self.marks: dict[str, tuple[float, float]] = {}
        self.checks: dict[str, object] = {}
        self._display = App._display
        frames = self

        def _display(app, screen, renderable):
            frames._display(app, screen, renderable)
            if renderable is not None:
                for name, check in list(frames.checks.items()):
                    if name not in frames.marks and check(screen):
                        frames.marks[name] = (time.perf_counter(), time.thread_time())

        App._display = _display

    async def wait(self, name: str) -> tuple[float, float]:
        deadline = time.perf_counter() + WAIT
        while name not in self.marks:
            if time.perf_counter() > deadline:
                raise SystemExit(f"bench: no frame '{name}' within {WAIT:.0f} s")
            await asyncio.sleep(0.001)
        return self.marks[name]

    def close(self) -> None:
        App._display = self._display


def measured(table: DataTable) -> bool:
    """The table's new rows are measured (Textual does it on idle: `DataTable._on_idle`)."""
    return not table._new_rows and not table._require_update_dimensions


async def refills(table: DataTable, refill, frames: Frames, times: int, freeze: bool = False) -> dict[str, float]:
    """`refill()` `times` times: medians (wall, CPU) of the call and of the call to the next
    frame painted with the rows measured; the 2nd-generation collections per refill. `freeze`:
    what is allocated so far (the cases read, the app) frozen out of the collector's reach."""
    out: dict[str, list[float]] = {"refill": [], "refill cpu": [], "painted": [], "painted cpu": []}
    if freeze:
        gc.collect()
        gc.freeze()
    collections = gc.get_stats()[2]["collections"]
    for i in range(times):
        await asyncio.sleep(0.05)  # the previous frame out, the app idle
        name, armed = f"refilled {i}", []
        frames.checks = {name: lambda screen: bool(armed) and measured(table)}
        t0, c0 = time.perf_counter(), time.thread_time()
        refill()
        t1, c1 = time.perf_counter(), time.thread_time()
        armed.append(True)
        while not measured(table):  # a frame painted before the rows are measured does not count
            await asyncio.sleep(0)
        table.refresh()  # so that a frame follows the measuring even if none was due
        t2, c2 = await frames.wait(name)
        for key, value in (("refill", t1 - t0), ("refill cpu", c1 - c0), ("painted", t2 - t0), ("painted cpu", c2 - c0)):
            out[key].append(value)
    gc.unfreeze()
    result = {key: median(values) for key, values in out.items()}
    result["gc2"] = (gc.get_stats()[2]["collections"] - collections) / times
    return result


async def run_casemark(root: Path, expected: int, frames: Frames, times: int, freeze: bool) -> dict[str, float]:
    from casemark.tui.app import CasemarkApp
    from casemark.tui.screens.inspection import InspectionScreen
    from casemark.tui.widgets.cases_table import CasesTable

    def titled(screen) -> bool:
        return isinstance(screen, InspectionScreen) and bool(screen.query_one("#inspection-title").region.area)

    def shown(screen) -> bool:
        return isinstance(screen, InspectionScreen) and screen.query_one(CasesTable).row_count == expected

    frames.marks.clear()
    frames.checks = {"first frame": titled, "cases shown": shown}
    start = time.perf_counter()
    app = CasemarkApp(Store(root), inspection=IID, inspector="bench")
    async with app.run_test(size=SIZE):
        first, _ = await frames.wait("first frame")
        cases, _ = await frames.wait("cases shown")
        table = app.screen.query_one(CasesTable)
        refilled = await refills(table, table.refill, frames, times, freeze)
    return {"first frame": first - start, "cases shown": cases - start} | refilled


class BareApp(App):
    """The floor: read and parse the same files, one DataTable row per case."""

    HEADERS = ("Case", "Questionnaire", "Status", "Inspector", "A", "P", "I", "R")

    def __init__(self, folder: Path):
        super().__init__()
        self.folder = folder
        self.parsed: list[tuple[str, list[str]]] = []

    def compose(self):
        yield DataTable()

    def on_mount(self) -> None:
        for path in sorted(self.folder.glob("*.toml")):
            data = tomllib.loads(path.read_text(encoding="utf-8"))
            answers = data.get("answers", {})
            marks = ["✓" if answers.get(k) == "yes" else "✗" if answers.get(k) == "no" else "·" for k in ("2.1.1", "2.2.1", "2.3.1", "2.4.1")]
            self.parsed.append((path.stem, [data.get("case_id"), data.get("questionnaire"), data.get("status"), data.get("inspector"), *marks]))
        self.refill()

    def refill(self) -> None:
        table = self.query_one(DataTable)
        table.clear(columns=True)
        table.add_columns(*self.HEADERS)
        for key, cells in self.parsed:
            table.add_row(*cells, key=key)


async def run_bare(root: Path, expected: int, frames: Frames, times: int, freeze: bool) -> dict[str, float]:
    frames.marks.clear()
    frames.checks = {"cases shown": lambda screen: bool(screen.query(DataTable)) and screen.query_one(DataTable).row_count == expected}
    start = time.perf_counter()
    app = BareApp(Store(root).cases_dir(IID))
    async with app.run_test(size=SIZE):
        cases, _ = await frames.wait("cases shown")
        refilled = await refills(app.query_one(DataTable), app.refill, frames, times, freeze)
    return {"cases shown": cases - start} | refilled


MEASURES = ("first frame", "cases shown", "refill", "refill cpu", "painted", "painted cpu", "gc2")


def bench_size(root: Path, n: int, second_share: float, args) -> dict:
    """The medians of `args.runs` interleaved runs of casemark and of the bare app on one inspection."""
    expected = write_inspection(root, n, second_share)
    frames = Frames()
    runs: dict[str, list[float]] = {}
    loads = [load()]
    try:
        for _ in range(args.runs):
            for kind, run in (("", run_casemark), ("bare ", run_bare)):
                for name, value in asyncio.run(run(root, expected, frames, args.refills, args.gc_freeze)).items():
                    runs.setdefault(kind + name, []).append(value)
                gc.collect()
            loads.append(load())
    finally:
        frames.close()
    row = {"cases": n, "rows": expected, "second markings": expected - n, "load": max(loads)}
    return row | {name: median(values) for name, values in runs.items()}


def line(row: dict) -> str:
    n = row["cases"]
    us = lambda key: f"{row[key] * 1e6 / n:5.0f}"  # noqa: E731  (µs per case)
    ratio = lambda key: f"{row[key] / row['bare ' + key]:4.2f}x"  # noqa: E731
    kind = f"+{row['second markings']} 2nd" if row["second markings"] else ""
    return (
        f"{n:>6} {kind:<9} | {row['first frame']:5.2f}s | {row['cases shown']:6.2f}s {us('cases shown'):>6} {ratio('cases shown')} | "
        f"{row['refill']:6.3f}s {us('refill')} {us('refill cpu')} {ratio('refill cpu')} | "
        f"{row['painted']:6.3f}s {us('painted')} {us('painted cpu')} {ratio('painted cpu')} | {row['gc2']:3.1f} {row['bare gc2']:3.1f} | {row['load']:4.1f}"
    )


HEAD = (
    "cases            | first  | cases shown         casemark/bare | refill (wall, µs/case wall, cpu, cpu/bare) | "
    "refill painted (same)         | gc2 c/b | load\n"
    "                 | frame  |   wall   µs/case                  |                                            | "
    "                              |         |"
)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 1000, 5000], help="inspection sizes (cases)")
    parser.add_argument("--runs", type=int, default=3, help="runs of each app per size (median)")
    parser.add_argument("--refills", type=int, default=5, help="refills timed per run (median)")
    parser.add_argument("--second-share", type=float, default=0.05, help="share of cases second-marked in the second inspection of each size (0: only the first)")
    parser.add_argument("--gc-freeze", action="store_true", help="gc.freeze() before the refills: the collector skips what is allocated by then (the cases, the app)")
    parser.add_argument("--dir", type=Path, help="keep the generated inspections here and reuse them")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    tmp = None if args.dir else tempfile.TemporaryDirectory(prefix="casemark-bench-")
    folder = args.dir or Path(tmp.name)
    os.environ["CASEMARK_CACHE"] = str(folder / ".cache")  # not the user's cache
    results = []
    if not args.json:
        print(machine(), "| figures are medians; µs/case = the time / the number of cases", flush=True)
        print(HEAD, flush=True)
    try:
        for n in args.sizes:
            for second_share in dict.fromkeys((0.0, args.second_share)):  # --second-share 0: once
                row = bench_size(folder / f"{n}-{second_share}", n, second_share, args)
                results.append(row)
                if not args.json:
                    print(line(row), flush=True)
    finally:
        if tmp:
            tmp.cleanup()
    if args.json:
        print(json.dumps({"machine": machine(), "results": results}, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
