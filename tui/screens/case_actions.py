"""What the marking screen does with an answer: choose, undo, redo, clear, complete, leave
(others' changes and conflicts: case_conflicts.py). A part of `CaseScreen` (engine/session.py writes)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Callable

from textual import events
from textual.actions import SkipAction

from casemark.engine.sheets import CaseSheet
from casemark.engine.store import ConflictError, IncompleteError, StoreError
from casemark.framework import Question

from ..widgets.inline import plain
from ..widgets.question_state import MISSING, is_answered, question_state
from ..widgets.question_tree import QuestionTree
from ..widgets.question_view import MAX_KEYS, QuestionView
from ..widgets.sidebar import Sidebar
from ..widgets.soft_checks import REASONS_SUFFIX

if TYPE_CHECKING:
    from .case import CaseScreen

ANSWER_KEYS = {"y": "yes", "n": "no", "a": "na"}  # the keys of the screen's `answer` bindings
ANSWER_NAMES = {"yes": "Yes", "no": "No", "na": "N/A"}


def no_such_answer(q: Question, value: str) -> str:
    """What a question without the option `value` (yes, no, na) takes instead, in one line:
    "2.1.1a has no 'N/A' (its options: Yes, No)", "I2.2 is a text answer: press e to type it"."""
    name = ANSWER_NAMES.get(value, value)
    if not q.answerable:
        return f"{q.id} is not a question to answer: j or ↓ goes to the next one"
    if not q.options:
        kind = "a number" if q.type == "number" else "a text answer"
        return f"{q.id} is {kind}: press e to type it"
    if len(q.options) > MAX_KEYS:
        return f"{q.id} has no '{name}': press e to choose from its {len(q.options)} options"
    if q.type in ("yes_no", "yes_no_na"):
        offered = ", ".join(o.label for o in q.options)
    else:
        offered = ", ".join(f"{n} {o.label}" for n, o in enumerate(q.options, 1))
    return f"{q.id} has no '{name}' (its options: {offered})"


class CaseActions:
    """The answering half of `CaseScreen` (a mixin: `self` is the screen)."""

    # -- writing ---------------------------------------------------------------------------

    def _after_write(self: CaseScreen) -> None:
        """Show the session as it now is (a save may bring others' changes too)."""
        self.answers = self.session.view()
        self.ratings = self.session.ratings()
        self.say_merged()
        could = self._could_complete
        self._could_complete = not self.session.missing()
        if self._could_complete and not could and self.sheet.status == "in-progress":
            self.notify(f"Every required answer is given: press c to mark {self.sheet.id} complete.", timeout=6, markup=False)

    def _write(self: CaseScreen, write: Callable[[], Any]) -> bool:
        """Run one write of the session; show the result, or why it was refused."""
        try:
            write()
        except ConflictError as exc:
            self._after_write()
            self.show_conflict(exc)
            return False
        except (StoreError, OSError, ValueError) as exc:
            self.notify(f"Not saved: {exc}", severity="error", timeout=10, markup=False)
            return False
        self._after_write()
        return True

    def _refused_read_only(self: CaseScreen) -> bool:
        if self.read_only:
            self.notify(f"{self.sheet.id} is read-only ({self.why}): nothing of yours is saved.", severity="warning", markup=False)
        return self.read_only

    def record(self: CaseScreen, qid: str, value: Any) -> bool:
        """Write one answer to disk at once, then show it; False (and a notice) if refused."""
        if value == self.answers.get(qid) and qid not in self.session.pending:
            return True
        if self._refused_read_only():
            return False
        self.flush_typing()
        return self._write(lambda: self.session.answer(qid, value))

    # -- answering -------------------------------------------------------------------------

    def action_answer(self: CaseScreen, value: str) -> None:
        q = self.questionnaire.question(self.current)
        if q is None:
            return
        if q.option(value) is None:
            self.notify(no_such_answer(q, value), severity="warning", timeout=4, markup=False)
            return
        if self.record(q.id, value):
            self._after_choice()

    def on_key(self: CaseScreen, event: events.Key) -> None:
        """`y`, `n` or `a` where the question has no such option (the footer leaves them out, and
        the binding does not run): say what it takes instead, rather than nothing. Not for a key
        meant for a box or the option list (typed ahead after `e`: those take it first)."""
        value = ANSWER_KEYS.get(event.key)
        if value is None or self.check_action("answer", (value,)) is not False:
            return  # not one of them, or the binding answers with it
        if self.focused is not None and not isinstance(self.focused, Sidebar):
            return  # the key is the focused widget's (a box, the list, a button)
        q = self.questionnaire.question(self.current)
        if q is not None:
            event.stop()
            self.notify(no_such_answer(q, value), severity="warning", timeout=4, markup=False)

    def action_choose(self: CaseScreen, n: int) -> None:
        q = self.questionnaire.question(self.current)
        if q is None:
            return
        if not 1 <= n <= len(q.options):
            offered = f"options 1-{len(q.options)}" if q.options else "no options: press e to write"
            self.notify(f"{q.id} has {offered}.", severity="warning")
            return
        value: Any = q.options[n - 1].value
        if q.type == "multi":
            chosen = list(self.answers.get(q.id) or [])
            chosen = [v for v in chosen if v != value] if value in chosen else chosen + [value]
            order = [o.value for o in q.options]
            self.record(q.id, sorted(chosen, key=order.index) or None)
            return
        if self.record(q.id, value):
            self._after_choice()

    def _after_choice(self: CaseScreen) -> None:
        target = self._step(1)
        if target is not None:
            self.current = target

    def action_clear(self: CaseScreen) -> None:
        """Delete: this question back to unanswered (written at once; undo brings it back)."""
        q = self.questionnaire.question(self.current)
        if q is None or self._refused_read_only():
            return
        if self.answers.get(q.id) is None:
            self.notify(f"{q.id} has no answer to clear.", timeout=2)
            return
        if self.record(q.id, None):
            self.notify(f"{q.id} cleared (u undoes).", timeout=3)

    def action_undo(self: CaseScreen) -> None:
        self._replay(self.session.undo, "Undone", "Nothing to undo.")

    def action_redo(self: CaseScreen) -> None:
        self._replay(self.session.redo, "Redone", "Nothing to redo.")

    def _replay(self: CaseScreen, step: Callable[[], Any], done: str, nothing: str) -> None:
        if self._refused_read_only():
            return
        self.leave_box()
        changes: list[Any] = []
        if not self._write(lambda: changes.append(step())):
            return
        change = changes[0] if changes else None
        if change is None:
            self.notify(nothing, timeout=2)
            return
        self.current = change.qid
        self.notify(f"{done}: {change.qid}.", timeout=2)

    # -- moving ----------------------------------------------------------------------------

    def action_next_question(self: CaseScreen) -> None:
        self._move(1)

    def action_previous_question(self: CaseScreen) -> None:
        self._move(-1)

    def action_next_unanswered(self: CaseScreen) -> None:
        self._move(1, only_unanswered=True)

    def action_previous_unanswered(self: CaseScreen) -> None:
        self._move(-1, only_unanswered=True)

    def _move(self: CaseScreen, step: int, only_unanswered: bool = False) -> None:
        target = self._step(step, only_unanswered)
        if target is None and only_unanswered:  # wrap round: the unanswered ones before this one
            here = self.current
            target = self._step(step, only_unanswered, wrap=True)
            if target is not None and target != here:
                self.notify("Wrapped round to the " + ("start." if step > 0 else "end."), timeout=2)
            elif target == here:
                target = None
        if target is None:
            what = "unanswered question" if only_unanswered else "question"
            self.notify(f"No {what} {'after' if step > 0 else 'before'} {self.current}.", timeout=2)
            return
        self.goto(target)

    def action_next_missing(self: CaseScreen) -> None:
        """The next required question shown and not answered (wrapping round)."""
        answers = self.answers
        ids = [q.id for q in self.questionnaire.questions() if question_state(q, answers) == MISSING]
        self._jump(ids, "required question missing")

    def action_next_warning(self: CaseScreen) -> None:
        """The next question with a soft-check warning not yet acknowledged (wrapping round)."""
        self._jump([c.question for c in self.checks if not c.acknowledged], "soft-check warning")

    def action_next_no_reasons(self: CaseScreen) -> None:
        """The reasons box of the next judgement answered No whose reasons are empty (wrapping round)."""
        answers, ids = self.answers, []
        for q in self.questionnaire.questions():
            reasons = self.questionnaire.question(q.id + REASONS_SUFFIX) if q.role == "judgement" else None
            if answers.get(q.id) == "no" and reasons is not None and reasons.visible(answers) and not is_answered(answers.get(reasons.id)):
                ids.append(reasons.id)
        self._jump(ids, "'No' judgement without reasons")

    def _jump(self: CaseScreen, ids: list[str], what: str) -> None:
        """Go to the first of `ids` after the current question in framework order, else the first."""
        if not ids:
            self.notify(f"No {what}.", timeout=2, markup=False)
            return
        order = self.questionnaire.order()
        here = order.get(self.current, -1)
        ids = sorted(set(ids), key=lambda qid: order.get(qid, len(order)))
        after = [qid for qid in ids if order.get(qid, -1) > here]
        target = after[0] if after else ids[0]
        if target == self.current:
            self.notify(f"No other {what}: this is the only one.", timeout=2, markup=False)
            return
        if not after:
            self.notify("Wrapped round to the start.", timeout=2)
        self.goto(target)

    def action_toggle_guidance(self: CaseScreen) -> None:
        self.show_guidance = not self.show_guidance

    def action_toggle_tree(self: CaseScreen) -> None:
        tree = self.query_one(QuestionTree)
        tree.display = not tree.display

    def action_toggle_sidebar_focus(self: CaseScreen) -> None:
        """The cursor into the sidebar (↑/↓ and PgUp/PgDn scroll it), or out of it again."""
        sidebar = self.query_one(Sidebar)
        if self.focused is sidebar:
            self.set_focus(None)
            return
        if self.focused is not None and self.in_box():
            raise SkipAction()  # typing: the s is text
        self.leave_box()
        self.set_focus(sidebar)  # at once: the next ↓ already scrolls it

    def action_scroll_question(self: CaseScreen, pages: int) -> None:
        view = self.query_one(QuestionView)
        (view.scroll_page_down if pages > 0 else view.scroll_page_up)(animate=False)

    # -- finishing ---------------------------------------------------------------------------

    def action_complete(self: CaseScreen) -> None:
        """Mark the case complete; a complete case is re-opened (in progress), asking first."""
        from .confirm import ConfirmModal

        if not isinstance(self.sheet, CaseSheet):
            self.notify("The inspection's questionnaire has no status; complete its cases instead.")
            return
        if self._refused_read_only():
            return
        self.leave_box()
        if self.sheet.status == "complete":
            ask = ConfirmModal(f"Re-open {self.sheet.id}?", f"{self.sheet.id} is complete. Re-open it (in progress) to change its marking?", "Re-open", "Keep it complete")
            self.app.push_screen(ask, lambda yes: yes and self._set_status("in-progress"))
            return
        self._set_status("complete")

    def _set_status(self: CaseScreen, status: str) -> None:
        from .modals import MessageModal

        try:
            self.session.set_status(status)
        except IncompleteError as exc:
            lines = []
            for item in exc.missing:  # "I2.4: required but unanswered"
                qid = item.split(":", 1)[0]
                q = self.questionnaire.question(qid)
                lines.append(f"- **{qid}** {plain(q.text)}" if q else f"- {item}")
            self.app.push_screen(MessageModal(f"{self.sheet.id} is not complete", "These required answers are missing:\n\n" + "\n".join(lines)))
            return
        except ConflictError as exc:
            self.show_conflict(exc)
            return
        except (StoreError, OSError, ValueError) as exc:
            self.notify(f"Status not changed: {exc}", severity="error", timeout=10, markup=False)
            return
        self._after_write()
        open_warnings = [c for c in self.checks if not c.acknowledged] if status == "complete" else []
        if open_warnings:
            n = len(open_warnings)
            self.notify(
                f"{self.sheet.id} is now complete, with {n} soft-check warning{'s' if n != 1 else ''} not acknowledged "
                f"(⚠ in the tree; W goes to the next, w acknowledges it).",
                severity="warning",
                timeout=8,
                markup=False,
            )
            return
        self.notify(f"{self.sheet.id} is now {status}.", markup=False)

    # -- leaving --------------------------------------------------------------------------------

    def action_ratings(self: CaseScreen) -> None:
        from .ratings import RatingsScreen

        self.leave_box()
        self.app.push_screen(RatingsScreen(self.framework, self.live), self._ratings_closed)

    def _ratings_closed(self: CaseScreen, case_id: str | None) -> None:
        """Back from the ratings view: at a key question's judgement of this case if one was
        chosen there ("C04@2.2.1"); another case chosen is opened by the ratings view itself."""
        case_id, _, kid = (case_id or "").partition("@")
        if case_id and case_id != self.sheet.id:
            self.dismiss(case_id)
            return
        judgement = self.questionnaire.judgements().get(kid) if kid else None
        if case_id and judgement is not None:
            self.goto(judgement.id)

    def action_back(self: CaseScreen) -> None:
        if self.focused is not None:
            self.leave_box()
            return
        if not self.flush_typing():
            self.notify("What you typed is not saved yet (see the error): the case stays open.", severity="error", markup=False)
            return
        if self.session.held:  # changed both ways as you typed: choose before leaving
            self.ask_conflicts()
            return
        self._tell_where(left=True)
        self.dismiss(None)

    def close_session(self: CaseScreen) -> None:
        """The app is going (quit, a signal): write what is typed."""
        if self.is_mounted:
            self.flush_typing()
            try:
                self.session.keep_held()
            except (StoreError, OSError) as exc:  # the app is going: say it where the terminal shows it
                self.notify(f"Not kept: {exc}", severity="error", markup=False)

