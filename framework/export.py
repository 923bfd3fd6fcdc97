"""The whole framework as plain data (for `casemark framework ID --json` and other tools)."""

from __future__ import annotations

from typing import Any

from .model import Framework, Question, Questionnaire


def question_to_dict(q: Question) -> dict[str, Any]:
    out: dict[str, Any] = {"id": q.id, "text": q.text, "type": q.type, "required": q.required}
    if q.options:
        out["options"] = [{"value": o.value, "label": o.label} for o in q.options]
        if q.options_name:
            out["options_list"] = q.options_name
    for key, value in (
        ("guidance", q.guidance),
        ("role", q.role),
        ("key_question", q.key_question),
        ("rates_standard", q.rates_standard),
        ("source_id", q.source_id),
        ("note", q.note),
    ):
        if value:
            out[key] = value
    if q.show_if:
        out["show_if"] = q.show_if.to_dict()
    return out


def questionnaire_to_dict(qn: Questionnaire) -> dict[str, Any]:
    return {
        "id": qn.id,
        "title": qn.title,
        "kind": qn.kind,
        "standards": list(qn.standards),
        "sections": [
            {
                "id": s.id,
                "title": s.title,
                "intro": s.intro,
                "groups": [
                    {
                        "id": g.id,
                        "title": g.title,
                        "key_question": g.key_question,
                        "questions": [question_to_dict(q) for q in g.questions],
                    }
                    for g in s.groups
                ],
            }
            for s in qn.sections
        ],
    }


def framework_to_dict(fw: Framework) -> dict[str, Any]:
    r = fw.rules
    return {
        "id": fw.id,
        "title": fw.title,
        "source": fw.source,
        "version": fw.version,
        "domains": [
            {
                "id": d.id,
                "title": d.title,
                "standards": [
                    {
                        "id": s.id,
                        "title": s.title,
                        "headline": s.headline,
                        "modular": s.modular,
                        "key_questions": [
                            {
                                "id": k.id,
                                "text": k.text,
                                "theme": k.theme,
                                "prompts": [{"id": p.id, "letter": p.letter, "text": p.text} for p in k.prompts],
                            }
                            for k in s.key_questions
                        ],
                    }
                    for s in d.standards
                ],
            }
            for d in fw.domains
        ],
        "rules": {
            "ratings": list(r.ratings),
            "scores": dict(r.scores),
            "key_question_bands": [{"rating": b.rating, "min_percent": float(b.minimum)} for b in r.key_question_bands],
            "composite_max": r.composite_max,
            "composite_bands": [{"rating": b.rating, "min_score": float(b.minimum)} for b in r.composite_bands],
            "standards": {"case_based": list(r.case_based), "judged": list(r.judged), "unscored": list(r.unscored)},
            "hurdles": [h.__dict__ for h in r.hurdles],
            "subsamples": [{**s.__dict__, "key_questions": list(s.key_questions)} for s in r.subsamples],
        },
        "options": {
            name: {"source": fw.option_sources.get(name, ""), "values": [{"value": o.value, "label": o.label} for o in opts]}
            for name, opts in fw.option_lists.items()
        },
        "questionnaires": {qid: questionnaire_to_dict(qn) for qid, qn in fw.questionnaires.items()},
    }
