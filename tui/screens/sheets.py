"""What a marking screen marks: a case (a case file) or the inspection's own questionnaire.

Both write every answer through the store at once; `LiveRatings` keeps the ratings current.
No Textual here: the screens own these and bind their state down to the widgets.
"""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING, Any, Callable

from casemark.engine import tomlfile
from casemark.engine.answers import inspection_answers
from casemark.engine.model import Case, Inspection
from casemark.engine.store import ConflictError, Store, Unreadable
from casemark.framework import Framework, Questionnaire

if TYPE_CHECKING:  # the rating itself is imported when first needed: after the first paint
    from casemark.engine.ratings import InspectionRatings
    from casemark.engine.tally import Tally


class Pending:
    """The ratings while the inspection's cases are still being read (or could not be): the
    sidebar says so instead of showing figures from part of the inspection."""

    pending = True
    overall = None
    standards: dict[str, Any] = {}

    def __init__(self, error: str = ""):
        self.error = error

    def key_question(self, kid: str) -> None:
        return None


class LiveRatings:
    """The inspection's ratings, kept current as cases change (incremental for case answers).

    Built with the cases, or with `read` (returning the cases and the unreadable files) to be
    called by `load()` later, off the UI thread: until it has run, `ratings()` is a `Pending`, and
    the cases changed meanwhile are kept and win over the versions read (they are on disk
    already, and newer). `load()` may run in a worker thread: the state changes under a lock.
    """

    def __init__(
        self,
        framework: Framework,
        inspection: Inspection,
        cases: list[Case] | None = None,
        *,
        read: Callable[[], tuple[list[Case], list[Unreadable]]] | None = None,
    ):
        if (cases is None) == (read is None):
            raise ValueError("LiveRatings needs either the cases or a way to read them")
        self.framework = framework
        self.inspection = inspection
        self.cases: dict[str, Case] = {}
        self.unreadable: list[Unreadable] = []
        self.tally: Tally | None = None
        self._ratings: InspectionRatings | Pending = Pending()
        self._read = read
        self._lock = threading.Lock()
        self._loading = threading.Event()  # a load() has started
        self._done = threading.Event()  # ... and ended (read and rated, or failed)
        if cases is not None:
            self._fill(cases, [])

    @property
    def loaded(self) -> bool:
        """The ratings count every case of the inspection (not a `Pending`)."""
        return self.tally is not None

    def load(self) -> InspectionRatings:
        """Read the cases and rate them (any thread; at most one at a time). Raises what `read`
        raises, keeping the error for the sidebar; a later call tries again."""
        if self.loaded:
            return self._ratings
        assert self._read is not None
        self._loading.set()
        self._done.clear()
        try:
            cases, unreadable = self._read()
        except Exception as exc:
            with self._lock:
                self._ratings = Pending(f"{exc}")
            raise
        else:
            return self._fill(cases, unreadable)
        finally:
            self._done.set()

    def _fill(self, cases: list[Case], unreadable: list[Unreadable]) -> InspectionRatings:
        from casemark.engine.tally import Tally

        with self._lock:
            merged = {c.case_id: c for c in cases}
            merged.update(self.cases)  # changed while reading: written already, and newer
            self.cases = dict(sorted(merged.items()))
            self.unreadable = list(unreadable)
            self.tally = Tally(self.framework, self.inspection, list(self.cases.values()))
            self._ratings = self.tally.ratings()
            return self._ratings

    def ratings(self) -> InspectionRatings | Pending:
        return self._ratings

    def case_changed(self, case: Case) -> InspectionRatings | Pending:
        with self._lock:
            self.cases[case.case_id] = case
            if self.tally is not None:
                self.tally.update(case)
                self._ratings = self.tally.ratings()
            return self._ratings

    def inspection_changed(self, inspection: Inspection) -> InspectionRatings | Pending:
        with self._lock:
            self.inspection = inspection
            if self.tally is not None:
                self.tally.inspection = inspection
                self._ratings = self.tally.ratings()
            return self._ratings

    def rated(self) -> InspectionRatings:
        """A full re-rating from scratch (the ratings view uses this). Every case counts: a load
        under way is waited for, and one not started (or failed) is done here."""
        if not self.loaded:
            if self._loading.is_set():
                self._done.wait()
            if not self.loaded:
                self.load()
        from casemark.engine.tally import rate

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
