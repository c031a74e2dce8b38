"""The result list: short name, title (matches highlighted) and year of every result.

A :class:`VirtualList` over a plain sequence of paper ids, so showing 100k results costs
the same as showing ten. It posts :class:`PaperHighlighted` when the cursor moves and
:class:`ShowPaper` on Enter.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import ClassVar

from rich.cells import cell_len, set_cell_size
from rich.segment import Segment
from rich.style import Style as RichStyle
from textual.binding import BindingType
from textual.content import Content
from textual.geometry import Region
from textual.strip import Strip
from textual.style import Style

from papertui.library.model import Library, Paper
from papertui.tui.messages import PaperHighlighted, ShowPaper
from papertui.tui.safetext import safe_plain
from papertui.tui.widgets.virtual_list import VirtualList, style_parser

Highlighter = Callable[[str, str], list[tuple[int, int]]]

MATCH_STYLE = "bold underline $text-accent"
PLAIN, MATCH, MUTED = 0, 1, 2  # a piece of a row: in the row's style, or plus its look
LOOKS = ("", MATCH_STYLE, "$text-muted")
SHORT_WIDTH = 14  # the title needs the room more: a long short name is cut
YEAR_WIDTH = 4
BADGE_WIDTH = 4


class ResultList(VirtualList):
    """The ordered result ids of the current search, one row per paper."""

    BINDINGS: ClassVar[list[BindingType]] = []

    HELP = """
## Results
Move with **j**/**k** or the arrows, **g**/**G** for first/last, page keys to page.
**Enter** opens the highlighted paper (recorded in the history).
"""

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self._library: Library | None = None
        self._ids: Sequence[str] = ()
        self._query = ""
        self._highlighter: Highlighter | None = None
        self._last_posted: str | None = None
        self._new_rows = False
        # id -> safe short name, title and year: a row shown again reads no record
        self._texts: dict[str, tuple[str, str, str]] = {}
        self._looks: dict[Style, list[RichStyle]] = {}  # a row's style -> its looks, rich
        # The screen's personal badge of a row (mark, star, status; BADGE_WIDTH cells).
        self.badges: Callable[[str], str] | None = None

    @property
    def ids(self) -> Sequence[str]:
        return self._ids

    @property
    def highlighted_id(self) -> str | None:
        return self._ids[self.cursor] if self._ids else None

    def show(
        self,
        library: Library,
        ids: Sequence[str],
        *,
        query: str = "",
        highlighter: Highlighter | None = None,
        keep: str | None = None,
        empty_message: Content | None = None,
    ) -> None:
        """Swap in new results; keep the cursor on ``keep`` if it is still there."""
        if library is not self._library:
            self._texts.clear()  # a reload may have changed any paper's texts
        self._library = library
        self._ids = ids
        self._query = query
        self._highlighter = highlighter
        if empty_message is not None:
            self.empty_message = empty_message
        cursor = 0
        if keep is not None and ids and ids[0] != keep:
            try:
                cursor = ids.index(keep)
            except ValueError:
                cursor = 0
        self._new_rows = True
        try:
            self.set_count(len(ids), cursor)
        finally:
            self._new_rows = False

    def move_to(self, paper_id: str, *, reveal: bool = True) -> bool:
        """Put the cursor on ``paper_id`` if it is in the list; True when found.
        ``reveal=False``: do not scroll to it now (see :meth:`move_cursor`)."""
        try:
            index = self._ids.index(paper_id)
        except ValueError:
            return False
        self.move_cursor(index, reveal=reveal)
        return True

    def cursor_changed(self, index: int) -> None:
        paper_id = self.highlighted_id
        if paper_id != self._last_posted:
            self._last_posted = paper_id
            self.post_message(PaperHighlighted(paper_id, new_results=self._new_rows))

    def row_selected(self, index: int) -> None:
        self.post_message(ShowPaper(self._ids[index]))

    def _row_texts(self, paper_id: str) -> tuple[str, str, str] | None:
        """The safe short name, title and year of ``paper_id``, read once."""
        texts = self._texts.get(paper_id)
        if texts is None:
            assert self._library is not None
            paper: Paper | None = self._library.get(paper_id)
            if paper is None:  # pragma: no cover - ids always come from the library
                return None
            if len(self._texts) > 10_000:
                self._texts.clear()
            short, title = safe_plain(paper.short), safe_plain(paper.title)
            texts = self._texts[paper_id] = (short, title, safe_plain(paper.date[:4]))
        return texts

    def pieces(self, index: int, width: int) -> list[tuple[str, int]]:
        """Row ``index`` at ``width`` cells as ``(text, look)`` pieces: :data:`PLAIN`,
        :data:`MATCH` (the free text found) or :data:`MUTED` (the year). Both ways of
        drawing a row (:meth:`row_strip` and :meth:`render_row`) start here."""
        paper_id = self._ids[index]
        texts = self._row_texts(paper_id)
        if texts is None:  # pragma: no cover - ids always come from the library
            return [("?", PLAIN)]
        out: list[tuple[str, int]] = []
        if self.badges is not None:
            out.append((self.badges(paper_id)[:BADGE_WIDTH].ljust(BADGE_WIDTH) + " ", PLAIN))
            width -= BADGE_WIDTH + 1
        short_width = min(SHORT_WIDTH, max(6, width // 5))
        self._cell(out, texts[0], short_width)
        out.append((" ", PLAIN))
        self._cell(out, texts[1], max(1, width - short_width - YEAR_WIDTH - 2))
        out.append((" ", PLAIN))
        out.append((texts[2], MUTED))
        return out

    def _cell(self, out: list[tuple[str, int]], text: str, width: int) -> None:
        """``text`` cut (with an ellipsis) or padded to ``width`` cells, its matches marked,
        as ``Content.truncate`` would cut and pad it."""
        spans: Sequence[tuple[int, int]] = ()
        if self._query and self._highlighter is not None:
            spans = self._highlighter(text, self._query)
        cells = cell_len(text)
        if cells > width:
            text = set_cell_size(text, width - 1) + "\u2026" if width else ""
            end = len(text)
            spans = [(start, min(stop, end)) for start, stop in spans if start < end]
        elif cells < width:
            text += " " * (width - cells)
        at = 0
        for start, stop in spans:
            if start > at:
                out.append((text[at:start], PLAIN))
            out.append((text[start:stop], MATCH))
            at = stop
        if at < len(text):
            out.append((text[at:], PLAIN))

    def render_row(self, index: int, width: int) -> Content:
        pieces = self.pieces(index, width)
        content = Content("".join(text for text, _look in pieces))
        at = 0
        for text, look in pieces:
            if look != PLAIN:
                content = content.stylize(LOOKS[look], at, at + len(text))
            at += len(text)
        return content

    def render_lines(self, crop: Region) -> list[Strip]:
        self._looks.clear()  # the theme may have changed since the last repaint
        return super().render_lines(crop)

    def row_strip(self, index: int, width: int, style: Style) -> Strip:
        """The row as segments made straight from :meth:`pieces`: what ``Content`` would
        render (the same text, each piece in ``style`` plus its look, runs of one look
        merged), without building and rendering two ``Content`` objects a row (about
        half of a 33-row repaint)."""
        looks = self._looks.get(style)
        if looks is None:
            parse = style_parser(self)
            looks = [style.rich_style] + [(style + parse(look)).rich_style for look in LOOKS[1:]]
            self._looks[style] = looks
        segments: list[Segment] = []
        last = -1
        for text, look in self.pieces(index, width):
            if not text:
                continue
            if look == last:
                segments[-1] = Segment(segments[-1].text + text, looks[look])
            else:
                segments.append(Segment(text, looks[look]))
                last = look
        if cell_len("".join(text for text, _style, _control in segments)) == width:
            return Strip(segments, width)  # the usual case: no second strip to fit it
        return Strip(segments).crop_extend(0, width, looks[PLAIN])
