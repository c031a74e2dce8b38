"""The main screen's side of the background freshness check: what the status line says
while the data on disk is checked and reloaded.

The first paint trusts the cache (:func:`papertui.store.load.load_quick`); the app then
checks the sources in the background (:meth:`papertui.tui.app.PaperTUI.check_fresh`) and
posts :class:`LibraryChanged` when they changed, then a :class:`LibraryLoaded` with
``reloaded`` set, which the screen shows like any load, saying so in the status line until
the next key changes the search.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from papertui.tui.messages import LibraryChanged, LibraryLoaded
from papertui.tui.widgets import SearchBar, StatusLine

if TYPE_CHECKING:
    from textual.screen import Screen

    _Base = Screen[None]
else:
    _Base = object

RELOADING = "data changed on disk: reloading\u2026"


def reloaded_note(changed: int) -> str:
    """What the status line says once the changed data is shown."""
    if changed < 0:
        return "data changed on disk: reloaded"
    return f"data changed on disk: reloaded {changed:,} file{'s' * (changed != 1)}"


class FreshnessMixin(_Base):
    """Status-line notes for a reload after a change on disk (screens/main.py)."""

    _note_watched = False

    def on_library_changed(self, message: LibraryChanged) -> None:
        status = self.query_one(StatusLine)
        if not message.stale:
            if status.extra.startswith(RELOADING[:-1]):  # with or without a count
                status.set_extra("")
            return
        text = RELOADING
        if message.total:
            text += f" {message.done:,} of {message.total:,} files"
        status.set_extra(text)

    def fresh_loaded(self, message: LibraryLoaded) -> None:
        """After a load: check the folders it trusted unchecked, once the first results
        are painted; after a reload, say that the data changed."""
        if message.unchecked:
            check = getattr(self.app, "check_fresh", None)
            if check is not None:
                self.call_after_refresh(check, message.unchecked)
        if message.reloaded is None:
            return
        note = reloaded_note(message.reloaded)
        self.query_one(StatusLine).set_extra(note)
        self.notify(note[:1].upper() + note[1:], title="Data reloaded", markup=False)
        if not self._note_watched:  # the note stays until the search changes
            self._note_watched = True
            self.watch(self.query_one(SearchBar), "value", self._clear_note, init=False)

    def _clear_note(self, _value: str) -> None:
        status = self.query_one(StatusLine)
        if status.extra.startswith("data changed on disk: reloaded"):
            status.set_extra("")


__all__ = ["RELOADING", "FreshnessMixin", "reloaded_note"]
