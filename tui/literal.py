"""Text from files is shown as it is, never parsed as markup: an inspector named `[/]` or
`Jo Bloggs [lead]`, a `second_mark_of`, a lock holder, a reason, an error message quoting any of them.

`literal(text)` is Content for a Static, a Label or an Option; `cell(text)` a rich Text for a
DataTable cell or column (DataTable parses a str as Rich markup); `LiteralNotices`, mixed into the
App, makes every notification plain text (the app's notices quote file names, ids and error
messages, never markup of their own).
"""

from __future__ import annotations

from rich.text import Text
from textual.content import Content


def literal(text: object, style: str = "") -> Content:
    """`text` exactly as written, optionally in one style."""
    return Content.styled(str(text), style) if style else Content(str(text))


def cell(text: object, style: str = "") -> Text:
    """`text` exactly as written, for a DataTable cell or column label."""
    return Text(str(text), style=style, end="")


class LiteralNotices:
    """Mixed into the App before textual's App: notifications never parse markup."""

    def notify(self, message: str, *, title: str = "", severity="information", timeout: float | None = None, markup: bool = True) -> None:
        super().notify(str(message), title=str(title), severity=severity, timeout=timeout, markup=False)  # type: ignore[misc]
