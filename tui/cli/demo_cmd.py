"""`casemark demo [DIR]`: copy the demo inspection (a fictional service) into a data folder you can write.

DIR is a data folder: the demo goes to DIR/demo-anytown. Without DIR, the default data folder
($CASEMARK_DATA, else ./saved if it exists, else the per-user data folder). An existing demo-anytown is
never overwritten.
"""

from __future__ import annotations

import argparse
import shutil
from pathlib import Path

import casemark
from casemark.engine.store import INSPECTION_FILE, data_dir_choice

from .common import EXIT_OK, Refusal, add_command

DEMO_ID = "demo-anytown"


def demo_source() -> Path:
    """The shipped demo: inside the installed package (casemark/saved/), or saved/ in a source checkout."""
    here = Path(casemark.__file__).resolve().parent
    for folder in (here / "saved" / DEMO_ID, here.parent / "saved" / DEMO_ID):
        if (folder / INSPECTION_FILE).is_file():
            return folder
    raise Refusal(f"{here}: the demo inspection is missing from this casemark (reinstall casemark)")


def register(sub: argparse._SubParsersAction) -> None:
    p = add_command(sub, "demo", run, "copy the demo inspection somewhere writable", __doc__, raw=True)
    p.add_argument("dir", nargs="?", type=Path, metavar="DIR", help="the data folder to copy it into (default: the default data folder)")


def run(args: argparse.Namespace) -> int:
    root, why = data_dir_choice(args.dir)
    target = root / DEMO_ID
    source = demo_source()
    if target.exists():
        raise Refusal(f"{target} already exists; nothing copied (give another folder: casemark demo DIR)")
    if source.resolve() == target.resolve():
        raise Refusal(f"{target} is the shipped demo itself; nothing copied")
    try:
        root.mkdir(parents=True, exist_ok=True)
        shutil.copytree(source, target, ignore=shutil.ignore_patterns("*.lock", "*.conflict*", "__pycache__"))
    except OSError as exc:
        raise Refusal(f"cannot copy into {root}: {exc.strerror or exc} (give a folder you can write: casemark demo DIR)") from None
    place = "" if args.dir else f" ({why})"
    print(f"copied the demo inspection to {target.resolve()}{place}")
    print(f"open it with: casemark {target}")
    return EXIT_OK
