"""The `[rules]` of framework.toml: ratings and scores, the bands, which standards are case-based or
judged, hurdles and subsamples, each checked against the standards and questionnaires they name."""

from __future__ import annotations

from fractions import Fraction

from .model import RATINGS, Band, Hurdle, Questionnaire, Rules, Subsample
from .reader import Reader
from .standards import StandardsIndex


def read_rules(reader: Reader, r: dict, questionnaires: dict[str, Questionnaire], index: StandardsIndex) -> Rules:
    ratings = tuple(r.get("ratings", RATINGS))
    for rating in ratings:
        if rating not in RATINGS:
            reader.problem("rules.ratings", f"unknown rating '{rating}' (use {', '.join(RATINGS)})")
    scores = r.get("scores", {})
    for rating in ratings:
        if not isinstance(scores.get(rating), int):
            reader.problem(f"rules.scores.{rating}", "missing score (an integer)")
    kq_bands = read_bands(reader, r, ratings, "key_question_bands", "min_percent")
    composite_bands = read_bands(reader, r, ratings, "composite_bands", "min_score")
    st = r.get("standards", {})
    lists = {name: tuple(st.get(name, [])) for name in ("case_based", "judged", "unscored")}
    for name, ids in lists.items():
        for sid in ids:
            if sid not in index.standard_ids:
                reader.problem(f"rules.standards.{name}", f"unknown standard '{sid}'")
    for sid in sorted(index.standard_ids):
        if (sid in lists["case_based"]) == (sid in lists["judged"]):
            reader.problem("rules.standards", f"standard '{sid}' must be in exactly one of case_based and judged")
    for sid in lists["case_based"]:
        standard = index.standard(sid)
        for kq in standard.key_questions if standard else ():
            if not any(kq.id in q.judgements() for q in questionnaires.values()):
                reader.problem("rules.standards.case_based", f"key question '{kq.id}' of '{sid}' has no judgement question in any questionnaire (add key_question = \"{kq.id}\" to one)")
    hurdles = []
    for i, h in enumerate(r.get("hurdles", [])):
        if h.get("standard") not in index.standard_ids:
            reader.problem(f"rules.hurdles[{i}].standard", f"unknown standard '{h.get('standard')}'")
        for name in ("when", "overall", "becomes"):
            if h.get(name) not in ratings:
                reader.problem(f"rules.hurdles[{i}].{name}", f"unknown rating '{h.get(name)}'")
        hurdles.append(Hurdle(h.get("standard", ""), h.get("when", ""), h.get("overall", ""), h.get("becomes", "")))
    subsamples = []
    for i, s in enumerate(r.get("subsamples", [])):
        key = f"rules.subsamples[{i}]"
        for kid in s.get("key_questions", []):
            if kid not in index.kq_ids:
                reader.problem(f"{key}.key_questions", f"unknown key question '{kid}'")
        for name in ("classification", "accurate", "corrected"):
            if not any(q.question(s.get(name, "")) for q in questionnaires.values()):
                reader.problem(f"{key}.{name}", f"unknown question '{s.get(name)}'")
        subsamples.append(Subsample(tuple(s.get("key_questions", [])), s.get("classification", ""), s.get("accurate", ""), s.get("corrected", ""), s.get("at_least", "medium")))
    composite_max = r.get("composite_max", 36)
    if not isinstance(composite_max, int) or composite_max <= 0:
        reader.problem("rules.composite_max", "must be a positive integer")
        composite_max = 36
    return Rules(
        ratings=ratings,
        scores={k: v for k, v in scores.items() if isinstance(v, int)},
        key_question_bands=kq_bands,
        composite_max=composite_max,
        composite_bands=composite_bands,
        case_based=lists["case_based"],
        judged=lists["judged"],
        unscored=lists["unscored"],
        hurdles=tuple(hurdles),
        subsamples=tuple(subsamples),
    )


def read_bands(reader: Reader, r: dict, ratings: tuple[str, ...], key: str, minimum: str) -> tuple[Band, ...]:
    """`[[rules.<key>]]`: each band a rating and its `minimum`, from the highest down."""
    out = []
    for i, b in enumerate(r.get(key, [])):
        if b.get("rating") not in ratings:
            reader.problem(f"rules.{key}[{i}].rating", f"unknown rating '{b.get('rating')}'")
        if not isinstance(b.get(minimum), (int, float)):
            reader.problem(f"rules.{key}[{i}].{minimum}", "missing (a number)")
            continue
        out.append(Band(b["rating"], Fraction(str(b[minimum]))))
    if not out:
        reader.problem(f"rules.{key}", "no bands (add [[rules.%s]] tables)" % key)
    if [b.minimum for b in out] != sorted((b.minimum for b in out), reverse=True):
        reader.problem(f"rules.{key}", f"bands must run from the highest {minimum} down")
    return tuple(out)
