"""`casemark new inspection|case ...`: create an inspection or a case from the shell.

  casemark new inspection ID --service NAME [--framework youth-2021] [--data DIR]
  casemark new case INSPECTION ID --questionnaire court|oocd [--inspector NAME] [--data DIR]

The data folder is --data, else $CASEMARK_DATA, else ./saved if it exists, else the per-user data
folder (~/.local/share/casemark on Linux). Ids are letters, digits, '-' and '_'.
Nothing that exists is overwritten.
"""

from __future__ import annotations

import argparse

from casemark.engine.errors import write_error
from casemark.engine.opening import locate_inspection
from casemark.engine.store import IMPLICIT, Store, data_dir_choice

from .common import EXIT_OK, add_command, add_data, add_inspection
from .second_mark_cmd import add_second_mark_parser


def register(sub: argparse._SubParsersAction) -> None:
    p = add_command(sub, "new", None, "create an inspection or a case", __doc__, raw=True)
    kinds = p.add_subparsers(dest="kind", metavar="inspection|case|second-mark", required=True)
    i = add_command(kinds, "inspection", new_inspection, "create <data>/ID/inspection.toml", None)
    i.add_argument("id", metavar="ID", help="the inspection id, e.g. anytown-2026")
    i.add_argument("--service", required=True, help="the youth justice service inspected")
    i.add_argument("--framework", default="youth-2021", help="the framework id (default youth-2021)")
    i.add_argument("--inspector", action="append", default=[], metavar="NAME", help="an inspector (repeat for more)")
    add_data(i)
    c = add_command(kinds, "case", new_case, "create <data>/INSPECTION/cases/ID.toml", None)
    add_inspection(c, "inspection", "INSPECTION")
    c.add_argument("id", metavar="ID", help="the case id, e.g. OOC-07")
    c.add_argument("--questionnaire", required=True, metavar="court|oocd", help="the case's questionnaire")
    c.add_argument("--inspector", default="", metavar="NAME", help="the inspector marking the case")
    add_data(c)
    add_second_mark_parser(kinds)


def new_inspection(args: argparse.Namespace) -> int:
    root, why = data_dir_choice(args.data)
    store = Store(root)
    if not root.exists():
        try:
            root.mkdir(parents=True)
        except OSError as exc:
            raise write_error(store.inspection_path(args.id), exc) from None
        if why == IMPLICIT:  # a folder the user did not name: say where it is
            print(f"created the data folder {root.resolve()} ({why})")
    store.create_inspection(args.id, args.service, framework=args.framework, inspectors=list(args.inspector))
    print(f"created {store.inspection_path(args.id)}")
    return EXIT_OK


def new_case(args: argparse.Namespace) -> int:
    where = locate_inspection(args.inspection, args.data)
    store, iid = where.store(), where.inspection
    store.create_case(iid, args.id, args.questionnaire, inspector=args.inspector)
    print(f"created {store.case_path(iid, args.id)}")
    return EXIT_OK
