"""A question's `show_if`: one test of an earlier question's answer, or `all`/`any` of such tests."""

from __future__ import annotations

from typing import Any

from .model import Condition, Question
from .reader import Reader, expected

CONDITION_OPERATORS = ("equals", "not_equals", "in", "contains", "answered")


def read_condition(reader: Reader, spec: Any, key: str, earlier_questions: dict[str, Question]) -> Condition | None:
    """`spec` as a condition on `earlier_questions` (show_if may only look back), or None if it is wrong."""
    if not isinstance(spec, dict):
        reader.problem(key, "must be a table such as { question = \"A2.5\", equals = \"no\" }")
        return None
    if "all" in spec or "any" in spec:
        which = "all" if "all" in spec else "any"
        if not isinstance(spec[which], list):
            reader.problem(f"{key}.{which}", expected('an array of conditions such as [{ question = "A2.5", equals = "no" }, ...]', spec[which]))
            return None
        parts = tuple(
            c for i, s in enumerate(spec[which]) if (c := read_condition(reader, s, f"{key}.{which}[{i}]", earlier_questions))
        )
        return Condition(**{which: parts})
    target = spec.get("question", "")
    if not isinstance(target, str):
        reader.problem(f"{key}.question", expected("a string (the id of an earlier question)", target))
        return None
    ops = [op for op in CONDITION_OPERATORS if op in spec]
    if len(ops) != 1:
        reader.problem(key, f"needs exactly one of {', '.join(CONDITION_OPERATORS)}")
        return None
    earlier = earlier_questions.get(target)
    if earlier is None:
        reader.problem(f"{key}.question", f"'{target}' is not an earlier question of this questionnaire (show_if may only look back)")
        return None
    op = ops[0]
    value = spec[op]
    values = value if isinstance(value, list) else [value]
    if op != "answered":
        allowed = {o.value for o in earlier.options}
        if not earlier.options:
            reader.problem(f"{key}.{op}", f"'{target}' has no options to compare with (use answered = true)")
        for v in values:
            if isinstance(v, (list, dict)):
                reader.problem(f"{key}.{op}", expected(f"an option of '{target}' (a string)", v))
            elif earlier.options and v not in allowed:
                reader.problem(f"{key}.{op}", f"'{v}' is not an option of '{target}' (use one of {', '.join(sorted(allowed))})")
    elif not isinstance(value, bool):
        reader.problem(f"{key}.answered", "must be true or false")
    kwargs: dict[str, Any] = {"question": target}
    kwargs["in_" if op == "in" else op] = tuple(values) if op == "in" else value
    return Condition(**kwargs)
