"""Benchmark of the marking app, driven headless.

    python bench/bench_app.py                    # 60 and 1,000 cases, 7 start-up runs (~1 min)
    python bench/bench_app.py --check            # exit 1 if a target is missed
    python bench/bench_app.py --runs 3 --answers 20 --cases 60   # quick look

1. Start to first paint, as whole processes (Python start-up and imports included), median of
   `--runs` interleaved runs, on an inspection of 60 cases:
   - casemark: `casemark <inspection>/cases/<case>.toml` (load the framework, the inspection and
     the case, lock it, build the three panes; the other cases are read after the first paint);
   - bare: a Textual app that builds the same widgets (the same tree nodes, question, text boxes,
     guidance, and the sidebar text with every rating, footer) from prepared text, with no store
     and no engine.
   Each child process reports three moments, measured the same way for both apps:
   - first frame: the first frame of the whole target screen (title, tree, question and sidebar
     laid out) handed to the terminal driver. Target: casemark within 1.3x of bare;
   - idle: the Pilot's pause after it, which waits until the whole process (threads included) has
     used no CPU for 20 ms: casemark's reading of the cases after the first paint counts here;
   - casemark only: the sidebar showing the ratings of every case.
   casemark runs twice per round: with its parsed-framework cache filled (as at every start but the
   first) and with an empty one (the first start after an install or a framework edit).
2. Keystroke answer -> file written -> sidebar updated, on the marking screen of an inspection of
   60 and of 1,000 cases (`--cases`), `--answers` times flipping a key-question judgement (the
   answer that moves the ratings most):
   - "action": the `y`/`n` key's action (`CaseScreen.action_answer`) until it returns: the answer
     is on disk (atomic write, fsync) and the sidebar holds the new figures;
   - "key, painted": `pilot.press("y")` until the app is idle again and the screen repainted
     (includes the Pilot's own waiting, so an upper bound).
   Target: median under 10 ms (the action).
"""

from __future__ import annotations

import asyncio
import json
import os
import sys
import time
from pathlib import Path

# The bare app's child process imports this module for BareApp alone, so the benchmark's own
# tools (argparse, statistics, subprocess, ...) are imported where they are used: the baseline's
# start-up carries nothing that casemark's does not.

from common import REPO, machine  # the checkout (and tests/) first on the path

RATIO_TARGET = 1.3
ANSWER_TARGET_MS = 10.0
SIZE = (100, 30)

# A child process: run an app headless until its target screen is painted; print, as JSON, the
# time.time() of (1) the first frame of the complete target screen handed to the terminal driver,
# (2) the app idle after it (Textual's Pilot pause: no CPU used by the whole process for 20 ms,
# so work in threads counts), (3) casemark only: its sidebar showing the ratings of every case.
CHILD = r"""
import asyncio, json, sys, time
from textual.app import App
kind, spec = sys.argv[1], json.loads(sys.argv[2])
PANES = ("#case-title", "#tree", "#question", "#sidebar")
first_frame = []
def complete(screen):
    try:
        return all(screen.query_one(pane).region.area for pane in PANES)
    except Exception:
        return False
display = App._display
def _display(app, screen, renderable):
    display(app, screen, renderable)  # the frame is composed and handed over, then timed
    if renderable is not None and not first_frame and ready(screen) and complete(screen):
        first_frame.append(time.time())
        first_frame.append(time.process_time())  # CPU time of the process (all threads) so far
App._display = _display
async def main():
    global ready
    if kind.startswith("casemark"):
        from casemark.engine.store import Store
        from casemark.tui.app import CasemarkApp
        from casemark.tui.screens.case import CaseScreen
        app = CasemarkApp(Store(spec["root"]), inspection=spec["inspection"], case=spec["case"], inspector="bench")
        ready = lambda screen: isinstance(screen, CaseScreen)
    else:
        sys.path.insert(0, spec["bench"])
        from bench_app import BareApp
        app = BareApp(spec["widgets"])
        ready = lambda screen: bool(screen.query("#sidebar"))
    rated = None
    async with app.run_test(size=tuple(spec["size"])) as pilot:
        while not ready(app.screen):
            await asyncio.sleep(0.001)
        await pilot.pause()  # laid out, painted, and the process idle
        idle = time.time()
        if kind.startswith("casemark"):
            while not app.screen.live.loaded or "Standards" not in str(app.screen.query_one("#sidebar-body").render()):
                await asyncio.sleep(0.001)
            await pilot.pause()
            rated = time.time()
    print(json.dumps({"frame": first_frame[0], "frame_cpu": first_frame[1], "idle": idle, "ratings": rated}))
asyncio.run(main())
"""


def bare_app_class():
    from textual.app import App
    from textual.containers import Horizontal, VerticalScroll
    from textual.widgets import Footer, Input, Markdown, Static, TextArea, Tree

    class BareApp(App):
        """The marking screen's widgets, from prepared text: no store, no engine, no framework."""

        CSS_PATH = str(REPO / "tui" / "casemark.tcss")

        def __init__(self, widgets: dict):
            super().__init__()
            self.widgets = widgets

        def compose(self):
            w = self.widgets
            yield Static(w["title"], id="case-title")
            with Horizontal(id="panes"):
                tree: Tree = Tree("questions", id="tree")
                tree.show_root = False
                for section, children in w["tree"]:
                    node = tree.root.add(section, expand=True)
                    for group, leaves in children:
                        parent = node.add(group, expand=True) if group else node
                        for leaf in leaves:
                            parent.add_leaf(leaf)
                yield tree
                with VerticalScroll(id="question"):
                    for text in w["question"]:
                        yield Static(text)
                    yield Input(id="q-input")
                    yield TextArea(id="q-area")
                    yield TextArea(id="q-reasons")
                    yield Markdown(w["guidance"])
                with VerticalScroll(id="sidebar"):
                    yield Static(w["sidebar"])
            yield Footer(compact=True)

    return BareApp


def __getattr__(name: str):
    if name == "BareApp":
        return bare_app_class()
    raise AttributeError(name)


# -- data ---------------------------------------------------------------------------------


def make_data(root: Path, cases: int) -> tuple[Path, str, str]:
    """An inspection of `cases` complete cases (half court, half out-of-court) through the real
    store; one more court case, in progress, to mark. Returns (data folder, inspection, case)."""
    from factories import make_inspection

    from casemark.engine.store import Store

    iid = f"bench-{cases}"
    if not (root / iid / "inspection.toml").exists():
        make_inspection(root, cases // 2, cases - cases // 2, iid=iid)
    store = Store(root)
    if "MARK-1" not in store.case_ids(iid):
        store.create_case(iid, "MARK-1", "court", "bench")
    return root, iid, "MARK-1"


def widgets_of(root: Path, iid: str, cid: str) -> dict:
    """The text the marking screen shows, for the bare app to build the same widgets from."""

    async def grab() -> dict:
        from casemark.engine.store import Store
        from casemark.tui.app import CasemarkApp
        from casemark.tui.widgets.question_tree import QuestionTree

        from answer_latency import ratings_shown

        app = CasemarkApp(Store(root), inspection=iid, case=cid, inspector="bench")
        async with app.run_test(size=SIZE) as pilot:
            await ratings_shown(app, pilot)
            screen = app.screen
            qn = screen.questionnaire
            labels = screen.query_one(QuestionTree)._question_labels
            tree = [
                (s.title, [(g.title if g.title != s.title else "", [str(labels[q.id]) for q in g.questions]) for g in s.groups])
                for s in qn.sections
            ]
            q = qn.question(screen.current)
            return {
                "title": str(screen.query_one("#case-title").render()),
                "tree": tree,
                "question": [str(screen.query_one(f"#{i}").render()) for i in ("q-where", "q-head", "q-text", "q-options")],
                "guidance": q.guidance if q else "",
                "sidebar": str(screen.query_one("#sidebar-body").render()),
            }

    return asyncio.run(grab())


# -- 1. start to first paint -----------------------------------------------------------------


MEASURES = ("frame", "idle", "ratings")


def start_to_paint(kind: str, spec: dict) -> dict[str, float]:
    """One start-up as a whole process: seconds from launch to each of the child's MEASURES."""
    import subprocess

    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(REPO), str(REPO / "bench")])}
    if "cache" in spec:
        env["CASEMARK_CACHE"] = spec["cache"]  # the parsed-framework cache: the bench's own
    if "pycache" in spec:  # Python's bytecode cache, the bench's own, for both apps alike
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        env["PYTHONPYCACHEPREFIX"] = spec["pycache"]
    started = time.time()
    out = subprocess.run([sys.executable, "-c", CHILD, kind, json.dumps(spec)], capture_output=True, text=True, env=env, cwd=REPO)
    if out.returncode:
        raise SystemExit(f"{kind} failed:\n{out.stderr}")
    times = json.loads(out.stdout.strip().splitlines()[-1])
    return {"frame_cpu": times["frame_cpu"]} | {m: times[m] - started for m in MEASURES if times.get(m) is not None}


KINDS = ("bare", "casemark", "casemark-cold")


def startup(root: Path, iid: str, cid: str, runs: int, bytecode: bool = True) -> dict:
    """Interleaved start-ups: the bare app; casemark as usual (its parsed-framework cache filled
    by an earlier start); casemark with an empty cache (the first start after an install or a
    framework edit). Medians in ms and ratios to bare: first frame (the target), idle; and
    casemark's ratings shown against bare's idle."""
    import statistics
    import tempfile

    from casemark.engine.store import Store

    widgets = widgets_of(root, iid, cid)
    lock = Store(root).lock_path(iid, cid)
    pycache = {} if not bytecode else {"pycache": str(root / ".pycache")}
    specs = {
        "casemark": {"root": str(root), "inspection": iid, "case": cid, "size": SIZE, "cache": str(root / ".cache"), **pycache},
        "bare": {"widgets": widgets, "size": SIZE, "bench": str(REPO / "bench"), **pycache},
    }
    times: dict[str, list[dict[str, float]]] = {kind: [] for kind in KINDS}
    start_to_paint("bare", specs["bare"])  # warm the file cache and the bytecode
    start_to_paint("casemark", specs["casemark"])  # and fill casemark's framework cache
    lock.unlink(missing_ok=True)
    for _ in range(runs):
        for kind in KINDS:
            if kind == "casemark-cold":
                with tempfile.TemporaryDirectory(prefix="casemark-bench-cache-") as empty:
                    times[kind].append(start_to_paint(kind, {**specs["casemark"], "cache": empty}))
            else:
                times[kind].append(start_to_paint(kind, specs[kind]))
            lock.unlink(missing_ok=True)

    out: dict = {"runs": runs}
    for kind in KINDS:
        key = kind.replace("-", "_")
        for m in MEASURES:
            if kind != "bare" or m != "ratings":
                out[f"{key}_{m}_ms"] = statistics.median(t[m] for t in times[kind]) * 1000
                out[f"all_{key}_{m}_ms"] = [round(t[m] * 1000, 1) for t in times[kind]]
        out[f"{key}_frame_cpu_ms"] = statistics.median(t["frame_cpu"] for t in times[kind]) * 1000
    out["ratio"] = out["casemark_frame_ms"] / out["bare_frame_ms"]  # the target
    out["ratio_cpu"] = out["casemark_frame_cpu_ms"] / out["bare_frame_cpu_ms"]
    out["ratio_idle"] = out["casemark_idle_ms"] / out["bare_idle_ms"]
    out["ratio_ratings"] = out["casemark_ratings_ms"] / out["bare_idle_ms"]
    out["ratio_cold"] = out["casemark_cold_frame_ms"] / out["bare_frame_ms"]
    out["ratio_cold_idle"] = out["casemark_cold_idle_ms"] / out["bare_idle_ms"]
    return out


def main() -> int:
    import argparse
    import shutil

    from answer_latency import answer_latency
    import tempfile

    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--runs", type=int, default=7, help="start-up runs of each app (median)")
    p.add_argument("--answers", type=int, default=40, help="answers timed per inspection size")
    p.add_argument("--cases", type=int, nargs="+", default=[60, 1000], help="inspection sizes for the answer timing")
    p.add_argument("--dir", type=Path, help="keep the generated inspections here and reuse them")
    p.add_argument(
        "--no-bytecode-cache",
        action="store_true",
        help="start-ups without Python's bytecode cache when the environment disables it (PYTHONDONTWRITEBYTECODE): "
        "casemark's own modules are then compiled at every start, Textual's (compiled at its install) are not",
    )
    p.add_argument("--json", action="store_true", help="print the figures as JSON")
    p.add_argument("--check", action="store_true", help="exit 1 when a target is missed")
    args = p.parse_args()
    root = args.dir or Path(tempfile.mkdtemp(prefix="casemark-bench-"))
    root.mkdir(parents=True, exist_ok=True)
    os.environ["CASEMARK_CACHE"] = str(root / ".cache")  # not the user's cache
    try:
        figures: dict = {"machine": machine()}
        data = {n: make_data(root, n) for n in sorted(set([60, *args.cases]))}
        figures["startup"] = startup(*data[60], args.runs, bytecode=not args.no_bytecode_cache)
        figures["answer"] = [answer_latency(*data[n], args.answers, SIZE) for n in args.cases]
    finally:
        if args.dir is None:
            shutil.rmtree(root, ignore_errors=True)
    missed = []
    s = figures["startup"]
    if s["ratio"] > RATIO_TARGET:
        missed.append(f"start-up ratio {s['ratio']:.2f}x > {RATIO_TARGET}x")
    for a in figures["answer"]:
        if a["action_median_ms"] > ANSWER_TARGET_MS:
            missed.append(f"answer at {a['cases']} cases {a['action_median_ms']:.2f} ms > {ANSWER_TARGET_MS} ms")
    if args.json:
        print(json.dumps(figures, indent=2))
    else:
        print(figures["machine"])
        print(
            f"start to first paint (first frame of the whole screen, median of {s['runs']}): "
            f"bare {s['bare_frame_ms']:.0f} ms, casemark {s['casemark_frame_ms']:.0f} ms, ratio {s['ratio']:.2f}x (target <= {RATIO_TARGET}x)"
        )
        print(f"  in CPU time of the process: bare {s['bare_frame_cpu_ms']:.0f} ms, casemark {s['casemark_frame_cpu_ms']:.0f} ms, ratio {s['ratio_cpu']:.2f}x")
        print(f"start to idle after it: bare {s['bare_idle_ms']:.0f} ms, casemark {s['casemark_idle_ms']:.0f} ms, ratio {s['ratio_idle']:.2f}x")
        print(f"casemark start to the ratings of every case in the sidebar: {s['casemark_ratings_ms']:.0f} ms, {s['ratio_ratings']:.2f}x bare's idle")
        print(
            f"casemark with an empty framework cache: first frame {s['casemark_cold_frame_ms']:.0f} ms ({s['ratio_cold']:.2f}x), "
            f"idle {s['casemark_cold_idle_ms']:.0f} ms ({s['ratio_cold_idle']:.2f}x)"
        )
        for a in figures["answer"]:
            print(
                f"answer -> file -> sidebar, {a['cases']} cases: median {a['action_median_ms']:.2f} ms "
                f"(p95 {a['action_p95_ms']:.2f}, max {a['action_max_ms']:.2f}); key to repainted {a['key_painted_median_ms']:.1f} ms"
            )
            print(f"  of which the disk's part at most: the case file alone written atomically (fsync), median {a['write_median_ms']:.2f} ms")
        print("targets met" if not missed else "MISSED: " + "; ".join(missed))
    return 1 if args.check and missed else 0


if __name__ == "__main__":
    sys.exit(main())
