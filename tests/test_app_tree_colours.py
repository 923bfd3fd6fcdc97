"""The question tree's colours follow the theme: unanswered and hidden questions are muted, never the
pure white the partial component style gave them (white on light grey in textual-light)."""

from __future__ import annotations

import pytest
from test_app_kit import IID, make_store

from casemark.tui.app import CasemarkApp
from casemark.tui.widgets.question_tree import QuestionTree

WHITE = (255, 255, 255)


def luminance(rgb: tuple[int, int, int]) -> float:
    def channel(c: int) -> float:
        c = c / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = map(channel, rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: tuple[int, int, int], b: tuple[int, int, int]) -> float:
    hi, lo = sorted((luminance(a), luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def symbol_colours(tree: QuestionTree) -> dict[str, list[tuple[tuple[int, int, int], tuple[int, int, int]]]]:
    """For each state symbol on screen (●, ○, ⊘, !), the (colour, background) it is drawn in."""
    seen: dict[str, list] = {}
    for y in range(tree.scrollable_content_region.height):
        for segment in tree.render_line(y):
            head = segment.text.lstrip()[:1]
            if head in "●○⊘!" and head and segment.style and segment.style.color:
                background = segment.style.bgcolor.get_truecolor() if segment.style.bgcolor else None
                seen.setdefault(head, []).append((tuple(segment.style.color.get_truecolor()), background))
    return seen


@pytest.mark.parametrize("theme", ["textual-light", "textual-dark"])
async def test_unanswered_and_hidden_questions_are_muted_not_white(tmp_path, theme) -> None:
    store = make_store(tmp_path, {"C-01": {"I2.1": "YJ-0001", "2.1.1a": "yes"}})
    app = CasemarkApp(store, inspection=IID, case="C-01", inspector="ann")
    async with app.run_test(size=(100, 30)) as pilot:
        app.theme = theme
        await pilot.pause()
        await pilot.pause()
        tree = app.screen.query_one(QuestionTree)
        colours = symbol_colours(tree)
        background = tree.styles.background.rgb
        assert "○" in colours and "●" in colours, colours.keys()
        for symbol in ("○", "⊘"):
            for colour, bg in colours.get(symbol, []):
                assert colour != WHITE, f"{symbol} drawn in pure white in {theme}"
                assert contrast(colour, bg or background) >= 2.0, f"{symbol} {colour} barely shows on {bg or background} in {theme}"
        unanswered = {c for c, _ in colours["○"]}
        answered = {c for c, _ in colours["●"]}
        assert unanswered.isdisjoint(answered)  # the two states look different


async def test_the_tree_recolours_when_the_theme_changes(tmp_path) -> None:
    store = make_store(tmp_path, {"C-01": {"I2.1": "YJ-0001"}})
    app = CasemarkApp(store, inspection=IID, case="C-01", inspector="ann")
    async with app.run_test(size=(100, 30)) as pilot:
        app.theme = "textual-dark"
        await pilot.pause()
        await pilot.pause()
        tree = app.screen.query_one(QuestionTree)
        dark = {c for c, _ in symbol_colours(tree)["○"]}
        app.theme = "textual-light"
        await pilot.pause()
        await pilot.pause()
        light = {c for c, _ in symbol_colours(tree)["○"]}
        assert dark and light and dark.isdisjoint(light)
        assert all(luminance(c) < luminance(tree.styles.background.rgb) for c in light)  # darker than the light page
