"""Load a framework folder of TOML and validate it, reporting every problem as `file:key: reason`.

The public face (`load_framework`, `framework_ids`, the in-memory registry `loaded`/`remember`) and
the order of the reading; each part is read in its own module: reader.py (the files, the field
checks, the problems), options.py, standards.py, questionnaires.py with questions.py and
conditions.py, rules.py, and sources.py.
"""

from __future__ import annotations

import re
from pathlib import Path

from .conditions import CONDITION_OPERATORS
from .model import Framework
from .options import BUILTIN_OPTIONS, option_lists
from .problems import FrameworkError, Problems
from .questionnaires import REASONS_NOTE, REASONS_TEXT, QuestionnaireReader
from .questions import QUESTION_ID
from .reader import Reader
from .rules import read_rules
from .sources import read_sources
from .standards import StandardsIndex, read_standards

__all__ = [
    "BUILTIN_OPTIONS", "CONDITION_OPERATORS", "FRAMEWORKS_DIR", "QUESTION_ID", "REASONS_NOTE", "REASONS_TEXT",
    "FrameworkError", "framework_ids", "load_framework", "loaded", "remember",
]

FRAMEWORKS_DIR = Path(__file__).resolve().parent


def framework_ids(root: Path = FRAMEWORKS_DIR) -> list[str]:
    """The frameworks installed under `root`: folders holding a framework.toml."""
    return sorted(p.parent.name for p in root.glob("*/framework.toml"))


_CACHE: dict[Path, Framework] = {}  # the one in-memory registry: framework folder -> framework


def loaded(folder: Path) -> Framework | None:
    """The framework already loaded from `folder` (a resolved path), without touching the disk."""
    return _CACHE.get(folder)


def remember(framework: Framework, folder: Path) -> None:
    """Use `framework` (loaded elsewhere: engine.framework_cache's parsed copy) for `folder` from now on."""
    _CACHE.setdefault(Path(folder).resolve(), framework)


def load_framework(id_or_path: str | Path, root: Path = FRAMEWORKS_DIR) -> Framework:
    """Load and validate a framework by id (a folder under `root`) or by folder path. Cached."""
    path = Path(id_or_path)
    if not (path / "framework.toml").exists():
        candidate = root / str(id_or_path)
        if not re.fullmatch(r"[A-Za-z0-9_-]+", str(id_or_path)) or not (candidate / "framework.toml").exists():
            known = ", ".join(framework_ids(root)) or "none"
            problems = Problems()
            problems.add(str(id_or_path), "", f"no such framework (installed: {known})", "unknown")
            raise FrameworkError(problems)
        path = candidate
    path = path.resolve()
    if path not in _CACHE:
        _CACHE[path] = _Loader(path).load()
    return _CACHE[path]


class _Loader:
    """One framework folder read in order: every file parsed, then framework.toml's id and option
    lists, standards.toml, each questionnaire, and last framework.toml's sources and rules."""

    def __init__(self, path: Path):
        self.path = path
        self.reader = Reader(path)

    def load(self) -> Framework:
        reader = self.reader
        qdir = self.path / "questionnaires"
        files = ["framework.toml", "standards.toml"]
        files += [f"questionnaires/{f.name}" for f in sorted(qdir.glob("*.toml"))] if qdir.is_dir() else []
        reader.parse(files)
        if reader.problems:
            raise FrameworkError(reader.problems)
        meta = reader.read("framework.toml")
        meta_file = reader.file
        fid = reader.field(meta, "id", "", str, "")
        if fid and fid != self.path.name:
            reader.problem("id", f"'{fid}' differs from the folder name '{self.path.name}' (make them equal)")
        options, option_sources = option_lists(reader, meta)
        index = StandardsIndex(read_standards(reader))

        questionnaires = {}
        questionnaire_reader = QuestionnaireReader(reader, index, options)
        for relative in files[2:]:
            questionnaire = questionnaire_reader.questionnaire(relative)
            if questionnaire:
                if questionnaire.id in questionnaires:
                    reader.problem("id", f"duplicate questionnaire id '{questionnaire.id}'")
                questionnaires[questionnaire.id] = questionnaire
        if not questionnaires:
            reader.problems.add(str(qdir), "", "no questionnaires (add questionnaires/<id>.toml)")

        reader.file = meta_file
        sources = read_sources(meta.get("sources"), self.path, reader.problem)
        rules = read_rules(reader, reader.table(meta, "rules", ""), questionnaires, index)
        title, source = reader.optional(meta, "title", "", str, fid), reader.optional(meta, "source", "", str, "")
        version = reader.optional(meta, "version", "", (str, int), "", 'a string such as "2021"')
        if reader.problems:
            raise FrameworkError(reader.problems)
        return Framework(
            id=fid,
            title=title,
            source=source,
            version=str(version),
            path=str(self.path),
            domains=index.domains,
            rules=rules,
            questionnaires=questionnaires,
            option_lists=options,
            option_sources=option_sources,
            sources=sources,
        )
