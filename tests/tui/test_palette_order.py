"""Issue 16 item 7: the palette puts exact names first, empty tags and Textual's own
commands last, shows one line per paper, and a jump records no stray trail step."""

from __future__ import annotations

from textual.command import CommandList, CommandPalette

from papertui.tui.widgets import PaperDetail

from .conftest import make_app, ready, search, settle


async def _options(pilot, text: str) -> list[str]:  # type: ignore[no-untyped-def]
    await pilot.press("ctrl+p")
    await settle(pilot)
    assert isinstance(pilot.app.screen, CommandPalette)
    await pilot.press(*text)
    # The palette searches its providers asynchronously: its list, once it has stopped
    # changing for 0.3 s (however slow the host; at most 10 s).
    last: list[str] = []
    steady = 0
    for _ in range(100):
        await pilot.pause(0.1)
        options = pilot.app.screen.query_one(CommandList)
        got = [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]
        steady = steady + 1 if got and got == last else 0
        if steady == 3:
            break
        last = got
    await settle(pilot)
    return got


async def test_exact_and_prefix_names_come_first_and_generic_commands_last() -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await ready(pilot)
        got = await _options(pilot, "lstm")
        assert got[0].startswith("Paper: LSTM"), got
        await pilot.press("escape")
        await settle(pilot)
        got = await _options(pilot, "sca")  # Scaling Laws (paper), Scaling (tag, era)...
        assert got[0].startswith(("Paper: Scaling Laws", "Filter by tag: Scaling")), got
        await pilot.press("escape")
        await settle(pilot)
        got = await _options(pilot, "the")  # Textual's "Change theme" after our hits
        themes = [i for i, text in enumerate(got) if "theme" in text.casefold()]
        ours = [i for i, text in enumerate(got) if text.startswith(("Paper:", "Filter by"))]
        assert themes and ours and max(ours) < min(themes), got
        await pilot.press("escape")
        await settle(pilot)
        await search(pilot, "tag:Systems")  # now only Relay: other tags have no papers
        got = await _options(pilot, "s")
        tags = [text for text in got if text.startswith("Filter by tag")]
        assert tags[-1:] != ["Filter by tag: Systems (1)"] and "Systems" in tags[0], tags
        assert screen.current is not None


async def test_a_palette_jump_records_only_the_paper() -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await ready(pilot)
        assert screen.current == "backprop"  # the list's first row, never opened
        await _options(pilot, "roberta")
        await pilot.press("enter")
        await settle(pilot)
        assert screen.query_one(PaperDetail).paper_id == "roberta"
        assert list(screen.history.trail) == ["roberta"]
