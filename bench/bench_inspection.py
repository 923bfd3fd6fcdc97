"""Benchmark of the inspection screen (the list of an inspection's cases), driven headless.

    python bench/bench_inspection.py                         # 100, 1,000 and 5,000 cases, 3 runs each
    python bench/bench_inspection.py --sizes 100 1000 --runs 5
    python bench/bench_inspection.py --json

For each size, an inspection of that many cases (half court, half out-of-court, every question
answered; files written in the store's own format), once with no second marking and once with one
case in twenty second-marked. In one process, interleaved, median of `--runs`:

- casemark, first frame: `CasemarkApp(inspection=...)` from `run_test()` until the first frame of
  the inspection screen (its title painted) is handed to the terminal driver;
- casemark, cases shown: until the first frame with every case in the table (read in a worker,
  rated, laid out, painted);
- bare, cases shown: a Textual app with one DataTable that reads and parses the same files with
  `tomllib` in `on_mount` and adds one row per case (id, questionnaire, status, inspector, a mark
  per key question): the floor for showing the same cases;
- refill: `CasesTable.refill()` once the cases are shown (the layout chosen, the rows built and
  added), what every change to the list costs; median of 5 per run.

Growth is linear when the time per case stays level as the cases grow tenfold (the ratios printed
against the 100-case figure); the load average is printed with the figures.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import statistics
import sys
import tempfile
import time
import tomllib
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(REPO), str(REPO / "tests")]

from factories import INSPECTORS, complete_answers  # noqa: E402
from textual.app import App  # noqa: E402
from textual.widgets import DataTable  # noqa: E402

from casemark.engine.model import SECOND_MARK_KEY, Case  # noqa: E402
from casemark.engine.store import Store, now  # noqa: E402

SIZE = (160, 48)
IID = "bench"


def write_inspection(root: Path, n: int, second_share: float) -> None:
    """An inspection of `n` complete cases, plus second markings of `second_share` of them."""
    rng = random.Random(n)
    store = Store(root)
    store.root.mkdir(parents=True, exist_ok=True)
    inspection = store.create_inspection(IID, "Bench Youth Justice Service")
    fw = store.framework(inspection.framework)
    folder = store.cases_dir(IID)
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


class Frames:
    """Times (perf_counter) of frames handed to the terminal driver that satisfy a condition."""

    def __init__(self):
        self.marks: dict[str, float] = {}
        self.checks: dict[str, object] = {}
        self._display = App._display
        frames = self

        def _display(app, screen, renderable):
            frames._display(app, screen, renderable)
            if renderable is not None:
                for name, check in list(frames.checks.items()):
                    if name not in frames.marks and check(screen):
                        frames.marks[name] = time.perf_counter()

        App._display = _display

    def close(self) -> None:
        App._display = self._display


async def run_casemark(root: Path, expected: int, frames: Frames) -> dict[str, float]:
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
    async with app.run_test(size=SIZE) as pilot:
        for _ in range(20_000):
            if "cases shown" in frames.marks:
                break
            await pilot.pause(0.005)
        table = app.screen.query_one(CasesTable)
        refills = []
        for _ in range(5):
            t = time.perf_counter()
            table.refill()
            refills.append(time.perf_counter() - t)
    return {
        "first frame": frames.marks["first frame"] - start,
        "cases shown": frames.marks["cases shown"] - start,
        "refill": statistics.median(refills),
    }


class BareApp(App):
    """The floor: read and parse the same files, one DataTable row per case."""

    def __init__(self, folder: Path):
        super().__init__()
        self.folder = folder

    def compose(self):
        yield DataTable()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_columns("Case", "Questionnaire", "Status", "Inspector", "A", "P", "I", "R")
        for path in sorted(self.folder.glob("*.toml")):
            data = tomllib.loads(path.read_text(encoding="utf-8"))
            answers = data.get("answers", {})
            marks = ["✓" if answers.get(k) == "yes" else "✗" if answers.get(k) == "no" else "·" for k in ("2.1.1", "2.2.1", "2.3.1", "2.4.1")]
            table.add_row(data.get("case_id"), data.get("questionnaire"), data.get("status"), data.get("inspector"), *marks, key=path.stem)


async def run_bare(root: Path, expected: int, frames: Frames) -> dict[str, float]:
    frames.marks.clear()
    frames.checks = {"cases shown": lambda screen: bool(screen.query(DataTable)) and screen.query_one(DataTable).row_count == expected}
    start = time.perf_counter()
    app = BareApp(Store(root).cases_dir(IID))
    async with app.run_test(size=SIZE) as pilot:
        for _ in range(20_000):
            if "cases shown" in frames.marks:
                break
            await pilot.pause(0.005)
    return {"cases shown": frames.marks["cases shown"] - start}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 1000, 5000])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    os.environ["CASEMARK_CACHE"] = tempfile.mkdtemp(prefix="casemark-bench-cache-")
    results = []
    frames = Frames()
    with tempfile.TemporaryDirectory(prefix="casemark-bench-") as tmp:
        for n in args.sizes:
            for second_share in (0.0, 0.05):
                root = Path(tmp) / f"{n}-{second_share}"
                write_inspection(root, n, second_share)
                expected = len(list(Store(root).cases_dir(IID).glob("*.toml")))
                runs: dict[str, list[float]] = {}
                for _ in range(args.runs):
                    for name, value in asyncio.run(run_casemark(root, expected, frames)).items():
                        runs.setdefault(name, []).append(value)
                    runs.setdefault("bare cases shown", []).append(asyncio.run(run_bare(root, expected, frames))["cases shown"])
                row = {"cases": n, "rows": expected, "second markings": expected - n, "load": os.getloadavg()[0]}
                row |= {name: statistics.median(values) for name, values in runs.items()}
                results.append(row)
                if not args.json:
                    print(line(row, results), flush=True)
    frames.close()
    if args.json:
        print(json.dumps(results, indent=2))
    return 0


def line(row: dict, results: list[dict]) -> str:
    base = next((r for r in results if (r["second markings"] > 0) == (row["second markings"] > 0)), row)
    grow = row["cases"] / base["cases"]
    per = lambda key: f"{row[key]:8.3f}s ({row[key] / base[key] / grow:4.2f}x per case)"  # noqa: E731
    return (
        f"{row['cases']:>6} cases{' +' + str(row['second markings']) + ' 2nd' if row['second markings'] else '':<10} "
        f"first frame {row['first frame']:6.3f}s | cases shown {per('cases shown')} | bare {per('bare cases shown')} | "
        f"shown/bare {row['cases shown'] / row['bare cases shown']:4.2f}x | refill {per('refill')} | load {row['load']:.2f}"
    )


if __name__ == "__main__":
    sys.exit(main())
