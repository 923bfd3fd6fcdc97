"""Pilot tests of quality assurance on the inspection screen: second marking (blind, opened for
marking, its refusals), the judgement columns at 80 columns and wider and after a resize, the
ratings view to a blind second marker, `Ctrl+R`, and each inspector's figures. The soft checks
on the marking screen: test_app_qa_checks.py."""

from __future__ import annotations

from test_app_kit import notices_text, screen_text, text_of
from test_app_qa_checks import DEMO, demo, demo_case  # noqa: F401 (demo: the fixture)

from casemark.engine.store import Store
from casemark.tui.app import CasemarkApp
from casemark.tui.screens.case import CaseScreen
from casemark.tui.screens.inspection import InspectionScreen
from casemark.tui.screens.modals import MessageModal, SecondMarkModal
from casemark.tui.widgets.sidebar import Sidebar


async def press_for(pilot, key: str, screen_type: type):
    """Once the app has settled, press `key` on the screen shown; the screen it opens (of `screen_type`)."""
    await pilot.pause()
    await pilot.press(key)
    await pilot.pause()
    assert isinstance(pilot.app.screen, screen_type), pilot.app.screen
    return pilot.app.screen


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
        app.screen.files = None  # the poll stopped: it must not see the changes first (ctrl+r starts it again)
        other = Store(demo.root)  # another inspector, or `casemark new case` in another terminal
        other.create_case(DEMO, "C11", "court", inspector="Ben Lewis")
        other.set_status(DEMO, other.load_case(DEMO, "C09"), "excluded", reason="Transferred out")
        await pilot.press("ctrl+r")
        await pilot.pause()
        table = app.screen.query_one("#cases")
        assert table.get_row("C11")[:4] == ["C11", "court", "in-progress", "Ben Lewis"]
        assert table.get_row("C09")[2] == "excluded"
        assert "Reloaded 20 cases: 1 new (C11); 1 changed (C09)" in notices_text(app)
        await pilot.press("ctrl+r")
        await pilot.pause()
        assert "Reloaded 20 cases: nothing changed on disk" in notices_text(app)


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
