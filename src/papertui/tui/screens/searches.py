"""The main screen's searches: the engine, and where each search runs.

The engine for the loaded library is built once (under a lock: the command palette asks
for it from a thread too) and its lazy indexes are warmed in the background. A search
runs on the UI thread when it is cheap (a small library, no query yet, or a search that
only narrows one that took at most :data:`INLINE_BUDGET`), so the key and its results
paint in one frame; otherwise in an exclusive thread worker that a newer search cancels,
its results coming back as ``SearchFinished`` (stale ones dropped).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import replace
from functools import partial
from typing import TYPE_CHECKING

from textual.worker import get_current_worker

from papertui.search.engine import Engine, Results, Sort, View
from papertui.search.query import parse_query
from papertui.store.reclaim import give_back_heap
from papertui.tui.messages import SearchFinished

if TYPE_CHECKING:
    from textual.dom import DOMNode

    from papertui.library.model import Library

# Papers up to which a search (about 1 ms at this size) runs on the UI thread, so the
# key and its results reach the screen in one frame; bigger libraries use a worker, but
# for a search known to be cheap (:meth:`Searches.cheap`).
INLINE_SEARCH_MAX = 5_000
# A search of a bigger library runs on the UI thread too when it only narrows the one
# before (the same filters, a longer query; or the box emptied, as it was last emptied),
# and that one took at most this long. Handing a search to a worker and its results back
# costs a key 2-3 ms at 1M papers (key to frame p50 19.8 ms with workers only, 17.4 with
# every search inline, 18.2-19.4 with this rule; clearing the box 13.2 -> 10.1 ms). A
# search it misjudges stalls the UI for its own length once (18.7 ms at most seen here at
# 1M, a typo's first fuzzy pass), then the next goes to a worker again.
INLINE_BUDGET = 0.012  # seconds


class Searches:
    """The engine over ``library`` and the searches run on it for ``owner`` (the node
    whose workers run them and that receives ``SearchFinished``)."""

    def __init__(self, owner: DOMNode) -> None:
        self._owner = owner
        self.library: Library | None = None
        self.engine: Engine | None = None
        self.generation = 0  # of the latest search: older results are stale
        self._lock = threading.Lock()
        self._warm = False  # lazy indexes built: a search is fast from now on
        self.last_run = 0.0  # time.monotonic() of the latest search (the user is typing)
        # the latest search (its view) and how long it took; the same for an empty box
        self._took: tuple[View, float] | None = None
        self._took_empty: tuple[View, float] | None = None

    def ensure_engine(self) -> Engine:
        """The engine for the loaded library, built on first use (any thread)."""
        with self._lock:
            if self.engine is None:
                assert self.library is not None
                from papertui.store.folders import engine_for  # the index cached with it

                self.engine = engine_for(self.library)
            return self.engine

    def reset(self, library: Library) -> None:
        """Search ``library`` from now on (a load, or a reload after a change on disk):
        its own engine, built on first use; searches on the old one are stale."""
        self._owner.workers.cancel_group(self._owner, "search")
        with self._lock:
            self.library = library
            self.engine = None
            self.generation += 1
            self._warm = False
            self._took = self._took_empty = None

    def start_warming(self) -> None:
        """Warm the engine in a thread worker (:meth:`warm`)."""
        self._owner.run_worker(self.warm, thread=True, group="warm", exit_on_error=False)

    def warm(self) -> None:
        """Build the engine's lazy indexes now, so the first real query does not pay; in
        a small library also fold every short name and title the result list highlights."""
        engine = self.ensure_engine()
        engine.warm()
        library = self.library
        if library is not None and len(library) <= INLINE_SEARCH_MAX:
            from papertui.library.fold import prefold

            prefold(text for paper in library for text in (paper.short, paper.title))
        self._warm = self.engine is engine  # not when a reload replaced it meanwhile
        # the load's and the warm-up's transient buffers are freed by now: hand their pages
        # back (off the UI thread; the call releases the GIL). 1M: 1,002 -> 962 MiB settled
        give_back_heap()

    def run(self, view: View, resolve: Callable[[View], View] | None = None) -> Results | None:
        """Search for ``view`` (first ``resolve(view)``, where the search runs); older
        searches are cancelled. Returns the results when the search ran here (an engine
        error is raised), else ``None``: they come later as ``SearchFinished``."""
        assert self.library is not None
        self.generation += 1
        self.last_run = time.monotonic()
        # Small libraries search on this thread, so the key and its results paint in one
        # frame; so does the very first (empty) search, cheap without the lazy indexes.
        inline = self._warm or not view.query.strip()
        if inline and (len(self.library) <= INLINE_SEARCH_MAX or self.cheap(view)):
            self._owner.workers.cancel_group(self._owner, "search")
            engine = self.ensure_engine()
            start = time.perf_counter()
            results = engine.run(resolve(view) if resolve is not None else view)
            self._timed(view, time.perf_counter() - start)
            return results
        self._owner.run_worker(
            partial(self._search, self.generation, view, resolve),
            thread=True,
            exclusive=True,
            group="search",
            exit_on_error=False,
        )
        return None

    def _search(self, generation: int, view: View, resolve: Callable[[View], View] | None) -> None:
        engine = self.ensure_engine()
        worker = get_current_worker()
        if worker.is_cancelled:
            return
        if resolve is not None:
            view = resolve(view)
            if worker.is_cancelled:
                return
        # A newer key cancels this worker: the engine asks between fuzzy chunks and stops
        # (at 1M an abandoned fuzzy pass would otherwise run on for 1-2 s).
        start = time.perf_counter()
        results = engine.run(view, stop=lambda: worker.is_cancelled)
        if not worker.is_cancelled:
            self._timed(view, time.perf_counter() - start)
            self._owner.post_message(SearchFinished(generation, results))

    def cheap(self, view: View) -> bool:
        """Whether a search for ``view`` may run on the UI thread in a big library: the
        lazy indexes are built, it has no filter resolved outside the engine (``text:``,
        slow the first time; personal ones, whose sets of ids would be compared) nor a
        lineage filter, and it narrows a search that took at most :data:`INLINE_BUDGET`
        (:data:`INLINE_BUDGET`'s comment)."""
        if not self._warm or view.within is not None or view.without:
            return False
        query = parse_query(view.query)
        if query.texts or query.lineage or query.personal:
            return False
        last = self._took_empty if not view.query.strip() else self._took
        if last is None:
            return False
        before, took = last
        return (
            took <= INLINE_BUDGET
            and view.query.startswith(before.query)
            and replace(view, query=before.query) == before
        )

    def _timed(self, view: View, took: float) -> None:
        """Note how long the search for ``view`` took (from either thread: each attribute
        is replaced whole, by one assignment)."""
        self._took = (view, took)
        if not view.query.strip():
            self._took_empty = (view, took)

    def is_stale(self, message: SearchFinished) -> bool:
        """Whether a newer search than ``message``'s is on its way."""
        return message.generation != self.generation or self.library is None

    def era_children(self, view: View, era_id: str) -> Sequence[str]:
        """The papers of ``era_id`` that match ``view``'s search and tags, by date."""
        if self.library is None:
            return ()
        if not view.query.strip() and not view.tags:
            return self.library.by_era.get(era_id, ())  # already in date order: no search
        return self.ensure_engine().run(replace(view, era=era_id, sort=Sort.DATE)).ids
