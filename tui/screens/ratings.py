"""The ratings view: every standard and key question with its rating, share and explanation.

Selecting a key question lists its insufficient cases; Enter on one opens it (the screen
dismisses with that case id and the screen beneath opens it).
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.content import Content
from textual.screen import Screen
from textual.widgets import DataTable, Footer, OptionList, Static
from textual.widgets.option_list import Option

from casemark.engine.agreement import blind_to
from casemark.engine.explain import without_case_names
from casemark.engine.ratings import InspectionRatings
from casemark.engine import vocabulary
from casemark.framework import Framework

from ..literal import cell, literal
from ..widgets.inline import plain
from casemark.engine.live import LiveRatings


def label(rating: str, provisional: bool = False) -> str:
    return vocabulary.label(rating) + ("*" if provisional else "")


class RatingsScreen(Screen[str | None]):
    """Dismisses with a case id to open, or None."""

    HELP = """\
# Ratings

The inspection's ratings as `casemark ratings` computes them. `↑`/`↓` move; the explanation of
the highlighted row shows below. On a key question, `Enter` moves to its insufficient cases and
`Enter` on a case opens it. `Escape` goes back. While you second-mark a case blind, no
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

    def compose(self) -> ComposeResult:
        o = self.rated.overall
        yield Static(
            Content.assemble(
                (self.live.inspection.id, "bold"), f" · {self.live.inspection.service} · overall ",
                (label(o.rating, o.provisional), "bold"), f", score {o.score} / {o.max} · ", ("* provisional", "dim"),
            ),
            id="ratings-title",
        )
        yield DataTable(id="ratings-table", cursor_type="row", zebra_stripes=True)
        with Horizontal(id="ratings-detail"):
            yield Static(id="ratings-explanation")
            yield OptionList(id="insufficient")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.blind = blind_to(list(self.live.cases.values()), getattr(self.app, "inspector", "") or "")
        table = self.query_one(DataTable)
        table.add_columns("Id", "Rating", "Score", "Sufficient", "Judged", "Standard / key question")
        o = self.rated.overall
        table.add_row("", label(o.rating, o.provisional), f"{o.score}/{o.max}", "", "", "Overall", key="overall")
        for standard in self.framework.standards():
            sr = self.rated.standards.get(standard.id)
            if sr is None:
                continue
            score = "—" if sr.score is None else str(sr.score)
            table.add_row(cell(standard.id), label(sr.rating, sr.provisional), score, "", sr.status, cell(sr.title), key=standard.id)
            for kid, kq in sr.key_questions.items():
                table.add_row(cell(f"  {kid}"), label(kq.rating, kq.provisional), "", kq.share, kq.progress, cell("  " + plain(kq.text)), key=kid)
        table.focus()
        self._show("overall")

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
            self.dismiss(event.option.id)

    def action_switch(self) -> None:
        table, cases = self.query_one(DataTable), self.query_one("#insufficient", OptionList)
        (cases if table.has_focus else table).focus()

    def action_back(self) -> None:
        if self.query_one("#insufficient", OptionList).has_focus:
            self.query_one(DataTable).focus()
            return
        self.dismiss(None)
