"""Soft checks beside the question: warnings on the marking (never blocks) and their acknowledgements.

The screen computes the case's checks (`engine.checks.check_case`) and binds them down; this widget
shows the ones that sit beside the current question (and, for a judgement, beside its reasons).
"""

from __future__ import annotations

from collections.abc import Iterable

from textual.content import Content
from textual.widgets import Static

from casemark.engine.checks import SoftCheck
from casemark.framework import Questionnaire

REASONS_SUFFIX = ".reasons"


def related_ids(questionnaire: Questionnaire, qid: str) -> tuple[str, ...]:
    """The questions whose checks show with `qid`: a judgement shows its reasons box too, and a
    reasons question shows its judgement, so the two always travel together."""
    q = questionnaire.question(qid)
    if q is None:
        return (qid,)
    if q.role == "judgement" and questionnaire.question(qid + REASONS_SUFFIX) is not None:
        return (qid, qid + REASONS_SUFFIX)
    if q.role == "reasons" and qid.endswith(REASONS_SUFFIX):
        return (qid.removesuffix(REASONS_SUFFIX), qid)
    return (qid,)


def checks_beside(checks: Iterable[SoftCheck], ids: Iterable[str]) -> list[SoftCheck]:
    """The checks sitting beside any of `ids`, in the order of `ids` (then the checks' own order)."""
    order = {qid: i for i, qid in enumerate(ids)}
    found = [c for c in checks if c.question in order]
    return sorted(found, key=lambda c: order[c.question])


def warned_questions(checks: Iterable[SoftCheck]) -> frozenset[str]:
    """The questions with a warning not yet acknowledged (the tree marks them)."""
    return frozenset(c.question for c in checks if not c.acknowledged)


def target_check(checks: list[SoftCheck], current: str) -> SoftCheck | None:
    """The check `w` acts on: one beside the current question itself before one beside its
    judgement or reasons; of those, a warning not yet acknowledged first."""
    if not checks:
        return None
    return min(checks, key=lambda c: (c.question != current, c.acknowledged))


def checks_content(checks: list[SoftCheck], current: str, read_only: bool = False) -> Content:
    """The checks as shown under the question: warnings first-class, acknowledged ones dimmed."""
    lines: list[Content] = []
    for c in checks:
        where = "" if c.question == current else f"{c.question}: "
        if c.acknowledged:
            lines.append(Content.assemble(("✓ acknowledged ", "$text-muted bold"), (f"{where}{c.message}", "$text-muted")))
            lines.append(Content.styled(f"  note: {c.note}", "$text-muted italic"))
        else:
            lines.append(Content.assemble(("⚠ ", "$text-warning bold"), (where, "$text-warning bold"), (c.message, "$text-warning")))
    target = target_check(checks, current)
    if target is not None and not read_only:
        which = f" on {target.question}" if len(checks) > 1 else ""
        if target.acknowledged:
            hint = f"w edits or withdraws the note{which}"
        else:
            hint = f"w acknowledges it{which} with a note"
        lines.append(Content.styled(hint, "$text-muted"))
    return Content("\n").join(lines)


class SoftChecksView(Static):
    """The soft checks beside the current question; hidden when there are none."""

    HELP = """\
## Soft checks

A warning (`⚠`) under a question says the marking may be inconsistent: a judgement against most
of its answered prompts, a judgement with empty or very short reasons, a classification judged
inaccurate with no corrected value, or an optional prompt left unanswered in a complete case.
Warnings never block saving, completing or rating. `w` acknowledges the warning with a note
saying why it does not apply (kept in the case file under `[acknowledged]`); an acknowledged
warning is shown dimmed with its note, and `w` again edits or withdraws the note.
In the tree, `⚠` marks the questions with a warning not yet acknowledged.
"""

    def show(self, checks: list[SoftCheck], current: str, read_only: bool = False) -> None:
        self.display = bool(checks)
        self.set_class(any(not c.acknowledged for c in checks), "-warning")
        self.update(checks_content(checks, current, read_only) if checks else "")
