"""Reports and exports of an inspection, as strings: pure builders, no I/O beyond `source`, no UI.

| format | builder |
|---|---|
| report-md | `markdown.report_markdown(framework, inspection, ratings, cases)` |
| report-html | `html.report_html(framework, inspection, ratings, cases)` |
| answers-csv | `answers_csv.answers_csv(framework, cases, inspection_id)` (+ `answers_csv.questions_csv(framework)`) |
| ratings-csv | `render.csv_text(ratings, framework)`, as `casemark ratings DIR --csv` |
| ratings-json | `ratings_json.ratings_json(ratings)` |
| inspectors-csv | `inspectors_csv.inspectors_csv(framework, cases)` |

`build(fmt, source)` builds any of them from an opened inspection (`source.open_inspection`).
"""

from __future__ import annotations

from .source import ReportSource, open_inspection

FORMATS = {
    "report-md": "the ratings as a report draft in Markdown",
    "report-html": "the ratings as a report draft: one self-contained HTML file that prints well",
    "answers-csv": "one row per case, one column per question id (a codebook file beside it)",
    "questions-csv": "the codebook: each answers-csv column's question, type and options",
    "ratings-csv": "one row per key question, as `casemark ratings --csv` prints them",
    "ratings-json": "the ratings as `casemark ratings --json` prints them",
    "inspectors-csv": "each inspector's share of sufficient judgements per key question against the team's",
}


def build(fmt: str, source: ReportSource) -> str:
    """The export `fmt` (a key of FORMATS) of an opened inspection, as text."""
    if fmt == "report-md":
        from .markdown import report_markdown

        return report_markdown(source.framework, source.inspection, source.ratings, source.cases)
    if fmt == "report-html":
        from .html import report_html

        return report_html(source.framework, source.inspection, source.ratings, source.cases)
    if fmt == "answers-csv":
        from .answers_csv import answers_csv

        return answers_csv(source.framework, source.cases, source.inspection.id)
    if fmt == "questions-csv":
        from .answers_csv import questions_csv

        return questions_csv(source.framework)
    if fmt == "ratings-csv":
        from ..render import csv_text

        return csv_text(source.ratings, source.framework)
    if fmt == "ratings-json":
        from .ratings_json import ratings_json

        return ratings_json(source.ratings)
    if fmt == "inspectors-csv":
        from .inspectors_csv import inspectors_csv

        return inspectors_csv(source.framework, source.cases)
    raise ValueError(f"unknown format '{fmt}' (use one of {', '.join(FORMATS)})")


__all__ = ["FORMATS", "ReportSource", "build", "open_inspection"]
