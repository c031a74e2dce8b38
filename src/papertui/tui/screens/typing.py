"""Type-to-search on the main screen (a mixin of :class:`MainScreen`): ``/`` moves to the
search box, and a printable key no binding takes is typed there, from any pane.

Textual hands each key to the widget focused when the app takes the key from the
terminal, and a binding moves the focus only once the key has bubbled back up to the app.
Keys that arrive in one read (over SSH, "/lstm" typed quickly is one) were all handed to
the results list first: "l" and "s" ran the lineage and sort keys, and the box got "tm".
So the app asks :meth:`TypeToSearchMixin.route_key` about each key as it takes it
(:class:`papertui.tui.safeapp.SafeApp`), and the focus moves before the next key is taken.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.events import Key
from textual.screen import Screen

from papertui.tui.textual_private import forward_key
from papertui.tui.widgets import PaperDetail, SearchBar

if TYPE_CHECKING:
    _Base = Screen[None]
else:
    _Base = object


class TypeToSearchMixin(_Base):
    def route_key(self, event: Key) -> bool:
        """Called by the app as it takes ``event`` from the terminal, before it hands the
        key to the focused pane: the key that focuses the search ("/" unless remapped) and
        a printable key no binding takes move the focus to the search box now, the latter
        typed there. True when the key was taken here."""
        focused = self.focused  # typing in the box costs one isinstance() a key here
        if isinstance(focused, SearchBar) or not (event.is_printable and event.character):
            return False
        if isinstance(focused, PaperDetail) and focused.finding is not None:
            return False  # the letters of a link's name
        bound = self.active_bindings.get(event.key)
        if bound is None:
            search = self.query_one(SearchBar)
            self.set_focus(search)
            forward_key(search, event)
            return True
        if bound.binding.action == "focus_search" and bound.enabled:
            self.set_focus(self.query_one(SearchBar))
            return True
        return False  # a pane's own key ("j"): no look for the search box

    def on_key(self, event: Key) -> None:
        """Type-to-search from any pane: a printable key that no widget or binding used
        goes to the search box (keys reach bindings after the widgets); :meth:`route_key`
        takes most of them first."""
        if not (event.is_printable and event.character):
            return
        if event.key not in self.active_bindings:
            event.stop()
            event.prevent_default()
            self.start_search(event.character)

    def start_search(self, text: str) -> None:
        """Focus the search box now (the next key must land there) and type ``text``."""
        search = self.query_one(SearchBar)
        self.set_focus(search)
        search.insert_text_at_cursor(text)
