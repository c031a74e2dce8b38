"""Snapshots (pytest-textual-snapshot) of the main screen, a search and a lineage detail.

Each test says what a person should see. Blink is off (PAPERTUI_NO_BLINK via conftest),
there is no clock, animations are off, and the data is the fixed tiny fixture.
Regenerate deliberately with ``pytest tests/tui/test_snapshots.py --snapshot-update``.
"""

from __future__ import annotations

from typing import Any

import pytest
from textual.pilot import Pilot

from papertui.tui.widgets import PaperDetail

from .conftest import make_app, ready, search, settle

SIZES = [pytest.param((80, 24), id="80x24"), pytest.param((120, 40), id="120x40")]


@pytest.mark.parametrize("size", SIZES)
def test_main_screen(snap_compare: Any, size: tuple[int, int]) -> None:
    """All 13 papers by date, Backprop highlighted and shown in the detail panel.

    At 120x40 the era tree and tags are on the left; at 80x24 they hide behind `f`.
    """

    async def before(pilot: Pilot[int]) -> None:
        await ready(pilot)

    assert snap_compare(make_app(), terminal_size=size, run_before=before)


@pytest.mark.parametrize("size", SIZES)
def test_search(snap_compare: Any, size: tuple[int, int]) -> None:
    """`attn is all` finds the Transformer paper; "Att", "n", "Is", "All" are highlighted.

    Enter has moved the focus from the search box to the results (the box keeps its text).
    """

    async def before(pilot: Pilot[int]) -> None:
        await ready(pilot)
        await search(pilot, "attn is all")
        await pilot.press("enter")
        await settle(pilot)

    assert snap_compare(make_app(), terminal_size=size, run_before=before)


@pytest.mark.parametrize("size", SIZES)
def test_detail_with_lineage(snap_compare: Any, size: tuple[int, int]) -> None:
    """RoBERTa, reached from BERT: trail "BERT › RoBERTa", builds on BERT (focused),
    built upon by CamemBERT."""

    async def before(pilot: Pilot[int]) -> None:
        screen = await ready(pilot)
        screen.jump_to("bert")
        screen.jump_to("roberta")
        await settle(pilot)
        screen.query_one(PaperDetail).focus()
        await settle(pilot)

    assert snap_compare(make_app(), terminal_size=size, run_before=before)


def test_main_screen_in_the_terminals_own_palette(snap_compare: Any) -> None:
    """theme = "ansi-dark": the terminal's 16 colours, its own background."""
    app = make_app()
    app.theme = "ansi-dark"

    async def before(pilot: Pilot[int]) -> None:
        await ready(pilot)

    assert snap_compare(app, terminal_size=(80, 24), run_before=before)


def test_main_screen_under_no_color(snap_compare: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    """NO_COLOR=1: monochrome, the selection still shown (bold/reverse)."""
    monkeypatch.setenv("NO_COLOR", "1")

    async def before(pilot: Pilot[int]) -> None:
        await ready(pilot)

    assert snap_compare(make_app(), terminal_size=(80, 24), run_before=before)
