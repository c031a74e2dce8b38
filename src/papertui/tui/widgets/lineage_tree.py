"""The lineage tree: one line per row of a :class:`papertui.library.lineage.Tree`.

A dumb renderer (a :class:`VirtualList`: only the rows on screen are drawn): the lineage
screen hands it the rows and the library; it draws tree lines, the depth, the paper and
the edge's type and reason (data only through ``safe_text``), and posts
:class:`LineageTree.Selected` up. A tree may have thousands of rows; opening it or
changing its depth costs a screenful of rows, not the whole tree (an ``OptionList`` laid
out every row: ~150 ms for the most connected paper of a 100k-paper corpus).
"""

from __future__ import annotations

from textual.content import Content
from textual.message import Message

from papertui.library import lineage
from papertui.library.lineage import Row, Tree
from papertui.library.model import Library, Link
from papertui.tui.safetext import safe_text
from papertui.tui.widgets.virtual_list import VirtualList


class Prefixes:
    """Tree-line prefixes ("│  ├─ ") from each row's depth and ``last`` flag, worked out
    down to the deepest row asked for so far (a screenful at the top costs a screenful)."""

    def __init__(self, rows: tuple[Row, ...]) -> None:
        self._rows = rows
        self._done: list[str] = []
        self._open: list[bool] = []  # per depth: a later sibling follows (draw "│")

    def __getitem__(self, index: int) -> str:
        rows, done, open_levels = self._rows, self._done, self._open
        while len(done) <= index:
            row = rows[len(done)]
            if row.depth == 0:
                done.append("")
                open_levels.clear()
                continue
            del open_levels[row.depth - 1 :]
            bars = "".join("\u2502  " if more else "   " for more in open_levels)
            done.append(bars + ("\u2514\u2500 " if row.last else "\u251c\u2500 "))
            open_levels.append(not row.last)
        return done[index]


def row_content(library: Library, row: Row, prefix: str, link: Link | None = None) -> Content:
    """One row: depth, tree lines, the paper (or a reference, a cycle, "… N more") and
    the ``link`` to its parent row (type and reason) where the data has one."""
    depth = Content(f"{row.depth} ").stylize("$text-muted")
    lines = Content(prefix).stylize("$text-muted")
    if row.kind == "more":
        return Content.assemble(depth, lines, Content(f"\u2026 {row.more} more").stylize("italic"))
    paper = library.get(row.paper_id)
    short = paper.short if paper else row.paper_id
    year = f" {paper.date[:4]}" if paper else ""
    parts: list[Content | str] = [depth, lines]
    if row.kind == "ref":
        parts += [Content("\u21aa ").stylize("$text-muted"), safe_text(short, "italic")]
        parts.append(Content(f"{year} (see depth {row.seen_at})").stylize("$text-muted"))
    elif row.kind == "cycle":
        parts += [Content("\u21ba ").stylize("$text-warning"), safe_text(short, "italic")]
        parts.append(Content(" (cycle)").stylize("$text-warning"))
    else:
        parts += [safe_text(short, "bold"), Content(year).stylize("$text-muted")]
        if row.hidden:
            parts.append(Content(f" +{row.hidden}").stylize("$text-accent"))
    if link is not None and (link.type or link.reason):
        parts.append("  ")
        if link.type:
            parts.append(safe_text(link.type, "$text-success"))
        if link.reason:
            parts += [" ", safe_text(link.reason, "$text-muted")]
    return Content.assemble(*parts)


class LineageTree(VirtualList):
    """The rows of one lineage tree; Enter posts :class:`Selected` (not on "… N more")."""

    class Selected(Message):
        """Enter on row ``index`` (a paper, a reference or a cycle)."""

        def __init__(self, index: int, row: Row) -> None:
            super().__init__()
            self.index = index
            self.row = row

    DEFAULT_CSS = """
    LineageTree { height: 1fr; }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._library: Library | None = None
        self._tree: Tree | None = None
        self._prefixes = Prefixes(())
        self.empty_message = Content("No such paper")

    def show(self, library: Library, tree: Tree) -> None:
        self._library = library
        self._tree = tree
        self._prefixes = Prefixes(tree.rows)
        self.set_count(len(tree.rows))

    @property
    def rows(self) -> tuple[Row, ...]:
        return self._tree.rows if self._tree is not None else ()

    def row_at(self, index: int | None) -> Row | None:
        rows = self.rows
        return rows[index] if index is not None and 0 <= index < len(rows) else None

    def content_at(self, index: int) -> Content:
        """Row ``index`` as drawn (its edge looked up now: only drawn rows need one)."""
        tree, library = self._tree, self._library
        assert tree is not None and library is not None
        row = tree.rows[index]
        edge = lineage.link(library, tree.direction, row)
        return row_content(library, row, self._prefixes[index], edge)

    def render_row(self, index: int, width: int) -> Content:
        content = self.content_at(index)
        return content.truncate(width, ellipsis=True) if content.cell_length > width else content

    def row_selected(self, index: int) -> None:
        row = self.row_at(index)
        if row is not None and row.kind != "more":
            self.post_message(self.Selected(index, row))
