"""Three-way merge of a case or an inspection at the level of answers, as git merges lines.

The three versions: `base` (the file as this writer read it; None if unknown), `mine` (what this
writer wants to save) and `theirs` (what is on disk now). Every key merges on its own: each answer
(`answers.<question>`), each rating (`ratings.<standard>`), each acknowledgement
(`acknowledged.<check:question>`), each entry of any other table, and each plain field (status,
exclusion_reason, inspector, second_mark_of, a key a newer casemark wrote...). A key changed on one
side only takes that side (a removal is a change); the same change on both sides is fine; only the
same key changed both ways to different values is a conflict. A conflict keeps THEIR value in the
merged result (it was on disk first) and reports mine, so the caller can keep it safely.

With no base (a file written before this writer read anything, or an ancestor git does not have)
every key on which mine and theirs differ is a conflict: nothing is taken from either side blindly.

Pure: no I/O and no UI, except `merge_files`, the entry point of a git merge driver (three paths).
"""

from __future__ import annotations

import copy
import dataclasses
import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

from .model import Case, Inspection

ABSENT: Any = None  # TOML has no null: an absent key is None in base/mine/theirs values
# fields never merged as content: identity and file bookkeeping
_SKIP = {"origin", "base", "updated", "id", "case_id"}


@dataclass(frozen=True)
class Conflict:
    """One key changed both ways: `key` the table or field ("answers", "status"...), `question` the
    entry within the table ("" for a plain field); values are None when absent on that side."""

    key: str
    question: str
    base: Any
    mine: Any
    theirs: Any
    theirs_by: str = ""
    theirs_updated: dt.datetime | None = None

    @property
    def label(self) -> str:
        return f"{self.key}.{self.question}" if self.question else self.key


@dataclass(frozen=True)
class Change:
    """A key whose merged value came from theirs (`value` None: theirs removed it)."""

    key: str
    question: str
    value: Any

    @property
    def label(self) -> str:
        return f"{self.key}.{self.question}" if self.question else self.key


@dataclass
class MergeResult:
    merged: Any  # a Case or an Inspection (a new object; the inputs are not changed)
    conflicts: list[Conflict] = field(default_factory=list)
    taken: list[Change] = field(default_factory=list)  # what came from theirs
    notes: list[str] = field(default_factory=list)  # adjustments made after the merge, said plainly
    theirs_by: str = ""

    def summary(self) -> str:
        """e.g. '2 answers and 1 rating from Ada merged in' ('' if nothing came from theirs)."""
        return describe(self.taken, self.theirs_by)


def describe(taken: list[Change], who: str = "") -> str:
    if not taken:
        return ""
    counts: dict[str, int] = {"answers": 0, "ratings": 0, "acknowledged": 0}
    for c in taken:
        counts[c.key] = counts.get(c.key, 0) + 1
    words = {"answers": ("answer", "answers"), "ratings": ("rating", "ratings"), "acknowledged": ("acknowledgement", "acknowledgements")}
    parts = []
    for key, n in counts.items():
        if not n:
            continue
        one, many = words.get(key, (f"change to {key}", f"changes to {key}"))
        parts.append(f"{n} {one if n == 1 else many}")
    text = parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]
    return f"{text} from {who or 'another writer'} merged in"


# -- flattening ------------------------------------------------------------------------------


def _fields(obj: Any) -> dict[str, Any]:
    """Top-level name -> value: the dataclass fields and the unknown keys kept in `extra`."""
    out = {f.name: getattr(obj, f.name) for f in dataclasses.fields(obj) if f.name not in _SKIP and f.name != "extra"}
    for k, v in (obj.extra or {}).items():
        out[k] = v
    return out


def _tables(versions: list[dict[str, Any] | None]) -> set[str]:
    """Names that are a table (dict) in every version that has them: merged entry by entry."""
    names: set[str] = set()
    for v in versions:
        if v:
            names |= set(v)
    return {n for n in names if all(not v or n not in v or isinstance(v[n], dict) for v in versions)}


def _flat(top: dict[str, Any] | None, tables: set[str]) -> dict[tuple[str, str], Any]:
    flat: dict[tuple[str, str], Any] = {}
    for name, value in (top or {}).items():
        if name in tables:
            for k, v in value.items():
                flat[(name, str(k))] = v
        elif value is not None:
            flat[(name, "")] = value
    return flat


def _norm(value: Any) -> Any:
    """Plain fields default to empty: an empty text or list and an absent key are the same."""
    return None if isinstance(value, (str, list)) and not value else value


# -- merging ---------------------------------------------------------------------------------


def merge(
    base: Case | Inspection | None,
    mine: Case | Inspection,
    theirs: Case | Inspection,
    required: Callable[[dict[str, Any]], list[str]] | None = None,
    theirs_by: str | None = None,
    theirs_updated: dt.datetime | None = None,
) -> MergeResult:
    """Merge three versions of one case or inspection; see the module docstring.

    `required(answers)` lists the required questions unanswered under `answers` (for a case): a
    merged case that is 'complete' with some missing goes back to 'in-progress', said in `notes`.
    `theirs_by`/`theirs_updated` name who wrote theirs and when (default: theirs' inspector and
    updated, where the object has them)."""
    who = theirs_by if theirs_by is not None else getattr(theirs, "inspector", "") or ""
    when = theirs_updated if theirs_updated is not None else getattr(theirs, "updated", None)
    tops = [_fields(base) if base is not None else None, _fields(mine), _fields(theirs)]
    tables = _tables(tops)
    b, m, t = (_flat(top, tables) if top is not None else None for top in tops)
    result = MergeResult(merged=None, theirs_by=who)
    merged: dict[tuple[str, str], Any] = {}
    for k in list(dict.fromkeys([*m, *t, *(b or {})])):
        mv, tv = m.get(k), t.get(k)
        bv = b.get(k) if b is not None else None
        if k[1] == "":
            mv, tv, bv = _norm(mv), _norm(tv), _norm(bv)
        if mv == tv:
            value = mv
        elif b is not None and mv == bv:
            value = tv
            result.taken.append(Change(k[0], k[1], tv))
        elif b is not None and tv == bv:
            value = mv
        else:
            value = tv  # a conflict: theirs stays, mine is reported
            result.conflicts.append(Conflict(k[0], k[1], bv, mv, tv, who, when))
        if value is not None:
            merged[k] = value
    _status_follows(result, merged, b, m, t, who, when)
    result.merged = _rebuild(mine, theirs, merged, tables)
    if required is not None and getattr(result.merged, "status", "") == "complete":
        missing = required(result.merged.answers)
        if missing:
            result.merged.status = "in-progress"
            shown = ", ".join(missing[:5]) + (f" and {len(missing) - 5} more" if len(missing) > 5 else "")
            result.notes.append(f"status: merged as complete, but {shown} now unanswered, so the case is back to in-progress")
    return result


def _status_follows(result: MergeResult, merged: dict, b: dict | None, m: dict, t: dict, who: str, when: Any) -> None:
    """When status conflicts, the exclusion reason goes with theirs' status (a reason for a status
    the file does not have would be wrong); mine's reason, if different, is reported too."""
    if not any(c.key == "status" for c in result.conflicts):
        return
    key = ("exclusion_reason", "")
    mv, tv = _norm(m.get(key)), _norm(t.get(key))
    if any(c.key == "exclusion_reason" for c in result.conflicts):
        return
    result.taken = [c for c in result.taken if c.key != "exclusion_reason"]
    if tv is None:
        merged.pop(key, None)
    else:
        merged[key] = tv
    if mv != tv:
        bv = _norm(b.get(key)) if b is not None else None
        result.conflicts.append(Conflict("exclusion_reason", "", bv, mv, tv, who, when))


def _rebuild(mine: Any, theirs: Any, merged: dict[tuple[str, str], Any], tables: set[str]) -> Any:
    out = copy.deepcopy(mine)
    names = {f.name for f in dataclasses.fields(out)}
    top: dict[str, Any] = {}
    for (name, entry), value in merged.items():
        if name in tables:
            top.setdefault(name, {})[entry] = value
        else:
            top[name] = value
    for f in dataclasses.fields(out):
        if f.name in _SKIP or f.name == "extra":
            continue
        value = top.pop(f.name, None)
        if value is None:
            default = f.default_factory() if f.default_factory is not dataclasses.MISSING else f.default  # type: ignore[misc]
            value = default if default is not dataclasses.MISSING else getattr(mine, f.name)
        setattr(out, f.name, value)
    out.extra = {k: v for k, v in top.items() if k not in names}
    if hasattr(out, "updated"):
        stamps = [s for s in (mine.updated, theirs.updated) if s is not None]
        out.updated = max(stamps) if stamps else None
    return out


def get_value(obj: Any, key: str, question: str = "") -> Any:
    """The value at `key` (a field or an unknown top-level key) / `question` (an entry of that table)."""
    names = {f.name for f in dataclasses.fields(obj)}
    top = getattr(obj, key) if key in names else obj.extra.get(key)
    if question:
        return top.get(question) if isinstance(top, dict) else None
    return _norm(top)


def set_value(obj: Any, key: str, question: str, value: Any) -> None:
    """Set (None: remove) the value at `key`/`question` in `obj`, in place."""
    fields = {f.name: f for f in dataclasses.fields(obj)}
    if key in fields:
        if question:
            table = dict(getattr(obj, key) or {})
            _put(table, question, value)
            setattr(obj, key, table)
        else:
            f = fields[key]
            default = f.default_factory() if f.default_factory is not dataclasses.MISSING else f.default  # type: ignore[misc]
            setattr(obj, key, default if value is None and default is not dataclasses.MISSING else value)
        return
    extra = dict(obj.extra)
    if question:
        table = dict(extra.get(key) or {}) if isinstance(extra.get(key), dict) else {}
        _put(table, question, value)
        if table:
            extra[key] = table
        else:
            extra.pop(key, None)
    else:
        _put(extra, key, value)
    obj.extra = extra


def _put(table: dict, k: str, value: Any) -> None:
    if value is None:
        table.pop(k, None)
    else:
        table[k] = value


# -- a git merge driver ----------------------------------------------------------------------


def merge_files(base: str | Path, ours: str | Path, theirs: str | Path, path_label: str = "") -> bool:
    """Merge three versions of one casemark file (git's %O %A %B): the result is written into
    `ours`; conflicts keep theirs' value in the file and ours in a conflict record beside
    `path_label` (or beside `ours`), `<file>.conflicts`. True if conflicts remain.

    Raises `engine.store.StoreError` if ours or theirs does not parse (nothing is written)."""
    from .store import Store  # the store knows how to read and write both kinds of file

    return Store.merge_file_versions(Path(base), Path(ours), Path(theirs), path_label)
