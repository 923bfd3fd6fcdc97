"""The casemark App: small on purpose. It receives the store (the data folder) and where to open;
screens own their state, widgets post messages up, every operation is one action_*."""

from __future__ import annotations

from typing import Iterable

from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.screen import Screen

from engine.locks import this_user
from engine.store import Store

from .screens.help import HelpScreen, _own
from .screens.inspections import InspectionsScreen


class CasemarkApp(App[int]):
    """Marks the cases of inspections kept in `store`'s data folder."""

    CSS_PATH = "casemark.tcss"
    TITLE = "casemark"
    ENABLE_COMMAND_PALETTE = True
    BINDINGS = [
        Binding("question_mark", "help", "Help", key_display="?", id="help"),
        Binding("ctrl+p", "command_palette", "Commands", key_display="^p", id="command-palette", show=False),
        Binding("ctrl+q", "quit", "Quit", id="quit-app", show=False, priority=True),
    ]

    def __init__(
        self,
        store: Store,
        *,
        inspection: str | None = None,
        case: str | None = None,
        inspector: str | None = None,
    ):
        super().__init__()
        self.store = store
        self.start_inspection = inspection
        self.start_case = case
        self.inspector = inspector or this_user()

    def on_mount(self) -> None:
        top = InspectionsScreen(self.store)
        self.push_screen(top)
        if self.start_inspection:
            top.open(self.start_inspection, then_case=self.start_case)

    def action_help(self) -> None:
        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(self.screen))

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        """The palette offers every key of the screen (and the app's) as a command, by its description."""
        seen: set[str] = set()
        for node in (screen, self):
            for binding in _own(node):
                if binding.action in seen or binding.action == "command_palette" or not binding.description:
                    continue
                seen.add(binding.action)
                keys = ", ".join(k.strip() for k in binding.key.split(","))
                yield SystemCommand(
                    binding.description,
                    f"key: {binding.key_display or keys}",
                    lambda node=node, action=binding.action: self.run_action(action, node),
                )
        yield from super().get_system_commands(screen)
