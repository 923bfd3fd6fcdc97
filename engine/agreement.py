"""Second marking: the blind copy of a case, and how often two markers agree (percentage, Cohen's kappa).

A second marking of case C is its own case file `cases/C--2.toml` whose top-level key
`second_mark_of = "C"` names the first marking. It starts with the first marking's case details
only (section `details`, less the classification-accuracy judgement), so the first marker's judgements stay hidden. The ratings use the first
marking only: `is_second_marking(case)` tells which cases to skip. Pure logic: no I/O, no UI.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, timezone
from fractions import Fraction
from typing import Mapping

from casemark.framework.model import Framework, Questionnaire

from .errors import StoreError
from .model import SECOND_MARK_KEY, Case, check_id


class SecondMarkError(StoreError, ValueError):
    """A second marking refused: the case is itself one, is excluded, or would be marked twice by one inspector."""

SECOND_MARK_SUFFIX = "--2"
DETAILS_SECTION = "details"


def is_second_marking(case: Case) -> bool:
    """True for a second marking (the ratings must skip it)."""
    return bool(case.second_mark_of)


def second_mark_of(case: Case) -> str:
    """The case id of the first marking, or '' for a first marking (read by `Case.second_mark_of`,
    the one reading of the key: a value that is not text is shown as text, and names no case)."""
    return case.second_mark_of


def can_second_mark(case: Case, cases: Mapping[str, Case] | None = None) -> str:
    """'' if `case` may be second-marked, else why not, with the fix: it is itself a second
    marking, it is excluded, or (given the inspection's `cases` by id) it is second-marked already."""
    cid = case.case_id
    if is_second_marking(case):
        return f"{cid} is itself a second marking of {case.second_mark_of}: second-mark {case.second_mark_of} instead"
    if case.excluded:
        return f"{cid} is excluded from the sample, so it is not second-marked (include it first)"
    if cases is not None and second_mark_id(cid) in cases:
        return f"{cid} is already second-marked in {second_mark_id(cid)}: open that one"
    return ""


def blind_to(cases: list[Case] | tuple[Case, ...], inspector: str) -> dict[str, str]:
    """The first markings `inspector` must not see yet: {first case id: its second marking's id}
    for each second marking of theirs that is not complete. Names compare without case or
    surrounding spaces; no name, nothing hidden."""
    me = inspector.strip().casefold()
    if not me:
        return {}
    return {
        c.second_mark_of: c.case_id
        for c in cases
        if c.second_mark_of and c.status != "complete" and c.inspector.strip().casefold() == me
    }


def second_mark_id(case_id: str) -> str:
    """The id of a case's second marking: 'C' -> 'C--2'."""
    return check_id(f"{check_id(case_id, 'case id')}{SECOND_MARK_SUFFIX}", "second-marking id")


def blind_fields(questionnaire: Questionnaire) -> set[str]:
    """The questions a blind copy keeps: the case details (section `details`), less any inspector's
    judgement held there (an 'is the classification accurate?' question and what hangs on it)."""
    details = next((s for s in questionnaire.sections if s.id == DETAILS_SECTION), None)
    if details is None:
        return set()
    ids = [q.id for q in details.questions()]
    judged = {q.show_if.question for q in questionnaire.questions() if q.type == "classification" and q.show_if and q.show_if.equals == "no"}
    dropped = set(judged)
    for q in details.questions():
        if q.show_if and set(q.show_if.questions()) & dropped:
            dropped.add(q.id)
    return {qid for qid in ids if qid not in dropped}


def blind_copy(first: Case, questionnaire: Questionnaire, inspector: str = "", now: datetime | None = None) -> Case:
    """A new second marking of `first`: its case details only, no prompts, judgements or reasons."""
    if is_second_marking(first):
        raise ValueError(can_second_mark(first))
    keep = blind_fields(questionnaire)
    now = now or datetime.now(timezone.utc).replace(microsecond=0)
    return Case(
        case_id=second_mark_id(first.case_id),
        questionnaire=first.questionnaire,
        framework=first.framework,
        status="in-progress",
        inspector=inspector,
        created=now,
        updated=now,
        answers=_details(first, keep, inspector),
        extra={SECOND_MARK_KEY: first.case_id},
    )


def _details(first: Case, keep: set[str], inspector: str) -> dict:
    """The kept case details; an answer naming the first marker (the 'Inspector Name' question)
    names the second marker instead, or is left out while the second marker is unnamed."""
    out = {}
    name = first.inspector.strip()
    for qid, value in first.answers.items():
        if qid not in keep:
            continue
        if name and isinstance(value, str) and value.strip() == name:
            if not inspector:
                continue
            value = inspector
        out[qid] = value
    return out


# -- statistics ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Kappa:
    """Cohen's kappa for one set of paired judgements: (po - pe) / (1 - pe), exact."""

    observed: Fraction  # po: share of pairs that agree
    expected: Fraction  # pe: agreement expected by chance from each marker's own shares

    @property
    def value(self) -> Fraction | None:
        """None when pe = 1 (both markers gave one and the same answer every time): kappa is undefined."""
        if self.expected == 1:
            return None
        return (self.observed - self.expected) / (1 - self.expected)


def cohen_kappa(pairs: list[tuple[str, str]]) -> Kappa | None:
    """Kappa over (first, second) judgement pairs; None when there are no pairs."""
    if not pairs:
        return None
    n = len(pairs)
    first = Counter(a for a, _ in pairs)
    second = Counter(b for _, b in pairs)
    observed = Fraction(sum(1 for a, b in pairs if a == b), n)
    expected = sum((Fraction(first[c], n) * Fraction(second[c], n) for c in first.keys() | second.keys()), Fraction(0))
    return Kappa(observed, expected)


@dataclass(frozen=True)
class Disagreement:
    case_id: str
    key_question: str
    first: str
    second: str
    first_inspector: str
    second_inspector: str
    first_reasons: str
    second_reasons: str


@dataclass
class Agreement:
    """Agreement over a set of paired key-question judgements (one key question, or all of them)."""

    key_question: str  # '' for overall
    text: str
    pairs: list[tuple[str, str]] = field(default_factory=list)
    disagreements: list[Disagreement] = field(default_factory=list)
    unpaired: int = 0  # second-marked cases where one of the two has not judged this key question

    @property
    def compared(self) -> int:
        return len(self.pairs)

    @property
    def agreed(self) -> int:
        return sum(1 for a, b in self.pairs if a == b)

    @property
    def percent(self) -> Fraction | None:
        return Fraction(100 * self.agreed, self.compared) if self.pairs else None

    @property
    def kappa(self) -> Fraction | None:
        k = cohen_kappa(self.pairs)
        return k.value if k else None

    @property
    def kappa_note(self) -> str:
        """Why kappa is missing, if it is."""
        if not self.pairs:
            return "no pairs to compare"
        if self.kappa is None:
            return f"undefined: both markers answered {self.pairs[0][0]!r} every time"
        return ""

    def to_json(self) -> dict:
        return {
            "compared": self.compared,
            "agreed": self.agreed,
            "percent": float(self.percent) if self.percent is not None else None,
            "kappa": float(self.kappa) if self.kappa is not None else None,
            "unpaired": self.unpaired,
        }


@dataclass
class AgreementReport:
    pairs: list[tuple[Case, Case]]  # (first marking, second marking)
    key_questions: dict[str, Agreement]  # framework order; only key questions with a pair or an unpaired case
    overall: Agreement
    problems: list[str]  # second markings that cannot be paired, and why

    @property
    def disagreements(self) -> list[Disagreement]:
        return self.overall.disagreements

    def to_json(self) -> dict:
        return {
            "second_marked": [second.case_id for _, second in self.pairs],
            "overall": self.overall.to_json(),
            "key_questions": {kid: a.to_json() for kid, a in self.key_questions.items()},
            "disagreements": [d.__dict__ for d in self.disagreements],
            "problems": self.problems,
        }


def pair_cases(cases: list[Case]) -> tuple[list[tuple[Case, Case]], list[str]]:
    """Match each second marking with its first; problems name the file's case and the fix."""
    firsts = {c.case_id: c for c in cases if not is_second_marking(c)}
    pairs, problems = [], []
    for second in sorted((c for c in cases if is_second_marking(c)), key=lambda c: c.case_id):
        of = second_mark_of(second)
        first = firsts.get(of)
        if first is None:
            problems.append(f"{second.case_id}: second_mark_of = {of!r} names no case of this inspection (correct it or remove the file)")
        elif first.questionnaire != second.questionnaire:
            problems.append(
                f"{second.case_id}: questionnaire {second.questionnaire!r} differs from {of}'s {first.questionnaire!r} (they must match)"
            )
        elif first.excluded or second.excluded:
            problems.append(f"{second.case_id}: {'the first marking' if first.excluded else 'it'} is excluded, so it is not compared")
        else:
            pairs.append((first, second))
    return pairs, problems


def agreement(framework: Framework, cases: list[Case]) -> AgreementReport:
    """Per key question and overall: how often first and second markers gave the same judgement."""
    pairs, problems = pair_cases(cases)
    overall = Agreement("", "all key questions")
    per_kq: dict[str, Agreement] = {}
    bad: set[tuple[str, str]] = set()
    for kq in framework.key_questions():
        questionnaire = framework.questionnaire_for_key_question(kq.id)
        if questionnaire is None:
            continue
        judgement = questionnaire.judgements()[kq.id]
        reasons_id = f"{judgement.id}.reasons"
        result = Agreement(kq.id, kq.text)
        for first, second in pairs:
            if first.questionnaire != questionnaire.id:
                continue
            a, b = first.answers.get(judgement.id), second.answers.get(judgement.id)
            for case, value in ((first, a), (second, b)):
                if value is not None and not isinstance(value, str) and (case.case_id, kq.id) not in bad:
                    bad.add((case.case_id, kq.id))
                    problems.append(f"{case.case_id}: judgement {judgement.id} is {type(value).__name__} {value!r}, not one of its options, so {kq.id} is not compared (casemark validate names the fix)")
            if not isinstance(a, str) or not isinstance(b, str):
                a, b = None, None
            if a in (None, "") or b in (None, ""):
                result.unpaired += 1
                continue
            result.pairs.append((a, b))
            if a != b:
                result.disagreements.append(
                    Disagreement(
                        first.case_id, kq.id, a, b, first.inspector, second.inspector,
                        str(first.answers.get(reasons_id, "")), str(second.answers.get(reasons_id, "")),
                    )
                )
        if result.pairs or result.unpaired:
            per_kq[kq.id] = result
            overall.pairs += result.pairs
            overall.disagreements += result.disagreements
            overall.unpaired += result.unpaired
    return AgreementReport(pairs, per_kq, overall, problems)


# -- creating a second marking through the store -------------------------------------------------


def second_mark(store, iid: str, cid: str, inspector: str = "") -> Case:
    """Create and save the blind second marking of case `cid` (what `casemark new second-mark` and
    the app call). Raises engine.store.StoreError (NotFoundError, ExistsError naming the file, ...)
    or ValueError (the case is itself a second marking, is excluded, or the same inspector would
    mark it twice)."""
    from .store_errors import ExistsError  # the store does the I/O; this module stays pure otherwise

    first = store.load_case(iid, cid)
    path = store.case_path(iid, cid)
    refused = can_second_mark(first)
    if refused:
        raise SecondMarkError(path, SECOND_MARK_KEY if is_second_marking(first) else "status", refused)
    if inspector and first.inspector and inspector.strip().casefold() == first.inspector.strip().casefold():
        raise SecondMarkError(path, "inspector", f"{inspector} marked case {cid} first: a second marking needs another inspector (give --inspector NAME)")
    framework = store.framework(first.framework, store.case_path(iid, cid))
    copy = blind_copy(first, store.questionnaire(framework, first.questionnaire, store.case_path(iid, cid)), inspector)
    try:
        return store.create_case(iid, copy.case_id, copy.questionnaire, inspector=inspector, answers=copy.answers, extra=copy.extra)
    except ExistsError:
        path = store.case_path(iid, copy.case_id)
        raise ExistsError(path, "", f"case {cid} is already second-marked in this file (open it, or delete it to start again)") from None
