"""A virtual list of ready-made ``Content`` rows (e.g. every load problem)."""

from __future__ import annotations

from collections.abc import Sequence

from textual.content import Content

from papertui.widgets.virtual_list import VirtualList


class TextRows(VirtualList):
    """One ``Content`` per row; any number of rows."""

    def show(self, rows: Sequence[Content]) -> None:
        self._rows = rows
        self.set_count(len(rows))

    def render_row(self, index: int, width: int) -> Content:
        return self._rows[index]
