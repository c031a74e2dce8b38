"""A scroll-position mark that a Line API pane draws in its own last column.

Textual's ``ScrollBar`` is a widget of its own. For the panes that repaint on every key
(result list, tag facets, detail panel) repainting and compositing it cost about as much
as the pane's text: a lineage jump went from ~26 to ~14 ms of CPU without it. These panes
hide Textual's scrollbar (``scrollbar-size-vertical: 0``; wheel and keys still scroll)
and append one cell per row instead: part of the same strip, no extra widget or region.
Their size then never depends on their content, so a new scroll extent needs no layout
(:func:`set_extent`).
"""

from __future__ import annotations

from rich.segment import Segment
from textual.geometry import Size
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.style import Style

from papertui.tui.textual_private import set_scroll_extent

THUMB = "\u2590"  # ▐ (a glyph, so it shows without colour too)
WIDTH = 2  # a gap, then the thumb: the columns a pane keeps for it

CSS = """
    scrollbar-size-vertical: 0;  /* the pane draws its own thumb (widgets/thumb.py) */
    & > .pane--thumb { color: $scrollbar; }
    &:focus > .pane--thumb { color: $scrollbar-active; }
"""
"""CSS lines for a pane that draws a thumb (inside its own rule)."""

COMPONENT = "pane--thumb"


def thumb_rows(total: int, height: int, offset: int) -> range:
    """Rows of a ``height``-row view over ``total`` rows, scrolled to ``offset``, that the
    thumb covers; empty when everything fits."""
    if height <= 0 or total <= height:
        return range(0)
    size = max(1, round(height * height / total))
    start = round(offset * (height - size) / (total - height))
    start = max(0, min(start, height - size))
    return range(start, start + size)


def with_thumb(strip: Strip, on: bool, style: Style) -> Strip:
    """``strip`` plus :data:`WIDTH` cells: a gap and the thumb when ``on`` (in ``style``)."""
    cell = Segment(" " + THUMB if on else "  ", style.rich_style)
    return Strip([*strip, cell], strip.cell_length + WIDTH)


def draw(pane: ScrollView, y: int, total: int, strip: Strip) -> Strip:
    """Row ``y`` of ``pane`` (showing ``total`` rows): its ``strip`` plus the thumb cells."""
    offset = int(pane.scroll_offset.y)
    on = y in thumb_rows(total, pane.scrollable_content_region.height, offset)
    return with_thumb(strip, on, pane.get_visual_style(COMPONENT))


def set_extent(pane: ScrollView, size: Size) -> None:
    """Give ``pane`` a new scroll extent without the screen-wide layout that setting
    ``virtual_size`` asks for: a pane that draws its own thumb keeps its size whatever
    its content (no scrollbar to appear or go)."""
    set_scroll_extent(pane, size)
