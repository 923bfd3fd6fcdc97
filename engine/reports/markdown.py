"""`report-md`: the inspection's ratings as a report draft in Markdown.

Every value that comes from a file (the service, inspectors, reasons, titles) goes through `text`,
`cell` or `block`: HTML is escaped (a Markdown viewer that renders HTML must not run a `<script>` or
an `<img onerror=…>` from a reason), and so are the characters that would change the structure: a
`|` in a table cell, emphasis, links and code spans anywhere, a heading, list, quote or fence
marker at the start of a line.
"""

from __future__ import annotations

import html
import re

from casemark.framework.model import Framework

from ..model import Case, Inspection
from ..ratings import InspectionRatings, StandardRating
from .common import facts, headline, label, outline, overall_text, percent_text, reasons_for, score_text, text_bar


_INLINE = re.compile(r"([\\`*_\[\]|~])")  # emphasis, code, links, table cells, strike-through
_LINE_START = re.compile(r"^(\s*)([#>+=-]|\d+[.)]|```)")  # headings, quotes, lists, setext rules, fences


def text(value: object) -> str:
    """File text made inert on one line of Markdown: HTML escaped, inline markers backslashed."""
    return _INLINE.sub(r"\\\1", html.escape(str(value), quote=False))


def cell(value: object) -> str:
    """File text made safe for one Markdown table cell (one line, `|` escaped)."""
    return text(" ".join(str(value).split()))


def block(value: object) -> list[str]:
    """Multi-line file text, each line inert (a line may not start a heading, list, quote or fence)."""
    return [_LINE_START.sub(lambda m: m[1] + "\\" + m[2], text(line.rstrip())) for line in str(value).splitlines()]


def quoted(value: str, indent: str = "  ") -> str:
    """Multi-line file text as the continuation of a list item."""
    lines = block(value) or [""]
    return lines[0] + "".join(f"\n{indent}{line}" if line.strip() else "\n" for line in lines[1:])


def provisional_mark(standard_or_overall) -> str:
    return " (provisional)" if standard_or_overall.provisional else ""


def standard_block(framework: Framework, s: StandardRating, cases: list[Case]) -> list[str]:
    out = [f"### {text(s.id)} {cell(s.title)}: {label(s.rating)}{provisional_mark(s)}", ""]
    if headline(framework, s.id):
        out += [f"*{cell(headline(framework, s.id))}*", ""]
    if s.kind == "judged":
        out += [f"Judged standard, {s.status}. Score: {score_text(s)}.", ""]
        return out
    out += [f"Case-based standard: its lowest key question. Score: {score_text(s)}.", ""]
    if not s.key_questions:
        return out
    out += ["| Key question | Sufficient | Share | Band | |", "|---|---|---|---|---|"]
    for kq in s.key_questions.values():
        share = f"{kq.sufficient}/{kq.judged}" if kq.judged else "–"
        band = label(kq.rating) + (" (provisional)" if kq.provisional else "")
        bar = f"`{text_bar(kq)}`" if kq.judged else ""
        out.append(f"| {kq.id} {cell(kq.text)} | {share} | {percent_text(kq)} | {band} | {bar} |")
    out.append("")
    for kq in s.key_questions.values():
        if kq.provisional:
            out.append(f"- {kq.id}: provisional, {kq.progress}.")
    if any(kq.provisional for kq in s.key_questions.values()):
        out.append("")
    for kq in s.key_questions.values():
        reasons = reasons_for(framework, kq, cases)
        if not reasons:
            continue
        out += [f"**{kq.id}: insufficient cases ({len(reasons)})**", ""]
        for r in reasons:
            who = f" ({cell(r.inspector)})" if r.inspector else ""
            reasons = quoted(r.text) if r.text else "*no reasons recorded*"
            out.append(f"- **{text(r.case_id)}**{who}: {reasons}")
        out.append("")
    return out


def report_markdown(framework: Framework, inspection: Inspection, ratings: InspectionRatings, cases: list[Case]) -> str:
    """The report draft: overall rating, each domain's standards with their key-question figures,
    the unscored standards (resettlement) apart, and the insufficient cases with their reasons."""
    o = ratings.overall
    out = [f"# {cell(inspection.service or inspection.id)}: inspection report draft", ""]
    out += [f"- **{name}:** {cell(value)}" for name, value in facts(framework, inspection, cases)]
    out.append("")
    if o.provisional:
        out += ["> **Provisional.** Marking is unfinished: ratings marked *provisional* may still change.", ""]
    out += [f"## Overall rating: {overall_text(ratings)}{provisional_mark(o)}", "", cell(o.explanation) + ".", ""]
    parts, apart = outline(framework, ratings)
    for part in parts:
        out += [f"## Domain {text(part.domain.id)}: {cell(part.domain.title)}", ""]
        out += ["| Standard | Rating | Score |", "|---|---|---|"]
        for s in part.standards:
            out.append(f"| {s.id} {cell(s.title)} | {label(s.rating)}{provisional_mark(s)} | {score_text(s)} |")
        out.append("")
        for s in part.standards:
            out += standard_block(framework, s, cases)
    if apart:
        out += ["## Rated apart (not in the overall score)", ""]
        for s in apart:
            out += standard_block(framework, s, cases)
            hurdle = next((h for h in framework.rules.hurdles if h.standard == s.id), None)
            if hurdle:
                out += [
                    f"If {s.id} is {label(hurdle.when)}, an overall rating of {label(hurdle.overall)} becomes {label(hurdle.becomes)}."
                    + (f" Applied: {o.hurdle}." if o.hurdle else ""),
                    "",
                ]
    return "\n".join(out).rstrip() + "\n"
