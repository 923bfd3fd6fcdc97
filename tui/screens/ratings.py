"""The ratings view: every standard and key question with its rating, share and explanation.

Selecting a key question lists its insufficient cases; Enter on one opens it at that key
question's judgement, over this view: leaving the case comes back here, the ratings read afresh.
"""

from __future__ import annotations

from typing import Any

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.content import Content
from textual.screen import Screen
from textual.widgets import DataTable, Footer, OptionList, Static
from textual.widgets.option_list import Option

from casemark.engine.agreement import blind_to
from casemark.engine.explain import without_case_names
from casemark.engine.ratings import AWAITING, CASE_BASED, InspectionRatings
from casemark.engine.store import StoreError
from casemark.engine import vocabulary
from casemark.framework import Framework

from ..literal import cell, literal
from ..widgets.inline import plain
from casemark.engine.live import LiveRatings


NARROW = 110  # columns: below, the table's ratings and shares are short, so the question shows


def label(rating: str, provisional: bool = False, short: bool = False) -> str:
    return (vocabulary.SHORT_LABELS.get(rating, rating) if short else vocabulary.label(rating)) + ("*" if provisional else "")


def share_cell(kq: Any, short: bool) -> str:
    """'10 of 20 (50%)', or '10/20 50%' in a narrow table."""
    if not short or kq.percent is None:
        return kq.share
    return f"{kq.sufficient}/{kq.judged} {kq.percent_1dp:g}%"


def judged_cell(sr: Any) -> str:
    """A standard's 'Judged' cell, short (the explanation below says it in full): its key
    questions' own rows give their counts."""
    if sr.kind == CASE_BASED:
        if sr.status == "no cases of its kind":
            return "no cases"
        counts = {(k.judged, k.sample) for k in sr.key_questions.values()}
        if len(counts) == 1:
            judged, sample = counts.pop()
            return f"{judged}/{sample}"
        return "in part" if sr.provisional else "all"
    return {AWAITING: "awaiting", "recorded by the inspectors": "recorded", "recorded as not rated": "not rated"}.get(sr.status, sr.status)


class RatingsScreen(Screen[str | None]):
    """Dismisses with a case id to open, or None."""

    HELP = """\
# Ratings

The inspection's ratings as `casemark ratings` computes them. `↑`/`↓` move; the explanation of
the highlighted row shows below. On a key question, `Enter` moves to its insufficient cases and
`Enter` on a case opens it at that key question's judgement; leaving the case comes back
here. `Escape` goes back. While you second-mark a case blind, no
insufficient cases are named, so that none gives its first marking away.
"""

    BINDINGS = [
        Binding("escape,q", "back", "Back", id="ratings-back"),
        Binding("tab", "switch", "Table / cases", id="ratings-switch"),
    ]

    def __init__(self, framework: Framework, live: LiveRatings):
        super().__init__()
        self.framework = framework
        self.live = live
        self.rated: InspectionRatings = live.rated()
        self.blind: dict[str, str] = {}  # first markings hidden from this inspector (set on mount)
        self.kid = ""  # the key question whose insufficient cases are listed ("" none)
        self.short = False  # the table's cells short, for a narrow terminal

    def _title(self) -> Content:
        o = self.rated.overall
        return Content.assemble(
            (self.live.inspection.id, "bold"), f" · {self.live.inspection.service} · overall ",
            (label(o.rating, o.provisional), "bold"), f", score {o.score} / {o.max} · ", ("* provisional", "dim"),
        )

    def compose(self) -> ComposeResult:
        yield Static(self._title(), id="ratings-title")
        yield DataTable(id="ratings-table", cursor_type="row", zebra_stripes=True)
        with Horizontal(id="ratings-detail"):
            yield Static(id="ratings-explanation")
            yield OptionList(id="insufficient")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.blind = blind_to(list(self.live.cases.values()), getattr(self.app, "inspector", "") or "")
        table = self.query_one(DataTable)
        table.add_columns("Id", "Rating", "Score", "Sufficient", "Judged", "Standard / key question")
        self._fill()
        table.focus()
        self._show("overall")

    def _fill(self) -> None:
        """The table's rows from `self.rated` (the cursor kept on the same row when refilled)."""
        table = self.query_one(DataTable)
        keep = table.cursor_row
        table.clear()
        self.short = short = self.app.size.width < NARROW
        o = self.rated.overall
        table.add_row("", label(o.rating, o.provisional, short), f"{o.score}/{o.max}", "", "", "Overall", key="overall")
        for standard in self.framework.standards():
            sr = self.rated.standards.get(standard.id)
            if sr is None:
                continue
            score = "—" if sr.score is None else str(sr.score)
            table.add_row(cell(standard.id), label(sr.rating, sr.provisional, short), score, "", judged_cell(sr), cell(sr.title), key=standard.id)
            for kid, kq in sr.key_questions.items():
                judged = f"{kq.judged}/{kq.sample}" + (f" +{kq.unclassified}?" if kq.unclassified else "")
                table.add_row(cell(f"  {kid}"), label(kq.rating, kq.provisional, short), "", share_cell(kq, short), judged, cell("  " + plain(kq.text)), key=kid)
        if keep:
            table.move_cursor(row=min(keep, table.row_count - 1))

    def on_resize(self) -> None:
        if self.is_mounted and (self.app.size.width < NARROW) != self.short:
            self.query_one(DataTable).clear(columns=True).add_columns("Id", "Rating", "Score", "Sufficient", "Judged", "Standard / key question")
            self._fill()

    def _find(self, key: str):
        if key == "overall":
            return self.rated.overall
        if key in self.rated.standards:
            return self.rated.standards[key]
        return self.rated.key_question(key)

    def _show(self, key: str) -> None:
        item = self._find(key)
        text = getattr(item, "explanation", "") or ""
        to_next = getattr(item, "to_next_band", "")
        ids = list(getattr(item, "insufficient_cases", []) or [])
        if self.blind:
            text, ids = without_case_names(text), []
        self.kid = key if hasattr(item, "insufficient_cases") else ""
        if to_next and to_next in text:  # a key question's explanation says it already: once
            to_next = ""
        self.query_one("#ratings-explanation", Static).update(literal("\n".join(t for t in (text, to_next) if t)))
        cases = self.query_one("#insufficient", OptionList)
        cases.clear_options()
        none = f"not named while you second-mark {', '.join(sorted(self.blind))}" if self.blind else "no insufficient cases"
        cases.add_options([Option(literal(cid), id=cid) for cid in ids] or [Option(literal(none), disabled=True)])
        cases.border_title = f"Insufficient ({len(ids)})" if hasattr(item, "insufficient_cases") else "Insufficient cases"

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        if event.row_key.value:
            self._show(event.row_key.value)

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        cases = self.query_one("#insufficient", OptionList)
        if any(not o.disabled for o in cases.options):
            cases.focus()
            cases.highlighted = 0

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        if event.option.id:
            self.open_case(event.option.id, self.kid)

    def open_case(self, case_id: str, kid: str) -> None:
        """Mark `case_id` at key question `kid`'s judgement, over this view (back here after)."""
        from .case import CaseScreen, mark_case

        marking = [s for s in self.app.screen_stack if isinstance(s, CaseScreen) and s.sheet.id == case_id]
        if marking:  # open beneath: that screen goes to the judgement (its lock is ours already)
            if marking[-1] is self.app.screen_stack[-2]:
                self.dismiss(f"{case_id}@{kid}")
            else:
                self.notify(f"{case_id} is open beneath this view: go back to it with Escape.", timeout=5, markup=False)
            return
        store = getattr(self.app, "store", None)
        try:
            case = store.load_case(self.live.inspection.id, case_id)
            qn = self.framework.questionnaires[case.questionnaire]
            screen = mark_case(self.app, store, self.live, case, qn)
        except (StoreError, KeyError, AttributeError) as exc:
            self.notify(f"{case_id} cannot be opened: {exc}", severity="error", timeout=10, markup=False)
            return
        judgement = qn.judgements().get(kid)
        if judgement is not None:
            screen.set_reactive(CaseScreen.current, judgement.id)
        self.app.push_screen(screen, self._case_closed)

    def _case_closed(self, next_case: str | None) -> None:
        """Back from a case opened here: the ratings as they now are (or on to the case chosen)."""
        self.rated = self.live.rated()
        self.query_one("#ratings-title", Static).update(self._title())
        self._fill()
        row = self.query_one(DataTable).cursor_row
        keys = list(self.query_one(DataTable).rows)
        if 0 <= row < len(keys) and keys[row].value:
            self._show(keys[row].value)
        if next_case:
            self.dismiss(next_case)

    def action_switch(self) -> None:
        table, cases = self.query_one(DataTable), self.query_one("#insufficient", OptionList)
        if not table.has_focus:
            table.focus()
            return
        cases.focus()
        if cases.highlighted is None and any(not o.disabled for o in cases.options):
            cases.highlighted = next(i for i, o in enumerate(cases.options) if not o.disabled)

    def action_back(self) -> None:
        if self.query_one("#insufficient", OptionList).has_focus:
            self.query_one(DataTable).focus()
            return
        self.dismiss(None)
