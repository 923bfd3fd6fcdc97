"""The errors of the file layer: each names one file, the key where there is one, what is wrong and the fix.

`StoreError` is the base of every error the store and the TOML file layer raise (engine.store_errors
adds the store's own kinds; engine.store re-exports them all). The command line prints one of these as one line and exits 1;
the app shows it in its own words. No I/O and no UI here.
"""

from __future__ import annotations

import errno
import os
from pathlib import Path

DISK_FULL = {errno.ENOSPC, errno.EFBIG, *([errno.EDQUOT] if hasattr(errno, "EDQUOT") else [])}
NOT_WRITABLE = {errno.EROFS, errno.EACCES, errno.EPERM}


class StoreError(Exception):
    """A problem with one file: `path`, `key` (may be "") and a message `path:key: what (the fix)`."""

    def __init__(self, path: Path | str, key: str, reason: str):
        self.path, self.key, self.reason = Path(path), key, reason
        super().__init__(f"{path}:{key}: {reason}" if key else f"{path}: {reason}")


class UnreadableError(StoreError):
    """A file that cannot be read at all: not a regular file, too large, no permission, a link loop."""


class NotSavedError(StoreError):
    """A write that failed: nothing was changed on disk (every file is as it was)."""


class DiskFullError(NotSavedError):
    """ENOSPC, EDQUOT, EFBIG: the disk (or the quota) is full."""


class NotWritableError(NotSavedError):
    """EROFS, EACCES, EPERM, or a folder that is a symbolic link: the file cannot be written here."""


def mount_point(path: Path) -> Path:
    """The mount point holding `path` (what to free space on)."""
    p = Path(os.path.abspath(path))
    while not p.exists() and p != p.parent:
        p = p.parent
    while p != p.parent and not os.path.ismount(p):
        p = p.parent
    return p


def read_error(path: Path | str, exc: OSError) -> UnreadableError:
    """An OSError met while reading `path`, as an UnreadableError naming the file and the fix."""
    path = Path(path)
    code = exc.errno
    if code in (errno.EACCES, errno.EPERM):
        why = f"cannot be read: permission denied (ask its owner to make it readable, e.g. chmod a+r {path})"
    elif code == errno.ELOOP:
        why = "is a symbolic link that loops or is not allowed here (replace it by the file itself)"
    elif code == errno.EISDIR:
        why = "is a folder, not a file (move the folder away)"
    elif code == errno.ENOTDIR:
        why = f"cannot be reached: {path.parent} is not a folder (move that file away)"
    elif code == errno.ENAMETOOLONG:
        why = "has a name too long for this file system (use a shorter id)"
    else:
        why = f"cannot be read: {exc.strerror or exc} (check the file and its folder)"
    return UnreadableError(path, "", why)


def write_error(path: Path | str, exc: OSError) -> StoreError:
    """An OSError met while writing `path`, as the NotSavedError saying what to do."""
    path = Path(path)
    code = exc.errno
    if code in DISK_FULL:
        return DiskFullError(path, "", f"not saved: the disk is full (free space on {mount_point(path)} and try again; the file is as it was)")
    if code in NOT_WRITABLE:
        what = "the folder is read-only" if code == errno.EROFS else "permission denied"
        folder = path.parent
        while not os.path.lexists(folder) and folder != folder.parent:  # the folder that would have to be written
            folder = folder.parent
        return NotWritableError(path, "", f"not saved: {what} (ask for write access to {folder}, or open it read-only; the file is as it was)")
    if code == errno.ENAMETOOLONG:
        return NotSavedError(path, "", "not saved: the name is too long for this file system (use a shorter id)")
    return NotSavedError(path, "", f"not saved: {exc.strerror or exc} (check the folder {path.parent} and try again; the file is as it was)")
