"""The current question: its text, its answer control, its reasons box and its guidance."""

from __future__ import annotations

from typing import Any

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.reactive import reactive
from textual.widgets import Input, Markdown, Static, TextArea

from framework import Question, Questionnaire

from ..messages import AnswerGiven
from .inline import rich_inline
from .options_view import OptionsView
from .question_state import is_answered

TEXT_TYPES = ("text", "number")


class AnswerArea(TextArea):
    """A text answer; `question_id` says whose answer it holds."""

    question_id = ""


class AnswerInput(Input):
    """A one-line answer (text or number); `question_id` says whose answer it holds."""

    question_id = ""


class QuestionView(VerticalScroll, can_focus=False):
    """Shows `current` from `answers`; posts AnswerGiven as the user chooses or types."""

    HELP = """\
## The question

`y` / `n` / `a` answer Yes / No / Not applicable and move on; `1`-`9` choose the nth option
(or click it). `e` or `Enter` writes in the text box (or the reasons box under a judgement);
what you type is saved as you type; `Escape` leaves the box. `g` shows or hides the guidance.
"""

    current: reactive[str] = reactive("", init=False)
    answers: reactive[dict[str, Any]] = reactive(dict, init=False, always_update=True)
    show_guidance: reactive[bool] = reactive(True, init=False)
    read_only: reactive[bool] = reactive(False, init=False)

    def __init__(self, questionnaire: Questionnaire, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.questionnaire = questionnaire
        self._where = {q.id: (s.title, g.title) for s in questionnaire.sections for g in s.groups for q in g.questions}

    def compose(self) -> ComposeResult:
        yield Static(id="q-where")
        yield Static(id="q-head")
        yield Static(id="q-text")
        yield Static(id="q-condition")
        yield OptionsView(id="q-options")
        yield AnswerInput(id="q-input", placeholder="type the answer (e or Enter)")
        yield AnswerArea(id="q-area", soft_wrap=True)
        yield Static(id="q-reasons-label")
        yield AnswerArea(id="q-reasons", soft_wrap=True)
        yield Static(id="q-note")
        yield Static(id="q-guidance-head")
        yield Markdown(id="q-guidance")

    # -- what is shown -------------------------------------------------------------------

    @property
    def question(self) -> Question | None:
        return self.questionnaire.question(self.current)

    def reasons_for(self, question: Question) -> Question | None:
        if question.role != "judgement":
            return None
        return self.questionnaire.question(f"{question.id}.reasons")

    def text_control(self) -> AnswerArea | AnswerInput | None:
        """The text box that `e` writes in for the current question, if it has one."""
        q = self.question
        if q is None:
            return None
        if q.type in TEXT_TYPES:
            return self.query_one("#q-input", AnswerInput)
        if q.type == "longtext":
            return self.query_one("#q-area", AnswerArea)
        if self.reasons_for(q) is not None:
            return self.query_one("#q-reasons", AnswerArea)
        return None

    def watch_current(self) -> None:
        if self.is_mounted:
            self._show()
            self.scroll_home(animate=False)

    def watch_answers(self) -> None:
        if self.is_mounted:
            self._show_values()

    def watch_show_guidance(self) -> None:
        if self.is_mounted:
            self._show_guidance()

    def watch_read_only(self, read_only: bool) -> None:
        for area in self.query(AnswerArea):
            area.read_only = read_only
        self.query_one("#q-input", AnswerInput).disabled = read_only

    def on_mount(self) -> None:
        self.watch_read_only(self.read_only)
        self._show()

    def _show(self) -> None:
        q = self.question
        if q is None:
            return
        section, group = self._where.get(q.id, ("", ""))
        where = f"{section} › {group}" if group and group != section else section
        self.query_one("#q-where", Static).update(where)
        kind = {"judgement": "judgement", "reasons": "reasons", "prompt": "prompt", "evidence": "evidence"}.get(q.role, "")
        head = f"[b]{q.id}[/b]" + (f"  [dim]{kind}[/dim]" if kind else "") + ("  [$warning]required[/]" if q.required else "")
        self.query_one("#q-head", Static).update(head)
        self.query_one("#q-text", Static).update(rich_inline(q.text))
        note = []
        if q.source_id and q.source_id != q.id:
            note.append(f"Seed label: {q.source_id}")
        if q.note:
            note.append(q.note)
        self.query_one("#q-note", Static).update(rich_inline(" · ".join(note)))
        self.query_one("#q-note").display = bool(note)
        options = self.query_one(OptionsView)
        options.display = bool(q.options)
        self.query_one("#q-input").display = q.type in TEXT_TYPES
        self.query_one("#q-area").display = q.type == "longtext"
        reasons = self.reasons_for(q)
        self.query_one("#q-reasons-label").display = reasons is not None
        self.query_one("#q-reasons").display = reasons is not None
        if reasons is not None:
            self.query_one("#q-reasons-label", Static).update(rich_inline(reasons.text))
        self.query_one("#q-input", AnswerInput).question_id = q.id if q.type in TEXT_TYPES else ""
        self.query_one("#q-input", AnswerInput).type = "integer" if q.type == "number" else "text"
        self.query_one("#q-area", AnswerArea).question_id = q.id if q.type == "longtext" else ""
        self.query_one("#q-reasons", AnswerArea).question_id = reasons.id if reasons else ""
        self._show_values()
        self._show_guidance()

    def _show_values(self) -> None:
        q = self.question
        if q is None:
            return
        answers = self.answers
        condition = self.query_one("#q-condition", Static)
        condition.display = not q.visible(answers)
        if condition.display and q.show_if is not None:
            kept = " Its answer is kept." if is_answered(answers.get(q.id)) else ""
            condition.update(f"[$warning]Hidden: asked only when {q.show_if.describe()}.{kept}[/]")
        if q.role == "reasons":
            judged = self.questionnaire.question(q.id.removesuffix(".reasons"))
            if judged is not None:
                value = answers.get(judged.id)
                shown = judged.label_for(value) if is_answered(value) else "not given yet"
                self.query_one("#q-where", Static).update(f"{judged.id} judgement: {shown}")
        if q.options:
            self.query_one(OptionsView).show(q, answers.get(q.id))
        for control in (self.query_one("#q-input", AnswerInput), *self.query(AnswerArea)):
            if not control.question_id:
                continue
            value = answers.get(control.question_id)
            text = "" if value is None else str(value)
            current = control.value if isinstance(control, Input) else control.text
            if current != text:
                if isinstance(control, Input):
                    control.value = text
                else:
                    control.load_text(text)

    def _show_guidance(self) -> None:
        q = self.question
        head = self.query_one("#q-guidance-head", Static)
        guidance = self.query_one("#q-guidance", Markdown)
        has = bool(q and q.guidance)
        head.display = has
        guidance.display = has and self.show_guidance
        if not has:
            return
        head.update("[b]Guidance[/b] [dim](g hides)[/dim]" if self.show_guidance else "[dim]Guidance: press g to show[/dim]")
        if self.show_guidance and getattr(guidance, "_shown_for", None) != q.id:
            guidance._shown_for = q.id  # type: ignore[attr-defined]
            guidance.update(q.guidance)

    # -- what the user does --------------------------------------------------------------

    def unsaved(self) -> list[tuple[str, Any]]:
        """Text typed but not yet posted (the keystroke in flight): (question id, value) pairs."""
        out = []
        for control in (self.query_one("#q-input", AnswerInput), *self.query(AnswerArea)):
            if control.question_id and control.display:
                value = self._value_of(control)
                if value != self.answers.get(control.question_id):
                    out.append((control.question_id, value))
        return out

    def _value_of(self, control: AnswerArea | AnswerInput) -> Any:
        if isinstance(control, AnswerArea):
            return control.text or None
        text = control.value.strip()
        q = self.questionnaire.question(control.question_id)
        if q is not None and q.type == "number":
            try:
                return int(text) if text else None
            except ValueError:
                return self.answers.get(control.question_id)
        return control.value or None

    def on_text_area_changed(self, event: TextArea.Changed) -> None:
        event.stop()
        control = event.text_area
        if isinstance(control, AnswerArea) and control.question_id:
            self.post_message(AnswerGiven(control.question_id, self._value_of(control)))

    def on_input_changed(self, event: Input.Changed) -> None:
        event.stop()
        control = event.input
        if isinstance(control, AnswerInput) and control.question_id:
            self.post_message(AnswerGiven(control.question_id, self._value_of(control)))

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.screen.set_focus(None)
