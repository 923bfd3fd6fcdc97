"""Conflict records: `<file>.conflicts` beside a case or inspection file, one entry per answer that
two writers changed to different values. The file holds theirs; the record keeps mine (and theirs,
who and when) until someone decides, so nothing typed is lost.

```toml
[[conflict]]
id = "3f9c2a1b"                       # names the entry (resolve one of two on the same question)
key = "answers"                       # answers | ratings | acknowledged | status | ... (the table or field)
question = "3.1.1"                    # the entry in that table ("" for a plain field such as status)
mine = "yes"                          # absent: mine removed the answer
theirs = "no"                         # absent: theirs removed it
base = "no"                           # absent: neither had it when mine was read
mine_by = "bbrown"
theirs_by = "A. Adams"
theirs_updated = 2026-11-23T10:04:00Z
recorded = 2026-11-23T10:05:12Z
```

Written atomically with the same conflict check as any casemark file (read, change, write if
unchanged, else again), so several writers can add entries at once. The file goes when its last
entry does. No UI here.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import secrets
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable

from . import tomlfile
from .merge import Conflict

SUFFIX = ".conflicts"
TABLE = "conflict"
_VALUES = ("mine", "theirs", "base")


@dataclass(frozen=True)
class Record:
    """One open conflict (values are None when absent on that side)."""

    id: str
    key: str
    question: str
    mine: Any
    theirs: Any
    base: Any = None
    mine_by: str = ""
    theirs_by: str = ""
    theirs_updated: dt.datetime | None = None
    recorded: dt.datetime | None = None

    @property
    def label(self) -> str:
        return f"{self.key}.{self.question}" if self.question else self.key


class BadRecord(ValueError):
    """The record file does not parse (`line`, `column` as in tomlfile.TomlSyntaxError)."""


def record_path(path: Path) -> Path:
    return Path(path).with_name(Path(path).name + SUFFIX)


def is_record(path: Path) -> bool:
    return Path(path).name.endswith(".toml" + SUFFIX)


def parse(data: bytes | None, where: Path) -> list[Record]:
    if data is None:
        return []
    try:
        raw = tomlfile.loads(data)
    except tomlfile.TomlSyntaxError as exc:
        raise BadRecord(f"{where}: not valid TOML at {exc} (fix it in an editor, or delete it once its conflicts are settled)") from None
    entries = raw.get(TABLE, [])
    if not isinstance(entries, list) or not all(isinstance(e, dict) for e in entries):
        raise BadRecord(f"{where}:{TABLE}: must be a list of [[{TABLE}]] tables (fix it in an editor)")
    out = []
    for e in entries:
        out.append(
            Record(
                id=str(e.get("id", "")),
                key=str(e.get("key", "")),
                question=str(e.get("question", "")),
                mine=e.get("mine"),
                theirs=e.get("theirs"),
                base=e.get("base"),
                mine_by=str(e.get("mine_by", "")),
                theirs_by=str(e.get("theirs_by", "")),
                theirs_updated=e.get("theirs_updated") if isinstance(e.get("theirs_updated"), dt.datetime) else None,
                recorded=e.get("recorded") if isinstance(e.get("recorded"), dt.datetime) else None,
            )
        )
    return out


def read(path: Path) -> list[Record]:
    """The entries of the record of file `path` (the case or inspection file), oldest first."""
    where = record_path(path)
    return parse(tomlfile.read_bytes(where), where)


def dumps(records: Iterable[Record]) -> str:
    blocks = []
    for r in records:
        lines = [f"[[{TABLE}]]"]
        for name in ("id", "key", "question", *_VALUES, "mine_by", "theirs_by", "theirs_updated", "recorded"):
            value = getattr(r, name)
            if value is None or (name in ("mine_by", "theirs_by") and value == ""):
                continue
            lines.append(f"{name} = {tomlfile.value(value)}")
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks) + "\n"


def _update(path: Path, change) -> list[Record]:
    """Apply `change(records) -> records` to the record of `path`, atomically; the records now."""
    where = record_path(path)
    while True:
        data = tomlfile.read_bytes(where)
        records = change(parse(data, where))
        try:
            if records:
                tomlfile.write_atomic(where, dumps(records).encode(), tomlfile.digest(data))
            elif data is not None:
                _remove_if(where, data)
            return records
        except tomlfile.Changed:
            continue


def _remove_if(where: Path, data: bytes) -> None:
    import fcntl
    import os

    dirfd = os.open(where.parent, os.O_RDONLY)
    try:
        fcntl.flock(dirfd, fcntl.LOCK_EX)  # the same folder lock as tomlfile.write_atomic
        if tomlfile.read_bytes(where) != data:
            raise tomlfile.Changed(tomlfile.digest(tomlfile.read_bytes(where)), None)
        os.unlink(where)
        os.fsync(dirfd)
    finally:
        os.close(dirfd)


def add(path: Path, conflicts: list[Conflict], mine_by: str, now: dt.datetime) -> list[Record]:
    """Record `conflicts`. An entry of the same writer with the same question and value is not
    repeated: it is brought up to date with theirs as it is now (a merge that had to start again)."""

    def change(records: list[Record]) -> list[Record]:
        for c in conflicts:
            same = next((i for i, r in enumerate(records) if (r.key, r.question, _k(r.mine), r.mine_by) == (c.key, c.question, _k(c.mine), mine_by)), None)
            entry = Record(secrets.token_hex(4), c.key, c.question, c.mine, c.theirs, c.base, mine_by, c.theirs_by, c.theirs_updated, now)
            if same is None:
                records.append(entry)
            else:
                records[same] = dataclasses.replace(entry, id=records[same].id, base=records[same].base)
        return records

    return _update(path, change)


def remove(path: Path, ids: set[str]) -> list[Record]:
    """Drop the entries `ids`; the file goes when none is left. The records left."""
    return _update(path, lambda records: [r for r in records if r.id not in ids])


# -- what `casemark validate` says about leftovers --------------------------------------------


def leftover_lines(path: Path, current: Any, what: str) -> list[str]:
    """One line per entry of the record of file `path`, saying what to do; `current` is the file's
    object as now loaded (None if it does not load) to tell an entry already settled; `what` names
    how to open it in casemark ("the case", "domain one of the inspection")."""
    from .merge import get_value

    where = record_path(path)
    try:
        entries = read(path)
    except BadRecord as exc:
        return [str(exc)]
    lines = []
    for r in entries:
        if current is not None and get_value(current, r.key, r.question) == r.mine:
            lines.append(f"{where}:{r.label}: already settled ({path.name} holds yours): delete this entry (or the file if it is the last)")
            continue
        who = f" by {r.theirs_by}" if r.theirs_by else ""
        lines.append(
            f"{where}:{r.label}: changed both ways: theirs{who} {_show(r.theirs)} is in {path.name}, yours{f' ({r.mine_by})' if r.mine_by else ''} "
            f"{_show(r.mine)} is kept here (open {what} in casemark to choose, or edit {path.name} and delete this entry)"
        )
    return lines


def temp_line(path: Path) -> str | None:
    """The line for a temp file left by an interrupted write (`.<name>.<pid>.<random>.tmp`), else None."""
    name = Path(path).name
    if not (name.startswith(".") and name.endswith(".tmp")):
        return None
    parts = name[1:-4].rsplit(".", 2)
    original, pid = (parts[0], parts[1]) if len(parts) == 3 else (name, "?")
    return (
        f"{path}: a temporary file left by an interrupted write of {original} (process {pid}); casemark never reads it "
        f"(delete it unless a casemark is saving {original} right now)"
    )


def _show(value: Any) -> str:
    if value is None:
        return "(no answer)"
    text = repr(value) if not isinstance(value, str) else f"'{value}'"
    return text if len(text) <= 40 else text[:37] + "...'"


def _k(value: Any) -> str:
    return repr(value)
