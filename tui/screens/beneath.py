"""A stand-in for a screen beneath the top one, built only when it would first show."""

from __future__ import annotations

from typing import Callable

from textual.screen import Screen

from casemark.engine.store import StoreError


class Beneath(Screen[None]):
    """Stands in for a screen beneath the one on top, unbuilt (nothing composed or styled) until
    it would first show: then it builds the real screen and takes its place in the stack."""

    def __init__(self, build: Callable[[], Screen], name: str):
        super().__init__(name=name)
        self.build = build
        self.real: Screen | None = None
        self.then: list[Callable[[Screen], None]] = []  # run on the real screen once built

    def on_screen_resume(self) -> None:
        self.become()

    def become(self) -> Screen | None:
        """Build the real screen and switch to it, if this one is on top (else later)."""
        if self.real is None and self.app.screen is self:
            try:
                self.real = self.build()
            except StoreError as exc:
                self.notify(str(exc), severity="error", timeout=10)
                self.app.pop_screen()
                return None
            self.app.switch_screen(self.real)
        if self.real is not None:
            while self.then:
                self.then.pop(0)(self.real)
        return self.real
