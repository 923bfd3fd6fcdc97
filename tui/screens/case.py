"""Marking, three panes: the question tree, the current question, the live ratings sidebar.

The screen drives a `Session` (engine/session.py: the sheet, what is typed but not yet written,
undo) and binds its state down; widgets post messages up; every operation is one `action_*`,
shared by keys, clicks and the command palette. Typing is never written on the keystroke: a
timer writes it a moment after the last key, and leaving the box writes it at once.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.content import Content
from textual.message import Message
from textual.reactive import reactive
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Footer, Static

from casemark.engine.checks import SoftCheck, check_case
from casemark.engine.live import LiveRatings
from casemark.engine.model import Case
from casemark.engine.session import Session
from casemark.engine.sheets import CaseSheet, InspectionSheet
from casemark.engine.store import LockedError, NotSavedError, Store
from casemark.framework import Framework, Questionnaire

from ..messages import QuestionChosen
from ..palette import QuestionJump
from ..widgets.question_state import HIDDEN, MISSING, UNANSWERED, is_answered, question_state
from ..widgets.question_tree import QuestionTree
from ..widgets.question_view import QuestionView
from ..widgets.sidebar import Sidebar
from ..widgets.soft_checks import related_ids, target_check, warned_questions
from .case_actions import CaseActions
from .case_conflicts import CaseConflicts
from .case_typing import SAVE_AFTER, CaseTyping  # noqa: F401 (SAVE_AFTER: for the tests)

OPTION_KEYS = [Binding(str(n), f"choose({n})", f"Option {n}", show=False, id=f"choose-{n}") for n in range(1, 10)]
POLL_EVERY = 1.5  # seconds: has the file changed on disk?


class CaseScreen(CaseTyping, CaseActions, CaseConflicts, Screen[str | None]):
    """Marks one sheet; dismisses with a case id to open next (from the ratings view) or None."""

    AUTO_FOCUS = ""  # nothing focused: the keys answer; e or Enter goes into a text box
    COMMANDS = {QuestionJump}
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (110, "-wide"), (140, "-roomy")]
    HELP = """\
# Marking a case

Answer each question; every answer is written to the case file at once and the ratings in the
sidebar follow. Keys act when no text box has the cursor; `Escape` leaves a text box.
`ctrl+p` then an id (`2.1.1`) or some words jumps to any question.

`]`/`[` go to the next/previous unanswered question, `}` to the next required one still missing,
`W` to the next soft-check warning not acknowledged, `N` to the next judgement of No whose
reasons are empty (each wraps round to the start).

`u` or `ctrl+z` takes back the last answer, `U` or `ctrl+y` gives it again, `Delete` clears the
answer to this question. `c` marks the case complete (or re-opens it, asking first).

Soft checks warn (`⚠`) beside a question when the marking looks inconsistent; they never block.
`w` acknowledges the warning on this question with a note (or edits or withdraws the note).

A second marking (a blind copy of a case, `C03--2`) is marked like any case but is not counted
in the ratings: `casemark agreement` compares it with the first marking.
"""

    BINDINGS = [
        Binding("y", "answer('yes')", "Yes", id="answer-yes"),
        Binding("n", "answer('no')", "No", id="answer-no"),
        Binding("a", "answer('na')", "N/A", id="answer-na"),
        *OPTION_KEYS,
        Binding("j,down", "next_question", "Next question", show=False, id="next-question"),
        Binding("k,up", "previous_question", "Previous question", show=False, id="previous-question"),
        Binding("right_square_bracket", "next_unanswered", "Next unanswered", key_display="]", show=False, id="next-unanswered"),
        Binding("left_square_bracket", "previous_unanswered", "Previous unanswered", key_display="[", show=False, id="previous-unanswered"),
        Binding("right_curly_bracket", "next_missing", "Next required missing", key_display="}", show=False, id="next-missing"),
        Binding("W", "next_warning", "Next warning", show=False, id="next-warning"),
        Binding("N", "next_no_reasons", "Next No without reasons", show=False, id="next-no-reasons"),
        # priority: run as the key arrives, so the keys typed straight after go into the box
        Binding("e", "edit", "Write", id="edit-text", priority=True),
        Binding("enter", "enter", "Write / next", show=False, id="enter-text", priority=True),
        Binding("escape", "escape", "Leave the box / back", show=False, id="leave-box", priority=True),
        Binding("u,ctrl+z", "undo", "Undo", show=False, id="undo-answer"),
        Binding("U,ctrl+y", "redo", "Redo", show=False, id="redo-answer"),
        Binding("delete", "clear", "Clear answer", show=False, id="clear-answer"),
        Binding("g", "toggle_guidance", "Guidance", show=False, id="toggle-guidance"),  # the guidance says g itself
        Binding("w", "acknowledge", "Acknowledge warning", show=False, id="acknowledge-check"),
        Binding("r", "ratings", "Ratings", id="ratings"),
        Binding("c", "complete", "Complete", id="complete"),
        Binding("t", "toggle_tree", "Tree", show=False, id="toggle-tree"),
        Binding("s", "toggle_sidebar_focus", "Sidebar", show=False, id="focus-sidebar"),
        Binding("pagedown", "scroll_question(1)", "Scroll down", show=False, id="scroll-down"),
        Binding("pageup", "scroll_question(-1)", "Scroll up", show=False, id="scroll-up"),
        Binding("q", "back", "Back", id="back"),
    ]

    current: reactive[str] = reactive("", init=False)
    answers: reactive[dict[str, Any]] = reactive(dict, init=False, always_update=True)
    ratings: reactive[Any] = reactive(None, init=False, always_update=True)
    show_guidance: reactive[bool] = reactive(True, init=False)
    read_only: reactive[bool] = reactive(False, init=False)
    checks: reactive[tuple[SoftCheck, ...]] = reactive(tuple, init=False, always_update=True)
    warnings: reactive[frozenset[str]] = reactive(frozenset, init=False)

    def __init__(self, framework: Framework, sheet: CaseSheet | InspectionSheet, live: LiveRatings, *, holder: str = "", why: str = ""):
        super().__init__()
        self.framework = framework
        self.why = why or (f"{holder} is marking it" if holder else "")  # why it is read-only ("": it is not)
        self.session = Session(sheet, live, holder=self.why)
        self.questionnaire = sheet.questionnaire
        self.holder = holder  # who holds the lock when we are read-only
        self.lock: Any = None
        self._save_timer: Timer | None = None
        self._retry_timer: Timer | None = None
        self._could_complete = not self.session.missing()
        self.set_reactive(CaseScreen.answers, self.session.view())
        self.set_reactive(CaseScreen.ratings, live.ratings())
        self.set_reactive(CaseScreen.read_only, bool(self.why))
        self.set_reactive(CaseScreen.current, self._first_question())
        checks = self._soft_checks()
        self.set_reactive(CaseScreen.checks, checks)
        self.set_reactive(CaseScreen.warnings, warned_questions(checks))

    @property
    def sheet(self) -> CaseSheet | InspectionSheet:
        return self.session.sheet

    @property
    def live(self) -> LiveRatings:
        return self.session.live

    # -- layout --------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield Static(id="case-title")
        with Horizontal(id="panes"):
            yield QuestionTree(self.questionnaire, id="tree").data_bind(CaseScreen.current, CaseScreen.answers, CaseScreen.warnings)
            yield QuestionView(self.questionnaire, id="question").data_bind(
                CaseScreen.current, CaseScreen.answers, CaseScreen.show_guidance, CaseScreen.read_only, CaseScreen.checks
            )
            yield Sidebar(self.framework, self.questionnaire, id="sidebar").data_bind(CaseScreen.answers, CaseScreen.ratings)
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self._show_title()
        self._tell_where()
        self.set_interval(POLL_EVERY, self.poll)
        self.call_after_refresh(self.ask_conflicts)  # answers left to decide from an earlier session
        first = self.second_mark_of
        if first:  # the sidebar says so at its top: this marking is left out of the ratings
            note = Static(
                Content(f"Second marking of {first}: not counted in the ratings below. casemark agreement compares it with the first marking."),
                id="second-mark-note",
            )
            self.query_one(Sidebar).mount(note, before=0)

    @property
    def second_mark_of(self) -> str:
        """The first marking's case id when this is a second marking, else ''."""
        return self.sheet.case.second_mark_of if isinstance(self.sheet, CaseSheet) else ""

    def _show_title(self) -> None:
        answers = self.answers
        states = [question_state(q, answers) for q in self.questionnaire.questions() if q.answerable]
        answered = sum(1 for s in states if s == "answered")
        asked = sum(1 for s in states if s != HIDDEN)
        missing = states.count(MISSING)
        parts = [Content.styled(self.sheet.title, "bold")]
        excluded = isinstance(self.sheet, CaseSheet) and self.sheet.case.excluded
        if self.sheet.status and not excluded:
            parts.append(Content(self.sheet.status))
        parts.append(Content(f"{answered}/{asked} answered"))
        if missing:
            parts.append(Content.styled(f"{missing} required missing", "$text-warning"))
        if self.warnings:
            n = len(self.warnings)
            parts.append(Content.styled(f"⚠ {n} warning{'s' if n != 1 else ''}", "$text-warning"))
        if self.second_mark_of:
            parts.append(Content.styled(f"2nd marking of {self.second_mark_of}, not rated", "$text-warning"))
        if self.read_only:
            parts.append(Content.styled(f"read-only: {self.why}", "$text-error"))
        if excluded:  # last: a long reason does not push the counts out of the title's two lines
            reason = " ".join(self.sheet.exclusion_reason.split()) or "no reason given"
            parts.append(Content.styled(f"excluded because: {reason}", "$text-warning"))
        self.query_one("#case-title", Static).update(Content(" · ").join(parts))

    def watch_answers(self) -> None:
        self._update_checks()
        if self.is_mounted:
            self._show_title()

    @dataclass
    class AtQuestion(Message):
        """Where the user is: `question_id` of a case (both "" once back at the inspection)."""

        screen: CaseScreen
        inspection_id: str
        case_id: str
        question_id: str

        @property
        def control(self) -> CaseScreen:
            return self.screen

    def watch_current(self) -> None:
        self._tell_where()
        self.refresh_bindings()  # the footer offers the keys of this question

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """The footer (and the keys) offer y/n/a only where the question has that option, and
        Write only while no text box has the cursor (Enter makes a new line in one)."""
        if action == "answer" and parameters:
            q = self.questionnaire.question(self.current)
            return q is not None and q.option(str(parameters[0])) is not None
        if action == "edit":
            return self.focused is None or isinstance(self.focused, Sidebar)
        return True

    def _tell_where(self, left: bool = False) -> None:
        if isinstance(self.sheet, CaseSheet):
            where = ("", "") if left else (self.sheet.id, self.current)
            self.app.post_message(self.AtQuestion(self, self.sheet.inspection.id, *where))

    # -- soft checks ---------------------------------------------------------------------

    def _soft_checks(self) -> tuple[SoftCheck, ...]:
        """The case's soft checks as it stands (the inspection's own questionnaire has none)."""
        if not isinstance(self.sheet, CaseSheet):
            return ()
        return tuple(check_case(self.questionnaire, self.sheet.case))

    def _update_checks(self) -> None:
        """Recompute the checks after any change; say so when a warning appears away from here."""
        before = self.warnings
        checks = self._soft_checks()
        warnings = warned_questions(checks)
        new = [c for c in checks if c.question in warnings - before and c.question not in related_ids(self.questionnaire, self.current)]
        if checks != self.checks:  # most answers change no soft check: then nothing to redraw
            self.checks = checks
        self.warnings = warnings
        if new and self.is_mounted:
            shown = ", ".join(c.question for c in new[:4]) + (", …" if len(new) > 4 else "")
            first = f"{new[0].question}: {new[0].message}" if len(new) == 1 else f"{len(new)} new soft checks ({shown}); ⚠ marks them in the tree"
            self.notify(first, title="Soft check", severity="warning", timeout=6, markup=False)

    def action_acknowledge(self) -> None:
        """Acknowledge the warning beside this question with a note, or edit or withdraw the note."""
        from .modals import AcknowledgeModal

        if not isinstance(self.sheet, CaseSheet):
            self.notify("The inspection's own questionnaire has no soft checks.", timeout=3)
            return
        here = self.query_one(QuestionView).checks_here()
        if not here:  # (target_check is None only then)
            self.notify(f"No soft check warns on {self.current}: nothing to acknowledge.", timeout=3)
            return
        if self._refused_read_only():
            return
        self.flush_typing()
        check = target_check(here, self.current)
        modal = AcknowledgeModal(check.check, check.question, check.message, check.note)
        self.app.push_screen(modal, lambda result: self._acknowledged(check, result))

    def _acknowledged(self, check: SoftCheck, result: dict[str, Any] | None) -> None:
        if not result:
            return
        note = None if result.get("withdraw") else result["note"]
        if self._write(lambda: self.session.acknowledge(check.check, check.question, note)):
            done = "withdrawn" if note is None else "acknowledged"
            self.notify(f"{check.check} on {check.question} {done}.", timeout=3)

    # -- navigation ----------------------------------------------------------------------

    def _first_question(self) -> str:
        answers = self.sheet.answers
        questions = [q for q in self.questionnaire.questions() if q.answerable and q.visible(answers)]
        todo = next((q for q in questions if not is_answered(answers.get(q.id))), None)
        first = todo or (questions[0] if questions else next(self.questionnaire.questions()))
        return first.id

    def _step(self, step: int, only_unanswered: bool = False, wrap: bool = False) -> str | None:
        """The id of the next (step=1) or previous (-1) visible question, or None at the end;
        with `wrap`, counting from the other end instead of from the current question."""
        order = list(self.questionnaire.questions())
        ids = [q.id for q in order]
        i = ids.index(self.current) if self.current in ids else -1
        if wrap:
            i = -1 if step > 0 else len(order)
        answers = self.answers
        while True:
            i += step
            if not 0 <= i < len(order):
                return None
            q = order[i]
            if not q.visible(answers):
                continue
            if only_unanswered and question_state(q, answers) not in (UNANSWERED, MISSING):
                continue
            return q.id

    def goto(self, qid: str) -> None:
        if self.questionnaire.question(qid) is not None:
            self.leave_box()
            self.current = qid

    def on_question_chosen(self, message: QuestionChosen) -> None:
        self.goto(message.question_id)

    def on_unmount(self) -> None:
        if self.lock is not None:
            self.lock.release()
            self.lock = None


def mark_case(app: App, store: Store, live: LiveRatings, case: Case, questionnaire: Questionnaire) -> CaseScreen:
    """The marking screen of `case` (of `live`'s inspection), its lock taken for the app's
    inspector; read-only, and the inspector told who holds it, if someone else is marking it.
    StoreError if the lock could not be tried at all."""
    iid, holder, why, lock = live.inspection.id, "", "", None
    try:
        lock = store.lock_case(iid, case.case_id, user=getattr(app, "inspector", None))
    except LockedError as exc:
        holder = exc.holder.describe()
        app.notify(f"{case.case_id} is being marked by {holder}: opened read-only.", severity="warning", timeout=8, markup=False)
    except (NotSavedError, OSError) as exc:  # a read-only share, a full disk: it can still be read
        why = "this folder cannot be written, so nothing can be saved"
        app.notify(f"{case.case_id} opened read-only: {exc}", severity="warning", timeout=10, markup=False)
    if lock is not None and lock.message:
        app.notify(lock.message, timeout=6, markup=False)
    live.case_changed(case)
    screen = CaseScreen(live.framework, CaseSheet(store, live.inspection, case, questionnaire), live, holder=holder, why=why)
    screen.lock = lock
    return screen

