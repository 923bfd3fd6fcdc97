"""`report-html`: the report draft as one self-contained HTML file (inline CSS, no scripts, no
network) that reads on screen and prints well."""

from __future__ import annotations

from html import escape

from casemark.framework.model import Framework

from ..model import Case, Inspection
from ..ratings import InspectionRatings, KeyQuestionRating, StandardRating
from .common import facts, headline, label, outline, overall_text, percent_text, reasons_for, score_text

STYLE = """
:root { --ink: #1b1b1b; --muted: #5c5c5c; --rule: #c8c8c8;
  --outstanding: #1d6f42; --good: #2a6ebb; --requires-improvement: #b26b00; --inadequate: #b0242a; --not-rated: #8a8a8a; }
* { box-sizing: border-box; }
body { font: 11pt/1.45 "Segoe UI", Arial, Helvetica, sans-serif; color: var(--ink); margin: 0 auto; padding: 2rem; max-width: 60rem;
  -webkit-print-color-adjust: exact; print-color-adjust: exact; }
h1 { font-size: 1.8rem; margin: 0 0 .2rem; }
h2 { font-size: 1.35rem; border-bottom: 2px solid var(--ink); padding-bottom: .2rem; margin-top: 2rem; }
h3 { font-size: 1.1rem; margin: 1.4rem 0 .3rem; }
h4 { font-size: 1rem; margin: .8rem 0 .3rem; }
.subtitle { color: var(--muted); margin: 0 0 1rem; }
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: .15rem 1rem; margin: 0 0 1rem; }
dl.facts dt { font-weight: 600; } dl.facts dd { margin: 0; }
.note { border-left: 4px solid var(--requires-improvement); background: #fff6e5; padding: .5rem .8rem; margin: 1rem 0; }
.overall { border: 2px solid var(--rule); border-radius: 6px; padding: .8rem 1rem; margin: 1rem 0; break-inside: avoid; }
.overall h2 { margin-top: 0; }
.overall .rating { font-size: 1.6rem; font-weight: 700; margin: .2rem 0; }
.badge { display: inline-block; padding: .05rem .5rem; border-radius: 3px; color: #fff; font-weight: 600; font-size: .85em; white-space: nowrap; }
.r-outstanding { background: var(--outstanding); } .r-good { background: var(--good); }
.r-requires-improvement { background: var(--requires-improvement); } .r-inadequate { background: var(--inadequate); }
.r-not-rated { background: var(--not-rated); }
.provisional { font-style: italic; color: var(--muted); font-weight: normal; }
table { border-collapse: collapse; width: 100%; margin: .4rem 0 .8rem; }
th, td { text-align: left; vertical-align: top; padding: .3rem .4rem; border-bottom: 1px solid var(--rule); }
th { font-size: .85em; color: var(--muted); font-weight: 600; }
td.num { white-space: nowrap; text-align: right; }
tr { break-inside: avoid; }
.headline { font-style: italic; margin: .2rem 0 .5rem; }
/* print: a standard may run over pages; its heading and headline stay with what follows, each key
   questions' table and each insufficient case stays whole (never a whole standard: that left pages
   half empty); pages are numbered, and headed "Draft - provisional" while marking is unfinished */
.standard h3, .headline, .insufficient h4 { break-after: avoid; }
table.kqs { break-inside: avoid; }
.bar { position: relative; width: 10rem; height: .9rem; background: #ececec; border: 1px solid var(--rule); }
.bar .fill { position: absolute; left: 0; top: 0; bottom: 0; }
.bar .edge { position: absolute; top: -2px; bottom: -2px; width: 1px; background: var(--ink); opacity: .45; }
ul.reasons { margin: .2rem 0 .8rem; padding-left: 1.2rem; }
ul.reasons li { margin-bottom: .4rem; break-inside: avoid; }
.reason { white-space: pre-wrap; margin: .1rem 0 0; }
.none { color: var(--muted); font-style: italic; }
footer { margin-top: 2rem; color: var(--muted); font-size: .85em; border-top: 1px solid var(--rule); padding-top: .4rem; }
@page { size: A4; margin: 16mm 14mm;
  @bottom-right { content: "Page " counter(page) " of " counter(pages); font: 8pt Arial, Helvetica, sans-serif; color: #5c5c5c; } }
@media print {
  body { padding: 0; max-width: none; font-size: 10pt; }
  h2 { break-after: avoid; } h3, h4 { break-after: avoid; }
  .domain { break-before: auto; }
  footer { margin-top: 1rem; break-before: avoid; }
}
"""

# While marking is unfinished, every printed page says so at its head (CSS page margin boxes, which
# Chromium prints from version 131; a browser without them still shows the Provisional note).
DRAFT_HEADER = "Draft \u2014 provisional"
DRAFT_STYLE = (
    '@page { @top-center { content: "%s"; font: italic 9pt Arial, Helvetica, sans-serif; color: #b26b00; } }\n' % DRAFT_HEADER
)


def e(text: object) -> str:
    return escape(str(text), quote=True)


def badge(rating: str, provisional: bool = False) -> str:
    out = f'<span class="badge r-{e(rating)}">{e(label(rating))}</span>'
    return out + (' <span class="provisional">provisional</span>' if provisional else "")


def bar(framework: Framework, kq: KeyQuestionRating) -> str:
    if kq.percent is None:
        return ""
    width = f"{float(kq.percent):.1f}"
    edges = "".join(
        f'<span class="edge" style="left:{float(b.minimum):g}%"></span>' for b in framework.rules.key_question_bands if 0 < b.minimum < 100
    )
    return (
        f'<div class="bar" role="img" aria-label="{e(percent_text(kq))}" data-percent="{width}">'
        f'<div class="fill r-{e(kq.rating)}" style="width:{width}%"></div>{edges}</div>'
    )


def kq_table(framework: Framework, s: StandardRating) -> str:
    rows = []
    for kq in s.key_questions.values():
        share = f"{kq.sufficient}/{kq.judged}" if kq.judged else "–"
        progress = f'<div class="provisional">{e(kq.progress)}</div>' if kq.provisional else ""
        rows.append(
            f'<tr class="kq" id="kq-{e(kq.id)}"><td>{e(kq.id)} {e(kq.text)}{progress}</td>'
            f'<td class="num">{share}</td><td class="num">{e(percent_text(kq))}</td>'
            f"<td>{badge(kq.rating)}</td><td>{bar(framework, kq)}</td></tr>"
        )
    head = "<tr><th>Key question</th><th>Sufficient</th><th>Share</th><th>Band</th><th></th></tr>"
    return f'<table class="kqs"><thead>{head}</thead><tbody>{"".join(rows)}</tbody></table>'


def insufficient(framework: Framework, s: StandardRating, cases: list[Case]) -> str:
    out = []
    for kq in s.key_questions.values():
        reasons = reasons_for(framework, kq, cases)
        if not reasons:
            continue
        items = []
        for r in reasons:
            who = f" ({e(r.inspector)})" if r.inspector else ""
            text = f'<p class="reason">{e(r.text)}</p>' if r.text else '<p class="reason none">no reasons recorded</p>'
            items.append(f"<li><b>{e(r.case_id)}</b>{who}{text}</li>")
        out.append(
            f'<div class="insufficient" id="insufficient-{e(kq.id)}"><h4>{e(kq.id)}: insufficient cases ({len(reasons)})</h4>'
            f'<ul class="reasons">{"".join(items)}</ul></div>'
        )
    return "".join(out)


def standard_article(framework: Framework, s: StandardRating, cases: list[Case], extra: str = "") -> str:
    parts = [f'<article class="standard" id="standard-{e(s.id)}">']
    parts.append(f"<h3>{e(s.id)} {e(s.title)} {badge(s.rating, s.provisional)}</h3>")
    if headline(framework, s.id):
        parts.append(f'<p class="headline">{e(headline(framework, s.id))}</p>')
    if s.kind == "judged":
        parts.append(f"<p>Judged standard, {e(s.status)}. Score: {e(score_text(s))}.</p>")
    else:
        parts.append(f"<p>Case-based standard: its lowest key question. Score: {e(score_text(s))}.</p>")
        if s.key_questions:
            parts.append(kq_table(framework, s))
            parts.append(insufficient(framework, s, cases))
    parts.append(extra)
    parts.append("</article>")
    return "".join(parts)


def report_html(framework: Framework, inspection: Inspection, ratings: InspectionRatings, cases: list[Case]) -> str:
    """The same report as `report-md`, as one HTML page."""
    o = ratings.overall
    title = inspection.service or inspection.id
    body = [f"<header><h1>{e(title)}</h1><p class=\"subtitle\">Inspection report draft</p><dl class=\"facts\">"]
    body += [f"<dt>{e(name)}</dt><dd>{e(value)}</dd>" for name, value in facts(framework, inspection, cases)]
    body.append("</dl></header>")
    if o.provisional:
        body.append('<p class="note" id="provisional-note"><b>Provisional.</b> Marking is unfinished: ratings marked '
                    "<i>provisional</i> may still change.</p>")
    body.append(
        f'<section class="overall" id="overall"><h2>Overall rating</h2><p class="rating">{badge(o.rating, o.provisional)}</p>'
        f'<p class="score">{e(overall_text(ratings))}</p><p>{e(o.explanation)}.</p></section>'
    )
    parts, apart = outline(framework, ratings)
    for part in parts:
        rows = "".join(
            f'<tr><td><a href="#standard-{e(s.id)}">{e(s.id)} {e(s.title)}</a></td><td>{badge(s.rating, s.provisional)}</td>'
            f'<td class="num">{e(score_text(s))}</td></tr>'
            for s in part.standards
        )
        body.append(
            f'<section class="domain" id="domain-{e(part.domain.id)}"><h2>Domain {e(part.domain.id)}: {e(part.domain.title)}</h2>'
            f'<table class="standards"><thead><tr><th>Standard</th><th>Rating</th><th>Score</th></tr></thead><tbody>{rows}</tbody></table>'
        )
        body += [standard_article(framework, s, cases) for s in part.standards]
        body.append("</section>")
    if apart:
        body.append('<section class="apart" id="apart"><h2>Rated apart (not in the overall score)</h2>')
        for s in apart:
            hurdle = next((h for h in framework.rules.hurdles if h.standard == s.id), None)
            extra = ""
            if hurdle:
                extra = (
                    f"<p>If {e(s.id)} is {e(label(hurdle.when))}, an overall rating of {e(label(hurdle.overall))} becomes "
                    f"{e(label(hurdle.becomes))}.{' Applied: ' + e(o.hurdle) + '.' if o.hurdle else ''}</p>"
                )
            body.append(standard_article(framework, s, cases, extra))
        body.append("</section>")
    body.append(f"<footer>Draft produced by casemark from the case files of inspection {e(inspection.id)}; "
                f"{e(framework.source)}.</footer>")
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{e(title)}: inspection report draft</title>\n<style>{STYLE}{DRAFT_STYLE if o.provisional else ''}</style>\n</head>\n<body>\n"
        + "\n".join(body)
        + "\n</body>\n</html>\n"
    )
