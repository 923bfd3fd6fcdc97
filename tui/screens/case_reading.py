"""How the inspection screen reads its cases: all of them in a worker after the first frame, then,
every second while it shows, only the files whose stamps changed (others' marking, `casemark new
case` in another terminal), saying what changed; and all again on `Ctrl+R`. Mixed into
`InspectionScreen`; no layout here."""

from __future__ import annotations

from textual import work

from casemark.engine.live import LiveRatings
from casemark.engine.opening import read_inspection
from casemark.engine.store import StoreError
from casemark.engine.watching import CaseFiles, Change, summary

POLL_SECONDS = 1.0  # changes by others show within about two seconds


class ReadsCases:
    """For a Screen with `store`, `iid`, `live` (LiveRatings), `files` (CaseFiles or None),
    `framework` and `show_cases()`."""

    # -- the cases, read off the UI thread -----------------------------------------------

    @work(thread=True, exclusive=True, group="inspection-cases", exit_on_error=False)
    def read_cases(self, live: LiveRatings) -> None:
        problem = ""
        try:
            live.rated()  # waits for a read under way (the app's, opened at a case), or reads
        except (StoreError, OSError) as exc:
            problem = f"The inspection's cases could not be read: {exc}"
        try:
            self.app.call_from_thread(self._cases_read, live, problem)
        except RuntimeError:
            pass  # the app has closed meanwhile

    def _cases_read(self, live: LiveRatings, problem: str) -> None:
        if problem:
            self.notify(problem, severity="error", timeout=10)
        if live is self.live:
            self.show_cases()

    def all_read(self) -> bool:
        """Wait for (or do) the read of every case: what is hidden from a blind second marker,
        or whether a case is second-marked already, is known only then."""
        if not self.live.loaded:
            try:
                self.live.rated()
            except (StoreError, OSError) as exc:
                self.notify(f"The inspection's cases could not be read: {exc}", severity="error", timeout=10)
                return False
        return True

    def action_reload(self) -> None:
        """Read the inspection and its cases from disk again: what other inspectors (or
        `casemark new case` in another terminal) changed since this screen read them."""
        try:
            opened = read_inspection(self.store, self.iid, self.framework)
        except StoreError as exc:
            self.notify(str(exc), severity="error", timeout=10)
            return
        before, self.live = self.live.cases, LiveRatings(self.framework, opened.inspection, opened.cases)
        self.live.unreadable = list(opened.unreadable)
        self.files = CaseFiles(self.store, self.iid)
        self.show_cases()
        said = summary(before, self.live.cases).counts()
        self.notify(f"Reloaded {len(opened.cases)} cases: " + (said or "nothing changed on disk"), timeout=6)

    # -- what others change, picked up by the files' stamps ------------------------------

    def poll(self) -> None:
        """Every second, while this screen shows and its cases are read: look for changed files."""
        if self.app.screen is self and self.live.loaded and self.files is not None:
            self.read_changes(self.live, self.files)

    @work(thread=True, exclusive=True, group="inspection-changes", exit_on_error=False)
    def read_changes(self, live: LiveRatings, files: CaseFiles) -> None:
        change = files.poll(dict(live.cases))
        if change:
            try:
                self.app.call_from_thread(self._changed, live, change)
            except RuntimeError:
                pass  # the app has closed meanwhile

    def _changed(self, live: LiveRatings, change: Change) -> None:
        if live is not self.live:
            return
        for case in change.new + change.changed:
            live.case_changed(case)
        bad = {u.path for u in change.unreadable}
        unreadable = [u for u in live.unreadable if u.path not in bad] + change.unreadable
        if change.gone:  # rated again without them (rare: a case file deleted or moved away)
            kept = [c for cid, c in live.cases.items() if cid not in change.gone]
            self.live = live = LiveRatings(self.framework, live.inspection, kept)
        live.unreadable = unreadable
        self.show_cases()
        self.notify(change.text(), title="Changed on disk", timeout=6)
