"""Frameworks kept parsed between runs (a pickle per framework folder), for a faster start of the app."""

from __future__ import annotations

import hashlib
import os
import pickle
import sys
import tempfile
import tomllib
from pathlib import Path
from typing import Callable

from casemark.framework import Framework

from .store import Store, StoreError


class FrameworkCache:
    """Frameworks as loaded and validated, kept as pickles: opening a case then does not parse
    and check the framework's TOML again (the largest cost of a start after the imports).

    A copy is used only when its digest matches a digest of the framework folder's files, of the
    framework package's code and of Python's version, so an edit to any of them is never missed;
    one file per framework folder, replaced when it changes. The folder is $CASEMARK_CACHE, else
    $XDG_CACHE_HOME/casemark, else ~/.cache/casemark. Whatever is wrong with the cache (missing,
    unreadable, not ours, corrupt) is ignored: the framework is then loaded as usual.
    """

    CODE = sorted((Path(__file__).resolve().parent.parent / "framework").glob("*.py"))

    def __init__(self, folder: Path | None = None):
        if folder is None:
            if os.environ.get("CASEMARK_CACHE"):
                folder = Path(os.environ["CASEMARK_CACHE"])
            else:
                folder = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "casemark"
        self.folder = folder

    @staticmethod
    def framework_dir(store: Store, iid: str) -> Path | None:
        """The folder of the inspection's framework, found as `Store.framework` finds it."""
        try:
            fid = tomllib.loads(store.inspection_path(iid).read_text(encoding="utf-8")).get("framework")
        except (OSError, ValueError, StoreError):
            return None
        return store.framework_dir(fid)

    def digest(self, fw_dir: Path) -> bytes:
        h = hashlib.sha256(sys.version.encode())
        for path in [*self.CODE, *sorted(fw_dir.rglob("*.toml"))]:
            h.update(str(path).encode() + b"\0" + path.read_bytes() + b"\0")
        return h.hexdigest().encode()

    def file(self, fw_dir: Path) -> Path:
        where = hashlib.sha256(str(fw_dir.resolve()).encode()).hexdigest()[:12]
        return self.folder / f"framework-{fw_dir.name}-{where}.pickle"

    def get(self, fw_dir: Path) -> Framework | None:
        try:
            file = self.file(fw_dir)
            if hasattr(os, "getuid") and file.stat().st_uid != os.getuid():
                return None  # only our own pickles are read
            data = file.read_bytes()
            digest, _, body = data.partition(b"\n")
            if digest != self.digest(fw_dir):
                return None
            framework = pickle.loads(body)
        except Exception:
            return None
        return framework if isinstance(framework, Framework) else None

    def put(self, fw_dir: Path, framework: Framework) -> None:
        try:
            self.folder.mkdir(mode=0o700, parents=True, exist_ok=True)
            data = self.digest(fw_dir) + b"\n" + pickle.dumps(framework, protocol=pickle.HIGHEST_PROTOCOL)
            fd, tmp = tempfile.mkstemp(dir=self.folder, prefix=".framework-")
            with os.fdopen(fd, "wb") as fh:
                fh.write(data)
            os.replace(tmp, self.file(fw_dir))
        except Exception:
            pass  # no cache: the next start loads the framework as usual

    def prime(self, store: Store, iid: str) -> Callable[[], None]:
        """Give `store` the inspection's framework from the cache if it holds a current copy.
        Returns what to run later (off the UI thread) to keep a copy if it did not."""
        fw_dir = self.framework_dir(store, iid)
        if fw_dir is None:
            return lambda: None
        cached = self.get(fw_dir)
        if cached is not None and cached.id == fw_dir.name:
            store.keep_framework(cached)
            return lambda: None
        return lambda: self.put(fw_dir, store.framework(fw_dir.name))
