"""The command palette: providers that know the screen (jump to any question by id or by words,
open any case by id), and every key of the screen and the app offered as a command."""

from __future__ import annotations

from functools import partial
from typing import Any, Iterable, Iterator

from rich.markup import escape
from textual.app import App, SystemCommand
from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.fuzzy import Matcher
from textual.screen import Screen

from .widgets.inline import plain


def hits(matcher: Matcher, query: str, targets: Iterable[tuple[str, str, Any]], verb: str, kind: str) -> Iterator[Hit]:
    """The palette's hits among `targets` (id, label, what choosing it does): an exact id ranks
    first, then an id it begins, then the fuzzy matcher's score on the label (whose scores are
    unbounded, so below those). A label from a file (a question's words, an inspector's name) is
    never markup: escaped before the highlight parses it."""
    wanted = query.strip().casefold()
    if not wanted:
        return
    for key, label, then in targets:
        if key.casefold() == wanted:
            score = 2e6
        elif key.casefold().startswith(wanted):
            score = 1e6 - len(key)
        else:
            score = matcher.match(label)
        if score > 0:
            yield Hit(score, matcher.highlight(escape(f"{verb} {label}")), then, text=label, help=kind)


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
        for hit in hits(self.matcher(query), query, self._questions(), "Jump to", "question"):
            yield hit


class CaseJump(Provider):
    """On the inspection screen and the inspections list: every case, found by its id (`C11`
    ranks first) or by its inspector or status; choosing one opens it for marking."""

    async def startup(self) -> None:
        jumps = getattr(self.screen, "case_jumps", None)
        self.jumps: list[tuple[str, str, Any]] = jumps() if jumps is not None else []

    async def search(self, query: str) -> Hits:
        for hit in hits(self.matcher(query), query, self.jumps, "Open case", "case"):
            yield hit


def key_commands(app: App, screen: Screen) -> Iterator[SystemCommand]:
    """Every key of `screen` (then of `app`) as a command, by its description: choosing one runs
    its action where the key would."""
    from .screens.help import _own

    seen: set[str] = set()
    for node in (screen, app):
        for binding in _own(node):
            if binding.action in seen or binding.action == "command_palette" or not binding.description:
                continue
            seen.add(binding.action)
            keys = ", ".join(k.strip() for k in binding.key.split(","))
            yield SystemCommand(
                binding.description,
                f"key: {binding.key_display or keys}",
                lambda node=node, action=binding.action: app.run_action(action, node),
            )
