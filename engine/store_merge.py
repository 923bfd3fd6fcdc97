"""How a Store saves over a file that changed since it was read, and settles conflicts: the
merge-on-save (engine.merge against the version read), the conflict records (engine.conflicts),
their listing and resolving, and git's merge driver on three files. A mixin of engine.store.Store,
kept apart so that each module stays small; it uses the Store's loading and parsing
(engine.store_format), and raises the store's errors (engine.store_errors).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
import random
import time
from pathlib import Path
from typing import Any

from . import answers as ans
from . import conflicts as records
from . import merge, tomlfile
from .errors import StoreError
from .store_errors import AnswerConflict, ConflictError, IncompleteError, NotFoundError, ParseError, StillChanging
from .store_format import now, parse_toml
from .store_paths import INSPECTION_FILE, valid_id

KEEP_VERSIONS = 4  # versions of each file kept by a store as possible bases of a merge
MERGE_ATTEMPTS = 50  # merges of one save with a file that keeps changing under it, before giving up


class MergingWrites:
    """Store methods: `_write` (merge-on-save), `conflicts`, `resolve_conflict`, `merge_files`."""

    # -- conflicts -----------------------------------------------------------------------

    def file_path(self, iid: str, cid: str | None = None) -> Path:
        """The case file `cid`, or inspection.toml when `cid` is None."""
        return self.inspection_path(iid) if cid is None else self.case_path(iid, cid)

    def conflict_record(self, iid: str, cid: str | None = None) -> Path:
        """Where the conflict record of the case (or, for None, of inspection.toml) is kept."""
        return records.record_path(self.file_path(iid, cid))

    def conflicts(self, iid: str, cid: str | None = None) -> list[records.Record]:
        """The open conflicts of a case (or of inspection.toml for None), oldest first: each keeps
        mine while the file holds theirs. An entry whose value the file already holds is settled
        and not listed. ParseError if the record (or the file) does not parse."""
        entries = self._records(iid, cid)
        if not entries:
            return []
        current = self.load_inspection(iid) if cid is None else self.load_case(iid, cid)
        return [r for r in entries if merge.get_value(current, r.key, r.question) != r.mine]

    def resolve_conflict(self, iid: str, cid: str | None, qid: str, choice: str, key: str = "answers", conflict_id: str | None = None, into: Any = None) -> Any:
        """Settle the conflict on `qid` (the entry of table `key`; "" for a plain field such as
        status): "theirs" keeps the file as it is, "mine" writes my value (a save, merged as any);
        either way the entry leaves the record (the record file goes when empty). `conflict_id`
        picks one of several entries on that question (default: the latest). `into` is the caller's
        Case/Inspection, updated in place; else the file is loaded. Returns the object as written."""
        if choice not in ("mine", "theirs"):
            raise ValueError(f"choice must be 'mine' or 'theirs', not {choice!r}")
        path = self.file_path(iid, cid)
        label = f"{key}.{qid}" if qid else key
        entries = [r for r in self._records(iid, cid) if r.key == key and r.question == qid and conflict_id in (None, r.id)]
        if not entries:
            raise NotFoundError(records.record_path(path), label, "no open conflict here (casemark validate lists the conflict records)")
        entry = entries[-1]
        obj = into if into is not None else (self.load_inspection(iid) if cid is None else self.load_case(iid, cid))
        if choice == "mine":
            changed = dataclasses.replace(obj)
            merge.set_value(changed, key, qid, entry.mine)
            if cid is not None:
                self._case_rules(path, changed, key)
            save = self.save_inspection if cid is None else (lambda c: self.save_case(iid, c))
            try:
                saved_into(obj, changed, save)
            except AnswerConflict:
                records.remove(path, {entry.id})  # changed both ways again: the new entry keeps mine
                raise
        records.remove(path, {entry.id})
        return obj

    def _case_rules(self, path: Path, case: Any, key: str) -> None:
        """As set_status and set_answer: 'complete' only when nothing is missing (else
        IncompleteError), and a complete case that loses a required answer is in-progress."""
        fw = self.framework(case.framework, path)
        if key == "status" and case.status == "complete":
            missing = ans.can_complete(fw, case)
            if missing:
                raise IncompleteError(path, missing)
        if key == "status" and case.status != "excluded":  # a status chosen in a conflict: no reason left over
            case.exclusion_reason = ""
        qn = fw.questionnaires.get(case.questionnaire)
        if key != "status" and case.status == "complete" and qn and ans.missing_required(qn, case.answers):
            case.status = "in-progress"

    def _records(self, iid: str, cid: str | None) -> list[records.Record]:
        path = self.file_path(iid, cid)
        try:
            return records.read(path)
        except records.BadRecord as exc:
            raise ParseError(records.record_path(path), "", str(exc).split(": ", 1)[1]) from None

    def merge_files(self, base: Path, ours: Path, theirs: Path, label: str = "") -> bool:
        """Merge three versions of one case or inspection file (a git merge driver's %O %A %B):
        the result goes into `ours`; conflicts keep theirs in it and ours in the record beside
        `label` (or `ours`). True if conflicts remain. ParseError if ours or theirs does not parse
        (then nothing is written)."""
        where = Path(label) if label else Path(ours)
        read = lambda p: tomlfile.read_bytes(p)  # noqa: E731
        mine_data, theirs_data, base_data = read(ours), read(theirs), read(base)
        if mine_data is None or theirs_data is None:
            raise NotFoundError(where, "", "a version to merge is missing (run as git's merge driver: casemark merge-driver %O %A %B %P)")
        raw = parse_toml(where, theirs_data)
        if "questionnaire" in raw:
            cid = raw.get("case_id") if isinstance(raw.get("case_id"), str) else where.stem
            parse = lambda d: self._parse_case(where.parent.parent.name or "inspection", cid, where, d, "")  # noqa: E731
            text = self.case_text
            fw = self.framework(raw.get("framework"), where)
            qn = fw.questionnaires.get(raw.get("questionnaire"))
            required = (lambda answers: ans.missing_required(qn, answers)) if qn else None
        else:
            iid = where.parent.name if valid_id(where.parent.name) else "inspection"
            parse = lambda d: self._parse_inspection(iid, where, d)  # noqa: E731
            text, required = self.inspection_text, None
        mine, theirs_obj = parse(mine_data), parse(theirs_data)
        try:
            base_obj = parse(base_data) if base_data else None
        except StoreError:
            base_obj = None  # no usable ancestor: every difference is a conflict
        result = merge.merge(base_obj, mine, theirs_obj, required)
        if result.conflicts:
            records.add(where, result.conflicts, self.user, now())
        tomlfile.write_atomic(Path(ours), text(result.merged).encode())
        self.last_merge = result
        return bool(result.conflicts)

    def _leftovers(self, path: Path, current: Any, what: str) -> list[str]:
        """The conflict record of `path` and temp files of interrupted writes of it, for check()."""
        lines = records.leftover_lines(path, current, what) if records.record_path(path).exists() else []
        if path.name == INSPECTION_FILE and path.parent.is_dir():
            lines += ["warning: " + records.temp_line(p) for p in sorted(path.parent.glob(f".{INSPECTION_FILE}.*.tmp"))]
        return lines

    # -- writing -------------------------------------------------------------------------

    def _write(self, path: Path, obj: Any, text: Any, parse: Any, required: Any = None) -> merge.MergeResult | None:
        """Write `obj` (as `text(obj)`) over the version it was read from; if the file changed since,
        merge (see save_case). `obj` is updated in place to what was written."""
        self.last_merge = None
        data = text(obj).encode()
        expect = obj.origin or tomlfile.ABSENT
        base: Any = ...  # parsed only if a merge is needed (most saves need none)
        for attempt in range(MERGE_ATTEMPTS):
            if attempt > 1:  # another writer keeps winning the race: let it finish (jittered, growing)
                time.sleep(random.uniform(0, 0.002 * attempt))
            try:
                tomlfile.write_atomic(path, data, expect)
            except tomlfile.Changed as exc:
                if base is ...:
                    base = self._base(path, obj, parse)
                result = self._merged(path, obj, data, exc, base, parse, required)
                merged_data = text(result.merged).encode()
                if result.conflicts:  # mine is safe in the record before the file holds theirs
                    records.add(path, result.conflicts, self.user, now())
                try:
                    tomlfile.write_atomic(path, merged_data, exc.actual)
                except tomlfile.Changed:
                    continue  # changed again meanwhile: merge with that version
                except FileNotFoundError:
                    raise NotFoundError(path, "", f"the folder {path.parent} is gone (was the inspection moved or deleted?)") from None
                copy_into(obj, result.merged)
                obj.origin, obj.base = tomlfile.digest(merged_data), merged_data
                self._seen(path, merged_data)
                self.last_merge = result
                if result.conflicts:
                    mine_wins = dataclasses.replace(obj)
                    for c in result.conflicts:
                        merge.set_value(mine_wins, c.key, c.question, c.mine)
                    raise AnswerConflict(path, result.conflicts, records.record_path(path), obj, mine_wins, result, merged_data)
                return result
            except FileNotFoundError:
                raise NotFoundError(path, "", f"the folder {path.parent} is gone (was the inspection moved or deleted?)") from None
            obj.origin, obj.base = tomlfile.digest(data), data
            self._seen(path, data)
            return None
        raise StillChanging(path, "", f"changed on disk {MERGE_ATTEMPTS} times while being merged, so it was not written yet (try again: nothing of yours is lost)")

    def _base(self, path: Path, obj: Any, parse: Any) -> Any:
        """The version `obj` was read from, if known: its `base` bytes if they match its origin,
        else a version of the file this store read or wrote with that digest."""
        data = obj.base if obj.base is not None and tomlfile.digest(obj.base) == obj.origin else None
        if data is None:
            data = self._versions.get(path, {}).get(obj.origin)
        if data is None:
            return None
        try:
            return parse(data)
        except StoreError:
            return None

    def _seen(self, path: Path, data: bytes) -> None:
        versions = self._versions.setdefault(path, {})
        versions[tomlfile.digest(data)] = data
        while len(versions) > KEEP_VERSIONS:
            del versions[next(iter(versions))]

    def _merged(self, path: Path, obj: Any, data: bytes, exc: tomlfile.Changed, base: Any, parse: Any, required: Any) -> merge.MergeResult:
        """Merge mine with theirs (the file as it is now); a whole-file ConflictError if theirs is gone
        or does not parse (then it is not touched)."""
        theirs = None
        if exc.data is not None:
            try:
                theirs = parse(exc.data)
            except StoreError:
                pass
        if theirs is None:
            kept = None
            if self.keep_conflicts:
                kept = path.with_name(f"{path.name}.conflict-{now().strftime('%Y%m%dT%H%M%S')}-{os.getpid()}")
                tomlfile.write_atomic(kept, data)
            raise ConflictError(path, obj, None, kept, exc.data) from None
        when = getattr(theirs, "updated", None)
        if not hasattr(theirs, "updated"):
            try:
                when = dt.datetime.fromtimestamp(os.stat(path).st_mtime, dt.timezone.utc).replace(microsecond=0)
            except OSError:
                when = None
        result = merge.merge(base, obj, theirs, required, theirs_updated=when)
        if hasattr(obj, "updated") and same_content(result.merged, theirs):
            result.merged.updated = theirs.updated  # nothing of mine changed the file: keep its stamp
        return result


def saved_into(target: Any, changed: Any, save: Any) -> Any:
    """Save `changed` (a copy of `target` with one change); `target` then holds what was written,
    merged or not, also when some answers conflicted (AnswerConflict is raised after the copy)."""
    try:
        save(changed)
    except AnswerConflict:
        copy_into(target, changed)
        raise
    copy_into(target, changed)
    return target


def same_content(a: Any, b: Any) -> bool:
    return dataclasses.replace(a, updated=None) == dataclasses.replace(b, updated=None)


def copy_into(target: Any, source: Any) -> None:
    for f in dataclasses.fields(target):
        setattr(target, f.name, getattr(source, f.name))
