"""`casemark export DIR --format FORMAT [-o FILE] [--force]`: a report draft or data export of one
inspection, to a file or stdout. Never overwrites an existing file without --force."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from casemark.engine.reports import FORMATS, build
from casemark.engine.reports.output import ExportError, refuse_unreadable, write_export
from casemark.engine.opening import open_inspection
from casemark.engine.store import StoreError

from .common import EXIT_DATA, EXIT_OK, add_command


def register(sub: argparse._SubParsersAction) -> None:
    formats = "\n".join(f"  {name:<15} {what}" for name, what in FORMATS.items())
    p = add_command(sub, "export", run, "export an inspection: report draft (Markdown, HTML), answers CSV, ratings JSON", __doc__ + "\n\nformats:\n" + formats, raw=True)
    p.add_argument("dir", metavar="DIR", help="an inspection folder (holding inspection.toml), or an inspection id in the data folder")
    p.add_argument("--format", "-f", required=True, choices=list(FORMATS), metavar="FORMAT", help="one of: " + ", ".join(FORMATS))
    p.add_argument("--output", "-o", metavar="FILE", help="write to FILE (default: stdout); answers-csv also writes FILE's codebook beside it")
    p.add_argument("--force", action="store_true", help="overwrite FILE if it exists")


def run(args: argparse.Namespace) -> int:
    try:
        source = open_inspection(args.dir)
    except StoreError as exc:
        print(f"casemark export: {exc}", file=sys.stderr)
        return EXIT_DATA
    try:
        refuse_unreadable(source, args.dir)
    except ExportError as exc:
        for bad in source.unreadable:
            print(f"casemark export: {bad.message}", file=sys.stderr)
        print(f"casemark export: {exc}", file=sys.stderr)
        return EXIT_DATA
    if not args.output:
        try:
            sys.stdout.write(build(args.format, source))
            sys.stdout.flush()
        except BrokenPipeError:  # `casemark export DIR -f report-md | head`
            sys.stderr.close()
        return EXIT_OK
    try:
        written = write_export(source, args.format, Path(args.output), args.force)
    except ExportError as exc:
        print(f"casemark export: {exc}", file=sys.stderr)
        return EXIT_DATA
    for path in written:
        print(f"wrote {path}", file=sys.stderr)
    return EXIT_OK
