"""The builds-on graph as numpy arrays over the index's paper numbers, for ``anc:``/``desc:``.

A ``desc:`` reference changes with every key typed, and each new one is a walk: at 100k
papers the most built-upon paper reaches 72k descendants, which a walk by ids (a dict
lookup and a set insertion per paper) and the mask made from its ids took ~100 ms of CPU
per key, ~1 s at 1M. Here both directions are compressed adjacency arrays (``starts``,
``flat``: the neighbours of paper ``p`` are ``flat[starts[p]:starts[p + 1]]``) and a walk
is one numpy gather per level that writes the boolean mask directly.

The arrays are made once per library: from the load cache's own position arrays when
the library's ``built_upon_by`` offers them (``position_table()``, the cached library's
lazy edge table, renumbered to the index's order through the sorted ids), else from the
mapping, id by id.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from typing import Any

from papertui.library.model import Library
from papertui.search import pieces
from papertui.search.index import SearchIndex

__all__ = ["LineageGraph"]


class LineageGraph:
    """``reach(start, direction, depth)``: a boolean mask of the papers within ``depth``
    steps (all when None) ``up`` (builds on) or ``down`` (built upon by), start excluded."""

    RECENT = 4  # walks remembered: "desc:tr", "desc:tra"... mostly name the same paper

    def __init__(self, library: Library, index: SearchIndex) -> None:
        self.library = library
        self.index = index
        self._lock = threading.Lock()
        self._tables: dict[str, tuple[Any, Any]] = {}
        self._recent: OrderedDict[tuple[int, str, int | None], Any] = OrderedDict()

    def warm(self) -> None:
        """Build both directions now (from a worker), off the first ``anc:``/``desc:`` key."""
        self._table("down")
        self._table("up")

    def _edges(self) -> tuple[Any, Any]:
        """(parent, child) paper numbers of every edge (the child builds on the parent)."""
        import numpy as np

        found = self._cached_edges()
        if found is not None:
            return found
        parents: list[int] = []
        children: list[int] = []
        where = self.index.position
        for parent, kids in self.library.built_upon_by.items():
            p = where(parent)
            if p < 0:
                continue
            for kid in kids:
                c = where(kid)
                if c >= 0:
                    parents.append(p)
                    children.append(c)
        return np.asarray(parents, dtype=np.int64), np.asarray(children, dtype=np.int64)

    def _cached_edges(self) -> tuple[Any, Any] | None:
        """The edges from the load cache's position arrays, renumbered from library order
        to index order through the two sorted-id orders (the k-th id in sorted order is at
        ``order[k]`` in the library and at ``id_order[k]`` in the index)."""
        import numpy as np

        table = getattr(self.library.built_upon_by, "position_table", None)
        lib_ids = getattr(self.library.papers, "ids", None)
        n = len(self.index)
        if table is None or lib_ids is None or len(lib_ids) != n or not n:
            return None
        keys, starts, flat, order = table()
        lib_order = np.asarray(order, dtype=np.int64)
        idx_order = np.asarray(self.index.id_order, dtype=np.int64)
        ids = self.index.ids
        if len(lib_order) != n or any(
            lib_ids[int(lib_order[k])] != ids[int(idx_order[k])] for k in (0, n // 2, n - 1)
        ):
            return None
        to_index = np.empty(n, dtype=np.int64)
        to_index[lib_order] = idx_order
        counts: Any = np.diff(np.asarray(starts, dtype=np.int64))
        parents = pieces.repeat(np.asarray(keys, dtype=np.int64), counts)
        return to_index[parents], to_index[np.asarray(flat, dtype=np.int64)]

    def _table(self, direction: str) -> tuple[Any, Any]:
        with self._lock:
            if not self._tables:
                parents, children = self._edges()
                n = len(self.index)
                self._tables["down"] = _compressed(parents, children, n)
                self._tables["up"] = _compressed(children, parents, n)
            return self._tables[direction]

    def reach(self, start: int, direction: str, depth: int | None = None) -> Any:
        """The mask (shared with later calls: do not modify it)."""
        key = (start, direction, depth)
        with self._lock:
            found = self._recent.get(key)
        if found is None:
            found = self._walk(start, direction, depth)
            with self._lock:
                self._recent[key] = found
                while len(self._recent) > self.RECENT:
                    self._recent.popitem(last=False)
        return found

    def _walk(self, start: int, direction: str, depth: int | None) -> Any:
        import numpy as np

        starts, flat = self._table(direction)
        n = len(self.index)
        mask = np.zeros(n, np.bool_)
        if not 0 <= start < n:
            return mask
        mask[start] = True
        slot = np.empty(n, np.int32)  # scratch: which entry of a level wrote a paper last
        frontier = np.array([start], dtype=np.int32)
        level = 0
        while frontier.size and (depth is None or level < depth):
            lo = starts[frontier]
            counts = starts[frontier + 1] - lo
            total = int(counts.sum())
            if not total:
                break
            # positions lo[i] .. lo[i] + counts[i] - 1 for every frontier paper, in one array
            offsets = np.repeat(lo - np.cumsum(counts) + counts, counts)
            reached = flat[offsets + np.arange(total)]
            reached = reached[~mask[reached]]
            # each paper once (a diamond reaches it twice in a level), without a sort
            numbers = np.arange(reached.size, dtype=np.int32)
            slot[reached] = numbers
            frontier = reached[slot[reached] == numbers]
            mask[frontier] = True
            level += 1
        mask[start] = False
        return mask


def _compressed(src: Any, dst: Any, n: int) -> tuple[Any, Any]:
    """``starts, flat`` with the ``dst`` of every edge from ``p`` in ``flat[starts[p]:
    starts[p + 1]]`` (in the order given)."""
    import numpy as np

    order = np.argsort(src, kind="stable")
    starts = np.zeros(n + 1, dtype=np.int32)  # int32: 4 MB per direction at 1M papers
    np.cumsum(np.bincount(src, minlength=n), out=starts[1:])
    return starts, dst[order].astype(np.int32)
