"""The lineage tree: one line per row of a :class:`papertui.library.lineage.Tree`.

A dumb renderer: the lineage screen hands it the rows and the library; it draws tree
lines, the depth, the paper and the edge's type and reason (data only through
``safe_text``), and posts ``OptionList.OptionSelected`` / ``OptionHighlighted`` up.
"""

from __future__ import annotations

from textual.content import Content
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from papertui.library.lineage import Row, Tree
from papertui.library.model import Library
from papertui.tui.safetext import safe_text


def _prefixes(rows: tuple[Row, ...]) -> list[str]:
    """Tree-line prefixes ("│  ├─ ") from each row's depth and ``last`` flag."""
    out: list[str] = []
    open_levels: list[bool] = []  # per depth: a later sibling follows (draw "│")
    for row in rows:
        if row.depth == 0:
            out.append("")
            open_levels = []
            continue
        del open_levels[row.depth - 1 :]
        bars = "".join("\u2502  " if more else "   " for more in open_levels)
        out.append(bars + ("\u2514\u2500 " if row.last else "\u251c\u2500 "))
        open_levels.append(not row.last)
    return out


def row_content(library: Library, row: Row, prefix: str) -> Content:
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
    if row.link is not None and (row.link.type or row.link.reason):
        parts.append("  ")
        if row.link.type:
            parts.append(safe_text(row.link.type, "$text-success"))
        if row.link.reason:
            parts += [" ", safe_text(row.link.reason, "$text-muted")]
    return Content.assemble(*parts)


class LineageTree(OptionList):
    """The rows of one lineage tree; option ids are paper ids (``more`` rows disabled)."""

    DEFAULT_CSS = """
    LineageTree { height: 1fr; text-wrap: nowrap; text-overflow: ellipsis; border: none; }
    """

    def show(self, library: Library, tree: Tree) -> None:
        options = []
        for row, prefix in zip(tree.rows, _prefixes(tree.rows), strict=True):
            options.append(Option(row_content(library, row, prefix), disabled=row.kind == "more"))
        self.clear_options()
        self.add_options(options)
        self._rows = tree.rows
        if options:
            self.highlighted = 0

    def row_at(self, index: int | None) -> Row | None:
        rows: tuple[Row, ...] = getattr(self, "_rows", ())
        return rows[index] if index is not None and 0 <= index < len(rows) else None
