"""`casemark new second-mark INSPECTION CASE --inspector NAME`: a blind copy of a case for a
second inspector (cases/<CASE>--2.toml, with only the case details; see docs/reports.md).
The second marker's name is required: --inspector, else $CASEMARK_INSPECTOR.

Added to `casemark new` by new_cmd.py calling `add_second_mark_parser(new_subparsers)`."""

from __future__ import annotations

import argparse
import os

from casemark.engine.agreement import second_mark
from casemark.engine.opening import locate_inspection

from .common import EXIT_OK, EXIT_USAGE, Refusal, add_command, add_data, add_inspection


def add_second_mark_parser(new_subparsers: argparse._SubParsersAction) -> argparse.ArgumentParser:
    p = add_command(new_subparsers, "second-mark", run, "a blind copy of a case for a second inspector", __doc__.split("\n\nAdded")[0])
    add_inspection(p, "inspection", "INSPECTION")
    p.add_argument("case", metavar="CASE", help="the id of the case to second-mark")
    p.add_argument("--inspector", default=os.environ.get("CASEMARK_INSPECTOR", ""),
                   help="the second marker's name, required (default: $CASEMARK_INSPECTOR; must differ from the first marker's)")
    add_data(p)
    return p


def run(args: argparse.Namespace) -> int:
    if not args.inspector.strip():  # a nameless copy would hold the --2 slot the named one needs
        raise Refusal("whose marking is it? give --inspector NAME (or set $CASEMARK_INSPECTOR); nothing created", EXIT_USAGE)
    where = locate_inspection(args.inspection, args.data)
    store, iid = where.store(), where.inspection
    try:
        case = second_mark(store, iid, args.case, args.inspector)
    except ValueError as exc:  # the case cannot be second-marked (engine.agreement.can_second_mark says why)
        raise Refusal(str(exc)) from None
    path = store.case_path(iid, case.case_id)
    kept = ", ".join(case.answers) or "none"
    print(f"created {path}: a blind second marking of {args.case} (case details kept: {kept}; judgements hidden)")
    print(f"compare the two with: casemark agreement {store.inspection_dir(iid)}")
    return EXIT_OK
