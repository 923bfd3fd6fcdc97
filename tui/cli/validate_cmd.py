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

from casemark.engine.store import CASES_DIR, INSPECTION_FILE, Store, StoreError, default_data_dir
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
    if not path.exists():
        return [f"{path}: no such file or folder (give a data folder, an inspection folder or a file)"], 0, 0
    if path.is_file():
        folder = path.parent
        if path.name == INSPECTION_FILE:
            problems, _ = Store(folder.parent).check(folder.name, files=[])
            return problems, 1, 0
        if folder.name == CASES_DIR and (folder.parent / INSPECTION_FILE).exists():
            inspection = folder.parent
            problems, checked = Store(inspection.parent).check(inspection.name, files=[path], inspection_file=False)
            return problems, 0, checked
        return [f"{path}: neither an inspection.toml nor a case file in <inspection>/cases/"], 0, 0
    if os.path.lexists(path / INSPECTION_FILE) or (path / CASES_DIR).is_dir():  # an inspection folder, even if its inspection.toml is broken or gone
        problems, checked = Store(path.parent).check(path.name)
        return problems, 1, checked
    if path.name == CASES_DIR and (path.parent / INSPECTION_FILE).exists():
        problems, checked = Store(path.parent.parent).check(path.parent.name, inspection_file=False)
        return problems, 0, checked
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
