"""`casemark merge-driver BASE OURS THEIRS [PATH]`: git's merge driver for casemark files.

Merges three versions of one case or inspection file answer by answer (engine.merge): what only
one side changed is taken; an answer both sides changed to different values keeps THEIRS in the
file and OURS in a conflict record beside PATH (`PATH.conflicts`), which casemark lists and lets
you settle. The result is written into OURS, as git expects. Exit 0: merged cleanly; 1: conflicts
recorded (git marks the file conflicted: settle them, then git add); 2: a version does not parse
(nothing written; merge by hand).

Set it up in a repository of casemark data (see docs/file-format.md):

  git config merge.casemark.name "casemark answer-level merge"
  git config merge.casemark.driver "casemark merge-driver %O %A %B %P"
  echo '*.toml merge=casemark' >> .gitattributes
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from casemark.engine.store import Store, StoreError

from .common import EXIT_OK, Refusal, add_command

EXIT_CONFLICTS = 1  # conflicts recorded: git marks the file conflicted
EXIT_UNPARSED = 2  # a version does not parse: nothing written


def register(sub: argparse._SubParsersAction) -> None:
    p = add_command(sub, "merge-driver", run, "git merge driver: merge three versions of a casemark file answer by answer", __doc__, raw=True)
    p.add_argument("base", type=Path, metavar="BASE", help="the common ancestor (git's %%O)")
    p.add_argument("ours", type=Path, metavar="OURS", help="our version, replaced by the merge (git's %%A)")
    p.add_argument("theirs", type=Path, metavar="THEIRS", help="their version (git's %%B)")
    p.add_argument("path", nargs="?", default="", metavar="PATH", help="the file's path in the repository (git's %%P): names it and places its conflict record")


def run(args: argparse.Namespace) -> int:
    store = Store()
    label = args.path or str(args.ours)
    try:
        conflicted = store.merge_files(args.base, args.ours, args.theirs, args.path)
    except StoreError as exc:
        raise Refusal(str(exc), EXIT_UNPARSED) from None
    result = store.last_merge
    said = result.summary() if result else ""
    if conflicted:
        shown = ", ".join(c.label for c in result.conflicts[:6]) + (f" and {len(result.conflicts) - 6} more" if len(result.conflicts) > 6 else "")
        print(
            f"{label}: {len(result.conflicts)} answer{'s' * (len(result.conflicts) != 1)} changed both ways ({shown}): "
            f"theirs kept in the file, ours in {label}.conflicts (settle them in casemark, then git add {label})"
            + (f"; {said}" if said else ""),
            file=sys.stderr,
        )
        return EXIT_CONFLICTS
    for note in result.notes if result else []:
        print(f"{label}: {note}", file=sys.stderr)
    return EXIT_OK
