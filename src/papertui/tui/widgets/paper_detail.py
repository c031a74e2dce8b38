"""The detail panel: everything about one paper, then its lineage as links to follow.

One Line API widget (a ``ScrollView`` that draws its own rows). Showing another paper
wraps the new text once and repaints this pane alone: its size never changes and its
scrollbar is always there, so a jump never asks for a screen-wide layout (the old
panel of Statics and OptionLists cost two layouts and a full repaint per jump).

Each link is one row (short name, year, title, cut to the width); the highlighted link
shows its edge type and reason on the rows under it.

Keys, when focused: ``j``/``k`` and the arrows move between the "Builds on" and "Built
upon by" links (scrolling to them), ``J``/``K`` (or ``}``/``{``) jump to the next and
previous section, ``t`` then letters finds a link by its name or title, Enter posts
:class:`ShowPaper` for the highlighted one, PageUp/PageDown, space and ctrl+f/b/d/u scroll
the text, ``g``/``G`` go to the top and bottom.
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from pathlib import Path
from typing import ClassVar

from textual.binding import Binding, BindingType
from textual.content import Content
from textual.events import Click, Key, Resize
from textual.geometry import Region, Size
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.style import Style

from papertui.library.fold import fold
from papertui.library.model import Library
from papertui.personal.entry import Entry
from papertui.tui.messages import ShowPaper
from papertui.tui.safetext import safe_text
from papertui.tui.widgets import thumb
from papertui.tui.widgets.detail_blocks import EMPTY, Block, paper_blocks
from papertui.tui.widgets.rowdiff import frame, repaint_changed
from papertui.tui.widgets.virtual_list import content_strip


class PaperDetail(ScrollView, can_focus=True):
    """Title, metadata, text, links, then "Builds on" and "Built upon by"."""

    HELP = """
## Detail
**j** / **k** move between the **Builds on** and **Built upon by** links, one row each
(the highlighted one shows how it is related); **J** / **K** (or **}** / **{**) jump
between the two sections; **t** then a few letters finds a link by name or title (Enter
follows, Esc stops finding). **Enter** follows the highlighted link. **[** / **]** (or
Backspace, alt+left / alt+right) go back and forward. PageUp / PageDown, space and
ctrl+f / ctrl+b / ctrl+d / ctrl+u scroll the text.
"""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("down,j", "next_link", "Next link", show=False, id="detail.next-link"),
        Binding("up,k", "previous_link", "Previous link", show=False, id="detail.previous-link"),
        Binding(
            "J,right_curly_bracket",
            "next_section",
            "Next section",
            show=False,
            id="detail.next-section",
        ),
        Binding(
            "K,left_curly_bracket",
            "previous_section",
            "Previous section",
            show=False,
            id="detail.previous-section",
        ),
        Binding("t", "find_link", "Find link", show=False, id="detail.find-link"),
        Binding("enter", "follow", "Follow link", show=False, id="detail.follow"),
        Binding(
            "pagedown,space,ctrl+f", "page_down", "Page down", show=False, id="detail.page-down"
        ),
        Binding("pageup,ctrl+b", "page_up", "Page up", show=False, id="detail.page-up"),
        Binding(
            "ctrl+d", "half_page_down", "Half page down", show=False, id="detail.half-page-down"
        ),
        Binding("ctrl+u", "half_page_up", "Half page up", show=False, id="detail.half-page-up"),
        Binding("home,g", "scroll_home", "Top", show=False, id="detail.scroll-home"),
        Binding("end,G", "scroll_end", "Bottom", show=False, id="detail.scroll-end"),
    ]

    COMPONENT_CLASSES: ClassVar[set[str]] = {"paper-detail--link-cursor", thumb.COMPONENT}

    DEFAULT_CSS = (
        """
    PaperDetail {
        overflow-x: hidden;
        overflow-y: scroll;"""
        + thumb.CSS
        + """
        & > .paper-detail--link-cursor { text-style: bold; }
        &:focus > .paper-detail--link-cursor {
            background: $block-cursor-background;
            color: $block-cursor-foreground;
            text-style: $block-cursor-text-style;
        }
        &:nocolor:focus > .paper-detail--link-cursor { text-style: reverse bold; }
    }
    """
    )

    link_cursor: reactive[int] = reactive(-1, init=False, repaint=False)
    """Index of the highlighted link in :attr:`link_ids`; -1: none. The cursor is on
    screen or absent: a new paper starts without one, the first ``j`` picks the first
    link in view, and Enter never follows a link scrolled out of view."""

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.paper_id: str | None = None
        self.builds_on_ids: list[str] = []
        self.built_upon_ids: list[str] = []
        self._blocks: list[Block] = [Block(EMPTY)]
        self._lines: list[tuple[Content, int | None]] = []  # wrapped rows, link index
        self._link_rows: list[tuple[int, int]] = []  # each link's [first, end) row
        self._wrapped_width = -1
        self._strips: dict[tuple[int, Style], Strip] = {}  # by row and style (focus, theme)
        self.finding: str | None = None  # the letters typed after ``t``; None: not finding

    # -- what is shown ------------------------------------------------------------------

    @property
    def link_ids(self) -> list[str]:
        """Every link, "Builds on" first, in the order ``j`` visits them."""
        return self.builds_on_ids + self.built_upon_ids

    @property
    def plain_text(self) -> str:
        """All of the panel's text, including what is scrolled out of view and each
        link's reason (shown while the link is highlighted)."""
        return "\n".join(
            block.content.plain + (f"\n{block.more.plain}" if block.more is not None else "")
            for block in self._blocks
        )

    folder_of: Callable[[str], Path | None] | None = None  # set when data folders are layered
    not_loaded: Collection[str] = frozenset()  # ids of papers whose file did not load
    mine: Callable[[str], Entry | None] | None = None  # the reading state, once it is open
    entry_shown: Entry | None = None  # the reading state of the paper shown

    def show(self, library: Library | None, paper_id: str | None, *, again: bool = False) -> None:
        """Show ``paper_id`` (no-op when it is already shown, unless ``again``: its reading
        state changed)."""
        if paper_id == self.paper_id and paper_id is not None and not again:
            return
        self.paper_id = paper_id
        paper = library.get(paper_id) if library is not None and paper_id else None
        if paper is None or library is None:
            self.builds_on_ids, self.built_upon_ids = [], []
            self.entry_shown = None
            self._set_blocks([Block(EMPTY)])
            return
        folder = self.folder_of(paper.id) if self.folder_of is not None else None
        entry = self.entry_shown = self.mine(paper.id) if self.mine is not None else None
        blocks, self.builds_on_ids, self.built_upon_ids = paper_blocks(
            library, paper, folder, self.not_loaded, entry
        )
        self._set_blocks(blocks)

    def _set_blocks(self, blocks: list[Block]) -> None:
        self._stop_finding()
        height = self.scrollable_content_region.height
        steady = self.is_mounted and self.scroll_offset.y == 0 and self._wrapped_width >= 0
        before = [self.render_line(y) for y in range(height)] if steady else []
        self._blocks = blocks
        self._wrapped_width = -1
        self._strips.clear()
        self.set_reactive(PaperDetail.link_cursor, -1)
        self._wrap()
        self.scroll_to(0, 0, animate=False, immediate=True)
        if not before:
            self.refresh()
            return
        repaint_changed(self, before)  # another paper: only what changed (rowdiff.py)

    def _wrap(self) -> None:
        """Wrap the blocks to the current width (once per paper and width)."""
        width = max(0, self.scrollable_content_region.width - thumb.WIDTH)
        if width == self._wrapped_width:
            return
        self._wrapped_width = width
        self._strips.clear()
        lines: list[tuple[Content, int | None]] = []
        link_rows: list[tuple[int, int]] = []
        for block in self._blocks:
            start = len(lines)
            pad = Content(" " * block.indent)
            if block.link is None:
                for line in block.content.wrap(max(1, width - block.indent)):
                    lines.append((pad + line if block.indent else line, block.link))
                continue
            # A link is one row; the highlighted one also shows how it is related.
            row = block.content.truncate(max(1, width - block.indent), ellipsis=True)
            lines.append((pad + row, block.link))
            if block.more is not None and block.link == self.link_cursor:
                more_pad = Content(" " * (block.indent + 2))
                for line in block.more.wrap(max(1, width - block.indent - 2)):
                    lines.append((more_pad + line, block.link))
            link_rows.append((start, len(lines)))
        self._lines = lines
        self._link_rows = link_rows
        thumb.set_extent(self, Size(width, len(lines)))

    def on_resize(self, event: Resize) -> None:
        self._wrap()

    # -- the link cursor ----------------------------------------------------------------

    def watch_link_cursor(self, old: int, new: int) -> None:
        self._wrapped_width = -1  # the highlighted link's reason moves with it
        self._wrap()
        self.refresh()
        self._scroll_to_link(new)

    def _scroll_to_link(self, index: int) -> None:
        if 0 <= index < len(self._link_rows):
            start, end = self._link_rows[index]
            region = Region(0, start, 1, end - start)
            self.scroll_to_region(region, animate=False, force=True, immediate=True)

    def on_focus(self) -> None:
        self.refresh()

    def select_link(self, index: int) -> None:
        """Put the cursor on link ``index`` and scroll to it (Back and Forward restore it)."""
        if 0 <= index < len(self._link_rows):
            self.link_cursor = index

    def _in_view(self, index: int) -> bool:
        if not 0 <= index < len(self._link_rows):
            return False
        start, end = self._link_rows[index]
        top = int(self.scroll_offset.y)
        return start < top + self.scrollable_content_region.height and end > top

    def action_next_link(self) -> None:
        if not self._in_view(self.link_cursor):  # none, or scrolled away: the first in view
            top = int(self.scroll_offset.y)
            for index, (start, _end) in enumerate(self._link_rows):
                if start >= top:
                    self.link_cursor = index
                    return
            self.scroll_down(animate=False, immediate=True)
            return
        if self.link_cursor + 1 < len(self._link_rows):
            self.link_cursor += 1
        else:  # no link further down: show the rest of the text
            self.scroll_down(animate=False, immediate=True)

    def action_previous_link(self) -> None:
        if self.link_cursor > 0 and self._in_view(self.link_cursor):
            self.link_cursor -= 1
        else:  # above the first link there is only text: scroll back up through it
            self.link_cursor = -1
            self.scroll_up(animate=False, immediate=True)

    def action_follow(self) -> None:
        links = self.link_ids
        if not self._in_view(self.link_cursor):
            self.link_cursor = -1  # never follow a link the user cannot see
            return
        if 0 <= self.link_cursor < len(links):
            self.post_message(ShowPaper(links[self.link_cursor]))

    def action_page_down(self) -> None:
        self.scroll_page_down(animate=False)

    def action_page_up(self) -> None:
        self.scroll_page_up(animate=False)

    def action_half_page_down(self) -> None:
        height = max(1, self.scrollable_content_region.height // 2)
        self.scroll_relative(y=height, animate=False, immediate=True)

    def action_half_page_up(self) -> None:
        height = max(1, self.scrollable_content_region.height // 2)
        self.scroll_relative(y=-height, animate=False, immediate=True)

    # -- sections and type-to-find ------------------------------------------------------

    def action_next_section(self) -> None:
        """The first "Built upon by" link, or from there back to the first "Builds on"."""
        first_after = len(self.builds_on_ids)
        if self.built_upon_ids and self.link_cursor < first_after:
            self._to_section(first_after)
        elif self.builds_on_ids:
            self._to_section(0)

    def action_previous_section(self) -> None:
        """The first "Builds on" link, or from there to the first "Built upon by"."""
        if not 0 <= self.link_cursor < len(self.builds_on_ids) and self.builds_on_ids:
            self._to_section(0)
        elif self.built_upon_ids:
            self._to_section(len(self.builds_on_ids))

    def _to_section(self, first: int) -> None:
        """The cursor on link ``first``, its section shown from its heading (the row above
        its first link), so the section's links fill the panel."""
        self.link_cursor = first
        if 0 <= first < len(self._link_rows):
            heading = max(0, self._link_rows[first][0] - 1)
            self.scroll_to(y=heading, animate=False, force=True, immediate=True)

    def action_find_link(self) -> None:
        """Start type-to-find: the next letters pick a link by its name or title."""
        if not self.link_ids:
            self.notify("This paper has no links to find", severity="information")
            return
        self.finding = ""
        self._show_finding()

    def _stop_finding(self) -> None:
        if self.finding is not None:
            self.finding = None
            frame(self).border_subtitle = None

    def _show_finding(self) -> None:
        text = self.finding or ""
        frame(self).border_subtitle = Content.assemble(
            Content("find link: ").stylize("$text-muted"), safe_text(text or "\u2026", "bold")
        )

    def find_link(self, text: str) -> int:
        """The first link whose name starts with ``text``, else whose name or title holds
        it (folded), from the highlighted link on; -1 when none does."""
        needle = fold(text)
        finds = [block.find for block in self._blocks if block.link is not None]
        count = len(finds)
        if not needle or not count:
            return -1
        start = max(0, self.link_cursor)
        order = [(start + step) % count for step in range(count)]
        for index in order:
            if finds[index].startswith(needle):
                return index
        for index in order:
            if needle in finds[index]:
                return index
        return -1

    def on_key(self, event: Key) -> None:
        if self.finding is None:
            return
        if event.key in ("escape", "enter") or not (event.is_printable and event.character):
            self._stop_finding()  # Enter then follows; Esc only stops finding
            if event.key == "escape":
                event.stop()
                event.prevent_default()
            return
        event.stop()
        event.prevent_default()
        self.finding += event.character
        found = self.find_link(self.finding)
        if found >= 0:
            self.link_cursor = found
        else:
            self.app.bell()
            self.finding = self.finding[:-1]
        self._show_finding()

    def on_blur(self) -> None:
        self._stop_finding()
        self.refresh()

    def on_click(self, event: Click) -> None:
        row = int(self.scroll_offset.y) + event.y
        if 0 <= row < len(self._lines) and (link := self._lines[row][1]) is not None:
            self.link_cursor = link
            if event.chain > 1:
                self.action_follow()

    # -- drawing ------------------------------------------------------------------------

    def render_line(self, y: int) -> Strip:
        self._wrap()
        row = int(self.scroll_offset.y) + y
        return thumb.draw(self, y, len(self._lines), self._row_strip(row))

    def _row_strip(self, row: int) -> Strip:
        width = self._wrapped_width
        if row >= len(self._lines):
            return Strip.blank(width, self.get_visual_style().rich_style)
        content, link = self._lines[row]
        if link is not None and link == self.link_cursor:
            style = self.get_visual_style("paper-detail--link-cursor")
        else:
            style = self.get_visual_style()
        key = (row, style)
        strip = self._strips.get(key)
        if strip is None:
            strip = self._strips[key] = content_strip(self, content, width, style)
        return strip
