"""Terminal variants: 80x24 and 40x12 work, below 40x12 a "too small" screen, 16 colours
keep every piece of text readable (foreground and background never collapse)."""

from __future__ import annotations

import pytest
from rich.color import ColorSystem
from textual.geometry import Region
from textual.widgets import Input

from papertui.tui.app import PaperTUI
from papertui.tui.screens.main import MainScreen
from papertui.tui.widgets.too_small import MIN_HEIGHT, MIN_WIDTH, TooSmall

from .conftest import make_app, ready, settle
from .hostile import screen_text


def _unreadable_at_16_colours(app: PaperTUI, region: Region | None = None) -> list[str]:
    """Text (in ``region``) whose foreground and background become one colour at 16 colours."""
    bad = []
    for y, strip in enumerate(app.screen._compositor.render_strips()):
        x = 0
        for segment in strip:
            style = segment.style
            start, x = x, x + segment.cell_length
            if region is not None and not region.contains(start, y):
                continue
            if style is None or style.color is None or style.bgcolor is None:
                continue
            if style.color.is_default or style.bgcolor.is_default:
                continue  # the terminal's own foreground or background (ansi themes)
            if not any(ch.isalnum() for ch in segment.text):
                continue
            fg = style.color.downgrade(ColorSystem.STANDARD)
            bg = style.bgcolor.downgrade(ColorSystem.STANDARD)
            if fg.number == bg.number:
                bad.append(f"row {y}: {segment.text.strip()!r} ({style.color} on {style.bgcolor})")
    return bad


@pytest.mark.parametrize("size", [(80, 24), (40, 12), (120, 40)])
async def test_usable_at_size(size: tuple[int, int]) -> None:
    app = make_app()
    async with app.run_test(size=size) as pilot:
        screen = await ready(pilot)
        assert not isinstance(app.screen, TooSmall)
        assert "Showing 13 of 13" in screen_text(app) or size[0] < 80
        box = screen.query_one("#search", Input)
        box.focus()
        await pilot.press(*"attn is all")
        await settle(pilot)
        assert list(screen.query_one("#results").ids) == ["transformer"]  # type: ignore[attr-defined]
        await pilot.press("enter", "enter")
        await settle(pilot)
        assert screen.current == "transformer"
        assert "Attention" in screen_text(app)


@pytest.mark.parametrize(
    "small", [(MIN_WIDTH - 1, MIN_HEIGHT), (MIN_WIDTH, MIN_HEIGHT - 1), (20, 6), (12, 4)]
)
async def test_too_small_screen_comes_and_goes(small: tuple[int, int]) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await ready(pilot)
        await pilot.resize_terminal(*small)
        await settle(pilot)
        assert isinstance(app.screen, TooSmall)
        text = " ".join(screen_text(app).split())  # narrow terminals wrap the message
        assert "Terminal too small" in text
        if small[0] >= 20:
            assert f"{small[0]}x{small[1]}, needs {MIN_WIDTH}x{MIN_HEIGHT}" in text
        await pilot.resize_terminal(80, 24)
        await settle(pilot)
        assert app.screen is screen
        assert "Showing 13 of 13" in screen_text(app)


async def test_starting_too_small_then_growing() -> None:
    app = make_app()
    async with app.run_test(size=(30, 10)) as pilot:
        await settle(pilot)
        await pilot.pause(0.2)
        assert isinstance(app.screen, TooSmall)
        await pilot.resize_terminal(80, 24)
        screen = await ready(pilot)
        assert isinstance(app.screen, MainScreen) and app.screen is screen


async def test_quit_works_from_the_too_small_screen() -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await pilot.resize_terminal(20, 6)
        await settle(pilot)
        assert isinstance(app.screen, TooSmall)
        await pilot.press("q")
        await pilot.pause()
    assert app.return_code == 0


@pytest.mark.parametrize("size", [(80, 24), (40, 12)])
async def test_text_stays_readable_at_16_colours(size: tuple[int, int]) -> None:
    app = make_app()
    async with app.run_test(size=size) as pilot:
        screen = await ready(pilot)
        assert _unreadable_at_16_colours(app) == []
        screen.query_one("#results").focus()  # the cursor row, focused
        await pilot.press("down")
        await settle(pilot)
        assert _unreadable_at_16_colours(app) == []
        await pilot.press("question_mark")  # the help screen (the main screen is dimmed)
        await settle(pilot)
        assert app.screen is not screen
        regions = [w.region for w in app.screen.children if w.region.area]
        assert regions
        for region in regions:
            assert _unreadable_at_16_colours(app, region) == []


@pytest.mark.parametrize("theme", ["textual-dark", "ansi-dark", "ansi-light", "nord"])
async def test_themes_stay_readable_at_16_colours(theme: str) -> None:
    """The default and the terminal-palette themes (config.toml `theme`)."""
    app = make_app()
    app.theme = theme
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await ready(pilot)
        screen.query_one("#results").focus()
        await pilot.press("down")
        await settle(pilot)
        assert _unreadable_at_16_colours(app) == []
