"""How much of a pane's row changed between two paints (bytes to the terminal).

Textual writes a dirty region of a widget from the widget's left edge (its border and
padding too) up to the region's right end. A pane that shows another paper on the same rows
(the detail panel, as the result cursor moves) therefore marks each row dirty only up to its
last changed cell: the unchanged rest of the row (the padding after a shorter text, the
thumb column) is not written again. Measured with ``benchmarks/keys_e2e.py``.
"""

from __future__ import annotations

from collections.abc import Iterator

from rich.cells import cell_len
from rich.segment import Segment
from rich.style import Style
from textual.geometry import Region
from textual.strip import Strip
from textual.widget import Widget

__all__ = ["cells", "changed_end", "frame", "repaint_changed"]


def cells(segments: Iterator[Segment] | list[Segment]) -> list[tuple[str, Style | None]]:
    """One ``(text, style)`` per terminal cell; a wide character's second cell is ``""``."""
    out: list[tuple[str, Style | None]] = []
    for text, style, control in segments:
        if control:
            continue
        for char in text:
            out.append((char, style))
            if cell_len(char) == 2:
                out.append(("", style))
    return out


def changed_end(old: list[Segment], new: list[Segment]) -> int:
    """Cells from the row's start up to and including its last changed cell (0: the two
    rows are the same)."""
    before, after = cells(old), cells(new)
    if before == after:
        return 0
    if len(before) != len(after):
        return max(len(before), len(after))
    end = len(after)
    while end and before[end - 1] == after[end - 1]:
        end -= 1
    while end < len(after) and "" in (after[end][0], before[end][0]):  # no half characters
        end += 1
    return end


def repaint_changed(widget: Widget, before: list[Strip]) -> None:
    """Mark dirty each of ``widget``'s first rows (as they were ``before``) that its
    ``render_line`` now draws differently, up to its last changed cell."""
    for y, strip in enumerate(before):
        end = changed_end(list(strip), list(widget.render_line(y)))
        if end:
            widget.refresh(Region(0, y, end, 1))


def frame(widget: Widget) -> Widget:
    """The widget whose border frames ``widget`` (its title and subtitle): the container
    it sits in when it has no border of its own (the detail panel's ``#detail-pane``, so
    its repainted rows start at its text: see ``app.tcss``), else ``widget`` itself."""
    parent = widget.parent
    if not widget.styles.border.top[0] and isinstance(parent, Widget):
        return parent
    return widget
