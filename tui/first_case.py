"""Opened at a case (`casemark <inspection>/cases/<case>.toml`, or resuming there): the marking
screen is painted first. The screens beneath it are `Beneath` stand-ins, built when first shown,
and the inspection's other cases are read in a worker after the first paint (the sidebar says so
until their ratings arrive). See docs/performance.md, 'The marking app'. The screens' modules are
imported only when needed: the first paint does not wait for them."""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING, Callable

from textual.screen import Screen

from casemark.engine.framework_cache import FrameworkCache
from casemark.engine.live import LiveRatings
from casemark.engine.opening import read_head
from casemark.engine.store import StoreError

from .screens.beneath import Beneath

if TYPE_CHECKING:
    from .app import CasemarkApp
    from .screens.case import CaseScreen


def open_case_first(app: CasemarkApp, iid: str, cid: str) -> bool:
    """Mark case `cid` of `iid` at once: read the inspection, the framework and the one case,
    lock it, push the marking screen over stand-ins for the inspections and the inspection,
    and read the other cases after the first paint. False (nothing pushed) if any of it
    fails: the caller then opens the usual way, which reports the problem where it lies."""
    from .screens.case import mark_case

    store = app.store
    keep_framework = FrameworkCache().prime(store, iid)
    try:
        inspection, framework = read_head(store, iid)
        case = store.load_case(iid, cid)
    except StoreError:
        return False
    questionnaire = framework.questionnaires.get(case.questionnaire)
    if questionnaire is None or questionnaire.kind != "case":
        return False
    live = LiveRatings(framework, inspection, read=lambda: store.load_cases(iid))
    try:
        screen = mark_case(app, store, live, case, questionnaire)
    except StoreError:
        return False
    app.push_screen(Beneath(app.inspections_screen, name="inspections"))
    beneath = Beneath(partial(inspection_screen, app, live), name=f"inspection {iid}")
    app.push_screen(beneath)
    app.push_screen(screen, partial(first_case_closed, beneath))
    app.call_after_refresh(read_cases, app, live, screen, keep_framework)
    return True


def inspection_screen(app: CasemarkApp, live: LiveRatings) -> Screen:
    """The inspection beneath the case opened first, with the same LiveRatings (its cases read
    by `read_cases`, or read by the screen if that has not finished)."""
    from .screens.inspection import InspectionScreen

    return InspectionScreen(app.store, live, app.inspector, app.export_dir)


def first_case_closed(beneath: Beneath, next_case: str | None) -> None:
    """The case opened first is closed: show the inspection, and open `next_case` from it
    (a case chosen in the ratings view)."""
    if next_case:
        beneath.then.append(lambda real: real.open_case(next_case))  # type: ignore[attr-defined]
    beneath.become()


def read_cases(app: CasemarkApp, live: LiveRatings, marking: CaseScreen, then: Callable[[], None] = lambda: None) -> None:
    """Read the inspection's cases off the UI thread (a worker of the app's), then show their
    ratings on the `marking` screen opened first (and run `then`). A screen opened later waits
    for this read."""

    def read() -> None:
        problem = ""
        try:
            live.load()
        except (StoreError, OSError) as exc:
            problem = f"The inspection's cases could not be read: {exc}"
        finally:
            try:
                app.call_from_thread(show_ratings, app, live, marking, problem)
            except RuntimeError:
                pass  # the app has closed meanwhile
        then()

    app.run_worker(read, name="read_cases", group="cases", thread=True, exit_on_error=False)


def show_ratings(app: CasemarkApp, live: LiveRatings, marking: CaseScreen, problem: str = "") -> None:
    """Give `live`'s ratings to the marking screen (the sidebar follows), if it is still open."""
    if problem:
        app.notify(problem, severity="error", timeout=10)
    if marking.is_attached:
        marking.ratings = live.ratings()
