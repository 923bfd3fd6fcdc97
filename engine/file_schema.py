"""A JSON Schema (draft-07) of the case and inspection files, for editors that check TOML against
one (taplo, Even Better TOML): what docs/file-format.md says, as data. Pure: no I/O, no UI.

Without a framework it checks the shape of the files; with one it also checks every answer against
its question (the option values, a whole number, a list of options) and shows the question's words
as the key's description. TOML dates and datetimes are strings to such editors (`format`).
"""

from __future__ import annotations

from typing import Any

from casemark.framework.model import NOT_RATED, RATINGS, Framework, Question, Questionnaire

from .checks import ACK_KEY
from .model import CASE_STATUSES, SCHEMA, SECOND_MARK_KEY

DRAFT = "http://json-schema.org/draft-07/schema#"
ID = "^[A-Za-z0-9_-]+$"
ANY_ANSWER = {"type": ["string", "integer", "boolean", "array"], "description": "an answer (see docs/file-format.md)"}


def answer_schema(q: Question) -> dict[str, Any]:
    """The values a question's answer may take (check_value in engine/answers.py, as a schema)."""
    about = {"description": q.text}
    values = [o.value for o in q.options]
    if q.type in ("yes_no", "yes_no_na", "choice", "classification"):
        return about | {"type": "string", "enum": values}
    if q.type == "multi":
        return about | {"type": "array", "items": {"type": "string", "enum": values}, "uniqueItems": True}
    if q.type == "number":
        return about | {"type": "integer"}
    return about | {"type": "string"}  # text, longtext


def answers_schema(questionnaire: Questionnaire | None, skip_rated: bool = False) -> dict[str, Any]:
    if questionnaire is None:
        return {"type": "object", "additionalProperties": ANY_ANSWER}
    props = {
        q.id: answer_schema(q) for q in questionnaire.questions()
        if q.answerable and not (skip_rated and q.rates_standard)
    }
    return {
        "type": "object",
        "description": f"answers to the '{questionnaire.id}' questionnaire, by question id",
        "properties": props,
        "additionalProperties": False,  # casemark keeps an unknown answer, and `casemark validate` reports it
    }


def case_schema(framework: Framework | None = None) -> dict[str, Any]:
    questionnaires = framework.case_questionnaires() if framework else []
    props: dict[str, Any] = {
        "schema": {"const": SCHEMA, "description": "the format version"},
        "framework": {"const": framework.id} if framework else {"type": "string", "pattern": ID},
        "questionnaire": {"type": "string", "enum": [q.id for q in questionnaires]} if framework else {"type": "string", "pattern": ID},
        "case_id": {"type": "string", "pattern": ID, "description": "the file name without .toml"},
        "status": {"type": "string", "enum": list(CASE_STATUSES)},
        "exclusion_reason": {"type": "string", "description": "why the case is (or, brought back, was last) excluded from the sample"},
        "inspector": {"type": "string"},
        "created": {"type": "string", "format": "date-time"},
        "updated": {"type": "string", "format": "date-time"},
        SECOND_MARK_KEY: {"type": "string", "pattern": ID, "description": "a blind second marking: the case id of the first marking"},
        ACK_KEY: {"type": "object", "additionalProperties": {"type": "string"},
                  "description": "acknowledged soft checks: \"<check-id>:<question-id>\" = the inspector's note"},
        "answers": answers_schema(None),
    }
    schema: dict[str, Any] = {
        "type": "object",
        "title": "casemark case file" + (f" ({framework.id})" if framework else ""),
        "required": ["schema", "framework", "questionnaire"],
        "properties": props,
        "additionalProperties": False,
    }
    if questionnaires:
        schema["allOf"] = [
            {"if": {"properties": {"questionnaire": {"const": q.id}}, "required": ["questionnaire"]},
             "then": {"properties": {"answers": answers_schema(q)}}}
            for q in questionnaires
        ]
    return schema


def inspection_schema(framework: Framework | None = None) -> dict[str, Any]:
    rating = {"type": "string", "enum": [*RATINGS, NOT_RATED]}
    if framework:
        judged = list(framework.rules.judged)
        ratings = {"type": "object", "properties": {sid: rating for sid in judged}, "additionalProperties": False,
                   "description": "the judged standards' recorded ratings: " + ", ".join(judged)}
    else:
        ratings = {"type": "object", "additionalProperties": rating}
    props: dict[str, Any] = {
        "schema": {"const": SCHEMA, "description": "the format version"},
        "framework": {"const": framework.id} if framework else {"type": "string", "pattern": ID},
        "service": {"type": "string"},
        "note": {"type": "string"},
        "inspectors": {"type": "array", "items": {"type": "string"}},
        "dates": {"type": "object", "additionalProperties": {"type": "string", "format": "date"}},
        "ratings": ratings,
        "answers": answers_schema(framework.inspection_questionnaire() if framework else None, skip_rated=True),
    }
    return {
        "type": "object",
        "title": "casemark inspection.toml" + (f" ({framework.id})" if framework else ""),
        "required": ["schema", "framework"],
        "properties": props,
        "additionalProperties": False,
    }


def file_schema(framework: Framework | None = None, kind: str = "any") -> dict[str, Any]:
    """The schema of a case file (`kind="case"`), of inspection.toml (`"inspection"`), or of either
    (`"any"`: a file with a `questionnaire` key is a case file)."""
    case, inspection = case_schema(framework), inspection_schema(framework)
    head = {"$schema": DRAFT, "$comment": "written by casemark schema; the format: docs/file-format.md"}
    if kind == "case":
        return head | case
    if kind == "inspection":
        return head | inspection
    return head | {
        "title": "casemark case or inspection file" + (f" ({framework.id})" if framework else ""),
        "definitions": {"case": case, "inspection": inspection},
        "if": {"type": "object", "required": ["questionnaire"]},
        "then": {"$ref": "#/definitions/case"},
        "else": {"$ref": "#/definitions/inspection"},
    }
