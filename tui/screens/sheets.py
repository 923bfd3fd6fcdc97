"""What a marking screen marks: a case (a case file) or the inspection's own questionnaire.

Both write every answer through the store at once; `LiveRatings` keeps the ratings current.
No Textual here: the screens own these and bind their state down to the widgets.
"""

from __future__ import annotations

from typing import Any

from engine import tomlfile
from engine.answers import inspection_answers
from engine.model import Case, Inspection
from engine.ratings import InspectionRatings, rate
from engine.store import ConflictError, Store
from engine.tally import Tally
from framework import Framework, Questionnaire


class LiveRatings:
    """The inspection's ratings, kept current as cases change (incremental for case answers)."""

    def __init__(self, framework: Framework, inspection: Inspection, cases: list[Case]):
        self.framework = framework
        self.inspection = inspection
        self.cases = {c.case_id: c for c in cases}
        self.tally = Tally(framework, inspection, list(self.cases.values()))
        self._ratings = self.tally.ratings()

    def ratings(self) -> InspectionRatings:
        return self._ratings

    def case_changed(self, case: Case) -> InspectionRatings:
        self.cases[case.case_id] = case
        self.tally.update(case)
        self._ratings = self.tally.ratings()
        return self._ratings

    def inspection_changed(self, inspection: Inspection) -> InspectionRatings:
        self.inspection = self.tally.inspection = inspection
        self._ratings = self.tally.ratings()
        return self._ratings

    def rated(self) -> InspectionRatings:
        """A full re-rating from scratch (the ratings view uses this)."""
        return rate(self.framework, self.inspection, list(self.cases.values()))


def _their_text(exc: ConflictError) -> str:
    if exc.theirs_text is None:
        return "(the file has been deleted)"
    return exc.theirs_text.decode("utf-8", errors="replace")


class CaseSheet:
    """A case file: answers go through `store.set_answer`, status through `store.set_status`."""

    kind = "case"

    def __init__(self, store: Store, inspection: Inspection, case: Case, questionnaire: Questionnaire):
        self.store = store
        self.inspection = inspection
        self.case = case
        self.questionnaire = questionnaire

    @property
    def id(self) -> str:
        return self.case.case_id

    @property
    def answers(self) -> dict[str, Any]:
        return self.case.answers

    @property
    def status(self) -> str:
        return self.case.status

    @property
    def title(self) -> str:
        return f"{self.case.case_id} · {self.questionnaire.title}"

    @property
    def path(self) -> str:
        return str(self.store.case_path(self.inspection.id, self.case.case_id))

    def set_answer(self, qid: str, value: Any, live: LiveRatings) -> InspectionRatings:
        self.store.set_answer(self.inspection.id, self.case, qid, value)
        return live.case_changed(self.case)

    def set_status(self, status: str, live: LiveRatings, reason: str = "") -> InspectionRatings:
        self.store.set_status(self.inspection.id, self.case, status, reason)
        return live.case_changed(self.case)

    def versions(self, exc: ConflictError) -> tuple[str, str]:
        """(mine, theirs) as the TOML each would write."""
        return self.store.case_text(exc.mine), _their_text(exc)

    def take_theirs(self, live: LiveRatings) -> InspectionRatings:
        self.case = self.store.load_case(self.inspection.id, self.case.case_id)
        return live.case_changed(self.case)

    def keep_mine(self, exc: ConflictError, live: LiveRatings) -> InspectionRatings:
        """Write my version over theirs (theirs is what the store saw on disk a moment ago)."""
        mine = exc.mine
        mine.origin = tomlfile.digest(exc.theirs_text)
        self.store.save_case(self.inspection.id, mine)
        self.case = mine
        return live.case_changed(self.case)


class InspectionSheet:
    """The inspection's own questionnaire (domain one, the policy-and-provision standards).

    A question with `rates_standard` records that standard's rating in the file's [ratings]
    table (the store's `set_inspection_answer` decides), never in [answers].
    """

    kind = "inspection"

    def __init__(self, store: Store, inspection: Inspection, framework: Framework, questionnaire: Questionnaire):
        self.store = store
        self.inspection = inspection
        self.framework = framework
        self.questionnaire = questionnaire

    @property
    def id(self) -> str:
        return self.inspection.id

    @property
    def answers(self) -> dict[str, Any]:
        """The questionnaire's answers, with each recorded rating under its question's id."""
        return inspection_answers(self.framework, self.inspection)

    @property
    def status(self) -> str:
        return ""

    @property
    def title(self) -> str:
        return f"{self.inspection.id} · {self.questionnaire.title}"

    @property
    def path(self) -> str:
        return str(self.store.inspection_path(self.inspection.id))

    def set_answer(self, qid: str, value: Any, live: LiveRatings) -> InspectionRatings:
        self.store.set_inspection_answer(self.inspection, qid, value)
        return live.inspection_changed(self.inspection)

    def set_status(self, status: str, live: LiveRatings, reason: str = "") -> InspectionRatings:
        raise ValueError("the inspection's questionnaire has no status; its cases do")

    def versions(self, exc: ConflictError) -> tuple[str, str]:
        return self.store.inspection_text(exc.mine), _their_text(exc)

    def take_theirs(self, live: LiveRatings) -> InspectionRatings:
        self.inspection = self.store.load_inspection(self.inspection.id)
        return live.inspection_changed(self.inspection)

    def keep_mine(self, exc: ConflictError, live: LiveRatings) -> InspectionRatings:
        mine = exc.mine
        mine.origin = tomlfile.digest(exc.theirs_text)
        self.store.save_inspection(mine)
        self.inspection = mine
        return live.inspection_changed(self.inspection)
