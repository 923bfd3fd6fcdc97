"""What the inspection screen does to one case of its list: create one, second-mark one (a blind
copy), exclude one or bring it back. Mixed into `InspectionScreen`, whose state it changes: every
change goes through the store at once, then into the screen's LiveRatings and down to the table."""

from __future__ import annotations

from typing import Any

from casemark.engine.agreement import can_second_mark, second_mark
from casemark.engine.store import StoreError

from .modals import MessageModal, NewCaseModal, ReasonModal, SecondMarkModal


class CaseActions:
    """`c` new case, `m` second-mark, `x` exclude or include: for a Screen with `store`, `live`,
    `iid`, `inspector`, `questionnaires`, `highlighted()`, `all_read()`, `show_cases()` and `open_case()`."""

    def action_new_case(self) -> None:
        if not self.questionnaires:
            self.notify(f"{self.framework.id} has no case questionnaire.", severity="error")
            return
        try:
            taken = self.store.case_ids(self.iid)
        except StoreError as exc:
            self.notify(str(exc), severity="error", timeout=10)
            return
        qns = [(q.id, q.title) for q in self.questionnaires.values()]
        modal = NewCaseModal(qns, taken, self.inspector, self.inspection.inspectors, create=self._create)
        self.app.push_screen(modal, self._case_created)

    def _create(self, values: dict[str, Any]) -> Any:
        """In the dialog, on OK: a StoreError (the id clashes) keeps the dialog open, saying it."""
        return self.store.create_case(self.iid, values["case_id"], values["questionnaire"], values["inspector"])

    def _case_created(self, case: Any) -> None:
        if not case:
            return
        self.live.case_changed(case)
        self.show_cases()
        self.open_case(case.case_id)

    def action_second_mark(self) -> None:
        """Second-mark the highlighted case: a blind copy for a second inspector, opened for marking."""
        cid = self.highlighted()
        if cid is None or not self.all_read():
            return
        case = self.live.cases[cid]
        refused = can_second_mark(case, self.live.cases)
        if refused:
            self.app.push_screen(MessageModal(f"{cid} is not second-marked", refused + "."))
            return
        modal = SecondMarkModal(cid, case.inspector, self.inspector, self.inspection.inspectors)
        self.app.push_screen(modal, lambda values: values and self._second_mark(cid, values["inspector"]))

    def _second_mark(self, cid: str, inspector: str) -> None:
        try:
            created = second_mark(self.store, self.iid, cid, inspector)
        except (StoreError, ValueError) as exc:  # the engine's refusals: same inspector, exists, ...
            self.app.push_screen(MessageModal(f"{cid} is not second-marked", str(exc)))
            return
        self.live.case_changed(created)
        self.show_cases()
        self.notify(f"{created.case_id}: a blind second marking of {cid} by {inspector}, not counted in the ratings.", timeout=6)
        self.open_case(created.case_id)

    def action_exclude(self) -> None:
        cid = self.highlighted()
        if cid is None:
            return
        case = self.live.cases[cid]
        if case.excluded:
            from .confirm import ConfirmModal

            question = f"Bring {cid} back into the sample? It was excluded because: {case.exclusion_reason or '(no reason given)'}"
            self.app.push_screen(
                ConfirmModal(f"Include {cid}", question, yes="Bring it back", no="Keep it excluded"),
                lambda yes: yes and self._set_status(cid, "in-progress", ""),
            )
            return
        modal = ReasonModal(f"Exclude {cid}", "Why is this case excluded from the sample?", case.exclusion_reason)
        self.app.push_screen(modal, lambda values: values and self._set_status(cid, "excluded", values["reason"]))

    def _set_status(self, cid: str, status: str, reason: str) -> None:
        try:
            case = self.store.load_case(self.iid, cid)
            self.store.set_status(self.iid, case, status, reason)
        except StoreError as exc:
            self.notify(str(exc), severity="error", timeout=10)
            return
        self.live.case_changed(case)
        self.show_cases()
        self.notify(f"{cid} is now {status}." + (f" Reason: {reason}" if reason else ""))

