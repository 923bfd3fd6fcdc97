"""`casemark [PATH]`: open the app at a data folder, an inspection folder, a case file or an
inspection id in the data folder (PATH read by `engine.opening.locate`, as every command reads it)."""

from __future__ import annotations

import argparse
import os
import sys

from casemark.engine.opening import Location, PathError, locate
from casemark.engine.store import IMPLICIT, Store, data_dir_choice


Start = Location  # where the app opens: the data folder, and optionally an inspection and a case in it
resolve = locate  # PATH is read as every command reads it (engine.opening.locate)


def parser(commands: str = "Other commands: casemark --help.") -> argparse.ArgumentParser:
    """The one parser of `casemark [PATH]`; `casemark --help` gives it the list of commands."""
    p = argparse.ArgumentParser(
        prog="casemark",
        description="Mark youth justice inspection cases; ratings computed live.",
        epilog=commands,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument(
        "path",
        nargs="?",
        help="a data folder, an inspection folder, a case file or an inspection id (default: $CASEMARK_DATA, else ./saved if it exists, else the per-user data folder)",
    )
    p.add_argument("--inspector", default=os.environ.get("CASEMARK_INSPECTOR"), help="your name, kept in the cases you create and in locks (default: $CASEMARK_INSPECTOR, else your login)")
    return p


def run_app(argv: list[str]) -> int:
    args = parser().parse_args(argv)
    path, why = data_dir_choice(None)
    if args.path is None and not path.exists():
        path.mkdir(parents=True)  # the default data folder: created on first use
        if why == IMPLICIT:  # a folder the user did not name: say where it is
            print(f"casemark: created the data folder {path.resolve()} ({why})", file=sys.stderr)
    try:
        start = locate(args.path)
    except PathError as exc:
        print(f"casemark: {exc}", file=sys.stderr)
        return 2
    from .app import CasemarkApp  # Textual only once the arguments are good

    app = CasemarkApp(Store(start.root), inspection=start.inspection, case=start.case, inspector=args.inspector)
    result = app.run()
    return int(result or app.return_code or 0)
