"""One question of a questionnaire: its id, type, options, show_if, the key question or standard it
feeds, prefill and number bounds, each checked against what the framework defines."""

from __future__ import annotations

import re

from .conditions import read_condition
from .model import OPTION_TYPES, PREFILL_SOURCES, QUESTION_TYPES, Option, Question
from .options import read_options
from .reader import Reader
from .standards import StandardsIndex

QUESTION_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")
QUESTION_FIELDS = {
    "id", "text", "type", "guidance", "options", "required", "show_if", "key_question",
    "rates_standard", "source_id", "note", "role", "guidance_source", "min", "max",
    "prefill",
}
TEXT_FIELDS = ("key_question", "rates_standard", "guidance", "source_id", "guidance_source", "note", "role")


def read_question(
    reader: Reader,
    q: dict,
    qkey: str,
    option_lists: dict[str, tuple[Option, ...]],
    index: StandardsIndex,
    seen: dict[str, Question],
) -> Question | None:
    """The question table `q` found at `qkey`; `seen` holds the questionnaire's earlier questions (it is added to)."""
    qid = reader.field(q, "id", qkey, str, "")
    if not qid:
        return None
    key = f"{qkey}({qid})"
    if not QUESTION_ID.match(qid):
        reader.problem(f"{key}.id", "ids are letters, digits, '.', '-' and '_' (rename it)")
    if qid in seen:
        reader.problem(f"{key}.id", f"duplicate question id '{qid}' (give each question its own id)")
    qtype = reader.field(q, "type", key, str, "")
    if qtype and qtype not in QUESTION_TYPES:
        reader.problem(f"{key}.type", f"unknown type '{qtype}' (use one of {', '.join(QUESTION_TYPES)})")
    options: tuple[Option, ...] = ()
    options_name = ""
    spec = q.get("options")
    if qtype in ("yes_no", "yes_no_na") and spec is None:
        spec = qtype
    if qtype == "classification" and spec is None:
        spec = "classification"
    if isinstance(spec, str):
        if spec not in option_lists:
            reader.problem(f"{key}.options", f"unknown option list '{spec}' (define it under [options.{spec}] in framework.toml)")
        options, options_name = option_lists.get(spec, ()), spec
    elif spec is not None:
        options = read_options(reader, spec, f"{key}.options")
    if qtype in OPTION_TYPES and not options and spec is None:
        reader.problem(f"{key}.options", f"a {qtype} question needs options (a list name or inline list)")
    if qtype and qtype not in OPTION_TYPES and spec is not None:
        reader.problem(f"{key}.options", f"a {qtype} question takes no options (remove them)")
    condition = None
    if "show_if" in q:
        condition = read_condition(reader, q["show_if"], f"{key}.show_if", seen)
    text = {name: reader.optional(q, name, key, str, "") for name in TEXT_FIELDS}
    kq = text["key_question"]
    if kq and kq not in index.kq_ids:
        reader.problem(f"{key}.key_question", f"unknown key question '{kq}'")
    rates = text["rates_standard"]
    if rates and rates not in index.standard_ids:
        reader.problem(f"{key}.rates_standard", f"unknown standard '{rates}'")
    for name in sorted(set(q) - QUESTION_FIELDS):
        reader.problem(f"{key}.{name}", "unknown field (see docs/framework-format.md)")
    prefill = q.get("prefill", "")
    if prefill not in PREFILL_SOURCES and "prefill" in q:
        reader.problem(f"{key}.prefill", f"unknown source {prefill!r} (use one of {', '.join(PREFILL_SOURCES)})")
        prefill = ""
    elif prefill and qtype == "info":
        reader.problem(f"{key}.prefill", "an info question takes no answer (remove prefill)")
        prefill = ""
    bounds = number_bounds(reader, q, key, qtype)
    question = Question(
        id=qid,
        text=reader.field(q, "text", key, str, ""),
        type=qtype,
        guidance=text["guidance"],
        options=options,
        options_name=options_name,
        required=reader.optional(q, "required", key, bool, False),
        show_if=condition,
        key_question=kq,
        rates_standard=rates,
        source_id=text["source_id"] if "source_id" in q else text["guidance_source"],
        note=text["note"],
        role=text["role"],
        prefill=prefill,
        **bounds,
    )
    seen[qid] = question
    return question


def number_bounds(reader: Reader, q: dict, key: str, qtype: str) -> dict[str, int]:
    """A number question's `min` and `max` as the Question's `minimum` and `maximum` (those given and valid)."""
    bounds = {}
    for name, field_name in (("min", "minimum"), ("max", "maximum")):
        if name not in q:
            continue
        if qtype != "number":
            reader.problem(f"{key}.{name}", f"only a number question takes {name} (remove it)")
        elif isinstance(q[name], bool) or not isinstance(q[name], int):
            reader.problem(f"{key}.{name}", f"must be a whole number, not {q[name]!r}")
        else:
            bounds[field_name] = q[name]
    if bounds.get("minimum") is not None and bounds.get("maximum") is not None and bounds["minimum"] > bounds["maximum"]:
        reader.problem(f"{key}.min", f"{bounds['minimum']} is more than max = {bounds['maximum']} (swap them)")
    return bounds
