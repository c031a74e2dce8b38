"""Titles get the room at common widths; era names give way before their years (issue 16)."""

from __future__ import annotations

import pytest

from papertui.tui.widgets import EraTree, KeyBar, ResultList

from .conftest import make_app, ready, search

BERT = "BERT: Pre-training of Deep Bidirectional Transformers"


@pytest.mark.parametrize(("size", "shown"), [((120, 40), 32), ((100, 30), 32), ((80, 24), 24)])
async def test_titles_are_readable(size: tuple[int, int], shown: int) -> None:
    app = make_app()
    async with app.run_test(size=size) as pilot:
        await ready(pilot)
        screen = await search(pilot, "attention is all")
        results = screen.query_one(ResultList)
        assert "Attention Is All You Need" in results.render_line(0).text
        screen = await search(pilot, "bert pre-training")
        assert BERT[:shown] in results.render_line(0).text


async def test_era_names_keep_their_years_and_the_key_bar_names_f() -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await ready(pilot)
        tree = screen.query_one(EraTree)
        for node, span in zip(tree.root.children, ("1986–2016", "2017–2019", "2020–"), strict=True):
            assert str(node.label).endswith(span)
        bar = screen.query_one(KeyBar)
        assert "f Hide filters" in bar.render().plain
        await pilot.press("f")
        await pilot.pause()
        assert "f Show filters" in bar.render().plain
