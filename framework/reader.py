"""The framework folder's TOML files, parsed once, and each problem reported against the file being
read (`file:key: reason`) with the field checks every part of the loader shares."""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

from .problems import Problems

MAX_BYTES = 16 << 20  # the real frameworks' largest file is ~100 kB

# what a value read from TOML is, in TOML's words (bool before int: a bool is an int in Python)
TOML_TYPES = ((bool, "a boolean"), (int, "an integer"), (float, "a float"), (str, "a string"), (list, "an array"), (dict, "a table"))


def toml_type(value: Any) -> str:
    """'a string', 'an array', 'a table', ... (a date or time: 'a date')."""
    return next((name for kind, name in TOML_TYPES if isinstance(value, kind)), "a date")


def expected(what: str, value: Any) -> str:
    """The reason for a value of the wrong type: 'must be an array of strings, not a table'."""
    return f"must be {what}, not {toml_type(value)}"


def is_number(value: Any) -> bool:
    """An integer or a finite float (TOML's inf and nan are no count, share or score)."""
    return isinstance(value, (int, float)) and not isinstance(value, bool) and value - value == 0


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
        path = self.path / relative
        try:
            if path.exists() and not path.is_file():  # a folder, a FIFO, a device: never opened (a FIFO would hang)
                self.problems.add(self.file, "", "not a plain file (put the TOML file here)")
                return {}
            with open(path, "rb") as fh:
                data = fh.read(MAX_BYTES + 1)
        except FileNotFoundError:
            self.problems.add(self.file, "", "file missing (every framework needs it)")
            return {}
        except OSError as exc:
            self.problems.add(self.file, "", f"cannot be read: {exc.strerror or exc} (check the file and its permissions)")
            return {}
        if len(data) > MAX_BYTES:
            self.problems.add(self.file, "", f"more than the {MAX_BYTES >> 20} MB casemark reads of a framework file (is it the right file?)")
            return {}
        return self.parse_toml(data)

    def parse_toml(self, data: bytes) -> dict[str, Any]:
        """The file's bytes as TOML; {} and one problem (`not valid TOML: ...`) if they are not."""
        try:
            return tomllib.loads(data.decode("utf-8"))
        except UnicodeDecodeError as exc:
            line = data.count(b"\n", 0, exc.start) + 1
            reason = f"not UTF-8 text at line {line} (save the file as UTF-8)"
        except tomllib.TOMLDecodeError as exc:
            reason = f"{exc} (fix the syntax there)"
        except RecursionError:
            reason = "arrays or tables nested too deeply to read (flatten them)"
        except ValueError:  # Python reads no integer of more than 4300 digits
            reason = "a number too long to read (shorten it)"
        self.problems.add(self.file, "", f"not valid TOML: {reason}")
        return {}

    def field(self, table: dict, key: str, where: str, kind: type, default: Any = None) -> Any:
        if key not in table:
            self.problem(self._key(where, key), f"missing (add a {kind.__name__})")
            return default
        value = table[key]
        if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
            self.problem(self._key(where, key), f"must be a {kind.__name__}, not {type(value).__name__}")
            return default
        return value

    @staticmethod
    def _key(where: str, key: str) -> str:
        return f"{where}.{key}" if where else key

    def optional(self, table: dict, key: str, where: str, kind: type, default: Any, what: str = "") -> Any:
        """`table[key]` if it is a `kind` (a bool is no int); `default` if it is absent or of another
        type (then a problem saying what it must be: `what`, else 'a string', 'a boolean', ...)."""
        if key not in table:
            return default
        value = table[key]
        if isinstance(value, kind) and not (kind is int and isinstance(value, bool)):
            return value
        self.problem(self._key(where, key), expected(what or dict(TOML_TYPES)[kind], value))
        return default

    def table(self, table: dict, key: str, where: str, what: str = "") -> dict:
        """An optional table (`[key]` or `key = { ... }`): {} if absent or not a table."""
        return self.optional(table, key, where, dict, {}, what or f"a table ([{self._key(where, key)}])")

    def tables(self, table: dict, key: str, where: str) -> list[tuple[str, dict]]:
        """An optional array of tables (`[[key]]`), as (its key, the table) for each one that is a table."""
        full = self._key(where, key)
        items = self.optional(table, key, where, list, [], f"an array of tables ([[{full}]])")
        out = []
        for i, item in enumerate(items):
            if isinstance(item, dict):
                out.append((f"{full}[{i}]", item))
            else:
                self.problem(f"{full}[{i}]", expected("a table", item))
        return out

    def strings(self, table: dict, key: str, where: str, default: tuple[str, ...] = ()) -> tuple[str, ...]:
        """An optional array of strings (ids, names): `default` if absent; a problem for each that is not one."""
        if key not in table:
            return default
        full = self._key(where, key)
        items = self.optional(table, key, where, list, [], 'an array of strings such as ["a", "b"]')
        for i, item in enumerate(items):
            if not isinstance(item, str):
                self.problem(f"{full}[{i}]", expected("a string", item))
        return tuple(item for item in items if isinstance(item, str))
