"""A virtual list: a Line API ``ScrollView`` that renders only the visible rows.

It holds nothing but a row count and a cursor; subclasses turn a row index into
``Content``. Updating it costs the same at 10 rows and at 100k (see
performance-baseline.md section 4), unlike ``OptionList`` or ``DataTable``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import ClassVar

from rich.segment import Segment
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.events import Click
from textual.geometry import Region, Size
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.style import Style
from textual.widget import Widget

from papertui.tui.widgets import thumb
from papertui.tui.widgets.rowdiff import repaint_changed


@dataclass(frozen=True, slots=True)
class Frame:
    """What every row of one repaint shares, looked up once for all of them. A style
    lookup walks the widget's pseudo-classes and the scrollable region its styles: when
    each row did both, that was a third of a 33-row result list's repaint."""

    width: int  # of a row, without the thumb's columns
    offset: int  # the first visible row's index
    thumb: range  # rows the thumb covers
    thumb_style: Style
    row: Style
    cursor: Style


class VirtualList(ScrollView, can_focus=True):
    """Base class: a cursor over ``count`` rows drawn by :meth:`render_row`."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("down,j", "cursor_down", "Down", show=False, id="list.cursor-down"),
        Binding("up,k", "cursor_up", "Up", show=False, id="list.cursor-up"),
        Binding("home,g", "first", "First", show=False, id="list.first"),
        Binding("end,G", "last", "Last", show=False, id="list.last"),
        Binding("pagedown,ctrl+f", "page_down", "Page down", show=False, id="list.page-down"),
        Binding("pageup,ctrl+b", "page_up", "Page up", show=False, id="list.page-up"),
        Binding("ctrl+d", "half_page_down", "Half page down", show=False, id="list.half-page-down"),
        Binding("ctrl+u", "half_page_up", "Half page up", show=False, id="list.half-page-up"),
        Binding("enter", "select", "Open", show=False, id="list.select"),
    ]

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "virtual-list--cursor",
        "virtual-list--empty",
        thumb.COMPONENT,
    }

    DEFAULT_CSS = (
        """
    VirtualList {
        background: $surface;
        text-wrap: nowrap;
        text-overflow: ellipsis;
        overflow-x: hidden;
        overflow-y: scroll;"""
        + thumb.CSS
        + """
        & > .virtual-list--cursor { background: $boost; text-style: bold; }
        &:focus > .virtual-list--cursor {
            background: $block-cursor-background;
            color: $block-cursor-foreground;
            text-style: $block-cursor-text-style;
        }
        & > .virtual-list--empty { color: $text-muted; text-style: italic; }
        /* NO_COLOR: backgrounds vanish, so the cursor must show by attribute alone. */
        &:nocolor > .virtual-list--cursor { text-style: reverse bold; }
    }
    """
    )

    cursor: reactive[int] = reactive(0, init=False, repaint=False)
    """Index of the highlighted row (0 when the list is empty)."""

    def __init__(
        self, *, name: str | None = None, id: str | None = None, classes: str | None = None
    ) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self._count = 0
        self.empty_message: Content = Content("Nothing here")
        # Rendered rows by (index, style); a style covers cursor, focus and theme.
        self._strips: dict[tuple[int, Style], Strip] = {}
        self._strips_width = 0
        self._frame: Frame | None = None  # during render_lines: the repaint's shared values
        self._painted: dict[int, Strip] = {}  # visible line -> the strip last drawn there
        self._reveal = True  # scroll the cursor into view when it moves

    # -- data ---------------------------------------------------------------------------

    @property
    def count(self) -> int:
        return self._count

    def set_count(self, count: int, cursor: int = 0) -> None:
        """Replace the rows (the subclass has already swapped its data) and move the cursor."""
        self._strips.clear()
        self._count = count
        thumb.set_extent(self, Size(self.scrollable_content_region.width, count))
        new_cursor = self._clamp(cursor)
        if new_cursor == self.cursor:
            self._cursor_moved()
        else:
            self.cursor = new_cursor  # the watcher scrolls and calls _cursor_moved
        self._repaint_changed()

    def _repaint_changed(self) -> None:
        """Mark dirty only what the new rows draw differently from what was drawn: each
        changed line up to its last changed cell (:mod:`.rowdiff`). Narrowing a search
        often keeps the same papers in the same rows with one more letter marked; the
        tag counts often do not change at all."""
        painted, self._painted = self._painted, {}
        height = self.scrollable_content_region.height
        if not painted or height <= 0:
            self.refresh()
            return
        self._frame = self.frame()  # one lookup of the shared styles for every new row
        try:
            repaint_changed(self, [painted.get(y) for y in range(height)])
        finally:
            self._frame = None

    def render_row(self, index: int, width: int) -> Content:
        """The content of row ``index`` (``0 <= index < count``)."""
        raise NotImplementedError

    def row_selected(self, index: int) -> None:
        """Enter (or a click) on row ``index``; subclasses post a message."""

    def cursor_changed(self, index: int) -> None:
        """The cursor moved (or the rows changed under it); subclasses post a message."""

    # -- cursor -------------------------------------------------------------------------

    def _clamp(self, index: int) -> int:
        return max(0, min(index, self._count - 1)) if self._count else 0

    def validate_cursor(self, value: int) -> int:
        return self._clamp(value)

    def watch_cursor(self, old: int, new: int) -> None:
        self.refresh_line(old)
        self.refresh_line(new)
        self._cursor_moved()

    def move_cursor(self, index: int, *, reveal: bool = True) -> None:
        """Move the cursor to ``index``. ``reveal=False`` leaves the rows where they are
        (two rows repaint instead of the whole list); focusing the list reveals it."""
        self._reveal = reveal
        try:
            self.cursor = index
        finally:
            self._reveal = True

    def _reveal_cursor(self) -> None:
        if self._count:
            self.scroll_to_region(
                Region(0, self.cursor, 1, 1), animate=False, force=True, immediate=True
            )

    def _cursor_moved(self) -> None:
        if self._reveal:
            self._reveal_cursor()
        self.cursor_changed(self.cursor)

    def on_focus(self) -> None:
        self._reveal_cursor()

    def action_cursor_down(self) -> None:
        self.cursor += 1

    def action_cursor_up(self) -> None:
        self.cursor -= 1

    def action_first(self) -> None:
        self.cursor = 0

    def action_last(self) -> None:
        self.cursor = self._count - 1

    def action_page_down(self) -> None:
        self.cursor += max(1, self.scrollable_content_region.height - 1)

    def action_page_up(self) -> None:
        self.cursor -= max(1, self.scrollable_content_region.height - 1)

    def action_half_page_down(self) -> None:
        self.cursor += max(1, self.scrollable_content_region.height // 2)

    def action_half_page_up(self) -> None:
        self.cursor -= max(1, self.scrollable_content_region.height // 2)

    def action_select(self) -> None:
        if self._count:
            self.row_selected(self.cursor)

    def on_click(self, event: Click) -> None:
        index = int(self.scroll_offset.y) + event.y
        if 0 <= index < self._count:
            self.cursor = index
            if event.chain > 1:
                self.row_selected(index)

    # -- rendering ----------------------------------------------------------------------

    def invalidate_rows(self) -> None:
        """Forget the rendered rows (call when what :meth:`render_row` draws changes)."""
        self._strips.clear()
        self.refresh()

    def frame(self) -> Frame:
        """The values every row of a repaint now shares."""
        region = self.scrollable_content_region
        width = max(0, region.width - thumb.WIDTH)  # thumb's columns
        offset = int(self.scroll_offset.y)
        return Frame(
            width,
            offset,
            thumb.thumb_rows(self._count, region.height, offset),
            self.get_visual_style(thumb.COMPONENT),
            self.get_visual_style(),
            self.get_visual_style("virtual-list--cursor"),
        )

    def render_lines(self, crop: Region) -> list[Strip]:
        self._frame = self.frame()
        try:
            return super().render_lines(crop)
        finally:
            self._frame = None

    def render_line(self, y: int) -> Strip:
        frame = self._frame or self.frame()
        if frame.width != self._strips_width:
            self._strips.clear()
            self._strips_width = frame.width
        strip = self._row_strip(frame.offset + y, y, frame)
        strip = self._painted[y] = thumb.with_thumb(strip, y in frame.thumb, frame.thumb_style)
        return strip

    def _row_strip(self, index: int, y: int, frame: Frame) -> Strip:
        width = frame.width
        if not self._count:  # the empty message, wrapped: its end is often the hint
            lines = self.empty_message.wrap(width) if width > 0 else []
            if y < len(lines):
                style = self.get_visual_style("virtual-list--empty")
                return content_strip(self, lines[y], width, style)
            return Strip.blank(width, frame.row.rich_style)
        if index >= self._count:
            return Strip.blank(width, frame.row.rich_style)
        style = frame.cursor if index == self.cursor else frame.row
        key = (index, style)
        strip = self._strips.get(key)
        if strip is None:
            if len(self._strips) > 4096:
                self._strips.clear()
            strip = self._strips[key] = self.row_strip(index, width, style)
        return strip

    def row_strip(self, index: int, width: int, style: Style) -> Strip:
        """Row ``index`` drawn ``width`` cells wide over ``style``: :meth:`render_row`'s
        content. A list whose rows cost a visible part of a keystroke draws them itself."""
        return content_strip(self, self.render_row(index, width), width, style)


def content_strip(widget: Widget, content: Content, width: int, style: Style) -> Strip:
    """One row of ``content`` drawn for ``widget``, no wrapping machinery: styled segments
    cropped or padded to ``width`` (``$variables`` resolved against the widget's theme)."""
    segments = [
        Segment(text, piece.rich_style if piece else None)
        for text, piece in content.render(style, "", parse_style=style_parser(widget))
    ]
    return Strip(segments).crop_extend(0, width, style.rich_style)


def style_parser(widget: Widget) -> Callable[[str | Style], Style]:
    """How ``Content.render`` turns style text into a style for ``widget``: through the
    app's stylesheet (which resolves ``$variables`` against the current theme); a style
    that does not parse draws plain, as Textual's own widgets draw it."""
    parse = widget.app.stylesheet.parse_style

    def parse_style(text: str | Style) -> Style:
        try:
            return parse(text)
        except Exception:
            return Style.null()

    return parse_style
