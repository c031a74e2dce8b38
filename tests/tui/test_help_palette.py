"""Help from the live bindings, the command palette providers, load problems, quitting."""

from __future__ import annotations

import shutil
from pathlib import Path

from textual.command import CommandPalette
from textual.widgets import Input, Static

from papertui.tui.screens.help import HelpScreen
from papertui.tui.screens.problems import ProblemsScreen
from papertui.tui.widgets import PaperDetail, ResultList, StatusLine, TextRows

from .conftest import TINY, make_app, ready, settle


async def test_question_mark_opens_help_built_from_live_bindings() -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await ready(pilot)
        await pilot.press("question_mark")
        await settle(pilot)
        assert isinstance(app.screen, HelpScreen)
        keys = str(app.screen.query_one("#help-keys", Static).render())
        for line in ("Search", "Back", "Forward", "Sort", "filters", "Quit"):
            assert line in keys
        assert "Results" in str(app.screen.query_one("#help-pane").source)  # type: ignore[attr-defined]
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is screen


async def test_help_reflects_the_focused_pane() -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await ready(pilot)
        screen.query_one("#tags").focus()
        await pilot.pause()
        await pilot.press("question_mark")
        await settle(pilot)
        assert isinstance(app.screen, HelpScreen)
        keys = str(app.screen.query_one("#help-keys", Static).render())
        assert "Toggle tag" in keys and "Clear tags" in keys
        await pilot.press("question_mark")
        await settle(pilot)
        assert app.screen is screen


async def _palette(pilot, text: str) -> None:  # type: ignore[no-untyped-def]
    await pilot.press("ctrl+p")
    await settle(pilot)
    assert isinstance(pilot.app.screen, CommandPalette)
    await pilot.press(*text)
    await pilot.pause(0.5)  # the palette searches its providers asynchronously
    await settle(pilot)
    await pilot.press("enter")
    await settle(pilot)


async def test_palette_jumps_to_a_paper() -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await ready(pilot)
        await _palette(pilot, "roberta")
        assert app.screen is screen
        assert screen.current == "roberta"
        assert screen.query_one(PaperDetail).paper_id == "roberta"
        assert screen.history.current == "roberta"


async def test_palette_toggles_a_tag_and_picks_an_era() -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await ready(pilot)
        await _palette(pilot, "filter by tag: systems")
        assert screen.view.tags == {"Systems"}
        assert list(screen.query_one(ResultList).ids) == ["relay"]
        await _palette(pilot, "show era: scaling")
        assert screen.view.era == "scaling"
        assert screen.query_one(ResultList).count == 0


async def test_problems_are_counted_and_listed_while_good_papers_work(tmp_path: Path) -> None:
    data = tmp_path / "data"
    shutil.copytree(TINY, data)
    (data / "papers" / "broken.yaml").write_text("id: broken\nshort: [unclosed\n")
    app = make_app(data)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await ready(pilot)
        assert screen.problems
        assert len(screen.query_one(ResultList).ids) == 13
        assert "load problem" in str(screen.query_one(StatusLine).render())
        await pilot.press("exclamation_mark")
        await settle(pilot)
        assert isinstance(app.screen, ProblemsScreen)
        rows = app.screen.query_one(TextRows)
        assert rows.count == len(screen.problems)
        # rows name files relative to the data folder; the highlighted one is shown in full
        assert rows.render_row(0, 100).plain.startswith("papers/broken.yaml:3:1: YAML syntax")
        full = str(app.screen.query_one("#problem-full", Static).render())
        assert full.startswith(str(data / "papers" / "broken.yaml") + ":3:1:")
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is screen


async def test_missing_folder_is_reported_not_fatal(tmp_path: Path) -> None:
    app = make_app(tmp_path / "nope")
    async with app.run_test(size=(120, 40)) as pilot:
        for _ in range(20):
            await settle(pilot)
        screen = app.screen
        status = str(screen.query_one(StatusLine).render())
        assert status and "Loading" not in status
        await pilot.press("q")
        await pilot.pause()
    assert app.return_value == 0


async def test_q_quits_with_status_zero_but_types_in_the_search_box() -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await ready(pilot)
        await pilot.press("slash", "q")
        await settle(pilot)
        assert screen.query_one("#search", Input).value == "q"
        await pilot.press("escape", "escape", "q")
        await pilot.pause()
    assert app.return_value == 0


async def test_narrow_terminal_hides_the_sidebar_behind_f() -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await ready(pilot)
        assert screen.has_class("narrow")
        sidebar = screen.query_one("#sidebar")
        assert not sidebar.display or sidebar.region.width == 0
        await pilot.press("f")
        await settle(pilot)
        assert sidebar.region.width > 0
        assert screen.query_one("#detail").region.width == 0
        assert screen.focused is screen.query_one("#eras")
        await pilot.press("escape")
        await settle(pilot)
        assert sidebar.region.width == 0
        assert isinstance(screen.focused, ResultList)
