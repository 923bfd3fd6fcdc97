"""Pilot tests of quality assurance in the app: soft checks beside the question (acknowledged with a
note, withdrawn), second marking from the inspection screen, and the inspection screen's judgement
columns at 80 columns."""

from __future__ import annotations

import shutil
import tomllib
from pathlib import Path

import pytest
from test_app_kit import IID, case_file, make_store, screen_text, text_of

from casemark.engine.store import Store
from casemark.tui.app import CasemarkApp
from casemark.tui.screens.case import CaseScreen
from casemark.tui.screens.inspection import InspectionScreen
from casemark.tui.screens.modals import AcknowledgeModal, MessageModal, SecondMarkModal
from casemark.tui.widgets.question_tree import QuestionTree
from casemark.tui.widgets.sidebar import Sidebar

REPO = Path(__file__).resolve().parent.parent
DEMO = "demo-anytown"
# C-01: prompts a and b of 2.1.1 answered No; the judgement is still to come
AGAINST = {"I2.3": "no", "A2.4": "low", "2.1.1a": "no", "2.1.1b": "no"}


@pytest.fixture
def demo(tmp_path) -> Store:
    """A copy of the shipped demo inspection, in its own data folder."""
    shutil.copytree(REPO / "saved" / DEMO, tmp_path / "data" / DEMO)
    return Store(tmp_path / "data")


def demo_case(store: Store, cid: str) -> dict:
    return tomllib.loads(store.case_path(DEMO, cid).read_text())


def notices(app) -> str:
    """Every notification the app has shown (toasts), one per line."""
    return "\n".join(n.message for n in app._notifications)


async def press_for(pilot, key: str, screen_type: type):
    """Once the app has settled, press `key` on the screen shown; the screen it opens (of `screen_type`)."""
    await pilot.pause()
    await pilot.press(key)
    await pilot.pause()
    assert isinstance(pilot.app.screen, screen_type), pilot.app.screen
    return pilot.app.screen


def checks_text(screen: CaseScreen) -> str:
    widget = screen.query_one("#q-checks")
    return text_of(widget) if widget.display else ""


# -- soft checks beside the question ---------------------------------------------------------


async def test_a_judgement_against_its_prompts_warns_at_once_and_never_blocks(tmp_path):
    store = make_store(tmp_path, {"C-01": AGAINST})
    app = CasemarkApp(store, inspection=IID, case="C-01")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, CaseScreen)
        screen.goto("2.1.1")
        await pilot.pause()
        assert checks_text(screen) == ""  # not judged yet: nothing to warn about
        await pilot.press("y")
        await pilot.pause()
        assert case_file(store, "C-01")["answers"]["2.1.1"] == "yes"  # saved all the same
        assert screen.current == "2.1.1.reasons"  # moved on, and the judgement's warning travels with it
        shown = checks_text(screen)
        assert "2.1.1: judged Yes, but 2 of the 2 answered prompts are No" in shown
        assert "no reasons are recorded" not in shown  # just arrived at the reasons box: not yet (issue 13)
        tree = screen.query_one(QuestionTree)
        assert "● ⚠ 2.1.1 Yes" in str(tree._question_labels["2.1.1"])
        assert "⚠ 1 warning" in text_of(screen.query_one("#case-title"))
        screen.goto("2.1.1b")  # answering a prompt Yes... still 1 of 2: a tie is not "most"
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        assert "⚠" not in str(tree._question_labels["2.1.1"])
        screen.goto("2.1.1")
        await pilot.pause()
        assert "judged Yes" not in checks_text(screen)


async def test_acknowledge_with_a_note_then_withdraw_it(tmp_path):
    store = make_store(tmp_path, {"C-01": {**AGAINST, "2.1.1": "yes"}})
    app = CasemarkApp(store, inspection=IID, case="C-01")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        screen = app.screen
        screen.goto("2.1.1")
        await pilot.pause()
        await pilot.press("w")
        await pilot.pause()
        assert isinstance(app.screen, AcknowledgeModal)
        assert "judged Yes, but 2 of the 2 answered prompts are No" in screen_text(app)
        await pilot.press("enter")  # an empty note is refused
        await pilot.pause()
        assert isinstance(app.screen, AcknowledgeModal)
        assert "Write a note" in screen_text(app)
        await pilot.press(*"Prompts miss the victim work", "enter")
        await pilot.pause()
        assert app.screen is screen
        on_disk = case_file(store, "C-01")
        assert on_disk["acknowledged"] == {"against-prompts:2.1.1": "Prompts miss the victim work"}
        assert on_disk["answers"]["2.1.1"] == "yes"
        shown = checks_text(screen)
        assert "✓ acknowledged judged Yes" in shown and "note: Prompts miss the victim work" in shown
        assert "⚠" not in str(screen.query_one(QuestionTree)._question_labels["2.1.1"])
        await pilot.press("w")  # again: the note to edit, and a Withdraw button
        await pilot.pause()
        assert isinstance(app.screen, AcknowledgeModal)
        await pilot.click("#withdraw")
        await pilot.pause()
        assert "acknowledged" not in case_file(store, "C-01")
        assert "⚠" in checks_text(screen) and "judged Yes" in checks_text(screen)


async def test_w_with_no_warning_here_says_so_and_writes_nothing(tmp_path):
    store = make_store(tmp_path, {"C-01": AGAINST})
    app = CasemarkApp(store, inspection=IID, case="C-01")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        screen = app.screen
        screen.goto("I2.1")
        await pilot.pause()
        before = store.case_path(IID, "C-01").read_bytes()
        await pilot.press("w")
        await pilot.pause()
        assert app.screen is screen
        assert "No soft check warns on I2.1: nothing to acknowledge." in notices(app)
        assert store.case_path(IID, "C-01").read_bytes() == before


async def test_an_acknowledgement_is_merged_when_the_file_changed_on_disk(tmp_path):
    store = make_store(tmp_path, {"C-01": {**AGAINST, "2.1.1": "yes"}})
    app = CasemarkApp(store, inspection=IID, case="C-01")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        screen = app.screen
        screen.goto("2.1.1")
        await pilot.pause()
        other = store.load_case(IID, "C-01")  # someone else writes the file meanwhile
        other.answers["I2.1"] = "YJ-0042"
        store.save_case(IID, other)
        await pilot.press("w", *"It does not apply", "enter")
        await pilot.pause()
        assert "Changed on disk" not in screen_text(app)  # merged: the acknowledgement and their answer
        on_disk = case_file(store, "C-01")
        assert on_disk["acknowledged"] == {"against-prompts:2.1.1": "It does not apply"}
        assert on_disk["answers"]["I2.1"] == "YJ-0042"


async def test_demo_warning_shows_acknowledges_and_lands_in_the_file(demo):
    app = CasemarkApp(demo, inspection=DEMO, case="C02")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = app.screen
        screen.goto("2.4.1")
        await pilot.pause()
        assert "judged No, but 3 of the 5 answered prompts are Yes" in checks_text(screen)
        assert "w acknowledges it with a note" in checks_text(screen)
        shown = screen_text(app)  # at 80x24: in view, beside the question, and marked in the tree
        assert "⚠ judged No, but 3 of the 5" in shown and "● ⚠ 2.4.1 No" in shown
        assert "⚠ 1 warning" in shown
        await pilot.press("w", *"Reviews were late", "enter")
        await pilot.pause()
        assert demo_case(demo, "C02")["acknowledged"] == {"against-prompts:2.4.1": "Reviews were late"}
        assert "✓ acknowledged judged No" in checks_text(screen) and "w edits or withdraws the note" in checks_text(screen)
        assert "warning" not in text_of(screen.query_one("#case-title"))


# -- second marking from the inspection screen ----------------------------------------------


async def highlight(pilot, cid: str) -> None:
    table = pilot.app.screen.query_one("#cases")
    table.move_cursor(row=table.get_row_index(cid))
    await pilot.pause()


async def test_m_second_marks_blind_and_opens_it_for_marking(demo):
    app = CasemarkApp(demo, inspection=DEMO, inspector="Dee Patel")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await highlight(pilot, "C05")
        await pilot.press("m")
        await pilot.pause()
        assert isinstance(app.screen, SecondMarkModal)
        assert "blind copy of C05 (marked by Ben Lewis)" in screen_text(app)
        field = app.screen.query_one("#second-marker")  # offered: the inspection's first inspector but Ben
        assert field.value == "Ada Okafor"
        field.value = "Dee Patel"  # not one of the inspection's: may be typed
        await pilot.press("enter")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, CaseScreen) and screen.sheet.id == "C05--2"
        on_disk = demo_case(demo, "C05--2")
        first = demo_case(demo, "C05")
        assert on_disk["second_mark_of"] == "C05" and on_disk["inspector"] == "Dee Patel"
        assert "2.1.1" in first["answers"] and "2.1.1" not in on_disk["answers"]  # blind: no judgements
        assert on_disk["answers"]["I2.1"] == first["answers"]["I2.1"]  # the case details are kept
        title = text_of(screen.query_one("#case-title"))
        assert "2nd marking of C05, not rated" in title
        note = text_of(screen.query_one(Sidebar).query_one("#second-mark-note"))
        assert "Second marking of C05: not counted in the ratings" in note
        overall = app.screen_stack[-2].live.ratings().overall
        await pilot.press("escape")
        await pilot.pause()
        table = app.screen.query_one("#cases")
        row = table.get_row("C05--2")
        assert row[:5] == ["C05--2", "court", row[2], "Dee Patel", "C05"] and row[2].startswith("18/90")  # progress in Status at 80 columns
        assert table.get_row("C05")[4] == ""
        assert app.screen.live.ratings().overall == overall  # not counted
        # blind: C05's judgements are hidden from Dee, and C05 does not open, until C05--2 is complete
        assert [cell.strip(" -") for cell in table.get_row("C05")[5:]] == ["", "", "", ""]
        assert any("-" in cell for cell in table.get_row("C05")[5:])
        assert any(ch in "✓✗" for cell in table.get_row("C04")[5:] for ch in cell)
        assert "- hidden while you second-mark C05" in text_of(app.screen.query_one("#columns-legend"))
        await highlight(pilot, "C05")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, MessageModal) and app.screen.title_text == "C05 is hidden from you"
        assert "once you have marked C05--2 complete" in app.screen.markdown
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, InspectionScreen)


async def test_the_first_marking_shows_to_others_and_once_the_second_is_complete(demo):
    demo_store = demo
    second = demo_store.load_case(DEMO, "C03--2")  # Ben Lewis's second marking, complete
    assert second.status == "complete"
    app = CasemarkApp(demo_store, inspection=DEMO, inspector="Ben Lewis")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert any(ch in "✓✗" for cell in app.screen.query_one("#cases").get_row("C03")[5:] for ch in cell)
    demo_store.set_status(DEMO, second, "in-progress")
    app = CasemarkApp(Store(demo_store.root), inspection=DEMO, inspector="Ben Lewis")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        row = app.screen.query_one("#cases").get_row("C03")
        assert not any(ch in "✓✗" for cell in row[5:] for ch in cell)
    app = CasemarkApp(Store(demo_store.root), inspection=DEMO, inspector="Ada Okafor")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert any(ch in "✓✗" for cell in app.screen.query_one("#cases").get_row("C03")[5:] for ch in cell)


async def test_second_marking_refusals_are_clear_messages(demo):
    app = CasemarkApp(demo, inspection=DEMO, inspector="Dee Patel")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        files = sorted(p.name for p in demo.cases_dir(DEMO).iterdir())
        for cid, says in (
            ("C03", "C03 is already second-marked in C03--2"),
            ("C03--2", "C03--2 is itself a second marking of C03"),
            ("C10", "C10 is excluded from the sample"),
        ):
            await highlight(pilot, cid)
            await pilot.press("m")
            await pilot.pause()
            assert isinstance(app.screen, MessageModal), cid
            assert app.screen.title_text == f"{cid} is not second-marked" and says in app.screen.markdown
            await pilot.press("escape")
            await pilot.pause()
        await highlight(pilot, "C05")  # Ben Lewis marked it: he may not second-mark it
        await pilot.press("m")
        await pilot.pause()
        field = app.screen.query_one("#second-marker")
        field.value = "ben lewis"
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, MessageModal)
        assert "ben lewis marked case C05 first: a second marking needs another inspector" in app.screen.markdown
        assert sorted(p.name for p in demo.cases_dir(DEMO).iterdir()) == files  # nothing written


# -- the inspection screen's judgement columns -----------------------------------------------


async def test_every_case_shows_its_judgements_at_80_columns(demo):
    app = CasemarkApp(demo, inspection=DEMO)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, InspectionScreen)
        table = screen.query_one("#cases")
        headers = [str(c.label) for c in table.columns.values()]
        assert headers == ["Case", "Type", "Status", "Inspector", "2nd of", "A", "P", "I", "R"]  # progress in Status
        assert sum(c.get_render_width(table) for c in table.columns.values()) <= 80 - 2  # no sideways scroll
        c02 = demo_case(demo, "C02")["answers"]
        marks = {"yes": "✓", "no": "✗"}
        expected = "".join(marks[c02[k]] for k in ("2.4.1", "2.4.2", "2.4.3"))
        assert table.get_row("C02")[8] == expected  # Reviewing: desistance, child, others
        o03 = demo_case(demo, "O03")["answers"]
        assert table.get_row("O03")[5] == "".join(marks[o03[k]] for k in ("3.1.1", "3.1.2", "3.1.3"))
        assert table.get_row("O03")[8] == ""  # out-of-court work has no reviewing standard
        assert table.get_row("C09")[5] == "···"
        shown = screen_text(app)
        assert "A Assessment · P Planning · I Implementation and delivery · R Reviewing" in shown
        await pilot.press("question_mark")
        await pilot.pause()
        assert "Each holds one mark per theme, in order" in app.screen.text
        assert "`m` Second-mark (blind copy)" in app.screen.text


async def test_wide_screens_name_the_stages_and_one_questionnaire_may_show_key_questions(demo):
    app = CasemarkApp(demo, inspection=DEMO)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        table = app.screen.query_one("#cases")
        headers = [str(c.label) for c in table.columns.values()]
        assert headers[5:] == ["Assessment", "Planning", "Implementation", "Reviewing", "Progress"]
        assert "marks: desistance, child safety, others safety" in screen_text(app)
    app = CasemarkApp(demo, inspection=DEMO)
    async with app.run_test(size=(200, 40)) as pilot:
        await pilot.pause()
        await pilot.press("f", "f")  # out-of-court only: nine key questions fit
        await pilot.pause()
        table = app.screen.query_one("#cases")
        headers = [str(c.label) for c in table.columns.values()]
        assert headers[5:] == ["3.1.1", "3.1.2", "3.1.3", "3.2.1", "3.2.2", "3.2.3", "3.3.1", "3.3.2", "3.3.3", "Progress"]
        assert not app.screen.query_one("#columns-legend").display
        await pilot.resize_terminal(80, 24)
        await pilot.pause()
        headers = [str(c.label) for c in table.columns.values()]
        assert headers[5:] == ["A", "P", "I", "Progress"]


async def test_completing_with_optional_prompts_unanswered_warns_but_completes(tmp_path):
    required = {"I2.3": "no", "A2.4": "low", "2.1.1": "yes", "2.1.1.reasons": "Good analysis of offending.",
                "2.1.2": "yes", "2.1.2.reasons": "Safety work is well evidenced."}
    store = make_store(tmp_path, {"C-01": {**required, "2.1.1a": "yes"}})
    app = CasemarkApp(store, inspection=IID, case="C-01")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        screen = app.screen
        screen.goto("I2.1")
        await pilot.pause()
        assert not screen.warnings
        await pilot.press("c")
        await pilot.pause()
        assert case_file(store, "C-01")["status"] == "complete"  # never blocked
        assert {"2.1.1b", "2.1.1c", "2.1.2a", "2.1.2b"} <= screen.warnings and "2.1.1a" not in screen.warnings
        told = notices(app)
        assert "new soft checks (2.1.1b, 2.1.1c, 2.1.2a, 2.1.2b" in told and "⚠ marks them in the tree" in told
        screen.goto("2.1.1b")
        await pilot.pause()
        assert "the case is marked complete but prompt 2.1.1b is unanswered" in checks_text(screen)


async def test_columns_keep_their_widths_after_a_case_and_a_resize(demo):
    app = CasemarkApp(demo, inspection=DEMO)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await highlight(pilot, "C03--2")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, CaseScreen)
        await pilot.resize_terminal(80, 24)  # narrower while the case is open
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        shown = screen_text(app)
        assert " C03--2  court  complete   Ben Lewis     C03     " in shown  # nothing cut short
        assert [str(c.label) for c in app.screen.query_one("#cases").columns.values()][5:] == ["A", "P", "I", "R"]


async def test_w_is_a_key_in_help_and_the_palette_and_types_in_a_text_box(tmp_path):
    store = make_store(tmp_path, {"C-01": {**AGAINST, "2.1.1": "yes"}})
    app = CasemarkApp(store, inspection=IID, case="C-01")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        screen = app.screen
        commands = {c.title: c.help for c in app.get_system_commands(screen)}
        assert commands["Acknowledge warning"] == "key: w"
        screen.goto("2.1.1")
        await pilot.pause()
        await pilot.press("e", *"wow", "escape")  # e writes in the reasons box: w is a letter there
        await pilot.pause()
        assert app.screen is screen
        assert case_file(store, "C-01")["answers"]["2.1.1.reasons"] == "wow"
        assert "acknowledged" not in case_file(store, "C-01")
        await pilot.press("question_mark")
        await pilot.pause()
        assert "- `w` Acknowledge warning" in app.screen.text
        assert "## Soft checks" in app.screen.text  # the widget's help, shown with a warning on screen


async def test_the_ratings_view_names_no_insufficient_case_to_a_blind_second_marker(demo):
    from textual.widgets import DataTable, OptionList

    from casemark.tui.screens.ratings import RatingsScreen

    demo.set_status(DEMO, demo.load_case(DEMO, "C03--2"), "in-progress")
    for inspector, blind in (("Ben Lewis", True), ("Ada Okafor", False)):
        app = CasemarkApp(Store(demo.root), inspection=DEMO, inspector=inspector)
        async with app.run_test(size=(100, 30)) as pilot:
            screen = await press_for(pilot, "r", RatingsScreen)
            table = screen.query_one(DataTable)
            table.move_cursor(row=table.get_row_index("2.1.2"))  # C03 and C06 were insufficient
            await pilot.pause()
            explanation = text_of(screen.query_one("#ratings-explanation"))
            listed = [str(o.prompt) for o in screen.query_one("#insufficient", OptionList).options]
            assert "6 of 8 judged sufficient" in explanation
            if blind:
                assert "C03" not in explanation and "C06" not in explanation
                assert listed == ["not named while you second-mark C03"]
            else:
                assert "Insufficient: C03, C06" in explanation
                assert listed == ["C03", "C06"]


async def test_ctrl_r_reads_what_changed_on_disk_meanwhile(demo):
    app = CasemarkApp(demo, inspection=DEMO, inspector="Ada Okafor")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        table = app.screen.query_one("#cases")
        assert "C11" not in table.rows
        other = Store(demo.root)  # another inspector, or `casemark new case` in another terminal
        other.create_case(DEMO, "C11", "court", inspector="Ben Lewis")
        other.set_status(DEMO, other.load_case(DEMO, "C09"), "excluded", reason="Transferred out")
        await pilot.press("ctrl+r")
        await pilot.pause()
        table = app.screen.query_one("#cases")
        assert table.get_row("C11")[:4] == ["C11", "court", "in-progress", "Ben Lewis"]
        assert table.get_row("C09")[2] == "excluded"
        assert "Reloaded 20 cases: 1 new (C11); 1 changed (C09)" in notices(app)
        await pilot.press("ctrl+r")
        await pilot.pause()
        assert "Reloaded 20 cases: nothing changed on disk" in notices(app)


async def test_i_shows_each_inspectors_share_against_the_team(demo):
    from casemark.tui.screens.inspectors import InspectorsScreen

    app = CasemarkApp(demo, inspection=DEMO, inspector="Ada Okafor")
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await press_for(pilot, "i", InspectorsScreen)
        table = screen.query_one("#inspectors-table")
        assert [str(c.label) for c in table.ordered_columns] == ["Key question", "Team", "Ada Okafor", "Ben Lewis", "Carys Hughes"]
        # 2.1.3: the team 6 of 8 court cases sufficient; Ada's C01, C04 and C07 all sufficient
        assert table.get_row("2.1.3")[:3] == ["2.1.3", "6/8 75%", "3/3 100% (+25)"]
        assert table.row_count == 21  # 2.1.1-2.4.3 (12) and 3.1.1-3.3.3 (9)
        title = text_of(screen.query_one("#inspectors-title"))
        assert "cases marked: Ada Okafor 5, Ben Lewis 6, Carys Hughes 6" in title
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, InspectionScreen)
