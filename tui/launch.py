"""`casemark [PATH]`: open the app at a data folder, an inspection folder or a case file."""

from __future__ import annotations

import argparse
import os
import sys
from dataclasses import dataclass
from pathlib import Path

from casemark.engine.store import IMPLICIT, INSPECTION_FILE, CASES_DIR, Store, data_dir_choice


@dataclass(frozen=True)
class Start:
    """Where the app opens: the data folder, and optionally an inspection and a case in it."""

    root: Path
    inspection: str | None = None
    case: str | None = None


class PathError(ValueError):
    """PATH is not a data folder, an inspection folder or a case file."""


def resolve(path: Path) -> Start:
    """Tell what PATH is: a case file (…/<inspection>/cases/<case>.toml), an inspection folder
    (it holds inspection.toml) or a data folder (anything else that is a folder)."""
    if path.is_file():
        if path.suffix != ".toml" or path.parent.name != CASES_DIR or not (path.parent.parent / INSPECTION_FILE).is_file():
            raise PathError(
                f"{path}: not a case file (a case file is <data>/<inspection>/{CASES_DIR}/<case>.toml "
                f"beside <inspection>/{INSPECTION_FILE}); give a data folder, an inspection folder or a case file"
            )
        inspection = path.parent.parent
        return Start(inspection.parent, inspection.name, path.stem)
    if path.is_dir():
        if (path / INSPECTION_FILE).is_file():
            return Start(path.resolve().parent, path.resolve().name)
        if path.name == CASES_DIR and (path.parent / INSPECTION_FILE).is_file():
            return Start(path.resolve().parent.parent, path.resolve().parent.name)
        return Start(path)
    raise PathError(f"{path}: no such file or folder (give a data folder, an inspection folder or a case file)")


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="casemark",
        description="Mark youth justice inspection cases; ratings computed live. Other commands: casemark --help.",
    )
    p.add_argument(
        "path",
        nargs="?",
        help="a data folder, an inspection folder or a case file (default: $CASEMARK_DATA, else ./saved if it exists, else the per-user data folder)",
    )
    p.add_argument("--inspector", default=os.environ.get("CASEMARK_INSPECTOR"), help="your name, kept in the cases you create and in locks (default: $CASEMARK_INSPECTOR, else your login)")
    return p


def run_app(argv: list[str]) -> int:
    args = parser().parse_args(argv)
    path, why = data_dir_choice(args.path)
    if args.path is None and not path.exists():
        path.mkdir(parents=True)  # the default data folder: created on first use
        if why == IMPLICIT:  # a folder the user did not name: say where it is
            print(f"casemark: created the data folder {path.resolve()} ({why})", file=sys.stderr)
    try:
        start = resolve(path)
    except PathError as exc:
        print(f"casemark: {exc}", file=sys.stderr)
        return 2
    from .app import CasemarkApp  # Textual only once the arguments are good

    app = CasemarkApp(Store(start.root), inspection=start.inspection, case=start.case, inspector=args.inspector)
    result = app.run()
    return int(result or app.return_code or 0)
