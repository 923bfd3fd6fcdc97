"""The data folder: its inspections with how far marking has got and the overall rating so far."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from dataclasses import dataclass
from functools import partial

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.message import Message
from textual.content import Content
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Static

from casemark.engine.opening import read_inspection
from casemark.engine.vocabulary import short_label
from casemark.engine.store import Store, StoreError
from casemark.framework import framework_ids

from ..palette import CaseJump
from .modals import NewInspectionModal
from .rows import OpensRows, widen


class InspectionsScreen(OpensRows, Screen[None]):
    """Every inspection in the data folder; `Enter` opens one, `n` creates one."""

    COMMANDS = {CaseJump}

    HELP = """\
# Inspections

Every inspection in the data folder: its service, framework, cases complete out of the cases
in the sample, and the overall rating so far (`*` provisional). `Enter` opens one, `n` creates
one. A file that cannot be read is listed with its error; the rest work. `ctrl+p` then a case id
(`C11`) opens that case in its inspection.
"""

    BINDINGS = [
        Binding("enter", "open_row", "Open", id="open-inspection", show=False),
        Binding("n", "new", "New inspection", id="new-inspection"),
        Binding("q", "app.quit", "Quit", id="quit"),  # asks first; Escape never quits
    ]

    def __init__(self, store: Store, inspector: str = "", export_dir: Path | None = None):
        super().__init__()
        self.store, self.inspector, self.export_dir = store, inspector, export_dir  # passed on to each inspection
        self.unreadable: dict[str, str] = {}

    def compose(self) -> ComposeResult:
        yield Static(id="inspections-title")
        yield DataTable(id="inspections", cursor_type="row", zebra_stripes=True)
        yield Static(id="inspections-unreadable")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        for label, key in (("Inspection", "id"), ("Service", "service"), ("Framework", "framework"), ("Complete", "marked"), ("Overall", "overall")):
            table.add_column(label, key=key)
        table.focus()

    def on_screen_resume(self) -> None:
        """Fill (again) whenever this screen shows: at start, and back from an inspection.
        Not while another screen is on top (casemark opened deeper): no work nobody sees.
        Back here, there is nowhere to resume: the app opens here anyway."""
        if self.app.screen is self:
            self.fill()
            self.app.post_message(self.AtTop(self))

    @dataclass
    class AtTop(Message):
        """The user is at the list of inspections (nowhere to resume)."""

        screen: InspectionsScreen

        @property
        def control(self) -> InspectionsScreen:
            return self.screen

    def fill(self) -> None:
        table = self.query_one(DataTable)
        table.clear()
        self.unreadable.clear()
        ids = self.store.inspection_ids()
        for iid in ids:
            try:
                insp = self.store.load_inspection(iid)
            except StoreError as exc:
                self.unreadable[iid] = str(exc)
                continue
            row = [iid, insp.service, insp.framework, "…", "…"]
            widen(table, row)
            table.add_row(*row, key=iid)
        self.query_one("#inspections-title", Static).update(
            Content.assemble(("casemark", "bold"), f" · {self.store.root} · {len(ids)} inspection{'s' * (len(ids) != 1)}")
            if ids
            else Content.assemble(("casemark", "bold"), f" · {self.store.root} · no inspections yet: press n to create one")
        )
        self.show_unreadable()
        self.summarise([iid for iid in ids if iid not in self.unreadable])

    def show_unreadable(self) -> None:
        widget = self.query_one("#inspections-unreadable", Static)
        widget.display = bool(self.unreadable)
        lines = [Content.styled(f"Unreadable ({len(self.unreadable)}):", "$text-error")]
        lines += [Content(f"  {message}") for message in self.unreadable.values()]
        widget.update(Content("\n").join(lines))

    @work(thread=True, exclusive=True, group="summaries")
    def summarise(self, ids: list[str]) -> None:
        """Count and rate each inspection's cases off the UI thread, filling the rows as they come."""
        for iid in ids:
            try:
                opened = read_inspection(self.store, iid)
                overall = opened.ratings.overall
            except StoreError as exc:
                self.app.call_from_thread(self._unreadable, iid, str(exc))
                continue
            counted = [c for c in opened.cases if not c.excluded]
            complete = sum(1 for c in counted if c.status == "complete")
            bad = opened.unreadable
            marked = f"{complete}/{len(counted)}" + (f" ({len(bad)} unreadable)" if bad else "")
            rating = f"{short_label(overall.rating)}{'*' if overall.provisional else ''} {overall.score}/{overall.max}"
            self.app.call_from_thread(self._summary, iid, marked, rating)

    def _summary(self, iid: str, marked: str, rating: str) -> None:
        table = self.query_one(DataTable)
        if iid in table.rows:
            widen(table, {"marked": marked, "overall": rating})
            table.update_cell(iid, "marked", marked, update_width=True)
            table.update_cell(iid, "overall", rating, update_width=True)

    def _unreadable(self, iid: str, message: str) -> None:
        self.unreadable[iid] = message
        table = self.query_one(DataTable)
        if iid in table.rows:
            widen(table, {"marked": "unreadable", "overall": "—"})
            table.update_cell(iid, "marked", "unreadable", update_width=True)
            table.update_cell(iid, "overall", "—", update_width=True)
        self.show_unreadable()

    def open_row(self, key: str) -> None:
        self.open(key)

    def case_jumps(self) -> list[tuple[str, str, Any]]:
        """For the command palette: (case id, what it shows, open it) for every case of every
        readable inspection (the case files' names only: nothing is read until one is chosen)."""
        jumps = []
        for iid in self.store.inspection_ids():
            if iid in self.unreadable:
                continue
            try:
                ids = self.store.case_ids(iid)
            except StoreError:
                continue  # its inspection row says why
            jumps += [(cid, f"{cid} · {iid}", partial(self.open, iid, cid)) for cid in ids]
        return jumps

    def open(self, iid: str, then_case: str | None = None, cursor: str = "") -> None:
        """Open inspection `iid` (its list's cursor on case `cursor`), and then case `then_case`."""
        from .inspection import InspectionScreen

        try:
            screen = InspectionScreen.read(self.store, iid, self.inspector, self.export_dir)
        except StoreError as exc:
            self.notify(str(exc), severity="error", timeout=10)
            return
        screen.cursor_to = cursor
        self.app.push_screen(screen)
        if then_case:
            screen.open_case(then_case)  # at once: the inspection's table is never painted first

    def action_new(self) -> None:
        frameworks = framework_ids(self.store.framework_root)
        self.app.push_screen(NewInspectionModal(frameworks, self.store.inspection_ids()), self._create)

    def _create(self, values: dict[str, Any] | None) -> None:
        if not values:
            return
        try:
            self.store.root.mkdir(parents=True, exist_ok=True)
            self.store.create_inspection(values["id"], values["service"], values["framework"])
        except (StoreError, OSError) as exc:
            self.notify(str(exc), severity="error", timeout=10)
            return
        self.fill()
        self.open(values["id"])

