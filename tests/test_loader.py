"""The framework loader: a valid fixture loads; each kind of broken file is rejected with file:key: reason."""

from __future__ import annotations

import shutil
from fractions import Fraction
from pathlib import Path

import pytest

from casemark.framework import FrameworkError, load_framework

MINI = Path(__file__).parent / "fixtures" / "mini-fw"


@pytest.fixture
def mini(tmp_path: Path) -> Path:
    """A fresh copy of the mini framework, to break one rule at a time."""
    target = tmp_path / "mini-fw"
    shutil.copytree(MINI, target)
    return target


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text, f"fixture changed: {old!r} not in {path.name}"
    path.write_text(text.replace(old, new, 1))


def problems(folder: Path) -> list[str]:
    with pytest.raises(FrameworkError) as info:
        load_framework(folder)
    return info.value.problems


def test_valid_fixture_loads_and_expands_key_questions(mini: Path) -> None:
    fw = load_framework(mini)
    court = fw.questionnaires["court"]
    assert [q.id for q in court.questions()] == ["I1", "I1a", "2.1.1a", "2.1.1b", "2.1.1", "2.1.1.reasons"]
    judgement = court.question("2.1.1")
    assert judgement.key_question == "2.1.1" and judgement.text == "Does assessment support desistance?"
    assert court.question("2.1.1a").text == "Is offending analysed?"
    assert court.question("2.1.1.reasons").required
    assert court.judgements() == {"2.1.1": judgement}
    assert fw.rules.band_for_percent(Fraction(129, 200) * 100) == "requires-improvement"
    assert fw.rules.band_for_percent(Fraction(13, 20) * 100) == "good"


def test_show_if_conditions_evaluate(mini: Path) -> None:
    court = load_framework(mini).questionnaires["court"]
    explain = court.question("I1a")
    assert not explain.visible({})
    assert not explain.visible({"I1": "red"})
    assert explain.visible({"I1": "other"})
    reasons = court.question("2.1.1.reasons")
    assert not reasons.visible({}) and reasons.visible({"2.1.1": "no"})


def test_malformed_toml_names_file_line_and_column(mini: Path) -> None:
    edit(mini / "standards.toml", 'title = "Governance"', 'title = "Governance')
    [line] = problems(mini)
    assert line.startswith(f"{mini / 'standards.toml'}: not valid TOML")
    assert "(at line 7, column 20)" in line


def test_duplicate_question_id(mini: Path) -> None:
    edit(mini / "questionnaires" / "court.toml", 'id = "I1a"', 'id = "I1"')
    found = problems(mini)
    assert any("court.toml:sections[0].questions[1](I1).id: duplicate question id 'I1'" in p for p in found), found


def test_duplicate_standard_id(mini: Path) -> None:
    edit(mini / "standards.toml", 'id = "2.1"', 'id = "1.1"')
    found = problems(mini)
    assert any("standards.toml:domains[1].standards[0].id: duplicate id '1.1'" in p for p in found), found


def test_unknown_question_type(mini: Path) -> None:
    edit(mini / "questionnaires" / "court.toml", 'type = "longtext"', 'type = "essay"')
    found = problems(mini)
    assert any("(I1a).type: unknown type 'essay' (use one of yes_no" in p for p in found), found


def test_unknown_option_list(mini: Path) -> None:
    edit(mini / "questionnaires" / "court.toml", 'options = "colour"', 'options = "shades"')
    found = problems(mini)
    assert any("(I1).options: unknown option list 'shades' (define it under [options.shades]" in p for p in found), found


def test_show_if_unknown_question(mini: Path) -> None:
    edit(mini / "questionnaires" / "court.toml", 'question = "I1"', 'question = "I9"')
    found = problems(mini)
    assert any("(I1a).show_if.question: 'I9' is not an earlier question" in p for p in found), found


def test_show_if_later_question(mini: Path) -> None:
    # I1 points forward at I1a, which comes after it
    edit(mini / "questionnaires" / "court.toml", 'options = "colour"\n', 'options = "colour"\nshow_if = { question = "I1a", answered = true }\n')
    found = problems(mini)
    assert any("(I1).show_if.question: 'I1a' is not an earlier question" in p for p in found), found


def test_show_if_impossible_value(mini: Path) -> None:
    edit(mini / "questionnaires" / "court.toml", 'equals = "other"', 'equals = "blue"')
    found = problems(mini)
    assert any("(I1a).show_if.equals: 'blue' is not an option of 'I1' (use one of other, red)" in p for p in found), found


def test_key_question_without_judgement(mini: Path) -> None:
    edit(mini / "questionnaires" / "court.toml", 'judgement_type = "yes_no"', 'judgement_type = "yes_no"\njudgement_feeds_rating = false')
    found = problems(mini)
    assert any("framework.toml:rules.standards.case_based: key question '2.1.1' of '2.1' has no judgement question" in p for p in found), found


def test_rule_naming_unknown_standard(mini: Path) -> None:
    edit(mini / "framework.toml", 'unscored = []', 'unscored = ["2.5"]')
    found = problems(mini)
    assert any("framework.toml:rules.standards.unscored: unknown standard '2.5'" in p for p in found), found


def test_standard_in_neither_case_based_nor_judged(mini: Path) -> None:
    edit(mini / "framework.toml", 'judged = ["1.1"]', "judged = []")
    found = problems(mini)
    assert any("standard '1.1' must be in exactly one of case_based and judged" in p for p in found), found


def test_bands_out_of_order(mini: Path) -> None:
    edit(mini / "framework.toml", "min_percent = 65", "min_percent = 85")
    found = problems(mini)
    assert any("rules.key_question_bands: bands must run from the highest min_percent down" in p for p in found), found


def test_missing_field_and_every_problem_reported_at_once(mini: Path) -> None:
    edit(mini / "standards.toml", 'text = "Is there a vision?"', "")
    edit(mini / "questionnaires" / "court.toml", 'type = "longtext"', 'type = "essay"')
    found = problems(mini)
    assert any("standards.toml:domains[0].standards[0].key_questions[0].text: missing (add a str)" in p for p in found), found
    assert any("unknown type 'essay'" in p for p in found), found


def test_unknown_framework_id_lists_installed() -> None:
    with pytest.raises(FrameworkError) as info:
        load_framework("no-such-framework")
    assert "no such framework (installed:" in info.value.problems[0]


def test_path_traversal_id_refused() -> None:
    with pytest.raises(FrameworkError):
        load_framework("../tests/fixtures/mini-fw/../../..")


def test_problems_carry_file_key_and_code_with_the_message_unchanged(tmp_path):
    from casemark.framework.problems import Problem

    fw = tmp_path / "broken-fw"
    shutil.copytree(MINI, fw)
    text = (fw / "framework.toml").read_text()
    (fw / "framework.toml").write_text(text.replace('id = "mini-fw"', 'id = "other"'))
    with pytest.raises(FrameworkError) as info:
        load_framework(fw)
    [problem] = [p for p in info.value.problems if p.key == "id"]
    assert isinstance(problem, Problem) and problem.code == "mismatch"
    assert problem.file == str(fw.resolve() / "framework.toml")
    assert str(problem) == f"{problem.file}:id: 'other' differs from the folder name 'broken-fw' (make them equal)"
