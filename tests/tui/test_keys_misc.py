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
