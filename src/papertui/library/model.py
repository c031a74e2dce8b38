"""The domain model: eras, papers and the indexed, lineage-linked library.

This module is part of the Textual-free core (see ARCHITECTURE.md): it must never import
``textual``. Everything here is immutable after construction; a ``Library`` is built once
per load and shared read-only by the search engine and the UI.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import groupby
from operator import attrgetter
from types import MappingProxyType

# Source ids (``Paper.sources``, the keys of ``Paper.notes``): papertui.library.fields.


@dataclass(frozen=True, slots=True)
class Era:
    """A period of research history, e.g. "Transformer, 2017-2020"."""

    id: str
    name: str
    start: int
    end: int | None  # None = still open ("2024 -")
    blurb: str = ""

    def contains_year(self, year: int) -> bool:
        return self.start <= year and (self.end is None or year <= self.end)

    @property
    def span(self) -> str:
        return f"{self.start}\u2013{self.end}" if self.end is not None else f"{self.start}\u2013"


# What an entry is (``kind:``); a part (``part_of:``) points at the entry it belongs to.
KINDS = ("paper", "report", "model", "concept", "dataset", "benchmark", "survey")

# The closed vocabulary of ``builds_on`` edge types, defined here and nowhere else.
EDGE_TYPES: Mapping[str, str] = MappingProxyType(
    {
        "extends": "builds directly on its method and improves or generalises it",
        "successor": "the next version in the same line, from the same team",
        "uses-component": "takes a layer, objective, architecture or technique from it",
        "fine-tunes": "starts from its released weights",
        "distils": "trains a student with it as the teacher",
        "scales-up": "the same recipe made bigger (model, data or compute)",
        "replaces": "proposes an alternative meant to supersede it",
        "data-from": "trained on data it released, or on data it generated",
        "adapts": "carries its method to a new domain, modality or task",
    }
)


def era_for_year(
    eras: Sequence[Era], year: int, subject: Mapping[str, float] | None = None
) -> Era | None:
    """The era a paper dated ``year`` goes in (``papertui import``'s rule for new papers).

    Among the eras that contain the year (:meth:`Era.contains_year`): the one with the
    highest positive ``subject`` score (era id -> how strongly the paper's tags and title
    words point at it), else the first *closed* era (one with an ``end``: the main line,
    not an open-ended topical era), else the latest to start. When none contains the year: the one
    that started most recently before it, else (older than every era) the earliest; the
    caller must then widen that era. ``None`` when there are no eras."""
    holding = [era for era in eras if era.contains_year(year)]
    if holding:
        scores = subject or {}
        best = max(holding, key=lambda e: scores.get(e.id, 0.0))
        if scores.get(best.id, 0.0) > 0:
            return best
        closed = [e for e in holding if e.end is not None]
        return closed[0] if closed else max(holding, key=lambda e: e.start)
    before = [e for e in eras if e.start <= year]
    if before:
        return max(before, key=lambda e: e.start)
    return min(eras, key=lambda e: e.start, default=None)


@dataclass(frozen=True, slots=True)
class Link:
    """A ``builds_on`` edge: this paper builds on ``target`` (a paper id), as ``type``
    (one of :data:`EDGE_TYPES`, or empty where the data gives none) for ``reason``."""

    target: str
    reason: str = ""
    type: str = ""
    line: int = field(default=0, compare=False)  # 1-based position of the entry (for messages)
    col: int = field(default=0, compare=False)


@dataclass(frozen=True, slots=True)
class Paper:
    """One research paper. Strings are already sanitised by the loader."""

    id: str
    short: str
    title: str
    date: str  # "YYYY", "YYYY-MM" or "YYYY-MM-DD"
    era: str  # an Era.id
    authors: tuple[str, ...] = ()
    org: str = ""
    tags: tuple[str, ...] = ()
    summary: str = ""
    why_it_matters: str = ""
    related: tuple[str, ...] = ()  # related models (free text names)
    builds_on: tuple[Link, ...] = ()
    arxiv: str = ""  # arXiv id, e.g. "1706.03762"
    explainer: str = ""  # URL of an explainer article
    url: str = ""  # any other landing page (project page, PDF, ...)
    # (key, URL) of the other links, keys from fields.OTHER_LINKS, in that order
    other_links: tuple[tuple[str, str], ...] = ()
    notes: tuple[tuple[str, str], ...] = ()  # (source, note) pairs, in file order
    sources: tuple[str, ...] = ()
    kind: str = "paper"  # one of KINDS
    part_of: str = ""  # id of the entry this one is part of (a concept, a model in a report)
    released: str = ""  # when the work was released, where that differs from ``date``
    authors_truncated: bool = False  # the author list is cut: show "et al."
    file: str = ""  # where it was defined (for messages)
    line: int = 0  # 1-based line of the paper mapping

    @property
    def year(self) -> int:
        return int(self.date[:4])

    @property
    def arxiv_url(self) -> str:
        return f"https://arxiv.org/abs/{self.arxiv}" if self.arxiv else ""


@dataclass(frozen=True, slots=True, weakref_slot=True)  # the app watches a replaced one go
class Library:
    """All papers of a data folder, indexed by id, era and tag, with the lineage graph.

    Build it with :meth:`Library.build`; the reverse ("built upon by") edges are computed
    once there. Edges to ids that do not exist are kept out of both indexes (the checker
    reports them).
    """

    eras: tuple[Era, ...]
    papers: Mapping[str, Paper]  # id -> paper, in load order
    by_era: Mapping[str, tuple[str, ...]]  # era id -> paper ids (date order)
    by_tag: Mapping[str, tuple[str, ...]]  # tag -> paper ids (date order)
    built_upon_by: Mapping[str, tuple[str, ...]]  # id -> ids of papers that build on it
    _era_index: Mapping[str, Era] = field(repr=False, default_factory=dict)
    tag_parents: Mapping[str, str] = field(default_factory=dict)  # tag name -> parent's name

    @classmethod
    def build(
        cls,
        eras: Iterable[Era],
        papers: Iterable[Paper],
        tag_parents: Mapping[str, str] | None = None,
    ) -> Library:
        era_list = tuple(eras)
        by_id: dict[str, Paper] = {}
        for paper in papers:
            by_id.setdefault(paper.id, paper)
        ordered = _by_date_and_title(by_id.values())
        by_era: dict[str, list[str]] = {era.id: [] for era in era_list}
        by_tag: dict[str, list[str]] = {}
        reverse: dict[str, list[str]] = {}
        for paper in ordered:
            by_era.setdefault(paper.era, []).append(paper.id)
            for tag in paper.tags:
                by_tag.setdefault(tag, []).append(paper.id)
            for link in paper.builds_on:
                if link.target in by_id and link.target != paper.id:
                    reverse.setdefault(link.target, []).append(paper.id)
        return cls(
            eras=era_list,
            papers=MappingProxyType(by_id),
            by_era=MappingProxyType({k: tuple(v) for k, v in by_era.items()}),
            by_tag=MappingProxyType({k: tuple(v) for k, v in sorted(by_tag.items())}),
            built_upon_by=MappingProxyType({k: tuple(v) for k, v in reverse.items()}),
            _era_index=MappingProxyType({era.id: era for era in era_list}),
            tag_parents=MappingProxyType(dict(tag_parents or {})),
        )

    def __len__(self) -> int:
        return len(self.papers)

    def __iter__(self) -> Iterator[Paper]:
        return iter(self.papers.values())

    def __contains__(self, paper_id: object) -> bool:
        return paper_id in self.papers

    def get(self, paper_id: str) -> Paper | None:
        return self.papers.get(paper_id)

    def era(self, era_id: str) -> Era | None:
        return self._era_index.get(era_id)

    def era_size(self, era_id: str) -> int:
        """How many papers ``era_id`` has, without making its tuple of ids (a cached
        library's groups know their sizes: at 1M papers, making the tuples of every era
        for the era tree's counts took 0.18 s of the UI thread)."""
        size = getattr(self.by_era, "size", None)
        return int(size(era_id)) if size is not None else len(self.by_era.get(era_id, ()))

    @property
    def tags(self) -> Sequence[str]:
        return tuple(self.by_tag)

    def tag_path(self, tag: str) -> tuple[str, ...]:
        """``tag`` and its ancestors, root first ("Architectures", "Mixture of Experts")."""
        path = [tag]
        while (parent := self.tag_parents.get(path[-1])) and parent not in path:
            path.append(parent)
        return tuple(reversed(path))

    def own_tags(self, paper: Paper) -> tuple[str, ...]:
        """The tags ``paper`` lists itself, without the ancestors the loader added to it
        (so a filter on a parent tag finds its children's papers)."""
        implied = {t for tag in paper.tags for t in self.tag_path(tag)[:-1]}
        return tuple(t for t in paper.tags if t not in implied)

    def builds_on(self, paper_id: str) -> tuple[Paper, ...]:
        """The existing papers that ``paper_id`` builds on, in the order written."""
        paper = self.papers.get(paper_id)
        if paper is None:
            return ()
        found = (self.papers.get(link.target) for link in paper.builds_on)
        return tuple(p for p in found if p is not None and p.id != paper_id)

    def built_upon(self, paper_id: str) -> tuple[Paper, ...]:
        """The papers that build on ``paper_id``, oldest first."""
        return tuple(self.papers[i] for i in self.built_upon_by.get(paper_id, ()))

    @property
    def edge_count(self) -> int:
        return sum(len(v) for v in self.built_upon_by.values())


def _by_date_and_title(papers: Iterable[Paper]) -> list[Paper]:
    """``papers`` sorted by ``(date, title.casefold())``, stably: by date, then each run of
    one date by its titles (the same order as one sort by the pair, without a pair and a
    folded title per paper alive at once: at a million papers those held 200 MB)."""
    ordered: list[Paper] = []
    for _date, run in groupby(sorted(papers, key=attrgetter("date")), key=attrgetter("date")):
        same = list(run)
        if len(same) > 1:
            same.sort(key=_folded_title)
        ordered += same
    return ordered


def _folded_title(paper: Paper) -> str:
    return paper.title.casefold()
