"""A pane showing another paper repaints each changed row only up to its last changed cell."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rich.cells import cell_len
from rich.segment import Segment
from rich.style import Style

from papertui.tui.widgets import PaperDetail
from papertui.tui.widgets.rowdiff import changed_end

from .conftest import make_app, ready, repaints_of

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
        ([Segment("\u4e00b", PLAIN)], [Segment("xyb", PLAIN)], 2),  # one wide for two narrow
        # the same text in runs split elsewhere, up to the last change only
        (
            [Segment("ab", PLAIN), Segment("cde", BOLD)],
            [Segment("x", PLAIN), Segment("bcde", PLAIN)],
            5,
        ),
        (
            [Segment("ab", PLAIN), Segment("cde", BOLD)],
            [Segment("xb", PLAIN), Segment("cde", BOLD)],
            1,
        ),
        (
            [Segment("a", PLAIN), Segment("b", BOLD), Segment("cd", PLAIN)],
            [Segment("ab", BOLD), Segment("cd", PLAIN)],
            1,  # "a" changed style; "b" is bold in both
        ),
    ],
)
def test_changed_end(old: list[Segment], new: list[Segment], end: int) -> None:
    assert changed_end(old, new) == end


def by_cell(old: list[Segment], new: list[Segment]) -> int:
    """The oracle: both rows cell by cell (a wide character's second cell is ``""``)."""

    def cells(row: list[Segment]) -> list[tuple[str, Style | None]]:
        out: list[tuple[str, Style | None]] = []
        for segment in row:
            for char in segment.text:
                out += [(char, segment.style)] + [("", segment.style)] * (cell_len(char) - 1)
        return out

    before, after = cells(old), cells(new)
    if len(before) != len(after):
        return max(len(before), len(after))
    end = len(after)
    while end and before[end - 1] == after[end - 1]:
        end -= 1
    while end < len(after) and "" in (after[end][0], before[end][0]):
        end += 1
    return end


texts = st.text("ab\u4e00", min_size=1, max_size=4)  # "\u4e00" is two cells wide
segments = st.tuples(texts, st.sampled_from([PLAIN, BOLD])).map(lambda pair: Segment(*pair))
rows = st.lists(segments, max_size=5)


@settings(max_examples=400, deadline=None)
@given(rows, rows)
def test_changed_end_is_the_last_changed_cell(old: list[Segment], new: list[Segment]) -> None:
    assert changed_end(old, new) == by_cell(old, new)


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
        asked = repaints_of(detail)
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
