"""The casemark App: small on purpose. It receives the store (the data folder) and where to open;
screens own their state, widgets post messages up, every operation is one action_*.

Opened at a case (`casemark <inspection>/cases/<case>.toml`), the marking screen is painted
first, with stand-ins beneath it: tui/first_case.py. See docs/performance.md, 'The marking app'.
"""

from __future__ import annotations

from pathlib import Path
from typing import Iterable

from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.screen import Screen

from casemark.engine.locks import this_user
from casemark.engine.store import Store

from . import resume
from .crash import CrashReport
from .first_case import open_case_first
from .leaving import Leaving
from .literal import LiteralNotices
from .palette import key_commands


class CasemarkApp(CrashReport, LiteralNotices, Leaving, App[int]):
    """Marks the cases of inspections kept in `store`'s data folder. An unhandled error exits with
    one line and a log file (tui/crash.py), never a trace holding case answers; notices show file
    text literally (tui/literal.py); leaving (quit, signals, resume) is tui/leaving.py; the
    palette's commands are tui/palette.py."""

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
        place = None if self.start_inspection else resume.offer(self.store)  # None if gone since
        if place is not None:
            from .screens.confirm import ConfirmModal

            ask = ConfirmModal("Resume?", f"You left off at {place.describe()}. Open it again?", "Resume", "Start at the list")
            self.push_screen(ask, lambda yes: self._start(place if yes else None))
            return
        self._start(None)

    def _start(self, place: resume.Place | None) -> None:
        iid, cid = (place.inspection, place.case or None) if place else (self.start_inspection, self.start_case)
        if iid and cid and open_case_first(self, iid, cid):
            if place and place.question:
                self.screen.goto(place.question)  # type: ignore[attr-defined]
            return
        top = self.inspections_screen()
        self.push_screen(top)
        if iid:
            top.open(iid, then_case=cid, cursor=place.cursor if place else "")

    def inspections_screen(self) -> Screen:
        from .screens.inspections import InspectionsScreen

        return InspectionsScreen(self.store, self.inspector, self.export_dir)

    # -- everywhere ------------------------------------------------------------------------

    def action_help(self) -> None:
        from .screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(self.screen))

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        """The palette offers every key of the screen (and the app's) as a command, by its description."""
        yield from key_commands(self, screen)
        yield from super().get_system_commands(screen)
