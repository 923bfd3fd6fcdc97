"""The frameworks a store knows: found by id under its `framework_root` first, then casemark's own
(`framework_dir`, the one framework lookup), loaded once per process (framework.loader keeps them),
and a questionnaire of one. Whatever is unknown or broken is a ParseError naming the file and key
that asked for it.

`FrameworkLookup` is a mixin of engine.store.Store (it needs the Store's `framework_root` and
`_framework_dirs`). No UI here.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from casemark.framework import FRAMEWORKS_DIR, FrameworkError, framework_ids, load_framework
from casemark.framework.loader import loaded, remember
from casemark.framework.model import Framework, Questionnaire

from .store_errors import ParseError
from .store_paths import valid_id


class FrameworkLookup:
    """Store methods: `framework`, `framework_dir`, `keep_framework`, `framework_ids`, `questionnaire`."""

    framework_root: Path
    _framework_dirs: dict[str, Path]  # framework id -> its folder, looked up once per store

    def framework(self, fid: str, path: Path | None = None, key: str = "framework") -> Framework:
        """Framework `fid`, found by `framework_dir` and loaded once per process (framework.loader
        keeps it); a ParseError naming `path` and `key` if it is unknown or broken."""
        where = path or self.framework_root
        if not valid_id(fid):
            raise ParseError(where, key, f"{fid!r} is not a framework id (use one of {', '.join(self.framework_ids())})")
        folder = self._framework_dirs.get(fid)
        if folder is None:
            found = self.framework_dir(fid)
            if found is None:
                raise ParseError(where, key, f"unknown framework '{fid}' (installed: {', '.join(self.framework_ids())}; correct the id)")
            folder = self._framework_dirs[fid] = found.resolve()
        try:
            return loaded(folder) or load_framework(folder)
        except FrameworkError as exc:
            raise ParseError(where, key, f"framework '{fid}' does not load: {exc.problems[0]} ({len(exc.problems)} problems; run casemark framework {fid})") from None

    def framework_dir(self, fid: object) -> Path | None:
        """The folder framework `fid` is loaded from: under `framework_root` first, then casemark's
        own frameworks; None if neither has it (or `fid` is not an id). The one framework lookup."""
        if not (isinstance(fid, str) and valid_id(fid)):
            return None
        for root in (self.framework_root, FRAMEWORKS_DIR):
            if (root / fid / "framework.toml").is_file():
                return root / fid
        return None

    def keep_framework(self, framework: Framework) -> None:
        """Use `framework` (loaded elsewhere, e.g. from engine.framework_cache) for its id from now on."""
        folder = self.framework_dir(framework.id)
        if folder is not None:
            remember(framework, folder)

    def framework_ids(self) -> list[str]:
        """The frameworks this store can load: those under `framework_root` and casemark's own."""
        return sorted(set(framework_ids(self.framework_root)) | set(framework_ids(FRAMEWORKS_DIR)))

    def questionnaire(self, fw: Framework, qid: Any, path: Path, key: str = "questionnaire", kind: str = "case") -> Questionnaire:
        qn = fw.questionnaires.get(qid) if isinstance(qid, str) else None
        if qn is None or qn.kind != kind:
            known = ", ".join(q.id for q in fw.questionnaires.values() if q.kind == kind)
            raise ParseError(path, key, f"unknown questionnaire {qid!r} in framework '{fw.id}' (use one of {known})")
        return qn
