"""Typing on the marking screen: what the focused box holds becomes the session's pending text
(no disk write on the keystroke), written a moment after the last key and whenever the box is
left; `e`, Enter and Escape run as the key arrives, so type-ahead lands where it was meant.
A part of `CaseScreen`."""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING

from textual.actions import SkipAction
from textual.widget import Widget

from casemark.engine.store import ConflictError

from ..widgets.option_picker import OptionPicker
from ..widgets.options_view import OptionsView
from ..widgets.question_view import AnswerArea, AnswerInput, QuestionView
from ..widgets.sidebar import Sidebar

if TYPE_CHECKING:
    from .case import CaseScreen

SAVE_AFTER = 0.25  # seconds after the last key: typing is written then
RETRY_AFTER = 2.0  # seconds: a write that failed is tried again


async def drained(widget: Widget, timeout: float = 2.0) -> None:
    """Wait until `widget` has handled the events already sent to it (the keys typed ahead)."""
    done = asyncio.get_running_loop().create_future()
    widget.call_later(lambda: done.done() or done.set_result(None))
    try:
        await asyncio.wait_for(done, timeout)
    except asyncio.TimeoutError:
        pass


class CaseTyping:
    """The typing half of `CaseScreen` (a mixin: `self` is the screen)."""

    def in_box(self: CaseScreen) -> AnswerArea | AnswerInput | None:
        focused = self.focused
        return focused if isinstance(focused, (AnswerArea, AnswerInput)) else None

    def on_question_view_typed(self: CaseScreen, message: QuestionView.Typed) -> None:
        message.stop()
        self._take_typing()
        if self._save_timer is not None:
            self._save_timer.stop()
        self._save_timer = self.set_timer(SAVE_AFTER, self.flush_typing)

    def _take_typing(self: CaseScreen) -> None:
        """What the boxes hold now becomes the session's pending text (no disk write here)."""
        box = self.in_box()
        if self.read_only or box is None or not box.question_id:
            return  # only the box with the focus is typed in: the others show the saved copy
        value = self.query_one(QuestionView).value_of(box)
        if value != self.session.view().get(box.question_id):
            self.session.type(box.question_id, value)

    def flush_typing(self: CaseScreen) -> bool:
        """Write what is typed and not yet written (the timer, leaving a box, closing); False if
        a write failed (what was typed stays pending and is tried again)."""
        if self._save_timer is not None:
            self._save_timer.stop()
            self._save_timer = None
        self._take_typing()
        if not self.session.pending:
            return True
        error = self.session.flush()
        self._after_write()
        if isinstance(error, ConflictError):
            self.show_conflict(error)
        elif error is not None:
            self.notify(f"Not saved yet (kept, and tried again): {error}", severity="error", timeout=10, markup=False)
        if self.session.failure is not None and self.session.conflict is None and self._retry_timer is None:
            self._retry_timer = self.set_timer(RETRY_AFTER, self._retry)
        return self.session.failure is None

    def _retry(self: CaseScreen) -> None:
        self._retry_timer = None
        if self.session.pending:
            self.flush_typing()

    def leave_box(self: CaseScreen, box: Widget | None = None) -> None:
        """Write the box's text and take the focus off it (the keys answer again)."""
        self.flush_typing()
        self.session.seal()
        if self.focused is not None:
            self.set_focus(None)
        self.ask_conflicts()  # an answer changed both ways as you typed: choose now

    async def action_edit(self: CaseScreen) -> None:
        """Into the text box (or the option list) of this question; the cursor at the end."""
        if self.focused is not None and not isinstance(self.focused, Sidebar):
            raise SkipAction()  # typing: the e is text
        view = self.query_one(QuestionView)
        target: Widget | None = view.text_control() or view.picker()
        if target is None:
            q = view.question
            keys = f"1-{len(q.options)}" if q and q.options else "no key"
            self.notify(f"{self.current} takes an option ({keys}); it has no text box.", timeout=3)
            return
        if self._refused_read_only():
            return
        self.set_focus(target)  # at once (not Widget.focus): the next key already goes there
        if isinstance(target, (AnswerArea, AnswerInput)):
            target.end()

    async def action_enter(self: CaseScreen) -> None:
        """Enter: into the box; in a one-line box, write it and go to the next question; in the
        option list, choose the highlighted option."""
        focused = self.focused
        if focused is None or isinstance(focused, Sidebar):
            await self.action_edit()
        elif isinstance(focused, AnswerInput):
            await drained(focused)  # the keys typed before Enter are in the box
            self.leave_box()
            self._move(1)
        elif isinstance(focused, OptionPicker):
            n = focused.chosen_n()
            q = self.questionnaire.question(self.current)
            if q is not None and q.type != "multi":  # several may be ticked: stay in the list
                self.set_focus(None)
            if n is not None:
                self.action_choose(n)
        else:
            raise SkipAction()  # a new line in a text area, a button...

    async def action_escape(self: CaseScreen) -> None:
        """Escape: out of the box (its text written), or back to the inspection. Never quits."""
        focused = self.focused
        if isinstance(focused, OptionPicker) and focused.clear_filter():
            return
        if focused is not None:
            if self.in_box():
                await drained(focused)
            self.leave_box()
            return
        self.action_back()

    def on_options_view_chosen(self: CaseScreen, message: OptionsView.Chosen) -> None:
        message.stop()
        if message.question_id == self.current:
            self.action_choose(message.n)

    def on_option_picker_chosen(self: CaseScreen, message: OptionPicker.Chosen) -> None:
        message.stop()
        q = self.questionnaire.question(self.current)
        if q is not None and message.question_id == q.id:
            if q.type != "multi":
                self.set_focus(None)
            self.action_choose(message.n)
