"""Help: the screen's own help, every key of the screen and the app, and each widget's help."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import Markdown, Static

KEY_NAMES = {
    "right_square_bracket": "]",
    "left_square_bracket": "[",
    "right_curly_bracket": "}",
    "question_mark": "?",
    "escape": "Esc",
    "enter": "Enter",
    "down": "↓",
    "up": "↑",
    "pagedown": "PgDn",
    "pageup": "PgUp",
    "ctrl+p": "Ctrl+P",
    "ctrl+q": "Ctrl+Q",
    "ctrl+r": "Ctrl+R",
    "f5": "F5",
}


def key_text(keys: str) -> str:
    return " / ".join(f"`{KEY_NAMES.get(k.strip(), k.strip())}`" for k in keys.split(","))


def bindings_table(bindings: list[Binding]) -> str:
    """One line per key; the option keys (`1` … `9`) as one line."""
    rows = []
    seen: set[str] = set()
    options = [b.key for b in bindings if (b.id or "").startswith("choose-")]
    for b in bindings:
        if b.id in seen or not b.description:
            continue
        seen.add(b.id or b.action)
        if (b.id or "").startswith("choose-"):
            if b.key == options[0]:
                rows.append(f"- `{options[0]}`–`{options[-1]}` Choose the nth option of the question (classifications: `1` Low … `4` Very high)")
            continue
        rows.append(f"- {key_text(b.key)} {b.description}")
    return "\n".join(rows)


def help_markdown(screen: Screen) -> str:
    """The help of `screen`: its HELP, its keys, the app's keys, then the HELP of its widgets."""
    parts = [getattr(screen, "HELP", "") or f"# {type(screen).__name__}"]
    parts.append("## Keys on this screen\n\n" + bindings_table(_own(screen)))
    parts.append("## Keys everywhere\n\n" + bindings_table(_own(screen.app)))
    for widget in screen.query("*"):
        text = type(widget).__dict__.get("HELP")
        if text and widget.display:
            parts.append(text)
    return "\n\n".join(parts)


def _own(node) -> list[Binding]:
    """The BINDINGS declared on node's class and its bases (not Textual's own)."""
    out: list[Binding] = []
    for cls in type(node).__mro__:
        if cls.__module__.startswith("textual."):
            break
        for b in cls.__dict__.get("BINDINGS", []):
            if isinstance(b, Binding):
                out.append(b)
    return out


class HelpScreen(ModalScreen[None]):
    """The help of the screen beneath; Escape, q or ? closes it."""

    BINDINGS = [Binding("escape,q,question_mark", "close", "Close help", id="close-help")]

    def __init__(self, beneath: Screen):
        super().__init__()
        self.text = help_markdown(beneath)

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog wide", id="help"):
            yield Static("Help [dim](Esc closes)[/dim]", classes="dialog-title")
            with VerticalScroll(classes="dialog-body", id="help-body"):
                yield Markdown(self.text, id="help-text")

    def on_mount(self) -> None:
        self.query_one("#help-body").focus()  # arrows and PgUp/PgDn scroll the help

    def action_close(self) -> None:
        self.dismiss(None)
