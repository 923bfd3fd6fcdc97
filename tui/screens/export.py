"""The export dialog: a report draft or data export of the inspection, written to a file, as
`casemark export` writes it; and `export_inspection`, which asks it and says what was written."""

from __future__ import annotations

from functools import partial
from pathlib import Path
from typing import Any, Callable

from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import Checkbox, Input, Label, Select, Static

from casemark.engine.reports import FORMATS
from casemark.engine.reports.output import ExistsError, ExportError, default_file, export_saved
from casemark.engine.store import Store

from ..literal import literal
from .modals import FormModal, FormRefused

DEFAULT_FORMAT = "report-html"


class ExportModal(FormModal):
    """A format, a file (relative to `folder` unless absolute) and whether to overwrite it.
    OK runs `export(format, path, force)`, which returns the files written or raises ExportError:
    the dialog closes with the files written, or stays open saying what went wrong."""

    TITLE_TEXT = "Export"

    def __init__(self, iid: str, folder: Path, export: Callable[[str, Path, bool], list[Path]]):
        super().__init__()
        self.iid, self.folder, self.export = iid, folder, export

    def fields(self) -> ComposeResult:
        yield Label("Format")
        options = [(f"{name}: {what}", name) for name, what in FORMATS.items()]
        yield Select(options, value=DEFAULT_FORMAT, allow_blank=False, id="export-format", compact=True)
        yield Label(literal(f"File (in {self.folder} unless a full path)"), id="export-where")
        yield Input(default_file(self.iid, DEFAULT_FORMAT), id="export-file", compact=True)
        yield Checkbox("Overwrite the file if it exists", id="export-force", compact=True)
        yield Static("answers-csv also writes its codebook beside it (NAME.questions.csv).", classes="dialog-text")

    def on_select_changed(self, event: Select.Changed) -> None:
        """A new format: a new default file name, unless one was typed."""
        event.stop()
        file = self.query_one("#export-file", Input)
        if file.value.strip() in {default_file(self.iid, f) for f in FORMATS} or not file.value.strip():
            file.value = default_file(self.iid, str(event.value))

    def values(self) -> dict[str, Any]:
        return {
            "format": self.query_one("#export-format", Select).value,
            "file": self.query_one("#export-file", Input).value.strip(),
            "force": self.query_one("#export-force", Checkbox).value,
        }

    def validate(self, values: dict[str, Any]) -> str:
        return "" if values["file"] else "File: give the file to write"

    def result(self, values: dict[str, Any]) -> dict[str, Any]:
        path = Path(values["file"]).expanduser()
        try:
            written = self.export(values["format"], path if path.is_absolute() else self.folder / path, values["force"])
        except ExistsError as exc:
            raise FormRefused(f"{', '.join(map(str, exc.paths))} already exists: tick 'Overwrite' or choose another file") from None
        except ExportError as exc:
            raise FormRefused(str(exc)) from None
        return {"written": written}


def export_inspection(screen: Screen, store: Store, iid: str, folder: Path | None) -> None:
    """Ask for a format and a file (in `folder`, the working folder if None), export inspection
    `iid`'s saved cases to it, and say on `screen` which files were written."""

    def exported(result: dict[str, Any] | None) -> None:
        if result:
            screen.notify("Wrote " + ", ".join(map(str, result["written"])), timeout=8)

    screen.app.push_screen(ExportModal(iid, folder or Path.cwd(), partial(export_saved, store, iid)), exported)
