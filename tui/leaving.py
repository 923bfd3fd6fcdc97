"""Leaving the app: quitting asks first, and what is typed on every open marking screen is
written before the app exits, also on SIGTERM and SIGHUP (a dropped SSH connection); where the
user is, kept for resuming (tui/resume.py). A part of `CasemarkApp`."""

from __future__ import annotations

import asyncio
import signal
from typing import TYPE_CHECKING, Any

from . import resume

if TYPE_CHECKING:
    from .app import CasemarkApp


class Leaving:
    """The leaving half of `CasemarkApp` (a mixin: `self` is the app)."""

    def on_unmount(self: CasemarkApp) -> None:
        self._catch_signals(False)

    def action_quit(self: CasemarkApp) -> None:
        """Quit (q at the top, ctrl+q anywhere), asking first; what is typed is written first."""
        from .screens.confirm import ConfirmModal

        if isinstance(self.screen, ConfirmModal):
            return
        ask = ConfirmModal("Quit casemark?", "Every answer is saved; what you are typing is written before the app closes.", "Quit", "Stay")
        self.push_screen(ask, lambda yes: yes and self.leave())

    def leave(self: CasemarkApp, code: int = 0) -> None:
        self.close_sessions()
        self.exit(return_code=code)

    def close_sessions(self: CasemarkApp) -> None:
        """Write what is typed on every marking screen open (quitting, a signal)."""
        for screen in self.screen_stack:
            close = getattr(screen, "close_session", None)
            if callable(close):
                close()

    def _catch_signals(self: CasemarkApp, on: bool) -> None:
        """SIGTERM and SIGHUP (a dropped SSH connection): write what is typed, then exit."""
        try:
            loop = asyncio.get_running_loop()
            for sig in (signal.SIGTERM, signal.SIGHUP):
                if on:
                    loop.add_signal_handler(sig, self.signalled, sig)
                else:
                    loop.remove_signal_handler(sig)
        except (NotImplementedError, RuntimeError, ValueError, AttributeError):
            pass  # not the main thread, or no such signal here: nothing to catch

    def signalled(self: CasemarkApp, sig: int) -> None:
        self.leave(128 + int(sig))

    def on_case_screen_at_question(self: CasemarkApp, message: Any) -> None:
        """Keep where the user is (a question of a case, or the inspection after leaving one)."""
        resume.remember(self.store.root, resume.Place(message.inspection_id, message.case_id, message.question_id))

    def on_inspection_screen_at_case(self: CasemarkApp, message: Any) -> None:
        """Keep where the user is: an inspection's list of cases, the cursor on a case."""
        resume.remember(self.store.root, resume.Place(message.inspection_id, cursor=message.case_id))

    def on_inspections_screen_at_top(self: CasemarkApp, message: Any) -> None:
        """At the list of inspections: nowhere to resume (the app opens there)."""
        resume.remember(self.store.root, None)
