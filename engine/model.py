"""The inspection and its cases as plain data (what the TOML files on disk hold).

No I/O and no UI here: `engine.store` reads and writes these, `engine.ratings` rates them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

SCHEMA = 1
SECOND_MARK_KEY = "second_mark_of"  # top-level key of a second marking's case file
CASE_STATUSES = ("in-progress", "complete", "excluded")
ID_PATTERN = re.compile(r"[A-Za-z0-9_-]+")  # the whole id must match (fullmatch: no trailing newline)


class InvalidId(ValueError):
    """An id that may not become part of a path."""


def check_id(value: str, what: str = "id") -> str:
    if not isinstance(value, str) or not ID_PATTERN.fullmatch(value):
        raise InvalidId(
            f"{what} {value!r} is not allowed: use only letters, digits, '-' and '_' (e.g. OOC-07)"
        )
    return value


@dataclass
class Inspection:
    id: str
    framework: str
    service: str
    schema: int = SCHEMA
    dates: dict[str, Any] = field(default_factory=dict)  # e.g. {"start": date, "end": date}
    inspectors: list[str] = field(default_factory=list)
    ratings: dict[str, str] = field(default_factory=dict)  # judged standards: standard id -> rating
    answers: dict[str, Any] = field(default_factory=dict)  # the 'inspection' questionnaire
    extra: dict[str, Any] = field(default_factory=dict)  # unknown top-level keys, kept as read
    note: str = ""  # free text shown with the inspection (the demo says it is fictional)
    # sha256 of the file bytes this object was read from or last written as ("" if never on disk):
    # a save refuses to overwrite a file that has changed since
    origin: str = field(default="", compare=False, repr=False)
    # the file bytes `origin` is the digest of (None if not kept): the base of a three-way merge
    # when a save finds the file changed (engine.merge)
    base: bytes | None = field(default=None, compare=False, repr=False)


@dataclass
class Case:
    case_id: str
    questionnaire: str
    framework: str
    status: str = "in-progress"
    inspector: str = ""
    updated: datetime | None = None
    created: datetime | None = None
    exclusion_reason: str = ""
    answers: dict[str, Any] = field(default_factory=dict)
    schema: int = SCHEMA
    extra: dict[str, Any] = field(default_factory=dict)  # unknown top-level keys, kept as read
    origin: str = field(default="", compare=False, repr=False)  # as Inspection.origin
    base: bytes | None = field(default=None, compare=False, repr=False)  # as Inspection.base

    @property
    def excluded(self) -> bool:
        return self.status == "excluded"

    @property
    def second_mark_of(self) -> str:
        """The case this file second-marks ('' for a first marking); ratings count first markings only."""
        value = self.extra.get(SECOND_MARK_KEY, "")
        return value if isinstance(value, str) else str(value)
