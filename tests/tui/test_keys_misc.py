"""Small key habits (issue 16): ! with no problems says so; ctrl+c quits."""

from __future__ import annotations

from textual.widgets import Input

from .conftest import make_app, ready, settle


async def test_bang_without_problems_says_so_and_types_nothing() -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await ready(pilot)
        assert not screen.problems
        await pilot.press("exclamation_mark")
        await settle(pilot)
        assert screen.query_one("#search", Input).value == ""
        messages = [n.message for n in app._notifications]
        assert any("No load problems" in m for m in messages)


async def test_ctrl_c_quits_even_from_the_search_box() -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        await pilot.press("slash", "ctrl+c")
        await pilot.pause()
        assert app.return_code == 0
        assert not any("[b]" in n.message for n in app._notifications)


async def test_vim_page_keys_in_the_list_and_the_help() -> None:
    """ctrl+d/u/f/b page the list; j/k and g/G scroll the help (issue 16 item 9)."""
    from textual.containers import VerticalScroll

    from papertui.tui.screens.help import HelpScreen
    from papertui.tui.widgets import ResultList

    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await ready(pilot)
        results = screen.query_one(ResultList)
        results.focus()
        await pilot.press("ctrl+d")
        half = results.cursor
        assert half > 1
        await pilot.press("ctrl+u")
        assert results.cursor == 0
        await pilot.press("ctrl+f")
        assert results.cursor > half
        await pilot.press("ctrl+b")
        assert results.cursor == 0
        await pilot.press("question_mark")
        await settle(pilot)
        assert isinstance(app.screen, HelpScreen)
        box = app.screen.query_one("#help-box", VerticalScroll)
        await pilot.press("j", "j")
        await pilot.pause()
        assert box.scroll_y > 0
        await pilot.press("G")
        await pilot.pause()
        assert box.scroll_y == box.max_scroll_y > 2
        await pilot.press("g")
        await pilot.pause()
        assert box.scroll_y == 0
