"""Where the user left off, per data folder, so that reopening the app can offer to resume there:
a case at a question (left from the marking screen), or an inspection with the case its list's
cursor was on (left from the inspection's list of cases); nothing once back at the list of
inspections. A small JSON file in the per-user state folder
(`platformdirs.user_state_dir("casemark")`), or in $CASEMARK_STATE (tests use a temp folder).
A file that cannot be read or written costs only the offer: never an error. A file written before
`cursor` was kept reads as it always did (an entry with a case opens the case)."""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

STATE_ENV = "CASEMARK_STATE"
FILE = "resume.json"


@dataclass(frozen=True)
class Place:
    """A case at a question (`case` set), or an inspection's list with its cursor on `cursor`."""

    inspection: str
    case: str = ""
    question: str = ""
    cursor: str = ""

    def describe(self) -> str:
        """What resuming opens, as the offer says it."""
        if self.case:
            at = f" at question {self.question}" if self.question else ""
            return f"case {self.case} of inspection {self.inspection}{at}"
        on = f", on case {self.cursor}" if self.cursor else ""
        return f"the list of cases of inspection {self.inspection}{on}"

    def still_there(self, store: Any) -> "Place | None":
        """This place if what it opens is still in `store`'s data folder (None if the inspection
        or the case has gone); an inspection's cursor on a case that has gone is dropped."""
        if not store.inspection_path(self.inspection).is_file():
            return None
        if self.case:
            return self if store.case_path(self.inspection, self.case).is_file() else None
        if self.cursor and not store.case_path(self.inspection, self.cursor).is_file():
            return Place(self.inspection)
        return self


def state_dir() -> Path:
    folder = os.environ.get(STATE_ENV)
    if folder:
        return Path(folder)
    import platformdirs

    return Path(platformdirs.user_state_dir("casemark"))


def _read() -> dict:
    try:
        data = json.loads((state_dir() / FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def last_place(root: Path) -> Place | None:
    """Where the user left off in the data folder `root`, if anywhere."""
    entry = _read().get(str(Path(root).resolve()))
    if not isinstance(entry, dict) or not isinstance(entry.get("inspection"), str) or not entry["inspection"]:
        return None
    text = {key: entry.get(key) for key in ("case", "question", "cursor")}
    return Place(entry["inspection"], **{key: value if isinstance(value, str) else "" for key, value in text.items()})


def offer(store: Any) -> Place | None:
    """Where to offer to resume in `store`'s data folder: the last place, if it is still there
    (an id the store refuses, as from a hand-edited state file, is no place)."""
    from casemark.engine.store import StoreError

    place = last_place(store.root)
    try:
        return None if place is None else place.still_there(store)
    except (StoreError, OSError):
        return None


def remember(root: Path, place: Place | None) -> None:
    """Keep `place` for `root` (None forgets it)."""
    data = _read()
    key = str(Path(root).resolve())
    if place is None:
        data.pop(key, None)
    else:
        data[key] = asdict(place)
    folder = state_dir()
    try:
        folder.mkdir(parents=True, exist_ok=True)
        temp = folder / f".{FILE}.{os.getpid()}"
        temp.write_text(json.dumps(data, indent=1, sort_keys=True), encoding="utf-8")
        os.replace(temp, folder / FILE)
    except OSError:
        pass
