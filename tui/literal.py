"""Text from files is shown as it is, never parsed as markup: an inspector named `[/]` or
`Jo Bloggs [lead]`, a `second_mark_of`, a lock holder, a reason, an error message quoting any of them.

`literal(text)` is Content for a Static, a Label or an Option; `cell(text)` the escaped str for a
DataTable cell or column (DataTable parses a str as Rich markup); `LiteralNotices`, mixed into the
App, makes every notification plain text (the app's notices quote file names, ids and error
messages, never markup of their own).
"""

from __future__ import annotations

from rich.markup import escape
from textual.content import Content


def literal(text: object, style: str = "") -> Content:
    """`text` exactly as written, optionally in one style."""
    return Content.styled(str(text), style) if style else Content(str(text))


def cell(text: object) -> str:
    """`text` for a DataTable cell or column label, which parses a str as Rich markup: escaped, so
    it shows exactly as written (and reads back as written wherever there is nothing to escape)."""
    return escape(str(text))


class LiteralNotices:
    """Mixed into the App before textual's App: notifications never parse markup."""

    def notify(self, message: str, *, title: str = "", severity="information", timeout: float | None = None, markup: bool = True) -> None:
        super().notify(str(message), title=str(title), severity=severity, timeout=timeout, markup=False)  # type: ignore[misc]
