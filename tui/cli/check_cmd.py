"""`casemark check DIR`: the soft checks of every case of an inspection (warnings, never blocks).

A judgement against most of its answered prompts, empty or very short reasons, an inaccurate
classification without its corrected value, and a complete case with prompts unanswered.
Acknowledged warnings are hidden unless --all; acknowledge one with
`casemark check DIR --acknowledge CASE CHECK:QUESTION "why it does not apply"`.
Exit 0 (1 with --strict while unacknowledged warnings remain, or if a case file cannot be read)."""

from __future__ import annotations

import argparse
import json
import sys
import textwrap

from casemark.engine.checks import CHECKS, acknowledge, check_case, withdraw
from casemark.engine.opening import Opened as ReportSource, open_inspection

from .common import EXIT_DATA, EXIT_OK, Refusal, add_command, add_inspection, printed, report_unreadable


def register(sub: argparse._SubParsersAction) -> None:
    p = add_command(sub, "check", run, "list the soft checks of an inspection's cases, or acknowledge one", __doc__, raw=True)
    add_inspection(p)
    p.add_argument("--case", metavar="ID", help="only this case")
    p.add_argument("--all", action="store_true", help="show acknowledged warnings too, with their notes")
    p.add_argument("--json", action="store_true", help="print the warnings as JSON")
    p.add_argument("--strict", action="store_true", help="exit 1 while any warning is unacknowledged")
    p.add_argument("--acknowledge", nargs=3, metavar=("CASE", "CHECK:QUESTION", "NOTE"), help="record why a warning does not apply")
    p.add_argument("--withdraw", nargs=2, metavar=("CASE", "CHECK:QUESTION"), help="remove an acknowledgement")


def run(args: argparse.Namespace) -> int:
    source = open_inspection(args.dir)
    if args.acknowledge or args.withdraw:
        return change(source, args)
    cases = [c for c in source.cases if not args.case or c.case_id == args.case]
    if args.case and not cases:
        raise Refusal(f"no case '{args.case}' in {args.dir} (casemark check {args.dir} lists them all)")
    found = []
    for case in sorted(cases, key=lambda c: c.case_id):
        questionnaire = source.framework.questionnaires.get(case.questionnaire)
        checks = check_case(questionnaire, case) if questionnaire else []
        found.append((case, checks))
    open_count = sum(1 for _, checks in found for c in checks if not c.acknowledged)
    if not printed(show, source, found, args, open_count):
        return EXIT_OK
    if report_unreadable(source.unreadable, "not checked"):
        return EXIT_DATA
    return EXIT_DATA if args.strict and open_count else EXIT_OK


def show(source: ReportSource, found, args: argparse.Namespace, open_count: int) -> None:
    if args.json:
        out = {
            "inspection": source.inspection.id,
            "cases": {
                case.case_id: [
                    {"check": c.check, "question": c.question, "message": c.message, "acknowledged": c.acknowledged, "note": c.note}
                    for c in checks
                    if args.all or not c.acknowledged
                ]
                for case, checks in found
            },
            "unacknowledged": open_count,
            "unreadable": [{"path": str(b.path), "message": b.message} for b in source.unreadable],
        }
        sys.stdout.write(json.dumps(out, ensure_ascii=False, indent=2) + "\n")
    else:
        print_text(found, args.all, open_count)


def print_text(found, show_all: bool, open_count: int) -> None:
    hidden = 0
    for case, checks in found:
        shown = [c for c in checks if show_all or not c.acknowledged]
        hidden += len(checks) - len(shown)
        if not shown:
            continue
        who = f"{case.inspector}, " if case.inspector else ""
        print(f"{case.case_id} ({who}{case.status})")
        width = max(len(c.question) for c in shown)
        for c in shown:
            print(f"  {c.question:<{width}}  {c.check}: {c.message}")
            if c.acknowledged:
                note = textwrap.fill(c.note, 100, initial_indent=" " * (width + 4) + "acknowledged: ", subsequent_indent=" " * (width + 18))
                print(note)
    cases_with = sum(1 for _, checks in found if any(not c.acknowledged for c in checks))
    summary = f"{open_count} warning{'s' if open_count != 1 else ''} to look at in {cases_with} case{'s' if cases_with != 1 else ''}"
    if hidden:
        summary += f"; {hidden} acknowledged (--all shows them)"
    print(summary if open_count or hidden else "no warnings: every case passes the soft checks")


def change(source: ReportSource, args: argparse.Namespace) -> int:
    cid, key = (args.acknowledge or args.withdraw)[:2]
    check, _, question = key.partition(":")
    if check not in CHECKS or not question:
        raise Refusal(f"'{key}' is not CHECK:QUESTION (CHECK is one of {', '.join(CHECKS)}; e.g. short-reasons:2.1.1.reasons)")
    case = next((c for c in source.cases if c.case_id == cid), None)
    if case is None:
        raise Refusal(f"no case '{cid}' in {args.dir}")
    questionnaire = source.framework.questionnaires.get(case.questionnaire)
    if args.acknowledge and questionnaire and key not in {c.key for c in check_case(questionnaire, case)}:
        raise Refusal(f"{cid} has no warning '{key}' to acknowledge (casemark check {args.dir} --case {cid} lists its warnings)")
    try:
        if args.acknowledge:
            acknowledge(case, check, question, args.acknowledge[2])
        elif not withdraw(case, check, question):
            raise Refusal(f"{cid} has no acknowledgement '{key}'")
        source.store.save_case(source.inspection.id, case)
    except ValueError as exc:  # the note or the file's own table refused: name the file
        raise Refusal(f"{source.store.case_path(source.inspection.id, cid)}: {exc}") from None
    path = source.store.case_path(source.inspection.id, cid)
    print(f"{'acknowledged' if args.acknowledge else 'withdrew'} {key} in {path}")
    return EXIT_OK
