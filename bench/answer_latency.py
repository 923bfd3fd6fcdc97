"""Part 2 of `bench_app.py`: one answer, from the key to the case file written and the sidebar
updated, on the marking screen of a generated inspection (see `bench_app.py`'s docstring)."""

from __future__ import annotations

import asyncio
import time
from pathlib import Path


async def ratings_shown(app, pilot) -> None:
    """Wait until the marking screen shows the ratings of every case (read after first paint)."""
    await pilot.pause()
    await app.workers.wait_for_complete()
    await pilot.pause()
    assert app.screen.live.loaded, "the inspection's cases were not read"


# -- one answer -------------------------------------------------------------------------


def answer_latency(root: Path, iid: str, cid: str, answers: int, size: tuple[int, int]) -> dict:
    """`answers` times, on the marking screen of case `cid` (every case's ratings shown): the
    y/n action of a key-question judgement until the file is written and the sidebar updated;
    the key pressed through the Pilot until repainted; the same bytes written atomically beside
    the file (the disk's floor). Medians, 95th percentile and maximum in ms."""
    import statistics

    async def run() -> dict:
        from casemark.engine.store import Store
        from casemark.tui.app import CasemarkApp

        store = Store(root)
        app = CasemarkApp(store, inspection=iid, case=cid, inspector="bench")
        from casemark.engine import tomlfile

        path = store.case_path(iid, cid)
        floor = path.parent.parent / ".bench-baseline.toml"  # beside inspection.toml, not among the cases
        action, pressed, written = [], [], []
        async with app.run_test(size=size) as pilot:
            await ratings_shown(app, pilot)  # the answers are timed with every case counted
            screen = app.screen
            body = screen.query_one("#sidebar-body")
            for _ in range(answers):
                value = "no" if screen.answers.get("2.1.1") == "yes" else "yes"
                screen.goto("2.1.1")
                await pilot.pause()
                before = str(body.render())
                t0 = time.perf_counter()
                screen.action_answer(value)  # what the y / n key runs
                action.append(time.perf_counter() - t0)
                assert f'"2.1.1" = "{value}"' in path.read_text(), "the answer is not on disk"
                assert str(body.render()) != before, "the sidebar did not change"
                screen.goto("2.1.1")
                await pilot.pause()
                key = "n" if value == "yes" else "y"
                t0 = time.perf_counter()
                await pilot.press(key)
                pressed.append(time.perf_counter() - t0)
                # baseline, interleaved: the same file's bytes written atomically (temp file, fsync,
                # rename, fsync of the folder) to a file beside it: the floor of any saved answer
                data = path.read_bytes()
                t0 = time.perf_counter()
                tomlfile.write_atomic(floor, data)
                written.append(time.perf_counter() - t0)
            cases = len(screen.live.cases)
        floor.unlink(missing_ok=True)
        return {
            "cases": cases,
            "answers": answers,
            "action_median_ms": statistics.median(action) * 1000,
            "action_p95_ms": sorted(action)[int(0.95 * (len(action) - 1))] * 1000,
            "action_max_ms": max(action) * 1000,
            "key_painted_median_ms": statistics.median(pressed) * 1000,
            "write_median_ms": statistics.median(written) * 1000,
        }

    result = asyncio.run(run())
    from casemark.engine.store import Store

    Store(root).lock_path(iid, cid).unlink(missing_ok=True)
    return result
