"""The questionnaire as a tree: sections -> key questions -> questions, each showing its state."""

from __future__ import annotations

from typing import Any

from rich.style import Style
from rich.text import Text
from textual.reactive import reactive
from textual.widgets import Tree
from textual.widgets.tree import TreeNode

from casemark.framework import Question, Questionnaire

from ..messages import QuestionChosen
from .inline import plain
from .question_state import HIDDEN, SYMBOLS, question_state, short_answer


ANSWER_WIDTH = 14  # an answer's characters in a label of the narrowest tree
LABEL_ROOM = 14  # the rest of a label: guides, state, the id (`I2.4a`), spaces


class QuestionTree(Tree[str], can_focus=False):
    """Every question of the questionnaire; a node's data is its question id (None for headings)."""

    HELP = """\
## Questions

Sections, then key questions, then their questions. Each question shows its state:
`●` answered, `○` unanswered, `!` required and missing, `⊘` hidden by a condition on an
earlier answer (its answer, if any, is kept); `⚠` before the id: a soft check warns on it.
Click a question to open it.
"""

    COMPONENT_CLASSES = {
        "question-tree--answered",
        "question-tree--unanswered",
        "question-tree--missing",
        "question-tree--hidden",
        "question-tree--info",
        "question-tree--heading",
        "question-tree--warning",
    }

    current: reactive[str] = reactive("", init=False)
    answers: reactive[dict[str, Any]] = reactive(dict, init=False, always_update=True)
    warnings: reactive[frozenset[str]] = reactive(frozenset, init=False)  # questions with a soft check

    def __init__(self, questionnaire: Questionnaire, **kwargs: Any) -> None:
        super().__init__(questionnaire.title, **kwargs)
        self.questionnaire = questionnaire
        self._question_nodes: dict[str, TreeNode[str]] = {}
        self._question_labels: dict[str, Text] = {}
        self._dependents: dict[str, set[str]] = {}  # question id -> questions whose show_if reads it
        for q in questionnaire.questions():
            if q.show_if is not None:
                for ref in q.show_if.questions():
                    self._dependents.setdefault(ref, set()).add(q.id)
        self._answer_width = ANSWER_WIDTH  # characters of an answer in a label: grows with the tree
        self.show_root = False
        self.guide_depth = 2
        self._add_questions()

    def _add_questions(self) -> None:
        for section in self.questionnaire.sections:
            snode = self.root.add(section.title or section.id, expand=True)
            for group in section.groups:
                parent = snode
                if group.title and group.title != section.title:
                    parent = snode.add(group.title, expand=True)
                for q in group.questions:
                    self._question_nodes[q.id] = parent.add_leaf(q.id, data=q.id)

    def on_mount(self) -> None:
        self._relabel()
        self.app.theme_changed_signal.subscribe(self, self._theme_changed)

    def _label(self, q: Question, answers: dict[str, Any], styles: dict[str, Any]) -> Text:
        state = question_state(q, answers)
        style = styles[state]
        label = Text(f"{SYMBOLS[state]} ", style=style)
        if q.id in self.warnings:  # before the id: a narrow tree cuts the end of the label
            label.append("⚠ ", style=styles["warning"])
        label.append(q.id, style=style if state == HIDDEN else "")
        answer = short_answer(q, answers.get(q.id), self._answer_width)
        if answer:
            label.append(f" {answer}", style=style)
        elif state != HIDDEN:
            label.append(f" {plain(q.text)}", style=styles["heading"])
        return label

    def on_resize(self) -> None:
        """A wider tree shows more of each answer (`I1.1 Anytown Youth Justice Service`)."""
        width = max(ANSWER_WIDTH, self.size.width - LABEL_ROOM)
        if width != self._answer_width and self.is_mounted:
            self._answer_width = width
            self._restyle()

    def _relabel(self, only: set[str] | None = None) -> None:
        """Relabel the questions whose label changed: all, or those in `only`."""
        answers = self.answers
        names = ("answered", "unanswered", "missing", "hidden", "info", "heading", "warning")
        styles = {n: self._state_style(f"question-tree--{n}") for n in names}
        for q in self.questionnaire.questions():
            if only is not None and q.id not in only:
                continue
            label = self._label(q, answers, styles)
            if self._question_labels.get(q.id) != label:
                self._question_labels[q.id] = label
                self._question_nodes[q.id].set_label(label)

    def _state_style(self, component: str) -> Style:
        """A component's colour and text style, without its background (the cursor's shows through).
        The partial style alone would drop a colour such as $text-muted (`auto 60%`): it is resolved
        against the background only in the full style, so the colour is taken from there."""
        partial = self.get_component_rich_style(component, partial=True)
        full = self.get_component_rich_style(component)
        return partial + Style(color=full.color)

    def _theme_changed(self, _theme: object) -> None:
        """Another theme: the labels' colours come from it, so every label is built again (once the
        new theme's CSS has been applied)."""
        self.call_after_refresh(self._restyle)

    def _restyle(self) -> None:
        self._question_labels.clear()
        self._relabel()

    def watch_answers(self, old: dict[str, Any], new: dict[str, Any]) -> None:
        """Relabel the questions answered differently, and those whose condition reads them."""
        if not self.is_mounted:
            return
        changed = {k for k in old.keys() | new.keys() if old.get(k) != new.get(k)}
        touched = set(changed)
        for qid in changed:
            touched.update(self._dependents.get(qid, ()))
        self._relabel(touched)

    def watch_warnings(self, old: frozenset[str], new: frozenset[str]) -> None:
        if self.is_mounted:
            self._relabel(set(old ^ new))

    def watch_current(self, qid: str) -> None:
        node = self._question_nodes.get(qid)
        if node is not None:
            self.move_cursor(node)
            self.call_after_refresh(self._centre, node)

    def _centre(self, node: TreeNode[str]) -> None:
        """Keep the current question near the middle, with its neighbours in view."""
        if node.line >= 0:
            self.scroll_to(y=max(0, node.line - self.scrollable_content_region.height // 2), animate=False)

    def on_tree_node_selected(self, event: Tree.NodeSelected[str]) -> None:
        event.stop()
        if event.node.data:
            self.post_message(QuestionChosen(event.node.data))

    def on_tree_node_highlighted(self, event: Tree.NodeHighlighted[str]) -> None:
        event.stop()
