"""The line above an inspection's cases: which questionnaire (`f`), which status (`s`), whose
cases (`y`: mine), and the search (`/`). The screen owns the filters' state: this widget posts
`CaseFilters.Changed` up as a list or the search changes, and the screen binds it down to the table."""

from __future__ import annotations

from dataclasses import dataclass

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.message import Message
from textual.widgets import Input, Label, Select

from casemark.engine.vocabulary import STATUSES

from .cases_table import ALL, CaseSearch

FILTERS = {"questionnaire": "filter-questionnaire", "status": "filter-status", "mine": "filter-mine"}  # filter -> its list's id


class CaseFilters(Horizontal):
    """The three lists and the search box; `questionnaires` are (id, title), `inspector` the
    app's (no 'mine' without one)."""

    @dataclass
    class Changed(Message):
        """Filter `name` (questionnaire, status, mine or search) is now `value` (ALL: no filter)."""

        filters: CaseFilters
        name: str
        value: str

        @property
        def control(self) -> CaseFilters:
            return self.filters

    def __init__(self, questionnaires: list[tuple[str, str]], inspector: str, **kwargs) -> None:
        super().__init__(**kwargs)
        self.questionnaires, self.inspector = questionnaires, inspector
        self.values = {"questionnaire": [ALL, *(qid for qid, _ in questionnaires)], "status": [ALL, *STATUSES], "mine": [ALL, inspector]}

    def compose(self) -> ComposeResult:
        yield Label("Type (f)")
        yield Select([("all", ALL)] + [(title, qid) for qid, title in self.questionnaires], value=ALL, allow_blank=False, id=FILTERS["questionnaire"], compact=True)
        yield Label("Status (s)")
        yield Select([("all", ALL)] + [(s, s) for s in STATUSES], value=ALL, allow_blank=False, id=FILTERS["status"], compact=True)
        yield Label("Who (y)")
        mine = [("mine", self.inspector)] if self.inspector else []
        yield Select([("all", ALL)] + mine, value=ALL, allow_blank=False, id=FILTERS["mine"], compact=True, disabled=not mine)
        yield CaseSearch(placeholder="/ search id or inspector", id="search", compact=True)

    def cycle(self, name: str) -> None:
        """The next value of filter `name`'s list (after the last, all again)."""
        select = self.query_one(f"#{FILTERS[name]}", Select)
        values = self.values[name]
        select.value = values[(values.index(select.value) + 1) % len(values)]

    def open_search(self) -> CaseSearch:
        """The search box, shown (it hides again when left empty)."""
        search = self.query_one(CaseSearch)
        search.display = True
        return search

    def on_select_changed(self, event: Select.Changed) -> None:
        name = next((n for n, i in FILTERS.items() if i == event.select.id), None)
        if name is not None:
            event.stop()
            self.post_message(self.Changed(self, name, str(event.value)))

    def on_input_changed(self, event: Input.Changed) -> None:
        if event.input.id == "search":
            event.stop()
            self.post_message(self.Changed(self, "search", event.value))

    def on_case_search_done(self, event: CaseSearch.Done) -> None:
        event.search.display = bool(event.search.value)  # shown while it filters; the screen moves the keys on
