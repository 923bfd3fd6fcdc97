"""What a marking session marks: a case (a case file) or the inspection's own questionnaire.

Both write every answer through the store at once and keep `LiveRatings` current. No UI here:
`engine.session.Session` drives a sheet; the marking screen drives the session.
"""

from __future__ import annotations

import copy
from typing import TYPE_CHECKING, Any

from casemark.engine import tomlfile
from casemark.engine.answers import can_complete, inspection_answers
from casemark.engine.checks import acknowledge, withdraw
from casemark.engine.live import LiveRatings, Pending
from casemark.engine.model import Case, Inspection
from pathlib import Path

from casemark.engine import conflicts as records
from casemark.engine.conflicts import Record
from casemark.engine.merge import Conflict
from casemark.engine.store import Store
from casemark.engine.store_errors import AnswerConflict, ConflictError
from casemark.engine.store_format import now
from casemark.engine.store_merge import copy_into
from casemark.framework import Framework, Questionnaire

if TYPE_CHECKING:
    from casemark.engine.ratings import InspectionRatings

    Rated = InspectionRatings | Pending


def _their_text(exc: ConflictError) -> str:
    if exc.theirs_text is None:
        return "(the file has been deleted)"
    return exc.theirs_text.decode("utf-8", errors="replace")


class FileConflicts:
    """The conflict record of a sheet's file (a case's, or inspection.toml's): the answers changed
    both by this inspector and by another. Needs `store`, `inspection`, `path`, `_cid`, `_object`
    (the case or inspection marked) and `_changed(live)` (tells the live ratings)."""

    def conflicts(self) -> list[Record]:
        return self.store.conflicts(self.inspection.id, self._cid)

    def record_conflict(self, conflict: Conflict) -> None:
        """Keep `conflict`'s mine in the record (the file keeps theirs): decided later."""
        records.add(Path(self.path), [conflict], self.store.user, now())

    def resolve(self, record: Record, choice: str, live: LiveRatings) -> Rated:
        """Settle one conflict: 'mine' writes my value, 'theirs' keeps the file's."""
        try:
            self.store.resolve_conflict(self.inspection.id, self._cid, record.question, choice, key=record.key, conflict_id=record.id, into=self._object)
        finally:
            self._changed(live)
        return live.ratings()


class CaseSheet(FileConflicts):
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
    def exclusion_reason(self) -> str:
        return self.case.exclusion_reason

    @property
    def origin(self) -> str:
        return self.case.origin

    @property
    def title(self) -> str:
        return f"{self.case.case_id} · {self.questionnaire.title}"

    @property
    def path(self) -> str:
        return str(self.store.case_path(self.inspection.id, self.case.case_id))

    def set_answer(self, qid: str, value: Any, live: LiveRatings) -> Rated:
        try:
            self.store.set_answer(self.inspection.id, self.case, qid, value)
        finally:  # a save may merge others' answers in, or write theirs and raise AnswerConflict
            self._changed(live)
        return live.ratings()

    def set_status(self, status: str, live: LiveRatings, reason: str = "") -> Rated:
        try:
            self.store.set_status(self.inspection.id, self.case, status, reason)
        finally:
            self._changed(live)
        return live.ratings()

    @property
    def _cid(self) -> str:
        return self.case.case_id

    @property
    def _object(self) -> Case:
        return self.case

    def _changed(self, live: LiveRatings) -> Rated:
        return live.case_changed(self.case)

    def missing(self, framework: Framework) -> list[str]:
        """What stops the case being complete (one line each); empty when it can be."""
        return can_complete(framework, self.case)

    def acknowledge(self, check: str, question: str, note: str | None, live: LiveRatings) -> Rated:
        """Record a note on a soft check (None withdraws it), saved as every answer is: refused
        (and the case left as it was) if the file changed on disk or is locked."""
        changed = copy.deepcopy(self.case)
        changed.origin = self.case.origin
        if note is None:
            withdraw(changed, check, question)
        else:
            acknowledge(changed, check, question, note)
        try:
            self.store.save_case(self.inspection.id, changed)
        except ConflictError as exc:
            if isinstance(exc, AnswerConflict):  # written, merged with theirs; mine in the record
                copy_into(self.case, changed)
                live.case_changed(self.case)
            raise
        copy_into(self.case, changed)  # the whole of what was written: a save may merge in others' answers
        return live.case_changed(self.case)

    def versions(self, exc: ConflictError) -> tuple[str, str]:
        """(mine, theirs) as the TOML each would write."""
        return self.store.case_text(exc.mine), _their_text(exc)

    def take_theirs(self, live: LiveRatings) -> Rated:
        self.case = self.store.load_case(self.inspection.id, self.case.case_id)
        return live.case_changed(self.case)

    def keep_mine(self, exc: ConflictError, live: LiveRatings) -> Rated:
        """Write my version over theirs (theirs is what the store saw on disk a moment ago)."""
        mine = exc.mine
        mine.origin = tomlfile.digest(exc.theirs_text)
        self.store.save_case(self.inspection.id, mine)
        self.case = mine
        return live.case_changed(self.case)


class InspectionSheet(FileConflicts):
    """The inspection's own questionnaire (domain one, the policy-and-provision standards).

    A question with `rates_standard` records that standard's rating in the file's [ratings]
    table (the store's `set_inspection_answer` decides), never in [answers].
    """

    kind = "inspection"
    status = ""
    exclusion_reason = ""

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
    def origin(self) -> str:
        return self.inspection.origin

    @property
    def title(self) -> str:
        return f"{self.inspection.id} · {self.questionnaire.title}"

    @property
    def path(self) -> str:
        return str(self.store.inspection_path(self.inspection.id))

    def set_answer(self, qid: str, value: Any, live: LiveRatings) -> Rated:
        try:
            self.store.set_inspection_answer(self.inspection, qid, value)
        finally:
            self._changed(live)
        return live.ratings()

    _cid = None  # the store's name for the inspection's own file

    @property
    def _object(self) -> Inspection:
        return self.inspection

    def _changed(self, live: LiveRatings) -> Rated:
        return live.inspection_changed(self.inspection)

    def set_status(self, status: str, live: LiveRatings, reason: str = "") -> Rated:
        raise ValueError("the inspection's questionnaire has no status; its cases do")

    def missing(self, framework: Framework) -> list[str]:
        return []

    def acknowledge(self, check: str, question: str, note: str | None, live: LiveRatings) -> Rated:
        raise ValueError("the inspection's own questionnaire has no soft checks")

    def versions(self, exc: ConflictError) -> tuple[str, str]:
        return self.store.inspection_text(exc.mine), _their_text(exc)

    def take_theirs(self, live: LiveRatings) -> Rated:
        self.inspection = self.store.load_inspection(self.inspection.id)
        return live.inspection_changed(self.inspection)

    def keep_mine(self, exc: ConflictError, live: LiveRatings) -> Rated:
        mine = exc.mine
        mine.origin = tomlfile.digest(exc.theirs_text)
        self.store.save_inspection(mine)
        self.inspection = mine
        return live.inspection_changed(self.inspection)
