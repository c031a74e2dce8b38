"""Jumps and the back/forward trail of the main screen (a mixin of :class:`MainScreen`).

A jump (a link in the detail panel, the palette, a paper in the era tree) shows a paper
and records it in the history; Back and Forward walk that history without recording.
The breadcrumb shows the trail, and the footer's Back/Forward grey out at its ends.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual.binding import Binding, BindingType
from textual.screen import Screen

from papertui.tui.widgets import Breadcrumb, PaperDetail, ResultList

if TYPE_CHECKING:
    from papertui.library.history import History
    from papertui.library.model import Library

    _Base = Screen[None]
else:
    _Base = object

TRAIL_ACTIONS = ("back", "forward")


class TrailMixin(_Base):
    """``jump_to``, the Back and Forward actions and the breadcrumb, for a screen with
    ``library``, ``current``, ``history`` and ``_set_current``."""

    TRAIL_BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "left_square_bracket,backspace,alt+left",
            "back",
            "Back",
            key_display="[",
            tooltip="Go back in the history (also Backspace, alt+left)",
            id="main.back",
        ),
        Binding(
            "right_square_bracket,alt+right",
            "forward",
            "Forward",
            key_display="]",
            tooltip="Go forward in the history (also alt+right)",
            id="main.forward",
        ),
    ]

    library: Library | None
    current: str | None
    history: History[str]
    link_cursors: dict[str, int]  # paper id -> its detail's link cursor when left

    def _set_current(
        self, paper_id: str | None, *, debounce: bool, delay: float | None = None
    ) -> None:
        raise NotImplementedError  # the screen's: show ``paper_id`` in the detail panel

    def jump_to(self, paper_id: str, *, remember: bool = True, record_origin: bool = True) -> None:
        """Show ``paper_id`` in the detail panel; ``remember`` records it in the history,
        after the paper shown until now. ``record_origin=False`` (the palette) records no such
        origin: the list's highlighted row was not necessarily read."""
        if self.library is None or paper_id not in self.library:
            self.notify("That paper is not in this collection", severity="warning")
            return
        ends = (self.history.can_go_back, self.history.can_go_forward)
        detail = self.query_one(PaperDetail)
        cursors = self.link_cursors
        if detail.paper_id is not None:
            cursors[detail.paper_id] = detail.link_cursor  # Back and Forward restore it
        if remember:
            if record_origin and self.current is not None and self.history.current != self.current:
                self.history.visit(self.current)
            self.history.visit(paper_id)
        # The list follows the jump; it scrolls to it only when it has focus (from the
        # detail panel that would repaint the whole list for a pane not in use).
        result_list = self.query_one(ResultList)
        result_list.move_to(paper_id, reveal=self.focused is result_list)
        self._set_current(paper_id, debounce=False)
        if not remember and paper_id in cursors:
            detail.select_link(cursors[paper_id])
        self._show_trail()
        if ends != (self.history.can_go_back, self.history.can_go_forward):
            self.refresh_bindings()  # Back/Forward grey out; the footer redraws only then

    def _show_trail(self) -> None:
        library = self.library
        names = [
            (paper.short if (paper := library.get(pid)) else pid) if library else pid
            for pid in self.history.trail
        ]
        # The trail brackets the paper shown only: when the list moved the detail on (a
        # new search, Esc clearing one), no step of the trail is the one in the detail.
        shown = self.history.current is not None and self.history.current == self.current
        self.query_one(Breadcrumb).show(names, self.history.index if shown else -1)

    def action_back(self) -> None:
        target = self.history.back()
        if target is not None:
            self.jump_to(target, remember=False)

    def action_forward(self) -> None:
        target = self.history.forward()
        if target is not None:
            self.jump_to(target, remember=False)

    def check_trail_action(self, action: str) -> bool | None:
        """For ``check_action``: Back or Forward (:data:`TRAIL_ACTIONS`) shown greyed out
        (``None``) at the end of the history."""
        if action == "back":
            return True if self.history.can_go_back else None
        return True if self.history.can_go_forward else None
