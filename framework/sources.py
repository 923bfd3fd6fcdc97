"""A framework's source documents: the `[[sources]]` entries of its framework.toml.

Each entry names a file (relative to the framework folder) holding the text the framework's words come
from, with its title, publisher, date, licence and SHA-256. The loader checks the file is there; the
tests check it against the digest (a hash at every load would cost a read of each text for nothing).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable

REQUIRED = ("file", "title", "publisher", "date", "licence", "sha256")
OPTIONAL = ("edition", "uses")


@dataclass(frozen=True)
class SourceDocument:
    file: str  # as written in framework.toml, relative to the framework folder
    path: str  # the file's resolved path
    title: str
    publisher: str
    date: str
    licence: str
    sha256: str
    edition: str = ""
    uses: str = ""

    def digest(self) -> str:
        """The SHA-256 of the file as it is now (compare with `sha256`)."""
        return hashlib.sha256(Path(self.path).read_bytes()).hexdigest()

    def citation(self) -> str:
        edition = f", {self.edition}" if self.edition else ""
        return f"{self.publisher}, {self.title}{edition}, {self.date}"


def read_sources(entries: Any, folder: Path, problem: Callable[[str, str], None]) -> tuple[SourceDocument, ...]:
    """The `[[sources]]` of framework.toml (absent: none), each problem reported as `problem(key, reason)`."""
    if entries is None:
        return ()
    if not isinstance(entries, list):
        problem("sources", "must be an array of tables ([[sources]])")
        return ()
    out = []
    for i, entry in enumerate(entries):
        key = f"sources[{i}]"
        if not isinstance(entry, dict):
            problem(key, "must be a table with file, title, publisher, date, licence and sha256")
            continue
        bad = [k for k in REQUIRED if not isinstance(entry.get(k), str) or not entry.get(k)]
        bad += [k for k in OPTIONAL if k in entry and not isinstance(entry[k], str)]
        for k in bad:
            problem(f"{key}.{k}", "missing or not a string (add it as text)")
        unknown = sorted(set(entry) - set(REQUIRED) - set(OPTIONAL))
        for k in unknown:
            problem(f"{key}.{k}", f"unknown key (known: {', '.join(REQUIRED + OPTIONAL)})")
        if bad or unknown:
            continue
        path = folder / entry["file"]
        try:
            path, found = path.resolve(), path.is_file()
        except (OSError, ValueError):  # a name too long for the disk, or holding a NUL
            found = False
        if not found:
            problem(f"{key}.file", f"'{entry['file']}' is not a file beside the framework (put the text at {path})")
            continue
        out.append(SourceDocument(path=str(path), **{k: entry.get(k, "") for k in REQUIRED + OPTIONAL}))
    return tuple(out)
