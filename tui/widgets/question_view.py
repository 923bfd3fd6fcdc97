"""The current question: its text, its answer control, its reasons box and its guidance."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from textual import events
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.message import Message
from textual.reactive import reactive
from textual.content import Content
from textual.widgets import Input, Markdown, Static, TextArea

from casemark.engine.checks import SoftCheck
from casemark.framework import Question, Questionnaire

from .inline import rich_inline
from .option_picker import OptionPicker
from .options_view import OptionsView
from .question_state import is_answered
from .soft_checks import SoftChecksView, checks_beside, related_ids

TEXT_TYPES = ("text", "number")
MAX_KEYS = 9  # options beyond the number keys: a focusable list instead


class AnswerArea(TextArea):
    """A text answer; `question_id` says whose answer it holds."""

    question_id = ""

    def end(self) -> None:
        """The cursor to the end of the text (entering a filled box)."""
        self.move_cursor(self.document.end)


class AnswerInput(Input):
    """A one-line answer (text or number); `question_id` says whose answer it holds. Entering it
    selects nothing (typing never replaces the answer); a pasted block of lines is joined."""

    question_id = ""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(select_on_focus=False, **kwargs)

    def end(self) -> None:
        self.cursor_position = len(self.value)

    def _on_paste(self, event: events.Paste) -> None:
        lines = [line.strip() for line in event.text.splitlines() if line.strip()]
        if len(lines) > 1:
            event.prevent_default()
            event.stop()
            self.insert_text_at_cursor(" ".join(lines))
            self.notify(f"A one-line answer: the {len(lines)} pasted lines are joined with spaces.", timeout=5)
            return
        super()._on_paste(event)


class QuestionView(VerticalScroll, can_focus=False):
    """Shows `current` from `answers`; posts `Typed` as the user types. The text box that has the
    focus is the truth: nothing here writes the saved copy into it."""

    @dataclass
    class Typed(Message):
        """Text changed in a box (of `question_id` when posted); the screen reads the boxes."""

        view: QuestionView
        question_id: str

        @property
        def control(self) -> QuestionView:
            return self.view

    HELP = """\
## The question

`y` / `n` / `a` answer Yes / No / Not applicable and move on; `1`-`9` choose the nth option
(or click it); with more than 9 options, `e` or `Enter` goes into the list (`↑`/`↓`, type to
filter, `Enter` chooses). `e` or `Enter` writes in the text box (or the reasons box under a
judgement); what you type is saved a moment after you stop, and when you leave the box;
`Escape` leaves the box. `g` shows or hides the guidance.
"""

    current: reactive[str] = reactive("", init=False)
    answers: reactive[dict[str, Any]] = reactive(dict, init=False, always_update=True)
    show_guidance: reactive[bool] = reactive(True, init=False)
    read_only: reactive[bool] = reactive(False, init=False)
    checks: reactive[tuple[SoftCheck, ...]] = reactive(tuple, init=False, always_update=True)

    def __init__(self, questionnaire: Questionnaire, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.questionnaire = questionnaire
        self._where = {q.id: (s.title, g.title) for s in questionnaire.sections for g in s.groups for q in g.questions}

    def compose(self) -> ComposeResult:
        widgets = [
            Static(id="q-where"),
            Static(id="q-head"),
            Static(id="q-text"),
            SoftChecksView(id="q-checks"),
            Static(id="q-condition"),
            OptionsView(id="q-options"),
            OptionPicker(id="q-picker"),
            AnswerInput(id="q-input", placeholder="type the answer (e or Enter)"),
            AnswerArea(id="q-area", soft_wrap=True),
            Static(id="q-reasons-label"),
            AnswerArea(id="q-reasons", soft_wrap=True),
            Static(id="q-note"),
            Static(id="q-guidance-head"),
            Markdown(id="q-guidance"),
        ]
        self.w: dict[str, Any] = {widget.id: widget for widget in widgets}  # no query per answer
        self.areas = (self.w["q-area"], self.w["q-reasons"])
        yield from widgets

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
            return self.w["q-input"]
        if q.type == "longtext":
            return self.w["q-area"]
        if self.reasons_for(q) is not None:
            return self.w["q-reasons"]
        return None

    def picker(self) -> OptionPicker | None:
        """The option list that `e` goes into, for a question with more than 9 options."""
        q = self.question
        return self.w["q-picker"] if q is not None and len(q.options) > MAX_KEYS else None

    def watch_current(self) -> None:
        if self.is_mounted:
            self._show()
            self.scroll_home(animate=False)

    def watch_answers(self) -> None:
        if self.is_mounted:
            self._show_values()

    def watch_checks(self) -> None:
        if self.is_mounted:
            self._show_checks()

    def checks_here(self) -> list[SoftCheck]:
        """The soft checks beside the current question (and its judgement or reasons)."""
        return checks_beside(self.checks, related_ids(self.questionnaire, self.current))

    def _show_checks(self) -> None:
        self.w["q-checks"].show(self.checks_here(), self.current, self.read_only)

    def watch_show_guidance(self) -> None:
        if self.is_mounted:
            self._show_guidance()

    def watch_read_only(self, read_only: bool) -> None:
        for area in self.areas:
            area.read_only = read_only
        self.w["q-input"].disabled = read_only

    def on_mount(self) -> None:
        self.watch_read_only(self.read_only)
        self._show()

    def _show(self) -> None:
        q = self.question
        if q is None:
            return
        section, group = self._where.get(q.id, ("", ""))
        where = f"{section} › {group}" if group and group != section and q.role != "judgement" else section
        self.w["q-where"].update(Content(where))
        kind = {"judgement": "judgement", "reasons": "reasons", "prompt": "prompt", "evidence": "evidence"}.get(q.role, "")
        head = [Content.styled(q.id, "bold")]
        if kind:
            head += [Content("  "), Content.styled(kind, "dim")]
        if q.required:
            head += [Content("  "), Content.styled("required", "$warning")]
        self.w["q-head"].update(Content.assemble(*head))
        self.w["q-text"].update(rich_inline(q.text))
        source = q.source_id if q.source_id and q.source_id != q.id else ""
        self.w["q-note"].update(Content(f"Source: {source}"))  # the seed's own note: casemark framework --json
        self.w["q-note"].display = bool(source)
        many = len(q.options) > MAX_KEYS
        self.w["q-options"].display = bool(q.options) and not many
        self.w["q-picker"].display = many
        self.w["q-input"].display = q.type in TEXT_TYPES
        self.w["q-area"].display = q.type == "longtext"
        reasons = self.reasons_for(q)
        self.w["q-reasons-label"].display = reasons is not None
        self.w["q-reasons"].display = reasons is not None
        if reasons is not None:
            self.w["q-reasons-label"].update(rich_inline(reasons.text))
        self.w["q-input"].question_id = q.id if q.type in TEXT_TYPES else ""
        self.w["q-input"].type = "integer" if q.type == "number" else "text"
        self.w["q-area"].question_id = q.id if q.type == "longtext" else ""
        self.w["q-reasons"].question_id = reasons.id if reasons else ""
        self._show_values(moved=True)
        self._show_checks()
        self._show_guidance()

    def _show_values(self, moved: bool = False) -> None:
        """The answers into the controls; a focused text box is left as it is (it holds what is
        being typed), unless the question changed under it (`moved`)."""
        q = self.question
        if q is None:
            return
        answers = self.answers
        condition = self.w["q-condition"]
        condition.display = not q.visible(answers)
        if condition.display and q.show_if is not None:
            kept = " Its answer is kept." if is_answered(answers.get(q.id)) else ""
            condition.update(Content.styled(f"Hidden: asked only when {q.show_if.describe()}.{kept}", "$warning"))
        if q.role == "reasons":
            judged = self.questionnaire.question(q.id.removesuffix(".reasons"))
            if judged is not None:
                value = answers.get(judged.id)
                shown = judged.label_for(value) if is_answered(value) else "not given yet"
                self.w["q-where"].update(Content(f"{judged.id} judgement: {shown}"))
        if q.options:
            (self.w["q-picker"] if len(q.options) > MAX_KEYS else self.w["q-options"]).show(q, answers.get(q.id))
        focused = self.screen.focused
        for control in (self.w["q-input"], *self.areas):
            if not control.question_id or (control is focused and not moved):
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
        head = self.w["q-guidance-head"]
        guidance = self.w["q-guidance"]
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

    def value_of(self, control: AnswerArea | AnswerInput) -> Any:
        """The answer a text box holds (a number box: its integer; None when empty)."""
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
            self.post_message(self.Typed(self, control.question_id))

    def on_input_changed(self, event: Input.Changed) -> None:
        event.stop()
        control = event.input
        if isinstance(control, AnswerInput) and control.question_id:
            self.post_message(self.Typed(self, control.question_id))
