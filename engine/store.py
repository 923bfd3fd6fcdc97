"""The store: inspections and their cases as TOML files in a data folder. It never loses an answer.

```
<root>/<inspection-id>/inspection.toml       the inspection and its judged standards
<root>/<inspection-id>/cases/<case-id>.toml  one file per case
```

Every write is atomic and conflict-checked (see `engine.tomlfile.write_atomic`); a save that finds
the file changed since it was read merges the two at the level of answers (`engine.merge`, against
the version it read, kept in the object's `base`): what only the other writer changed is taken,
and an answer both changed to different values keeps theirs in the file and mine in a conflict
record (`engine.conflicts`) and raises AnswerConflict. A file that does not parse is reported with
its line and column and never overwritten; answers to questions the framework does not know are
kept. The format is documented in docs/file-format.md.

`Store` is here: reading, creating, saving, answering, locking. Its other rooms are mixins, each a
module: the paths and ids (engine.store_paths), the frameworks (engine.store_frameworks), the two
files as text and back (engine.store_format), saving over a changed file and its conflicts
(engine.store_merge); its errors are in engine.store_errors, checking a folder in
engine.store_check. Every public name of those is importable from here too.
"""

from __future__ import annotations

import dataclasses
import os
from pathlib import Path
from typing import Any

from . import answers as ans
from . import locks, merge, tomlfile
from .prefill import prefill_answers
from .errors import DiskFullError, NotSavedError, NotWritableError, StoreError, UnreadableError, read_error, write_error  # noqa: F401 (re-exported)
from .locks import CaseLock
from .model import CASE_STATUSES, Case, Inspection
from .store_errors import (  # noqa: F401 (re-exported)
    AnswerConflict,
    AnswerError,
    BadIdError,
    ConflictError,
    ExistsError,
    IncompleteError,
    LockedError,
    NotFoundError,
    ParseError,
    StillChanging,
)
from .store_format import CASE_KEYS, INSPECTION_KEYS, FileFormat, now  # noqa: F401 (re-exported)
from .store_frameworks import FrameworkLookup
from .store_merge import MergingWrites, copy_into as _copy_into, saved_into as _saved_into
from .store_paths import (  # noqa: F401 (re-exported)
    CASES_DIR,
    IMPLICIT,
    INSPECTION_FILE,
    MAX_ID_LENGTH,
    RESERVED_IDS,
    StorePaths,
    data_dir_choice,
    default_data_dir,
    default_framework_dir,
    id_problem,
    valid_id,
)


@dataclasses.dataclass(frozen=True)
class Unreadable:
    """A case file that could not be loaded, and why."""

    path: Path
    message: str


# -- the store -------------------------------------------------------------------------------


class Store(StorePaths, FrameworkLookup, FileFormat, MergingWrites):
    """Inspections and cases in a data folder; see the module docstring."""

    def __init__(self, root: str | Path | None = None, framework_root: str | Path | None = None, keep_conflicts: bool = True, user: str | None = None):
        self.root = default_data_dir(root)
        self.framework_root = Path(framework_root) if framework_root else default_framework_dir()
        self.keep_conflicts = keep_conflicts  # a save over a file that is gone or does not parse keeps a copy of mine
        self.user = user or locks.this_user()  # who is named as `mine_by` in conflict records
        self.last_merge: merge.MergeResult | None = None  # the merge of the last save, None if it needed none
        # the last versions of each file this store read or wrote, by digest: the base of a merge
        # for an object whose `base` was not carried along with its `origin` (a caller's copy)
        self._versions: dict[Path, dict[str, bytes]] = {}
        self._locks: dict[Path, CaseLock] = {}
        self._framework_dirs: dict[str, Path] = {}  # framework id -> its folder, looked up once per store

    # -- inspections ---------------------------------------------------------------------

    def load_inspection(self, iid: str) -> Inspection:
        path = self.inspection_path(iid)
        data = tomlfile.read_bytes(path)
        if data is None:
            raise NotFoundError(path, "", f"no inspection '{iid}' here (create it with: casemark new inspection {iid} --service NAME)")
        return self._parse_inspection(iid, path, data)

    def save_inspection(self, inspection: Inspection) -> merge.MergeResult | None:
        """Write the inspection atomically. If inspection.toml changed since it was read, the two are
        merged answer by answer and `inspection` becomes the merged version: the merge is returned
        (None if none was needed), AnswerConflict raised if some answers were changed both ways."""
        path = self.inspection_path(inspection.id)
        return self._write(path, inspection, self.inspection_text, lambda d: self._parse_inspection(inspection.id, path, d))

    def create_inspection(self, iid: str, service: str, framework: str = "youth-2021", **fields: Any) -> Inspection:
        path = self.inspection_path(iid)
        fw = self.framework(framework, path)
        inspection = Inspection(id=iid, framework=fw.id, service=service, **fields)
        if path.exists():
            raise ExistsError(path, "", f"inspection '{iid}' already exists (choose another id)")
        self._clash(self.root, iid, "inspection", path)
        made = [d for d in (self.inspection_dir(iid), self.cases_dir(iid)) if not os.path.lexists(d)]
        data = self.inspection_text(inspection).encode()
        try:
            try:
                self.cases_dir(iid).mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise write_error(path, exc) from None
            tomlfile.create_exclusive(path, data)
        except FileExistsError:
            raise ExistsError(path, "", f"inspection '{iid}' already exists (choose another id)") from None
        except NotSavedError:
            for folder in reversed(made):  # leave the data folder as it was
                try:
                    folder.rmdir()
                except OSError:
                    pass
            raise
        tomlfile.fsync_dir(self.root)
        inspection.origin, inspection.base = tomlfile.digest(data), data
        self._seen(path, data)
        return inspection

    def set_rating(self, inspection: Inspection, standard: str, rating: str | None) -> Inspection:
        """Record (None: remove) a judged standard's rating and write at once."""
        fw = self.framework(inspection.framework, self.inspection_path(inspection.id))
        if standard not in fw.rules.judged:
            raise AnswerError(self.inspection_path(inspection.id), f"ratings.{tomlfile.key(standard)}", f"'{standard}' is not a judged standard (use one of {', '.join(fw.rules.judged)})")
        if rating is not None and rating not in ans.STANDARD_RATINGS:
            raise AnswerError(self.inspection_path(inspection.id), f"ratings.{tomlfile.key(standard)}", f"'{rating}' is not a rating (use one of {', '.join(ans.STANDARD_RATINGS)})")
        return self._save_inspection_with(inspection, "ratings", standard, rating)

    def set_inspection_answer(self, inspection: Inspection, qid: str, value: Any) -> Inspection:
        """Answer a question of the inspection questionnaire (a rating goes to [ratings]); None removes."""
        path = self.inspection_path(inspection.id)
        fw = self.framework(inspection.framework, path)
        qn = fw.inspection_questionnaire()
        question = qn.question(qid) if qn else None
        if question is None:
            raise AnswerError(path, ans.answer_key(qid), f"'{qid}' is not a question of the inspection questionnaire")
        if question.rates_standard:
            return self.set_rating(inspection, question.rates_standard, value)
        if value is not None:
            why = ans.check_value(question, value)
            if why:
                raise AnswerError(path, ans.answer_key(qid), why)
        return self._save_inspection_with(inspection, "answers", qid, value)

    def _save_inspection_with(self, inspection: Inspection, table: str, key: str, value: Any) -> Inspection:
        """Save `inspection` with `table[key]` set to `value` (None removes it); `inspection` is
        updated in place only once the file is written."""
        changed = dataclasses.replace(inspection, **{table: dict(getattr(inspection, table))})
        if value is None:
            getattr(changed, table).pop(key, None)
        else:
            getattr(changed, table)[key] = value
        return _saved_into(inspection, changed, self.save_inspection)

    # -- cases ---------------------------------------------------------------------------

    def load_case(self, iid: str, cid: str) -> Case:
        path = self.case_path(iid, cid)
        data = tomlfile.read_bytes(path)
        if data is None:
            raise NotFoundError(path, "", f"no case '{cid}' in inspection '{iid}' (create it with: casemark new case {iid} {cid} --questionnaire court)")
        return self._parse_case(iid, cid, path, data)

    def load_cases(self, iid: str) -> tuple[list[Case], list[Unreadable]]:
        """Every case of the inspection that loads, and the files that do not (with why)."""
        cases, bad = [], []
        expected = self._inspection_framework(iid)  # read once for all the cases, not once per case
        try:
            files = self._case_files(iid)
        except StoreError as exc:
            return [], [Unreadable(exc.path, str(exc))]
        for file in files:
            cid = file.stem
            if not valid_id(cid):
                bad.append(Unreadable(file, f"{file}: {id_problem(cid, 'case id')} (rename the file)"))
                continue
            path = self.case_path(iid, cid)
            try:
                data = tomlfile.read_bytes(path)
                if data is None:  # removed since the folder was listed
                    continue
                cases.append(self._parse_case(iid, cid, path, data, expected))
            except StoreError as exc:
                bad.append(Unreadable(self.case_path(iid, cid), str(exc)))
        return cases, bad

    def create_case(self, iid: str, cid: str, questionnaire: str, inspector: str = "", answers: dict[str, Any] | None = None, extra: dict[str, Any] | None = None) -> Case:
        """Create case `cid` in one exclusive write: pre-filled from the inspection, or with the
        `answers` and `extra` fields given (a blind second marking), so a failed write leaves no file."""
        path = self.case_path(iid, cid)
        inspection = self.load_inspection(iid)
        fw = self.framework(inspection.framework, self.inspection_path(iid))
        qn = self.questionnaire(fw, questionnaire, path)
        stamp = now()
        case = Case(case_id=cid, questionnaire=questionnaire, framework=fw.id, inspector=inspector, created=stamp, updated=stamp)
        if answers is None:
            case.answers.update(prefill_answers(qn, inspection, case, self.load_cases(iid)[0]))
        else:
            case.answers.update(answers)
        case.extra.update(extra or {})
        self._clash(self.cases_dir(iid), path.name, "case file", path)
        try:
            self.cases_dir(iid).mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise write_error(path, exc) from None
        data = self.case_text(case).encode()
        try:
            tomlfile.create_exclusive(path, data)
        except FileExistsError:
            raise ExistsError(path, "", f"case '{cid}' already exists in inspection '{iid}' (choose another id)") from None
        case.origin, case.base = tomlfile.digest(data), data
        self._seen(path, data)
        return case

    def save_case(self, iid: str, case: Case) -> merge.MergeResult | None:
        """Write the case atomically. Nothing is written if nothing changed; otherwise `updated` is set
        to now. If the file changed on disk since the case was read, the two are merged answer by
        answer and `case` becomes the merged version: the merge is returned (None if none was
        needed), AnswerConflict raised if some answers were changed both ways (the file keeps theirs,
        the record mine). LockedError if another live process holds the case's lock."""
        path = self.case_path(iid, case.case_id)
        holder = locks.blocking(self.lock_path(iid, case.case_id))
        if holder:
            raise LockedError(path, holder)
        data = self.case_text(case).encode()
        if case.origin and tomlfile.digest(data) == case.origin:
            self.last_merge = None
            return None  # nothing changed: leave the file and its timestamp alone
        stamped = dataclasses.replace(case, updated=now(), answers=dict(case.answers))
        fw = self.framework(case.framework, path)
        qn = fw.questionnaires.get(case.questionnaire)
        required = (lambda answers: ans.missing_required(qn, answers)) if qn else None
        try:
            result = self._write(path, stamped, self.case_text, lambda d: self._parse_case(iid, case.case_id, path, d), required)
        except AnswerConflict:
            _copy_into(case, stamped)  # written, merged: the caller sees what is on disk
            raise
        _copy_into(case, stamped)
        return result

    def set_answer(self, iid: str, case: Case, qid: str, value: Any) -> Case:
        """Set one answer (None removes it) and write at once. The value must fit the question; an
        answer that becomes hidden by this change is kept. Returns `case`, updated in place."""
        path = self.case_path(iid, case.case_id)
        fw = self.framework(case.framework, path)
        qn = self.questionnaire(fw, case.questionnaire, path)
        question = qn.question(qid)
        if question is None:
            raise AnswerError(path, ans.answer_key(qid), f"'{qid}' is not a question of the '{qn.id}' questionnaire")
        if value is not None:
            why = ans.check_value(question, value)
            if why:
                raise AnswerError(path, ans.answer_key(qid), why)
        if case.answers.get(qid) == value and (value is not None or qid not in case.answers):
            return case
        changed = dataclasses.replace(case, answers=dict(case.answers))
        if value is None:
            changed.answers.pop(qid, None)
        else:
            changed.answers[qid] = value
        if changed.status == "complete" and ans.missing_required(qn, changed.answers):
            changed.status = "in-progress"  # a complete case that loses a required answer is no longer complete
        return _saved_into(case, changed, lambda c: self.save_case(iid, c))

    def set_status(self, iid: str, case: Case, status: str, reason: str = "") -> Case:
        """Mark in-progress, complete (refused with IncompleteError until nothing is missing) or
        excluded (with a reason). Writes at once; returns `case`, updated in place."""
        path = self.case_path(iid, case.case_id)
        if status not in CASE_STATUSES:
            raise StoreError(path, "status", f"'{status}' is not a status (use one of {', '.join(CASE_STATUSES)})")
        if status == "complete":
            fw = self.framework(case.framework, path)
            missing = ans.can_complete(fw, case)
            if missing:
                raise IncompleteError(path, missing)
        # the reason stays when the case is brought back, for a re-exclusion (docs/file-format.md)
        kept = (reason or case.exclusion_reason) if status == "excluded" else case.exclusion_reason
        changed = dataclasses.replace(case, status=status, exclusion_reason=kept)
        return _saved_into(case, changed, lambda c: self.save_case(iid, c))

    def lock_case(self, iid: str, cid: str, user: str | None = None) -> CaseLock:
        """Lock a case for editing (also a context manager). Raises LockedError if a live process
        holds it (this one included: a case is not opened twice); a stale lock is taken over and
        the returned lock's `message` says so."""
        path = self.case_path(iid, cid)
        if not path.exists():
            raise NotFoundError(path, "", f"no case '{cid}' in inspection '{iid}'")
        try:
            lock = locks.acquire(self.lock_path(iid, cid), user)
        except locks.Held as exc:
            raise LockedError(path, exc.holder) from None
        self._locks[lock.path] = lock
        return lock

    # -- checking ------------------------------------------------------------------------

    def check(self, iid: str, files: list[Path] | None = None, inspection_file: bool = True) -> tuple[list[str], int]:
        """Every problem in an inspection's files, one line `file:key: what is wrong` each (lines
        starting `warning: ` do not make the files invalid), and the number of case files checked:
        all files in cases/, or only `files`. Reads only. See engine.store_check."""
        from .store_check import check

        return check(self, iid, files, inspection_file)
