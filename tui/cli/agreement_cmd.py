"""`casemark agreement DIR [--json]`: how often first and second markers agreed, per key question
and overall (percentage and Cohen's kappa), the disagreements side by side, and each inspector's
share of sufficient judgements against the team's. Second markings: `casemark new second-mark`."""

from __future__ import annotations

import argparse
import json
import sys
import textwrap
from fractions import Fraction
from math import floor

from casemark.engine.agreement import Agreement, AgreementReport, agreement
from casemark.engine.inspectors import InspectorFigures, inspector_figures
from casemark.engine.opening import open_inspection

from .common import EXIT_OK, add_command, add_inspection, printed, report_unreadable

TEXT_WIDTH = 44


def register(sub: argparse._SubParsersAction) -> None:
    p = add_command(sub, "agreement", run, "second-marking agreement (percentage, Cohen's kappa) and per-inspector figures", __doc__)
    add_inspection(p)
    p.add_argument("--json", action="store_true", help="print agreement and per-inspector figures as JSON")


def pct(value: Fraction | None) -> str:
    if value is None:
        return "–"
    shown = f"{float(value):.1f}"
    return (shown.removesuffix(".0") if shown.endswith(".0") else shown) + "%"


def two_dp(value: Fraction) -> str:
    """Exact rounding half away from zero: 5/8 -> 0.63 (float formatting would give 0.62)."""
    hundredths = floor(abs(value) * 100 + Fraction(1, 2))
    return f"{'-' if value < 0 and hundredths else ''}{hundredths // 100}.{hundredths % 100:02d}"


def kappa_text(a: Agreement) -> str:
    return two_dp(a.kappa) if a.kappa is not None else "n/a"


def short(text: str, width: int = TEXT_WIDTH) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def agreement_lines(report: AgreementReport) -> list[str]:
    if not report.pairs:
        return ["No second markings yet: create one with  casemark new second-mark INSPECTION CASE --inspector NAME"]
    out = [f"Second marking: {len(report.pairs)} case{'s' if len(report.pairs) != 1 else ''} marked twice, blind"]
    out += [f"  {f.case_id}: {f.inspector or '?'} / {s.inspector or '?'} ({s.case_id})" for f, s in report.pairs]
    out.append("")
    header = f"{'Key question':<{TEXT_WIDTH + 7}} {'pairs':>5} {'agreed':>6} {'%':>6}  kappa"
    out += [header, "-" * len(header)]
    for kid, a in report.key_questions.items():
        if a.compared:
            label = f"{kid} {short(a.text)}"
            out.append(f"{label:<{TEXT_WIDTH + 7}} {a.compared:>5} {a.agreed:>6} {pct(a.percent):>6}  {kappa_text(a)}")
    o = report.overall
    out.append(f"{'Overall':<{TEXT_WIDTH + 7}} {o.compared:>5} {o.agreed:>6} {pct(o.percent):>6}  {kappa_text(o)}")
    if any(a.compared and a.kappa is None for a in [*report.key_questions.values(), o]):
        out.append("kappa n/a: both markers gave the same answer every time, so agreement beyond chance cannot be measured")
    waiting = [f"{kid} ({a.unpaired})" for kid, a in report.key_questions.items() if a.unpaired]
    if waiting:
        out.append(textwrap.fill("Not yet judged by both markers (cases): " + ", ".join(waiting), 100))
    out.append("")
    if not report.disagreements:
        out.append("No disagreements.")
    else:
        out.append(f"Disagreements ({len(report.disagreements)})")
        for d in report.disagreements:
            out.append(f"  {d.case_id}  {d.key_question}: first {d.first_inspector or '?'} said {d.first.capitalize()}, "
                       f"second {d.second_inspector or '?'} said {d.second.capitalize()}")
            for who, reasons in (("first", d.first_reasons), ("second", d.second_reasons)):
                text = " ".join(reasons.split()) or "(no reasons recorded)"
                out.append(textwrap.fill(text, 100, initial_indent=f"      {who:<6}  ", subsequent_indent=" " * 14))
    for problem in report.problems:
        out.append(f"not compared: {problem}")
    return out


def inspector_lines(figures: InspectorFigures) -> list[str]:
    if not figures.key_questions:
        return ["Per-inspector figures: no judgements yet."]
    names = list(figures.inspectors)
    col = max([12, *(len(n) for n in names)])
    out = ["Per-inspector figures: share of cases judged sufficient (points above or below the team's)"]
    header = f"{'Key question':<12} {'team':>{col}} " + " ".join(f"{n:>{col}}" for n in names)
    out += [header, "-" * len(header)]
    for kid in figures.key_questions:
        team = figures.team[kid]
        cells = []
        for name in names:
            mine = figures.inspectors[name].get(kid)
            diff = figures.difference(name, kid)
            cells.append(f"{pct(mine.percent)} ({float(diff):+.0f})" if mine and diff is not None else "–")
        out.append(f"{kid:<12} {pct(team.percent) + f' of {team.judged}':>{col}} " + " ".join(f"{c:>{col}}" for c in cells))
    out.append("cases marked: " + ", ".join(f"{n} {figures.cases.get(n, 0)}" for n in names))
    return out


def run(args: argparse.Namespace) -> int:
    source = open_inspection(args.dir)
    report = agreement(source.framework, source.cases)
    figures = inspector_figures(source.framework, source.cases)
    if args.json:
        out = {"inspection": source.inspection.id, "agreement": report.to_json(), "inspectors": figures.to_json()}
        text = json.dumps(out, ensure_ascii=False, indent=2) + "\n"
    else:
        text = "\n".join(agreement_lines(report) + [""] + inspector_lines(figures)) + "\n"
    if not printed(sys.stdout.write, text):
        return EXIT_OK
    return report_unreadable(source.unreadable, "not counted")
