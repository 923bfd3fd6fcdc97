"""An inspection's ratings as plain text, Markdown or CSV (for scripts, reports and pipes). No UI.

The terminal table with colours and bars is `tui.cli.ratings_cmd`; these are the same rows
without styling, so that what a script reads matches what a person sees.
"""

from __future__ import annotations

from casemark.framework.model import NOT_RATED, Framework

from .csv_cells import csv_rows
from .explain import kq_name, label
from .ratings import InspectionRatings, KeyQuestionRating, StandardRating

BAR_WIDTH = 20
CSV_COLUMNS = (
    "inspection", "framework", "standard", "standard_title", "standard_kind", "standard_rating",
    "standard_score", "key_question", "key_question_text", "sufficient", "judged", "sample",
    "percent", "rating", "provisional", "up", "down", "insufficient_cases",
)


def rating_text(rating: str, provisional: bool) -> str:
    """'Good', 'Good (provisional)', 'Not rated'."""
    return label(rating) + (" (provisional)" if provisional and rating != NOT_RATED else "")


def percent_text(kq: KeyQuestionRating) -> str:
    return "" if kq.percent_1dp is None else f"{kq.percent_1dp:.1f}%"


def bar(kq: KeyQuestionRating, width: int = BAR_WIDTH) -> str:
    """'#############-------' in proportion to the share judged sufficient."""
    if kq.percent is None:
        return ""
    filled = int(kq.percent * width / 100)
    return "#" * filled + "-" * (width - filled)


def standard_note(s: StandardRating) -> str:
    if s.kind == "judged":
        return s.status
    return "" if s.status == "all cases judged" else s.status


def overall_line(result: InspectionRatings) -> str:
    o = result.overall
    if o.rating == NOT_RATED:
        return "Overall: Not rated yet"
    text = f"Overall: {rating_text(o.rating, o.provisional)}, {o.score} of {o.max}"
    if o.scaled:
        text += " (bands scaled to the rated standards)"
    if o.hurdle:
        text += f"; {o.hurdle}"
    return text


def text(result: InspectionRatings, service: str = "", explain: bool = False) -> str:
    """A plain-text table: standards, their key questions with n/N, %, band and a bar, the overall."""
    rows: list[tuple[str, ...]] = [("Standard / key question", "Sufficient", "Sample", "%", "Rating", "")]
    reasons: list[str] = []
    for s in result.standards.values():
        rows.append((f"{s.id} {s.title}", "", "", "", rating_text(s.rating, s.provisional), standard_note(s)))
        for kq in s.key_questions.values():
            share = f"{kq.sufficient}/{kq.judged}" if kq.judged else "-"
            sample = f"{kq.sample}" + (f" (+{kq.unclassified} to classify)" if kq.unclassified else "")
            rows.append((f"  {kq_name(kq.id, kq.theme)}", share, sample, percent_text(kq), rating_text(kq.rating, kq.provisional), bar(kq)))
        if explain:
            reasons.append(s.explanation)
            reasons += [f"  {kq.explanation}" for kq in s.key_questions.values()]
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    lines = []
    title = f"Ratings of {result.inspection} ({result.framework})" + (f": {service}" if service else "")
    lines += [title, ""]
    for r in rows:
        cells = [r[0].ljust(widths[0]), r[1].rjust(widths[1]), r[2].rjust(widths[2]), r[3].rjust(widths[3]), r[4].ljust(widths[4]), r[5]]
        lines.append("  ".join(cells).rstrip())
    lines += ["", overall_line(result)]
    if explain:
        lines += ["", "Why:", *reasons, result.overall.explanation]
    return "\n".join(lines) + "\n"


def markdown(result: InspectionRatings, service: str = "", explain: bool = False) -> str:
    """A Markdown table ready for a report, then the overall (and the reasons with `explain`)."""
    def cell(value: str) -> str:
        return value.replace("|", "\\|")

    lines = [f"## Ratings: {cell(service or result.inspection)}", ""]
    lines += ["| Standard | Key question | Sufficient | % | Rating |", "|---|---|---:|---:|---|"]
    for s in result.standards.values():
        lines.append(f"| **{s.id} {cell(s.title)}** | | | | **{rating_text(s.rating, s.provisional)}** |")
        for kq in s.key_questions.values():
            share = f"{kq.sufficient} of {kq.judged}" if kq.judged else "not yet judged"
            lines.append(f"| | {kq.id} {cell(kq.text)} | {share} | {percent_text(kq)} | {rating_text(kq.rating, kq.provisional)} |")
    lines += ["", f"**{overall_line(result)}**"]
    if explain:
        lines += ["", "### Why", ""]
        for s in result.standards.values():
            lines.append(f"- {cell(s.explanation)}")
            lines += [f"  - {cell(kq.explanation)}" for kq in s.key_questions.values()]
        lines.append(f"- {cell(result.overall.explanation)}")
    return "\n".join(lines) + "\n"


def csv_text(result: InspectionRatings, framework: Framework) -> str:
    """One row per key question of every standard (judged standards' rows carry no counts); text
    a spreadsheet would take for a formula gets a leading `'` (`engine.csv_cells`)."""
    rows: list[list] = [list(CSV_COLUMNS)]
    for s in result.standards.values():
        standard = framework.standard(s.id)
        head = [result.inspection, result.framework, s.id, s.title, s.kind, s.rating, "" if s.score is None else s.score]
        for key_question in standard.key_questions if standard else ():
            kq = s.key_questions.get(key_question.id)
            if kq is None:
                rows.append([*head, key_question.id, key_question.text, *[""] * 9])
                continue
            rows.append([
                *head, kq.id, kq.text, kq.sufficient, kq.judged, kq.sample,
                "" if kq.percent_1dp is None else kq.percent_1dp, kq.rating,
                "yes" if kq.provisional else "no",
                "" if kq.up is None else kq.up, "" if kq.down is None else kq.down,
                " ".join(kq.insufficient_cases),
            ])
    return csv_rows(rows, lineterminator="\n")
