"""`casemark ratings DIR|ID [--json|--csv|--markdown] [--explain]`: one inspection's ratings, no UI.

A table on a terminal (rich), plain text in a pipe. Unreadable case files are named on stderr and
the ratings come from the readable ones, with exit code 1 so that scripts notice. Never imports
Textual: this is the command people run in scripts and CI.
"""

from __future__ import annotations

import argparse
import json
import sys

from casemark.engine import render
from casemark.engine.explain import kq_name
from casemark.engine.ratings import InspectionRatings
from casemark.engine.opening import open_inspection
from casemark.framework.model import NOT_RATED

from .common import EXIT_OK, EXIT_USAGE, Refusal, add_command, add_inspection, printed, report_unreadable

STYLES = {
    "outstanding": "bold green",
    "good": "green",
    "requires-improvement": "yellow",
    "inadequate": "bold red",
    NOT_RATED: "dim",
}


def register(sub: argparse._SubParsersAction) -> None:
    p = add_command(sub, "ratings", run, "print one inspection's ratings (table, JSON, CSV or Markdown)", __doc__, raw=True)
    add_inspection(p)
    fmt = p.add_mutually_exclusive_group()
    fmt.add_argument("--json", action="store_true", help="the ratings object (docs/design.md, 'The command line'), with explanations")
    fmt.add_argument("--csv", action="store_true", help="one row per key question")
    fmt.add_argument("--markdown", action="store_true", help="a table ready for a report")
    p.add_argument("--explain", action="store_true", help="add why each rating is what it is")


def run(args: argparse.Namespace) -> int:
    if args.explain and args.csv:
        raise Refusal("--explain has no place in --csv (one row per key question, no reasons column); "
                      "use --json (it holds every explanation) or --markdown --explain", EXIT_USAGE)
    opened = open_inspection(args.dir)
    result, service = opened.ratings, opened.inspection.service
    if sys.stdout.isatty() and not (args.json or args.csv or args.markdown):
        shown = printed(print_table, result, service, args.explain)
    else:
        shown = printed(sys.stdout.write, as_text(args, result, opened.framework, service))
    if not shown:
        return EXIT_OK
    status = report_unreadable(opened.unreadable, "not counted")
    for cid, why in result.ignored_cases.items():
        print(f"{opened.store.case_path(opened.iid, cid)}: not counted: {why}", file=sys.stderr)
    return status


def as_text(args: argparse.Namespace, result: InspectionRatings, framework, service: str) -> str:
    """The ratings as --json, --csv, --markdown asked, else as plain text (for a pipe)."""
    if args.json:
        return json.dumps(result.to_json(), ensure_ascii=False, indent=2) + "\n"
    if args.csv:
        return render.csv_text(result, framework)
    if args.markdown:
        return render.markdown(result, service, args.explain)
    return render.text(result, service, args.explain)


def print_table(result: InspectionRatings, service: str = "", explain: bool = False, console=None) -> None:
    """The ratings as a rich table: standards, key questions with n/N, %, band and a bar; the overall."""
    from rich.bar import Bar
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    console = console or Console()
    title = f"Ratings of {result.inspection} ({result.framework})" + (f": {service}" if service else "")
    table = Table(title=title, title_justify="left", expand=False, show_edge=False, pad_edge=False)
    table.add_column("Standard / key question")
    table.add_column("n/N", justify="right")
    table.add_column("Sample", justify="right")
    table.add_column("%", justify="right")
    table.add_column("", width=render.BAR_WIDTH)
    table.add_column("Rating", no_wrap=True)
    table.add_column("", style="dim", overflow="fold")
    for s in result.standards.values():
        table.add_row(
            Text(f"{s.id} {s.title}", style="bold"), "", "", "", "",
            Text(render.rating_text(s.rating, s.provisional), style=STYLES.get(s.rating, "")),
            render.standard_note(s),
        )
        kqs = list(s.key_questions.values())
        for i, kq in enumerate(kqs):
            table.add_row(
                f"  {kq_name(kq.id, kq.theme)}",
                f"{kq.sufficient}/{kq.judged}" if kq.judged else "-",
                f"{kq.sample}" + (f" (+{kq.unclassified} to classify)" if kq.unclassified else ""),
                render.percent_text(kq),
                Bar(100, 0, float(kq.percent), width=render.BAR_WIDTH, color=STYLES[kq.rating].split()[-1])
                if kq.percent is not None else "",
                Text(render.rating_text(kq.rating, kq.provisional), style=STYLES.get(kq.rating, "")),
                kq.progress if kq.provisional else "",
                end_section=i == len(kqs) - 1,
            )
    console.print(table)
    console.print(Text(render.overall_line(result), style=STYLES.get(result.overall.rating, "")))
    if explain:
        console.print()
        for s in result.standards.values():
            console.print(s.explanation, highlight=False)
            for kq in s.key_questions.values():
                console.print(f"  {kq.explanation}", highlight=False)
        console.print(result.overall.explanation, highlight=False)
