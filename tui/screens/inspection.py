"""One inspection: its cases with their judgements, filters, and the ways into marking.

The screen holds the state (the marking's `LiveRatings`, the filters, who is marking blind) and
binds it down to a `CasesTable`, which lays the cases out. It is built from what `read()` reads
at once (the inspection and its framework); the cases are read in a worker after the first frame,
unless the LiveRatings given holds them already (back from the case the app opened first).
"""

from __future__ import annotations

from functools import partial
from pathlib import Path
from typing import Any

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.content import Content
from textual.reactive import var
from textual.screen import Screen
from textual.widgets import Footer, Input, Label, Select, Static

from casemark.engine.agreement import blind_to
from casemark.engine.model import Case
from casemark.engine.opening import read_head, read_inspection
from casemark.engine.watching import CaseFiles, summary
from casemark.engine.reports.output import export_saved
from casemark.engine.store import Store, StoreError, Unreadable
from casemark.engine.vocabulary import STATUSES, short_label

from ..palette import CaseJump
from ..widgets.cases_table import ALL, SORTS, CasesTable, CaseSearch
from .case import CaseScreen, mark_case
from .export import ExportModal
from .inspection_actions import CaseActions
from .case_reading import POLL_SECONDS, ReadsCases
from .modals import MessageModal
from .rows import OpensRows
from casemark.engine.live import LiveRatings
from casemark.engine.sheets import InspectionSheet


def title(live: LiveRatings, shown: int, sort: str = SORTS[0]) -> Content:
    """'anytown · Anytown YJS · youth-2021 · 3/19 complete, 1 excluded · 1 second marking · overall
    Good* 21/36 · showing 4 · sorted by status': first markings counted as the report counts them."""
    inspection = live.inspection
    head = Content.assemble((inspection.id, "bold"), f" · {inspection.service} · {live.framework.id} · ")
    if not live.loaded:
        return head + Content("reading the cases…")
    every = list(live.cases.values())
    cases = [c for c in every if not c.second_mark_of]  # second markings are not in the sample
    seconds = len(every) - len(cases)
    complete = sum(1 for c in cases if c.status == "complete")
    excluded = sum(1 for c in cases if c.excluded)
    o = live.ratings().overall
    return head + Content.assemble(
        f"{complete}/{len(cases) - excluded} complete" + (f", {excluded} excluded" if excluded else ""),
        f" · {seconds} second marking{'s' * (seconds != 1)}" if seconds else "",
        " · overall ", (short_label(o.rating) + ("*" if o.provisional else ""), "bold"), f" {o.score}/{o.max}",
        f" · showing {shown}" if shown != len(every) else "",
        f" · sorted by {sort}" if sort != SORTS[0] else "",
    )


class InspectionScreen(ReadsCases, CaseActions, OpensRows, Screen[None]):
    """The cases of one inspection; `Enter` opens one for marking."""

    COMMANDS = {CaseJump}

    HELP = """\
# An inspection

Its cases: id, questionnaire, status, inspector, then the case's judgements (`✓` Yes, `✗` No,
`·` not yet). When they fit, there is one column per key question (`2.1.1`). Otherwise, so that
every case's judgements show without scrolling sideways, there is one column per **stage**:
Assessment (`A`), Planning (`P`), Implementation and delivery (`I`), Reviewing (`R`), shared by
court and out-of-court cases. Each holds one mark per theme, in order: the child's desistance,
the child's safety, other people's safety. So for a court case `A ✓✗·` means 2.1.1 Yes, 2.1.2 No,
2.1.3 not yet; for an out-of-court case the same column holds 3.1.1-3.1.3, and `R` is empty
(out-of-court work has no reviewing standard). The line under the table names the columns.

A second marking (a blind copy of a case, marked by a second inspector) shows the first case's id
in the column `2nd of`; it is not counted in the ratings. While you second-mark a case (your copy
not yet complete), the first marking's judgements show as `-` and it does not open: you mark blind.

A case in progress shows how far it has got: `50/94, 8 missing` is 50 of the 94 questions it asks
answered, 8 required ones not yet (`50/94 !8` on a narrow screen, in the Status column if need be). `ctrl+p` then a case id (`C11`) opens that case.

Filter by questionnaire (`f`), status (`s`) and inspector (`y`: your cases only), or with the
lists above the table; `/` searches by case id or inspector as you type (`Enter` keeps the
search, `Escape` clears it). `o` cycles the order: by id, status, inspector, progress. `Enter`
opens the highlighted case; `c` creates one; `m` second-marks it (a blind copy, opened for you to
mark); `x` excludes it (with a reason) or brings it back; `d` opens the inspection's own
questionnaire (domain one and the policy-and-provision standards); `r` shows the ratings; `e`
exports a report draft (HTML, Markdown) or the data (answers CSV, ratings JSON, per-inspector CSV)
to a file, as `casemark export` does; `i` shows each inspector's figures against the team's.
`Ctrl+R` (or `F5`) reads the cases from disk again, with what other inspectors or the command
line changed meanwhile.
"""

    BINDINGS = [
        Binding("enter", "open_row", "Open", id="open-case", show=False),
        Binding("c", "new_case", "New case", id="new-case"),
        Binding("x", "exclude", "Exclude", show=False, id="exclude-case"),  # rare: in help and the palette, and the footer fits 80 columns
        Binding("m", "second_mark", "Second-mark (blind copy)", show=False, id="second-mark-case"),
        Binding("d", "inspection_questions", "Domain one", id="inspection-questionnaire"),
        Binding("r", "ratings", "Ratings", id="inspection-ratings"),
        Binding("e", "export", "Export", id="export-inspection"),
        Binding("i", "inspectors", "Inspectors' figures", show=False, id="inspection-inspectors"),
        Binding("f", "cycle_questionnaire", "Questionnaire filter", show=False, id="filter-questionnaire"),
        Binding("s", "cycle_status", "Status filter", show=False, id="filter-status"),
        Binding("y", "cycle_mine", "My cases", show=False, id="filter-mine"),
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
        self.filter_values = {"#filter-questionnaire": [ALL, *self.questionnaires], "#filter-status": [ALL, *STATUSES], "#filter-mine": [ALL, inspector]}
        self.shown = 0
        self.files: CaseFiles | None = None  # the case files' stamps, once the cases are read

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
        with Horizontal(id="filters"):
            yield Label("Type (f)")
            yield Select([("all", ALL)] + [(q.title, q.id) for q in self.questionnaires.values()], value=ALL, allow_blank=False, id="filter-questionnaire", compact=True)
            yield Label("Status (s)")
            yield Select([("all", ALL)] + [(s, s) for s in STATUSES], value=ALL, allow_blank=False, id="filter-status", compact=True)
            yield Label("Who (y)")
            mine = [("mine", self.inspector)] if self.inspector else []
            yield Select([("all", ALL)] + mine, value=ALL, allow_blank=False, id="filter-mine", compact=True, disabled=not mine)
            yield CaseSearch(placeholder="/ search id or inspector", id="search", compact=True)
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

    def on_screen_resume(self) -> None:
        self.call_after_refresh(self.query_one(CasesTable).on_resize)  # the width may have changed under another screen

    def show_title(self) -> None:
        self.query_one("#inspection-title", Static).update(title(self.live, self.shown, self.sort))

    def show_unreadable(self, unreadable: list[Unreadable]) -> None:
        widget = self.query_one("#unreadable", Static)
        widget.display = bool(unreadable)
        lines = [Content.styled(f"Unreadable ({len(unreadable)}), not counted:", "$text-error")]
        lines += [Content(f"  {u.message}") for u in unreadable]
        widget.update(Content("\n").join(lines))

    def on_select_changed(self, event: Select.Changed) -> None:
        if event.select.id == "filter-questionnaire":
            self.questionnaire = event.value
        elif event.select.id == "filter-status":
            self.status = event.value
        elif event.select.id == "filter-mine":
            self.mine = event.value

    def on_input_changed(self, event: Input.Changed) -> None:
        if event.input.id == "search":
            self.search = event.value

    def on_case_search_done(self, event: CaseSearch.Done) -> None:
        event.search.display = bool(event.search.value)  # shown while it filters
        self.set_focus(self.query_one(CasesTable))

    def action_search(self) -> None:
        search = self.query_one(CaseSearch)
        search.display = True
        self.set_focus(search)

    def action_cycle_mine(self) -> None:
        if not self.inspector:
            self.notify("No inspector is named for this app (casemark --inspector NAME): every case is shown.", severity="warning")
            return
        self._cycle("#filter-mine")

    def action_cycle_sort(self) -> None:
        self.sort = SORTS[(SORTS.index(self.sort) + 1) % len(SORTS)]
        self.show_title()
        self.notify(f"Sorted by {self.sort}", timeout=2)

    def _cycle(self, select_id: str) -> None:
        select = self.query_one(select_id, Select)
        values = self.filter_values[select_id]
        select.value = values[(values.index(select.value) + 1) % len(values)]

    def action_cycle_questionnaire(self) -> None:
        self._cycle("#filter-questionnaire")

    def action_cycle_status(self) -> None:
        self._cycle("#filter-status")

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
        self.app.push_screen(ExportModal(self.iid, self.export_dir or Path.cwd(), self._export), self._exported)

    def _export(self, fmt: str, path: Path, force: bool) -> list[Path]:
        return export_saved(self.store, self.iid, fmt, path, force)

    def _exported(self, result: dict[str, Any] | None) -> None:
        if result:
            self.notify("Wrote " + ", ".join(map(str, result["written"])), timeout=8)

    def action_inspectors(self) -> None:
        """Each inspector's share of sufficient judgements per key question, against the team's."""
        from .inspectors import InspectorsScreen

        self.app.push_screen(InspectorsScreen(self.framework, self.live))

    def action_reload(self) -> None:
        """Read the inspection and its cases from disk again: what other inspectors (or
        `casemark new case` in another terminal) changed since this screen read them."""
        try:
            opened = read_inspection(self.store, self.iid, self.framework)
        except StoreError as exc:
            self.notify(str(exc), severity="error", timeout=10)
            return
        before, self.live = self.live.cases, LiveRatings(self.framework, opened.inspection, opened.cases)
        self.live.unreadable = list(opened.unreadable)
        self.files = CaseFiles(self.store, self.iid)
        self.show_cases()
        said = summary(before, self.live.cases).counts()
        self.notify(f"Reloaded {len(opened.cases)} cases: " + (said or "nothing changed on disk"), timeout=6)

    def action_back(self) -> None:
        self.dismiss(None)
