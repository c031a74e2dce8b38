"""How much of a pane's row changed between two paints (bytes to the terminal).

Textual writes a dirty region of a widget from the widget's left edge (its border and
padding too) up to the region's right end. A pane that shows another paper on the same rows
(the detail panel, as the result cursor moves) therefore marks each row dirty only up to its
last changed cell: the unchanged rest of the row (the padding after a shorter text, the
thumb column) is not written again. Measured with ``benchmarks/keys_e2e.py``.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.cells import cell_len
from rich.segment import Segment
from textual.geometry import Region
from textual.strip import Strip
from textual.widget import Widget

__all__ = ["changed_end", "frame", "repaint_changed"]


def changed_end(old: Sequence[Segment], new: Sequence[Segment]) -> int:
    """Cells from the row's start up to and including its last changed cell (0: the two
    rows are the same): their texts compared from the end, style run by style run, so a
    row costs a few comparisons of strings, not a tuple per cell. Characters are compared
    whole, so a wide character is never cut in half."""
    if old == new:
        return 0
    before = [(text, style) for text, style, control in old if text and not control]
    after = [(text, style) for text, style, control in new if text and not control]
    new_text = "".join(text for text, _style in after)
    width = cell_len(new_text)
    old_width = cell_len("".join(text for text, _style in before))
    if width != old_width:
        return max(width, old_width)
    same = 0  # characters at the end that are the same, in the same style
    i, j = len(before) - 1, len(after) - 1
    a_left = len(before[i][0]) if i >= 0 else 0  # characters of run i not compared yet
    b_left = len(after[j][0]) if j >= 0 else 0
    while i >= 0 and j >= 0:
        (a_text, a_style), (b_text, b_style) = before[i], after[j]
        if a_style != b_style:
            break
        n = min(a_left, b_left)
        a_part, b_part = a_text[a_left - n : a_left], b_text[b_left - n : b_left]
        if a_part != b_part:
            k = 0
            while a_part[n - 1 - k] == b_part[n - 1 - k]:
                k += 1
            same += k
            break
        same += n
        a_left -= n
        b_left -= n
        if not a_left:
            i -= 1
            a_left = len(before[i][0]) if i >= 0 else 0
        if not b_left:
            j -= 1
            b_left = len(after[j][0]) if j >= 0 else 0
    return cell_len(new_text[: len(new_text) - same])


def repaint_changed(widget: Widget, before: Sequence[Strip | None]) -> None:
    """Mark dirty each of ``widget``'s first rows (as they were ``before``; ``None``: not
    drawn, so all of it) that its ``render_line`` now draws differently, up to its last
    changed cell, in one ``refresh`` (each marks the widget, its caches and the screen)."""
    changed: list[Region] = []
    for y, old in enumerate(before):
        new = widget.render_line(y)
        end = changed_end(list(old), list(new)) if old is not None else new.cell_length
        if end:
            changed.append(Region(0, y, end, 1))
    if changed:
        widget.refresh(*changed)


def frame(widget: Widget) -> Widget:
    """The widget whose border frames ``widget`` (its title and subtitle): the container
    it sits in when it has no border of its own (the detail panel's ``#detail-pane``, so
    its repainted rows start at its text: see ``app.tcss``), else ``widget`` itself."""
    parent = widget.parent
    if not widget.styles.border.top[0] and isinstance(parent, Widget):
        return parent
    return widget
