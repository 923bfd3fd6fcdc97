"""`Store.check`: every problem in an inspection's files, one line `file:key: what is wrong (the fix)`.

What the store would refuse to load (syntax, schema, a file that is not a plain file, an id that
cannot be a file name), what the framework does not allow (engine.answers), and what only the whole
folder shows: a second marking of a case that is not there, case files that differ only in upper
and lower case, temp files left by interrupted writes, a cases/ folder that is a symbolic link.
Lines starting with `WARNING` are worth saying but do not make the files invalid (unknown keys,
kept as they are). Reads only.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

from . import answers as ans
from . import conflicts as records
from .errors import StoreError
from .model import SECOND_MARK_KEY
from .store_errors import ExistsError
from .store_paths import id_problem

if TYPE_CHECKING:
    from .store import Store

WARNING = "warning: "
KNOWN_EXTRA_KEYS = (SECOND_MARK_KEY, "acknowledged")  # top-level keys a case may hold beyond the store's own


def is_warning(line: str) -> bool:
    return line.startswith(WARNING)


def check(store: "Store", iid: str, files: list[Path] | None = None, inspection_file: bool = True) -> tuple[list[str], int]:
    lines: list[str] = []
    given = files is not None
    if inspection_file:
        path = store.inspection_path(iid)
        inspection = None
        try:
            inspection = store.load_inspection(iid)
            fw = store.framework(inspection.framework, path)
            lines += [f"{path}:{p.key}: {p.message}" for p in ans.check_inspection(fw, inspection)]
            lines += [f"{WARNING}{path}:{k}: not a key casemark knows (kept as it is; correct or delete it if it is a typo)" for k in inspection.extra]
        except StoreError as exc:
            lines.append(str(exc))
        lines += store._leftovers(path, inspection, "domain one of the inspection")
    folder = store.cases_dir(iid)
    if files is None:
        if folder.is_symlink():
            lines.append(f"{WARNING}{folder}: is a symbolic link to {os.readlink(folder)}; casemark reads through it but will not save there (replace the link by the folder itself)")
        try:
            files = store._entries(folder)
        except StoreError as exc:
            return lines + [str(exc)], 0
    checked = 0
    loaded = {}
    folded: dict[str, str] = {}
    for path in files:
        name = path.name
        if name.endswith(".lock"):
            continue
        if name.startswith("."):
            if name.endswith(".tmp"):
                lines.append(WARNING + records.temp_line(path))
            elif name.endswith(".take"):
                lines.append(f"{WARNING}{path}: a temp file left by an interrupted lock take-over (delete it if no one is opening a case now)")
            continue
        if records.is_record(path):  # listed with its case file, or here if that is gone
            case_file = path.with_name(name.removesuffix(records.SUFFIX))
            if not case_file.exists():
                lines += store._leftovers(case_file, None, "the case")
            continue
        if ".toml.conflict-" in name:
            original = name.split(".toml.conflict-")[0]
            lines.append(f"{path}: a version of {original}.toml that was not saved because the file had changed (merge it into {original}.toml by hand, then delete it)")
            continue
        if path.suffix != ".toml":
            lines.append(f"{path}: not a case file (case files are <case-id>.toml; move it elsewhere)")
            continue
        why = id_problem(path.stem, "case id")
        if why:
            lines.append(f"{path}: {why} (rename the file)")
            continue
        other = folded.setdefault(path.stem.casefold(), path.stem)
        if other != path.stem:
            lines.append(str(ExistsError(path, "", f"differs from {other}.toml only in upper/lower case (on Windows and macOS the two are one file: rename one)")))
        checked += 1
        try:
            case = store.load_case(iid, path.stem)
            fw = store.framework(case.framework, path)
        except StoreError as exc:
            lines.append(str(exc))
            lines += store._leftovers(path, None, "the case")
            continue
        loaded[case.case_id] = (path, case)
        lines += [f"{path}:{p.key}: {p.message}" for p in ans.check_case(fw, case)]
        if case.status == "excluded" and not case.exclusion_reason:
            lines.append(f"{path}:exclusion_reason: missing for an excluded case (say why it was excluded)")
        lines += [f"{WARNING}{path}:{k}: not a key casemark knows (kept as it is; correct or delete it if it is a typo)" for k in case.extra if k not in KNOWN_EXTRA_KEYS]
        lines += store._leftovers(path, case, "the case")
    known = set(loaded)
    if given:  # only some files checked: the others are still cases of the inspection
        try:
            known |= set(store.case_ids(iid))
        except StoreError:
            pass
    for cid, (path, case) in loaded.items():
        of = case.extra.get(SECOND_MARK_KEY)
        if isinstance(of, str) and of and of != cid and id_problem(of) is None and of not in known:
            lines.append(f"{path}:{SECOND_MARK_KEY}: names case '{of}', which is not in this inspection (correct it, or delete the file if the case was removed)")
    return lines, checked
