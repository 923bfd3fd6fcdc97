"""The seeds' inline Markdown (`**bold**`, `*italic*`) in question text, for one-line widgets."""

from __future__ import annotations

import re

from textual.content import Content

_BOLD = re.compile(r"\*\*(.+?)\*\*")
_ITALIC = re.compile(r"(?<![*\w])\*(?!\s)(.+?)(?<!\s)\*(?![*\w])")


def plain(text: str) -> str:
    """The text without its Markdown emphasis marks."""
    return _ITALIC.sub(r"\1", _BOLD.sub(r"\1", text))


def rich_inline(text: str) -> Content:
    """The text as Content with its bold and italic spans styled; anything else in it (square
    brackets, backslashes) shown exactly as written, never parsed as markup."""
    parts: list[Content | tuple[str, str]] = []
    for i, bold in enumerate(_BOLD.split(text)):  # odd pieces were inside ** **
        if i % 2:
            parts.append((bold, "bold"))
            continue
        for j, piece in enumerate(_ITALIC.split(bold)):
            parts.append((piece, "italic") if j % 2 else Content(piece))
    return Content.assemble(*parts)
