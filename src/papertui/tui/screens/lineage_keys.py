"""The main screen's lineage keys (a mixin of :class:`MainScreen`): ``l`` opens the
lineage screen on the current paper, ``m`` marks it, ``p`` shows the path from the marked
paper to the current one. A paper chosen on the lineage screen is a jump (the trail)."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual.binding import Binding, BindingType
from textual.screen import Screen

from papertui.tui.screens.lineage import LineageScreen, LineageState, PathScreen, path_text

if TYPE_CHECKING:
    from papertui.library.model import Library

    _Base = Screen[None]
else:
    _Base = object


class LineageKeysMixin(_Base):
    LINEAGE_BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "l",
            "lineage",
            "Lineage",
            show=False,
            tooltip="Ancestors and descendants of this paper",
            id="main.lineage",
        ),
        Binding(
            "m",
            "mark",
            "Mark",
            show=False,
            tooltip="Mark this paper (p shows the path)",
            id="main.mark",
        ),
        Binding(
            "p",
            "path",
            "Path",
            show=False,
            tooltip="Path from the marked paper to this",
            id="main.path",
        ),
    ]

    library: Library | None
    current: str | None

    def jump_to(self, paper_id: str, *, remember: bool = True) -> None:
        raise NotImplementedError  # TrailMixin's

    @property
    def lineage_state(self) -> LineageState:
        state: LineageState | None = getattr(self, "_lineage_state", None)
        if state is None:
            state = LineageState()
            self._lineage_state = state
        return state

    def action_lineage(self) -> None:
        if self.library is None or self.current is None:
            self.notify("Pick a paper first", severity="warning", markup=False)
            return
        screen = LineageScreen(self.library, self.current, self.lineage_state)
        self.app.push_screen(screen, self._lineage_picked)

    def _lineage_picked(self, paper_id: str | None) -> None:
        if paper_id is not None:
            self.jump_to(paper_id)

    def action_mark(self) -> None:
        if self.library is None or self.current is None:
            return
        self.lineage_state.marked = self.current
        paper = self.library.papers[self.current]
        self.notify(f"Marked {paper.short}: p on another paper shows the path", markup=False)

    def action_path(self) -> None:
        marked = self.lineage_state.marked
        if self.library is None or self.current is None or marked not in self.library:
            self.notify("Mark a paper with m first", severity="warning", markup=False)
            return
        assert marked is not None
        self.app.push_screen(PathScreen(path_text(self.library, marked, self.current)))
