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
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
from pathlib import Path
from typing import Any

from casemark.framework import FRAMEWORKS_DIR, FrameworkError, framework_ids, load_framework
from casemark.framework.loader import loaded, remember
from casemark.framework.model import Framework, Questionnaire

from . import answers as ans
from . import locks, merge, tomlfile
from .prefill import prefill_answers
from .errors import DiskFullError, NotSavedError, NotWritableError, StoreError, UnreadableError, read_error, write_error  # noqa: F401 (re-exported)
from .store_merge import MergingWrites, copy_into as _copy_into, saved_into as _saved_into
from .locks import CaseLock, LockInfo
from .model import CASE_STATUSES, SCHEMA, Case, Inspection, InvalidId, check_id

INSPECTION_FILE = "inspection.toml"
CASES_DIR = "cases"
CASE_KEYS = ("schema", "framework", "questionnaire", "case_id", "status", "exclusion_reason", "inspector", "created", "updated", "answers")
INSPECTION_KEYS = ("schema", "framework", "service", "note", "inspectors", "dates", "ratings", "answers")
MAX_ID_LENGTH = 200  # file names stay well under the 255 bytes of most file systems
# names Windows keeps for devices: a file CON.toml cannot be made or opened there (nor in a clone of the folder)
RESERVED_IDS = {"CON", "PRN", "AUX", "NUL", *(f"COM{i}" for i in range(1, 10)), *(f"LPT{i}" for i in range(1, 10))}


def default_data_dir(path: str | Path | None = None) -> Path:
    """The data folder: `path` if given, else $CASEMARK_DATA, else ./saved if that folder exists, else
    the per-user data folder (platformdirs: ~/.local/share/casemark on Linux). See `data_dir_choice`."""
    return data_dir_choice(path)[0]


IMPLICIT = "the per-user data folder; set $CASEMARK_DATA to choose another"


def data_dir_choice(path: str | Path | None = None) -> tuple[Path, str]:
    """The one place the data folder is decided: (folder, how it was chosen, in words for a user).
    A folder the user did not name (`IMPLICIT`, the per-user one) is said aloud when it is created."""
    if path:
        return Path(path), "given"
    if os.environ.get("CASEMARK_DATA"):
        return Path(os.environ["CASEMARK_DATA"]), "$CASEMARK_DATA"
    if Path("saved").is_dir():
        return Path("saved"), "./saved in this folder"
    from platformdirs import user_data_dir

    return Path(user_data_dir("casemark", appauthor=False)), IMPLICIT


def default_framework_dir() -> Path:
    """Where frameworks are looked up by id first: $CASEMARK_FRAMEWORKS, else casemark's framework/."""
    return Path(os.environ["CASEMARK_FRAMEWORKS"]) if os.environ.get("CASEMARK_FRAMEWORKS") else FRAMEWORKS_DIR


def now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc).replace(microsecond=0)


# -- errors ----------------------------------------------------------------------------------



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


@dataclasses.dataclass(frozen=True)
class Unreadable:
    """A case file that could not be loaded, and why."""

    path: Path
    message: str


# -- the store -------------------------------------------------------------------------------


class Store(MergingWrites):
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

    # -- paths ---------------------------------------------------------------------------

    def inspection_dir(self, iid: str) -> Path:
        return self.root / self._id(iid, "inspection id", self.root)

    def inspection_path(self, iid: str) -> Path:
        return self.inspection_dir(iid) / INSPECTION_FILE

    def cases_dir(self, iid: str) -> Path:
        return self.inspection_dir(iid) / CASES_DIR

    def case_path(self, iid: str, cid: str) -> Path:
        return self.cases_dir(iid) / f"{self._id(cid, 'case id', self.cases_dir(iid))}.toml"

    def lock_path(self, iid: str, cid: str) -> Path:
        return self.case_path(iid, cid).with_name(f"{cid}.toml.lock")

    @staticmethod
    def _id(value: str, what: str, where: Path) -> str:
        why = id_problem(value, what)
        if why:
            raise BadIdError(where, "", why)
        return value

    def _clash(self, folder: Path, name: str, what: str, path: Path) -> None:
        """ExistsError if `folder` holds an entry whose name differs from `name` only in upper/lower
        case: on Windows and macOS (and in a git clone there) the two would be one file."""
        try:
            names = os.listdir(folder)
        except OSError:
            return
        other = next((n for n in names if n != name and n.casefold() == name.casefold()), None)
        if other is not None:
            raise ExistsError(path, "", f"{what} '{other}' is there already and differs only in upper/lower case (on Windows and macOS the two are one file: choose another id)")

    def _entries(self, folder: Path) -> list[Path]:
        """The entries of `folder` ([] if it does not exist); UnreadableError naming it if it is a
        file or cannot be listed."""
        try:
            return sorted(folder.iterdir())
        except FileNotFoundError:
            return []
        except NotADirectoryError:
            raise UnreadableError(folder, "", f"is a file, not a folder (an inspection keeps its cases in a folder {CASES_DIR}/: move the file away)") from None
        except OSError as exc:
            raise read_error(folder, exc) from None

    # -- frameworks ----------------------------------------------------------------------

    def framework(self, fid: str, path: Path | None = None, key: str = "framework") -> Framework:
        """Framework `fid`, found by `framework_dir` and loaded once per process (framework.loader
        keeps it); a ParseError naming `path` and `key` if it is unknown or broken."""
        where = path or self.framework_root
        if not valid_id(fid):
            raise ParseError(where, key, f"{fid!r} is not a framework id (use one of {', '.join(self.framework_ids())})")
        folder = self._framework_dirs.get(fid)
        if folder is None:
            found = self.framework_dir(fid)
            if found is None:
                raise ParseError(where, key, f"unknown framework '{fid}' (installed: {', '.join(self.framework_ids())}; correct the id)")
            folder = self._framework_dirs[fid] = found.resolve()
        try:
            return loaded(folder) or load_framework(folder)
        except FrameworkError as exc:
            raise ParseError(where, key, f"framework '{fid}' does not load: {exc.problems[0]} ({len(exc.problems)} problems; run casemark framework {fid})") from None

    def framework_dir(self, fid: object) -> Path | None:
        """The folder framework `fid` is loaded from: under `framework_root` first, then casemark's
        own frameworks; None if neither has it (or `fid` is not an id). The one framework lookup."""
        if not (isinstance(fid, str) and valid_id(fid)):
            return None
        for root in (self.framework_root, FRAMEWORKS_DIR):
            if (root / fid / "framework.toml").is_file():
                return root / fid
        return None

    def keep_framework(self, framework: Framework) -> None:
        """Use `framework` (loaded elsewhere, e.g. from engine.framework_cache) for its id from now on."""
        folder = self.framework_dir(framework.id)
        if folder is not None:
            remember(framework, folder)

    def framework_ids(self) -> list[str]:
        """The frameworks this store can load: those under `framework_root` and casemark's own."""
        return sorted(set(framework_ids(self.framework_root)) | set(framework_ids(FRAMEWORKS_DIR)))

    def questionnaire(self, fw: Framework, qid: Any, path: Path, key: str = "questionnaire", kind: str = "case") -> Questionnaire:
        qn = fw.questionnaires.get(qid) if isinstance(qid, str) else None
        if qn is None or qn.kind != kind:
            known = ", ".join(q.id for q in fw.questionnaires.values() if q.kind == kind)
            raise ParseError(path, key, f"unknown questionnaire {qid!r} in framework '{fw.id}' (use one of {known})")
        return qn

    # -- inspections ---------------------------------------------------------------------

    def inspection_ids(self) -> list[str]:
        try:
            if not self.root.is_dir():
                return []
            return sorted(p.parent.name for p in self.root.glob(f"*/{INSPECTION_FILE}") if p.parent.name and valid_id(p.parent.name))
        except OSError:  # an unreadable data folder holds no inspection we can open
            return []

    def load_inspection(self, iid: str) -> Inspection:
        path = self.inspection_path(iid)
        data = tomlfile.read_bytes(path)
        if data is None:
            raise NotFoundError(path, "", f"no inspection '{iid}' here (create it with: casemark new inspection {iid} --service NAME)")
        return self._parse_inspection(iid, path, data)

    def _parse_inspection(self, iid: str, path: Path, data: bytes) -> Inspection:
        raw = _parse(path, data)
        self._seen(path, data)
        _schema(path, raw)
        fw = self.framework(raw.get("framework"), path)
        service = _field(path, raw, "service", str, "")
        note = _field(path, raw, "note", str, "")
        inspectors = _field(path, raw, "inspectors", list, [])
        if not all(isinstance(i, str) for i in inspectors):
            raise ParseError(path, "inspectors", "must be a list of names (strings)")
        dates = _field(path, raw, "dates", dict, {})
        ratings = _field(path, raw, "ratings", dict, {})
        answers = _field(path, raw, "answers", dict, {})
        return Inspection(
            id=iid,
            framework=fw.id,
            service=service,
            schema=raw["schema"],
            dates=dates,
            inspectors=inspectors,
            ratings=ratings,
            answers=answers,
            extra={k: v for k, v in raw.items() if k not in INSPECTION_KEYS},
            note=note,
            origin=tomlfile.digest(data),
            base=data,
        )

    def inspection_text(self, inspection: Inspection) -> str:
        fw = self.framework(inspection.framework, self.inspection_path(inspection.id))
        standard_order = {s.id: i for i, s in enumerate(fw.standards())}
        ratings = dict(sorted(inspection.ratings.items(), key=lambda kv: (kv[0] not in standard_order, standard_order.get(kv[0], 0))))
        doc: dict[str, Any] = {"schema": inspection.schema, "framework": inspection.framework, "service": inspection.service}
        if inspection.note:
            doc["note"] = inspection.note
        if inspection.inspectors:
            doc["inspectors"] = list(inspection.inspectors)
        doc |= {k: v for k, v in inspection.extra.items() if not isinstance(v, dict)}
        if inspection.dates:
            doc["dates"] = dict(inspection.dates)
        doc["ratings"] = ratings
        doc["answers"] = ans.ordered(fw.inspection_questionnaire(), inspection.answers)
        doc |= {k: v for k, v in inspection.extra.items() if isinstance(v, dict)}
        return tomlfile.dumps(doc)

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

    def case_ids(self, iid: str) -> list[str]:
        """The ids of the case files in cases/; UnreadableError if that is a file or cannot be listed."""
        return [p.stem for p in self._case_files(iid) if valid_id(p.stem)]

    def _case_files(self, iid: str) -> list[Path]:
        return [p for p in self._entries(self.cases_dir(iid)) if p.suffix == ".toml" and not p.name.startswith(".")]

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

    def _parse_case(self, iid: str, cid: str, path: Path, data: bytes, expected: str | None = None) -> Case:
        raw = _parse(path, data)
        self._seen(path, data)
        _schema(path, raw)
        fw = self.framework(raw.get("framework"), path)
        self.questionnaire(fw, raw.get("questionnaire"), path)
        if expected is None:
            expected = self._inspection_framework(iid)
        if expected and expected != fw.id:
            raise ParseError(path, "framework", f"'{fw.id}' differs from the inspection's framework '{expected}' (a case is marked against its inspection's framework)")
        case_id = _field(path, raw, "case_id", str, cid)
        if case_id != cid:
            raise ParseError(path, "case_id", f"'{case_id}' differs from the file name '{cid}.toml' (make them equal)")
        status = _field(path, raw, "status", str, "in-progress")
        if status not in CASE_STATUSES:
            raise ParseError(path, "status", f"'{status}' is not a status (use one of {', '.join(CASE_STATUSES)})")
        for name in ("created", "updated"):
            if name in raw and not isinstance(raw[name], dt.datetime):
                raise ParseError(path, name, f"must be a date and time such as 2026-11-23T10:04:00Z, not {raw[name]!r}")
        return Case(
            case_id=cid,
            questionnaire=raw["questionnaire"],
            framework=fw.id,
            status=status,
            inspector=_field(path, raw, "inspector", str, ""),
            updated=raw.get("updated"),
            created=raw.get("created"),
            exclusion_reason=_field(path, raw, "exclusion_reason", str, ""),
            answers=_field(path, raw, "answers", dict, {}),
            schema=raw["schema"],
            extra={k: v for k, v in raw.items() if k not in CASE_KEYS},
            origin=tomlfile.digest(data),
            base=data,
        )

    def _inspection_framework(self, iid: str) -> str:
        try:
            data = tomlfile.read_bytes(self.inspection_path(iid))
            fid = tomlfile.loads(data).get("framework") if data is not None else None
        except (tomlfile.TomlSyntaxError, StoreError):
            return ""
        return fid if isinstance(fid, str) else ""

    def case_text(self, case: Case) -> str:
        fw = self.framework(case.framework, Path(f"{case.case_id}.toml"))
        qn = fw.questionnaires.get(case.questionnaire)
        doc: dict[str, Any] = {
            "schema": case.schema,
            "framework": case.framework,
            "questionnaire": case.questionnaire,
            "case_id": case.case_id,
            "status": case.status,
        }
        if case.exclusion_reason:
            doc["exclusion_reason"] = case.exclusion_reason
        doc["inspector"] = case.inspector
        for name in ("created", "updated"):
            if getattr(case, name) is not None:
                doc[name] = getattr(case, name)
        doc |= {k: v for k, v in case.extra.items() if not isinstance(v, dict)}
        doc["answers"] = ans.ordered(qn, case.answers)
        doc |= {k: v for k, v in case.extra.items() if isinstance(v, dict)}
        return tomlfile.dumps(doc)

    def create_case(self, iid: str, cid: str, questionnaire: str, inspector: str = "") -> Case:
        path = self.case_path(iid, cid)
        inspection = self.load_inspection(iid)
        fw = self.framework(inspection.framework, self.inspection_path(iid))
        qn = self.questionnaire(fw, questionnaire, path)
        stamp = now()
        case = Case(case_id=cid, questionnaire=questionnaire, framework=fw.id, inspector=inspector, created=stamp, updated=stamp)
        case.answers.update(prefill_answers(qn, inspection, case, self.load_cases(iid)[0]))
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

# -- helpers ---------------------------------------------------------------------------------


def id_problem(value: Any, what: str = "id") -> str | None:
    """Why `value` cannot be an id (a file or folder name), or None: letters, digits, '-' and '_'
    only, at most MAX_ID_LENGTH characters, not a name Windows reserves for a device."""
    try:
        check_id(value, what)
    except InvalidId as exc:
        return str(exc)
    if len(value) > MAX_ID_LENGTH:
        return f"{what} '{value[:20]}…' is {len(value)} characters long (use at most {MAX_ID_LENGTH})"
    if value.upper() in RESERVED_IDS:
        return f"{what} '{value}' is a name Windows reserves for a device, so the file could not be copied there (choose another id)"
    return None


def valid_id(value: object) -> bool:
    """`value` may be an id (of an inspection, a case, a framework): see `id_problem`."""
    return id_problem(value) is None


def _parse(path: Path, data: bytes) -> dict[str, Any]:
    try:
        return tomlfile.loads(data)
    except tomlfile.TomlSyntaxError as exc:
        where = f"line {exc.line}, column {exc.column}" if exc.line else "end of file"
        raise ParseError(path, "", f"not valid TOML at {where}: {exc.reason} (fix the file in an editor; it was not changed)", exc.line, exc.column) from None


def _schema(path: Path, raw: dict[str, Any]) -> None:
    schema = raw.get("schema")
    if schema is None:
        raise ParseError(path, "schema", f"missing (add schema = {SCHEMA} at the top)")
    if isinstance(schema, bool) or not isinstance(schema, int):
        raise ParseError(path, "schema", f"must be the number {SCHEMA}, not {schema!r}")
    if schema != SCHEMA:
        raise ParseError(path, "schema", f"unknown schema version {schema}: this casemark reads schema {SCHEMA} (use a casemark that reads schema {schema})")


def _field(path: Path, raw: dict[str, Any], name: str, kind: type, default: Any) -> Any:
    if name not in raw:
        return default
    value = raw[name]
    if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
        names = {str: "text (a string)", list: "a list", dict: "a table", int: "a whole number"}
        raise ParseError(path, name, f"must be {names.get(kind, kind.__name__)}, not {type(value).__name__} {value!r}")
    return value
