"""youth-2021's case questionnaires, their standards sections: per key question the seed 000
prompts, a judgement and the reasons (seed 003's row), and the guidance each prompt or judgement
takes from the seed 003 row of the 2018 question worded the same."""

from __future__ import annotations

import re

import pytest

from seedtext import fold
import youth2021_seed as shared
from youth2021_seed import CASE_QUESTIONNAIRES, SEED_REASONS, STAGE, child, flat, label_key, row_by_label, similar, with_continuation

fw, rows = shared.fw, shared.rows  # the shared fixtures, under their own names




@pytest.mark.parametrize("qid", ["court", "oocd"])
def test_judgement_and_reasons_per_key_question(fw, qid) -> None:
    questionnaire = fw.questionnaires[qid]
    assert questionnaire.kind == "case"
    assert questionnaire.standards == CASE_QUESTIONNAIRES[qid]
    kq_ids = [kq.id for sid in questionnaire.standards for kq in fw.standard(sid).key_questions]
    assert list(questionnaire.judgements()) == kq_ids
    for sid in questionnaire.standards:
        standard = fw.standard(sid)
        section = next(s for s in questionnaire.sections if s.id == sid)
        assert section.title == f"{sid} {standard.title}" and section.intro == standard.headline
        assert [g.key_question for g in section.groups] == [kq.id for kq in standard.key_questions]
        for kq, group in zip(standard.key_questions, section.groups):
            ids = [q.id for q in group.questions]
            assert ids == [p.id for p in kq.prompts] + [kq.id, f"{kq.id}.reasons"]
            for p in kq.prompts:
                q = questionnaire.question(p.id)
                assert (q.text, q.type, q.required) == (p.text, "yes_no_na", False)
            judgement = questionnaire.question(kq.id)
            assert (judgement.text, judgement.type, judgement.key_question) == (kq.text, "yes_no", kq.id)
            assert judgement.required
            reasons = questionnaire.question(f"{kq.id}.reasons")
            assert reasons.type == "longtext" and reasons.required
            # the seed's own row, with only its listed typo corrected, and the correction recorded
            assert reasons.text == SEED_REASONS.replace("records", "record")
            assert "Please records the reasons for your judgement:" in reasons.note
            assert not reasons.visible({}) and reasons.visible({kq.id: "no"})


@pytest.mark.parametrize("qid", ["court", "oocd"])
def test_attached_guidance_is_the_seed_rows_own(fw, rows, qid) -> None:
    questionnaire = fw.questionnaires[qid]
    attached = 0
    for sid in questionnaire.standards:
        for q in next(s for s in questionnaire.sections if s.id == sid).questions():
            if not q.guidance:
                continue
            attached += 1
            assert q.source_id, f"{q.id} has guidance but no source_id"
            assert not re.search(r"</?[a-z]+[^>]*>", q.guidance), f"{q.id}: HTML left in guidance"
            row = row_by_label(rows, q.source_id)
            kq = q.id if q.role == "judgement" else q.id.rstrip("abcdefg")
            stage, theme = STAGE[kq.split(".")[1]], kq.split(".")[2]
            if q.role == "judgement":
                # the 2018 summary question of the same stage and theme; guidance from its reasons row
                assert re.fullmatch(rf"{stage}\s*{theme}\s*S", q.source_id), (q.id, q.source_id)
                reasons = rows[rows.index(row) + 1]
                assert "Please records the reasons for your judgement" in fold(reasons.text)
                assert flat(q.guidance) == flat(reasons.guidance), q.id
                heading = row_by_label(rows, f"{stage} {theme}")
                assert max(similar(r.text, q.text) for r in (row, heading)) >= 0.65, (q.id, q.source_id)
            else:
                assert q.role == "prompt"
                assert re.fullmatch(rf"{stage}\s*{theme}\s*\.\s*\d+", q.source_id), (q.id, q.source_id)
                text, guidance = with_continuation(rows, row)
                assert flat(q.guidance) == flat(guidance), q.id
                assert similar(text, q.text) >= 0.6, (q.id, q.source_id)  # the same question, a few words apart
    assert attached >= (30 if qid == "court" else 35)


@pytest.mark.parametrize("qid", ["court", "oocd"])
def test_every_prompt_worded_as_in_2018_gets_that_guidance(fw, rows, qid) -> None:
    """Completeness: a 2021 prompt whose wording equals a 2018 question of the same stage and theme has its guidance."""
    questionnaire = fw.questionnaires[qid]
    matched = 0
    for sid in questionnaire.standards:
        stage = STAGE.get(sid.split(".")[1])
        for kq in fw.standard(sid).key_questions if stage else ():
            theme = kq.id.split(".")[2]
            candidates = [r for r in rows if re.fullmatch(rf"{stage}\s*{theme}\s*\.\s*\d+", r.label)]
            for p in kq.prompts:
                same = [r for r in candidates if child(with_continuation(rows, r)[0]) == child(p.text)]
                if same and same[0].guidance:
                    q = questionnaire.question(p.id)
                    assert label_key(q.source_id) == label_key(same[0].label), p.id
                    assert flat(q.guidance) == flat(with_continuation(rows, same[0])[1]), p.id
                    matched += 1
    assert matched >= (20 if qid == "court" else 29)


def test_oocd_prompts_mostly_carry_2018_guidance(fw) -> None:
    oocd = fw.questionnaires["oocd"]
    prompts = [q for q in oocd.questions() if q.role == "prompt"]
    with_guidance = [q for q in prompts if q.guidance]
    assert len(prompts) == sum(len(kq.prompts) for sid in oocd.standards for kq in fw.standard(sid).key_questions)
    assert len(with_guidance) >= len(prompts) - 2, [q.id for q in prompts if not q.guidance]
