"""TOML text in and out, and the atomic, conflict-checked write that puts it on disk.

`dumps` writes a deterministic, diff-friendly form: keys in the order given, long or multi-line text
as TOML multi-line strings, datetimes in UTC as `...Z`. `loads` reports the line and column of a
syntax error. `write_atomic` never leaves a torn file: temp file in the same folder, flush, fsync,
rename, fsync the folder; under an exclusive lock on the folder it first checks that the file is
still the version the caller read.

A hostile world: `read_bytes` refuses anything but a regular file before reading a byte (a FIFO, a
device, a folder, a link loop) and anything over `MAX_BYTES`; temp files get unpredictable names,
created with O_EXCL|O_NOFOLLOW so a planted link is never followed; no write goes through a folder
that is a symbolic link; a failed write (disk full, read-only) raises an `engine.errors.NotSavedError`
naming the file and the fix, with every file left as it was.
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
import stat
import tomllib
from pathlib import Path
from typing import Any

from .errors import NotWritableError, StoreError, UnreadableError, read_error, write_error

BARE_KEY = re.compile(r"[A-Za-z0-9_-]+")  # used with fullmatch
LONG_TEXT = 60  # strings longer than this are written as multi-line strings even without a newline
_ERROR_AT = re.compile(r"^(?P<msg>.*?) \(at line (?P<line>\d+), column (?P<col>\d+)\)$", re.S)
ABSENT = "absent"  # the digest of a file that does not exist
ANY = None  # write_atomic(expect=ANY): no conflict check
MAX_BYTES = 20 * 1024 * 1024  # a case file is a few kB; anything this large is not one
_CLOEXEC = getattr(os, "O_CLOEXEC", 0)
_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)


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


def read_bytes(path: Path, limit: int = MAX_BYTES, follow: bool = True) -> bytes | None:
    """The bytes of the regular file at `path`, None if there is none. Raises UnreadableError (a
    StoreError naming the file and the fix) for a FIFO, device, folder, link loop, a file larger than
    `limit`, or no permission; the file is checked after a non-blocking open and before any read, so
    a FIFO never hangs. `follow=False` refuses a symbolic link too."""
    flags = os.O_RDONLY | os.O_NONBLOCK | _CLOEXEC | (0 if follow else _NOFOLLOW)
    try:
        fd = os.open(path, flags)
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise read_error(path, exc) from None
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            raise UnreadableError(path, "", f"is {file_kind(st.st_mode)}, not a plain file (move it away: casemark reads only plain files)")
        if st.st_size > limit:
            raise too_large(path, st.st_size, limit)
        chunks, size = [], 0
        while True:
            chunk = os.read(fd, 1 << 20)
            if not chunk:
                break
            size += len(chunk)
            if size > limit:  # grew while being read
                raise too_large(path, size, limit)
            chunks.append(chunk)
        return b"".join(chunks)
    except OSError as exc:
        raise read_error(path, exc) from None
    finally:
        os.close(fd)


def file_kind(mode: int) -> str:
    kinds = [(stat.S_ISDIR, "a folder"), (stat.S_ISFIFO, "a named pipe (FIFO)"), (stat.S_ISCHR, "a device"),
             (stat.S_ISBLK, "a block device"), (stat.S_ISSOCK, "a socket"), (stat.S_ISLNK, "a symbolic link")]
    return next((name for test, name in kinds if test(mode)), "not a regular file")


def too_large(path: Path, size: int, limit: int) -> UnreadableError:
    return UnreadableError(
        path, "", f"is {size / 1e6:.1f} MB, more than the {limit // (1024 * 1024)} MB casemark reads "
        "(a case file is a few kB: is this the right file? shorten the text that made it grow)",
    )


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
    except RecursionError:
        raise TomlSyntaxError("arrays or tables nested too deeply to read (flatten them: casemark's files nest two levels at most)") from None
    except tomllib.TOMLDecodeError as exc:
        m = _ERROR_AT.match(str(exc))
        if m:
            raise TomlSyntaxError(m["msg"], int(m["line"]), int(m["col"])) from None
        raise TomlSyntaxError(str(exc).replace(" (at end of document)", "")) from None
    except ValueError as exc:  # e.g. an integer of more than 4300 digits
        raise TomlSyntaxError(f"a value cannot be read: {exc} (shorten it)") from None


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


def write_temp(path: Path, data: bytes, mode: int | None = None) -> Path:
    """Write `data` to a new hidden temp file beside `path`, flushed to disk; its path. The name is
    unpredictable and the file is created with O_EXCL|O_NOFOLLOW: a link planted there is never
    followed (a name taken by anything is skipped for another)."""
    for _ in range(100):
        tmp = path.parent / f".{path.name}.{secrets.token_hex(8)}.tmp"
        try:
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | _NOFOLLOW | _CLOEXEC, 0o666)
            break
        except FileExistsError:
            continue
    else:  # pragma: no cover - 100 collisions of 64 random bits
        raise FileExistsError(errno.EEXIST, "no free temp file name", str(path.parent))
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


def refuse_linked_folder(path: Path) -> None:
    """NotWritableError if the folder `path` is written into is a symbolic link: whoever made the
    link chooses where the data goes, so casemark does not write through it."""
    folder = Path(path).parent
    if folder.is_symlink():
        raise NotWritableError(
            path, "", f"not saved: the folder {folder} is a symbolic link to {os.readlink(folder)}, and casemark does not write "
            "through links (replace the link by the folder itself; the file is as it was)",
        )


def write_atomic(path: Path, data: bytes, expect: str | None = ANY) -> bool:
    """Replace `path` with `data` atomically; False if the file already held exactly `data`.

    `expect` is the digest of the version the caller read (`ABSENT` to create a new file, `ANY` to
    skip the check); if the file on disk differs, `Changed` is raised and nothing is written. The
    check and the rename happen under an exclusive lock on the folder, so two writers cannot both
    pass the check. A symbolic link at `path` is replaced, never followed. A failed write raises
    NotSavedError (DiskFullError, NotWritableError) with the file as it was; a missing folder,
    FileNotFoundError.
    """
    path = Path(path)
    refuse_linked_folder(path)
    folder = path.parent
    try:
        dirfd = os.open(folder, os.O_RDONLY | _CLOEXEC)
    except FileNotFoundError:
        raise
    except OSError as exc:
        raise write_error(path, exc) from None
    tmp: Path | None = None
    try:
        fcntl.flock(dirfd, fcntl.LOCK_EX)
        current = read_bytes(path)
        if expect is not ANY and digest(current) != expect:
            raise Changed(digest(current), current)
        if current == data:
            return False
        tmp = write_temp(path, data, os.stat(path).st_mode & 0o7777 if current is not None else None)
        os.replace(tmp, path)
        tmp = None
        os.fsync(dirfd)
        return True
    except (FileNotFoundError, Changed, StoreError):
        raise
    except OSError as exc:
        raise write_error(path, exc) from None
    finally:
        if tmp is not None:
            try:
                os.unlink(tmp)
            except OSError:
                pass
        os.close(dirfd)  # closing releases the flock


def create_exclusive(path: Path, data: bytes) -> None:
    """Write a new file atomically, refusing (FileExistsError) if `path` exists, even as a planted
    link: temp file + hard link. NotSavedError if it cannot be written (the disk full...)."""
    path = Path(path)
    refuse_linked_folder(path)
    folder = path.parent
    try:
        tmp = write_temp(path, data)
    except FileNotFoundError:
        raise
    except OSError as exc:
        raise write_error(path, exc) from None
    try:
        os.link(tmp, path)  # fails with EEXIST rather than replacing
        fsync_dir(folder)
    except (FileExistsError, FileNotFoundError):
        raise
    except OSError as exc:
        raise write_error(path, exc) from None
    finally:
        try:
            os.unlink(tmp)
        except OSError as exc:  # pragma: no cover - only if someone removed it first
            if exc.errno != errno.ENOENT:
                raise


def fsync_dir(folder: Path) -> None:
    dirfd = os.open(folder, os.O_RDONLY | _CLOEXEC)
    try:
        os.fsync(dirfd)
    finally:
        os.close(dirfd)
