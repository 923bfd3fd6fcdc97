"""The framework as immutable data: standards tree, questionnaires, rating rules.

Built by `framework.loader`; read by `engine` and `tui`. No I/O and no UI here.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any, Callable, Iterator, TypeVar

from .sources import SourceDocument

T = TypeVar("T")

QUESTION_TYPES = (
    "yes_no",
    "yes_no_na",
    "choice",
    "multi",
    "classification",
    "text",
    "longtext",
    "number",
    "info",
)
OPTION_TYPES = ("yes_no", "yes_no_na", "choice", "multi", "classification")
RATINGS = ("outstanding", "good", "requires-improvement", "inadequate")
NOT_RATED = "not-rated"
# the values a question's `prefill` key may take (engine.prefill fills a new case's answers from them)
PREFILL_SOURCES = ("inspection.service", "case.inspector", "inspection-wide")
RATING_LABELS = {
    "outstanding": "Outstanding",
    "good": "Good",
    "requires-improvement": "Requires improvement",
    "inadequate": "Inadequate",
    NOT_RATED: "Not rated",
}


@dataclass(frozen=True)
class Option:
    value: str
    label: str


@dataclass(frozen=True)
class Condition:
    """A `show_if` condition: exactly one operator is set (see docs/framework-format.md)."""

    question: str = ""
    equals: str | None = None
    not_equals: str | None = None
    in_: tuple[str, ...] | None = None
    contains: str | None = None
    answered: bool | None = None
    all: tuple["Condition", ...] = ()
    any: tuple["Condition", ...] = ()

    def questions(self) -> Iterator[str]:
        """Every question id this condition reads."""
        if self.question:
            yield self.question
        for sub in self.all + self.any:
            yield from sub.questions()

    def holds(self, answers: dict[str, Any]) -> bool:
        if self.all:
            return all(c.holds(answers) for c in self.all)
        if self.any:
            return any(c.holds(answers) for c in self.any)
        value = answers.get(self.question)
        if self.answered is not None:
            return (value not in (None, "", [])) == self.answered
        if self.equals is not None:
            return value == self.equals
        if self.not_equals is not None:
            return value != self.not_equals
        if self.in_ is not None:
            return value in self.in_
        if self.contains is not None:
            return isinstance(value, list) and self.contains in value
        return True

    def describe(self) -> str:
        if self.all:
            return " and ".join(c.describe() for c in self.all)
        if self.any:
            return " or ".join(c.describe() for c in self.any)
        if self.answered is not None:
            return f"{self.question} is {'answered' if self.answered else 'unanswered'}"
        if self.equals is not None:
            return f"{self.question} = {self.equals}"
        if self.not_equals is not None:
            return f"{self.question} ≠ {self.not_equals}"
        if self.in_ is not None:
            return f"{self.question} in {', '.join(self.in_)}"
        return f"{self.question} includes {self.contains}"

    def to_dict(self) -> dict[str, Any]:
        if self.all:
            return {"all": [c.to_dict() for c in self.all]}
        if self.any:
            return {"any": [c.to_dict() for c in self.any]}
        out: dict[str, Any] = {"question": self.question}
        for key, value in (
            ("equals", self.equals),
            ("not_equals", self.not_equals),
            ("in", list(self.in_) if self.in_ is not None else None),
            ("contains", self.contains),
            ("answered", self.answered),
        ):
            if value is not None:
                out[key] = value
        return out


@dataclass(frozen=True)
class Question:
    id: str
    text: str
    type: str
    guidance: str = ""
    options: tuple[Option, ...] = ()
    options_name: str = ""
    required: bool = False
    show_if: Condition | None = None
    key_question: str = ""
    rates_standard: str = ""
    source_id: str = ""
    note: str = ""
    role: str = ""  # "", prompt, judgement, reasons, evidence
    minimum: int | None = None  # number questions: the smallest answer allowed (`min` in the framework)
    maximum: int | None = None  # number questions: the largest answer allowed (`max`)
    prefill: str = ""  # where a new case's answer comes from: one of PREFILL_SOURCES ("" none)

    @property
    def answerable(self) -> bool:
        return self.type != "info"

    def option(self, value: str) -> Option | None:
        return next((o for o in self.options if o.value == value), None)

    def label_for(self, value: Any) -> str:
        if isinstance(value, list):
            return ", ".join(self.label_for(v) for v in value)
        opt = self.option(value) if isinstance(value, str) else None
        return opt.label if opt else str(value)

    def visible(self, answers: dict[str, Any]) -> bool:
        return self.show_if is None or self.show_if.holds(answers)


@dataclass(frozen=True)
class Group:
    id: str
    title: str
    questions: tuple[Question, ...]
    key_question: str = ""


@dataclass(frozen=True)
class Section:
    id: str
    title: str
    groups: tuple[Group, ...]
    intro: str = ""

    def questions(self) -> Iterator[Question]:
        for group in self.groups:
            yield from group.questions


@dataclass(frozen=True)
class Questionnaire:
    id: str
    title: str
    kind: str  # case | inspection
    standards: tuple[str, ...]
    sections: tuple[Section, ...]
    _index: dict[str, Question] = field(default_factory=dict, compare=False, repr=False)
    _derived: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)

    def __post_init__(self) -> None:
        self._index.update({q.id: q for q in self.questions()})

    def derived(self, key: str, compute: Callable[[Questionnaire], T]) -> T:
        """`compute(self)`, worked out once: a questionnaire never changes, and what is derived from
        it (orders, groupings) is asked for at every answer. Callers must not mutate the result."""
        try:
            return self._derived[key]
        except KeyError:
            value = self._derived[key] = compute(self)
            return value

    def questions(self) -> Iterator[Question]:
        for section in self.sections:
            yield from section.questions()

    def question(self, qid: str) -> Question | None:
        return self._index.get(qid)

    def order(self) -> dict[str, int]:
        """Question id -> position in framework order (do not mutate)."""
        return self.derived("order", lambda qn: {qid: i for i, qid in enumerate(qn._index)})

    def judgements(self) -> dict[str, Question]:
        """Key question id -> the judgement question that feeds its rating (do not mutate)."""
        return self.derived("judgements", lambda qn: {q.key_question: q for q in qn.questions() if q.key_question})

    def visible_questions(self, answers: dict[str, Any]) -> list[Question]:
        return [q for q in self.questions() if q.visible(answers)]


@dataclass(frozen=True)
class Prompt:
    id: str
    letter: str
    text: str


@dataclass(frozen=True)
class KeyQuestion:
    id: str
    text: str
    prompts: tuple[Prompt, ...]
    theme: str = ""


@dataclass(frozen=True)
class Standard:
    id: str
    title: str
    headline: str
    key_questions: tuple[KeyQuestion, ...]
    modular: bool = False
    domain: str = ""


@dataclass(frozen=True)
class Domain:
    id: str
    title: str
    standards: tuple[Standard, ...]


@dataclass(frozen=True)
class Band:
    rating: str
    minimum: Fraction  # percent for key questions, score for the composite


@dataclass(frozen=True)
class Hurdle:
    standard: str
    when: str
    overall: str
    becomes: str


@dataclass(frozen=True)
class Subsample:
    key_questions: tuple[str, ...]
    classification: str
    accurate: str
    corrected: str
    at_least: str


@dataclass(frozen=True)
class Rules:
    ratings: tuple[str, ...]
    scores: dict[str, int]
    key_question_bands: tuple[Band, ...]
    composite_max: int
    composite_bands: tuple[Band, ...]
    case_based: tuple[str, ...]
    judged: tuple[str, ...]
    unscored: tuple[str, ...]
    hurdles: tuple[Hurdle, ...] = ()
    subsamples: tuple[Subsample, ...] = ()

    def band_for_percent(self, percent: Fraction) -> str:
        for band in self.key_question_bands:
            if percent >= band.minimum:
                return band.rating
        return self.key_question_bands[-1].rating

    def band_for_score(self, score: Fraction | int, maximum: int) -> str:
        """Band a composite score; a smaller maximum scales the bands (score/max vs band/composite_max)."""
        scaled = Fraction(score) * self.composite_max / maximum if maximum else Fraction(0)
        for band in self.composite_bands:
            if scaled >= band.minimum:
                return band.rating
        return self.composite_bands[-1].rating


@dataclass(frozen=True)
class Framework:
    id: str
    title: str
    source: str
    version: str
    path: str
    domains: tuple[Domain, ...]
    rules: Rules
    questionnaires: dict[str, Questionnaire]
    option_lists: dict[str, tuple[Option, ...]] = field(default_factory=dict)
    option_sources: dict[str, str] = field(default_factory=dict)
    sources: tuple[SourceDocument, ...] = ()  # framework.toml [[sources]]: the texts its words come from

    def standards(self) -> Iterator[Standard]:
        for domain in self.domains:
            yield from domain.standards

    def standard(self, sid: str) -> Standard | None:
        return next((s for s in self.standards() if s.id == sid), None)

    def key_questions(self) -> Iterator[KeyQuestion]:
        for standard in self.standards():
            yield from standard.key_questions

    def key_question(self, kid: str) -> KeyQuestion | None:
        return next((k for k in self.key_questions() if k.id == kid), None)

    def standard_of(self, kid: str) -> Standard | None:
        return next((s for s in self.standards() if any(k.id == kid for k in s.key_questions)), None)

    def case_questionnaires(self) -> list[Questionnaire]:
        return [q for q in self.questionnaires.values() if q.kind == "case"]

    def inspection_questionnaire(self) -> Questionnaire | None:
        return next((q for q in self.questionnaires.values() if q.kind == "inspection"), None)

    def questionnaire_for_key_question(self, kid: str) -> Questionnaire | None:
        return next((q for q in self.case_questionnaires() if kid in q.judgements()), None)
