"""The casemark App: small on purpose. It receives the store (the data folder) and where to open;
screens own their state, widgets post messages up, every operation is one action_*.

Opened at a case (`casemark <inspection>/cases/<case>.toml`), the marking screen is painted
first: the screens beneath it are `Beneath` stand-ins, built when first shown, and the
inspection's other cases are read in a worker after the first paint (the sidebar says so until
their ratings arrive). See docs/performance.md, 'The marking app'.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Callable, Iterable

from textual import work
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.screen import Screen

from casemark.engine.framework_cache import FrameworkCache
from casemark.engine.locks import this_user
from casemark.engine.opening import read_head
from casemark.engine.store import Store, StoreError

from . import resume
from .crash import CrashReport
from .leaving import Leaving
from .literal import LiteralNotices
from .screens.beneath import Beneath
from casemark.engine.live import LiveRatings

if TYPE_CHECKING:
    from .screens.case import CaseScreen


class CasemarkApp(CrashReport, LiteralNotices, Leaving, App[int]):
    """Marks the cases of inspections kept in `store`'s data folder. An unhandled error exits with
    one line and a log file (tui/crash.py), never a trace holding case answers; notices show file
    text literally (tui/literal.py); leaving (quit, signals, resume) is tui/leaving.py."""

    CSS_PATH = "casemark.tcss"
    TITLE = "casemark"
    ENABLE_COMMAND_PALETTE = True
    BINDINGS = [
        Binding("question_mark", "help", "Help", key_display="?", id="help"),
        Binding("ctrl+p", "command_palette", "Commands", key_display="^p", id="command-palette", show=False),
        Binding("ctrl+q", "quit", "Quit", id="quit-app", show=False, priority=True),
    ]

    def __init__(
        self,
        store: Store,
        *,
        inspection: str | None = None,
        case: str | None = None,
        inspector: str | None = None,
        export_dir: Path | None = None,
    ):
        super().__init__()
        self.store = store
        self.start_inspection = inspection
        self.start_case = case
        self.inspector = inspector or this_user()
        store.user = self.inspector  # named as "mine" in the conflict records of this app's saves
        self.export_dir = export_dir  # where exports go unless given a full path (None: the working folder)

    def on_mount(self) -> None:
        self._catch_signals(True)
        place = None if self.start_inspection else resume.last_place(self.store.root)
        if place is not None and self.store.inspection_path(place.inspection).is_file():
            from .screens.confirm import ConfirmModal

            ask = ConfirmModal("Resume?", f"You left off at {place.describe()}. Go back there?", "Resume", "Start at the list")
            self.push_screen(ask, lambda yes: self._start(place if yes else None))
            return
        self._start(None)

    def _start(self, place: resume.Place | None) -> None:
        iid, cid = (place.inspection, place.case or None) if place else (self.start_inspection, self.start_case)
        if iid and cid and self.open_case_first(iid, cid):
            if place and place.question:
                self.screen.goto(place.question)  # type: ignore[attr-defined]
            return
        from .screens.inspections import InspectionsScreen

        top = InspectionsScreen(self.store, self.inspector, self.export_dir)
        self.push_screen(top)
        if iid:
            top.open(iid, then_case=cid)

    # -- opened at a case --------------------------------------------------------------------

    def open_case_first(self, iid: str, cid: str) -> bool:
        """Mark case `cid` of `iid` at once: read the inspection, the framework and the one case,
        lock it, push the marking screen over stand-ins for the inspections and the inspection,
        and read the other cases after the first paint. False (nothing pushed) if any of it
        fails: the caller then opens the usual way, which reports the problem where it lies."""
        from .screens.case import mark_case

        store = self.store
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
            screen = mark_case(self, store, live, case, questionnaire)
        except StoreError:
            return False
        self.push_screen(Beneath(self._inspections_screen, name="inspections"))
        beneath = Beneath(lambda: self._inspection_screen(live), name=f"inspection {iid}")
        self.push_screen(beneath)
        self.push_screen(screen, lambda next_case: self._first_case_closed(beneath, next_case))
        self.call_after_refresh(self.read_cases, live, screen, keep_framework)
        return True

    def _inspections_screen(self) -> Screen:
        from .screens.inspections import InspectionsScreen

        return InspectionsScreen(self.store, self.inspector, self.export_dir)

    def _inspection_screen(self, live: LiveRatings) -> Screen:
        """The inspection beneath the case opened first, with the same LiveRatings (its cases read
        by `read_cases`, or read by the screen if that has not finished)."""
        from .screens.inspection import InspectionScreen

        return InspectionScreen(self.store, live, self.inspector, self.export_dir)

    def _first_case_closed(self, beneath: Beneath, next_case: str | None) -> None:
        """The case opened first is closed: show the inspection, and open `next_case` from it
        (a case chosen in the ratings view)."""
        if next_case:
            beneath.then.append(lambda real: real.open_case(next_case))  # type: ignore[attr-defined]
        beneath.become()

    @work(thread=True, group="cases", exit_on_error=False)
    def read_cases(self, live: LiveRatings, marking: CaseScreen, then: Callable[[], None] = lambda: None) -> None:
        """Read the inspection's cases off the UI thread, then show their ratings on the `marking`
        screen opened first (and run `then`). A screen opened later waits for this read."""
        problem = ""
        try:
            live.load()
        except (StoreError, OSError) as exc:
            problem = f"The inspection's cases could not be read: {exc}"
        finally:
            try:
                self.call_from_thread(self.show_ratings, live, marking, problem)
            except RuntimeError:
                pass  # the app has closed meanwhile
        then()

    def show_ratings(self, live: LiveRatings, marking: CaseScreen, problem: str = "") -> None:
        """Give `live`'s ratings to the marking screen (the sidebar follows), if it is still open."""
        if problem:
            self.notify(problem, severity="error", timeout=10)
        if marking.is_attached:
            marking.ratings = live.ratings()

    # -- everywhere ------------------------------------------------------------------------

    def action_help(self) -> None:
        from .screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(self.screen))

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        """The palette offers every key of the screen (and the app's) as a command, by its description."""
        from .screens.help import _own

        seen: set[str] = set()
        for node in (screen, self):
            for binding in _own(node):
                if binding.action in seen or binding.action == "command_palette" or not binding.description:
                    continue
                seen.add(binding.action)
                keys = ", ".join(k.strip() for k in binding.key.split(","))
                yield SystemCommand(
                    binding.description,
                    f"key: {binding.key_display or keys}",
                    lambda node=node, action=binding.action: self.run_action(action, node),
                )
        yield from super().get_system_commands(screen)
