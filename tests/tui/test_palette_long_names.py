"""A long tag or era name in someone else's data must not hang the command palette (found
re-measuring issue 19: ``ctrl+p`` then three scattered letters, ``lng``, against the hostile
folder's 10 kB tag froze the app for minutes, and a signal could not end it). Textual's
fuzzy matcher tries every combination of letter positions (cubic for three letters, 6.4 s
at 2,400 characters); the palette scores scattered letters itself, in one pass."""

from __future__ import annotations

import pytest
from textual.command import CommandList
from textual.fuzzy import FuzzySearch

from papertui.tui.commands import SCATTERED, scattered

from .conftest import make_app, ready, settle
from .hostile import HOSTILE

LONG = "Filter by tag: HX12-tag " + ("LONG [/] \u241b]0;PWNED-LONG\u2407 " * 400) + " (1)"


def test_scattered_letters_are_scored_in_one_pass() -> None:
    assert scattered("trfm", "Transformer") > 0
    assert scattered("xyz", "Transformer") == 0
    assert scattered("", "Transformer") == 0
    assert scattered("tfr", "Transformer") > scattered("tfr", "T and then far more r")
    assert scattered("trans", "Transformer") > scattered("trans", "x Transformer")
    assert 0 < scattered("lng", LONG) <= 1
    assert 0 < scattered("l n g", LONG) <= 1


async def test_scattered_letters_against_a_10_kb_tag_never_reach_textuals_matcher(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    long_candidates: list[int] = []
    real = FuzzySearch.match

    def watched(self: FuzzySearch, query: str, candidate: str) -> tuple[float, tuple[int, ...]]:
        if len(candidate) > 500:  # data, not one of Textual's own command names
            long_candidates.append(len(candidate))
            return 0.0, ()
        return real(self, query, candidate)

    monkeypatch.setattr(FuzzySearch, "match", watched)
    app = make_app(HOSTILE)
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        await pilot.press("ctrl+p")
        for key in "lng":
            await pilot.press(key)
        await settle(pilot)
        options = pilot.app.screen.query_one(CommandList)
        shown = [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]
        assert long_candidates == [], "a data string went to Textual's fuzzy matcher"
        assert any("HX12-tag" in text for text in shown), shown[:5]
        assert SCATTERED > 0
