"""A case file and an inspection file, read into the model and written as text.

Reading checks the TOML syntax (a ParseError with its line and column), the schema, the framework
and questionnaire the file names, and the type of every field; keys casemark does not know are
kept in `extra` and written back. Writing is deterministic: the keys in a fixed order, answers in
the order of their questions (engine.answers.ordered), so the same object always gives the same
bytes. The format is documented in docs/file-format.md.

`FileFormat` is a mixin of engine.store.Store: it uses the Store's framework lookup
(engine.store_frameworks), paths (engine.store_paths) and its memory of versions read (`_seen`).
No UI here.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from . import answers as ans
from . import tomlfile
from .errors import StoreError
from .model import CASE_STATUSES, SCHEMA, Case, Inspection
from .store_errors import ParseError

CASE_KEYS = ("schema", "framework", "questionnaire", "case_id", "status", "exclusion_reason", "inspector", "created", "updated", "answers")
INSPECTION_KEYS = ("schema", "framework", "service", "note", "inspectors", "dates", "ratings", "answers")


def now() -> dt.datetime:
    """The time stamped in a file (created, updated): now, in UTC, to the second."""
    return dt.datetime.now(dt.timezone.utc).replace(microsecond=0)


class FileFormat:
    """Store methods: `_parse_inspection`, `inspection_text`, `_parse_case`, `case_text`."""

    def _parse_inspection(self, iid: str, path: Path, data: bytes) -> Inspection:
        raw = parse_toml(path, data)
        self._seen(path, data)
        check_schema(path, raw)
        fw = self.framework(raw.get("framework"), path)
        service = typed_field(path, raw, "service", str, "")
        note = typed_field(path, raw, "note", str, "")
        inspectors = typed_field(path, raw, "inspectors", list, [])
        if not all(isinstance(i, str) for i in inspectors):
            raise ParseError(path, "inspectors", "must be a list of names (strings)")
        dates = typed_field(path, raw, "dates", dict, {})
        ratings = typed_field(path, raw, "ratings", dict, {})
        answers = typed_field(path, raw, "answers", dict, {})
        return Inspection(
            id=iid,
            framework=fw.id,
            service=service,
            schema=raw["schema"],
            dates=dates,
            inspectors=inspectors,
            ratings=ratings,
            answers=answers,
            extra={k: v for k, v in raw.items() if k not in INSPECTION_KEYS},
            note=note,
            origin=tomlfile.digest(data),
            base=data,
        )

    def inspection_text(self, inspection: Inspection) -> str:
        fw = self.framework(inspection.framework, self.inspection_path(inspection.id))
        standard_order = {s.id: i for i, s in enumerate(fw.standards())}
        ratings = dict(sorted(inspection.ratings.items(), key=lambda kv: (kv[0] not in standard_order, standard_order.get(kv[0], 0))))
        doc: dict[str, Any] = {"schema": inspection.schema, "framework": inspection.framework, "service": inspection.service}
        if inspection.note:
            doc["note"] = inspection.note
        if inspection.inspectors:
            doc["inspectors"] = list(inspection.inspectors)
        doc |= {k: v for k, v in inspection.extra.items() if not isinstance(v, dict)}
        if inspection.dates:
            doc["dates"] = dict(inspection.dates)
        doc["ratings"] = ratings
        doc["answers"] = ans.ordered(fw.inspection_questionnaire(), inspection.answers)
        doc |= {k: v for k, v in inspection.extra.items() if isinstance(v, dict)}
        return tomlfile.dumps(doc)

    def _parse_case(self, iid: str, cid: str, path: Path, data: bytes, expected: str | None = None) -> Case:
        raw = parse_toml(path, data)
        self._seen(path, data)
        check_schema(path, raw)
        fw = self.framework(raw.get("framework"), path)
        self.questionnaire(fw, raw.get("questionnaire"), path)
        if expected is None:
            expected = self._inspection_framework(iid)
        if expected and expected != fw.id:
            raise ParseError(path, "framework", f"'{fw.id}' differs from the inspection's framework '{expected}' (a case is marked against its inspection's framework)")
        case_id = typed_field(path, raw, "case_id", str, cid)
        if case_id != cid:
            raise ParseError(path, "case_id", f"'{case_id}' differs from the file name '{cid}.toml' (make them equal)")
        status = typed_field(path, raw, "status", str, "in-progress")
        if status not in CASE_STATUSES:
            raise ParseError(path, "status", f"'{status}' is not a status (use one of {', '.join(CASE_STATUSES)})")
        for name in ("created", "updated"):
            if name in raw and not isinstance(raw[name], dt.datetime):
                raise ParseError(path, name, f"must be a date and time such as 2026-11-23T10:04:00Z, not {raw[name]!r}")
        return Case(
            case_id=cid,
            questionnaire=raw["questionnaire"],
            framework=fw.id,
            status=status,
            inspector=typed_field(path, raw, "inspector", str, ""),
            updated=raw.get("updated"),
            created=raw.get("created"),
            exclusion_reason=typed_field(path, raw, "exclusion_reason", str, ""),
            answers=typed_field(path, raw, "answers", dict, {}),
            schema=raw["schema"],
            extra={k: v for k, v in raw.items() if k not in CASE_KEYS},
            origin=tomlfile.digest(data),
            base=data,
        )

    def _inspection_framework(self, iid: str) -> str:
        try:
            data = tomlfile.read_bytes(self.inspection_path(iid))
            fid = tomlfile.loads(data).get("framework") if data is not None else None
        except (tomlfile.TomlSyntaxError, StoreError):
            return ""
        return fid if isinstance(fid, str) else ""

    def case_text(self, case: Case) -> str:
        fw = self.framework(case.framework, Path(f"{case.case_id}.toml"))
        qn = fw.questionnaires.get(case.questionnaire)
        doc: dict[str, Any] = {
            "schema": case.schema,
            "framework": case.framework,
            "questionnaire": case.questionnaire,
            "case_id": case.case_id,
            "status": case.status,
        }
        if case.exclusion_reason:
            doc["exclusion_reason"] = case.exclusion_reason
        doc["inspector"] = case.inspector
        for name in ("created", "updated"):
            if getattr(case, name) is not None:
                doc[name] = getattr(case, name)
        doc |= {k: v for k, v in case.extra.items() if not isinstance(v, dict)}
        doc["answers"] = ans.ordered(qn, case.answers)
        doc |= {k: v for k, v in case.extra.items() if isinstance(v, dict)}
        return tomlfile.dumps(doc)


def parse_toml(path: Path, data: bytes) -> dict[str, Any]:
    try:
        return tomlfile.loads(data)
    except tomlfile.TomlSyntaxError as exc:
        where = f"line {exc.line}, column {exc.column}" if exc.line else "end of file"
        raise ParseError(path, "", f"not valid TOML at {where}: {exc.reason} (fix the file in an editor; it was not changed)", exc.line, exc.column) from None


def check_schema(path: Path, raw: dict[str, Any]) -> None:
    schema = raw.get("schema")
    if schema is None:
        raise ParseError(path, "schema", f"missing (add schema = {SCHEMA} at the top)")
    if isinstance(schema, bool) or not isinstance(schema, int):
        raise ParseError(path, "schema", f"must be the number {SCHEMA}, not {schema!r}")
    if schema != SCHEMA:
        raise ParseError(path, "schema", f"unknown schema version {schema}: this casemark reads schema {SCHEMA} (use a casemark that reads schema {schema})")


def typed_field(path: Path, raw: dict[str, Any], name: str, kind: type, default: Any) -> Any:
    if name not in raw:
        return default
    value = raw[name]
    if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
        names = {str: "text (a string)", list: "a list", dict: "a table", int: "a whole number"}
        raise ParseError(path, name, f"must be {names.get(kind, kind.__name__)}, not {type(value).__name__} {value!r}")
    return value
