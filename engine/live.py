"""The inspection's ratings kept current while its cases are marked (`LiveRatings`), and
`Pending`, what they are while the cases are still being read. No UI here."""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING, Any, Callable

from casemark.engine.model import Case, Inspection
from casemark.engine.store import Unreadable
from casemark.framework import Framework

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
            tally = Tally(self.framework, self.inspection, list(self.cases.values()))
            self._ratings = tally.ratings()
            self.tally = tally  # last: `loaded` (read without the lock) means the ratings are there
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
