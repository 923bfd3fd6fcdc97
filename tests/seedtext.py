"""Read the seed documents themselves, so tests can compare the framework data with the source text.

The seeds live in the repository, beside the frameworks made from them (framework/*/source/, each
named with its SHA-256 in its framework's framework.toml [[sources]]); nothing here reads outside it.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
STANDARDS_SEED = REPO / "framework" / "youth-2021" / "source" / "consultation-response-2020.txt"  # seed 000
CARAG_SEED = REPO / "framework" / "youth-2018" / "source" / "carag-2018.txt"  # seed 003


def fold(text: str) -> str:
    """Fold markup and whitespace: HTML tags, Markdown emphasis and bullets, entities, runs of space."""
    text = html.unescape(text)
    text = re.sub(r"<[^>]+>", " ", text)
    text = re.sub(r"(?m)^\s*[-*]\s+", " ", text)
    text = text.replace("**", "").replace("__", "")
    text = re.sub(r"(?<!\w)[*_](?=\S)|(?<=\S)[*_](?!\w)", "", text)
    text = text.replace("\\", "")
    return re.sub(r"\s+", " ", text).strip()


@dataclass
class SeedKeyQuestion:
    id: str
    text: str
    prompts: list[tuple[str, str]]  # (letter, text)


@dataclass
class SeedStandard:
    id: str
    title: str
    headline: str
    key_questions: list[SeedKeyQuestion]


def annexe_a() -> list[SeedStandard]:
    """Standards, headlines, key questions and prompts of seed 000, Annexe A."""
    lines = STANDARDS_SEED.read_text(encoding="utf-8").splitlines()
    start = max(i for i, line in enumerate(lines) if line.startswith("Annexe A:"))
    standards: list[SeedStandard] = []
    expect_headline = False
    for raw in lines[start + 1 :]:
        line = raw.strip()
        if not line:
            continue
        if line == "Contacts":
            break
        if m := re.fullmatch(r"(\d\.\d) (.+)", line):
            standards.append(SeedStandard(m[1], m[2], "", []))
            expect_headline = True
        elif m := re.fullmatch(r"(\d\.\d\.\d) (.+)", line):
            standards[-1].key_questions.append(SeedKeyQuestion(m[1], m[2], []))
        elif m := re.fullmatch(r"(?:- )?([a-z])\) (.+)", line):
            standards[-1].key_questions[-1].prompts.append((m[1], m[2]))
        elif expect_headline and standards:
            standards[-1].headline = line
            expect_headline = False
    return standards


@dataclass
class SeedRow:
    line: int  # 1-based line in the seed file
    label: str  # the seed's own question number, markup removed, as written ('' for untitled rows)
    text: str  # question text as in the seed (HTML kept)
    guidance: str  # guidance as in the seed, continuation rows joined (HTML kept)


def carag_rows() -> list[SeedRow]:
    """Every question row of seed 003, with guidance split over two rows joined back together.

    A row whose first two cells are empty but whose third holds text continues the guidance of the
    row before; a row with an empty label and text is an untitled row (or a section heading,
    dropped here when the text is a bold capitalised heading or an italic headline).
    """
    lines = CARAG_SEED.read_text(encoding="utf-8").splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("Question number"))
    rows: list[SeedRow] = []
    for number, raw in enumerate(lines[start + 1 :], start=start + 2):
        cells = raw.split("\t") + ["", ""]
        label, text, guidance = (c.strip() for c in cells[:3])
        label_plain = re.sub(r"<[^>]+>", "", label).strip()
        if not label_plain and not text and guidance and rows:
            rows[-1].guidance = f"{rows[-1].guidance} {guidance}".strip()
            continue
        if not label_plain and not text:
            continue
        rows.append(SeedRow(number, label_plain, text, guidance))
    return rows


def numbered_rows() -> list[SeedRow]:
    """The seed's numbered question rows: a label that is a question number (not None, not a heading)."""
    return [r for r in carag_rows() if QUESTION_NUMBER.match(r.label)]


QUESTION_NUMBER = re.compile(r"^[A-Z]{1,2}\s*\d[\d\s.]*[a-zA-Z]?$")
