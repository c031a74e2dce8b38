"""The sidebar's reading-state counts: unread, reading, read, starred and with a note,
counted over the current results (so they follow the search, era and tags like the tag
counts do). Enter or space adds the row's filter (``is:read``...) to the search box, or
takes it out again. The screen shows the pane once the state holds something."""

from __future__ import annotations

from collections.abc import Collection, Mapping
from typing import ClassVar

from textual.binding import Binding, BindingType
from textual.content import Content

from papertui.tui.messages import TogglePersonalFilter
from papertui.tui.widgets.tag_facets import SELECTED, UNSELECTED
from papertui.tui.widgets.virtual_list import VirtualList

# (filter, label): the rows, in order
ROWS = (
    ("is:unread", "\u00b7 Unread"),
    ("is:reading", "\u25d0 Reading"),
    ("is:read", "\u2713 Read"),
    ("is:starred", "* Starred"),
    ("has:note", "\u270e With a note"),
)


class PersonalFacets(VirtualList):
    """One row per reading-state filter: a selection mark, its name and its count."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("space", "select", "Toggle filter", show=False, id="mine.select"),
    ]

    HELP = """
## Reading
Counts of the results by reading state. **Enter**/**space** adds the filter
(`is:unread`, `is:reading`, `is:read`, `is:starred`, `has:note`) to the search, or removes it.
"""

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.counts: dict[str, int] = {}
        self._selected: frozenset[str] = frozenset()

    def on_mount(self) -> None:
        self.set_count(len(ROWS))

    def show(self, counts: Mapping[str, int], selected: Collection[str]) -> None:
        """``counts``: filter -> results passing it; ``selected``: the filters in use."""
        counts, chosen = dict(counts), frozenset(selected)
        if counts == self.counts and chosen == self._selected:
            return
        self.counts, self._selected = counts, chosen
        self.invalidate_rows()

    def render_row(self, index: int, width: int) -> Content:
        term, label = ROWS[index]
        picked = term in self._selected
        mark = Content(SELECTED if picked else UNSELECTED)
        number = Content(f" {self.counts.get(term, 0):,}").stylize("$text-muted")
        name_width = max(1, width - mark.cell_length - number.cell_length)
        name = Content(label).stylize("bold" if picked else "")
        return Content.assemble(mark, name.truncate(name_width, ellipsis=True, pad=True), number)

    def row_selected(self, index: int) -> None:
        self.post_message(TogglePersonalFilter(ROWS[index][0]))
