"""`casemark schema`: the JSON Schema of the case and inspection files accepts every file of the
demo and refuses what `casemark validate` refuses (a wrong option, a number in quotes, an unknown
questionnaire, a missing framework). Checked with a small validator of the draft-07 subset the
schema uses (below), and with the `jsonschema` package too where it is installed."""

from __future__ import annotations

import datetime as dt
import json
import re
import tomllib
from pathlib import Path

import pytest

from casemark.engine.store_format import CASE_KEYS, INSPECTION_KEYS

REPO = Path(__file__).resolve().parent.parent
DEMO = REPO / "saved" / "demo-anytown"
SUBSET = {"$schema", "$comment", "$ref", "title", "description", "definitions", "type", "enum", "const", "required",
          "properties", "additionalProperties", "items", "uniqueItems", "pattern", "format", "allOf", "if", "then", "else"}
TYPES = {"object": dict, "array": list, "string": str, "boolean": bool}


def as_json(value):
    """A TOML document as an editor's schema checker sees it: dates and datetimes are strings."""
    if isinstance(value, dict):
        return {k: as_json(v) for k, v in value.items()}
    if isinstance(value, list):
        return [as_json(v) for v in value]
    if isinstance(value, (dt.date, dt.datetime, dt.time)):
        return value.isoformat()
    return value


def errors(schema, value, root=None, where="") -> list[str]:
    """Every way `value` breaks `schema` (the subset in SUBSET), as 'where: what'."""
    root = root or schema
    if schema is True:
        return []
    if schema is False:
        return [f"{where}: not allowed"]
    unknown = set(schema) - SUBSET
    assert not unknown, f"the schema uses {unknown}: teach this validator, or keep to the subset"
    if "$ref" in schema:
        target = root
        for part in schema["$ref"].removeprefix("#/").split("/"):
            target = target[part]
        return errors(target, value, root, where)
    out = []
    if "type" in schema:
        kinds = schema["type"] if isinstance(schema["type"], list) else [schema["type"]]
        def fits(kind):
            if kind == "integer":
                return isinstance(value, int) and not isinstance(value, bool)
            if kind == "string" or kind == "array" or kind == "object":
                return isinstance(value, TYPES[kind])
            return isinstance(value, TYPES[kind])
        if not any(fits(k) for k in kinds):
            return [f"{where}: {value!r} is not {'/'.join(kinds)}"]
    if "const" in schema and (value != schema["const"] or type(value) is not type(schema["const"])):
        out.append(f"{where}: {value!r} is not {schema['const']!r}")
    if "enum" in schema and value not in schema["enum"]:
        out.append(f"{where}: {value!r} is not one of {schema['enum']}")
    if "pattern" in schema and isinstance(value, str) and not re.search(schema["pattern"], value):
        out.append(f"{where}: {value!r} does not match {schema['pattern']}")
    if isinstance(value, dict):
        out += [f"{where}.{k}: required" for k in schema.get("required", []) if k not in value]
        props = schema.get("properties", {})
        for k, v in value.items():
            if k in props:
                out += errors(props[k], v, root, f"{where}.{k}")
            elif "additionalProperties" in schema:
                out += errors(schema["additionalProperties"], v, root, f"{where}.{k}")
    if isinstance(value, list):
        if "items" in schema:
            for i, v in enumerate(value):
                out += errors(schema["items"], v, root, f"{where}[{i}]")
        if schema.get("uniqueItems") and len(set(map(json.dumps, value))) != len(value):
            out.append(f"{where}: repeats an item")
    for sub in schema.get("allOf", []):
        out += errors(sub, value, root, where)
    if "if" in schema:
        branch = "then" if not errors(schema["if"], value, root, where) else "else"
        if branch in schema:
            out += errors(schema[branch], value, root, where)
    return out


@pytest.fixture(scope="module", params=["youth-2021", None], ids=["youth-2021", "no-framework"])
def schema(request):
    import subprocess
    import sys

    args = [sys.executable, "-m", "casemark", "schema"] + ([request.param] if request.param else [])
    done = subprocess.run(args, capture_output=True, text=True, cwd=REPO, timeout=60)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def demo_files() -> list[Path]:
    return [DEMO / "inspection.toml", *sorted((DEMO / "cases").glob("*.toml"))]


def load(path: Path) -> dict:
    return as_json(tomllib.loads(path.read_text(encoding="utf-8")))


def test_every_demo_file_fits_the_schema(schema) -> None:
    files = demo_files()
    assert len(files) == 20
    for path in files:
        assert errors(schema, load(path)) == [], path.name


def test_the_schema_refuses_what_validate_refuses(schema) -> None:
    case = load(DEMO / "cases" / "C01.toml")
    bad = {k: v for k, v in case.items() if k != "framework"}
    assert errors(schema, bad) == [".framework: required"]
    assert errors(schema, case | {"status": "done"})
    assert errors(schema, case | {"stauts": "complete"})  # a misspelt key: casemark keeps it, validate reports it
    inspection = load(DEMO / "inspection.toml")
    assert errors(schema, inspection | {"ratings": {"1.1": "excellent"}})
    assert errors(schema, inspection | {"schema": 2})


def test_with_a_framework_every_answer_is_checked_against_its_question() -> None:
    import subprocess
    import sys

    done = subprocess.run([sys.executable, "-m", "casemark", "schema", "youth-2021", "--kind", "case"],
                          capture_output=True, text=True, cwd=REPO, timeout=60)
    schema = json.loads(done.stdout)
    case = load(DEMO / "cases" / "C01.toml")
    assert case["questionnaire"] == "court" and case["answers"]["2.1.1"] in ("yes", "no")
    assert errors(schema, case) == []
    answers = case["answers"]
    assert errors(schema, case | {"answers": answers | {"2.1.1": "maybe"}}) == [
        ".answers.2.1.1: 'maybe' is not one of ['yes', 'no']"
    ]
    assert errors(schema, case | {"answers": answers | {"Z9": "x"}}) == [".answers.Z9: not allowed"]
    assert errors(schema, case | {"questionnaire": "prison"})
    court = schema["allOf"][0]["then"]["properties"]["answers"]["properties"]
    from casemark.framework import load_framework

    words = load_framework("youth-2021").questionnaires["court"].question("2.1.1").text
    assert court["2.1.1"]["description"] == words  # the question's words, for an editor's hover help
    number = next(q for q, s in court.items() if s.get("type") == "integer")
    assert errors(schema, case | {"answers": answers | {number: "15"}})
    inspection = json.loads(subprocess.run([sys.executable, "-m", "casemark", "schema", "youth-2021", "--kind", "inspection"],
                                           capture_output=True, text=True, cwd=REPO, timeout=60).stdout)
    assert set(inspection["properties"]["ratings"]["properties"]) == {"1.1", "1.2", "1.3", "1.4", "2.5", "3.4"}
    assert errors(inspection, load(DEMO / "inspection.toml")) == []


def test_the_schema_knows_every_key_the_store_writes(schema) -> None:
    case = schema["definitions"]["case"]["properties"]
    inspection = schema["definitions"]["inspection"]["properties"]
    assert set(CASE_KEYS) <= set(case) and set(INSPECTION_KEYS) <= set(inspection)


def test_jsonschema_agrees_where_it_is_installed(schema) -> None:
    jsonschema = pytest.importorskip("jsonschema")
    validator = jsonschema.Draft7Validator(schema)
    jsonschema.Draft7Validator.check_schema(schema)
    for path in demo_files():
        assert list(validator.iter_errors(load(path))) == [], path.name
    case = load(DEMO / "cases" / "C01.toml")
    assert list(validator.iter_errors(case | {"status": "done"}))


def test_schema_writes_a_file(casemark, tmp_path) -> None:
    out = tmp_path / "casemark.schema.json"
    done = casemark("schema", "youth-2018", "-o", out)
    assert done.returncode == 0 and f"wrote {out}" in done.stderr
    assert json.loads(out.read_text(encoding="utf-8"))["definitions"]["case"]["properties"]["framework"] == {"const": "youth-2018"}
    wrong = casemark("schema", "youth-1999")
    assert wrong.returncode == 1 and "no such framework" in wrong.stderr
