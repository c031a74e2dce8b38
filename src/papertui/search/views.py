"""What a search asks and what it answers: :class:`View` (the box's text, the era and tags
picked, the sort, the personal restriction) and :class:`Results` (Textual-free core).

Kept apart from :mod:`papertui.search.engine`, which turns one into the other.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum

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


@dataclass(frozen=True, slots=True)
class Results:
    view: View
    query: Query  # parsed view.query
    ids: Sequence[str]  # ordered result paper ids
    total: int  # number of papers in the library
    era_counts: Mapping[str, int] = field(default_factory=dict)
    tag_counts: Mapping[str, int] = field(default_factory=dict)
    notes: tuple[str, ...] = ()  # e.g. which paper an anc:/desc: reference picked


__all__ = ["Results", "Sort", "View"]
