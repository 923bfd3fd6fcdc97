"""`casemark framework`: list, tree and JSON, run as the installed command."""

from __future__ import annotations

import json


def test_framework_list_names_installed_frameworks(casemark) -> None:
    out = casemark("framework")
    assert out.returncode == 0, out.stderr
    ids = [line.split("\t")[0] for line in out.stdout.splitlines()]
    assert "youth-2021" in ids and "youth-2018" in ids


def test_framework_tree_prints_standards_and_prompts(casemark) -> None:
    out = casemark("framework", "youth-2021")
    assert out.returncode == 0, out.stderr
    assert "2.5 Resettlement policy and provision" in out.stdout
    assert "modular, outside the composite" in out.stdout
    assert "Does assessment sufficiently analyse how to support the child's desistance?" in out.stdout


def test_framework_json_is_complete(casemark) -> None:
    out = casemark("framework", "youth-2018", "--json")
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    assert data["id"] == "youth-2018"
    oocd = data["questionnaires"]["oocd"]
    questions = [q for s in oocd["sections"] for g in s["groups"] for q in g["questions"]]
    by_id = {q["id"]: q for q in questions}
    assert by_id["A1S"]["key_question"] == "3.1.1"
    assert by_id["A2.6"]["show_if"] == {"question": "A2.5", "equals": "no"}
    assert any(q.get("guidance") for q in questions)
    assert data["rules"]["standards"]["case_based"] == ["3.1", "3.2", "3.3", "3.4"]
    assert data["rules"]["subsamples"][0]["at_least"] == "medium"


def test_framework_unknown_id_fails_with_message(casemark) -> None:
    out = casemark("framework", "youth-1999")
    assert out.returncode == 1
    assert "youth-1999: no such framework (installed:" in out.stderr
