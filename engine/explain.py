"""Words and numbers that explain a rating: percentages, distance to the next band, the reasons.

Pure functions on counts and the framework's rules; `engine.ratings` calls them. No I/O, no UI.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from math import ceil, floor

from casemark.framework.model import NOT_RATED, Rules

from . import vocabulary

SHOWN_CASES = 12  # insufficient cases named in an explanation before 'and N more'


label = vocabulary.label  # 'requires-improvement' -> 'Requires improvement'


def percent_value(percent: Fraction, rules: Rules | None = None) -> float:
    """`percent` to 1 decimal place, rounding half up, but never across a band edge.

    79.96% is Good, so it shows as 79.9, not as 80.0 (the Outstanding edge).
    """
    tenths = floor(percent * 10 + Fraction(1, 2))
    if rules is not None:
        for band in rules.key_question_bands:
            if percent < band.minimum <= Fraction(tenths, 10):
                tenths = floor(percent * 10)
                break
    return tenths / 10


def percent_text(percent: Fraction, rules: Rules | None = None) -> str:
    value = percent_value(percent, rules)
    return f"{value:g}%" if value == int(value) else f"{value:.1f}%"


def a(word: str) -> str:
    """'an Outstanding', 'a Good'."""
    return f"{'an' if word[:1].lower() in 'aeiou' else 'a'} {word}"


def plural(n: int, word: str, words: str | None = None) -> str:
    return f"{n} {word if n == 1 else (words or word + 's')}"


def join_and(items: list[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def case_list(ids: list[str]) -> str:
    shown = ", ".join(ids[:SHOWN_CASES])
    more = len(ids) - SHOWN_CASES
    return f"{shown} and {more} more" if more > 0 else shown


INSUFFICIENT = ". Insufficient: "  # ends an explanation that names the insufficient cases


def without_case_names(explanation: str) -> str:
    """The explanation less its closing list of insufficient cases (for a blind second marker)."""
    head, named, _ = explanation.partition(INSUFFICIENT)
    return head + "." if named else explanation


# -- distance to the next band ---------------------------------------------------------------


@dataclass(frozen=True)
class Distance:
    up: int | None  # more sufficient judgements to reach the next band up (None: at the top, or unreachable)
    up_to: str  # the band `up` reaches ("" when none)
    down: int | None  # more insufficient judgements to fall to the next band down (None: at the bottom)
    down_to: str


def distance(sufficient: int, judged: int, rules: Rules) -> Distance:
    """How many more sufficient (insufficient) judgements move a key question up (down) one band."""
    if judged == 0:
        return Distance(None, "", None, "")
    bands = rules.key_question_bands  # best first
    share = Fraction(100 * sufficient, judged)
    here = next((i for i, b in enumerate(bands) if share >= b.minimum), len(bands) - 1)
    up = down = None
    up_to = down_to = ""
    if here > 0:
        up_to = bands[here - 1].rating
        target = bands[here - 1].minimum / 100  # (s + k) / (j + k) >= target
        if target < 1:  # a band at 100% cannot be reached once an insufficient judgement is in
            up = max(1, ceil((target * judged - sufficient) / (1 - target)))
    if here < len(bands) - 1:
        floor_here = bands[here].minimum / 100  # s / (j + k) < floor_here
        if floor_here > 0:
            down = floor(sufficient / floor_here - judged) + 1
            down_to = bands[here + 1].rating
    return Distance(up, up_to, down, down_to)


def distance_text(d: Distance, rating: str, pending: int) -> str:
    """'Good with 3 more sufficient; Inadequate with 1 more insufficient'."""
    if rating == NOT_RATED:
        return "no judgements yet"

    def left(k: int) -> str:
        return f" (only {plural(pending, 'case')} left to judge)" if 0 < pending < k else ""

    parts = []
    if d.up is not None:
        parts.append(f"{label(d.up_to)} with {d.up} more sufficient{left(d.up)}")
    elif d.up_to:
        parts.append(f"cannot reach {label(d.up_to)} now")
    else:
        parts.append("the top band")
    if d.down is not None:
        parts.append(f"{label(d.down_to)} with {d.down} more insufficient{left(d.down)}")
    else:
        parts.append("the bottom band")
    return "; ".join(parts)


# -- reasons ---------------------------------------------------------------------------------


def kq_name(kid: str, theme: str) -> str:
    """'2.2.1 desistance', '2.2.2 child safety', '2.2.3 others' safety' (the theme id in words)."""
    words = theme.replace("-", " ")
    if words.startswith("others "):
        words = "others' " + words[len("others "):]
    return f"{kid} {words}" if words else kid


def kq_share(sufficient: int, judged: int, percent: Fraction | None, rules: Rules) -> str:
    """'10 of 20 (50%)'."""
    if percent is None:
        return "not yet judged"
    return f"{sufficient} of {judged} ({percent_text(percent, rules)})"


def judged_of(judged: int, sample: int, unclassified: int = 0) -> str:
    """'18 of 20 cases judged' (+ 'and 2 awaiting their classification')."""
    text = f"{judged} of {plural(sample, 'case')} judged"
    if unclassified:
        text += f", and {plural(unclassified, 'case')} awaiting a classification"
    return text


def grouped_by_rating(items: list[tuple[str, str]], order: tuple[str, ...]) -> list[str]:
    """[(name, rating)] -> ['2.2.4 is Good', '2.2.2 and 2.2.3 are Outstanding']: worst band first."""
    out = []
    for rating in (*reversed(order), NOT_RATED):
        names = [name for name, r in items if r == rating]
        if not names:
            continue
        verb = "is" if len(names) == 1 else "are"
        what = "not yet rated" if rating == NOT_RATED else label(rating)
        out.append(f"{join_and(names)} {verb} {what}")
    return out
