"""Per-key-question counts of an inspection's cases, kept up to date one case at a time.

The app changes one answer at a time; `Tally.update(case)` replaces that case's contribution to the
counts (O(key questions of its questionnaire)), and `Tally.ratings()` rebuilds only the key
questions whose counts changed, so the ratings stay instant with thousands of cases.

    t = Tally(framework, inspection, cases)
    t.update(case)          # after any change to one case (or to add a new one)
    t.remove(case_id)       # a case deleted
    t.inspection = ...      # judged ratings are read from the inspection at each ratings() call
    result = t.ratings()    # -> engine.ratings.InspectionRatings
    rate(framework, inspection, cases)  # the same, from scratch

Which cases count is decided here, once: `not_counted(framework, case)` says why a case is left
out (a second marking, another framework, not a case questionnaire), '' if it counts.
"""

from __future__ import annotations

from bisect import bisect_left, insort
from dataclasses import dataclass, field
from typing import Any, Iterable

from casemark.framework.model import Framework, Subsample

from .model import Case, Inspection
from .ratings import (
    InspectionRatings,
    KeyQuestionRating,
    StandardRating,
    rate_case_based,
    rate_judged,
    rate_key_question,
    rate_overall,
)

# a case's state for one key question
OUT = 0  # not in the sample (excluded, or classified below a sub-sample's floor)
UNCLASSIFIED = 1  # a sub-sampled key question, and the case has no classification yet
PENDING = 2  # in the sample, no judgement yet
YES = 3  # judged sufficient
NO = 4  # judged insufficient


_Entry = tuple[str, bool, tuple[int, ...]]  # a case's (questionnaire, counted, state per key question)


@dataclass
class _Counts:
    """One key question's counts: states[i] is how many cases are in state i."""

    states: list[int] = field(default_factory=lambda: [0] * 5)
    insufficient: list[str] = field(default_factory=list)  # sorted case ids judged 'no'


@dataclass(frozen=True)
class _Rule:
    """How one key question of a questionnaire reads a case."""

    kid: str
    judgement: str  # question id of its judgement
    subsample: Subsample | None
    order: dict[str, int]  # classification option -> position (sub-sampled key questions)
    floor: int  # position of `at_least`


def not_counted(framework: Framework, case: Case) -> str:
    """Why the ratings leave `case` out ('' if they count it: excluded cases count, out of the sample)."""
    if case.second_mark_of:
        return f"second marking of {case.second_mark_of} (counted for agreement only)"
    if case.framework and case.framework != framework.id:
        return f"framework '{case.framework}', not '{framework.id}'"
    questionnaire = framework.questionnaires.get(case.questionnaire)
    if questionnaire is None or questionnaire.kind != "case":
        known = ", ".join(q.id for q in framework.case_questionnaires()) or "none"
        return f"questionnaire '{case.questionnaire}' is not a case questionnaire of {framework.id} ({known})"
    return ""


def rate(framework: Framework, inspection: Inspection, cases: Iterable[Case]) -> InspectionRatings:
    """Rate an inspection from scratch (the app keeps a `Tally` instead)."""
    return Tally(framework, inspection, cases).ratings()


class Tally:
    def __init__(self, framework: Framework, inspection: Inspection, cases: Iterable[Case] = ()):
        self.framework = framework
        self.inspection = inspection
        rules = framework.rules
        case_based = set(rules.case_based)
        self._rules: dict[str, tuple[_Rule, ...]] = {}  # questionnaire id -> its key questions
        self._subsample_text: dict[str, str] = {}
        for questionnaire in framework.case_questionnaires():
            judgements = questionnaire.judgements()
            rows = []
            for standard in framework.standards():
                if standard.id not in case_based:
                    continue
                for kq in standard.key_questions:
                    if kq.id in judgements:
                        rows.append(self._rule(questionnaire, kq.id, judgements[kq.id].id))
            self._rules[questionnaire.id] = tuple(rows)
        self._counts: dict[str, _Counts] = {r.kid: _Counts() for rows in self._rules.values() for r in rows}
        self._standard_kqs: dict[str, tuple[str, ...]] = {
            s.id: tuple(k.id for k in s.key_questions if k.id in self._counts) for s in framework.standards()
        }
        self._standard_kinds: dict[str, tuple[str, ...]] = {
            s.id: tuple(q for q, rows in self._rules.items() if any(r.kid in self._standard_kqs[s.id] for r in rows))
            for s in framework.standards()
        }
        self._cases_of: dict[str, int] = {q: 0 for q in self._rules}  # questionnaire -> cases not excluded
        self._case_state: dict[str, _Entry] = {}  # id -> (questionnaire, counted, states)
        self.ignored: dict[str, str] = {}
        self._kq_cache: dict[str, KeyQuestionRating] = {}
        self._std_cache: dict[str, StandardRating] = {}
        self._dirty: set[str] = set(self._counts)
        self._dirty_kinds: set[str] = set(self._rules)
        for case in cases:
            self.update(case)

    def _rule(self, questionnaire, kid: str, judgement: str) -> _Rule:
        sub = next((s for s in self.framework.rules.subsamples if kid in s.key_questions), None)
        if sub is None:
            return _Rule(kid, judgement, None, {}, 0)
        question = questionnaire.question(sub.classification) or next(
            (q.question(sub.classification) for q in self.framework.questionnaires.values() if q.question(sub.classification)),
            None,
        )
        options = question.options if question else ()
        order = {o.value: i for i, o in enumerate(options)}
        floor_label = question.label_for(sub.at_least) if question else sub.at_least
        self._subsample_text[kid] = f"cases classified {floor_label} or above"
        return _Rule(kid, judgement, sub, order, order.get(sub.at_least, 0))

    # -- changing the counts ------------------------------------------------------------------

    def _states(self, rows: tuple[_Rule, ...], answers: dict[str, Any]) -> tuple[int, ...]:
        out = []
        for rule in rows:
            sub = rule.subsample
            if sub is not None:
                value = answers.get(sub.corrected) if answers.get(sub.accurate) == "no" else answers.get(sub.classification)
                position = rule.order.get(value) if isinstance(value, str) else None
                if position is None:
                    out.append(UNCLASSIFIED)
                    continue
                if position < rule.floor:
                    out.append(OUT)
                    continue
            judgement = answers.get(rule.judgement)
            out.append(YES if judgement == "yes" else NO if judgement == "no" else PENDING)
        return tuple(out)

    def update(self, case: Case) -> None:
        """Replace `case`'s contribution (matched by case_id) with its current answers and status."""
        why = not_counted(self.framework, case)
        if why:
            self.remove(case.case_id)
            self.ignored[case.case_id] = why
            return
        rows = self._rules[case.questionnaire]
        self.ignored.pop(case.case_id, None)
        counted = not case.excluded
        states = self._states(rows, case.answers) if counted else (OUT,) * len(rows)
        old = self._case_state.get(case.case_id)
        new = (case.questionnaire, counted, states)
        if old == new:
            return
        if old is not None and old[0] != case.questionnaire:
            self._apply(case.case_id, old, None)
            old = None
        self._case_state[case.case_id] = new
        self._apply(case.case_id, old, new)

    def remove(self, case_id: str) -> None:
        """Take a case out of the counts (deleted, or moved to another inspection)."""
        self.ignored.pop(case_id, None)
        old = self._case_state.pop(case_id, None)
        if old is not None:
            self._apply(case_id, old, None)

    def _apply(self, case_id: str, old: _Entry | None, new: _Entry | None) -> None:
        """Move one case's contribution from `old` to `new` (same questionnaire), touching only what differs."""
        questionnaire = (new or old)[0]
        was_counted, old_states = (old[1], old[2]) if old else (False, None)
        is_counted, new_states = (new[1], new[2]) if new else (False, None)
        if was_counted != is_counted:
            self._cases_of[questionnaire] += 1 if is_counted else -1
            self._dirty_kinds.add(questionnaire)
        for i, rule in enumerate(self._rules[questionnaire]):
            before = old_states[i] if old_states else OUT
            after = new_states[i] if new_states else OUT
            if before == after:
                continue
            counts = self._counts[rule.kid]
            if before != OUT:
                counts.states[before] -= 1
                if before == NO:
                    del counts.insufficient[bisect_left(counts.insufficient, case_id)]
            if after != OUT:
                counts.states[after] += 1
                if after == NO:
                    insort(counts.insufficient, case_id)
            self._dirty.add(rule.kid)


    # -- reading ------------------------------------------------------------------------------

    def counts(self, kid: str) -> dict[str, int]:
        """A key question's raw counts: sufficient, judged, sample, unclassified."""
        s = self._counts[kid].states
        return {"sufficient": s[YES], "judged": s[YES] + s[NO], "sample": s[PENDING] + s[YES] + s[NO], "unclassified": s[UNCLASSIFIED]}

    @property
    def case_count(self) -> int:
        return len(self._case_state)

    def ratings(self) -> InspectionRatings:
        fw = self.framework
        rules = fw.rules
        changed_standards = set()
        for kid in self._dirty:
            c = self.counts(kid)
            self._kq_cache[kid] = rate_key_question(
                fw, kid, c["sufficient"], c["judged"], c["sample"], c["unclassified"],
                self._counts[kid].insufficient, self._subsample_text.get(kid, ""),
            )
        for sid, kids in self._standard_kqs.items():
            if any(k in self._dirty for k in kids) or any(q in self._dirty_kinds for q in self._standard_kinds[sid]):
                changed_standards.add(sid)
        self._dirty.clear()
        self._dirty_kinds.clear()
        marking_started = bool(self._case_state or self.inspection.ratings or self.inspection.answers)
        standards: dict[str, StandardRating] = {}
        for standard in fw.standards():
            sid = standard.id
            if sid in rules.case_based:
                if sid in changed_standards or sid not in self._std_cache:
                    kinds = self._standard_kinds[sid]
                    titles = " or ".join(fw.questionnaires[q].title.lower() for q in kinds)
                    self._std_cache[sid] = rate_case_based(
                        fw, standard, {k: self._kq_cache[k] for k in self._standard_kqs[sid]},
                        sum(self._cases_of[q] for q in kinds), titles or "marked",
                    )
                standards[sid] = self._std_cache[sid]
            elif sid in rules.judged:
                standards[sid] = rate_judged(fw, self.inspection, standard, marking_started)
        return InspectionRatings(
            inspection=self.inspection.id,
            framework=fw.id,
            overall=rate_overall(fw, standards),
            standards=standards,
            ignored_cases=dict(self.ignored),
        )
