"""`casemark validate [PATH]`: check every inspection and case under PATH against its framework.

PATH is a data folder (default: $CASEMARK_DATA, else ./saved), one inspection folder, or one file.
Prints one line per problem, `file:key: what is wrong`, and exits 1 if there is any; otherwise
prints a one-line summary and exits 0. It never modifies a file.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from casemark.engine.opening import PathError, locate
from casemark.engine.store import CASES_DIR, INSPECTION_FILE, Store, default_data_dir
from casemark.engine.store_check import is_warning

from .common import EXIT_DATA, EXIT_OK, add_command


def register(sub: argparse._SubParsersAction) -> None:
    p = add_command(sub, "validate", run, "check every inspection and case file (never modifies them)", __doc__, raw=True)
    p.add_argument("path", nargs="?", type=Path, metavar="PATH", help="a data folder, an inspection folder or one file")


def run(args: argparse.Namespace) -> int:
    path = default_data_dir(args.path)
    problems, inspections, cases = validate(path)
    for line in problems:
        print(line)
    errors = sum(1 for line in problems if not is_warning(line))
    warnings = len(problems) - errors
    also = f" (and {warnings} warning{'s' * (warnings != 1)})" if warnings else ""
    if errors:
        print(f"{errors} problem{'s' * (errors != 1)} in {path}{also}", file=sys.stderr)
        return EXIT_DATA
    print(f"ok: {inspections} inspection{'s' * (inspections != 1)} and {cases} case{'s' * (cases != 1)} checked in {path}, no problems{also}")
    return EXIT_OK


def validate(path: Path) -> tuple[list[str], int, int]:
    """(problem lines, inspections checked, cases checked) for everything under `path`."""
    if path.is_dir() and (os.path.lexists(path / INSPECTION_FILE) or (path / CASES_DIR).is_dir()) and not (path / INSPECTION_FILE).is_file():
        # an inspection folder whose inspection.toml is broken (not a plain file) or gone: say so
        problems, checked = Store(path.parent).check(path.name)
        return problems, 1, checked
    try:
        where = locate(path)
    except PathError as exc:
        return [str(exc)], 0, 0
    store = where.store()
    if where.case is not None:
        problems, checked = store.check(where.inspection, files=[path], inspection_file=False)
        return problems, 0, checked
    if where.inspection is not None:
        if path.name == INSPECTION_FILE:  # that file only
            return store.check(where.inspection, files=[])[0], 1, 0
        if path.name == CASES_DIR:  # the case files only
            problems, checked = store.check(where.inspection, inspection_file=False)
            return problems, 0, checked
        problems, checked = store.check(where.inspection)
        return problems, 1, checked
    store = Store(path)
    problems: list[str] = []
    inspections = cases = 0
    for folder in sorted(p for p in path.iterdir() if p.is_dir() and not p.name.startswith(".")):
        if not os.path.lexists(folder / INSPECTION_FILE):
            if (folder / CASES_DIR).is_dir():
                problems.append(f"{folder / INSPECTION_FILE}: missing (an inspection folder needs one: schema, framework, service)")
            continue
        try:
            found, checked = store.check(folder.name)
        except ValueError as exc:  # a folder name that is not an id
            problems.append(f"{folder}: {exc} (rename the folder)")
            continue
        problems += found
        inspections += 1
        cases += checked
    return problems, inspections, cases
