"""`casemark demo [DIR]`: copy the demo inspection (a fictional service) into a data folder you can write.

DIR is a data folder: the demo goes to DIR/demo-anytown. Without DIR, the default data folder
($CASEMARK_DATA, else ./saved if it exists, else the per-user data folder). An existing demo-anytown is
never overwritten.
"""

from __future__ import annotations

import argparse
import shutil
import sys
from pathlib import Path

import casemark
from casemark.engine.store import INSPECTION_FILE, data_dir_choice

DEMO_ID = "demo-anytown"


def demo_source() -> Path:
    """The shipped demo: inside the installed package (casemark/saved/), or saved/ in a source checkout."""
    here = Path(casemark.__file__).resolve().parent
    for folder in (here / "saved" / DEMO_ID, here.parent / "saved" / DEMO_ID):
        if (folder / INSPECTION_FILE).is_file():
            return folder
    raise FileNotFoundError(f"{here}: the demo inspection is missing from this casemark (reinstall casemark)")


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("demo", help="copy the demo inspection somewhere writable", description=__doc__,
                       formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("dir", nargs="?", type=Path, metavar="DIR", help="the data folder to copy it into (default: the default data folder)")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    root, why = data_dir_choice(args.dir)
    target = root / DEMO_ID
    try:
        source = demo_source()
    except FileNotFoundError as exc:
        print(f"casemark demo: {exc}", file=sys.stderr)
        return 1
    if target.exists():
        print(f"casemark demo: {target} already exists; nothing copied (give another folder: casemark demo DIR)", file=sys.stderr)
        return 1
    if source.resolve() == target.resolve():
        print(f"casemark demo: {target} is the shipped demo itself; nothing copied", file=sys.stderr)
        return 1
    try:
        root.mkdir(parents=True, exist_ok=True)
        shutil.copytree(source, target, ignore=shutil.ignore_patterns("*.lock", "*.conflict*", "__pycache__"))
    except OSError as exc:
        print(f"casemark demo: cannot copy into {root}: {exc.strerror or exc} (give a folder you can write: casemark demo DIR)", file=sys.stderr)
        return 1
    place = "" if args.dir else f" ({why})"
    print(f"copied the demo inspection to {target.resolve()}{place}")
    print(f"open it with: casemark {target}")
    return 0
