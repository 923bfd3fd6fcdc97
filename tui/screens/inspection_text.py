"""The words of the inspection screen: its title line, the list of case files it could not
read, and its help. No state here: the screen passes in what they describe."""

from __future__ import annotations

from textual.content import Content

from casemark.engine.live import LiveRatings
from casemark.engine.store import Unreadable
from casemark.engine.vocabulary import short_label

from ..widgets.cases_table import SORTS


def title(live: LiveRatings, shown: int, sort: str = SORTS[0]) -> Content:
    """'anytown · Anytown YJS · youth-2021 · 3/19 complete, 1 excluded · 1 second marking · overall
    Good* 21/36 · showing 4 · sorted by status': first markings counted as the report counts them."""
    inspection = live.inspection
    head = Content.assemble((inspection.id, "bold"), f" · {inspection.service} · {live.framework.id} · ")
    if not live.loaded:
        return head + Content("reading the cases…")
    every = list(live.cases.values())
    cases = [c for c in every if not c.second_mark_of]  # second markings are not in the sample
    seconds = len(every) - len(cases)
    complete = sum(1 for c in cases if c.status == "complete")
    excluded = sum(1 for c in cases if c.excluded)
    o = live.ratings().overall
    return head + Content.assemble(
        f"{complete}/{len(cases) - excluded} complete" + (f", {excluded} excluded" if excluded else ""),
        f" · {seconds} second marking{'s' * (seconds != 1)}" if seconds else "",
        " · overall ", (short_label(o.rating) + ("*" if o.provisional else ""), "bold"), f" {o.score}/{o.max}",
        f" · showing {shown}" if shown != len(every) else "",
        f" · sorted by {sort}" if sort != SORTS[0] else "",
    )


def unreadable_text(unreadable: list[Unreadable]) -> Content:
    """The case files that could not be read, one a line under a count (their messages shown as
    written, never as markup)."""
    lines = [Content.styled(f"Unreadable ({len(unreadable)}), not counted:", "$text-error")]
    lines += [Content(f"  {u.message}") for u in unreadable]
    return Content("\n").join(lines)


HELP = """\
# An inspection

Its cases: id, questionnaire, status, inspector, then the case's judgements (`✓` Yes, `✗` No,
`·` not yet). When they fit, there is one column per key question (`2.1.1`). Otherwise, so that
every case's judgements show without scrolling sideways, there is one column per **stage**:
Assessment (`A`), Planning (`P`), Implementation and delivery (`I`), Reviewing (`R`), shared by
court and out-of-court cases. Each holds one mark per theme, in order: the child's desistance,
the child's safety, other people's safety. So for a court case `A ✓✗·` means 2.1.1 Yes, 2.1.2 No,
2.1.3 not yet; for an out-of-court case the same column holds 3.1.1-3.1.3, and `R` is empty
(out-of-court work has no reviewing standard). The line under the table names the columns.

A second marking (a blind copy of a case, marked by a second inspector) shows the first case's id
in the column `2nd of`; it is not counted in the ratings. While you second-mark a case (your copy
not yet complete), the first marking's judgements show as `-` and it does not open: you mark blind.

A case in progress shows how far it has got: `50/94, 8 missing` is 50 of the 94 questions it asks
answered, 8 required ones not yet (`50/94 !8` on a narrow screen, in the Status column if need be). `ctrl+p` then a case id (`C11`) opens that case.

Filter by questionnaire (`f`), status (`s`) and inspector (`y`: your cases only), or with the
lists above the table; `/` searches by case id or inspector as you type (`Enter` keeps the
search, `Escape` clears it). `o` cycles the order: by id, status, inspector, progress. `Enter`
opens the highlighted case; `c` creates one; `m` second-marks it (a blind copy, opened for you to
mark); `x` excludes it (with a reason) or brings it back; `d` opens the inspection's own
questionnaire (domain one and the policy-and-provision standards); `r` shows the ratings; `e`
exports a report draft (HTML, Markdown) or the data (answers CSV, ratings JSON, per-inspector CSV)
to a file, as `casemark export` does; `i` shows each inspector's figures against the team's.
`Ctrl+R` (or `F5`) reads the cases from disk again, with what other inspectors or the command
line changed meanwhile.
"""
