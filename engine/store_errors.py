"""The kinds of StoreError the store raises: a file that does not parse, a bad id, something not
found or already there, an answer the framework refuses, a case not yet complete, a file changed
since it was read (whole-file or answer by answer), a case someone else is editing, a file that
keeps changing under a save.

Each names the file, the key where there is one, what is wrong and the fix (engine.errors holds
the base, StoreError, and the errors of reading and writing files). Nothing here reads or
writes a file; no UI.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import answers as ans
from . import locks, tomlfile
from .errors import StoreError

if TYPE_CHECKING:
    from . import merge
    from .locks import LockInfo


class ParseError(StoreError):
    """The file cannot be read as an inspection or a case (syntax, schema, framework, a field)."""

    def __init__(self, path: Path | str, key: str, reason: str, line: int = 0, column: int = 0):
        self.line, self.column = line, column
        super().__init__(path, key, reason)


class BadIdError(StoreError, ValueError):
    """An id with characters other than letters, digits, '-' and '_'."""


class NotFoundError(StoreError):
    """No such inspection or case."""


class ExistsError(StoreError):
    """Creating something that is already there."""


class AnswerError(StoreError):
    """An answer the framework does not allow (wrong type or option, or an unknown question)."""


class IncompleteError(StoreError):
    """'complete' refused: `missing` lists the questions (and answers) to fix first."""

    def __init__(self, path: Path | str, missing: list[str]):
        self.missing = missing
        shown = "; ".join(missing[:8]) + (f"; and {len(missing) - 8} more" if len(missing) > 8 else "")
        super().__init__(path, "status", f"cannot be complete yet: {shown} (answer these first)")


class ConflictError(StoreError):
    """The file changed on disk since it was read. Nothing was written: `mine` is the version that
    was to be saved, `theirs` the one on disk (None if it does not parse or is gone), and
    `kept` a copy of mine written beside the file so nothing is lost."""

    def __init__(self, path: Path, mine: Any, theirs: Any, kept: Path | None, theirs_text: bytes | None):
        self.mine, self.theirs, self.kept, self.theirs_text = mine, theirs, kept, theirs_text
        super().__init__(
            path,
            "",
            f"changed on disk since it was read, so it was not overwritten: on disk, {_describe(theirs, theirs_text)}; "
            f"yours, {_describe(mine, b'')}"
            + (f", kept in {kept}" if kept else "")
            + " (reload the file and apply your changes again, or merge the two by hand)",
        )


def _describe(version: Any, data: bytes | None) -> str:
    if data is None:
        return "the file has been deleted"
    if version is None:
        return "a version that does not parse"
    when = f"updated {tomlfile.value(version.updated)}" if getattr(version, "updated", None) else "not yet saved"
    who = f" by {version.inspector}" if getattr(version, "inspector", "") else ""
    status = f", {version.status}" if hasattr(version, "status") else ""
    return f"{when}{who}{status}, {len(version.answers)} answers"


class AnswerConflict(ConflictError):
    """The save was merged with the version on disk and written, but some answers were changed both
    ways: for those the file keeps theirs and mine is kept in the conflict record `record`.

    `conflicts` lists them (engine.merge.Conflict); `merged` is the object as now written (the
    caller's object has been updated to it); `taken` what came from theirs; `notes` adjustments
    (e.g. a status that could no longer be complete). For callers of ConflictError: `theirs` is
    `merged`, `theirs_text` its bytes, `kept` the record, and `mine` the merge with MY value for
    each conflict (its origin is the file on disk, so saving it writes mine over theirs)."""

    def __init__(self, path: Path, conflicts: list[merge.Conflict], record: Path, merged: Any, mine: Any, result: merge.MergeResult, data: bytes):
        self.conflicts, self.record, self.merged = conflicts, record, merged
        self.taken, self.notes, self.theirs_by = result.taken, result.notes, result.theirs_by
        self.mine, self.theirs, self.kept, self.theirs_text = mine, merged, record, data
        who = result.theirs_by or "another writer"
        shown = ", ".join(c.label for c in conflicts[:6]) + (f" and {len(conflicts) - 6} more" if len(conflicts) > 6 else "")
        first = conflicts[0]
        key = ans.answer_key(first.question, first.key) if first.question else first.key
        StoreError.__init__(
            self,
            path,
            key,
            f"changed both by you and by {who} since you read it: {shown}; the file keeps theirs, yours is kept in {record} "
            "(choose one in casemark, or edit the file and delete the record's entry)",
        )


class LockedError(StoreError):
    """Someone else is editing this case: `holder` says who (user, host, pid, since)."""

    def __init__(self, path: Path, holder: LockInfo):
        self.holder = holder
        if holder.readable:
            fix = (
                f"wait for them to close it; if that session has gone, delete {holder.path}"
                if holder.host != locks.this_host()
                else "wait for them to close it"
            )
            super().__init__(path, "", f"being edited by {holder.describe()} ({fix})")
        else:
            super().__init__(path, "", f"locked by {holder.path}, which cannot be read (delete it if no one is editing this case)")


class StillChanging(StoreError):
    """Another writer kept changing the file while a save was merged with it: nothing was written;
    the caller tries again (the marking session keeps what was typed and retries by itself)."""
