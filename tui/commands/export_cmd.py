"""`casemark export DIR --format FORMAT [-o FILE] [--force]`: a report draft or data export of one
inspection, to a file or stdout. Never overwrites an existing file without --force."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from engine.reports import FORMATS, build
from engine.reports.source import open_inspection
from engine.store import StoreError

CODEBOOK_SUFFIX = ".questions.csv"


def register(sub: argparse._SubParsersAction) -> None:
    formats = "\n".join(f"  {name:<15} {what}" for name, what in FORMATS.items())
    p = sub.add_parser(
        "export",
        help="export an inspection: report draft (Markdown, HTML), answers CSV, ratings JSON",
        description=__doc__ + "\n\nformats:\n" + formats,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("dir", metavar="DIR", help="the inspection folder (holding inspection.toml)")
    p.add_argument("--format", "-f", required=True, choices=list(FORMATS), metavar="FORMAT", help="one of: " + ", ".join(FORMATS))
    p.add_argument("--output", "-o", metavar="FILE", help="write to FILE (default: stdout); answers-csv also writes FILE's codebook beside it")
    p.add_argument("--force", action="store_true", help="overwrite FILE if it exists")
    p.set_defaults(func=run)


def codebook_path(output: Path) -> Path:
    """answers.csv -> answers.questions.csv"""
    return output.with_name(output.stem + CODEBOOK_SUFFIX)


def write_new(path: Path, text: str, force: bool) -> None:
    """Write atomically; without `force`, refuse (FileExistsError) if `path` exists, even if it
    appears meanwhile."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    with open(tmp, "w", encoding="utf-8", newline="") as fh:
        fh.write(text)
        fh.flush()
        os.fsync(fh.fileno())
    try:
        if force:
            os.replace(tmp, path)
        else:
            try:
                os.link(tmp, path)  # fails if path exists: no race with another writer
            except FileExistsError:
                raise
            except OSError:  # a file system without hard links
                with open(path, "x", encoding="utf-8", newline="") as fh:
                    fh.write(text)
    finally:
        if tmp.exists():
            tmp.unlink()


def run(args: argparse.Namespace) -> int:
    try:
        source = open_inspection(args.dir)
    except StoreError as exc:
        print(f"casemark export: {exc}", file=sys.stderr)
        return 1
    if source.unreadable:
        for bad in source.unreadable:
            print(f"casemark export: {bad.message}", file=sys.stderr)
        print(
            f"casemark export: nothing written: {len(source.unreadable)} case file(s) cannot be read, so the export "
            f"would leave them out (fix them first; casemark validate {args.dir} lists every problem)",
            file=sys.stderr,
        )
        return 1
    text = build(args.format, source)
    if not args.output:
        try:
            sys.stdout.write(text)
            sys.stdout.flush()
        except BrokenPipeError:  # `casemark export DIR -f report-md | head`
            sys.stderr.close()
        return 0
    targets = [(Path(args.output), text)]
    if args.format == "answers-csv":
        targets.append((codebook_path(Path(args.output)), build("questions-csv", source)))
    if not args.force:
        existing = [str(path) for path, _ in targets if path.exists()]
        if existing:
            print(f"casemark export: {', '.join(existing)} already exists; nothing written (add --force to overwrite, or choose another -o FILE)", file=sys.stderr)
            return 1
    for path, content in targets:
        try:
            write_new(path, content, args.force)
        except FileExistsError:
            print(f"casemark export: {path} appeared meanwhile; not overwritten (add --force to overwrite)", file=sys.stderr)
            return 1
        except OSError as exc:
            print(f"casemark export: cannot write {path}: {exc.strerror} (check the folder exists and is writable)", file=sys.stderr)
            return 1
        print(f"wrote {path}", file=sys.stderr)
    return 0
