"""Where a PATH points, and one inspection opened: what every command, both list screens and the
reports read, so that which cases count (and why the others do not) is decided in one place.

    where = locate("saved/demo-anytown")      # a data folder, an inspection folder, a case file, or an id
    opened = open_inspection(where)          # inspection + framework + cases + unreadable files
    opened.ratings                           # rated once, by engine.tally (which decides what counts)
    opened.ignored                           # case id -> why it is not counted

No UI here, and nothing is written.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from casemark.framework.model import Framework

from .model import Case, Inspection
from .ratings import InspectionRatings
from .errors import StoreError
from .store import Store, Unreadable
from .store_paths import CASES_DIR, INSPECTION_FILE, default_data_dir, valid_id
from .tally import Tally, not_counted

WHAT = "give a data folder, an inspection folder, a case file or an inspection id in the data folder"


class PathError(StoreError):
    """PATH is none of a data folder, an inspection folder, a case file or an inspection id."""

    def __init__(self, path: Path | str, reason: str):
        super().__init__(path, "", reason)


@dataclass(frozen=True)
class Location:
    """What a PATH names: the data folder, and optionally an inspection and a case in it."""

    root: Path
    inspection: str | None = None
    case: str | None = None

    def store(self) -> Store:
        return Store(self.root)


def locate(path: str | Path | None, data: str | Path | None = None) -> Location:
    """Tell what PATH is: a case file (<data>/<inspection>/cases/<case>.toml), an inspection folder
    (holding inspection.toml; its cases/ folder and its inspection.toml name it too), a data folder
    (any other folder), or, when no such file or folder exists, an inspection id in the data folder
    `data` (default: $CASEMARK_DATA, else ./saved). No PATH: the data folder. PathError otherwise."""
    if path is None or str(path) == "":
        return Location(default_data_dir(data))
    path = Path(path)
    if path.is_file():
        if path.name == INSPECTION_FILE:
            folder = path.resolve().parent
            return Location(folder.parent, folder.name)
        if path.suffix != ".toml" or path.parent.name != CASES_DIR or not (path.parent.parent / INSPECTION_FILE).is_file():
            raise PathError(path, f"not a case file (a case file is <data>/<inspection>/{CASES_DIR}/<case>.toml beside <inspection>/{INSPECTION_FILE}); {WHAT}")
        inspection = path.resolve().parent.parent
        return Location(inspection.parent, inspection.name, path.stem)
    if path.is_dir():
        if (path / INSPECTION_FILE).is_file():
            return Location(path.resolve().parent, path.resolve().name)
        if path.name == CASES_DIR and (path.parent / INSPECTION_FILE).is_file():
            return Location(path.resolve().parent.parent, path.resolve().parent.name)
        return Location(path)
    root = default_data_dir(data)
    if valid_id(str(path)) and (root / str(path) / INSPECTION_FILE).is_file():
        return Location(root, str(path))
    if valid_id(str(path)):
        raise PathError(path, f"no such file or folder, and no inspection '{path}' here in {root} ({WHAT}; create one with: casemark new inspection {path} --service NAME)")
    raise PathError(path, f"no such file or folder ({WHAT})")


def locate_inspection(path: str | Path, data: str | Path | None = None) -> Location:
    """`locate`, for a command that works on one inspection: PathError unless PATH names one."""
    where = locate(path, data)
    if where.inspection is None:
        raise PathError(path, f"not an inspection: no {INSPECTION_FILE} in this folder (give an inspection folder, <data>/<inspection-id> holding {INSPECTION_FILE}, or an inspection id in the data folder)")
    return where


@dataclass
class Opened:
    """One inspection as read from disk: every case that loads (second markings included), the
    files that do not, and the ratings. Which cases count is `engine.tally.not_counted`'s call."""

    store: Store
    framework: Framework
    inspection: Inspection
    cases: list[Case]
    unreadable: list[Unreadable] = field(default_factory=list)

    @property
    def iid(self) -> str:
        return self.inspection.id

    @property
    def folder(self) -> Path:
        return self.store.inspection_dir(self.iid)

    @property
    def first_markings(self) -> list[Case]:
        """The cases the ratings read (excluded cases included: they count as out of the sample)."""
        return [c for c in self.cases if not not_counted(self.framework, c)]

    @property
    def ignored(self) -> dict[str, str]:
        """Case id -> why the ratings do not count it (a second marking, another framework, ...)."""
        return self.ratings.ignored_cases

    def tally(self) -> Tally:
        return Tally(self.framework, self.inspection, self.cases)

    @cached_property
    def ratings(self) -> InspectionRatings:
        return self.tally().ratings()


def read_head(store: Store, iid: str, framework: Framework | None = None) -> tuple[Inspection, Framework]:
    """Inspection `iid`'s file and its framework (unless given), without its cases: what a screen
    needs for its first frame. StoreError naming the file (NotFoundError, ParseError, BadIdError)."""
    inspection = store.load_inspection(iid)
    return inspection, framework or store.framework(inspection.framework, store.inspection_path(iid))


def read_inspection(store: Store, iid: str, framework: Framework | None = None) -> Opened:
    """Read inspection `iid` of `store`: its file, its framework (unless given) and its cases.
    Raises StoreError naming the file (NotFoundError, ParseError, BadIdError); case files that do
    not load are listed in `unreadable`, not raised."""
    inspection, framework = read_head(store, iid, framework)
    cases, unreadable = store.load_cases(iid)
    return Opened(store, framework, inspection, cases, unreadable)


def open_inspection(where: str | Path | Location, data: str | Path | None = None) -> Opened:
    """Open the inspection PATH (or Location) names; see `locate` and `read_inspection`."""
    location = where if isinstance(where, Location) else locate_inspection(where, data)
    if location.inspection is None:
        raise PathError(location.root, f"not an inspection ({WHAT})")
    return read_inspection(location.store(), location.inspection)
