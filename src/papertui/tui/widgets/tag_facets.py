"""Tag facets: every tag of the current result set with its live count.

Enter or space toggles a tag (several combine with AND); ``x`` clears them all. Selected
tags stay listed (marked) even when the results no longer contain them, so they can
always be cleared one at a time.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping
from typing import ClassVar

from textual.binding import Binding, BindingType
from textual.content import Content

from papertui.tui.messages import ClearTags, ToggleTag
from papertui.tui.safetext import safe_text
from papertui.tui.widgets.virtual_list import VirtualList

SELECTED = "\u25c9 "  # ◉
UNSELECTED = "\u25cb "  # ○


class TagFacets(VirtualList):
    """One row per tag: a selection mark, the tag and its count in the results."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("space", "select", "Toggle tag", show=False, id="tags.select"),
        Binding("x", "clear_tags", "Clear tags", show=False, id="tags.clear-tags"),
    ]

    HELP = """
## Tags
**Enter**/**space** toggles the highlighted tag; selected tags combine with AND.
**x** clears every selected tag.
"""

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self._rows: list[tuple[str, int]] = []
        self._depth: dict[str, int] = {}
        self._selected: frozenset[str] = frozenset()
        self.empty_message = Content("No tags in these results")

    @property
    def tags(self) -> list[str]:
        """The tags in display order."""
        return [tag for tag, _ in self._rows]

    def count_of(self, tag: str) -> int | None:
        for name, count in self._rows:
            if name == tag:
                return count
        return None

    def show(
        self,
        counts: Mapping[str, int],
        selected: Collection[str],
        paths: Callable[[str], tuple[str, ...]] | None = None,
    ) -> None:
        """Show ``counts`` (tag -> results having it); keep the cursor on the same tag.

        With ``paths`` (a tag -> its ancestors and itself, root first), the unselected tags
        are drawn as a tree: each child indented under its parent, siblings by name.
        """
        here = self._rows[self.cursor][0] if self._rows else None
        chosen = sorted(selected, key=str.casefold)
        tree = paths or (lambda tag: (tag,))
        self._depth = {t: len(tree(t)) - 1 for t in counts}
        others = sorted(
            (t for t, n in counts.items() if n and t not in selected),
            key=lambda t: [part.casefold() for part in tree(t)],
        )
        self._selected = frozenset(selected)
        self._rows = [(t, counts.get(t, 0)) for t in chosen] + [(t, counts[t]) for t in others]
        cursor = 0
        if here is not None:
            for index, (tag, _) in enumerate(self._rows):
                if tag == here:
                    cursor = index
                    break
        self.set_count(len(self._rows), cursor)

    def render_row(self, index: int, width: int) -> Content:
        tag, count = self._rows[index]
        picked = tag in self._selected
        indent = "  " * min(self._depth.get(tag, 0), 3) if not picked else ""
        mark = Content(indent + (SELECTED if picked else UNSELECTED))
        number = Content(f" {count}").stylize("$text-muted")
        name_width = max(1, width - mark.cell_length - number.cell_length)
        name = safe_text(tag, "bold" if picked else "").truncate(
            name_width, ellipsis=True, pad=True
        )
        return Content.assemble(mark, name, number)

    def row_selected(self, index: int) -> None:
        self.post_message(ToggleTag(self._rows[index][0]))

    def action_clear_tags(self) -> None:
        self.post_message(ClearTags())
