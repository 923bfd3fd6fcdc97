"""`casemark schema [FRAMEWORK] [--kind any|case|inspection] [-o FILE]`: a JSON Schema of the case
and inspection files, for editors that check TOML (taplo, Even Better TOML; see docs/file-format.md).

With FRAMEWORK (an id or a framework folder) every answer is checked against its question too."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from casemark.engine.file_schema import file_schema
from casemark.framework import load_framework

from .common import EXIT_OK, Refusal, add_command


def register(sub: argparse._SubParsersAction) -> None:
    p = add_command(sub, "schema", run, "write a JSON Schema of the case and inspection files", __doc__, raw=True)
    p.add_argument("framework", nargs="?", metavar="FRAMEWORK", help="a framework id or folder: check the answers against it too")
    p.add_argument("--kind", choices=("any", "case", "inspection"), default="any",
                   help="the files it describes (default any: a file with a questionnaire key is a case file)")
    p.add_argument("--output", "-o", metavar="FILE", type=Path, help="write to FILE (default: stdout); an existing FILE is replaced")


def run(args: argparse.Namespace) -> int:
    framework = load_framework(args.framework) if args.framework else None  # FrameworkError: run_command lists its problems
    text = json.dumps(file_schema(framework, args.kind), ensure_ascii=False, indent=2) + "\n"
    if not args.output:
        sys.stdout.write(text)
        return EXIT_OK
    try:
        args.output.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise Refusal(f"cannot write {args.output}: {exc.strerror} (check the folder exists and is writable)") from None
    print(f"wrote {args.output}", file=sys.stderr)
    return EXIT_OK
