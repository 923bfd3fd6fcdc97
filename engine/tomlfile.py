"""TOML text in and out, and the atomic, conflict-checked write that puts it on disk.

`dumps` writes a deterministic, diff-friendly form: keys in the order given, long or multi-line text
as TOML multi-line strings, datetimes in UTC as `...Z`. `loads` reports the line and column of a
syntax error. `write_atomic` never leaves a torn file: temp file in the same folder, flush, fsync,
rename, fsync the folder; under an exclusive lock on the folder it first checks that the file is
still the version the caller read.
"""

from __future__ import annotations

import datetime as dt
import errno
import fcntl
import hashlib
import math
import os
import re
import secrets
import tomllib
from pathlib import Path
from typing import Any

BARE_KEY = re.compile(r"[A-Za-z0-9_-]+")  # used with fullmatch
LONG_TEXT = 60  # strings longer than this are written as multi-line strings even without a newline
_ERROR_AT = re.compile(r"^(?P<msg>.*?) \(at line (?P<line>\d+), column (?P<col>\d+)\)$", re.S)
ABSENT = "absent"  # the digest of a file that does not exist
ANY = None  # write_atomic(expect=ANY): no conflict check


class TomlSyntaxError(ValueError):
    """The text is not TOML; `line` and `column` are 1-based (0 when the error is at the end)."""

    def __init__(self, reason: str, line: int = 0, column: int = 0):
        self.reason, self.line, self.column = reason, line, column
        where = f"line {line}, column {column}" if line else "end of file"
        super().__init__(f"{where}: {reason}")


class Changed(Exception):
    """The file on disk is not the version the caller expected; `actual` is its digest now."""

    def __init__(self, actual: str, data: bytes | None):
        self.actual, self.data = actual, data
        super().__init__(actual)


# -- reading ---------------------------------------------------------------------------------


def digest(data: bytes | None) -> str:
    return ABSENT if data is None else hashlib.sha256(data).hexdigest()


def read_bytes(path: Path) -> bytes | None:
    try:
        return Path(path).read_bytes()
    except FileNotFoundError:
        return None


def loads(data: bytes | str) -> dict[str, Any]:
    """Parse TOML bytes or text, raising TomlSyntaxError with line and column."""
    if isinstance(data, bytes):
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as exc:
            line = data[: exc.start].count(b"\n") + 1
            column = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
            raise TomlSyntaxError("not UTF-8 text (save the file as UTF-8)", line, column) from None
    else:
        text = data
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        m = _ERROR_AT.match(str(exc))
        if m:
            raise TomlSyntaxError(m["msg"], int(m["line"]), int(m["col"])) from None
        raise TomlSyntaxError(str(exc).replace(" (at end of document)", "")) from None


# -- writing ---------------------------------------------------------------------------------


def dumps(doc: dict[str, Any]) -> str:
    """TOML text for `doc`: its plain values first (in order), then each table (in order)."""
    lines = [f"{key(k)} = {value(v)}" for k, v in doc.items() if not isinstance(v, dict)]
    for name, table in doc.items():
        if isinstance(table, dict):
            if lines:
                lines.append("")
            lines.append(f"[{key(name)}]")
            lines += [f"{key(k)} = {value(v)}" for k, v in table.items()]
    return "\n".join(lines) + "\n"


def key(k: str) -> str:
    return k if BARE_KEY.fullmatch(k) else _basic(k)


def value(v: Any, inline: bool = False) -> str:
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, int):
        return str(v)
    if isinstance(v, float):
        if math.isnan(v):
            return "nan"
        if math.isinf(v):
            return "inf" if v > 0 else "-inf"
        return repr(v)
    if isinstance(v, str):
        if not inline and ("\n" in v or len(v) > LONG_TEXT):
            return _multiline(v)
        return _basic(v)
    if isinstance(v, dt.datetime):
        if v.tzinfo is not None and v.utcoffset() == dt.timedelta(0):
            return v.replace(tzinfo=None).isoformat() + "Z"
        return v.isoformat()
    if isinstance(v, (dt.date, dt.time)):
        return v.isoformat()
    if isinstance(v, (list, tuple)):
        return "[" + ", ".join(value(x, inline=True) for x in v) + "]"
    if isinstance(v, dict):
        if not v:
            return "{}"
        return "{ " + ", ".join(f"{key(k)} = {value(x, inline=True)}" for k, x in v.items()) + " }"
    raise TypeError(f"cannot write a {type(v).__name__} to TOML")


_ESCAPES = {"\\": "\\\\", '"': '\\"', "\b": "\\b", "\t": "\\t", "\n": "\\n", "\f": "\\f", "\r": "\\r"}
_CONTROLS = {c: f"\\u{c:04x}" for c in [*range(0x20), 0x7F]}
_BASIC = str.maketrans(_CONTROLS | {ord(k): v for k, v in _ESCAPES.items()})
# in a multi-line string: backslashes and control characters other than tab and newline
_MULTI = str.maketrans(_CONTROLS | {ord("\\"): "\\\\", ord("\r"): "\\r"} | {ord("\t"): "\t", ord("\n"): "\n"})
# never two unescaped quotes in a row, never a quote just before the closing delimiter
_QUOTE = re.compile(r'"(?="|\Z)')


def _basic(s: str) -> str:
    return '"' + s.translate(_BASIC) + '"'


def _multiline(s: str) -> str:
    """A multi-line basic string: the text as written, escaping only what TOML requires."""
    return '"""\n' + _QUOTE.sub(r'\\"', s.translate(_MULTI)) + '"""'


def _write_temp(path: Path, data: bytes, mode: int | None = None) -> Path:
    """Write `data` to a new hidden temp file beside `path`, flushed to disk; its path."""
    tmp = path.parent / f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}.tmp"
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
    try:
        if mode is not None:
            os.fchmod(fd, mode)
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view) :]
        os.fsync(fd)
    except BaseException:
        os.close(fd)
        os.unlink(tmp)
        raise
    os.close(fd)
    return tmp


def write_atomic(path: Path, data: bytes, expect: str | None = ANY) -> bool:
    """Replace `path` with `data` atomically; False if the file already held exactly `data`.

    `expect` is the digest of the version the caller read (`ABSENT` to create a new file, `ANY` to
    skip the check); if the file on disk differs, `Changed` is raised and nothing is written. The
    check and the rename happen under an exclusive lock on the folder, so two writers cannot both
    pass the check.
    """
    path = Path(path)
    folder = path.parent
    dirfd = os.open(folder, os.O_RDONLY)
    tmp: Path | None = None
    try:
        fcntl.flock(dirfd, fcntl.LOCK_EX)
        current = read_bytes(path)
        if expect is not ANY and digest(current) != expect:
            raise Changed(digest(current), current)
        if current == data:
            return False
        tmp = _write_temp(path, data, os.stat(path).st_mode & 0o7777 if current is not None else None)
        os.replace(tmp, path)
        tmp = None
        os.fsync(dirfd)
        return True
    finally:
        if tmp is not None:
            try:
                os.unlink(tmp)
            except OSError:
                pass
        os.close(dirfd)  # closing releases the flock


def create_exclusive(path: Path, data: bytes) -> None:
    """Write a new file atomically, refusing (FileExistsError) if `path` exists: temp file + link."""
    path = Path(path)
    folder = path.parent
    tmp = _write_temp(path, data)
    try:
        os.link(tmp, path)  # fails with EEXIST rather than replacing
        fsync_dir(folder)
    finally:
        try:
            os.unlink(tmp)
        except OSError as exc:  # pragma: no cover - only if someone removed it first
            if exc.errno != errno.ENOENT:
                raise


def fsync_dir(folder: Path) -> None:
    dirfd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(dirfd)
    finally:
        os.close(dirfd)
