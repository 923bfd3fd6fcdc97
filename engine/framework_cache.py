"""Frameworks kept parsed between runs (a JSON file per framework folder), for a faster start of the app.

The cache holds data only: JSON of the parsed framework, rebuilt into casemark.framework.model's
dataclasses (only those, by name, with their own fields), checked against a digest first. Whoever
can write the cache folder can at worst make casemark load the framework from its TOML again: no
code is ever run from it."""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import sys
import tempfile
from fractions import Fraction
from pathlib import Path
from typing import Any, Callable

from casemark.framework import Framework
from casemark.framework import model as fw_model
from casemark.framework import sources as fw_sources

from . import tomlfile
from .errors import StoreError
from .store import Store


class FrameworkCache:
    """Frameworks as loaded and validated, kept as JSON: opening a case then does not parse
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
            data = tomlfile.read_bytes(store.inspection_path(iid))  # a FIFO or a device is refused, never read
            fid = tomlfile.loads(data).get("framework") if data is not None else None
        except (OSError, ValueError, StoreError):
            return None
        return store.framework_dir(fid)

    def digest(self, fw_dir: Path) -> bytes:
        h = hashlib.sha256(sys.version.encode())
        for path in [*self.CODE, *sorted(fw_dir.rglob("*.toml"))]:
            h.update(str(path).encode() + b"\0" + (tomlfile.read_bytes(path) or b"") + b"\0")
        return h.hexdigest().encode()

    def file(self, fw_dir: Path) -> Path:
        where = hashlib.sha256(str(fw_dir.resolve()).encode()).hexdigest()[:12]
        return self.folder / f"framework-{fw_dir.name}-{where}.json"

    def get(self, fw_dir: Path) -> Framework | None:
        try:
            file = self.file(fw_dir)
            if hasattr(os, "getuid") and file.stat().st_uid != os.getuid():
                return None  # only our own files are read
            data = tomlfile.read_bytes(file, limit=64 * 1024 * 1024, follow=False)  # a plain file of ours, never a FIFO or a link
            if data is None:
                return None
            digest, _, body = data.partition(b"\n")
            if digest != self.digest(fw_dir):
                return None
            framework = from_json(body)
            if not isinstance(framework, Framework) or not all(Path(doc.path).is_file() for doc in framework.sources):
                return None  # a source text gone since (the digest is of the TOML): the loader names it
        except Exception:  # anything wrong with the file: load the framework from its TOML
            return None
        return framework

    def put(self, fw_dir: Path, framework: Framework) -> None:
        try:
            self.folder.mkdir(mode=0o700, parents=True, exist_ok=True)
            data = self.digest(fw_dir) + b"\n" + json.dumps(to_json(framework), ensure_ascii=False, separators=(",", ":")).encode()
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


# -- the framework as JSON: data only -----------------------------------------------------------

CLASSES = {
    cls.__name__: cls
    for module in (fw_model, fw_sources)  # the framework's own data classes, and nothing else
    for cls in vars(module).values()
    if isinstance(cls, type) and dataclasses.is_dataclass(cls) and cls.__module__ == module.__name__
}


def to_json(value: Any) -> Any:
    """A framework (or any part of it) as JSON-able data: a dataclass is {"@": its name, field: value}
    (fields at their default left out), a tuple {"@": "tuple", "i": [...]}, a dict {"@": "dict", "i":
    [[key, value], ...]}, a fraction {"@": "fraction", "v": "1/3"}."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        name = type(value).__name__
        if CLASSES.get(name) is not type(value):
            raise TypeError(f"{name} is not a framework class")
        out = {"@": name}
        for f in dataclasses.fields(value):
            if f.init and not f.name.startswith("_"):
                v = getattr(value, f.name)
                if f.default is dataclasses.MISSING or v != f.default:
                    out[f.name] = to_json(v)
        return out
    if isinstance(value, tuple):
        return {"@": "tuple", "i": [to_json(v) for v in value]}
    if isinstance(value, list):
        return [to_json(v) for v in value]
    if isinstance(value, dict):
        if not all(isinstance(k, str) for k in value):
            raise TypeError("only string keys")
        return {"@": "dict", "i": [[k, to_json(v)] for k, v in value.items()]}
    if isinstance(value, Fraction):
        return {"@": "fraction", "v": str(value)}
    if value is None or isinstance(value, (str, bool, int, float)):
        return value
    raise TypeError(f"cannot keep a {type(value).__name__} in the framework cache")


def _build(obj: dict) -> Any:
    tag = obj.pop("@")
    if tag == "tuple":
        return tuple(obj["i"])
    if tag == "dict":
        return {str(k): v for k, v in obj["i"]}
    if tag == "fraction":
        return Fraction(obj["v"])
    cls = CLASSES[tag]  # KeyError for any other name: the cache is not used
    if not set(obj) <= _FIELDS[tag]:
        raise ValueError(f"fields of {tag} do not match")
    return cls(**obj)


_FIELDS = {name: {f.name for f in dataclasses.fields(cls) if f.init and not f.name.startswith("_")} for name, cls in CLASSES.items()}


def from_json(text: str | bytes) -> Any:
    """The inverse of `to_json`, from the JSON text: builds only framework dataclasses named in
    CLASSES, from their own fields (anything else: KeyError, ValueError or TypeError)."""
    return json.loads(text, object_hook=_build)
