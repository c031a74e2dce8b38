"""Where a loaded paper's id and era are written, looked up only for a message (core).

A paper read by :mod:`.fastpath` has no id and era positions ((0, 0)): they are used only
in cross-file messages (an unknown era, an era that does not hold the date, an id defined
twice), so :class:`Positions` composes its file again, once, when such a message needs
them.
"""

from __future__ import annotations

from collections.abc import Callable

from papertui.library.schema import PaperFields


class Positions:
    """``of(fields)``: the fields with their positions (the composer's, for a fast-path
    paper: ``reparse(file)`` gives the file's fields as the composer reads them)."""

    def __init__(self, reparse: Callable[[str], list[PaperFields]]) -> None:
        self.reparse = reparse
        self.slow: dict[str, list[PaperFields]] = {}

    def of(self, fields: PaperFields) -> PaperFields:
        if fields.id_pos != (0, 0):
            return fields
        paper = fields.paper
        if paper.file not in self.slow:
            self.slow[paper.file] = self.reparse(paper.file)
        for slow in self.slow[paper.file]:
            if slow.paper.id == paper.id and slow.paper.line == paper.line:
                return slow
        return PaperFields(paper, (paper.line, 1), (paper.line, 1))  # the file changed since


__all__ = ["Positions"]
