"""The `[rules]` of framework.toml: ratings and scores, the bands, which standards are case-based or
judged, hurdles and subsamples, each checked against the standards and questionnaires they name."""

from __future__ import annotations

from fractions import Fraction

from .model import RATINGS, Band, Hurdle, Questionnaire, Rules, Subsample
from .reader import Reader, expected, is_number
from .standards import StandardsIndex


def read_rules(reader: Reader, r: dict, questionnaires: dict[str, Questionnaire], index: StandardsIndex) -> Rules:
    ratings = reader.strings(r, "ratings", "rules", RATINGS)
    for rating in ratings:
        if rating not in RATINGS:
            reader.problem("rules.ratings", f"unknown rating '{rating}' (use {', '.join(RATINGS)})")
    scores = reader.table(r, "scores", "rules")
    for rating in ratings:
        if not is_integer(scores.get(rating)):
            reader.problem(f"rules.scores.{rating}", "missing score (an integer)")
    kq_bands = read_bands(reader, r, ratings, "key_question_bands", "min_percent")
    composite_bands = read_bands(reader, r, ratings, "composite_bands", "min_score")
    st = reader.table(r, "standards", "rules")
    lists = {name: reader.strings(st, name, "rules.standards") for name in ("case_based", "judged", "unscored")}
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
    for key, h in reader.tables(r, "hurdles", "rules"):
        for name, known, what in (("standard", index.standard_ids, "standard"), ("when", ratings, "rating"), ("overall", ratings, "rating"), ("becomes", ratings, "rating")):
            if not isinstance(h.get(name, ""), str):
                reader.problem(f"{key}.{name}", expected(f"a {what} (a string)", h[name]))
            elif h.get(name) not in known:
                reader.problem(f"{key}.{name}", f"unknown {what} '{h.get(name)}'")
        hurdles.append(Hurdle(*(h.get(name, "") for name in ("standard", "when", "overall", "becomes"))))
    subsamples = []
    for key, s in reader.tables(r, "subsamples", "rules"):
        kids = reader.strings(s, "key_questions", key)
        for kid in kids:
            if kid not in index.kq_ids:
                reader.problem(f"{key}.key_questions", f"unknown key question '{kid}'")
        names = {}
        for name in ("classification", "accurate", "corrected"):
            names[name] = reader.optional(s, name, key, str, "")
            if not isinstance(s.get(name, ""), str):
                continue  # said above: not a string
            if not any(q.question(names[name]) for q in questionnaires.values()):
                reader.problem(f"{key}.{name}", f"unknown question '{s.get(name)}'")
        subsamples.append(Subsample(kids, **names, at_least=reader.optional(s, "at_least", key, str, "medium")))
    composite_max = r.get("composite_max", 36)
    if not is_integer(composite_max) or composite_max <= 0:
        reader.problem("rules.composite_max", "must be a positive integer")
        composite_max = 36
    return Rules(
        ratings=ratings,
        scores={k: v for k, v in scores.items() if is_integer(v)},
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
    for bkey, b in reader.tables(r, key, "rules"):
        if not isinstance(b.get("rating"), (str, type(None))):
            reader.problem(f"{bkey}.rating", expected("a rating (a string)", b["rating"]))
        elif b.get("rating") not in ratings:
            reader.problem(f"{bkey}.rating", f"unknown rating '{b.get('rating')}'")
        if not is_number(b.get(minimum)):
            reader.problem(f"{bkey}.{minimum}", "missing (a number)")
            continue
        out.append(Band(b.get("rating", ""), Fraction(str(b[minimum]))))
    if not out:
        reader.problem(f"rules.{key}", "no bands (add [[rules.%s]] tables)" % key)
    if [b.minimum for b in out] != sorted((b.minimum for b in out), reverse=True):
        reader.problem(f"rules.{key}", f"bands must run from the highest {minimum} down")
    return tuple(out)


def is_integer(value: object) -> bool:
    """A TOML integer (a boolean is none, though Python counts it one)."""
    return isinstance(value, int) and not isinstance(value, bool)
