"""Command palette providers that know the screen: jump to any question by id or by words, open any case by id."""

from __future__ import annotations

from functools import partial
from typing import Any

from rich.markup import escape
from textual.command import DiscoveryHit, Hit, Hits, Provider

from .widgets.inline import plain


class QuestionJump(Provider):
    """On a marking screen: every question, found by its id (`2.1.1` ranks first) or its words."""

    def _questions(self) -> list[tuple[str, str, Any]]:
        screen = self.screen
        questionnaire = getattr(screen, "questionnaire", None)
        goto = getattr(screen, "goto", None)
        if questionnaire is None or goto is None:
            return []
        return [(q.id, f"{q.id} {plain(q.text)}", partial(goto, q.id)) for q in questionnaire.questions()]

    async def discover(self) -> Hits:
        screen = self.screen
        questionnaire = getattr(screen, "questionnaire", None)
        if questionnaire is None:
            return
        for question in questionnaire.judgements().values():
            yield DiscoveryHit(
                f"Jump to {question.id} {plain(question.text)}",
                partial(screen.goto, question.id),  # type: ignore[attr-defined]
                help="a key-question judgement",
            )

    async def search(self, query: str) -> Hits:
        wanted = query.strip().casefold()
        if not wanted:
            return
        matcher = self.matcher(query)
        for qid, label, jump in self._questions():
            # the fuzzy matcher's scores are unbounded: an exact id, then an id prefix, rank above any
            if qid.casefold() == wanted:
                score = 2e6
            elif qid.casefold().startswith(wanted):
                score = 1e6 - len(qid)
            else:
                score = matcher.match(label)
            if score > 0:
                yield Hit(score, matcher.highlight(f"Jump to {label}"), jump, text=label, help="question")


class CaseJump(Provider):
    """On the inspection screen and the inspections list: every case, found by its id (`C11`
    ranks first) or by its inspector or status; choosing one opens it for marking."""

    async def startup(self) -> None:
        jumps = getattr(self.screen, "case_jumps", None)
        self.jumps: list[tuple[str, str, Any]] = jumps() if jumps is not None else []

    async def search(self, query: str) -> Hits:
        wanted = query.strip().casefold()
        if not wanted:
            return
        matcher = self.matcher(query)
        for cid, label, jump in self.jumps:
            if cid.casefold() == wanted:
                score = 2e6
            elif cid.casefold().startswith(wanted):
                score = 1e6 - len(cid)
            else:
                score = matcher.match(label)
            if score > 0:
                # an inspector's name is never markup: escaped before the highlight parses it
                yield Hit(score, matcher.highlight(escape(f"Open case {label}")), jump, text=label, help="case")
