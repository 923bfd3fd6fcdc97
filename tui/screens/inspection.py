"""One inspection: its cases with their judgements, filters, and the ways into marking."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rich.cells import cell_len
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.content import Content
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Label, Select, Static

from casemark.engine.agreement import blind_to, is_second_marking, second_mark, second_mark_id
from casemark.engine.model import Case
from casemark.engine.reports.output import ExportError, refuse_unreadable, write_export
from casemark.engine.reports.source import open_inspection
from casemark.engine.store import Store, StoreError, Unreadable
from casemark.framework import Framework, Questionnaire

from ..widgets.sidebar import SHORT
from .case import CaseScreen, mark_case
from .export import ExportModal
from .modals import MessageModal, NewCaseModal, ReasonModal, SecondMarkModal
from .rows import OpensRows, widen
from casemark.engine.live import LiveRatings
from casemark.engine.sheets import InspectionSheet

ALL = "all"
STATUSES = ("in-progress", "complete", "excluded")
MARKS = {"yes": "✓", "no": "✗"}
NOT_YET = "·"
HIDDEN = "-"  # a judgement of a first marking hidden from its blind second marker
PADDING = 2  # a DataTable column's cell padding, both sides together
SCROLLBAR = 2


@dataclass
class Stage:
    """One judgement column by stage: the key questions of one standard title (court's 2.1 and
    out-of-court's 3.1 are both 'Assessment'), one mark per theme (desistance, child's safety,
    others' safety) or, without themes, per place in the standard."""

    title: str
    slots: list[str] = field(default_factory=list)  # themes (or places), in order of first use
    kids: dict[str, dict[str, str]] = field(default_factory=dict)  # questionnaire -> slot -> key question

    def marks(self, questionnaire: str, answers: dict[str, Any], judgements: dict[str, Any]) -> str:
        """One mark per slot ('✓✗·'); a space where this questionnaire has no such key question;
        '' when it has none in this stage (out-of-court cases have no Reviewing)."""
        mine = self.kids.get(questionnaire)
        if not mine:
            return ""
        out = []
        for slot in self.slots:
            q = judgements.get(mine.get(slot, ""))
            out.append(" " if q is None else MARKS.get(answers.get(q.id), NOT_YET))
        return "".join(out).rstrip()


def stages(framework: Framework, questionnaires: list[Questionnaire]) -> list[Stage]:
    """The key questions of `questionnaires` grouped by their standard's title, in framework order."""
    where = {kq.id: (st, i) for st in framework.standards() for i, kq in enumerate(st.key_questions, 1)}
    found: dict[str, Stage] = {}
    for qn in questionnaires:
        for kid in qn.judgements():
            standard, place = where.get(kid, (None, 0))
            title = standard.title if standard else kid
            kq = framework.key_question(kid)
            slot = kq.theme if kq and kq.theme else str(place)
            stage = found.setdefault(title, Stage(title))
            if slot not in stage.slots:
                stage.slots.append(slot)
            stage.kids.setdefault(qn.id, {})[slot] = kid
    return list(found.values())


def initials(titles: list[str]) -> list[str]:
    """Short distinct headers: 'Assessment' -> 'A', or more letters where two would clash."""
    for n in range(1, max((len(t) for t in titles), default=1) + 1):
        short = [t[:n].strip() for t in titles]
        if len(set(short)) == len(short):
            return short
    return titles


def theme_names(stage_list: list[Stage]) -> list[str]:
    """The slots in the order the marks show them, named for people ('child-safety' -> 'child safety')."""
    slots: list[str] = []
    for stage in stage_list:
        slots += [s for s in stage.slots if s not in slots]
    if all(s.isdigit() for s in slots):
        return []
    return [s.replace("-", " ") for s in slots]


@dataclass(frozen=True)
class Layout:
    """How the judgements are shown: `by` is 'question' (a column per key question), 'stage'
    (a column per stage, titled by its first word) or 'letter' (titled by its initial)."""

    by: str
    qn_header: str = "Questionnaire"


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

    def __init__(self, store: Store, inspection_id: str):
        super().__init__()
        self.store = store
        self._read(inspection_id)
        self.questionnaires = {q.id: q for q in self.framework.case_questionnaires()}
        self.filter_values = {"#filter-questionnaire": [ALL, *self.questionnaires], "#filter-status": [ALL, *STATUSES]}

    def _read(self, iid: str, framework: Framework | None = None) -> None:
        """Read the inspection, its framework (unless given) and its cases from disk, and rate
        them; nothing changes here if any of it raises StoreError."""
        inspection = self.store.load_inspection(iid)
        framework = framework or self.store.framework(inspection.framework, self.store.inspection_path(iid))
        cases, unreadable = self.store.load_cases(iid)
        self.inspection, self.framework, self.unreadable = inspection, framework, unreadable
        self.live = LiveRatings(framework, inspection, cases)

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
        yield Static(id="columns-legend")
        yield Static(id="unreadable")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.fill()
        self.show_unreadable(self.unreadable)
        self.query_one(DataTable).focus()

    # -- the table -----------------------------------------------------------------------

    def shown_questionnaires(self) -> list[Questionnaire]:
        wanted = self.query_one("#filter-questionnaire", Select).value
        return [q for q in self.questionnaires.values() if wanted in (ALL, q.id)]

    def key_questions(self) -> list[str]:
        out: list[str] = []
        for q in self.shown_questionnaires():
            out += [k for k in q.judgements() if k not in out]
        return out

    def visible_cases(self) -> list[Case]:
        qn = self.query_one("#filter-questionnaire", Select).value
        status = self.query_one("#filter-status", Select).value
        cases = sorted(self.live.cases.values(), key=lambda c: c.case_id)
        return [c for c in cases if qn in (ALL, c.questionnaire) and status in (ALL, c.status)]

    def second_marked(self) -> bool:
        return any(is_second_marking(c) for c in self.live.cases.values())

    def base_cells(self, case: Case) -> list[str]:
        cells = [case.case_id, case.questionnaire, case.status, case.inspector]
        if self.second_marked():
            cells.append(case.second_mark_of)
        return cells

    def base_headers(self, layout: Layout) -> list[str]:
        return ["Case", layout.qn_header, "Status", "Inspector"] + (["2nd of"] if self.second_marked() else [])

    def judgement_columns(self, layout: Layout) -> tuple[list[str], Any]:
        """(headers, a function case -> its judgement cells) for `layout`."""
        if layout.by == "question":
            kids = self.key_questions()

            def by_question(case: Case) -> list[str]:
                qn = self.questionnaires.get(case.questionnaire)
                judgements = qn.judgements() if qn else {}
                return ["" if judgements.get(k) is None else MARKS.get(case.answers.get(judgements[k].id), NOT_YET) for k in kids]

            return kids, by_question
        stage_list = stages(self.framework, self.shown_questionnaires())
        titles = [st.title for st in stage_list]
        headers = initials(titles) if layout.by == "letter" else [t.split()[0] for t in titles]

        def by_stage(case: Case) -> list[str]:
            qn = self.questionnaires.get(case.questionnaire)
            judgements = qn.judgements() if qn else {}
            return [st.marks(case.questionnaire, case.answers, judgements) for st in stage_list]

        return headers, by_stage

    def blind(self) -> dict[str, str]:
        """The first markings hidden from this inspector while they second-mark them blind."""
        return blind_to(list(self.live.cases.values()), getattr(self.app, "inspector", "") or "")

    def table(self, layout: Layout, cases: list[Case]) -> tuple[list[str], list[list[str]]]:
        """The headers and rows of `cases` in `layout` (a hidden first marking's marks as '-')."""
        headers, judged = self.judgement_columns(layout)
        blind = self.blind()

        def marks(case: Case) -> list[str]:
            cells = judged(case)
            if case.case_id not in blind:
                return cells
            return ["".join(" " if ch == " " else HIDDEN for ch in cell) for cell in cells]

        return self.base_headers(layout) + headers, [self.base_cells(c) + marks(c) for c in cases]

    def table_width(self, layout: Layout, cases: list[Case]) -> int:
        headers, rows = self.table(layout, cases)
        widths = [max([cell_len(h)] + [cell_len(r[i]) for r in rows]) for i, h in enumerate(headers)]
        return sum(w + PADDING for w in widths) + SCROLLBAR

    def choose_layout(self, cases: list[Case]) -> Layout:
        """The most explicit layout that shows every column without scrolling sideways."""
        width = self.size.width or self.app.size.width
        choices = [Layout("question"), Layout("stage"), Layout("letter"), Layout("letter", "Type")]
        return next((c for c in choices if self.table_width(c, cases) <= width), choices[-1])

    def legend(self, layout: Layout) -> Content:
        """The line under the table naming the columns (when a column is not a key question), and
        saying which first markings are hidden from a blind second marker."""
        parts = []
        if layout.by != "question":
            stage_list = stages(self.framework, self.shown_questionnaires())
            if layout.by == "letter":
                titles = [st.title for st in stage_list]
                parts.append(" · ".join(f"{h} {t}" for h, t in zip(initials(titles), titles)))
            themes = theme_names(stage_list)
            if themes:
                parts.append("marks: " + ", ".join(themes))
        blind = self.blind()
        if blind:
            parts.insert(0, f"{HIDDEN} hidden while you second-mark {', '.join(sorted(blind))}")
        if not parts:
            return Content("")
        width = (self.size.width or self.app.size.width) - 2
        shown = ""
        for part in parts + ["? explains"]:
            joined = f"{shown}; {part}" if shown else part
            if cell_len(joined) <= width:
                shown = joined
        return Content.styled(shown, "$text-muted")

    def fill(self) -> None:
        table = self.query_one(DataTable)
        current = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value if table.row_count else None
        table.clear(columns=True)
        cases = self.visible_cases()
        self.columns_layout = self.choose_layout(cases)
        headers, rows = self.table(self.columns_layout, cases)
        table.add_columns(*headers)
        for case, row in zip(cases, rows):
            widen(table, row)
            table.add_row(*row, key=case.case_id)
        if current is not None and current in self.live.cases:
            try:
                table.move_cursor(row=table.get_row_index(current))
            except Exception:
                pass
        legend = self.legend(self.columns_layout)
        widget = self.query_one("#columns-legend", Static)
        widget.display = bool(legend.plain)
        widget.update(legend)
        self.show_title()

    def on_resize(self) -> None:
        """A new width may fit a more explicit layout, or need a narrower one."""
        self._refit()

    def on_screen_resume(self) -> None:
        self.call_after_refresh(self._refit)  # (the width may have changed under another screen)

    def _refit(self) -> None:
        if self.is_mounted and getattr(self, "columns_layout", None) is not None and self.choose_layout(self.visible_cases()) != self.columns_layout:
            self.fill()

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

    def open_row(self, key: str) -> None:
        self.open_case(key)

    def open_case(self, case_id: str) -> None:
        """Lock the case and mark it; read-only (saying who holds it) if someone else has it."""
        try:
            case = self.store.load_case(self.iid, case_id)
        except StoreError as exc:
            self.notify(str(exc), severity="error", timeout=10)
            return
        copy = self.blind().get(case_id)
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
        self.inspection = self.live.inspection
        # after the screen is back: a DataTable refilled as it returns keeps only its header widths
        self.call_after_refresh(self.fill)
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

    def action_second_mark(self) -> None:
        """Second-mark the highlighted case: a blind copy for a second inspector, opened for marking."""
        cid = self.highlighted()
        if cid is None:
            return
        case = self.live.cases[cid]
        refused = ""
        if is_second_marking(case):
            refused = f"{cid} is itself a second marking of {case.second_mark_of}: second-mark {case.second_mark_of} instead."
        elif case.excluded:
            refused = f"{cid} is excluded from the sample, so it is not second-marked. Bring it back first (`x`)."
        elif second_mark_id(cid) in self.live.cases:
            refused = f"{cid} is already second-marked in {second_mark_id(cid)}: open that one from the list."
        if refused:
            self.app.push_screen(MessageModal(f"{cid} is not second-marked", refused))
            return
        modal = SecondMarkModal(cid, case.inspector, getattr(self.app, "inspector", "") or "")
        self.app.push_screen(modal, lambda values: values and self._second_mark(cid, values["inspector"]))

    def _second_mark(self, cid: str, inspector: str) -> None:
        try:
            created = second_mark(self.store, self.iid, cid, inspector)
        except (StoreError, ValueError) as exc:  # the engine's refusals: same inspector, exists, ...
            self.app.push_screen(MessageModal(f"{cid} is not second-marked", str(exc)))
            return
        self.live.case_changed(created)
        self.fill()
        self.notify(f"{created.case_id}: a blind second marking of {cid} by {inspector}, not counted in the ratings.", timeout=6)
        self.open_case(created.case_id)

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

    def action_export(self) -> None:
        """Export the inspection to a file (a report draft or data), as `casemark export` does."""
        self.app.push_screen(ExportModal(self.iid, getattr(self.app, "export_dir", None) or Path.cwd(), self._export), self._exported)

    def _export(self, fmt: str, path: Path, force: bool) -> list[Path]:
        """Read the inspection from disk (what is saved is what is exported) and write `fmt` to `path`."""
        folder = self.store.inspection_dir(self.iid)
        try:
            source = open_inspection(folder)
        except StoreError as exc:
            raise ExportError(str(exc)) from None
        refuse_unreadable(source, folder)
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
            self._read(self.iid, self.framework)
        except StoreError as exc:
            self.notify(str(exc), severity="error", timeout=10)
            return
        cases = list(self.live.cases.values())
        self.fill()
        self.show_unreadable(self.unreadable)
        new = [c.case_id for c in cases if c.case_id not in before]
        changed = [c.case_id for c in cases if c.case_id in before and c.updated != before[c.case_id]]
        gone = sorted(set(before) - {c.case_id for c in cases})
        said = [f"{len(x)} {what} ({', '.join(x[:5])}{', …' if len(x) > 5 else ''})" for x, what in ((new, "new"), (changed, "changed"), (gone, "gone")) if x]
        self.notify(f"Reloaded {len(cases)} cases: " + ("; ".join(said) if said else "nothing changed on disk"), timeout=6)

    def action_back(self) -> None:
        self.dismiss(None)
