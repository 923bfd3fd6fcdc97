"""Open an inspection folder for a report: framework, inspection, cases, ratings, unreadable files."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from casemark.framework.model import Framework

from ..agreement import is_second_marking
from ..model import Case, Inspection
from ..ratings import InspectionRatings, rate
from ..store import Store, Unreadable


@dataclass
class ReportSource:
    store: Store
    framework: Framework
    inspection: Inspection
    cases: list[Case]  # every case that loads, second markings included
    unreadable: list[Unreadable] = field(default_factory=list)

    @property
    def first_markings(self) -> list[Case]:
        return [c for c in self.cases if not is_second_marking(c)]

    @cached_property
    def ratings(self) -> InspectionRatings:
        """The ratings, from the first markings only."""
        return rate(self.framework, self.inspection, self.first_markings)


def open_inspection(path: str | Path) -> ReportSource:
    """Load the inspection folder `path` (holding inspection.toml). Raises engine.store.StoreError
    (NotFoundError, ParseError, BadIdError) naming the file; unreadable case files are listed, not raised."""
    folder = Path(path)
    if folder.name == "inspection.toml":
        folder = folder.parent
    if folder.name in ("", ".", ".."):
        folder = folder.resolve()
    store = Store(folder.parent)
    iid = folder.name
    inspection = store.load_inspection(iid)
    framework = store.framework(inspection.framework, store.inspection_path(iid))
    cases, unreadable = store.load_cases(iid)
    return ReportSource(store, framework, inspection, cases, unreadable)
