"""The key bar: the live bindings as one line, disabled keys dimmed, palette at the right."""

from __future__ import annotations

from papertui.tui.widgets import KeyBar

from .conftest import make_app, ready, settle


def _enabled(bar: KeyBar) -> dict[str, bool]:
    return {binding.description: enabled for binding, enabled in bar.shown_keys()}


async def test_key_bar_follows_focus_history_and_width() -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await ready(pilot)
        bar = screen.query_one(KeyBar)
        keys = _enabled(bar)
        assert keys["Search"] and keys["Quit"] and keys["Help"]
        assert keys["Back"] is False and keys["Forward"] is False  # no history yet
        line = bar.render()
        assert line.cell_length == 120
        assert line.plain.rstrip().endswith("^p palette")
        dimmed = [span for span in line.spans if str(span.style) == "dim"]
        assert len(dimmed) == 2  # Back and Forward

        screen.jump_to("bert")
        screen.jump_to("roberta")
        await settle(pilot)
        keys = _enabled(bar)
        assert keys["Back"] is True and keys["Forward"] is False
        assert len([s for s in bar.render().spans if str(s.style) == "dim"]) == 1

        await pilot.press("slash")  # typing: printable keys belong to the search box
        await settle(pilot)
        keys = _enabled(bar)
        assert "Search" in keys and "Sort" not in keys and "Quit" not in keys

    async with make_app().run_test(size=(40, 12)) as pilot:
        screen = await ready(pilot)
        line = screen.query_one(KeyBar).render()
        assert line.cell_length == 40 and "\u2026" in line.plain  # cut with an ellipsis
        assert line.plain.rstrip().endswith("^p palette")
