"""What the Markdown and HTML reports share: the report's outline, figures and the inspectors' reasons."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from casemark.framework.model import NOT_RATED, Domain, Framework

from .. import vocabulary

from ..model import Case, Inspection
from ..ratings import InspectionRatings, KeyQuestionRating, StandardRating

BAR_WIDTH = 20


label = vocabulary.label  # 'requires-improvement' -> 'Requires improvement'


def percent_text(kq: KeyQuestionRating) -> str:
    if kq.percent_1dp is None:
        return "–"
    return f"{kq.percent_1dp:g}%" if kq.percent_1dp == int(kq.percent_1dp) else f"{kq.percent_1dp:.1f}%"


def text_bar(kq: KeyQuestionRating, width: int = BAR_WIDTH) -> str:
    """'██████████░░░░░░░░░░' for 50%; empty before any judgement."""
    if kq.percent is None:
        return ""
    filled = int(kq.percent * width / 100 + 0.5) if kq.percent < 100 else width
    return "█" * filled + "░" * (width - filled)


def score_text(standard: StandardRating) -> str:
    if not standard.scored:
        return "not scored"
    return str(standard.score) if standard.score is not None else "–"


def overall_text(ratings: InspectionRatings) -> str:
    o = ratings.overall
    if o.rating == NOT_RATED:
        return "Not rated yet"
    return f"{label(o.rating)}, scoring {o.score} of {o.max}"


@dataclass(frozen=True)
class Reason:
    case_id: str
    inspector: str
    text: str


def reasons_for(framework: Framework, kq: KeyQuestionRating, cases: list[Case]) -> list[Reason]:
    """Each insufficient case of a key question with its inspector's reasons ('' if none recorded)."""
    by_id = {c.case_id: c for c in cases}
    questionnaire = framework.questionnaire_for_key_question(kq.id)
    judgement = questionnaire.judgements()[kq.id].id if questionnaire else kq.id
    out = []
    for cid in kq.insufficient_cases:
        case = by_id.get(cid)
        text = case.answers.get(f"{judgement}.reasons", "") if case else ""
        out.append(Reason(cid, case.inspector if case else "", str(text).strip()))
    return out


@dataclass(frozen=True)
class DomainPart:
    domain: Domain
    standards: list[StandardRating]


def outline(framework: Framework, ratings: InspectionRatings) -> tuple[list[DomainPart], list[StandardRating]]:
    """The domains with their scored standards, and apart the unscored ones (resettlement)."""
    parts, apart = [], []
    for domain in framework.domains:
        scored = []
        for s in domain.standards:
            rated = ratings.standards.get(s.id)
            if rated is None:
                continue
            (scored if rated.scored else apart).append(rated)
        if scored:
            parts.append(DomainPart(domain, scored))
    return parts, apart


def headline(framework: Framework, sid: str) -> str:
    standard = framework.standard(sid)
    return standard.headline if standard else ""


def _day(value) -> str:
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def facts(framework: Framework, inspection: Inspection, cases: list[Case]) -> list[tuple[str, str]]:
    """The report's heading facts: (label, value)."""
    firsts = [c for c in cases if not c.second_mark_of]
    counted = [c for c in firsts if not c.excluded]
    by_kind: dict[str, int] = {}
    for c in counted:
        by_kind[c.questionnaire] = by_kind.get(c.questionnaire, 0) + 1
    kinds = ", ".join(
        f"{framework.questionnaires[q].title if q in framework.questionnaires else q}: {n}" for q, n in sorted(by_kind.items())
    )
    out = [("Inspection", inspection.id), ("Framework", f"{framework.title} ({framework.id})")]
    if inspection.dates:
        out.append(("Dates", " to ".join(_day(v) for v in inspection.dates.values())))
    if inspection.inspectors:
        out.append(("Inspectors", ", ".join(inspection.inspectors)))
    complete = sum(1 for c in counted if c.status == "complete")
    cases_text = f"{len(counted)} in the sample ({kinds}); {complete} complete" if counted else "none yet"
    excluded = len(firsts) - len(counted)
    if excluded:
        cases_text += f"; {excluded} excluded"
    out.append(("Cases", cases_text))
    return out
