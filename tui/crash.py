"""When something goes wrong that nothing else caught: one line for the user, the trace in a log file.

Textual's own crash report prints the trace with its local variables, which hold case answers (a
child's age, sex, the reasons written about them), to whoever watches the terminal. `CrashReport`
(a mixin of the App) replaces it: the terminal gets one line naming the file and the fix where the
error says them, and the full trace goes to a log file in the per-user state folder
(`platformdirs.user_log_dir("casemark")`, or the file `$CASEMARK_LOG`), whose path the line gives.
The command line (tui/cli/common.py) uses the same `describe` and `write_log`. Textual is imported
only inside the App's methods.
"""

from __future__ import annotations

import datetime as dt
import os
import traceback
from pathlib import Path

from casemark.engine.errors import StoreError, read_error

LOG_NAME = "crash.log"


def log_path() -> Path:
    """$CASEMARK_LOG, else <user log folder>/crash.log."""
    if os.environ.get("CASEMARK_LOG"):
        return Path(os.environ["CASEMARK_LOG"])
    try:
        from platformdirs import user_log_dir

        return Path(user_log_dir("casemark")) / LOG_NAME
    except ImportError:  # pragma: no cover - platformdirs comes with textual
        return Path(os.environ.get("XDG_STATE_HOME") or Path.home() / ".local" / "state") / "casemark" / LOG_NAME


def write_log(exc: BaseException) -> Path | None:
    """Append the trace of `exc` (no local variables) to the log file, readable by its owner only;
    its path, or None if it cannot be written."""
    path = log_path()
    text = f"--- {dt.datetime.now().astimezone().isoformat(timespec='seconds')} pid {os.getpid()}\n"
    text += "".join(traceback.format_exception(type(exc), exc, exc.__traceback__))
    try:
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND | getattr(os, "O_NOFOLLOW", 0), 0o600)
        with os.fdopen(fd, "a", encoding="utf-8") as fh:
            fh.write(text)
    except OSError:
        return None
    return path


def describe(exc: BaseException) -> str | None:
    """The one line for an error that bad data or a bad environment can cause, or None for a bug."""
    from casemark.engine.reports.output import ExportError

    cause = getattr(exc, "error", None)  # textual's WorkerFailed wraps the worker's error
    if isinstance(cause, BaseException) and not isinstance(exc, (StoreError, OSError)):
        exc = cause
    if isinstance(exc, (StoreError, ExportError)):
        return str(exc)
    if isinstance(exc, (FileNotFoundError, NotADirectoryError)) and getattr(exc, "filename", None):
        return f"{exc.filename}: no such file or folder (check the path)"
    if isinstance(exc, OSError):
        if getattr(exc, "filename", None):
            return str(read_error(Path(exc.filename), exc))
        return f"{exc.strerror or exc} (check the folder and try again)"
    if isinstance(exc, RecursionError):
        return "a file nests arrays or tables too deeply to read (flatten it; casemark validate names the file)"
    if isinstance(exc, UnicodeError):
        return f"a file is not UTF-8 text: {exc} (save it as UTF-8; casemark validate names the file)"
    if isinstance(exc, MemoryError):
        return "a file is too large to read (casemark validate names it)"
    return None


def crash_line(exc: BaseException, log: Path | None) -> str:
    where = f"the details are in {log}" if log else "no log file could be written"
    line = describe(exc)
    if line is None:
        return f"casemark stopped on an internal error, {type(exc).__name__} ({where}; please report it with that file)"
    return f"casemark stopped: {line} ({where})"


class CrashReport:
    """Mixed into the App before textual's App: an unhandled error exits with one line, not a trace."""

    _crash_error: BaseException | None = None

    def _handle_exception(self, error: Exception) -> None:
        self._crash_error = error
        super()._handle_exception(error)  # type: ignore[misc]  # sets the return code, keeps it for Pilot

    def panic(self, *renderables) -> None:  # an error with __rich__ would be rendered whole
        error = self._crash_error
        if error is not None and len(renderables) == 1 and renderables[0] is error:
            self._crash_error = None
            return self._report(error)
        return super().panic(*renderables)  # type: ignore[misc]

    def _fatal_error(self) -> None:
        error = self._crash_error
        self._crash_error = None
        if error is None:  # pragma: no cover - textual calls this only from _handle_exception
            return super()._fatal_error()  # type: ignore[misc]
        self._report(error)

    def _report(self, error: BaseException) -> None:
        from rich.text import Text

        self.bell()  # type: ignore[attr-defined]
        self._exit_renderables.append(Text(crash_line(error, write_log(error))))  # type: ignore[attr-defined]
        self._close_messages_no_wait()  # type: ignore[attr-defined]
