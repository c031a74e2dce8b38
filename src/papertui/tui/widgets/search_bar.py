"""The search box: free text plus field filters, searched as you type."""

from __future__ import annotations

from typing import ClassVar

from textual import events
from textual.binding import Binding, BindingType
from textual.geometry import Size
from textual.widgets import Input

from papertui.library.sanitize import clean

PLACEHOLDER = "Search: attn is all   tag:Attention   era:transformer   year:2017..2020"


class SearchBar(Input):
    """An ``Input`` whose Down key moves on to the results."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("down", "leave", "To results", show=False),
    ]

    HELP = """
## Search
Type to search short names, titles, authors and organisations (fuzzy, accent-insensitive).
Field filters: `tag:X` `era:X` `author:X` `org:X` `year:2017` `year:2017..2020`
(quote values with spaces: `tag:"Language Models"`).
**Enter** or **Down** moves to the results; **Esc** clears the search.
"""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(placeholder=PLACEHOLDER, id=id, compact=True, select_on_focus=False)

    def validate_value(self, value: str) -> str:
        """Pasted text can carry escapes (a hostile clipboard): make them inert here."""
        return clean(value)

    def _watch_value(self, value: str) -> None:
        # Input sets ``virtual_size`` on every key, a reactive that lays out the whole
        # screen; this box has a fixed size (one row, full width), so only its scroll
        # extent changes. Set that quietly and repaint just the box.
        self.set_reactive(Input.virtual_size, Size(self.content_width, 1))
        self.refresh()
        super()._watch_value(value)

    async def _on_key(self, event: events.Key) -> None:
        # Textual hands each key to the widget focused when the key was dequeued, so a
        # key typed right after Enter (which moved the focus on) can arrive here after
        # the box lost focus. It belongs to the widget that has the focus now.
        focused = self.screen.focused  # now, not when the Focus/Blur events arrive
        if focused is not None and focused is not self:
            event.stop()
            event.prevent_default()
            focused._forward_event(events.Key(event.key, event.character))
            return
        if event.key in ("enter", "down"):
            # Leave now, not through a binding: bindings run once the key has bubbled up
            # to the app, after the keys queued behind it were already typed in here.
            event.stop()
            event.prevent_default()
            self.action_leave()
        # otherwise Input's own handler runs next (Textual dispatches down the MRO)

    def action_leave(self) -> None:
        self.screen.focus_next()
