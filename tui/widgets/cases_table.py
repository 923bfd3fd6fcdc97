"""The table of an inspection's cases: id, questionnaire, status, inspector (and `2nd of` once there
is a second marking), then the judgements, laid out so that every column fits the width.

`CasesTable` is a DataTable bound to the screen's state (`cases`, `blind`, the two filters): a
change to any of them refills it once, on the next turn of the event loop, and every refill is
linear in the cases (a layout is tried by its widths; the rows are built once). It posts
`CasesTable.Filled` after each refill, with the line naming its columns.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from rich.cells import cell_len
from rich.markup import escape
from textual.content import Content
from textual.message import Message
from textual.reactive import var
from textual.binding import Binding
from textual.widgets import DataTable, Input

from casemark.engine.case_list import ProgressCache
from casemark.engine.model import Case
from casemark.engine.vocabulary import mark
from casemark.framework import Framework, Questionnaire

ALL = "all"
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
            out.append(" " if q is None else mark(answers.get(q.id)))
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
    progress: str = "long"  # a case in progress: 'long' '45/93, 9 missing', 'short' '45/93 !9',
    # 'status' '45/93 !9' in the Status column instead of 'in-progress' (no Progress column)

    @property
    def short_progress(self) -> bool:
        return self.progress != "long"


# the judgements' columns narrow before a case's progress is shortened, one step at a time
LAYOUTS = tuple(
    Layout(by, header, progress)
    for by, header in (("question", "Questionnaire"), ("stage", "Questionnaire"), ("letter", "Questionnaire"), ("letter", "Type"))
    for progress in ("long", "short")
) + (Layout("letter", "Type", "status"),)
SORTS = ("id", "status", "inspector", "progress")  # the orders `o` cycles through
STATUS_ORDER = {"in-progress": 0, "complete": 1, "excluded": 2}


Column = tuple[list[str], int]  # a column's cells, one per case in order, and the widest one's width


def measured(cells: list[str]) -> Column:
    return cells, max(map(cell_len, cells), default=0)


class Cells:
    """The cells of `cases` for the layouts, column by column, as they are shown: each kind (the
    case's own columns, the marks by key question, by stage, the progress long or short) built and
    measured once, when a layout first needs it; the layouts share them, so trying them all costs
    little more than the one chosen, and nothing per case is done twice. What a file holds (an
    inspector's name) is plain text, never markup; a hidden first marking's marks show as '-'."""

    def __init__(self, table: "CasesTable", cases: list[Case]):
        self.table, self.cases = table, cases
        self.second = any(c.second_mark_of for c in table.cases.values())  # the column shows for any case
        self.marking = any(c.status == "in-progress" for c in cases)

    def of(self, layout: Layout) -> tuple[list[str], list[Column]]:
        """The headers and columns of `layout`."""
        in_status = layout.progress == "status"
        marking = self.marking and not in_status  # last: the judgement columns keep their places
        own = self.own[:2] + [self.status_progress if in_status else self.own[2]] + self.own[3:]
        if layout.by == "question":
            judged, columns = self.by_question
        else:
            titles, columns = self.by_stage
            judged = initials(titles) if layout.by == "letter" else [t.split()[0] for t in titles]
        progress = [self.progress_short if layout.short_progress else self.progress_long] if marking else []
        headers = ["Case", layout.qn_header, "Status", "Inspector"] + (["2nd of"] if self.second else [])
        return headers + judged + (["Progress"] if marking else []), own + columns + progress

    @cached_property
    def own(self) -> list[Column]:
        """Case, questionnaire, status, inspector (and 2nd of)."""
        cases = self.cases
        columns = [[c.case_id for c in cases], [c.questionnaire for c in cases], [c.status for c in cases], [c.inspector for c in cases]]
        if self.second:
            columns.append([c.second_mark_of for c in cases])
        return [measured([str(cell) for cell in cells]) for cells in columns]

    @cached_property
    def status_progress(self) -> Column:
        """The status, with a case in progress's progress ('45/93 !9') in its place."""
        return measured([self.progress(c, short=True) or c.status if c.status == "in-progress" else c.status for c in self.cases])

    @cached_property
    def progress_long(self) -> Column:
        return measured([self.progress(c, short=False) for c in self.cases])

    @cached_property
    def progress_short(self) -> Column:
        return measured([self.progress(c, short=True) for c in self.cases])

    def progress(self, case: Case, short: bool) -> str:
        done = self.table.progress_of(case) if case.status == "in-progress" else None
        return "" if not done else done.short() if short else done.text()

    @cached_property
    def mine(self) -> list[dict[str, Any]]:
        """Each case's questionnaire's judgements (key question -> its judgement question)."""
        judgements = {qid: q.judgements() for qid, q in self.table.questionnaires.items()}
        return [judgements.get(c.questionnaire, {}) for c in self.cases]

    # Built column by column: no list per case lives through the refill (each would count
    # towards the collector's next full collection, which scans every case held in memory).

    @cached_property
    def by_question(self) -> tuple[list[str], list[Column]]:
        """(the key questions, a column of marks per key question)."""
        kids: list[str] = []
        for q in self.table.shown_questionnaires():
            kids += [k for k in q.judgements() if k not in kids]
        return kids, [
            self.hidden(["" if mine.get(k) is None else mark(case.answers.get(mine[k].id)) for case, mine in zip(self.cases, self.mine)])
            for k in kids
        ]

    @cached_property
    def by_stage(self) -> tuple[list[str], list[Column]]:
        """(the stages' titles, a column of marks per stage)."""
        stage_list = stages(self.table.framework, self.table.shown_questionnaires())
        columns = [self.hidden([st.marks(case.questionnaire, case.answers, mine) for case, mine in zip(self.cases, self.mine)]) for st in stage_list]
        return [st.title for st in stage_list], columns

    @cached_property
    def blind(self) -> list[bool]:
        return [c.case_id in self.table.blind for c in self.cases]

    def hidden(self, marks: list[str]) -> Column:
        """A column of marks, measured, with a hidden first marking's as '-'."""
        if self.table.blind:
            marks = ["".join(" " if ch == " " else HIDDEN for ch in cell) if hide else cell for cell, hide in zip(marks, self.blind)]
        return measured(marks)


class CaseSearch(Input):
    """The search box above the cases: filters them by id or inspector as it is typed. Enter
    keeps the filter, Escape clears it; both hand the keys back to the table (`Done`)."""

    BINDINGS = [
        Binding("escape", "leave(True)", "Clear the search", id="search-clear"),
        Binding("enter", "leave(False)", "Keep the search", id="search-keep", show=False),
    ]

    @dataclass
    class Done(Message):
        search: "CaseSearch"

        @property
        def control(self) -> "CaseSearch":
            return self.search

    def action_leave(self, clear: bool) -> None:
        if clear:
            self.value = ""
        self.post_message(self.Done(self))


class CasesTable(DataTable):
    """The cases, keyed by case id; bound to `cases`, `blind` and the filters (see the module)."""

    cases: var[dict[str, Case]] = var(dict, always_update=True)
    blind: var[dict[str, str]] = var(dict, always_update=True)  # first marking -> its blind second marking
    questionnaire: var[str] = var(ALL)
    status: var[str] = var(ALL)
    mine: var[str] = var(ALL)  # ALL, or the inspector whose cases alone are shown
    search: var[str] = var("")  # shown: the cases whose id or inspector holds it (any case)
    sort: var[str] = var(SORTS[0])

    @dataclass
    class Filled(Message):
        """The table was refilled: `layout` chosen, `legend` names its columns, `shown` rows."""

        table: "CasesTable"
        layout: Layout
        legend: Content
        shown: int

        @property
        def control(self) -> "CasesTable":
            return self.table

    def __init__(self, framework: Framework, **kwargs: Any):
        super().__init__(cursor_type="row", zebra_stripes=True, **kwargs)
        self.framework = framework
        self.questionnaires = {q.id: q for q in framework.case_questionnaires()}
        self.columns_layout: Layout | None = None
        self._pending = False
        self.progress = ProgressCache()

    # -- refilling, once per turn whatever changed -------------------------------------------

    def watch_cases(self) -> None:
        self.refill_soon()

    def watch_blind(self) -> None:
        self.refill_soon()

    def watch_questionnaire(self) -> None:
        self.refill_soon()

    def watch_status(self) -> None:
        self.refill_soon()

    def watch_mine(self) -> None:
        self.refill_soon()

    def watch_search(self) -> None:
        self.refill_soon()

    def watch_sort(self) -> None:
        self.refill_soon()

    def on_resize(self) -> None:
        """A new width may fit a more explicit layout, or need a narrower one."""
        if self.columns_layout is not None and self.choose(self.visible())[0] != self.columns_layout:  # O(cases), no rows built
            self.refill_soon()

    def refill_soon(self) -> None:
        if not self._pending:
            self._pending = True
            self.call_later(self.refill)

    def visible(self) -> list[Case]:
        """The cases the filters and the search let through, in the order chosen (then by id)."""
        qn, status, mine, wanted = self.questionnaire, self.status, self.mine.casefold(), self.search.strip().casefold()
        every = self.cases
        shown = [
            case for case in map(every.__getitem__, sorted(every))  # no (id, case) pair per case
            if qn in (ALL, case.questionnaire) and status in (ALL, case.status)
            and (self.mine == ALL or case.inspector.casefold() == mine)
            and (not wanted or wanted in case.case_id.casefold() or wanted in case.inspector.casefold())
        ]
        if self.sort == "status":
            shown.sort(key=lambda c: STATUS_ORDER.get(c.status, 3))
        elif self.sort == "inspector":
            shown.sort(key=lambda c: (c.inspector == "", c.inspector.casefold()))
        elif self.sort == "progress":  # the least marked first; complete, then excluded, last
            shown.sort(key=self._progress_order)
        return shown

    def _progress_order(self, case: Case) -> tuple[int, float]:
        if case.status != "in-progress":
            return (1 + STATUS_ORDER.get(case.status, 2), 0.0)
        done = self.progress_of(case)
        return (0, done.answered / done.asked if done and done.asked else 0.0)

    def progress_of(self, case: Case):
        """The case's Progress (None for a questionnaire the framework lacks), once per file version."""
        qn = self.questionnaires.get(case.questionnaire)
        return None if qn is None else self.progress.of(case.case_id, case.origin, qn, case.answers)

    def refill(self) -> None:
        self._pending = False
        if not self.is_mounted:
            return
        current = self.coordinate_to_cell_key(self.cursor_coordinate).row_key.value if self.row_count else None
        cases = self.visible()
        self.columns_layout, headers, columns = self.choose(cases)
        self.clear(columns=True)
        self.add_columns(*headers)
        # widened before the rows come in (as rows.widen does): no line is drawn too narrow
        for column, (_, width) in zip(self.ordered_columns, columns):
            column.content_width = max(column.content_width, width)
        rows = zip(*(cells for cells, _ in columns))
        for case, row in zip(cases, rows):  # a DataTable reads a str cell as markup: escaped
            self.add_row(*(escape(cell) if "[" in cell else cell for cell in row), key=case.case_id)
        if current is not None and current in self.rows:
            self.move_cursor(row=self.get_row_index(current))
        self.post_message(self.Filled(self, self.columns_layout, self.legend(self.columns_layout, cases), len(cases)))

    # -- what the table holds ----------------------------------------------------------------

    def shown_questionnaires(self) -> list[Questionnaire]:
        return [q for q in self.questionnaires.values() if self.questionnaire in (ALL, q.id)]

    def choose(self, cases: list[Case]) -> tuple[Layout, list[str], list[Column]]:
        """The most explicit layout that shows every column without scrolling sideways, with its
        headers and columns (each column's cells, and the widest cell's width)."""
        width = self.size.width or self.app.size.width
        cells = Cells(self, cases)
        for layout in LAYOUTS:
            headers, columns = cells.of(layout)
            needed = sum(max(w, cell_len(h)) + PADDING for h, (_, w) in zip(headers, columns)) + SCROLLBAR
            if needed <= width or layout == LAYOUTS[-1]:
                return layout, headers, columns
        raise AssertionError("unreachable: the last layout is always taken")

    def legend(self, layout: Layout, cases: list[Case]) -> Content:
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
        if layout.short_progress and any(c.status == "in-progress" for c in cases):
            parts.append(("45/93 in Status: in progress, " if layout.progress == "status" else "") + "!n: n required missing")
        if self.blind:
            parts.insert(0, f"{HIDDEN} hidden while you second-mark {', '.join(sorted(self.blind))}")
        if not parts:
            return Content("")
        width = (self.size.width or self.app.size.width) - 2
        shown = ""
        for part in parts + ["? explains"]:
            joined = f"{shown}; {part}" if shown else part
            if cell_len(joined) <= width:
                shown = joined
        return Content.styled(shown, "$text-muted")
