"""The live sidebar: this case's judgements, the inspection-wide shares, the standards, the overall."""

from __future__ import annotations

from fractions import Fraction
from functools import lru_cache
from typing import Any

from textual.containers import VerticalScroll
from textual.content import Content
from textual.reactive import reactive
from textual.widgets import Static

from casemark.engine.vocabulary import SHORT_LABELS, mark
from casemark.framework import RATING_LABELS, Framework, Questionnaire

SHORT = SHORT_LABELS  # a rating in the sidebar
STYLE = {
    "outstanding": "$text-success",
    "good": "$text-success",
    "requires-improvement": "$text-warning",
    "inadequate": "$text-error",
}


def rating_text(rating: str | None, provisional: bool = False) -> Content:
    label = SHORT.get(rating or "", RATING_LABELS.get(rating or "", "—") if rating else "—")
    return Content.assemble((label, STYLE.get(rating or "", "$text-muted")), ("*" if provisional else ""))


def bar(fraction: Fraction | float | None, width: int = 10) -> str:
    if fraction is None:
        return "░" * width
    filled = min(width, max(0, int(Fraction(fraction) * width)))
    return "█" * filled + "░" * (width - filled)


def percent_text(percent: Any) -> str:
    return "—" if percent is None else f"{float(percent):.0f}%"


def next_band(framework: Framework, rating: str | None) -> str:
    """The band above `rating` (best first in the rules), or '' at the top."""
    order = list(framework.rules.ratings)
    if rating not in order or order.index(rating) == 0:
        return ""
    return order[order.index(rating) - 1]


@lru_cache(maxsize=1024)
def key_question_lines(
    kid: str, judged: int, sufficient: int, percent: Any, rating: str | None, provisional: bool, more: int | None, above: str,
    pending: int = 0,
) -> tuple[Content, ...]:
    """A key question's lines in the sidebar. Kept: an answer changes at most one key question's
    figures, so the other lines are built once, not at every answer (Content is immutable)."""
    if not judged:
        return (Content.assemble((kid, "bold"), ("  not judged yet", "$text-muted")),)
    pct = None if percent is None else Fraction(percent) / 100
    lines = [
        Content.assemble((kid, "bold"), f" {sufficient}/{judged} {percent_text(percent)}"),
        Content.assemble((bar(pct, 8), "$text-primary"), " ", rating_text(rating, provisional)),
    ]
    if more and above and pending < more:  # the cases left cannot lift it on their own
        left = f"only {pending} left to judge" if pending else "none left to judge"
        lines.append(Content.styled(f"  needs {more} more → {SHORT[above]},", "$text-muted"))
        lines.append(Content.styled(f"  {left}", "$text-muted"))
    elif more and above:
        lines.append(Content.styled(f"  {more} more → {SHORT[above]}", "$text-muted"))
    return tuple(lines)


def sidebar_content(framework: Framework, questionnaire: Questionnaire, answers: dict[str, Any], ratings: Any) -> Content:
    """Everything the sidebar shows, as one Content (cheap to rebuild on every answer)."""
    parts: list[Content] = []
    overall = getattr(ratings, "overall", None)
    if overall is not None:
        parts.append(
            Content.assemble(("Overall ", "bold"), rating_text(overall.rating, overall.provisional), f" {overall.score}/{overall.max}")
        )
        parts.append(Content(""))
    judgements = questionnaire.judgements()
    heading = "This case" if questionnaire.kind == "case" else "This inspection"
    if judgements:
        parts.append(Content.styled(heading, "bold"))
        marks = [
            Content.assemble(f"{kid} ", (mark(answers.get(q.id)), "$text-success" if answers.get(q.id) == "yes" else "$text-error" if answers.get(q.id) == "no" else "$text-muted"))
            for kid, q in judgements.items()
        ]
        for i in range(0, len(marks), 2):
            parts.append(Content("  ").join(marks[i : i + 2]))
    if ratings is None or getattr(ratings, "pending", False):
        error = getattr(ratings, "error", "")
        if ratings is None:
            note = "Ratings: not available"
        elif error:
            note = f"Ratings: not available, the inspection's cases could not be read: {error}"
        else:
            note = "Ratings: reading the inspection's cases…"
        parts.append(Content(""))
        parts.append(Content.styled(note, "$text-error" if error else "$text-muted"))
        return Content("\n").join(parts)
    standards = getattr(ratings, "standards", {})
    if judgements:
        parts.append(Content(""))
        parts.append(Content.styled("Inspection-wide", "bold"))
        for kid in judgements:
            kq = ratings.key_question(kid)
            if kq is None:
                continue
            parts.extend(key_question_lines(kid, kq.judged, kq.sufficient, kq.percent, kq.rating, kq.provisional, kq.up, next_band(framework, kq.rating), kq.pending))
    parts.append(Content(""))
    parts.append(Content.styled("Standards", "bold"))
    for standard in framework.standards():
        sr = standards.get(standard.id)
        if sr is None:
            continue
        mine = standard.id in questionnaire.standards
        parts.append(Content.assemble((f"{standard.id} ", "bold" if mine else ""), rating_text(sr.rating, sr.provisional)))
    parts.append(Content.styled("* provisional", "$text-muted"))
    return Content("\n").join(parts)


class Sidebar(VerticalScroll, can_focus=True):
    """The ratings as they stand, rebuilt whenever `ratings` changes (after `answers`)."""

    HELP = """\
## Ratings, live

Your judgements for this case (✓ Yes, ✗ No, · not yet); for each key question the share of
the inspection's cases judged sufficient (n/N, %), its band and how many more sufficient cases
reach the next band; each standard's rating; the overall with its score. `*` marks a rating
that is provisional: some cases in its sample lack a judgement; "needs 4 more, only 2 left to
judge" when the cases still to judge cannot reach the next band on their own. `s` (or Tab) puts
the cursor in the sidebar: ↑/↓, PgUp/PgDn, Home/End scroll it; `s` or Escape leaves it.
`r` opens the full ratings.
"""

    answers: reactive[dict[str, Any]] = reactive(dict, init=False, always_update=True)
    ratings: reactive[Any] = reactive(None, init=False, always_update=True)

    def __init__(self, framework: Framework, questionnaire: Questionnaire, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.framework = framework
        self.questionnaire = questionnaire
        self._body = Static(id="sidebar-body")

    def compose(self):
        yield self._body

    def on_mount(self) -> None:
        self.render_ratings()

    def render_ratings(self) -> None:
        self._body.update(sidebar_content(self.framework, self.questionnaire, self.answers, self.ratings))

    def watch_ratings(self) -> None:
        """Rebuilt once per answer: the screen sets `answers`, then `ratings` (always both)."""
        if self.is_mounted:
            self.render_ratings()
