"""Option lists: the built-in ones, and those a framework defines under `[options.<name>]` in
framework.toml or inline on a question (`{value, label}` tables)."""

from __future__ import annotations

from typing import Any

from .model import NOT_RATED, RATING_LABELS, RATINGS, Option
from .reader import Reader, expected

BUILTIN_OPTIONS: dict[str, tuple[Option, ...]] = {
    "yes_no": (Option("yes", "Yes"), Option("no", "No")),
    "yes_no_na": (Option("yes", "Yes"), Option("no", "No"), Option("na", "Not applicable")),
    "ratings": tuple(Option(r, RATING_LABELS[r]) for r in RATINGS),
    "standard_ratings": tuple(Option(r, RATING_LABELS[r]) for r in (*RATINGS, NOT_RATED)),
}


def read_options(reader: Reader, values: Any, key: str) -> tuple[Option, ...]:
    """A list of `{value, label}` tables as options; each problem reported at `key`."""
    if not isinstance(values, list) or not values:
        reader.problem(key, "must be a non-empty list of {value, label} tables")
        return ()
    out = []
    for i, item in enumerate(values):
        if not isinstance(item, dict) or not isinstance(item.get("value"), str) or not isinstance(item.get("label"), str):
            reader.problem(f"{key}[{i}]", "must be a table with string 'value' and 'label'")
            continue
        out.append(Option(item["value"], item["label"]))
    seen = [o.value for o in out]
    for value in {v for v in seen if seen.count(v) > 1}:
        reader.problem(key, f"option value '{value}' appears twice (values must be unique)")
    return tuple(out)


def option_lists(reader: Reader, meta: dict) -> tuple[dict[str, tuple[Option, ...]], dict[str, str]]:
    """The option lists by name (the built-in ones and framework.toml's), and each defined one's source."""
    lists = dict(BUILTIN_OPTIONS)
    sources: dict[str, str] = {}
    for name, spec in reader.table(meta, "options", "", "a table of option lists ([options.<name>])").items():
        if name in BUILTIN_OPTIONS:
            reader.problem(f"options.{name}", "redefines a built-in option list (choose another name)")
            continue
        if not isinstance(spec, dict):
            reader.problem(f"options.{name}", expected(f"a table of options ([options.{name}] with values = [{{ value, label }}, ...])", spec))
            lists[name] = ()
            continue
        lists[name] = read_options(reader, spec.get("values"), f"options.{name}.values")
        sources[name] = reader.optional(spec, "source", f"options.{name}", str, "")
    return lists, sources
