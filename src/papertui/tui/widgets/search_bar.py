"""The search box: free text plus field filters, searched as you type."""

from __future__ import annotations

import os
from typing import ClassVar

from textual import events
from textual.binding import Binding, BindingType

from papertui.library.sanitize import clean
from papertui.tui.textual_private import QuietInput, forward_key

NO_BLINK_ENV = "PAPERTUI_NO_BLINK"  # tests, snapshots, slow links: a steady cursor
PLACEHOLDER = "Search: attn is all   tag:Attention   era:transformer   year:2017..2020"


class SearchBar(QuietInput):
    """An ``Input`` whose Down key moves on to the results (typing lays out nothing but
    the box: :class:`~papertui.tui.textual_private.QuietInput`)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("down", "leave", "To results", show=False, id="search.leave"),
    ]

    HELP = """
## Search
Type to search short names, titles, authors and organisations (fuzzy, accent-insensitive).
Letters and digits are split, so `gpt4` finds GPT-4 and `llama2` Llama 2.
Field filters: `tag:X` `era:X` `author:X` `org:X` `year:2017` `year:2017..2020`
`text:X` (in the summaries and notes) (quote values with spaces: `tag:"Language Models"`).
**Enter** or **Down** moves to the results; **Esc** clears the search and returns to them.
"""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(placeholder=PLACEHOLDER, id=id, compact=True, select_on_focus=False)
        # Input's own reactive: each blink repaints the box (about 250 bytes a second)
        self.cursor_blink = not os.environ.get(NO_BLINK_ENV)

    def validate_value(self, value: str) -> str:
        """Pasted text can carry escapes (a hostile clipboard): make them inert here."""
        return clean(value)

    def on_key(self, event: events.Key) -> None:
        # Textual hands each key to the widget focused when the key was dequeued, so a
        # key typed right after Enter (which moved the focus on) can arrive here after
        # the box lost focus. It belongs to the widget that has the focus now.
        focused = self.screen.focused  # now, not when the Focus/Blur events arrive
        if focused is not None and focused is not self:
            event.stop()
            event.prevent_default()
            forward_key(focused, event)
            return
        if event.key in ("enter", "down"):
            # Leave now, not through a binding: bindings run once the key has bubbled up
            # to the app, after the keys queued behind it were already typed in here.
            event.stop()
            event.prevent_default()
            self.action_leave()
        elif event.key == "escape":
            # Esc clears the search and returns to the results at once (fzf, lazygit), so
            # j/k/G/q typed right after it are keys again, never text in the box.
            event.stop()
            event.prevent_default()
            self.value = ""
            self.action_leave()
        # otherwise Input's own ``_on_key`` runs next: Textual calls each class's handler
        # down the MRO, this subclass first; prevent_default() above stops that.

    def action_leave(self) -> None:
        self.screen.focus_next()
