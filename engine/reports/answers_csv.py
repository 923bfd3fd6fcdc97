"""`answers-csv`: one row per case, one column per question id (framework order), for Excel or R;
and `questions-csv`, the codebook naming each column's question.

The first columns are inspection, case_id, questionnaire, status, inspector, second_mark_of, created,
updated (so several inspections' files can be pooled); then every question
of the framework's case questionnaires, in framework order (a question id shared by two
questionnaires is one column); then answers the framework does not know, sorted, so nothing is lost.
Values are the stored codes (yes, no, na, medium, ...); a multiple choice joins its codes with '; '.
Text that a spreadsheet would take for a formula gets a leading `'` (`engine.csv_cells`).
"""

from __future__ import annotations

from typing import Any

from casemark.framework.model import Framework, Question

from ..agreement import second_mark_of
from ..csv_cells import csv_rows
from ..model import Case

CASE_COLUMNS = ("inspection", "case_id", "questionnaire", "status", "inspector", "second_mark_of", "created", "updated")
CASE_COLUMN_MEANINGS = {
    "inspection": "the inspection id (its folder name), so files of several inspections can be pooled",
    "case_id": "the case id (its file name)",
    "questionnaire": "the questionnaire it is marked with",
    "status": "in-progress | complete | excluded",
    "inspector": "the inspector who marked it",
    "second_mark_of": "for a blind second marking, the case id of the first marking",
    "created": "when the case file was created (ISO 8601, UTC)",
    "updated": "when an answer was last saved (ISO 8601, UTC)",
}


def question_columns(framework: Framework) -> dict[str, list[tuple[str, Question]]]:
    """Question id -> [(questionnaire id, question)] over the case questionnaires, framework order."""
    columns: dict[str, list[tuple[str, Question]]] = {}
    for qn in framework.case_questionnaires():
        for q in qn.questions():
            if q.answerable:
                columns.setdefault(q.id, []).append((qn.id, q))
    return columns


def cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return "; ".join(cell(v) for v in value)
    return str(value)


def _write(rows: list[list[Any]]) -> str:
    return csv_rows(rows, lineterminator="\r\n")


def _when(value: Any) -> str:
    return value.isoformat() if hasattr(value, "isoformat") else cell(value)


def answers_csv(framework: Framework, cases: list[Case], inspection: str = "") -> str:
    known = question_columns(framework)
    unknown = sorted({qid for c in cases for qid in c.answers if qid not in known})
    header = [*CASE_COLUMNS, *known, *unknown]
    rows = [header]
    for case in sorted(cases, key=lambda c: c.case_id):
        fixed = [inspection, case.case_id, case.questionnaire, case.status, case.inspector, second_mark_of(case),
                 _when(case.created), _when(case.updated)]
        rows.append(fixed + [cell(case.answers.get(qid)) for qid in (*known, *unknown)])
    return _write(rows)


def questions_csv(framework: Framework) -> str:
    """The codebook: one row per answers-csv column with its question's words, type and codes."""
    rows = [["column", "questionnaires", "text", "type", "codes"]]
    rows += [[name, "", meaning, "", ""] for name, meaning in CASE_COLUMN_MEANINGS.items()]
    for qid, uses in question_columns(framework).items():
        q = uses[0][1]
        codes = "; ".join(f"{o.value} = {o.label}" for o in q.options)
        rows.append([qid, " ".join(qn for qn, _ in uses), q.text, q.type, codes])
    return _write(rows)
