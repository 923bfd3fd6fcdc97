"""The casemark App: small on purpose. It receives the store (the data folder) and where to open;
screens own their state, widgets post messages up, every operation is one action_*.

Opened at a case (`casemark <inspection>/cases/<case>.toml`), the marking screen is painted
first: the screens beneath it are `Beneath` stand-ins, built when first shown, and the
inspection's other cases are read in a worker after the first paint (the sidebar says so until
their ratings arrive). See docs/performance.md, 'The marking app'.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import sys
import tempfile
import tomllib
from pathlib import Path
from typing import Callable, Iterable

from textual import work
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.screen import Screen

from engine.locks import this_user
from engine.store import LockedError, Store, StoreError
from framework import FRAMEWORKS_DIR, Framework

from .screens.sheets import CaseSheet, LiveRatings


class FrameworkCache:
    """Frameworks as loaded and validated, kept as pickles: opening a case then does not parse
    and check the framework's TOML again (the largest cost of a start after the imports).

    A copy is used only when its digest matches a digest of the framework folder's files, of the
    framework package's code and of Python's version, so an edit to any of them is never missed;
    one file per framework folder, replaced when it changes. The folder is $CASEMARK_CACHE, else
    $XDG_CACHE_HOME/casemark, else ~/.cache/casemark. Whatever is wrong with the cache (missing,
    unreadable, not ours, corrupt) is ignored: the framework is then loaded as usual.
    """

    CODE = sorted((Path(__file__).resolve().parent.parent / "framework").glob("*.py"))

    def __init__(self, folder: Path | None = None):
        if folder is None:
            if os.environ.get("CASEMARK_CACHE"):
                folder = Path(os.environ["CASEMARK_CACHE"])
            else:
                folder = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "casemark"
        self.folder = folder

    @staticmethod
    def framework_dir(store: Store, iid: str) -> Path | None:
        """The folder of the inspection's framework, found as `Store.framework` finds it."""
        try:
            fid = tomllib.loads(store.inspection_path(iid).read_text(encoding="utf-8")).get("framework")
        except (OSError, ValueError, StoreError):
            return None
        if not isinstance(fid, str) or not fid or "/" in fid or "\\" in fid or fid.startswith("."):
            return None
        for root in (store.framework_root, FRAMEWORKS_DIR):
            if (root / fid / "framework.toml").is_file():
                return root / fid
        return None

    def digest(self, fw_dir: Path) -> bytes:
        h = hashlib.sha256(sys.version.encode())
        for path in [*self.CODE, *sorted(fw_dir.rglob("*.toml"))]:
            h.update(str(path).encode() + b"\0" + path.read_bytes() + b"\0")
        return h.hexdigest().encode()

    def file(self, fw_dir: Path) -> Path:
        where = hashlib.sha256(str(fw_dir.resolve()).encode()).hexdigest()[:12]
        return self.folder / f"framework-{fw_dir.name}-{where}.pickle"

    def get(self, fw_dir: Path) -> Framework | None:
        try:
            file = self.file(fw_dir)
            if hasattr(os, "getuid") and file.stat().st_uid != os.getuid():
                return None  # only our own pickles are read
            data = file.read_bytes()
            digest, _, body = data.partition(b"\n")
            if digest != self.digest(fw_dir):
                return None
            framework = pickle.loads(body)
        except Exception:
            return None
        return framework if isinstance(framework, Framework) else None

    def put(self, fw_dir: Path, framework: Framework) -> None:
        try:
            self.folder.mkdir(mode=0o700, parents=True, exist_ok=True)
            data = self.digest(fw_dir) + b"\n" + pickle.dumps(framework, protocol=pickle.HIGHEST_PROTOCOL)
            fd, tmp = tempfile.mkstemp(dir=self.folder, prefix=".framework-")
            with os.fdopen(fd, "wb") as fh:
                fh.write(data)
            os.replace(tmp, self.file(fw_dir))
        except Exception:
            pass  # no cache: the next start loads the framework as usual

    def prime(self, store: Store, iid: str) -> Callable[[], None]:
        """Give `store` the inspection's framework from the cache if it holds a current copy.
        Returns what to run later (off the UI thread) to keep a copy if it did not."""
        fw_dir = self.framework_dir(store, iid)
        if fw_dir is None:
            return lambda: None
        cached = self.get(fw_dir)
        if cached is not None and cached.id == fw_dir.name:
            store._frameworks.setdefault(cached.id, cached)  # the store's own once-per-store cache
            return lambda: None
        return lambda: self.put(fw_dir, store.framework(fw_dir.name))


class Beneath(Screen[None]):
    """Stands in for a screen beneath the one on top, unbuilt (nothing composed or styled) until
    it would first show: then it builds the real screen and takes its place in the stack."""

    def __init__(self, build: Callable[[], Screen], name: str):
        super().__init__(name=name)
        self.build = build
        self.real: Screen | None = None
        self.then: list[Callable[[Screen], None]] = []  # run on the real screen once built

    def on_screen_resume(self) -> None:
        self.become()

    def become(self) -> Screen | None:
        """Build the real screen and switch to it, if this one is on top (else later)."""
        if self.real is None and self.app.screen is self:
            try:
                self.real = self.build()
            except StoreError as exc:
                self.notify(str(exc), severity="error", timeout=10)
                self.app.pop_screen()
                return None
            self.app.switch_screen(self.real)
        if self.real is not None:
            while self.then:
                self.then.pop(0)(self.real)
        return self.real


class CasemarkApp(App[int]):
    """Marks the cases of inspections kept in `store`'s data folder."""

    CSS_PATH = "casemark.tcss"
    TITLE = "casemark"
    ENABLE_COMMAND_PALETTE = True
    BINDINGS = [
        Binding("question_mark", "help", "Help", key_display="?", id="help"),
        Binding("ctrl+p", "command_palette", "Commands", key_display="^p", id="command-palette", show=False),
        Binding("ctrl+q", "quit", "Quit", id="quit-app", show=False, priority=True),
    ]

    def __init__(
        self,
        store: Store,
        *,
        inspection: str | None = None,
        case: str | None = None,
        inspector: str | None = None,
    ):
        super().__init__()
        self.store = store
        self.start_inspection = inspection
        self.start_case = case
        self.inspector = inspector or this_user()

    def on_mount(self) -> None:
        if self.start_inspection and self.start_case and self.open_case_first(self.start_inspection, self.start_case):
            return
        from .screens.inspections import InspectionsScreen

        top = InspectionsScreen(self.store)
        self.push_screen(top)
        if self.start_inspection:
            top.open(self.start_inspection, then_case=self.start_case)

    # -- opened at a case --------------------------------------------------------------------

    def open_case_first(self, iid: str, cid: str) -> bool:
        """Mark case `cid` of `iid` at once: read the inspection, the framework and the one case,
        lock it, push the marking screen over stand-ins for the inspections and the inspection,
        and read the other cases after the first paint. False (nothing pushed) if any of it
        fails: the caller then opens the usual way, which reports the problem where it lies."""
        from .screens.case import CaseScreen

        store = self.store
        keep_framework = FrameworkCache().prime(store, iid)
        try:
            inspection = store.load_inspection(iid)
            framework = store.framework(inspection.framework, store.inspection_path(iid))
            case = store.load_case(iid, cid)
        except StoreError:
            return False
        questionnaire = framework.questionnaires.get(case.questionnaire)
        if questionnaire is None or questionnaire.kind != "case":
            return False
        holder, lock = "", None
        try:
            lock = store.lock_case(iid, cid, user=self.inspector)
        except LockedError as exc:
            holder = exc.holder.describe()
        except StoreError:
            return False
        if lock is not None and lock.message:
            self.notify(lock.message, timeout=6)
        if holder:
            self.notify(f"{cid} is being marked by {holder}: opened read-only.", severity="warning", timeout=8)
        live = LiveRatings(framework, inspection, read=lambda: store.load_cases(iid))
        live.case_changed(case)
        screen = CaseScreen(framework, CaseSheet(store, inspection, case, questionnaire), live, holder=holder)
        screen.lock = lock
        self.push_screen(Beneath(self._inspections_screen, name="inspections"))
        beneath = Beneath(lambda: self._inspection_screen(iid), name=f"inspection {iid}")
        self.push_screen(beneath)
        self.push_screen(screen, lambda next_case: self._first_case_closed(beneath, next_case))
        self.call_after_refresh(self.read_cases, live, keep_framework)
        return True

    def _inspections_screen(self) -> Screen:
        from .screens.inspections import InspectionsScreen

        return InspectionsScreen(self.store)

    def _inspection_screen(self, iid: str) -> Screen:
        from .screens.inspection import InspectionScreen

        return InspectionScreen(self.store, iid)

    def _first_case_closed(self, beneath: Beneath, next_case: str | None) -> None:
        """The case opened first is closed: show the inspection, and open `next_case` from it
        (a case chosen in the ratings view)."""
        if next_case:
            beneath.then.append(lambda real: real.open_case(next_case))  # type: ignore[attr-defined]
        beneath.become()

    @work(thread=True, group="cases", exit_on_error=False)
    def read_cases(self, live: LiveRatings, then: Callable[[], None] = lambda: None) -> None:
        """Read the inspection's cases off the UI thread, then show their ratings (and run `then`)."""
        problem = ""
        try:
            live.load()
        except (StoreError, OSError) as exc:
            problem = f"The inspection's cases could not be read: {exc}"
        finally:
            try:
                self.call_from_thread(self.show_ratings, live, problem)
            except RuntimeError:
                pass  # the app has closed meanwhile
        then()

    def show_ratings(self, live: LiveRatings, problem: str = "") -> None:
        """Give `live`'s ratings to every screen marking with it (the sidebar follows)."""
        if problem:
            self.notify(problem, severity="error", timeout=10)
        for screen in self.screen_stack:
            if getattr(screen, "live", None) is live and hasattr(screen, "ratings"):
                screen.ratings = live.ratings()  # type: ignore[attr-defined]

    # -- everywhere ------------------------------------------------------------------------

    def action_help(self) -> None:
        from .screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(self.screen))

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        """The palette offers every key of the screen (and the app's) as a command, by its description."""
        from .screens.help import _own

        seen: set[str] = set()
        for node in (screen, self):
            for binding in _own(node):
                if binding.action in seen or binding.action == "command_palette" or not binding.description:
                    continue
                seen.add(binding.action)
                keys = ", ".join(k.strip() for k in binding.key.split(","))
                yield SystemCommand(
                    binding.description,
                    f"key: {binding.key_display or keys}",
                    lambda node=node, action=binding.action: self.run_action(action, node),
                )
        yield from super().get_system_commands(screen)
