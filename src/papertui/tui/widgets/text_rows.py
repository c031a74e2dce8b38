"""A virtual list of ready-made ``Content`` rows (e.g. every load problem)."""

from __future__ import annotations

from collections.abc import Sequence

from textual.content import Content
from textual.message import Message

from papertui.tui.widgets.virtual_list import VirtualList


class TextRows(VirtualList):
    """One ``Content`` per row; any number of rows. Posts :class:`Highlighted` on moves."""

    class Highlighted(Message):
        """The cursor is on row ``index``."""

        def __init__(self, index: int) -> None:
            super().__init__()
            self.index = index

    class Selected(Message):
        """Enter (or a double click) on row ``index``."""

        def __init__(self, index: int) -> None:
            super().__init__()
            self.index = index

    def show(self, rows: Sequence[Content]) -> None:
        self._rows = rows
        self.set_count(len(rows))

    def render_row(self, index: int, width: int) -> Content:
        return self._rows[index]

    def row_selected(self, index: int) -> None:
        self.post_message(self.Selected(index))

    def cursor_changed(self, index: int) -> None:
        if self.count:
            self.post_message(self.Highlighted(index))
