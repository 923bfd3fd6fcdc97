"""Small dialogs: a message, a store conflict, a new inspection, a new case, a reason to exclude,
a note acknowledging a soft check, the second marker's name."""

from __future__ import annotations

from typing import Any, Callable

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.suggester import SuggestFromList
from textual.widgets import Button, Input, Label, Markdown, Select, Static

from casemark.engine.case_list import next_id, offered_inspector
from casemark.engine.model import InvalidId, check_id
from casemark.engine.store import StoreError

from ..literal import literal


class MessageModal(ModalScreen[None]):
    """A title and some Markdown; any of Escape, Enter or OK closes it."""

    BINDINGS = [Binding("escape,enter,q", "close", "Close", id="close-message")]

    def __init__(self, title: str, markdown: str):
        super().__init__()
        self.title_text = title
        self.markdown = markdown

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(literal(self.title_text), classes="dialog-title")
            with VerticalScroll(classes="dialog-body"):
                yield Markdown(self.markdown)
            yield Button("OK", id="ok", variant="primary")

    def action_close(self) -> None:
        self.dismiss(None)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(None)


class ConflictModal(ModalScreen[str | None]):
    """The file changed on disk since we read it: both versions side by side, and a choice."""

    BINDINGS = [
        Binding("t", "choose('theirs')", "Take theirs", id="conflict-theirs"),
        Binding("m", "choose('mine')", "Write mine over theirs", id="conflict-mine"),
        Binding("escape", "choose('later')", "Decide later", id="conflict-later"),
    ]

    def __init__(self, path: str, mine: str, theirs: str, reason: str):
        super().__init__()
        self.path, self.mine, self.theirs, self.reason = path, mine, theirs, reason

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog wide"):
            yield Static(literal(f"Changed on disk: {self.path}"), classes="dialog-title")
            yield Static(literal(self.reason), classes="dialog-text")
            with Horizontal(classes="versions"):
                with VerticalScroll(classes="version"):
                    yield Static("[b]Yours (on screen)[/b]")
                    yield Static(self.mine, markup=False, id="mine")
                with VerticalScroll(classes="version"):
                    yield Static("[b]Theirs (on disk)[/b]")
                    yield Static(self.theirs, markup=False, id="theirs")
            with Horizontal(classes="buttons"):
                yield Button("Take theirs (t)", id="theirs-button", variant="warning")
                yield Button("Write mine over theirs (m)", id="mine-button", variant="primary")
                yield Button("Decide later (Esc)", id="later-button")

    def action_choose(self, choice: str) -> None:
        self.dismiss(choice)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss({"theirs-button": "theirs", "mine-button": "mine"}.get(event.button.id or "", "later"))


class FormRefused(Exception):
    """OK could not be carried out: the message is shown in the dialog, which stays open."""


class FormModal(ModalScreen[dict[str, Any] | None]):
    """A dialog of fields; Enter in the last field or the OK button submits, Escape cancels."""

    BINDINGS = [Binding("escape", "cancel", "Cancel", id="form-cancel")]
    TITLE_TEXT = ""

    def fields(self) -> ComposeResult:
        yield from ()

    def more_buttons(self) -> ComposeResult:
        """Buttons between OK and Cancel (a dialog that has more handles them in `pressed`)."""
        yield from ()

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(literal(self.TITLE_TEXT), classes="dialog-title")
            yield from self.fields()
            yield Static("", id="form-error", classes="dialog-error")
            with Horizontal(classes="buttons"):
                yield Button("OK", id="ok", variant="primary")
                yield from self.more_buttons()
                yield Button("Cancel", id="cancel")

    def values(self) -> dict[str, Any]:
        raise NotImplementedError

    def validate(self, values: dict[str, Any]) -> str:
        """An error message, or '' when the values are good."""
        return ""

    def result(self, values: dict[str, Any]) -> Any:
        """What the dialog closes with, once the values are valid (the values themselves). A dialog
        that acts on OK does it here, raising FormRefused to stay open saying why it could not."""
        return values

    def submit(self) -> None:
        values = self.values()
        error = self.validate(values)
        if not error:
            try:
                self.dismiss(self.result(values))
                return
            except FormRefused as exc:
                error = str(exc)
        self.query_one("#form-error", Static).update(literal(error))

    def action_cancel(self) -> None:
        self.dismiss(None)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.submit()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.pressed(event.button.id or "")

    def pressed(self, button: str) -> None:
        """A button was pressed (subclasses with more buttons extend this, not the handler)."""
        if button == "ok":
            self.submit()
        else:
            self.dismiss(None)


def id_error(value: str, what: str, taken: list[str]) -> str:
    try:
        check_id(value, what)
    except InvalidId as exc:
        return str(exc)
    if value in taken:
        return f"{what} {value!r} exists already: choose another"
    return ""


class NewInspectionModal(FormModal):
    TITLE_TEXT = "New inspection"

    def __init__(self, frameworks: list[str], taken: list[str]):
        super().__init__()
        self.frameworks = frameworks
        self.taken = taken

    def fields(self) -> ComposeResult:
        yield Label("Inspection id (letters, digits, - and _)")
        yield Input(id="inspection-id", placeholder="e.g. anytown-2026", compact=True)
        yield Label("Service")
        yield Input(id="service", placeholder="e.g. Anytown Youth Justice Service", compact=True)
        yield Label("Framework")
        default = "youth-2021" if "youth-2021" in self.frameworks else (self.frameworks[0] if self.frameworks else Select.NULL)
        yield Select([(f, f) for f in self.frameworks], value=default, allow_blank=False, id="framework", compact=True)

    def values(self) -> dict[str, Any]:
        return {
            "id": self.query_one("#inspection-id", Input).value.strip(),
            "service": self.query_one("#service", Input).value.strip(),
            "framework": self.query_one("#framework", Select).value,
        }

    def validate(self, values: dict[str, Any]) -> str:
        return id_error(values["id"], "inspection id", self.taken) or ("" if values["service"] else "Service: give the service's name")


def inspector_field(field_id: str, inspectors: list[str], me: str, not_: str = "") -> ComposeResult:
    """An inspector's name: offered from the inspection's `inspectors` (never `not_`), completed
    from them as it is typed, and listed under it; any other name may be typed."""
    allowed = [n for n in inspectors if n.casefold() != not_.casefold()]
    yield Input(offered_inspector(inspectors, me, not_), id=field_id, compact=True, suggester=SuggestFromList(allowed, case_sensitive=False) if allowed else None)
    if allowed:
        yield Static("In this inspection: " + ", ".join(allowed), id=f"{field_id}-offered", classes="dialog-text", markup=False)


class NewCaseModal(FormModal):
    """A new case: its id (the next one offered), questionnaire and inspector. OK creates it through
    `create`; what the store refuses (an id differing only in case from one there) keeps the
    dialog open saying why."""

    TITLE_TEXT = "New case"

    def __init__(
        self,
        questionnaires: list[tuple[str, str]],
        taken: list[str],
        inspector: str = "",
        inspectors: list[str] | None = None,
        create: Callable[[dict[str, Any]], Any] | None = None,
    ):
        super().__init__()
        self.questionnaires = questionnaires
        self.taken = taken
        self.inspector = inspector
        self.inspectors = list(inspectors or [])
        self.create = create

    def fields(self) -> ComposeResult:
        yield Label("Case id (letters, digits, - and _)")
        yield Input(next_id(self.taken), id="case-id", placeholder="e.g. OOC-07", compact=True)
        yield Label("Questionnaire")
        yield Select([(title, qid) for qid, title in self.questionnaires], value=self.questionnaires[0][0], allow_blank=False, id="questionnaire", compact=True)
        yield Label("Inspector")
        yield from inspector_field("inspector", self.inspectors, self.inspector)

    def values(self) -> dict[str, Any]:
        return {
            "case_id": self.query_one("#case-id", Input).value.strip(),
            "questionnaire": self.query_one("#questionnaire", Select).value,
            "inspector": self.query_one("#inspector", Input).value.strip(),
        }

    def validate(self, values: dict[str, Any]) -> str:
        return id_error(values["case_id"], "case id", self.taken)

    def result(self, values: dict[str, Any]) -> Any:
        if self.create is None:
            return values
        try:
            return self.create(values)
        except StoreError as exc:
            raise FormRefused(str(exc)) from None


class ReasonModal(FormModal):
    """Asks why (excluding a case): the reason is required."""

    def __init__(self, title: str, prompt: str, reason: str = ""):
        super().__init__()
        self.TITLE_TEXT = title
        self.prompt = prompt
        self.reason = reason  # the reason given last time, offered again

    def fields(self) -> ComposeResult:
        yield Label(literal(self.prompt))
        yield Input(self.reason, id="reason", compact=True)

    def values(self) -> dict[str, Any]:
        return {"reason": self.query_one("#reason", Input).value.strip()}

    def validate(self, values: dict[str, Any]) -> str:
        return "" if values["reason"] else "Give the reason (it is kept in the case file)"


class AcknowledgeModal(FormModal):
    """A note saying why a soft check's warning does not apply; for an acknowledged one, the note
    to edit and a Withdraw button. Dismisses with {"note": ...}, {"withdraw": True} or None."""

    def __init__(self, check: str, question: str, message: str, note: str | None = None):
        super().__init__()
        self.check, self.question, self.message, self.note = check, question, message, note
        self.TITLE_TEXT = f"{'Acknowledged' if note is not None else 'Acknowledge'}: {check} on {question}"

    def fields(self) -> ComposeResult:
        yield Static(self.message, classes="dialog-text", markup=False)
        yield Label("Why does it not apply? (kept in the case file)")
        yield Input(self.note or "", id="ack-note", compact=True, placeholder="e.g. prompt a is met, but the analysis missed the victim's wishes")

    def more_buttons(self) -> ComposeResult:
        if self.note is not None:
            yield Button("Withdraw", id="withdraw", variant="warning")

    def values(self) -> dict[str, Any]:
        return {"note": self.query_one("#ack-note", Input).value.strip()}

    def validate(self, values: dict[str, Any]) -> str:
        return "" if values["note"] else "Write a note saying why the warning does not apply (or Cancel)"

    def pressed(self, button: str) -> None:
        if button == "withdraw":
            self.dismiss({"withdraw": True})
        else:
            super().pressed(button)


class SecondMarkModal(FormModal):
    """Who second-marks a case: the blind copy names them as its inspector."""

    def __init__(self, case_id: str, first_marker: str, inspector: str = "", inspectors: list[str] | None = None):
        super().__init__()
        self.case_id, self.first_marker, self.inspector = case_id, first_marker, inspector
        self.inspectors = list(inspectors or [])  # offered, all but the first marker
        self.TITLE_TEXT = f"Second-mark {case_id}"

    def fields(self) -> ComposeResult:
        by = f" by {self.first_marker}" if self.first_marker else ""
        yield Static(
            f"A blind copy of {self.case_id} (marked{by}) keeps only its case details: you mark the prompts, "
            "judgements and reasons afresh. It is not counted in the ratings; casemark agreement compares the two.",
            classes="dialog-text",
            markup=False,
        )
        yield Label("Second marker")
        yield from inspector_field("second-marker", self.inspectors, self.inspector, self.first_marker)

    def values(self) -> dict[str, Any]:
        return {"inspector": self.query_one("#second-marker", Input).value.strip()}

    def validate(self, values: dict[str, Any]) -> str:
        return "" if values["inspector"] else "Give the second marker's name"
