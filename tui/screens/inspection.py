"""One inspection: its cases with their judgements, filters, and the ways into marking.

The screen holds the state (the marking's `LiveRatings`, the filters, who is marking blind) and
binds it down to a `CasesTable`, which lays the cases out. It is built from what `read()` reads
at once (the inspection and its framework); the cases are read in a worker after the first frame,
unless the LiveRatings given holds them already (back from the case the app opened first).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.content import Content
from textual.reactive import var
from textual.screen import Screen
from textual.widgets import Footer, Label, Select, Static

from casemark.engine.agreement import blind_to, can_second_mark, second_mark
from casemark.engine.model import Case
from casemark.engine.opening import read_inspection
from casemark.engine.reports.output import ExportError, refuse_unreadable, write_export
from casemark.engine.store import Store, StoreError, Unreadable
from casemark.engine.vocabulary import STATUSES, short_label

from ..widgets.cases_table import ALL, CasesTable
from .case import CaseScreen, mark_case
from .export import ExportModal
from .modals import MessageModal, NewCaseModal, ReasonModal, SecondMarkModal
from .rows import OpensRows
from .sheets import InspectionSheet, LiveRatings


class InspectionScreen(OpensRows, Screen[None]):
    """The cases of one inspection; `Enter` opens one for marking."""

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

Filter by questionnaire (`f`) and status (`s`), or with the two lists above the table. `Enter`
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
        Binding("ctrl+r,f5", "reload", "Reload from disk", show=False, id="reload-inspection"),
        Binding("escape,q", "back", "Back", id="inspection-back"),
    ]

    cases: var[dict[str, Case]] = var(dict, always_update=True)  # bound to the table
    blind: var[dict[str, str]] = var(dict, always_update=True)  # first markings hidden from this inspector
    questionnaire: var[str] = var(ALL)
    status: var[str] = var(ALL)

    def __init__(self, store: Store, live: LiveRatings, inspector: str = "", export_dir: Path | None = None):
        super().__init__()
        self.store, self.live, self.inspector, self.export_dir = store, live, inspector, export_dir
        self.framework = live.framework
        self.questionnaires = {q.id: q for q in self.framework.case_questionnaires()}
        self.filter_values = {"#filter-questionnaire": [ALL, *self.questionnaires], "#filter-status": [ALL, *STATUSES]}
        self.shown = 0

    @classmethod
    def read(cls, store: Store, iid: str, inspector: str = "", export_dir: Path | None = None) -> "InspectionScreen":
        """The screen of inspection `iid`: its file and framework read now (StoreError naming the
        file if either fails), its cases after the first frame."""
        inspection = store.load_inspection(iid)
        framework = store.framework(inspection.framework, store.inspection_path(iid))
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
            yield Label("Questionnaire (f)")
            yield Select([("all", ALL)] + [(q.title, q.id) for q in self.questionnaires.values()], value=ALL, allow_blank=False, id="filter-questionnaire", compact=True)
            yield Label("Status (s)")
            yield Select([("all", ALL)] + [(s, s) for s in STATUSES], value=ALL, allow_blank=False, id="filter-status", compact=True)
        yield CasesTable(self.framework, id="cases").data_bind(
            InspectionScreen.cases, InspectionScreen.blind, InspectionScreen.questionnaire, InspectionScreen.status
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

    # -- the cases, read off the UI thread -----------------------------------------------

    @work(thread=True, exclusive=True, group="inspection-cases", exit_on_error=False)
    def read_cases(self, live: LiveRatings) -> None:
        problem = ""
        try:
            live.rated()  # waits for a read under way (the app's, opened at a case), or reads
        except (StoreError, OSError) as exc:
            problem = f"The inspection's cases could not be read: {exc}"
        try:
            self.app.call_from_thread(self._cases_read, live, problem)
        except RuntimeError:
            pass  # the app has closed meanwhile

    def _cases_read(self, live: LiveRatings, problem: str) -> None:
        if problem:
            self.notify(problem, severity="error", timeout=10)
        if live is self.live:
            self.show_cases()

    def all_read(self) -> bool:
        """Wait for (or do) the read of every case: what is hidden from a blind second marker,
        or whether a case is second-marked already, is known only then."""
        if not self.live.loaded:
            try:
                self.live.rated()
            except (StoreError, OSError) as exc:
                self.notify(f"The inspection's cases could not be read: {exc}", severity="error", timeout=10)
                return False
        return True

    def show_cases(self) -> None:
        """Bind the cases as they now are down to the table (which refills once)."""
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
        inspection, framework = self.live.inspection, self.framework
        head = Content.assemble((self.iid, "bold"), f" · {inspection.service} · {framework.id} · ")
        if not self.live.loaded:
            self.query_one("#inspection-title", Static).update(head + Content("reading the cases…"))
            return
        cases = list(self.live.cases.values())
        complete = sum(1 for c in cases if c.status == "complete")
        excluded = sum(1 for c in cases if c.excluded)
        o = self.live.ratings().overall
        overall = short_label(o.rating) + ("*" if o.provisional else "")
        self.query_one("#inspection-title", Static).update(head + Content.assemble(
            f"{complete}/{len(cases) - excluded} complete" + (f", {excluded} excluded" if excluded else ""),
            " · overall ", (overall, "bold"), f" {o.score}/{o.max}",
            f" · showing {self.shown}" if self.shown != len(cases) else "",
        ))

    def show_unreadable(self, unreadable: list[Unreadable]) -> None:
        widget = self.query_one("#unreadable", Static)
        widget.display = bool(unreadable)
        lines = [Content.styled(f"Unreadable ({len(unreadable)}), not counted:", "$text-error")]
        lines += [Content(f"  {u.message}") for u in unreadable]
        widget.update(Content("\n").join(lines))

    def refresh_case(self, case_id: str) -> None:
        self.show_cases()

    def on_select_changed(self, event: Select.Changed) -> None:
        if event.select.id == "filter-questionnaire":
            self.questionnaire = event.value
        elif event.select.id == "filter-status":
            self.status = event.value

    def _cycle(self, select_id: str) -> None:
        select = self.query_one(select_id, Select)
        values = self.filter_values[select_id]
        select.value = values[(values.index(select.value) + 1) % len(values)]

    def action_cycle_questionnaire(self) -> None:
        self._cycle("#filter-questionnaire")

    def action_cycle_status(self) -> None:
        self._cycle("#filter-status")

    # -- actions -------------------------------------------------------------------------

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

    def action_new_case(self) -> None:
        if not self.questionnaires:
            self.notify(f"{self.framework.id} has no case questionnaire.", severity="error")
            return
        modal = NewCaseModal([(q.id, q.title) for q in self.questionnaires.values()], self.store.case_ids(self.iid), self.inspector)
        self.app.push_screen(modal, self._create_case)

    def _create_case(self, values: dict[str, Any] | None) -> None:
        if not values:
            return
        try:
            case = self.store.create_case(self.iid, values["case_id"], values["questionnaire"], values["inspector"])
        except StoreError as exc:
            self.notify(str(exc), severity="error", timeout=10)
            return
        self.live.case_changed(case)
        self.show_cases()
        self.open_case(case.case_id)

    def action_second_mark(self) -> None:
        """Second-mark the highlighted case: a blind copy for a second inspector, opened for marking."""
        cid = self.highlighted()
        if cid is None or not self.all_read():
            return
        case = self.live.cases[cid]
        refused = can_second_mark(case, self.live.cases)
        if refused:
            self.app.push_screen(MessageModal(f"{cid} is not second-marked", refused + "."))
            return
        modal = SecondMarkModal(cid, case.inspector, self.inspector)
        self.app.push_screen(modal, lambda values: values and self._second_mark(cid, values["inspector"]))

    def _second_mark(self, cid: str, inspector: str) -> None:
        try:
            created = second_mark(self.store, self.iid, cid, inspector)
        except (StoreError, ValueError) as exc:  # the engine's refusals: same inspector, exists, ...
            self.app.push_screen(MessageModal(f"{cid} is not second-marked", str(exc)))
            return
        self.live.case_changed(created)
        self.show_cases()
        self.notify(f"{created.case_id}: a blind second marking of {cid} by {inspector}, not counted in the ratings.", timeout=6)
        self.open_case(created.case_id)

    def action_exclude(self) -> None:
        cid = self.highlighted()
        if cid is None:
            return
        if self.live.cases[cid].excluded:
            self._set_status(cid, "in-progress", "")
            return
        modal = ReasonModal(f"Exclude {cid}", "Why is this case excluded from the sample?")
        self.app.push_screen(modal, lambda values: values and self._set_status(cid, "excluded", values["reason"]))

    def _set_status(self, cid: str, status: str, reason: str) -> None:
        try:
            case = self.store.load_case(self.iid, cid)
            self.store.set_status(self.iid, case, status, reason)
        except StoreError as exc:
            self.notify(str(exc), severity="error", timeout=10)
            return
        self.live.case_changed(case)
        self.show_cases()
        self.notify(f"{cid} is now {status}." + (f" Reason: {reason}" if reason else ""))

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
        """Read the inspection from disk (what is saved is what is exported) and write `fmt` to `path`."""
        try:
            source = read_inspection(self.store, self.iid)
        except StoreError as exc:
            raise ExportError(str(exc)) from None
        refuse_unreadable(source, source.folder)
        return write_export(source, fmt, path, force)

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
        before = {cid: c.updated for cid, c in self.live.cases.items()}
        try:
            opened = read_inspection(self.store, self.iid, self.framework)
        except StoreError as exc:
            self.notify(str(exc), severity="error", timeout=10)
            return
        self.live = LiveRatings(self.framework, opened.inspection, opened.cases)
        self.live.unreadable = list(opened.unreadable)
        self.show_cases()
        cases = opened.cases
        new = [c.case_id for c in cases if c.case_id not in before]
        changed = [c.case_id for c in cases if c.case_id in before and c.updated != before[c.case_id]]
        gone = sorted(set(before) - {c.case_id for c in cases})
        said = [f"{len(x)} {what} ({', '.join(x[:5])}{', …' if len(x) > 5 else ''})" for x, what in ((new, "new"), (changed, "changed"), (gone, "gone")) if x]
        self.notify(f"Reloaded {len(cases)} cases: " + ("; ".join(said) if said else "nothing changed on disk"), timeout=6)

    def action_back(self) -> None:
        self.dismiss(None)
