"""The framework folder's TOML files, parsed once, and each problem reported against the file being
read (`file:key: reason`) with the field checks every part of the loader shares."""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

from .problems import Problems


class Reader:
    """Reads the files of one framework folder; `file` is the one being read, `problems` all found."""

    def __init__(self, path: Path):
        self.path = path
        self.problems = Problems()
        self.file = ""
        self.parsed: dict[str, dict[str, Any]] = {}

    def problem(self, key: str, reason: str) -> None:
        self.problems.add(self.file, key, reason)

    def parse(self, files: list[str]) -> None:
        """Parse every file first: a file that does not parse is the one problem worth reporting."""
        self.parsed = {relative: self.read(relative) for relative in files}

    def read(self, relative: str) -> dict[str, Any]:
        self.file = str(self.path / relative)
        if relative in self.parsed:
            return self.parsed[relative]
        try:
            with open(self.path / relative, "rb") as fh:
                return tomllib.load(fh)
        except FileNotFoundError:
            self.problems.add(self.file, "", "file missing (every framework needs it)")
        except tomllib.TOMLDecodeError as exc:
            self.problems.add(self.file, "", f"not valid TOML: {exc} (fix the syntax there)")
        return {}

    def field(self, table: dict, key: str, where: str, kind: type, default: Any = None) -> Any:
        if key not in table:
            self.problem(f"{where}.{key}" if where else key, f"missing (add a {kind.__name__})")
            return default
        value = table[key]
        if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
            self.problem(f"{where}.{key}" if where else key, f"must be a {kind.__name__}, not {type(value).__name__}")
            return default
        return value
