"""Per-inspector figures: each inspector's share of sufficient (Yes) judgements per key question,
against the team's, so a lead inspector sees drift.

First markings only (second markings are quality assurance, not the sample); excluded cases and
unjudged key questions do not count. Pure logic: no I/O, no UI.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction

from casemark.framework.model import Framework

from .model import Case
from .tally import not_counted

UNNAMED = "(no inspector)"


@dataclass
class Share:
    sufficient: int = 0
    judged: int = 0

    @property
    def percent(self) -> Fraction | None:
        return Fraction(100 * self.sufficient, self.judged) if self.judged else None

    def to_json(self) -> dict:
        return {"sufficient": self.sufficient, "judged": self.judged, "percent": float(self.percent) if self.judged else None}


@dataclass
class InspectorFigures:
    key_questions: list[str]  # framework order, those with at least one judgement
    team: dict[str, Share]  # key question -> the whole team's share
    inspectors: dict[str, dict[str, Share]] = field(default_factory=dict)  # name -> key question -> share
    cases: dict[str, int] = field(default_factory=dict)  # name -> cases marked (not excluded)

    def difference(self, inspector: str, kid: str) -> Fraction | None:
        """Inspector's percentage minus the team's, in percentage points (None if either is missing)."""
        mine = self.inspectors.get(inspector, {}).get(kid)
        if mine is None or mine.percent is None or self.team[kid].percent is None:
            return None
        return mine.percent - self.team[kid].percent

    def to_json(self) -> dict:
        return {
            "team": {kid: share.to_json() for kid, share in self.team.items()},
            "inspectors": {
                name: {"cases": self.cases.get(name, 0), "key_questions": {kid: s.to_json() for kid, s in shares.items()}}
                for name, shares in self.inspectors.items()
            },
        }


def inspector_figures(framework: Framework, cases: list[Case]) -> InspectorFigures:
    """Each inspector's sufficient/judged per key question, with the team's beside it."""
    marked = [c for c in cases if not c.excluded and not not_counted(framework, c)]  # as the ratings count
    team: dict[str, Share] = {}
    inspectors: dict[str, dict[str, Share]] = {}
    counts: dict[str, int] = {}
    for case in sorted(marked, key=lambda c: c.case_id):
        name = case.inspector.strip() or UNNAMED
        counts[name] = counts.get(name, 0) + 1
        inspectors.setdefault(name, {})
    for kq in framework.key_questions():
        questionnaire = framework.questionnaire_for_key_question(kq.id)
        if questionnaire is None:
            continue
        judgement = questionnaire.judgements()[kq.id].id
        for case in marked:
            verdict = case.answers.get(judgement)
            if case.questionnaire != questionnaire.id or verdict not in ("yes", "no"):
                continue
            name = case.inspector.strip() or UNNAMED
            for share in (team.setdefault(kq.id, Share()), inspectors[name].setdefault(kq.id, Share())):
                share.judged += 1
                share.sufficient += verdict == "yes"
    order = list(team)
    return InspectorFigures(
        key_questions=order,
        team=team,
        inspectors={name: inspectors[name] for name in sorted(inspectors)},
        cases=counts,
    )
