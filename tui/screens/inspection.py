"""One inspection: its cases with their judgements, filters, and the ways into marking.

The screen holds the state (the marking's `LiveRatings`, the filters, who is marking blind) and
binds it down to a `CasesTable`, which lays the cases out. It is built from what `read()` reads
at once (the inspection and its framework); the cases are read in a worker after the first frame,
unless the LiveRatings given holds them already (back from the case the app opened first).
Elsewhere: the filters' line (widgets/case_filters.py), the title and help text
(inspection_text.py), reading and reloading (case_reading.py), what is done to one case
(inspection_actions.py), the export dialog (export.py).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

from textual.app import ComposeResult
from textual.binding import Binding
from textual.message import Message
from textual.reactive import var
from textual.screen import Screen
from textual.widgets import Footer, Static

from casemark.engine.agreement import blind_to
from casemark.engine.live import LiveRatings
from casemark.engine.model import Case
from casemark.engine.opening import read_head
from casemark.engine.sheets import InspectionSheet
from casemark.engine.store import Store, StoreError, Unreadable
from casemark.engine.watching import CaseFiles

from ..palette import CaseJump
from ..widgets.case_filters import CaseFilters
from ..widgets.cases_table import ALL, SORTS, CasesTable, CaseSearch
from .case import CaseScreen, mark_case
from .case_reading import POLL_SECONDS, ReadsCases
from .export import export_inspection
from .inspection_actions import CaseActions
from .inspection_text import HELP as INSPECTION_HELP, title, unreadable_text
from .modals import MessageModal
from .rows import OpensRows


class InspectionScreen(ReadsCases, CaseActions, OpensRows, Screen[None]):
    """The cases of one inspection; `Enter` opens one for marking."""

    COMMANDS = {CaseJump}

    HELP = INSPECTION_HELP  # the words it shows: inspection_text.py

    BINDINGS = [
        Binding("enter", "open_row", "Open", id="open-case", show=False),
        Binding("c", "new_case", "New case", id="new-case"),
        Binding("x", "exclude", "Exclude", show=False, id="exclude-case"),  # rare: in help and the palette, and the footer fits 80 columns
        Binding("m", "second_mark", "Second-mark (blind copy)", show=False, id="second-mark-case"),
        Binding("d", "inspection_questions", "Domain one", id="inspection-questionnaire"),
        Binding("r", "ratings", "Ratings", id="inspection-ratings"),
        Binding("e", "export", "Export", id="export-inspection"),
        Binding("i", "inspectors", "Inspectors' figures", show=False, id="inspection-inspectors"),
        Binding("f", "cycle('questionnaire')", "Questionnaire filter", show=False, id="filter-questionnaire"),
        Binding("s", "cycle('status')", "Status filter", show=False, id="filter-status"),
        Binding("y", "cycle('mine')", "My cases", show=False, id="filter-mine"),
        Binding("slash", "search", "Search", key_display="/", show=False, id="search-cases"),
        Binding("o", "cycle_sort", "Sort", show=False, id="sort-cases"),
        Binding("ctrl+r,f5", "reload", "Reload from disk", show=False, id="reload-inspection"),
        Binding("escape,q", "back", "Back", id="inspection-back"),
    ]

    cases: var[dict[str, Case]] = var(dict, always_update=True)  # bound to the table
    blind: var[dict[str, str]] = var(dict, always_update=True)  # first markings hidden from this inspector
    questionnaire: var[str] = var(ALL)
    status: var[str] = var(ALL)
    mine: var[str] = var(ALL)
    search: var[str] = var("")
    sort: var[str] = var(SORTS[0])

    def __init__(self, store: Store, live: LiveRatings, inspector: str = "", export_dir: Path | None = None):
        super().__init__()
        self.store, self.live, self.inspector, self.export_dir = store, live, inspector, export_dir
        self.framework = live.framework
        self.questionnaires = {q.id: q for q in self.framework.case_questionnaires()}
        self.shown = 0
        self.files: CaseFiles | None = None  # the case files' stamps, once the cases are read
        self.cursor_to = ""  # the case to put the cursor on once the cases are read (resuming)
        self._told: str | None = None  # the case under the cursor last told to the app

    @classmethod
    def read(cls, store: Store, iid: str, inspector: str = "", export_dir: Path | None = None) -> "InspectionScreen":
        """The screen of inspection `iid`: its file and framework read now (StoreError naming the
        file if either fails), its cases after the first frame."""
        inspection, framework = read_head(store, iid)
        return cls(store, LiveRatings(framework, inspection, read=lambda: store.load_cases(iid)), inspector, export_dir)

    @property
    def inspection(self):
        return self.live.inspection

    @property
    def iid(self) -> str:
        return self.live.inspection.id

    @property
    def unreadable(self) -> list[Unreadable]:
        return self.live.unreadable

    def compose(self) -> ComposeResult:
        yield Static(id="inspection-title")
        yield CaseFilters([(q.id, q.title) for q in self.questionnaires.values()], self.inspector, id="filters")
        yield CasesTable(self.framework, id="cases").data_bind(
            InspectionScreen.cases, InspectionScreen.blind, InspectionScreen.questionnaire, InspectionScreen.status,
            InspectionScreen.mine, InspectionScreen.search, InspectionScreen.sort,
        )
        yield Static(id="columns-legend")
        yield Static(id="unreadable")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.query_one(CasesTable).focus()
        if self.live.loaded:
            self.show_cases()
        else:
            self.show_title()
            self.read_cases(self.live)

    def show_cases(self) -> None:
        """Bind the cases as they now are down to the table (which refills once); from then on,
        poll the case files for what others change."""
        if self.files is None and self.live.loaded:
            self.files = CaseFiles(self.store, self.iid)
            self.set_interval(POLL_SECONDS, self.poll)
        self.blind = blind_to(list(self.live.cases.values()), self.inspector)
        self.cases = dict(self.live.cases)
        self.show_unreadable(self.unreadable)

    def on_cases_table_filled(self, event: CasesTable.Filled) -> None:
        widget = self.query_one("#columns-legend", Static)
        widget.display = bool(event.legend.plain)
        widget.update(event.legend)
        self.shown = event.shown
        self.show_title()
        table = self.query_one(CasesTable)
        if self.cursor_to and self.live.loaded and table.row_count:  # filled with the cases read
            if self.cursor_to in table.rows:
                table.move_cursor(row=table.get_row_index(self.cursor_to))
            self.cursor_to = ""

    def on_screen_resume(self) -> None:
        self.call_after_refresh(self.query_one(CasesTable).on_resize)  # the width may have changed under another screen
        self._told = None
        self._tell_where()

    # -- where the user is, for resuming (tui/resume.py) -----------------------------------

    @dataclass
    class AtCase(Message):
        """The user is at this inspection's list of cases, its cursor on `case_id` ("" if none)."""

        screen: InspectionScreen
        inspection_id: str
        case_id: str

        @property
        def control(self) -> InspectionScreen:
            return self.screen

    def on_data_table_row_highlighted(self) -> None:
        self._tell_where()

    def _tell_where(self) -> None:
        """Tell the app where the user is, while this screen is the one shown (not beneath a case)."""
        if self.app.screen is not self:
            return
        where = self.cursor_to or self.highlighted() or ""  # resuming: the cursor goes there once the cases are read
        if where != self._told:
            self._told = where
            self.app.post_message(self.AtCase(self, self.iid, where))

    def show_title(self) -> None:
        self.query_one("#inspection-title", Static).update(title(self.live, self.shown, self.sort))

    def show_unreadable(self, unreadable: list[Unreadable]) -> None:
        widget = self.query_one("#unreadable", Static)
        widget.display = bool(unreadable)
        widget.update(unreadable_text(unreadable))

    # -- the filters and the order -------------------------------------------------------

    def on_case_filters_changed(self, event: CaseFilters.Changed) -> None:
        setattr(self, event.name, event.value)  # questionnaire, status, mine or search: bound to the table

    def on_case_search_done(self, event: CaseSearch.Done) -> None:
        self.set_focus(self.query_one(CasesTable))

    def action_search(self) -> None:
        self.set_focus(self.query_one(CaseFilters).open_search())

    def action_cycle(self, name: str) -> None:
        if name == "mine" and not self.inspector:
            self.notify("No inspector is named for this app (casemark --inspector NAME): every case is shown.", severity="warning")
            return
        self.query_one(CaseFilters).cycle(name)

    def action_cycle_sort(self) -> None:
        self.sort = SORTS[(SORTS.index(self.sort) + 1) % len(SORTS)]
        self.show_title()
        self.notify(f"Sorted by {self.sort}", timeout=2)

    # -- actions -------------------------------------------------------------------------

    def case_jumps(self) -> list[tuple[str, str, Any]]:
        """For the command palette: (case id, what it shows, open it) for every case; while the
        cases are still being read, by their files' names."""
        if not self.live.loaded:
            try:
                return [(cid, cid, partial(self.open_case, cid)) for cid in self.store.case_ids(self.iid)]
            except StoreError:
                return []
        return [
            (cid, f"{cid} · {case.status} · {case.inspector or 'no inspector'}", partial(self.open_case, cid))
            for cid, case in sorted(self.live.cases.items())
        ]

    def open_row(self, key: str) -> None:
        self.open_case(key)

    def open_case(self, case_id: str) -> None:
        """Lock the case and mark it; read-only (saying who holds it) if someone else has it."""
        try:
            case = self.store.load_case(self.iid, case_id)
        except StoreError as exc:
            self.notify(str(exc), severity="error", timeout=10)
            return
        if not self.all_read():
            return
        copy = blind_to(list(self.live.cases.values()), self.inspector).get(case_id)
        if copy:
            self.app.push_screen(MessageModal(
                f"{case_id} is hidden from you",
                f"You are second-marking {case_id} blind, in **{copy}**. Its first marking shows once you have "
                f"marked {copy} complete; `casemark agreement` then compares the two.",
            ))
            return
        qn = self.questionnaires.get(case.questionnaire)
        if qn is None:
            self.notify(f"{case_id}: questionnaire '{case.questionnaire}' is not in {self.framework.id}", severity="error")
            return
        try:
            screen = mark_case(self.app, self.store, self.live, case, qn)
        except StoreError as exc:
            self.notify(str(exc), severity="error", timeout=10)
            return
        self.app.push_screen(screen, self._case_closed)

    def _case_closed(self, next_case: str | None) -> None:
        # after the screen is back: a DataTable refilled as it returns keeps only its header widths
        self.call_after_refresh(self.show_cases)
        if next_case:
            self.open_case(next_case)

    def action_inspection_questions(self) -> None:
        qn = self.framework.inspection_questionnaire()
        if qn is None:
            self.notify(f"{self.framework.id} has no inspection questionnaire.", severity="warning")
            return
        sheet = InspectionSheet(self.store, self.inspection, self.framework, qn)
        self.app.push_screen(CaseScreen(self.framework, sheet, self.live), self._case_closed)

    def action_ratings(self) -> None:
        from .ratings import RatingsScreen

        self.app.push_screen(RatingsScreen(self.framework, self.live), self._case_closed)

    def action_export(self) -> None:
        """Export the inspection to a file (a report draft or data), as `casemark export` does."""
        export_inspection(self, self.store, self.iid, self.export_dir)

    def action_inspectors(self) -> None:
        """Each inspector's share of sufficient judgements per key question, against the team's."""
        from .inspectors import InspectorsScreen

        self.app.push_screen(InspectorsScreen(self.framework, self.live))

    def action_back(self) -> None:
        self.dismiss(None)
