"""The scroll thumb the busy panes draw in their own last columns."""

from __future__ import annotations

import pytest

from papertui.tui.widgets import PaperDetail, ResultList
from papertui.tui.widgets.thumb import THUMB, thumb_rows

from .conftest import make_app, ready, settle


@pytest.mark.parametrize(
    ("total", "height", "offset", "rows"),
    [
        (10, 20, 0, range(0)),  # everything fits: no thumb
        (20, 20, 0, range(0)),
        (40, 20, 0, range(0, 10)),  # half the rows visible: a half-height thumb at the top
        (40, 20, 20, range(10, 20)),  # scrolled to the end: at the bottom
        (40, 20, 10, range(5, 15)),
        (100_000, 30, 0, range(0, 1)),  # never smaller than one row
        (100_000, 30, 100_000 - 30, range(29, 30)),
        (100, 0, 0, range(0)),
    ],
)
def test_thumb_rows(total: int, height: int, offset: int, rows: range) -> None:
    assert thumb_rows(total, height, offset) == rows


async def test_panes_draw_their_thumb_instead_of_a_scrollbar() -> None:
    app = make_app()
    async with app.run_test(size=(120, 16)) as pilot:
        screen = await ready(pilot)
        results = screen.query_one(ResultList)
        detail = screen.query_one(PaperDetail)
        for pane in (results, detail):
            assert pane.scrollbar_size_vertical == 0  # no ScrollBar widget to repaint
        height = results.scrollable_content_region.height
        assert results.count > height  # 13 papers overflow a 16-row terminal
        first = results.render_line(0).text
        last = results.render_line(height - 1).text
        assert first.endswith(THUMB) and not last.endswith(THUMB)
        results.action_last()
        await settle(pilot)
        assert results.render_line(height - 1).text.endswith(THUMB)
        assert not results.render_line(0).text.endswith(THUMB)
