"""``anc:X`` / ``desc:X``: resolve a paper reference, then the ids within the lineage (core).

A reference names one paper: its id, else its short name or title (normalised, exactly),
else the best free-text match (the search ranking: prefixes, abbreviations such as
"attn is all", typos). :class:`Resolved` says which paper was picked, so the status line can
show it when the reference was not exact.
"""

from __future__ import annotations

import dataclasses
import threading
from collections import OrderedDict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from papertui.library.fold import normalize
from papertui.library.model import Library
from papertui.library.sanitize import one_line
from papertui.search.index import SearchIndex
from papertui.search.lineagegraph import LineageGraph
from papertui.search.query import Query

__all__ = ["LineageMasks", "Resolved", "resolve"]

Ranker = Callable[[str], Sequence[str]]  # free text -> paper ids, best first


@dataclass(frozen=True, slots=True)
class Resolved:
    ref: str
    paper_id: str | None
    exact: bool = True  # the reference was an id, short name or title

    def describe(self, library: Library, key: str = "") -> str:
        """ "desc: Transformer (transformer)", or "desc:xyz matches no paper"."""
        if self.paper_id is None:
            return one_line(f"{key}{self.ref} matches no paper")
        paper = library.papers[self.paper_id]
        return one_line(f"{key} {paper.short} ({paper.id})")


def resolve(library: Library, ref: str, rank: Ranker | None = None) -> Resolved:
    """The paper ``ref`` names (see the module doc); ``paper_id`` None when none does."""
    ref = ref.strip()
    if ref in library.papers:
        return Resolved(ref, ref)
    want = normalize(ref)
    if not want:
        return Resolved(ref, None)
    if want.replace(" ", "-") in library.papers:
        return Resolved(ref, want.replace(" ", "-"))
    if rank is not None:
        ranked = rank(ref)
        for pid in ranked[:50]:  # an exact short name or title among the best hits
            paper = library.papers[pid]
            if want in (normalize(paper.short), normalize(paper.title)):
                return Resolved(ref, pid)
        if len(ranked):
            return Resolved(ref, _whole(library, ranked[0]), exact=False)
        return Resolved(ref, None)
    for paper in library:
        if want in (normalize(paper.short), normalize(paper.title)):
            return Resolved(ref, paper.id)
    return Resolved(ref, None)


def _whole(library: Library, pid: str) -> str:
    """A part that shares its whole's title (a concept of a report) stands for the whole."""
    paper = library.papers[pid]
    whole = library.get(paper.part_of) if paper.part_of else None
    return whole.id if whole is not None and whole.title == paper.title else pid


class LineageMasks:
    """``anc:``/``desc:`` terms as boolean masks over an index's papers, the last few
    cached (a term is resolved and walked once while the user types around it)."""

    CACHE_SIZE = 6

    def __init__(self, library: Library, index: SearchIndex, rank: Ranker) -> None:
        self.library = library
        self.index = index
        self._n = len(index)
        self._rank = rank
        self._lock = threading.Lock()
        self._cache: OrderedDict[tuple[str, str, int | None], tuple[Any, str, bool]] = OrderedDict()
        self.graph = LineageGraph(library, index)

    def apply(self, query: Query, allowed: Any) -> tuple[Any, Query, tuple[str, ...]]:
        """``allowed`` narrowed by every ``anc:``/``desc:`` term; unresolved references
        become query errors, picked papers notes."""
        import numpy as np

        notes: list[str] = []
        errors = list(query.errors)
        mask = np.ones(self._n, np.bool_) if allowed is None else allowed
        for term in query.lineage:
            key = (term.direction, term.ref, term.depth)
            with self._lock:
                hit = self._cache.get(key)
            if hit is None:
                resolved = resolve(self.library, term.ref, self._rank)
                label = "anc:" if term.direction == "up" else "desc:"
                failed = resolved.paper_id is None
                start = -1 if failed else self.index.position(resolved.paper_id or "")
                found = self.graph.reach(start, term.direction, term.depth)
                hit = (found, resolved.describe(self.library, label), failed)
                with self._lock:
                    self._cache[key] = hit
                    while len(self._cache) > self.CACHE_SIZE:
                        self._cache.popitem(last=False)
            ids, text, failed = hit
            mask = mask & ids
            (errors if failed else notes).append(text)
        return mask, dataclasses.replace(query, errors=tuple(errors)), tuple(notes)
