"""PAPERTUI_NO_BLINK steadies the search box's cursor (Input reads its own cursor_blink)."""

from __future__ import annotations

import pytest

from papertui.tui.widgets.search_bar import NO_BLINK_ENV, SearchBar


def test_no_blink_stops_the_search_box_blinking(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(NO_BLINK_ENV, "1")
    assert SearchBar().cursor_blink is False


def test_the_search_box_blinks_by_default(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(NO_BLINK_ENV, raising=False)
    assert SearchBar().cursor_blink is True
