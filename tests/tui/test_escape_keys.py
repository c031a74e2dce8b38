"""Esc, then a key: the key is a key again, never text in the search box (issue 16)."""

from __future__ import annotations

from textual.events import Key
from textual.widgets import Input

from papertui.tui.widgets import ResultList

from .conftest import make_app, ready, search, settle


async def test_one_escape_clears_the_search_and_returns_to_the_list() -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await ready(pilot)
        await search(pilot, "gpt")
        box = screen.query_one("#search", Input)
        await pilot.press("escape", "j", "j")  # fzf/lazygit habit: Esc, then move
        await settle(pilot)
        assert box.value == ""
        results = screen.query_one(ResultList)
        assert screen.focused is results
        assert results.cursor == 2


async def test_type_to_search_then_escape_then_q_quits() -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await ready(pilot)
        await pilot.press("b", "e", "l")  # type-to-search from the list (r is bound)
        await settle(pilot)
        box = screen.query_one("#search", Input)
        assert box.value == "bel"
        await pilot.press("escape", "q")
        await pilot.pause()
        assert box.value == ""
        assert not app.is_running or app.return_code == 0


async def test_alt_letter_is_escape_then_the_letter() -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await ready(pilot)
        await search(pilot, "gpt")
        box = screen.query_one("#search", Input)
        app.post_message(Key("alt+j", "j"))  # Esc j within the escape delay
        await settle(pilot)
        assert box.value == ""
        results = screen.query_one(ResultList)
        assert screen.focused is results
        assert results.cursor == 1

        await search(pilot, "bert")
        app.post_message(Key("alt+q", "q"))  # Esc q within the escape delay: quit
        await pilot.pause()
        await pilot.pause()
        assert "q" not in box.value
        assert not app.is_running or app.return_code == 0
