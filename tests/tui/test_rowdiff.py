"""A pane showing another paper repaints each changed row only up to its last changed cell."""

from __future__ import annotations

from typing import Any

import pytest
from rich.segment import Segment
from rich.style import Style
from textual.geometry import Region

from papertui.tui.widgets import PaperDetail
from papertui.tui.widgets.rowdiff import cells, changed_end

from .conftest import make_app, ready

PLAIN = Style()
BOLD = Style(bold=True)


@pytest.mark.parametrize(
    ("old", "new", "end"),
    [
        ([Segment("abc  ", PLAIN)], [Segment("abc  ", PLAIN)], 0),  # the same row
        ([Segment("abc  ", PLAIN)], [Segment("abd  ", PLAIN)], 3),  # up to the change only
        ([Segment("ab", PLAIN), Segment("c", PLAIN)], [Segment("abc", PLAIN)], 0),  # cells
        ([Segment("abc", PLAIN)], [Segment("abc", BOLD)], 3),  # a new style is a change
        ([Segment("xbc", PLAIN)], [Segment("abc", PLAIN)], 1),
        ([Segment("ab", PLAIN)], [Segment("abcd", PLAIN)], 4),  # another width: all of it
        # a wide character is never cut in half: its second cell goes with it
        ([Segment("a\u4e00b", PLAIN)], [Segment("a\u4e8cb", PLAIN)], 3),
    ],
)
def test_changed_end(old: list[Segment], new: list[Segment], end: int) -> None:
    assert changed_end(old, new) == end


def test_cells_gives_a_wide_character_two_cells() -> None:
    assert cells([Segment("\u4e00x", PLAIN)]) == [("\u4e00", PLAIN), ("", PLAIN), ("x", PLAIN)]


async def test_another_paper_repaints_changed_rows_up_to_their_last_change() -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await ready(pilot)
        detail = screen.query_one(PaperDetail)
        library = screen.library
        assert library is not None
        first, second = (paper.id for paper in list(library)[:2])
        detail.show(library, first)
        await pilot.pause()
        height = detail.scrollable_content_region.height
        before = [list(detail.render_line(y)) for y in range(height)]
        asked: list[Region] = []
        original = detail.refresh

        def record(*regions: Region, **kwargs: Any) -> PaperDetail:
            asked.extend(regions)
            return original(*regions, **kwargs)

        detail.refresh = record  # type: ignore[method-assign]
        detail.show(library, second)
        after = [list(detail.render_line(y)) for y in range(height)]
        changed = {y for y in range(height) if before[y] != after[y]}
        assert changed, "two papers, two different panels"
        assert {region.y for region in asked} == changed  # the changed rows, no others
        width = detail.scrollable_content_region.width
        for region in asked:
            assert region.height == 1 and region.x == 0
            assert region.width == changed_end(before[region.y], after[region.y])
        # the thumb column and a shorter text's padding are not written again
        assert any(region.width < width for region in asked)
