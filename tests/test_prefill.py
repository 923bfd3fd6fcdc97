"""Case details pre-filled in a new case (engine.prefill through Store.create_case), and the
framework's `prefill` key."""

from __future__ import annotations

import tomllib

import pytest

from casemark.engine.store import Store
from casemark.framework import FrameworkError, load_framework
from casemark.framework.model import PREFILL_SOURCES


@pytest.fixture
def store(tmp_path):
    return Store(tmp_path)


@pytest.mark.parametrize("framework,questionnaire", [("youth-2021", "court"), ("youth-2021", "oocd"), ("youth-2018", "oocd")])
def test_first_case_takes_the_service_and_its_inspector(store, tmp_path, framework, questionnaire):
    store.create_inspection("insp", "Eastshire YJS", framework=framework)
    case = store.create_case("insp", "C1", questionnaire, inspector="Ada Okafor")
    saved = tomllib.loads((tmp_path / "insp" / "cases" / "C1.toml").read_text())
    assert saved["answers"]["I1.1"] == "Eastshire YJS"
    assert saved["answers"]["I1.3"] == "Ada Okafor"
    # no other case yet: single/joint and England/Wales are left for the inspector
    assert "I1.0" not in saved["answers"] and "I1.2" not in saved["answers"]
    assert case.answers == saved["answers"]


def test_inspection_wide_answers_come_from_most_other_cases(store, tmp_path):
    store.create_inspection("insp", "Eastshire YJS")
    for cid, nation in (("C1", "wales"), ("C2", "wales"), ("C3", "england")):
        case = store.create_case("insp", cid, "court", inspector="Ben Lewis")
        store.set_answer("insp", case, "I1.2", nation)
        store.set_answer("insp", case, "I1.0", "joint")
    new = store.create_case("insp", "O1", "oocd", inspector="Carys Hughes")
    saved = tomllib.loads((tmp_path / "insp" / "cases" / "O1.toml").read_text())["answers"]
    assert saved["I1.2"] == "wales"
    assert saved["I1.0"] == "joint"
    assert saved["I1.3"] == "Carys Hughes"
    # editable as any answer
    store.set_answer("insp", new, "I1.2", "england")
    assert store.load_case("insp", "O1").answers["I1.2"] == "england"


def test_no_inspector_leaves_the_name_unanswered(store):
    store.create_inspection("insp", "Eastshire YJS")
    case = store.create_case("insp", "C1", "court")
    assert "I1.3" not in case.answers
    assert case.answers["I1.1"] == "Eastshire YJS"


def test_the_frameworks_mark_the_case_details():
    for fid, qns in (("youth-2021", ("court", "oocd")), ("youth-2018", ("oocd",))):
        fw = load_framework(fid)
        for qn in qns:
            got = {q.id: q.prefill for q in fw.questionnaires[qn].questions() if q.prefill}
            assert got == {"I1.0": "inspection-wide", "I1.1": "inspection.service", "I1.2": "inspection-wide", "I1.3": "case.inspector"}


def test_an_unknown_prefill_source_is_a_framework_error(tmp_path):
    import shutil
    from casemark.framework import FRAMEWORKS_DIR

    root = tmp_path / "frameworks"
    shutil.copytree(FRAMEWORKS_DIR / "youth-2021", root / "youth-2021")
    path = root / "youth-2021" / "questionnaires" / "court.toml"
    path.write_text(path.read_text().replace('prefill = "inspection.service"', 'prefill = "inspection.town"'))
    with pytest.raises(FrameworkError) as err:
        load_framework("youth-2021", root)
    text = str(err.value)
    assert "prefill" in text and "inspection.town" in text and PREFILL_SOURCES[0] in text
