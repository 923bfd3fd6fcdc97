"""One inspection: its cases with their judgements, filters, and the ways into marking."""

from __future__ import annotations

from typing import Any

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.content import Content
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Label, Select, Static

from engine.model import Case
from engine.store import LockedError, Store, StoreError, Unreadable
from framework import Framework

from ..widgets.sidebar import SHORT
from .case import CaseScreen
from .modals import NewCaseModal, ReasonModal
from .sheets import CaseSheet, InspectionSheet, LiveRatings

ALL = "all"
STATUSES = ("in-progress", "complete", "excluded")
MARKS = {"yes": "✓", "no": "✗"}


class InspectionScreen(Screen[None]):
    """The cases of one inspection; `Enter` opens one for marking."""

    HELP = """\
# An inspection

Its cases: id, questionnaire, status, inspector, then one column per key question with this
case's judgement (`✓` Yes, `✗` No, `·` not yet). Filter by questionnaire (`f`) and status (`s`),
or with the two lists above the table. `Enter` opens the highlighted case; `c` creates one;
`x` excludes it (with a reason) or brings it back; `d` opens the inspection's own questionnaire
(domain one and the policy-and-provision standards); `r` shows the ratings.
"""

    BINDINGS = [
        Binding("enter", "open_case", "Open", id="open-case", show=False),
        Binding("c", "new_case", "New case", id="new-case"),
        Binding("x", "exclude", "Exclude", id="exclude-case"),
        Binding("d", "inspection_questions", "Domain one", id="inspection-questionnaire"),
        Binding("r", "ratings", "Ratings", id="inspection-ratings"),
        Binding("f", "cycle_questionnaire", "Questionnaire filter", show=False, id="filter-questionnaire"),
        Binding("s", "cycle_status", "Status filter", show=False, id="filter-status"),
        Binding("escape,q", "back", "Back", id="inspection-back"),
    ]

    def __init__(self, store: Store, inspection_id: str):
        super().__init__()
        self.store = store
        self.inspection = store.load_inspection(inspection_id)
        self.framework: Framework = store.framework(self.inspection.framework, store.inspection_path(inspection_id))
        cases, self.unreadable = store.load_cases(inspection_id)
        self.live = LiveRatings(self.framework, self.inspection, cases)
        self.questionnaires = {q.id: q for q in self.framework.case_questionnaires()}
        self.filter_values = {"#filter-questionnaire": [ALL, *self.questionnaires], "#filter-status": [ALL, *STATUSES]}

    @property
    def iid(self) -> str:
        return self.inspection.id

    def compose(self) -> ComposeResult:
        yield Static(id="inspection-title")
        with Horizontal(id="filters"):
            yield Label("Questionnaire (f)")
            yield Select([("all", ALL)] + [(q.title, q.id) for q in self.questionnaires.values()], value=ALL, allow_blank=False, id="filter-questionnaire", compact=True)
            yield Label("Status (s)")
            yield Select([("all", ALL)] + [(s, s) for s in STATUSES], value=ALL, allow_blank=False, id="filter-status", compact=True)
        yield DataTable(id="cases", cursor_type="row", zebra_stripes=True)
        yield Static(id="unreadable")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.fill()
        self.show_unreadable(self.unreadable)
        self.query_one(DataTable).focus()

    # -- the table -----------------------------------------------------------------------

    def key_questions(self) -> list[str]:
        wanted = self.query_one("#filter-questionnaire", Select).value
        out: list[str] = []
        for q in self.questionnaires.values():
            if wanted in (ALL, q.id):
                out += [k for k in q.judgements() if k not in out]
        return out

    def visible_cases(self) -> list[Case]:
        qn = self.query_one("#filter-questionnaire", Select).value
        status = self.query_one("#filter-status", Select).value
        cases = sorted(self.live.cases.values(), key=lambda c: c.case_id)
        return [c for c in cases if qn in (ALL, c.questionnaire) and status in (ALL, c.status)]

    def row(self, case: Case, kids: list[str]) -> list[Any]:
        qn = self.questionnaires.get(case.questionnaire)
        judgements = qn.judgements() if qn else {}
        cells = [case.case_id, case.questionnaire, case.status, case.inspector]
        for kid in kids:
            q = judgements.get(kid)
            cells.append("" if q is None else MARKS.get(case.answers.get(q.id), "·"))
        return cells

    def fill(self) -> None:
        table = self.query_one(DataTable)
        current = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value if table.row_count else None
        table.clear(columns=True)
        kids = self.key_questions()
        table.add_columns("Case", "Questionnaire", "Status", "Inspector", *kids)
        for case in self.visible_cases():
            table.add_row(*self.row(case, kids), key=case.case_id)
        if current is not None and current in self.live.cases:
            try:
                table.move_cursor(row=table.get_row_index(current))
            except Exception:
                pass
        self.show_title()

    def show_title(self) -> None:
        ratings = self.live.ratings()
        cases = list(self.live.cases.values())
        complete = sum(1 for c in cases if c.status == "complete")
        excluded = sum(1 for c in cases if c.status == "excluded")
        o = ratings.overall
        overall = SHORT.get(o.rating, o.rating) + ("*" if o.provisional else "")
        shown = self.query_one(DataTable).row_count
        self.query_one("#inspection-title", Static).update(
            f"[b]{self.iid}[/b] · {self.inspection.service} · {self.framework.id} · "
            f"{complete}/{len(cases) - excluded} complete"
            + (f", {excluded} excluded" if excluded else "")
            + f" · overall [b]{overall}[/b] {o.score}/{o.max}"
            + (f" · showing {shown}" if shown != len(cases) else "")
        )

    def show_unreadable(self, unreadable: list[Unreadable]) -> None:
        widget = self.query_one("#unreadable", Static)
        widget.display = bool(unreadable)
        lines = [Content.styled(f"Unreadable ({len(unreadable)}), not counted:", "$text-error")]
        lines += [Content(f"  {u.message}") for u in unreadable]
        widget.update(Content("\n").join(lines))

    def refresh_case(self, case_id: str) -> None:
        self.fill()

    def on_select_changed(self, event: Select.Changed) -> None:
        if self.is_mounted:
            self.fill()

    def _cycle(self, select_id: str) -> None:
        select = self.query_one(select_id, Select)
        values = self.filter_values[select_id]
        select.value = values[(values.index(select.value) + 1) % len(values)]

    def action_cycle_questionnaire(self) -> None:
        self._cycle("#filter-questionnaire")

    def action_cycle_status(self) -> None:
        self._cycle("#filter-status")

    # -- actions -------------------------------------------------------------------------

    def highlighted(self) -> str | None:
        table = self.query_one(DataTable)
        if not table.row_count:
            return None
        return table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        if event.row_key.value:
            self.open_case(event.row_key.value)

    def action_open_case(self) -> None:
        cid = self.highlighted()
        if cid:
            self.open_case(cid)

    def open_case(self, case_id: str) -> None:
        """Lock the case and mark it; read-only (saying who holds it) if someone else has it."""
        try:
            case = self.store.load_case(self.iid, case_id)
        except StoreError as exc:
            self.notify(str(exc), severity="error", timeout=10)
            return
        qn = self.questionnaires.get(case.questionnaire)
        if qn is None:
            self.notify(f"{case_id}: questionnaire '{case.questionnaire}' is not in {self.framework.id}", severity="error")
            return
        holder, lock = "", None
        try:
            lock = self.store.lock_case(self.iid, case_id, user=getattr(self.app, "inspector", None))
            if lock.message:
                self.notify(lock.message, timeout=6)
        except LockedError as exc:
            holder = exc.holder.describe()
            self.notify(f"{case_id} is being marked by {holder}: opened read-only.", severity="warning", timeout=8)
        except StoreError as exc:
            self.notify(str(exc), severity="error", timeout=10)
            return
        self.live.case_changed(case)
        screen = CaseScreen(self.framework, CaseSheet(self.store, self.inspection, case, qn), self.live, holder=holder)
        screen.lock = lock
        self.app.push_screen(screen, self._case_closed)

    def _case_closed(self, next_case: str | None) -> None:
        self.inspection = self.live.inspection
        self.fill()
        if next_case:
            self.open_case(next_case)

    def action_new_case(self) -> None:
        if not self.questionnaires:
            self.notify(f"{self.framework.id} has no case questionnaire.", severity="error")
            return
        modal = NewCaseModal(
            [(q.id, q.title) for q in self.questionnaires.values()],
            self.store.case_ids(self.iid),
            getattr(self.app, "inspector", ""),
        )
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
        self.fill()
        self.open_case(case.case_id)

    def action_exclude(self) -> None:
        cid = self.highlighted()
        if cid is None:
            return
        case = self.live.cases[cid]
        if case.status == "excluded":
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
        self.fill()
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

    def action_back(self) -> None:
        self.dismiss(None)
