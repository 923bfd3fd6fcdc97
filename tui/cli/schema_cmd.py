"""`casemark schema [FRAMEWORK] [--kind any|case|inspection] [-o FILE]`: a JSON Schema of the case
and inspection files, for editors that check TOML (taplo, Even Better TOML; see docs/file-format.md).

With FRAMEWORK (an id or a framework folder) every answer is checked against its question too."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from casemark.engine.file_schema import file_schema
from casemark.framework import FrameworkError, load_framework


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("schema", help="write a JSON Schema of the case and inspection files", description=__doc__,
                       formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("framework", nargs="?", metavar="FRAMEWORK", help="a framework id or folder: check the answers against it too")
    p.add_argument("--kind", choices=("any", "case", "inspection"), default="any",
                   help="the files it describes (default any: a file with a questionnaire key is a case file)")
    p.add_argument("--output", "-o", metavar="FILE", type=Path, help="write to FILE (default: stdout); an existing FILE is replaced")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    framework = None
    if args.framework:
        try:
            framework = load_framework(args.framework)
        except FrameworkError as exc:
            print("\n".join(exc.problems), file=sys.stderr)
            return 1
    text = json.dumps(file_schema(framework, args.kind), ensure_ascii=False, indent=2) + "\n"
    if not args.output:
        sys.stdout.write(text)
        return 0
    try:
        args.output.write_text(text, encoding="utf-8")
    except OSError as exc:
        print(f"casemark schema: cannot write {args.output}: {exc.strerror} (check the folder exists and is writable)", file=sys.stderr)
        return 1
    print(f"wrote {args.output}", file=sys.stderr)
    return 0
