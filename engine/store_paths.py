"""Where the store's files are: the data folder (chosen once, in `data_dir_choice`), the folder
frameworks are looked up in first, the ids that name folders and files, and the paths of an
inspection, its cases and their locks under a data folder.

```
<root>/<inspection-id>/inspection.toml       the inspection and its judged standards
<root>/<inspection-id>/cases/<case-id>.toml  one file per case
```

`StorePaths` is a mixin of engine.store.Store (it needs the Store's `root`). No UI here.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from casemark.framework import FRAMEWORKS_DIR

from .errors import UnreadableError, read_error
from .model import InvalidId, check_id
from .store_errors import BadIdError, ExistsError

INSPECTION_FILE = "inspection.toml"
CASES_DIR = "cases"
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


class StorePaths:
    """Store methods: the paths of an inspection, its cases and their locks, checked ids, listings."""

    root: Path

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

    def inspection_ids(self) -> list[str]:
        try:
            if not self.root.is_dir():
                return []
            return sorted(p.parent.name for p in self.root.glob(f"*/{INSPECTION_FILE}") if p.parent.name and valid_id(p.parent.name))
        except OSError:  # an unreadable data folder holds no inspection we can open
            return []

    def case_ids(self, iid: str) -> list[str]:
        """The ids of the case files in cases/; UnreadableError if that is a file or cannot be listed."""
        return [p.stem for p in self._case_files(iid) if valid_id(p.stem)]

    def _case_files(self, iid: str) -> list[Path]:
        return [p for p in self._entries(self.cases_dir(iid)) if p.suffix == ".toml" and not p.name.startswith(".")]
