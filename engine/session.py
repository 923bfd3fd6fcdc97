"""The marking session: one sheet being marked (a case, or the inspection's own questionnaire),
what has been typed but not yet written, undo and redo of answers, and the live ratings.

No UI here. The marking screen drives it: `type()` on every keystroke (no disk write), `flush()`
a moment after the last key and whenever the box is left; `answer()`, `clear()`, `undo()`,
`redo()`, `set_status()` and `acknowledge()` write at once. Errors are the store's (`StoreError`
and its subclasses, or `OSError`); a write that fails keeps what was typed for the next try.
After every write `answers` is read again from the sheet: a save may come back with the file
changed by others too, so nothing here assumes that only our change went in.
"""

from __future__ import annotations

import os
from pathlib import Path
from dataclasses import dataclass, field
from typing import Any

from casemark.engine import tomlfile
from casemark.engine.live import LiveRatings, Pending
from casemark.engine.sheets import CaseSheet, InspectionSheet
from casemark.engine.conflicts import Record
from casemark.engine.merge import Conflict
from casemark.engine.errors import StoreError
from casemark.engine.store_errors import AnswerConflict, ConflictError

Sheet = CaseSheet | InspectionSheet


class Overtaken(StoreError):
    """Undo or redo refused: another inspector has changed that answer since."""


class ReadOnly(StoreError):
    """The sheet is held by someone else: nothing of ours is written."""


@dataclass
class Change:
    """One undoable step: question `qid` went from `before` to `after` (None: unanswered).
    `typed` steps are text typed in one box, written in several flushes: they grow until sealed."""

    qid: str
    before: Any
    after: Any
    typed: bool = False
    sealed: bool = False


@dataclass
class Polled:
    """What `poll()` found: the file changed on disk (by someone else), and the answers that
    differ from ours; `reloaded` if the session now holds the version on disk."""

    changed: list[str] = field(default_factory=list)
    reloaded: bool = False
    gone: bool = False


class Session:
    """Marks `sheet`, keeping `live` (the inspection's ratings) current; read-only when `holder`
    (who holds the case's lock) is given."""

    def __init__(self, sheet: Sheet, live: LiveRatings, *, holder: str = ""):
        self.sheet = sheet
        self.live = live
        self.holder = holder
        self.pending: dict[str, Any] = {}
        self.undo_stack: list[Change] = []
        self.redo_stack: list[Change] = []
        self.failure: Exception | None = None  # the last write that failed, reported once
        self.conflict: ConflictError | None = None  # waiting for the user to choose a version
        self.held: set[str] = set()  # answers changed both ways, open for the user: typing there stays pending
        self.exclusion_reason = sheet.exclusion_reason  # kept for a re-exclusion
        self._seen = self._stamp()

    # -- what is marked -------------------------------------------------------------------

    @property
    def read_only(self) -> bool:
        return bool(self.holder)

    @property
    def id(self) -> str:
        return self.sheet.id

    @property
    def answers(self) -> dict[str, Any]:
        """The answers as saved (a copy)."""
        return dict(self.sheet.answers)

    def view(self) -> dict[str, Any]:
        """The answers as the inspector sees them: saved, with what is typed but not yet written."""
        answers = self.answers
        for qid, value in self.pending.items():
            if value is None:
                answers.pop(qid, None)
            else:
                answers[qid] = value
        return answers

    @property
    def status(self) -> str:
        return self.sheet.status

    def ratings(self) -> Any:
        return self.live.ratings()

    def missing(self) -> list[str]:
        """What stops the case being complete, one line each (empty: it can be completed)."""
        return self.sheet.missing(self.live.framework)

    # -- typing ---------------------------------------------------------------------------

    def type(self, qid: str, value: Any) -> None:
        """Text typed into `qid`'s box: kept as pending, written by the next `flush()`."""
        if self.read_only:
            return
        if value == self.sheet.answers.get(qid) and qid not in self.pending:
            return
        self.pending[qid] = value

    def flush(self) -> Exception | None:
        """Write what is pending. Returns the error the first time a failure is met (the same
        failure again returns None: it is reported once); what failed stays pending. While a
        whole-file conflict waits for the user's choice nothing is written. An answer changed both
        here and by someone else (`AnswerConflict`) is no failure: the file keeps theirs, mine is
        in the conflict record for the user to choose, and the rest is written."""
        if self.conflict is not None or self.read_only:
            return None
        both_ways: AnswerConflict | None = None
        for qid, value in list(self.pending.items()):
            if qid in self.held:
                continue  # changed both ways and not yet decided: what is typed there waits for the choice
            before = self.sheet.answers.get(qid)
            if value == before:
                del self.pending[qid]
                continue
            try:
                self._write(qid, value)
            except AnswerConflict as exc:
                both_ways = exc
                self.held |= {c.question for c in exc.conflicts if c.key == "answers"}
                continue  # the file keeps theirs, the record mine; what is typed meanwhile stays pending
            except ConflictError as exc:
                self.conflict = exc
                return self._failed(exc)
            except (StoreError, OSError) as exc:
                return self._failed(exc)
            if self.pending.get(qid) == value:
                del self.pending[qid]
            self._push(Change(qid, before, value, typed=True))
        self.failure = None
        return both_ways

    def seal(self) -> None:
        """The box is left: the next typing there is a new undo step."""
        if self.undo_stack:
            self.undo_stack[-1].sealed = True

    # -- answers written at once ------------------------------------------------------------

    def answer(self, qid: str, value: Any) -> Any:
        """Give (None: clear) one answer and write it, after what is pending; returns the ratings."""
        self._writable()
        error = self.flush()
        if isinstance(error, ConflictError) and not isinstance(error, AnswerConflict):
            raise error
        self.pending.pop(qid, None)
        before = self.sheet.answers.get(qid)
        if value == before:
            return self.ratings()
        self._write(qid, value)
        self._push(Change(qid, before, value))
        return self.ratings()

    def clear(self, qid: str) -> Any:
        return self.answer(qid, None)

    def undo(self) -> Change | None:
        """Take back the last answer (written at once); the step undone, or None if none."""
        return self._replay(self.undo_stack, self.redo_stack, lambda c: c.before)

    def redo(self) -> Change | None:
        return self._replay(self.redo_stack, self.undo_stack, lambda c: c.after)

    def _replay(self, take: list[Change], give: list[Change], value: Any) -> Change | None:
        self._writable()
        error = self.flush()
        if error is not None:
            raise error
        if self.failure is not None:  # something typed still cannot be written
            raise self.failure
        if not take:
            return None
        change = take[-1]
        now_there = self.sheet.answers.get(change.qid)
        expected = change.after if take is self.undo_stack else change.before
        if now_there != expected:  # changed since by someone else: undoing would write over theirs
            raise Overtaken(self.sheet.path, change.qid, f"{change.qid} has been changed by someone else since (it is now {now_there!r}): nothing undone (answer it again if you want yours)")
        self._write(change.qid, value(change))
        take.pop()
        change.sealed = True
        give.append(change)
        return change

    def set_status(self, status: str, reason: str = "") -> Any:
        """In progress, complete (IncompleteError until it can be) or excluded; re-excluding
        without a reason keeps the reason given last time."""
        self._writable()
        error = self.flush()
        if error is not None:
            raise error
        if self.sheet.status == "excluded" and self.sheet.exclusion_reason:
            self.exclusion_reason = self.sheet.exclusion_reason
        if status == "excluded" and not reason.strip():
            reason = self.exclusion_reason
        self.sheet.set_status(status, self.live, reason)
        if status == "excluded":
            self.exclusion_reason = reason
        self._seen = self._stamp()
        return self.ratings()

    def acknowledge(self, check: str, question: str, note: str | None) -> Any:
        """A note on a soft check (None withdraws it), written at once."""
        self._writable()
        error = self.flush()
        if error is not None:
            raise error
        self.sheet.acknowledge(check, question, note, self.live)
        self._seen = self._stamp()
        return self.ratings()

    # -- conflicts and changes on disk --------------------------------------------------------

    def versions(self, exc: ConflictError) -> tuple[str, str]:
        return self.sheet.versions(exc)

    def take_theirs(self) -> Any:
        """Resolve a conflict with the version on disk (what was typed is in the kept copy)."""
        self.sheet.take_theirs(self.live)
        self.conflict = None
        self.pending.clear()
        self._seen = self._stamp()
        return self.ratings()

    def keep_mine(self, exc: ConflictError) -> Any:
        """Resolve a conflict by writing ours over theirs; then what else is pending."""
        self.sheet.keep_mine(exc, self.live)
        self.conflict = None
        for qid, value in list(self.pending.items()):
            if self.sheet.answers.get(qid) == value:
                del self.pending[qid]
        self._seen = self._stamp()
        return self.ratings()

    def resolve(self, record: Record, choice: str) -> Any:
        """Settle an answer changed both ways: 'mine' writes what this inspector has now (typed on
        since, if so), 'theirs' keeps the file's and drops what was typed there, 'later' keeps both:
        theirs in the file, this inspector's latest in the conflict record."""
        qid = record.question if record.key == "answers" else ""
        typed = self.pending.pop(qid, None) if qid else None
        self.held.discard(qid)
        if choice == "later":
            if typed is not None and typed != record.mine:  # the record keeps the latest of mine
                self.sheet.record_conflict(Conflict(record.key, qid, record.base, typed, self.sheet.answers.get(qid), record.theirs_by, record.theirs_updated))
            return self.ratings()
        self.sheet.resolve(record, choice, self.live)
        if choice == "mine" and typed is not None and typed != self.sheet.answers.get(qid):
            self._write(qid, typed)
        self._seen = self._stamp()
        return self.ratings()

    def keep_held(self) -> None:
        """Closing with answers changed both ways still undecided: what was typed there since goes
        into the conflict record (the file keeps theirs), so nothing typed is lost."""
        for record in self.sheet.conflicts() if self.held else []:
            if record.key == "answers" and record.question in self.held and record.question in self.pending:
                self.resolve(record, "later")
        self.held.clear()

    def poll(self, idle: bool = True) -> Polled | None:
        """Has the file changed on disk since we last read or wrote it? None if not. The session
        then holds the version on disk (`reloaded`) when nothing of ours is waiting to be written
        and the marking screen is `idle` (no box being typed in): a read-only session always, a
        writable one only then; otherwise it waits (asked again, it tries again), and meanwhile the
        next write merges the two answer by answer."""
        stamp = self._stamp()
        if stamp == self._seen:
            return None
        if stamp is None:
            self._seen = stamp
            return Polled(gone=True)
        data = tomlfile.read_bytes(Path(self.sheet.path))
        if data is None or tomlfile.digest(data) == self.sheet.origin:
            self._seen = stamp
            return None
        if not self.read_only and (self.pending or not idle or self.conflict is not None):
            return Polled()  # not taken in yet: the stamp is left unseen so the next poll tries again
        self._seen = stamp
        before = self.answers
        try:
            self.sheet.take_theirs(self.live)
        except (StoreError, OSError):
            return Polled()
        after = self.answers
        changed = sorted(q for q in set(before) | set(after) if before.get(q) != after.get(q))
        return Polled(changed=changed, reloaded=True)

    # -- inside --------------------------------------------------------------------------------

    def _writable(self) -> None:
        if self.read_only:
            raise ReadOnly(self.sheet.path, "", f"{self.sheet.id} is open read-only ({self.holder}): nothing of yours is written (open it again once that has changed)")

    def _write(self, qid: str, value: Any) -> None:
        self.sheet.set_answer(qid, value, self.live)
        self._seen = self._stamp()

    def _push(self, change: Change) -> None:
        top = self.undo_stack[-1] if self.undo_stack else None
        if change.typed and top is not None and top.typed and not top.sealed and top.qid == change.qid:
            top.after = change.after  # the same typing, written in another flush
        else:
            self.undo_stack.append(change)
        self.redo_stack.clear()

    def _failed(self, exc: Exception) -> Exception | None:
        again = self.failure is not None and str(self.failure) == str(exc)
        self.failure = exc
        return None if again else exc

    def _stamp(self) -> tuple[int, int] | None:
        try:
            st = os.stat(self.sheet.path)
        except OSError:
            return None
        return st.st_mtime_ns, st.st_size


__all__ = ["Change", "Overtaken", "Pending", "Polled", "ReadOnly", "Session", "Sheet"]
