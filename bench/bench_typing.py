"""Benchmark: the sustained typing rate at which what is typed is still exactly what is saved.

    python bench/bench_typing.py                  # 60 and 1,000 cases and the bare app, 3 runs per rate (~4 min)
    python bench/bench_typing.py --quick          # 60 cases and the bare app, 1 run per rate
    python bench/bench_typing.py --json           # the figures as JSON

A typist thread sends keys to a headless app as a terminal driver does (`driver.send_message`
from another thread, at a fixed rate, never waiting for the app), with a pause of 0.3 s after
every 5 words so that the typing is written while more keys arrive. At each rate of a ladder
(keys per second) the same text is typed `--runs` times into:

- casemark: the one-line answer I2.2 and then the reasons box of 2.1.1 of a case of a generated
  inspection (60 and 1,000 complete cases, `tests/factories.py`, in a temp folder), the other
  cases read (and rated) in the background as the app does; exact = the box and the case file on
  disk both hold exactly the old text plus what was typed, once the app has caught up;
- bare: a Textual app with one `TextArea` and nothing else, typed the same way; exact = its text
  is what was typed.

For each app it reports the highest rate at which every run was exact ("sustained rate"), and
for each rate the median lag: from the last key sent until the box holds the whole text.
The goal (issue 10): casemark sustains the same rate as the bare app, at least 30 keys/s.
"""

from __future__ import annotations

import asyncio
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(REPO), str(REPO / "tests")]

RATES = (20, 30, 50, 80, 120, 200, 400, 800)  # keys per second
TEXT = "the child was seen at home twice and the plan was agreed with the family and the school"
PAUSE_AFTER_WORDS, PAUSE = 5, 0.3
SIZE = (120, 40)
CATCH_UP = 10.0  # seconds: longer than this to catch up counts as not exact


def keys_of(text: str) -> list[str]:
    keys: list[str] = []
    for n, word in enumerate(text.split(" ")):
        if n:
            keys.append(" ")
            if n % PAUSE_AFTER_WORDS == 0:
                keys.append(f"wait:{PAUSE}")
        keys.extend(word)
    return keys


async def type_keys(app, keys: list[str], rate: float) -> float:
    """Send `keys` from a thread at `rate` keys/s; the time.monotonic() of the last key."""
    from test_typing import key_event

    driver, every = app._driver, 1.0 / rate

    def typist() -> float:
        due = time.monotonic()
        for key in keys:
            if key.startswith("wait:"):
                due += float(key[5:])
                continue
            time.sleep(max(0.0, due - time.monotonic()))
            event = key_event(key)
            event.set_sender(app)
            driver.send_message(event)
            due += every
        return time.monotonic()

    return await asyncio.to_thread(typist)


async def caught_up(pilot, done, since: float) -> float | None:
    """Seconds from `since` until done() holds (None if not within CATCH_UP)."""
    while time.monotonic() - since < CATCH_UP:
        if done():
            return time.monotonic() - since
        await asyncio.sleep(0.005)
    await pilot.pause()
    return time.monotonic() - since if done() else None


# -- casemark ----------------------------------------------------------------------------------


async def casemark_run(root: Path, iid: str, cid: str, rate: float) -> tuple[bool, float | None]:
    import tomllib

    from casemark.engine.store import Store
    from casemark.tui.app import CasemarkApp

    store = Store(root)
    path = store.case_path(iid, cid)
    before = tomllib.loads(path.read_text())["answers"]
    app = CasemarkApp(store, inspection=iid, case=cid)
    exact, lags = True, []
    async with app.run_test(size=SIZE) as pilot:
        await app.workers.wait_for_complete()  # the other cases read and rated
        await pilot.pause()
        screen = app.screen
        for qid, box_id, lead in (("I2.2", "#q-input", " "), ("2.1.1.reasons", "#q-reasons", "\n")):
            screen.goto(qid.removesuffix(".reasons"))
            await pilot.pause()
            box = screen.query_one(box_id)
            old = str(before.get(qid, ""))
            expected = old + lead + TEXT
            keys = ["e", "enter" if lead == "\n" else " ", *keys_of(TEXT)]
            last = await type_keys(app, keys, rate)
            text = (lambda b=box: b.value) if box_id == "#q-input" else (lambda b=box: b.text)
            lag = await caught_up(pilot, lambda: text() == expected, last)
            lags.append(lag)
            await pilot.press("escape")  # leave the box: written at once
            await pilot.pause()
            saved = tomllib.loads(path.read_text())["answers"].get(qid)
            exact = exact and lag is not None and saved == expected
        await pilot.press("ctrl+q", "y")
    ok = [lag for lag in lags if lag is not None]
    return exact, (max(ok) if len(ok) == len(lags) else None)


# -- bare ------------------------------------------------------------------------------------------


async def bare_run(rate: float) -> tuple[bool, float | None]:
    from textual.app import App, ComposeResult
    from textual.widgets import TextArea

    class Bare(App):
        def compose(self) -> ComposeResult:
            yield TextArea(id="box")

    app = Bare()
    async with app.run_test(size=SIZE) as pilot:
        box = app.query_one(TextArea)
        app.screen.set_focus(box)
        await pilot.pause()
        last = await type_keys(app, keys_of(TEXT), rate)
        lag = await caught_up(pilot, lambda: box.text == TEXT, last)
    return lag is not None, lag


# -- the ladder -------------------------------------------------------------------------------------


async def ladder(name: str, run, runs: int) -> dict:
    rows, sustained = [], 0
    for rate in RATES:
        results = [await run(rate) for _ in range(runs)]
        exact = all(ok for ok, _ in results)
        lags = [lag for _, lag in results if lag is not None]
        rows.append({"rate": rate, "exact": exact, "runs": runs, "lag_ms": round(statistics.median(lags) * 1000, 1) if lags else None})
        print(f"  {name:<16} {rate:>4} keys/s  {'exact' if exact else 'NOT EXACT':<9}  lag {rows[-1]['lag_ms']} ms", file=sys.stderr)
        if exact and sustained == rate_before(rate, rows):
            sustained = rate
    return {"app": name, "sustained": sustained, "rates": rows}


def rate_before(rate: int, rows: list[dict]) -> int:
    """The sustained rate so far counts only while every lower rate was exact too."""
    lower = [r for r in rows if r["rate"] < rate]
    return lower[-1]["rate"] if lower and all(r["exact"] for r in lower) else 0


async def main(argv: list[str]) -> int:
    import argparse

    from factories import make_inspection

    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--runs", type=int, default=3)
    p.add_argument("--quick", action="store_true", help="60 cases only, one run per rate")
    p.add_argument("--json", action="store_true")
    args = p.parse_args(argv)
    runs = 1 if args.quick else args.runs
    sizes = (60,) if args.quick else (60, 1000)
    os.environ.setdefault("CASEMARK_STATE", tempfile.mkdtemp(prefix="casemark-state-"))
    os.environ.setdefault("CASEMARK_CACHE", tempfile.mkdtemp(prefix="casemark-cache-"))
    load_before = os.getloadavg()
    results = [await ladder("bare TextArea", lambda r: bare_run(r), runs)]
    with tempfile.TemporaryDirectory(prefix="casemark-bench-") as tmp:
        for n in sizes:
            root = Path(tmp) / f"data{n}"
            started = time.monotonic()
            make_inspection(root, n // 2, n - n // 2, iid="generated")
            print(f"  ({n} cases written in {time.monotonic() - started:.0f} s)", file=sys.stderr)
            results.append(await ladder(f"casemark {n} cases", lambda r, root=root: casemark_run(root, "generated", "COURT-001", r), runs))
    report = {"load_before": load_before, "load_after": os.getloadavg(), "cpus": os.cpu_count(), "results": results}
    if args.json:
        print(json.dumps(report, indent=1))
    else:
        print(f"load average before {load_before[0]:.2f}, after {report['load_after'][0]:.2f} ({os.cpu_count()} CPUs)")
        for r in results:
            print(f"{r['app']:<20} sustained {r['sustained']} keys/s   " + "  ".join(f"{x['rate']}:{'ok' if x['exact'] else 'X'}/{x['lag_ms']}ms" for x in r["rates"]))
    return 0


if __name__ == "__main__":
    raise SystemExit(asyncio.run(main(sys.argv[1:])))
