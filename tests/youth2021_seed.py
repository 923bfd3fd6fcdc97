"""What the youth-2021 faithfulness tests (tests/test_framework_2021*.py) share: the framework and
the seeds as fixtures, the ids they expect, and the folds that match our wording against the seeds'.

Seed 000 Annexe A gives the standards tree; seed 003 gives the case details, classifications and the
guidance attached to 2021 prompts whose wording matches a 2018 question. A test module takes the
fixtures in by name (`fw, rows = shared.fw, shared.rows`).
"""

from __future__ import annotations

import re
from difflib import SequenceMatcher
from pathlib import Path

import pytest

from casemark.framework import load_framework
from seedtext import STANDARDS_SEED, SeedRow, annexe_a, carag_rows, fold

FW_DIR = Path(__file__).resolve().parent.parent / "framework" / "youth-2021"
CASE_QUESTIONNAIRES = {"court": ("2.1", "2.2", "2.3", "2.4"), "oocd": ("3.1", "3.2", "3.3")}
JUDGED = ("1.1", "1.2", "1.3", "1.4", "2.5", "3.4")
STAGE = {"1": "A", "2": "P", "3": "D"}  # x.1 assessment, x.2 planning, x.3 implementation and delivery

SEED_REASONS = next(fold(r.text) for r in carag_rows() if not r.label and "reasons for your judgement" in r.text)


@pytest.fixture(scope="module")
def fw():
    return load_framework("youth-2021")


@pytest.fixture(scope="module")
def seed():
    return annexe_a()


@pytest.fixture(scope="module")
def rows() -> list[SeedRow]:
    return carag_rows()


def flat(text: str) -> str:
    """fold(), with the seed's literal list bullets ('•' inside <li>) counted as markup too."""
    return re.sub(r"\s+", " ", fold(text).replace("•", " ")).strip()


def child(text: str) -> str:
    """Fold for matching 2018 wording against 2021 wording: 'child or young person' -> 'child'."""
    return flat(text).replace("child or young person", "child").replace("child/young person", "child")


def similar(a: str, b: str) -> float:
    return SequenceMatcher(None, child(a), child(b)).ratio()


def label_key(label: str) -> str:
    return re.sub(r"\s+", "", label)


def row_by_label(rows: list[SeedRow], label: str) -> SeedRow:
    found = [r for r in rows if label_key(r.label) == label_key(label)]
    assert len(found) == 1, f"seed 003 has {len(found)} rows labelled {label!r}"
    return found[0]


def with_continuation(rows: list[SeedRow], row: SeedRow) -> tuple[str, str]:
    """A row's text and guidance, joined with the next row when the seed splits the question over two rows."""
    nxt = rows[rows.index(row) + 1]
    if nxt.label == "" and nxt.text[:1].islower():
        return f"{row.text} {nxt.text}", f"{row.guidance} {nxt.guidance}"
    return row.text, row.guidance


def annexe_lines() -> list[str]:
    lines = STANDARDS_SEED.read_text(encoding="utf-8").splitlines()
    start = max(i for i, line in enumerate(lines) if line.startswith("Annexe A:"))
    end = next(i for i in range(start, len(lines)) if lines[i].strip() == "Contacts")
    return [line.strip() for line in lines[start:end]]
