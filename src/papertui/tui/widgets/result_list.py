"""The result list: short name, title (matches highlighted) and year of every result.

A :class:`VirtualList` over a plain sequence of paper ids, so showing 100k results costs
the same as showing ten. It posts :class:`PaperHighlighted` when the cursor moves and
:class:`ShowPaper` on Enter.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import ClassVar

from textual.binding import BindingType
from textual.content import Content

from papertui.library.model import Library, Paper
from papertui.tui.messages import PaperHighlighted, ShowPaper
from papertui.tui.safetext import safe_text
from papertui.tui.widgets.virtual_list import VirtualList

Highlighter = Callable[[str, str], list[tuple[int, int]]]

MATCH_STYLE = "bold underline $text-accent"
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
        # id -> safe (short, title) and year: a row shown again reads no record
        self._texts: dict[str, tuple[Content, Content, Content]] = {}
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

    def _marked(self, content: Content) -> Content:
        if self._query and self._highlighter is not None:
            for start, end in self._highlighter(content.plain, self._query):
                content = content.stylize(MATCH_STYLE, start, end)
        return content

    def render_row(self, index: int, width: int) -> Content:
        assert self._library is not None
        paper_id = self._ids[index]
        texts = self._texts.get(paper_id)
        if texts is None:
            paper: Paper | None = self._library.get(paper_id)
            if paper is None:  # pragma: no cover - ids always come from the library
                return Content("?")
            if len(self._texts) > 10_000:
                self._texts.clear()
            year = Content(paper.date[:4]).stylize("$text-muted")
            texts = self._texts[paper_id] = (safe_text(paper.short), safe_text(paper.title), year)
        badge = None
        if self.badges is not None:
            badge = Content(self.badges(paper_id)[:BADGE_WIDTH].ljust(BADGE_WIDTH))
            width -= BADGE_WIDTH + 1
        short_width = min(SHORT_WIDTH, max(6, width // 5))
        title_width = max(1, width - short_width - YEAR_WIDTH - 2)
        short = self._marked(texts[0]).truncate(short_width, ellipsis=True, pad=True)
        title = self._marked(texts[1]).truncate(title_width, ellipsis=True, pad=True)
        if badge is not None:
            return Content.assemble(badge, " ", short, " ", title, " ", texts[2])
        return Content.assemble(short, " ", title, " ", texts[2])
