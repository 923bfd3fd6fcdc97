"""Per-inspector figures: each inspector's share of cases judged sufficient per key question,
against the team's, so a lead inspector sees drift while the marking goes on."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.content import Content
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Static

from casemark.engine.inspectors import InspectorFigures, Share, inspector_figures
from casemark.framework import Framework

from ..literal import cell
from .rows import widen
from casemark.engine.live import LiveRatings


def share_text(share: Share | None) -> str:
    if share is None or share.percent is None:
        return "–"
    return f"{share.sufficient}/{share.judged} {float(share.percent):.0f}%"


def difference_text(figures: InspectorFigures, name: str, kid: str) -> str:
    """'3/4 75% (−13)': the share, and the points above or below the team's."""
    mine = figures.inspectors.get(name, {}).get(kid)
    diff = figures.difference(name, kid)
    if mine is None or diff is None:
        return "–"
    return f"{share_text(mine)} ({float(diff):+.0f})"


class InspectorsScreen(Screen[None]):
    """Per key question: the team's share of sufficient judgements, then each inspector's."""

    HELP = """\
# Inspectors

Per key question, the share of cases judged sufficient (`n/N %`): first the team's, then each
inspector's with the points above or below the team's in brackets. A large gap on several key
questions may be drift (or a different mix of cases): second marking tells which. First markings
only; excluded cases and key questions not yet judged do not count. `casemark agreement` prints
the same figures, and `casemark export DIR -f inspectors-csv` writes them for a spreadsheet.
"""

    BINDINGS = [Binding("escape,q", "back", "Back", id="inspectors-back")]

    def __init__(self, framework: Framework, live: LiveRatings):
        super().__init__()
        self.framework = framework
        self.live = live
        self.figures = inspector_figures(framework, list(live.cases.values()))

    def compose(self) -> ComposeResult:
        names = list(self.figures.inspectors)
        cases = ", ".join(f"{n} {self.figures.cases.get(n, 0)}" for n in names) or "none"
        yield Static(
            Content.assemble((self.live.inspection.id, "bold"), f" · per inspector: share judged sufficient (points against the team) · cases marked: {cases}"),
            id="inspectors-title",
        )
        yield DataTable(id="inspectors-table", cursor_type="row", zebra_stripes=True)
        yield Static(
            "No key question judged yet." if not self.figures.key_questions else "",
            id="inspectors-empty",
        )
        yield Footer(compact=True)

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        names = list(self.figures.inspectors)
        table.add_columns("Key question", "Team", *(cell(n) for n in names))
        for kid in self.figures.key_questions:
            row = [cell(kid), share_text(self.figures.team[kid]), *(difference_text(self.figures, n, kid) for n in names)]
            widen(table, row)
            table.add_row(*row, key=kid)
        self.query_one("#inspectors-empty").display = not self.figures.key_questions
        table.focus()

    def action_back(self) -> None:
        self.dismiss(None)
