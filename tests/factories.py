"""Generated inspections for tests and benchmarks, written through the real store."""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

from casemark.engine import answers as ans
from casemark.engine.store import Store
from casemark.framework.model import Question, Questionnaire

INSPECTORS = ("A. Inspector", "B. Inspector", "C. Inspector")


def answer_for(question: Question, rng: random.Random, yes_share: float = 0.7) -> Any:
    """A valid answer to `question`; judgements are 'yes' with probability `yes_share`."""
    values = [o.value for o in question.options]
    if question.type == "yes_no" and question.key_question:
        return "yes" if rng.random() < yes_share else "no"
    if question.type in ("yes_no", "yes_no_na", "choice", "classification"):
        return rng.choice(values)
    if question.type == "multi":
        return rng.sample(values, rng.randint(1, len(values)))
    if question.type == "number":
        return rng.randint(10, 17)
    if question.type == "longtext":
        return f"Generated note {rng.randint(1, 10_000)}.\nSecond line of the note."
    return f"Generated text {rng.randint(1, 10_000)}"


def complete_answers(questionnaire: Questionnaire, rng: random.Random, yes_share: float = 0.7) -> dict[str, Any]:
    """Answers to every question shown (in order), so that the case can be complete."""
    answers: dict[str, Any] = {}
    for q in questionnaire.questions():
        if q.answerable and q.visible(answers):
            answers[q.id] = answer_for(q, rng, yes_share)
    assert not ans.missing_required(questionnaire, answers)
    return answers


def make_inspection(
    root: Path,
    n_court: int,
    n_oocd: int,
    framework: str = "youth-2021",
    seed: int = 0,
    iid: str = "generated",
    framework_root: Path | None = None,
) -> Path:
    """Write inspection `iid` under `root`: every judged standard rated, `n_court` court and
    `n_oocd` out-of-court cases, all complete. Returns the inspection folder."""
    rng = random.Random(seed)
    store = Store(root, framework_root=framework_root)
    inspection = store.create_inspection(iid, f"Generated Youth Justice Service {seed}", framework=framework)
    fw = store.framework(framework)
    inspection.ratings = {sid: rng.choice(fw.rules.ratings) for sid in fw.rules.judged}
    store.save_inspection(inspection)
    for qid, count in (("court", n_court), ("oocd", n_oocd)):
        qn = fw.questionnaires[qid]
        for n in range(1, count + 1):
            case = store.create_case(iid, f"{qid.upper()}-{n:03d}", qid, inspector=rng.choice(INSPECTORS))
            case.answers = complete_answers(qn, rng)
            case.status = "complete"
            store.save_case(iid, case)
    return store.inspection_dir(iid)
