"""`casemark export DIR --format FORMAT [-o FILE] [--force]`: a report draft or data export of one
inspection, to a file or stdout. Never overwrites an existing file without --force."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from casemark.engine.reports import FORMATS, build
from casemark.engine.reports.output import refuse_unreadable, write_export
from casemark.engine.opening import open_inspection

from .common import EXIT_OK, add_command, add_inspection, printed, report_unreadable


def register(sub: argparse._SubParsersAction) -> None:
    formats = "\n".join(f"  {name:<15} {what}" for name, what in FORMATS.items())
    p = add_command(sub, "export", run, "export an inspection: report draft (Markdown, HTML), answers CSV, ratings JSON", __doc__ + "\n\nformats:\n" + formats, raw=True)
    add_inspection(p)
    p.add_argument("--format", "-f", required=True, choices=list(FORMATS), metavar="FORMAT", help="one of: " + ", ".join(FORMATS))
    p.add_argument("--output", "-o", metavar="FILE", help="write to FILE (default: stdout); answers-csv also writes FILE's codebook beside it")
    p.add_argument("--force", action="store_true", help="overwrite FILE if it exists")


def run(args: argparse.Namespace) -> int:
    source = open_inspection(args.dir)
    if report_unreadable(source.unreadable, "not exported"):
        refuse_unreadable(source, args.dir)  # ExportError: nothing written
    if not args.output:
        printed(sys.stdout.write, build(args.format, source))
        return EXIT_OK
    written = write_export(source, args.format, Path(args.output), args.force)
    for path in written:
        print(f"wrote {path}", file=sys.stderr)
    return EXIT_OK
