"""`casemark new second-mark INSPECTION CASE --inspector NAME`: a blind copy of a case for a
second inspector (cases/<CASE>--2.toml, with only the case details; see docs/reports.md).
The second marker's name is required: --inspector, else $CASEMARK_INSPECTOR.

Added to `casemark new` by new_cmd.py calling `add_second_mark_parser(new_subparsers)`."""

from __future__ import annotations

import argparse
import os
import sys

from casemark.engine.agreement import second_mark
from casemark.engine.opening import locate_inspection
from casemark.engine.store import StoreError

from .common import EXIT_DATA, EXIT_OK, EXIT_USAGE


def add_second_mark_parser(new_subparsers: argparse._SubParsersAction) -> argparse.ArgumentParser:
    p = new_subparsers.add_parser(
        "second-mark",
        help="a blind copy of a case for a second inspector",
        description=__doc__.split("\n\nAdded")[0],
    )
    p.add_argument("inspection", metavar="INSPECTION", help="an inspection id in the data folder, or an inspection folder")
    p.add_argument("case", metavar="CASE", help="the id of the case to second-mark")
    p.add_argument("--inspector", default=os.environ.get("CASEMARK_INSPECTOR", ""),
                   help="the second marker's name, required (default: $CASEMARK_INSPECTOR; must differ from the first marker's)")
    p.add_argument("--data", metavar="DIR", help="the data folder (default: $CASEMARK_DATA, else ./saved if it exists, else the per-user data folder)")
    p.set_defaults(func=run)
    return p


def run(args: argparse.Namespace) -> int:
    if not args.inspector.strip():  # a nameless copy would hold the --2 slot the named one needs
        print("casemark new second-mark: whose marking is it? give --inspector NAME (or set $CASEMARK_INSPECTOR); nothing created",
              file=sys.stderr)
        return EXIT_USAGE
    try:
        where = locate_inspection(args.inspection, args.data)
        store, iid = where.store(), where.inspection
        case = second_mark(store, iid, args.case, args.inspector)
    except (StoreError, ValueError) as exc:
        print(f"casemark new second-mark: {exc}", file=sys.stderr)
        return EXIT_DATA
    path = store.case_path(iid, case.case_id)
    kept = ", ".join(case.answers) or "none"
    print(f"created {path}: a blind second marking of {args.case} (case details kept: {kept}; judgements hidden)")
    print(f"compare the two with: casemark agreement {store.inspection_dir(iid)}")
    return EXIT_OK
