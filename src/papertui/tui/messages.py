"""The app's message catalogue: requests go up to the screen, results come back from workers.

Requests are imperative (``ShowPaper``, ``ToggleTag``); events are past tense
(``LibraryLoaded``, ``SearchFinished``, ``PaperHighlighted``). All are dataclasses.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from textual.message import Message

if TYPE_CHECKING:
    from papertui.library.layers import Layered
    from papertui.library.loader import LoadResult
    from papertui.search.engine import Results


@dataclass
class LibraryLoaded(Message):
    """The loader worker finished: every good paper plus every problem found."""

    result: LoadResult
    data_dir: Path | None = None
    layers: Layered | None = None  # several data folders: which paper came from which
    # folders whose cache was trusted without a look at the sources, with the cache's
    # stamp: checked in the background after the first paint (papertui.store.fresh); a
    # tuple of folders: their layered cache
    unchecked: tuple[tuple[Path | tuple[Path, ...], int], ...] = ()
    reloaded: int | None = None  # a reload after a change on disk: sources changed (-1: ?)
    damaged: bool = False  # a reload because a cached paper record was damaged


@dataclass
class LibraryChanged(Message):
    """The background check found the data changed on disk (or, ``damaged``, a cached
    paper record failed its check): a reload is on its way (``done`` of ``total`` files
    parsed so far, when it reports), or, with ``stale`` False, nothing changed after all."""

    stale: bool = True
    done: int = 0
    total: int = 0
    damaged: bool = False


@dataclass
class CacheDamaged(Message):
    """A cached paper record failed its check (posted from whichever thread read it):
    the app reloads the papers from the YAML in the background."""


@dataclass
class LibraryFailed(Message):
    """The loader worker raised (e.g. the data folder does not exist)."""

    error: str


@dataclass
class SearchFinished(Message):
    """A search worker finished; ``generation`` lets the screen drop stale results."""

    generation: int
    results: Results


@dataclass
class FacetsCounted(Message):
    """A worker made the era and tag counts of ``results`` (see ``views.LazyCounts``)."""

    results: Results


@dataclass
class SummaryCount(Message):
    """A worker counted the papers whose summaries mention the text of ``query`` (a
    search that found no name or title)."""

    query: str
    found: int


@dataclass
class PaperHighlighted(Message):
    """The result-list cursor moved onto a paper (not a jump: history is not touched)."""

    paper_id: str | None
    new_results: bool = False  # the rows changed under the cursor (typing), not a key move


@dataclass
class ShowPaper(Message):
    """Request: jump to a paper (recorded in the history)."""

    paper_id: str


@dataclass
class ToggleTag(Message):
    """Request: add or remove a tag facet (tags combine with AND)."""

    tag: str


@dataclass
class ClearTags(Message):
    """Request: drop every selected tag facet."""


@dataclass
class ToggleEra(Message):
    """Request: filter to an era, or drop the era filter if it is the selected one."""

    era_id: str


@dataclass
class StateOpened(Message):
    """The reading state was opened and read on its worker (``PersonalState``); its
    ``quick_check`` runs next, on the same worker."""

    state: object  # a papertui.personal.state.PersonalState (not imported at start-up)


@dataclass
class StateLocated(Message):
    """A worker found where the state's papers are in ``library``: ``where`` maps each id
    to its paper number (-1: not in this data, an orphan)."""

    library: object  # the papertui.library.model.Library it was computed for
    where: dict[str, int]
    position: Callable[[str], int]  # the lookup used (for ids written later)


@dataclass
class StateDamaged(Message):
    """The reading state's background ``quick_check`` found damage: ``reason``."""

    state: object
    reason: str


@dataclass
class TogglePersonalFilter(Message):
    """Request: add or remove a reading-state filter (``is:read``...) in the search box."""

    term: str
