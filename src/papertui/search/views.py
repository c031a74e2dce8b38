"""What a search asks and what it answers: :class:`View` (the box's text, the era and tags
picked, the sort, the personal restriction) and :class:`Results` (Textual-free core).

Kept apart from :mod:`papertui.search.engine`, which turns one into the other.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from papertui.search.query import Query


class Sort(StrEnum):
    RELEVANCE = "relevance"
    DATE = "date"
    TITLE = "title"


@dataclass(frozen=True, slots=True)
class View:
    query: str = ""  # the raw search box text
    era: str | None = None  # era id selected in the era tree
    tags: frozenset[str] = frozenset()  # tag facets selected (AND)
    sort: Sort = Sort.RELEVANCE
    # Personal filters, resolved by the screen (papertui.personal.filters): only papers in
    # ``within`` (None: any) and not in ``without``. The engine never sees the state.
    within: frozenset[str] | None = None
    without: frozenset[str] = frozenset()


class LazyCounts(Mapping[str, int]):
    """Counts (era or tag -> papers) computed on first use, once, from any thread.

    At 1M papers the era and tag counts of a one-letter search cost about as much as the
    search itself, and the sidebar shows them a frame after the list anyway: the results
    go to the screen first and the counts are made afterwards (in the search's thread)."""

    __slots__ = ("_compute", "_lock", "_value")

    def __init__(self, compute: Callable[[], dict[str, int]]) -> None:
        self._compute: Callable[[], dict[str, int]] | None = compute
        self._value: dict[str, int] | None = None
        self._lock = threading.Lock()

    @property
    def ready(self) -> bool:
        """Whether the counts are made (reading them costs nothing more)."""
        return self._value is not None

    def _counts(self) -> dict[str, int]:
        value = self._value
        if value is None:
            with self._lock:
                value = self._value
                if value is None:
                    assert self._compute is not None
                    value = self._value = self._compute()
                    self._compute = None  # drop the result arrays it holds
        return value

    def __getitem__(self, key: str) -> int:
        return self._counts()[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._counts())

    def __len__(self) -> int:
        return len(self._counts())


def counts_ready(counts: Mapping[str, int]) -> bool:
    """Whether reading ``counts`` costs nothing (made, or never lazy)."""
    return not isinstance(counts, LazyCounts) or counts.ready


@dataclass(frozen=True, slots=True)
class Results:
    view: View
    query: Query  # parsed view.query
    ids: Sequence[str]  # ordered result paper ids
    total: int  # number of papers in the library
    era_counts: Mapping[str, int] = field(default_factory=dict)
    tag_counts: Mapping[str, int] = field(default_factory=dict)
    notes: tuple[str, ...] = ()  # e.g. which paper an anc:/desc: reference picked


def restrict(allowed: Any, view: View, position: Callable[[str], int], n: int) -> Any:
    """``allowed`` (a numpy mask over ``n`` papers, or None) narrowed to ``view.within``
    minus ``view.without`` (paper ids, numbered by ``position``: -1 is not in it)."""
    import numpy as np

    mask = np.ones(n, np.bool_) if allowed is None else allowed.copy()
    if view.within is not None:
        inside = np.zeros(n, np.bool_)
        inside[[k for k in map(position, view.within) if k >= 0]] = True
        mask &= inside
    mask[[k for k in map(position, view.without) if k >= 0]] = False
    return mask


__all__ = ["LazyCounts", "Results", "Sort", "View", "counts_ready", "restrict"]
