"""Where the user left off (inspection, case, question), per data folder, so that reopening the
app can offer to resume there. A small JSON file in the per-user state folder
(`platformdirs.user_state_dir("casemark")`), or in $CASEMARK_STATE (tests use a temp folder).
A file that cannot be read or written costs only the offer: never an error."""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass
from pathlib import Path

STATE_ENV = "CASEMARK_STATE"
FILE = "resume.json"


@dataclass(frozen=True)
class Place:
    inspection: str
    case: str = ""
    question: str = ""

    def describe(self) -> str:
        return " · ".join(p for p in (self.inspection, self.case, self.question) if p)


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
    return Place(entry["inspection"], str(entry.get("case") or ""), str(entry.get("question") or ""))


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
