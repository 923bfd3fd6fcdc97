"""Others' changes on the marking screen: what a save merged in from another inspector, the
answers changed both ways (one dialog at a time, never a stack), a whole-file conflict when the
file on disk cannot be merged, and the file watched for changes. A part of `CaseScreen`; the
merging itself is the store's (engine/merge.py, engine/store_merge.py)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import events

from casemark.engine.conflicts import Record
from casemark.engine.store import AnswerConflict, ConflictError, StoreError

from ..widgets.question_view import QuestionView

if TYPE_CHECKING:
    from .case import CaseScreen


class CaseConflicts:
    """The others' half of `CaseScreen` (a mixin: `self` is the screen)."""

    _deciding: bool = False  # a conflict dialog is open: no second one
    _deferred: frozenset[str] = frozenset()  # records the user chose to decide later, this session
    _told_changed: bool = False
    _told_held: bool = False
    _stale_box: object = None  # the focused box a reload left as it was (read-only): shown anew when left

    def _left_as_it_was(self: CaseScreen, changed: list[str]) -> str:
        """A read-only case reloads while a box has the focus (to read, select or copy in it):
        the box is left as it was, and said so once, until it is left."""
        box = self.in_box()
        if box is None or box.question_id not in changed or self._stale_box is box:
            return ""
        self._stale_box = box
        return f" The box you are in still shows the earlier {box.question_id}: it shows theirs when you leave it."

    def on_descendant_blur(self: CaseScreen, event: events.DescendantBlur) -> None:
        """The box a reload left as it was is left: show the version on disk in it."""
        if event.widget is self._stale_box:
            self._stale_box = None
            self.call_after_refresh(self.query_one(QuestionView)._show_values)

    def say_merged(self: CaseScreen) -> None:
        """After a write: say what it merged in from another inspector (once)."""
        store = self.session.sheet.store
        result = getattr(store, "last_merge", None)
        if result is None:
            return
        store.last_merge = None
        summary = result.summary()
        if summary:
            self.notify(f"{self.sheet.id}: {summary}.", timeout=5, markup=False)
        for note in result.notes:
            self.notify(note, severity="warning", timeout=8, markup=False)

    def show_conflict(self: CaseScreen, exc: ConflictError) -> None:
        """A save met the file changed on disk. Answer by answer (AnswerConflict): the file holds
        theirs and the record mine, and the user chooses, one dialog at a time. A file that could
        not be merged (gone, or not parsing): both versions, whole."""
        if isinstance(exc, AnswerConflict):
            self.ask_conflicts()
            return
        self._whole_file_conflict(exc)

    def ask_conflicts(self: CaseScreen) -> None:
        """Show the next open conflict of this file, if no dialog is open already and nothing is
        being typed (keys typed on would go to the dialog: it waits until the box is left)."""
        if self._deciding or self.read_only or not self.is_mounted:
            return
        box = self.in_box()
        if box is not None:
            if box.question_id in self.session.held and not self._told_held:
                self._told_held = True
                self.notify(
                    f"{box.question_id} was changed by another inspector as you typed: go on; when you leave the box "
                    "you choose which to keep (nothing is lost meanwhile).",
                    severity="warning",
                    timeout=8,
                    markup=False,
                )
            return
        try:
            open_ = [r for r in self.sheet.conflicts() if r.id not in self._deferred]
        except (StoreError, OSError, ValueError) as exc:
            self.notify(f"The conflict record of {self.sheet.path} could not be read: {exc}", severity="error", markup=False)
            return
        if not open_:
            return
        from .conflict import AnswerConflictModal

        record = open_[0]
        q = self.questionnaire.question(record.question) if record.question else None
        self._deciding = True
        self.set_focus(None)  # typing goes nowhere while the dialog is up: it cannot decide it
        modal = AnswerConflictModal(record, q.text if q else "", self.sheet.path, (1, len(open_)))
        self.app.push_screen(modal, lambda choice: self._decided(record, choice))

    def _decided(self: CaseScreen, record: Record, choice: str | None) -> None:
        self._deciding = False
        self._told_held = False
        choice = choice or "later"
        if choice in ("mine", "theirs", "later"):
            try:
                self.ratings = self.session.resolve(record, choice)
            except ConflictError as again:  # changed again meanwhile: asked again
                self.query_one(QuestionView)._show_values(moved=True)
                self._after_write()
                self.show_conflict(again)
                return
            except (StoreError, OSError, ValueError) as exc:
                self.notify(f"Not settled: {exc}", severity="error", timeout=10, markup=False)
                return
        if choice in ("mine", "theirs"):
            kept = "yours" if choice == "mine" else "theirs"
            self.notify(f"{record.label}: {kept} kept.", timeout=4, markup=False)
        else:
            self._deferred = self._deferred | {record.id}
            self.notify(
                f"{record.label}: both kept (theirs in the file, yours in {self.sheet.path}.conflicts); "
                "casemark validate lists it until it is decided.",
                timeout=6,
                markup=False,
            )
        self.query_one(QuestionView)._show_values(moved=True)
        self._after_write()
        self.call_later(self.ask_conflicts)

    def _whole_file_conflict(self: CaseScreen, exc: ConflictError) -> None:
        from .modals import ConflictModal

        if self._deciding:
            return
        mine, theirs = self.session.versions(exc)
        kept = f" A copy of yours is in {exc.kept}." if exc.kept else ""
        modal = ConflictModal(self.sheet.path, mine, theirs, f"The file on disk could not be merged with yours.{kept}")
        self._deciding = True

        def resolve(choice: str | None) -> None:
            self._deciding = False
            try:
                if choice == "theirs":
                    self.session.take_theirs()
                    self.notify("Now showing the version on disk.")
                elif choice == "mine":
                    self.session.keep_mine(exc)
                    self.notify("Yours is written over theirs.")
                else:
                    self.session.conflict = None  # decide later: the next write asks again
            except ConflictError as again:
                self.session.conflict = again
                self.show_conflict(again)
            except (StoreError, OSError) as error:
                self.notify(f"Not saved: {error}", severity="error", timeout=10, markup=False)
            self.set_focus(None)
            self.query_one(QuestionView)._show_values(moved=True)
            self._after_write()

        self.set_focus(None)
        self.app.push_screen(modal, resolve)

    def poll(self: CaseScreen) -> None:
        """Every moment: has the file changed on disk? The screen shows the version on disk as soon
        as nothing is being typed here (a read-only case at once), and says what changed."""
        try:
            seen = self.session.poll(idle=self.in_box() is None)
        except (StoreError, OSError) as exc:
            self.notify(f"{self.sheet.path} could not be read again: {exc}", severity="warning", markup=False)
            return
        if seen is None:
            return
        if seen.gone:
            self.notify(f"{self.sheet.path} has gone from the disk.", severity="error", timeout=10, markup=False)
        elif seen.reloaded:
            self._told_changed = False
            self._after_write()  # every box but the focused one shows the version on disk
            if seen.changed:
                who = self.holder or "another inspector"
                changed = ", ".join(seen.changed[:6]) + (", …" if len(seen.changed) > 6 else "")
                self.notify(f"{who} changed {self.sheet.id}: {changed}.{self._left_as_it_was(seen.changed)}", timeout=8, markup=False)
            self.ask_conflicts()
        elif not self._told_changed:
            self._told_changed = True
            self.notify(
                f"{self.sheet.id} was changed on disk by someone else: shown when you leave the box; "
                "what you type is merged with it answer by answer.",
                timeout=6,
                markup=False,
            )
