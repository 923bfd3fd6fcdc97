"""What changed in an inspection's cases folder since it was last looked at, by the files' stamps
(inode, size, modification time): cheap enough to ask every second of thousands of cases, and
only the files that changed are read again. No UI here.

    files = CaseFiles(store, iid)          # the stamps as they are now
    change = files.poll(known)             # read what changed since; `known` holds the cases as read
    change.text()                          # 'C04 changed, C12 new'
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field

from .model import Case, InvalidId, check_id
from .errors import StoreError
from .store import Store, Unreadable
from .store_errors import NotFoundError

Stamp = tuple[int, int, int]  # inode, size, mtime in ns


@dataclass
class Change:
    """Cases read again because their files changed, by kind; `unreadable`: files that no longer load."""

    new: list[Case] = field(default_factory=list)
    changed: list[Case] = field(default_factory=list)
    gone: list[str] = field(default_factory=list)
    unreadable: list[Unreadable] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.new or self.changed or self.gone or self.unreadable)

    def counts(self) -> str:
        """'1 new (C11); 1 changed (C09)', or '' when nothing changed."""
        ids = ([c.case_id for c in self.new], "new"), ([c.case_id for c in self.changed], "changed"), (self.gone, "gone")
        return "; ".join(f"{len(x)} {what} ({', '.join(x[:5])}{', …' if len(x) > 5 else ''})" for x, what in ids if x)

    def text(self, most: int = 6) -> str:
        """'C04 changed, C12 new, C07 gone' (the first `most`, then how many more)."""
        said = [f"{c.case_id} changed" for c in self.changed] + [f"{c.case_id} new" for c in self.new]
        said += [f"{cid} gone" for cid in self.gone] + [f"{u.path.stem} unreadable" for u in self.unreadable]
        return ", ".join(said[:most]) + (f" and {len(said) - most} more" if len(said) > most else "")


def summary(before: dict[str, Case], after: dict[str, Case]) -> Change:
    """What differs between two readings of the cases, by case id (a case whose file bytes are
    the same, by its origin digest, has not changed)."""
    return Change(
        new=[after[k] for k in sorted(after) if k not in before],
        changed=[after[k] for k in sorted(after) if k in before and after[k].origin != before[k].origin],
        gone=sorted(set(before) - set(after)),
    )


class CaseFiles:
    """The stamps of one inspection's case files, to tell which changed on disk."""

    def __init__(self, store: Store, iid: str):
        self.store, self.iid = store, iid
        self.stamps = self.scan()

    def scan(self) -> dict[str, Stamp]:
        """Case id -> stamp of every case file (not temporary files, locks or kept conflicts)."""
        out: dict[str, Stamp] = {}
        try:
            entries = list(os.scandir(self.store.cases_dir(self.iid)))
        except OSError:
            return out
        for entry in entries:
            name = entry.name
            if name.startswith(".") or not name.endswith(".toml"):
                continue
            try:
                cid = check_id(name[:-5])
                st = entry.stat()
            except (InvalidId, OSError):
                continue
            out[cid] = (st.st_ino, st.st_size, st.st_mtime_ns)
        return out

    def poll(self, known: dict[str, Case]) -> Change:
        """Read again the files whose stamps changed since the last scan. A case whose bytes are
        what `known` holds (this process wrote it) is not reported as changed."""
        now = self.scan()
        before, self.stamps = self.stamps, now
        change = Change(gone=sorted(cid for cid in before if cid not in now and cid in known))
        for cid in sorted(now):
            if before.get(cid) == now[cid]:
                continue
            try:
                case = self.store.load_case(self.iid, cid)
            except NotFoundError:  # removed since the scan
                if cid in known:
                    change.gone.append(cid)
                continue
            except StoreError as exc:
                change.unreadable.append(Unreadable(self.store.case_path(self.iid, cid), str(exc)))
                continue
            mine = known.get(cid)
            if mine is None:
                change.new.append(case)
            elif mine.origin != case.origin:
                change.changed.append(case)
        return change
