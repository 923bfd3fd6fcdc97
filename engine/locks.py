"""Case locks: `cases/<id>.toml.lock`, a small TOML file naming user, host, pid and time.

A lock is created atomically (temp file + hard link, which fails if a lock exists). A lock file is
read without following links (a link planted there is an unreadable lock: refused, never followed),
and the take-over's temp file has an unpredictable name, created O_EXCL|O_NOFOLLOW. A lock whose pid
is dead on this host is stale and is taken over, with a message saying whose it was. A lock held
by a live process, or on another host (whose processes cannot be seen), is reported as held.
"""

from __future__ import annotations

import datetime as dt
import fcntl
import getpass
import os
import socket
from dataclasses import dataclass
from pathlib import Path

from . import tomlfile
from .errors import StoreError, write_error


def this_host() -> str:
    return socket.gethostname()


def this_user() -> str:
    try:
        return getpass.getuser()
    except Exception:  # no login name (containers): fall back to the uid
        return f"uid{os.getuid()}"


def process_start(pid: int) -> int | None:
    """The start time of `pid` in clock ticks since boot (Linux), to tell a reused pid apart."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    fields = stat[stat.rindex(")") + 2 :].split()
    return int(fields[19]) if len(fields) > 19 else None


def pid_alive(pid: int, started: int | None = None) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        pass  # another user's process: alive
    try:
        state = Path(f"/proc/{pid}/stat").read_text()
        if state[state.rindex(")") + 2 :].startswith("Z"):
            return False  # a zombie has exited
    except OSError:
        pass
    if started is not None:
        now = process_start(pid)
        if now is not None and now != started:
            return False  # the pid has been reused by another process
    return True


@dataclass(frozen=True)
class LockInfo:
    """Who holds a lock, as written in the lock file."""

    path: Path
    user: str
    host: str
    pid: int
    since: dt.datetime | None
    started: int | None = None
    readable: bool = True

    def live(self) -> bool:
        """True unless the holder is certainly gone (a dead pid on this host)."""
        if not self.readable or self.host != this_host():
            return True
        return pid_alive(self.pid, self.started)

    def mine(self) -> bool:
        return self.readable and self.host == this_host() and self.pid == os.getpid()

    def describe(self) -> str:
        if not self.readable:
            return f"an unreadable lock file {self.path}"
        when = f" since {self.since.astimezone().strftime('%Y-%m-%d %H:%M')}" if self.since else ""
        return f"{self.user} on {self.host} (pid {self.pid}){when}"


class Held(Exception):
    """The lock is held by a live process: `holder` says whose."""

    def __init__(self, holder: LockInfo):
        self.holder = holder
        super().__init__(holder.describe())


def _lock_bytes(path: Path) -> bytes | None:
    """The lock file's bytes (None if there is none); a link, a FIFO, a folder... reads as b"" (unreadable)."""
    try:
        return tomlfile.read_bytes(path, limit=64 * 1024, follow=False)
    except StoreError:
        return b""


def read_lock(path: Path) -> LockInfo | None:
    data = _lock_bytes(path)
    if data is None:
        return None
    try:
        raw = tomlfile.loads(data)
        since = raw.get("since")
        return LockInfo(
            path=Path(path),
            user=str(raw["user"]),
            host=str(raw["host"]),
            pid=int(raw["pid"]),
            since=since if isinstance(since, dt.datetime) else None,
            started=raw.get("started") if isinstance(raw.get("started"), int) else None,
        )
    except (ValueError, KeyError, TypeError):
        return LockInfo(Path(path), "", "", 0, None, readable=False)


def blocking(path: Path) -> LockInfo | None:
    """The holder of the lock at `path` if another live process holds it, else None."""
    info = read_lock(path)
    if info is None or info.mine() or not info.live():
        return None
    return info


class CaseLock:
    """A held lock; release it with `release()` or use it as a context manager."""

    def __init__(self, path: Path, data: bytes, took_over: LockInfo | None):
        self.path = Path(path)
        self._data = data
        self.took_over = took_over
        self.message = (
            f"{path}: took over a stale lock of {took_over.describe()} (that process has ended)"
            if took_over
            else ""
        )

    @property
    def held(self) -> bool:
        return self._data is not None and _lock_bytes(self.path) == self._data

    def release(self) -> None:
        """Remove the lock file if it is still ours (never someone else's)."""
        if self._data is not None and _lock_bytes(self.path) == self._data:
            try:
                os.unlink(self.path)
            except OSError:  # gone already, or a read-only folder: nothing more to do
                pass
        self._data = None

    def __enter__(self) -> "CaseLock":
        return self

    def __exit__(self, *exc: object) -> None:
        self.release()


def acquire(path: Path, user: str | None = None) -> CaseLock:
    """Take the lock at `path`, taking over a stale one; raise Held if a live process holds it."""
    path = Path(path)
    now = dt.datetime.now(dt.timezone.utc).replace(microsecond=0)
    fields = {"user": user or this_user(), "host": this_host(), "pid": os.getpid(), "since": now}
    started = process_start(os.getpid())
    if started is not None:
        fields["started"] = started
    fields["nonce"] = os.urandom(6).hex()  # tells two locks of one process apart
    data = tomlfile.dumps(fields).encode()
    while True:
        try:
            tomlfile.create_exclusive(path, data)
            return CaseLock(path, data, None)
        except FileExistsError:
            pass
        # A lock exists: under the folder's lock, re-read it and take it over only if stale.
        try:
            dirfd = os.open(path.parent, os.O_RDONLY)
        except OSError as exc:
            raise write_error(path, exc) from None
        try:
            fcntl.flock(dirfd, fcntl.LOCK_EX)
            info = read_lock(path)
            if info is None:
                continue  # released meanwhile: try to create it again
            if info.live():
                raise Held(info)
            tmp = tomlfile.write_temp(path.with_name(path.name + ".take"), data)  # unpredictable, O_EXCL|O_NOFOLLOW
            try:
                os.replace(tmp, path)  # replaces whatever is at path (a planted link too), never follows it
            except BaseException:
                os.unlink(tmp)
                raise
            os.fsync(dirfd)
            return CaseLock(path, data, info)
        except OSError as exc:
            raise write_error(path, exc) from None
        finally:
            os.close(dirfd)
