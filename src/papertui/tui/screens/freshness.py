"""The main screen's side of a load: the header's counts, a failed load, and what the
status line says while the data on disk is checked and reloaded.

The first paint trusts the cache (:func:`papertui.store.load.load_quick`); the app then
checks the sources in the background (:meth:`papertui.tui.app.PaperTUI.check_fresh`) and
posts :class:`LibraryChanged` when they changed, then a :class:`LibraryLoaded` with
``reloaded`` set, which the screen shows like any load, saying so in the status line until
the next key changes the search.
"""

from __future__ import annotations

import contextlib
import time
import weakref
from functools import partial
from typing import TYPE_CHECKING

from textual.content import Content
from textual.widgets import Static
from textual.worker import WorkerState

from papertui.store.reclaim import reclaim
from papertui.tui.messages import LibraryChanged, LibraryFailed, LibraryLoaded
from papertui.tui.safetext import safe_text
from papertui.tui.widgets import ResultList, SearchBar, StatusLine

if TYPE_CHECKING:
    from textual.screen import Screen
    from textual.timer import Timer

    from papertui.library.model import Library
    from papertui.tui.screens.searches import Searches

    _Base = Screen[None]
else:
    _Base = object

RELOADING = "data changed on disk: reloading\u2026"
DAMAGED = "cache damaged: reading the YAML\u2026"
REPAIRED = "cache damaged: papers read again from the YAML"
# the empty list while a load reports progress: only a load without a usable cache does
NO_CACHE = "No cache for this folder yet: every file is read once to build it\u2026"


def all_read(done: int, total: int) -> bool:
    """Every file of a parse is read: its indexes and cache are being made."""
    return bool(total) and done >= total


def files_read(done: int, total: int) -> str:
    """How far a parse got. Once every file is read, the search index is built and the
    cache written (seconds at 100k papers, half a minute at 1M): say so, not "N of N"."""
    if all_read(done, total):  # short: the status line is ~45 columns at 80x24
        return "all read, indexing"
    return f"{done:,} of {total:,} files"


def reloaded_note(changed: int, damaged: bool = False) -> str:
    """What the status line says once the changed data is shown."""
    if damaged:
        return REPAIRED
    if changed < 0:
        return "data changed on disk: reloaded"
    return f"data changed on disk: reloaded {changed:,} file{'s' * (changed != 1)}"


RECLAIM_AFTER = 2.0  # seconds after a reload (and between tries): the old library freed
RECLAIM_TRIES = 10


class FreshnessMixin(_Base):
    """The header's counts, a failed load, and the status-line notes of a reload after a
    change on disk (screens/main.py)."""

    searches: Searches  # the screen's (screens/main.py)
    _note_watched = False
    _replaced: tuple[weakref.ref[Library], ...] = ()  # replaced, not yet given back
    _indexing: Timer | None = None  # counts the seconds of a cold load's indexing

    def show_counts(self, library: Library) -> None:
        """The header: how many papers and eras are loaded."""
        eras, papers = len(library.eras), len(library)
        header = Content.assemble(
            Content("papertui").stylize("bold"),
            Content(f"  {papers:,} papers \u00b7 {eras} eras").stylize("$text-muted"),
        )
        self.query_one("#header", Static).update(header)

    def show_load_progress(self, text: Content, indexing: bool = False) -> None:
        """How far a load got (the app's, from the load thread): the status line counts
        the files, and the list, still empty, says why this start takes a while (at 1M
        files, a minute) where it would only repeat "Loading papers". ``indexing``: every
        file is read; the indexes and the cache take a while yet (25 s at 1M papers), so
        the status line counts the seconds until the papers are shown."""
        for status in self.query(StatusLine):
            status.update(text)
        for results in self.query(ResultList):
            if results.empty_message.plain != NO_CACHE:
                results.empty_message = Content(NO_CACHE).stylize("italic")
                results.refresh()
        # layered folders load one after the other: a folder's files counted after another
        # folder's indexing stop that count, and its own indexing counts from 0 again
        self._stop_count()
        if indexing and self.is_mounted:
            began = time.monotonic()
            self._indexing = self.set_interval(1.0, partial(self._indexing_for, text, began))

    def _indexing_for(self, text: Content, began: float) -> None:
        seconds = Content(f" ({time.monotonic() - began:.0f} s)").stylize("italic")
        for status in self.query(StatusLine):
            status.update(Content.assemble(text, seconds))

    def _stop_count(self) -> None:
        """No more seconds of indexing counted: the load is over (its papers shown, or its
        failure), or another folder's files are being read."""
        if self._indexing is not None:
            self._indexing.stop()
            self._indexing = None

    def on_library_failed(self, message: LibraryFailed) -> None:
        self._stop_count()
        self.query_one(StatusLine).update(safe_text(message.error, "bold $text-error"))
        results = self.query_one(ResultList)
        results.empty_message = safe_text(f"Could not load the papers: {message.error}")
        results.refresh()
        self.notify(message.error, title="Load failed", severity="error", markup=False)

    def on_library_changed(self, message: LibraryChanged) -> None:
        status = self.query_one(StatusLine)
        if not message.stale:
            if status.extra.startswith(RELOADING[:-1]):  # with or without a count
                status.set_extra("")
            return
        text = DAMAGED if message.damaged else RELOADING
        if message.total:
            text += " " + files_read(message.done, message.total)
        status.set_extra(text)

    def fresh_loaded(self, message: LibraryLoaded) -> None:
        """After a load: check the folders it trusted unchecked, once the first results
        are painted; after a reload, say that the data changed."""
        self._stop_count()
        if message.unchecked:
            check = getattr(self.app, "check_fresh", None)
            if check is not None:
                self.call_after_refresh(check, message.unchecked)
        if message.reloaded is None:
            return
        self.set_timer(RECLAIM_AFTER, self._reclaim)
        note = reloaded_note(message.reloaded, message.damaged)
        self.query_one(StatusLine).set_extra(note)
        self.notify(note[:1].upper() + note[1:], title="Data reloaded", markup=False)
        if not self._note_watched:  # the note stays until the search changes
            self._note_watched = True
            self.watch(self.query_one(SearchBar), "value", self._clear_note, init=False)

    def replacing(self, library: Library | None) -> None:
        """A load is about to replace ``library`` (None: the first load)."""
        if library is not None:
            self._replaced = (*self._replaced, weakref.ref(library))

    def _reclaim(self, tries: int = RECLAIM_TRIES) -> None:
        """Give back the libraries reloads replaced. Each was frozen with its load
        (store/reclaim.py), so its reference cycles are collected only when nothing holds
        it any more: not while an engine warm-up or a search runs, and a stale reference
        (a message still in a local variable) means another try later. The collection runs
        on a thread, in slices (the longest holds the GIL ~20 ms at 1M papers)."""
        busy = (WorkerState.PENDING, WorkerState.RUNNING)
        typing = time.monotonic() - self.searches.last_run < RECLAIM_AFTER
        if typing or any(
            w.group in ("warm", "search", "reclaim") and w.state in busy for w in self.app.workers
        ):  # even sliced, the collection slows a search down: not while the user types
            self.set_timer(RECLAIM_AFTER, lambda: self._reclaim(tries))
            return
        self.run_worker(
            partial(self._collect, tries), thread=True, group="reclaim", exit_on_error=False
        )

    def _collect(self, tries: int) -> None:
        """On a thread worker: the collection, then the check on the UI thread."""
        reclaim()
        with contextlib.suppress(RuntimeError):  # the app is closing
            self.app.call_from_thread(self._reclaimed, tries)

    def _reclaimed(self, tries: int) -> None:
        self._replaced = tuple(ref for ref in self._replaced if ref() is not None)
        if self._replaced and tries > 1:
            self.set_timer(RECLAIM_AFTER, lambda: self._reclaim(tries - 1))

    def _clear_note(self, _value: str) -> None:
        status = self.query_one(StatusLine)
        if status.extra.startswith(("data changed on disk: reloaded", REPAIRED)):
            status.set_extra("")


__all__ = ["DAMAGED", "RELOADING", "REPAIRED", "FreshnessMixin", "files_read", "reloaded_note"]
