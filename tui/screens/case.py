"""Marking, three panes: the question tree, the current question, the live ratings sidebar.

The screen owns the state (current question, answers, ratings) and binds it down; widgets post
messages up; every operation is one `action_*`, shared by keys, clicks and the command palette.
"""

from __future__ import annotations

import copy
from typing import Any

from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.reactive import reactive
from textual.screen import Screen
from textual.widgets import Footer, Input, Static, TextArea

from casemark.engine.checks import SoftCheck, acknowledge, check_case, withdraw
from casemark.engine.model import Case
from casemark.engine.store import ConflictError, IncompleteError, LockedError, Store, StoreError
from casemark.framework import Framework, Question, Questionnaire

from ..messages import AnswerGiven, QuestionChosen
from ..palette import QuestionJump
from ..widgets.inline import plain
from ..widgets.question_state import (
    HIDDEN,
    MISSING,
    UNANSWERED,
    is_answered,
    question_state,
)
from ..widgets.question_tree import QuestionTree
from ..widgets.question_view import QuestionView
from ..widgets.sidebar import Sidebar
from ..widgets.soft_checks import related_ids, target_check, warned_questions
from .modals import AcknowledgeModal, ConflictModal, MessageModal
from .sheets import CaseSheet, InspectionSheet, LiveRatings

OPTION_KEYS = [Binding(str(n), f"choose({n})", f"Option {n}", show=False, id=f"choose-{n}") for n in range(1, 10)]


class CaseScreen(Screen[str | None]):
    """Marks one sheet; dismisses with a case id to open next (from the ratings view) or None."""

    AUTO_FOCUS = ""  # nothing focused: the keys answer; e or Enter goes into a text box
    COMMANDS = {QuestionJump}
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (110, "-wide")]
    HELP = """\
# Marking a case

Answer each question; every answer is written to the case file at once and the ratings in the
sidebar follow. Keys act when no text box has the cursor; `Escape` leaves a text box.
`ctrl+p` then an id (`2.1.1`) or some words jumps to any question.

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
        Binding("e,enter", "edit", "Write", id="edit-text"),
        Binding("g", "toggle_guidance", "Guidance", id="toggle-guidance"),
        Binding("w", "acknowledge", "Acknowledge warning", show=False, id="acknowledge-check"),
        Binding("r", "ratings", "Ratings", id="ratings"),
        Binding("c", "complete", "Complete", show=False, id="complete"),
        Binding("t", "toggle_tree", "Tree", show=False, id="toggle-tree"),
        Binding("pagedown", "scroll_question(1)", "Scroll down", show=False, id="scroll-down"),
        Binding("pageup", "scroll_question(-1)", "Scroll up", show=False, id="scroll-up"),
        Binding("escape,q", "back", "Back", id="back"),
    ]

    current: reactive[str] = reactive("", init=False)
    answers: reactive[dict[str, Any]] = reactive(dict, init=False, always_update=True)
    ratings: reactive[Any] = reactive(None, init=False, always_update=True)
    show_guidance: reactive[bool] = reactive(True, init=False)
    read_only: reactive[bool] = reactive(False, init=False)
    checks: reactive[tuple[SoftCheck, ...]] = reactive(tuple, init=False, always_update=True)
    warnings: reactive[frozenset[str]] = reactive(frozenset, init=False)

    def __init__(self, framework: Framework, sheet: CaseSheet | InspectionSheet, live: LiveRatings, *, holder: str = ""):
        super().__init__()
        self.framework = framework
        self.sheet = sheet
        self.live = live
        self.questionnaire = sheet.questionnaire
        self.holder = holder  # who holds the lock when we are read-only
        self.lock: Any = None
        self.set_reactive(CaseScreen.answers, dict(sheet.answers))
        self.set_reactive(CaseScreen.ratings, live.ratings())
        self.set_reactive(CaseScreen.read_only, bool(holder))
        self.set_reactive(CaseScreen.current, self._first_question())
        checks = self._soft_checks()
        self.set_reactive(CaseScreen.checks, checks)
        self.set_reactive(CaseScreen.warnings, warned_questions(checks))

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
        first = self.second_mark_of
        if first:  # the sidebar says so at its top: this marking is left out of the ratings
            note = Static(
                f"Second marking of {first}: not counted in the ratings below. "
                "casemark agreement compares it with the first marking.",
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
        parts = [f"[b]{self.sheet.title}[/b]"]
        if self.sheet.status:
            parts.append(self.sheet.status)
        parts.append(f"{answered}/{asked} answered")
        if missing:
            parts.append(f"[$text-warning]{missing} required missing[/]")
        if self.warnings:
            n = len(self.warnings)
            parts.append(f"[$text-warning]⚠ {n} warning{'s' if n != 1 else ''}[/]")
        if self.second_mark_of:
            parts.append(f"[$text-warning]2nd marking of {self.second_mark_of}, not rated[/]")
        if self.read_only:
            parts.append(f"[$text-error]read-only: {self.holder} is marking it[/]")
        self.query_one("#case-title", Static).update(" · ".join(parts))

    def watch_answers(self) -> None:
        self._update_checks()
        if self.is_mounted:
            self._show_title()

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
            self.notify(first, title="Soft check", severity="warning", timeout=6)

    def action_acknowledge(self) -> None:
        """Acknowledge the warning beside this question with a note, or edit or withdraw the note."""
        if not isinstance(self.sheet, CaseSheet):
            self.notify("The inspection's own questionnaire has no soft checks.", timeout=3)
            return
        here = self.query_one(QuestionView).checks_here()
        if not here:  # (target_check is None only then)
            self.notify(f"No soft check warns on {self.current}: nothing to acknowledge.", timeout=3)
            return
        if self.read_only:
            self.notify(f"Read-only: {self.holder} is marking {self.sheet.id}.", severity="warning")
            return
        self._save_typing()
        check = target_check(here, self.current)
        modal = AcknowledgeModal(check.check, check.question, check.message, check.note)
        self.app.push_screen(modal, lambda result: self._acknowledged(check, result))

    def _acknowledged(self, check: SoftCheck, result: dict[str, Any] | None) -> None:
        if not result:
            return
        case = self.sheet.case
        changed = copy.deepcopy(case)  # the store saves a copy: on a refusal the case is as it was
        changed.origin = case.origin
        if result.get("withdraw"):
            withdraw(changed, check.check, check.question)
            done = f"Acknowledgement of {check.check} on {check.question} withdrawn."
        else:
            acknowledge(changed, check.check, check.question, result["note"])
            done = f"{check.check} on {check.question} acknowledged."
        try:  # the same save as every answer: refused if the file changed on disk or is locked
            self.sheet.store.save_case(self.sheet.inspection.id, changed)
        except ConflictError as exc:
            self.show_conflict(exc)
            return
        except (StoreError, OSError) as exc:
            self.notify(f"Not saved: {exc}", severity="error", timeout=10)
            return
        case.extra, case.updated, case.origin = changed.extra, changed.updated, changed.origin
        self.answers = dict(case.answers)
        self.ratings = self.live.case_changed(case)
        self.notify(done, timeout=3)

    # -- navigation ----------------------------------------------------------------------

    def _first_question(self) -> str:
        answers = self.sheet.answers
        questions = [q for q in self.questionnaire.questions() if q.answerable and q.visible(answers)]
        todo = next((q for q in questions if not is_answered(answers.get(q.id))), None)
        first = todo or (questions[0] if questions else next(self.questionnaire.questions()))
        return first.id

    def _visible(self) -> list[Question]:
        return [q for q in self.questionnaire.visible_questions(self.answers)]

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
            self._save_typing()
            self.current = qid

    def action_next_question(self) -> None:
        self._move(1)

    def action_previous_question(self) -> None:
        self._move(-1)

    def action_next_unanswered(self) -> None:
        self._move(1, only_unanswered=True)

    def action_previous_unanswered(self) -> None:
        self._move(-1, only_unanswered=True)

    def _move(self, step: int, only_unanswered: bool = False) -> None:
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

    def on_question_chosen(self, message: QuestionChosen) -> None:
        self.goto(message.question_id)

    # -- answering -----------------------------------------------------------------------

    def action_answer(self, value: str) -> None:
        q = self.questionnaire.question(self.current)
        if q is None:
            return
        option = q.option(value)
        if option is None:
            names = {"yes": "Yes", "no": "No", "na": "Not applicable"}
            offered = ", ".join(f"{n} {o.label}" for n, o in enumerate(q.options, 1)) or "a text answer (e)"
            self.notify(f"{names.get(value, value)} is not an answer to {q.id}: it takes {offered}.", severity="warning")
            return
        if self.record(q.id, value):
            self._after_choice()

    def action_choose(self, n: int) -> None:
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

    def _after_choice(self) -> None:
        target = self._step(1)
        if target is not None:
            self.current = target

    def on_answer_given(self, message: AnswerGiven) -> None:
        message.stop()
        self.record(message.question_id, message.value)

    def record(self, qid: str, value: Any) -> bool:
        """Write one answer to disk at once, then show it; False (and a notice) if refused."""
        if value == self.answers.get(qid):
            return True
        if self.read_only:
            self.notify(f"Read-only: {self.holder} is marking {self.sheet.id}; your answer was not saved.", severity="warning")
            return False
        try:
            ratings = self.sheet.set_answer(qid, value, self.live)
        except ConflictError as exc:
            self.show_conflict(exc)
            return False
        except (StoreError, OSError) as exc:
            self.notify(f"Not saved: {exc}", severity="error", timeout=10)
            return False
        self.answers = dict(self.sheet.answers)
        self.ratings = ratings
        return True

    def show_conflict(self, exc: ConflictError) -> None:
        """The file changed on disk under us: show both versions and let the user choose."""
        mine, theirs = self.sheet.versions(exc)
        kept = f" A copy of yours is in {exc.kept}." if exc.kept else ""
        modal = ConflictModal(self.sheet.path, mine, theirs, f"Someone else changed this file since you opened it.{kept}")

        def resolve(choice: str | None) -> None:
            ratings = self.ratings
            try:
                if choice == "theirs":
                    ratings = self.sheet.take_theirs(self.live)
                    self.notify("Now showing the version on disk.")
                elif choice == "mine":
                    ratings = self.sheet.keep_mine(exc, self.live)
                    self.notify("Yours is written over theirs.")
            except ConflictError as again:
                self.show_conflict(again)
            except (StoreError, OSError) as error:
                self.notify(f"Not saved: {error}", severity="error", timeout=10)
            self.answers = dict(self.sheet.answers)
            self.ratings = ratings

        self.app.push_screen(modal, resolve)

    def _save_typing(self) -> None:
        """Write any text typed but not yet posted: the keystroke in flight is never lost."""
        for qid, value in self.query_one(QuestionView).unsaved():
            self.record(qid, value)

    def action_edit(self) -> None:
        view = self.query_one(QuestionView)
        control = view.text_control()
        if control is None:
            q = view.question
            keys = f"1-{len(q.options)}" if q and q.options else "no key"
            self.notify(f"{self.current} takes an option ({keys}); it has no text box.", timeout=3)
            return
        if self.read_only:
            self.notify(f"Read-only: {self.holder} is marking {self.sheet.id}.", severity="warning")
            return
        control.focus()

    def action_toggle_guidance(self) -> None:
        self.show_guidance = not self.show_guidance

    def action_toggle_tree(self) -> None:
        tree = self.query_one(QuestionTree)
        tree.display = not tree.display

    def action_scroll_question(self, pages: int) -> None:
        view = self.query_one(QuestionView)
        (view.scroll_page_down if pages > 0 else view.scroll_page_up)(animate=False)

    def action_complete(self) -> None:
        if not isinstance(self.sheet, CaseSheet):
            self.notify("The inspection's questionnaire has no status; complete its cases instead.")
            return
        if self.read_only:
            self.notify(f"Read-only: {self.holder} is marking {self.sheet.id}.", severity="warning")
            return
        self._save_typing()
        status = "in-progress" if self.sheet.status == "complete" else "complete"
        try:
            ratings = self.sheet.set_status(status, self.live)
        except IncompleteError as exc:
            lines = []
            for item in exc.missing:  # "I2.4: required but unanswered"
                qid = item.split(":", 1)[0]
                q = self.questionnaire.question(qid)
                lines.append(f"- **{qid}** {plain(q.text)}" if q else f"- {item}")
            self.app.push_screen(
                MessageModal(f"{self.sheet.id} is not complete", "These required answers are missing:\n\n" + "\n".join(lines))
            )
            return
        except (StoreError, OSError, ValueError) as exc:
            self.notify(f"Status not changed: {exc}", severity="error", timeout=10)
            return
        self.answers = dict(self.sheet.answers)
        self.ratings = ratings
        self.notify(f"{self.sheet.id} is now {status}.")

    def action_ratings(self) -> None:
        from .ratings import RatingsScreen

        self._save_typing()
        self.app.push_screen(RatingsScreen(self.framework, self.live), self._ratings_closed)

    def _ratings_closed(self, case_id: str | None) -> None:
        if case_id and case_id != self.sheet.id:
            self.dismiss(case_id)

    def action_back(self) -> None:
        self._save_typing()
        if isinstance(self.focused, (Input, TextArea)):
            self.set_focus(None)
            return
        self.dismiss(None)

    def on_unmount(self) -> None:
        if self.lock is not None:
            self.lock.release()
            self.lock = None


def mark_case(app: App, store: Store, live: LiveRatings, case: Case, questionnaire: Questionnaire) -> CaseScreen:
    """The marking screen of `case` (of `live`'s inspection), its lock taken for the app's
    inspector; read-only, and the inspector told who holds it, if someone else is marking it.
    StoreError if the lock could not be tried at all."""
    iid, holder, lock = live.inspection.id, "", None
    try:
        lock = store.lock_case(iid, case.case_id, user=getattr(app, "inspector", None))
    except LockedError as exc:
        holder = exc.holder.describe()
        app.notify(f"{case.case_id} is being marked by {holder}: opened read-only.", severity="warning", timeout=8)
    if lock is not None and lock.message:
        app.notify(lock.message, timeout=6)
    live.case_changed(case)
    screen = CaseScreen(live.framework, CaseSheet(store, live.inspection, case, questionnaire), live, holder=holder)
    screen.lock = lock
    return screen
