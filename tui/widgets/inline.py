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
    """The text as Content with its bold and italic spans styled."""
    escaped = text.replace("[", r"\[")
    return Content.from_markup(_ITALIC.sub(r"[i]\1[/i]", _BOLD.sub(r"[b]\1[/b]", escaped)))
