"""The ratings of an inspection, computed from its cases and judged standards by the framework's rules.

The rules are data (`framework.rules`): bands, scores, which standards are case-based, judged or
unscored, hurdles and sub-samples; nothing here names a standard. The counting is in `engine.tally`
(which the app keeps up to date one answer at a time, and whose `rate(framework, inspection,
cases)` rates from scratch); this module turns counts into ratings and imports nothing of the
tally. No I/O, no UI.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

from casemark.framework.model import NOT_RATED, Framework, Standard

from . import explain as ex
from .model import Inspection

CASE_BASED = "case-based"
JUDGED = "judged"
AWAITING = "awaiting the inspectors' rating"


@dataclass(frozen=True)
class KeyQuestionRating:
    id: str
    text: str
    sufficient: int  # cases judged 'yes'
    judged: int  # cases of the sample judged 'yes' or 'no'
    sample: int  # cases in the sample (not excluded; classified at or above a sub-sample's floor)
    percent: Fraction | None  # exact: 100 * sufficient / judged; None before any judgement
    rating: str  # a rating of the framework, or 'not-rated'
    provisional: bool  # some case of the sample (or awaiting a classification) has no judgement yet
    insufficient_cases: list[str]  # case ids judged 'no', sorted
    to_next_band: str  # 'Good with 3 more sufficient; Inadequate with 1 more insufficient'
    up: int | None  # more sufficient judgements that would lift it one band (None: top band)
    down: int | None  # more insufficient judgements that would drop it one band (None: bottom band)
    theme: str = ""  # desistance | child-safety | others-safety, where the framework says
    unclassified: int = 0  # cases not yet classified, so not yet known to be in a sub-sample
    subsample: str = ""  # '' or who the sample is limited to: 'cases classified Medium or above'
    explanation: str = ""
    percent_1dp: float | None = None  # `percent` to 1 dp, never rounded across a band edge

    @property
    def pending(self) -> int:
        """Cases that may still change this rating: unjudged in the sample, or not yet classified."""
        return self.sample - self.judged + self.unclassified

    @property
    def progress(self) -> str:
        """'18 of 20 cases judged'."""
        return ex.judged_of(self.judged, self.sample, self.unclassified)

    @property
    def share(self) -> str:
        """'10 of 20 (50%)' or 'not yet judged'."""
        if self.percent is None:
            return "not yet judged"
        return f"{self.sufficient} of {self.judged} ({self.percent_1dp:g}%)"


@dataclass(frozen=True)
class StandardRating:
    id: str
    title: str
    rating: str  # a rating, or 'not-rated'
    score: int | None  # None when not rated or not scored (a modular standard such as 2.5)
    provisional: bool
    kind: str  # 'case-based' | 'judged'
    scored: bool  # counts towards the overall
    key_questions: dict[str, KeyQuestionRating]  # case-based standards only
    explanation: str
    status: str = ""  # short: '18 of 20 cases judged', 'recorded by the inspectors', AWAITING, ...


@dataclass(frozen=True)
class Overall:
    rating: str  # a rating, or 'not-rated' before any standard is rated
    score: int
    max: int
    provisional: bool
    scaled: bool  # the maximum is below the framework's composite maximum: bands scaled to it
    hurdle: str | None  # why a hurdle changed the rating, or None
    explanation: str
    unhurdled: str = ""  # the band before any hurdle applied


@dataclass(frozen=True)
class InspectionRatings:
    inspection: str
    framework: str
    overall: Overall
    standards: dict[str, StandardRating]
    ignored_cases: dict[str, str] = field(default_factory=dict)  # case id -> why it was not counted

    def key_question(self, kid: str) -> KeyQuestionRating | None:
        for standard in self.standards.values():
            if kid in standard.key_questions:
                return standard.key_questions[kid]
        return None

    def to_json(self) -> dict[str, Any]:
        """The object of docs/design.md ('The command line'), plus explanations and distances."""
        o = self.overall
        return {
            "inspection": self.inspection,
            "framework": self.framework,
            "overall": {
                "rating": o.rating,
                "score": o.score,
                "max": o.max,
                "provisional": o.provisional,
                "scaled": o.scaled,
                "hurdle": o.hurdle,
                "explanation": o.explanation,
            },
            "standards": {
                sid: {
                    "rating": s.rating,
                    "score": s.score,
                    "provisional": s.provisional,
                    "title": s.title,
                    "kind": s.kind,
                    "scored": s.scored,
                    "status": s.status,
                    "explanation": s.explanation,
                    "key_questions": {
                        kid: {
                            "sufficient": k.sufficient,
                            "judged": k.judged,
                            "sample": k.sample,
                            "percent": k.percent_1dp,
                            "rating": k.rating,
                            "provisional": k.provisional,
                            "unclassified": k.unclassified,
                            "insufficient_cases": list(k.insufficient_cases),
                            "up": k.up,
                            "down": k.down,
                            "to_next_band": k.to_next_band,
                            "explanation": k.explanation,
                        }
                        for kid, k in s.key_questions.items()
                    },
                }
                for sid, s in self.standards.items()
            },
            "ignored_cases": dict(self.ignored_cases),
        }


# -- from counts to ratings (called by Tally) -------------------------------------------------


def rate_key_question(
    framework: Framework,
    kid: str,
    sufficient: int,
    judged: int,
    sample: int,
    unclassified: int,
    insufficient: list[str],
    subsample: str = "",
) -> KeyQuestionRating:
    rules = framework.rules
    kq = framework.key_question(kid)
    theme = kq.theme if kq else ""
    percent = Fraction(100 * sufficient, judged) if judged else None
    rating = rules.band_for_percent(percent) if percent is not None else NOT_RATED
    pending = sample - judged + unclassified
    d = ex.distance(sufficient, judged, rules)
    to_next = ex.distance_text(d, rating, pending)
    name = ex.kq_name(kid, theme)
    if percent is not None:
        why = f"{name}: {ex.label(rating)}, {sufficient} of {judged} judged sufficient ({ex.percent_text(percent, rules)})"
    elif sample or unclassified:
        why = f"{name}: not rated yet, no case judged"
    else:
        why = f"{name}: not rated, no cases in its sample"
    if subsample:
        why += f"; the sample is {subsample}"
    if pending:
        why += f"; provisional, {ex.judged_of(judged, sample, unclassified)}"
    if percent is not None:
        why += f"; {to_next}"
    if insufficient:
        why += ex.INSUFFICIENT + ex.case_list(insufficient)
    return KeyQuestionRating(
        id=kid,
        text=kq.text if kq else "",
        sufficient=sufficient,
        judged=judged,
        sample=sample,
        percent=percent,
        rating=rating,
        provisional=pending > 0,
        insufficient_cases=list(insufficient),
        to_next_band=to_next,
        up=d.up,
        down=d.down,
        theme=theme,
        unclassified=unclassified,
        subsample=subsample,
        explanation=why,
        percent_1dp=None if percent is None else ex.percent_value(percent, rules),
    )


def _score(framework: Framework, sid: str, rating: str) -> int | None:
    if rating == NOT_RATED or sid in framework.rules.unscored:
        return None
    return framework.rules.scores.get(rating)


def rate_case_based(
    framework: Framework, standard: Standard, kqs: dict[str, KeyQuestionRating], cases_of_kind: int, kinds: str
) -> StandardRating:
    """A case-based standard takes its lowest key-question rating."""
    order = framework.rules.ratings
    head = f"{standard.id} {standard.title}"
    provisional = any(k.provisional for k in kqs.values())
    rated = [k for k in kqs.values() if k.rating != NOT_RATED]
    waiting = [k for k in kqs.values() if k.provisional]
    progress = {k.progress for k in waiting}
    if len(progress) == 1 and len(waiting) == len(kqs):
        status = progress.pop()  # '9 of 10 cases judged', the same for every key question
    else:
        status = "; ".join(f"{k.id}: {k.progress}" for k in waiting)
    if cases_of_kind == 0:
        rating, why, status = NOT_RATED, f"{head}: Not rated, because the inspection has no cases of its kind ({kinds})", "no cases of its kind"
    elif not rated:
        rating, why = NOT_RATED, f"{head}: Not rated yet, because no case has been judged"
    else:
        rating = max((k.rating for k in rated), key=order.index)
        lowest = [k for k in rated if k.rating == rating]
        others = [(k.id, k.rating) for k in kqs.values() if k not in lowest]
        reasons = [join_shares(lowest, framework)]
        reasons += ex.grouped_by_rating(others, order)
        why = f"{head}: {ex.label(rating)}, because " + "; ".join(reasons)
        status = status or "all cases judged"
    if provisional and cases_of_kind:
        why += f". Provisional: {status}"
    insufficient = [f"{k.id} in {ex.case_list(k.insufficient_cases)}" for k in kqs.values() if k.insufficient_cases]
    if insufficient:
        why += ex.INSUFFICIENT + "; ".join(insufficient)
    return StandardRating(
        id=standard.id,
        title=standard.title,
        rating=rating,
        score=_score(framework, standard.id, rating),
        provisional=provisional and cases_of_kind > 0,
        kind=CASE_BASED,
        scored=standard.id not in framework.rules.unscored,
        key_questions=dict(kqs),
        explanation=why,
        status=status,
    )


def join_shares(kqs: list[KeyQuestionRating], framework: Framework) -> str:
    """'2.2.1 desistance is 10 of 20 (50%)' (several joined with 'and')."""
    rules = framework.rules
    return ex.join_and(
        [f"{ex.kq_name(k.id, k.theme)} is {ex.kq_share(k.sufficient, k.judged, k.percent, rules)}" for k in kqs]
    )


def recorded_rating(framework: Framework, inspection: Inspection, sid: str) -> str | None:
    """The inspectors' rating of a judged standard: inspection.ratings, else the inspection
    questionnaire's question that `rates_standard` it. None when nothing is recorded."""
    value = inspection.ratings.get(sid)
    if value in (None, ""):
        questionnaire = framework.inspection_questionnaire()
        question = next((q for q in questionnaire.questions() if q.rates_standard == sid), None) if questionnaire else None
        value = inspection.answers.get(question.id) if question else None
    return value if value not in (None, "") else None


def rate_judged(framework: Framework, inspection: Inspection, standard: Standard, marking_started: bool) -> StandardRating:
    """A judged standard takes the rating the inspectors record."""
    head = f"{standard.id} {standard.title}"
    value = recorded_rating(framework, inspection, standard.id)
    provisional = False
    if value in framework.rules.ratings:
        rating, status = value, "recorded by the inspectors"
        why = f"{head}: {ex.label(rating)}, as the inspectors recorded"
    elif value == NOT_RATED:
        rating, status = NOT_RATED, "recorded as not rated"
        why = f"{head}: Not rated, as the inspectors recorded"
    elif value is None:
        rating, status, provisional = NOT_RATED, AWAITING, marking_started
        why = f"{head}: Not rated yet, {AWAITING}"
    else:
        rating, status = NOT_RATED, f"'{value}' is not a rating"
        allowed = ", ".join((*framework.rules.ratings, NOT_RATED))
        why = f"{head}: Not rated, because the recorded rating '{value}' is not one of {allowed} (fix [ratings].\"{standard.id}\" in inspection.toml)"
    return StandardRating(
        id=standard.id,
        title=standard.title,
        rating=rating,
        score=_score(framework, standard.id, rating),
        provisional=provisional,
        kind=JUDGED,
        scored=standard.id not in framework.rules.unscored,
        key_questions={},
        explanation=why,
        status=status,
    )


def rate_overall(framework: Framework, standards: dict[str, StandardRating]) -> Overall:
    """The composite: the sum of the rated scored standards, banded (scaled to a smaller maximum)."""
    rules = framework.rules
    top = max(rules.scores.values(), default=0)
    scored = [s for s in standards.values() if s.scored]
    rated = [s for s in scored if s.rating != NOT_RATED]
    unrated = [s.id for s in scored if s.rating == NOT_RATED]
    score = sum(s.score or 0 for s in rated)
    maximum = top * len(rated)
    provisional = any(s.provisional for s in standards.values())
    pending = [s.id for s in standards.values() if s.provisional]
    if not rated:
        why = "Overall: Not rated yet, because no standard is rated"
        if pending:
            why += f". Provisional: {ex.join_and(pending)} still to be completed"
        return Overall(NOT_RATED, 0, 0, provisional, False, None, why, NOT_RATED)
    rating = rules.band_for_score(score, maximum)
    scaled = maximum < rules.composite_max
    why = f"Overall: {ex.label(rating)}, scoring {score} of {maximum}"
    if scaled:
        equivalent = Fraction(score) * rules.composite_max / maximum
        shown = f"{float(equivalent):.1f}".removesuffix(".0")
        why += (
            f" (scaled: {ex.join_and(unrated)} {'is' if len(unrated) == 1 else 'are'} not rated, so the bands"
            f" apply to {score}/{maximum}, as {shown} of {rules.composite_max})"
        )
    unhurdled, hurdle = rating, None
    for h in rules.hurdles:
        held = standards.get(h.standard)
        if held and held.rating == h.when and rating == h.overall:
            hurdle = (
                f"{held.id} {held.title} is {ex.label(h.when)}, so {ex.a(ex.label(h.overall))} overall becomes {ex.label(h.becomes)}"
            )
            rating = h.becomes
            why += f"; {hurdle}"
    if pending:
        why += f". Provisional: {ex.join_and(pending)} still to be completed"
    return Overall(rating, score, maximum, provisional, scaled, hurdle, why, unhurdled)
