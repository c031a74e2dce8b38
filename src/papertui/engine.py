"""The search engine: era, tag facets, field filters and ranked free text over a library.

``Engine.run(view)`` is pure and thread-safe, so the UI can call it from a thread worker.

Semantics (decided here, tested in ``tests/unit/test_engine.py``):

* **Free text** searches short name, title, authors and organisation, case- and
  accent-insensitively (see :mod:`papertui.search`). Ranking, best first: exact short name,
  short-name prefix, word prefix in short name/title, word prefix in an author/organisation,
  substring in short name/title, substring in author/organisation (earlier position first
  within each), then *token* matches (every query word starts a word or abbreviates it:
  "attn is all"), then *fuzzy* matches (typos, ``rapidfuzz`` ``partial_ratio`` with a strict
  cutoff, only for queries of 5+ characters and when fewer than 50 stronger hits exist).
  Ties keep date order. Ranking uses the first occurrence of the query in each field group.
* ``tag:X`` matches a tag equal to X after normalising (case, accents, punctuation), or,
  when no library tag equals X, every tag that starts with X (handy while typing). Several
  ``tag:`` filters and the selected tag facets must all hold (AND).
* ``era:X`` matches an era whose id or name equals X (normalised), else whose id or name
  starts with X. Several ``era:`` filters mean any of them (a paper has one era).
* ``author:X`` / ``org:X``: X is a substring of an author name / the organisation
  (normalised). Several filters must all hold.
* ``year:`` bounds are inclusive.
* **Sort**: ``RELEVANCE`` is the search rank, or date order when there is no free text;
  ``DATE`` is chronological, *oldest first* (a history browser reads forwards in time);
  ``TITLE`` is by casefolded title. Ties fall back to date order.
* ``era_counts`` counts, per era id, the papers matching query and tags while *ignoring*
  ``view.era`` (every era is present, possibly 0); ``tag_counts`` counts tags over the final
  result set (only tags with a count).
"""

from __future__ import annotations

import threading
from collections import Counter, OrderedDict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from itertools import chain

from papertui import search
from papertui.model import Library
from papertui.query import Query, parse_query
from papertui.search import LazyWordIndex, SearchIndex, WordIndex, normalize

__all__ = ["Engine", "Results", "Sort", "View"]

_CACHE_SIZE = 6


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


@dataclass(frozen=True, slots=True)
class Results:
    view: View
    query: Query  # parsed view.query
    ids: Sequence[str]  # ordered result paper ids
    total: int  # number of papers in the library
    era_counts: Mapping[str, int] = field(default_factory=dict)
    tag_counts: Mapping[str, int] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class _TextHits:
    """Everything about one normalised free text that does not depend on filters."""

    contains: list[int]  # papers containing the text, date order (for narrowing)
    ranked: list[int]  # sort keys of substring + token tiers, best first


class Engine:
    """Search over one library. Build once per load; ``run`` is safe from any thread."""

    def __init__(
        self,
        library: Library,
        *,
        index: SearchIndex | None = None,
        words: WordIndex | None = None,
    ) -> None:
        self.library = library
        self.index = index if index is not None else SearchIndex.build(library)
        self._words = LazyWordIndex(self.index, words)
        self._pos = {pid: i for i, pid in enumerate(self.index.ids)}
        self._lock = threading.Lock()
        self._cache: OrderedDict[str, _TextHits] = OrderedDict()

    @classmethod
    def from_index(
        cls, library: Library, index: SearchIndex, words: WordIndex | None = None
    ) -> Engine:
        """An engine over a prebuilt (e.g. cached and unpickled) index of ``library``."""
        return cls(library, index=index, words=words)

    @property
    def words(self) -> WordIndex:
        """The word index (built on first use; call from a worker to warm it up)."""
        return self._words.get()

    # -- filters ---------------------------------------------------------------------------

    def _tag_papers(self, names: Iterable[int]) -> set[int]:
        pos = self._pos
        by_tag = self.library.by_tag
        out: set[int] = set()
        for k in names:
            out.update(pos[pid] for pid in by_tag.get(self.index.tag_names[k], ()))
        return out

    def _match_tags(self, value: str) -> list[int]:
        key = normalize(value)
        keys = self.index.tag_keys
        exact = [k for k, t in enumerate(keys) if t == key]
        return exact or [k for k, t in enumerate(keys) if t.startswith(key)]

    def _match_eras(self, value: str) -> set[int]:
        key = normalize(value)
        keys = self.index.era_keys
        exact = {k for k, (i, n) in enumerate(keys) if key in (i, n)}
        return exact or {
            k for k, (i, n) in enumerate(keys) if i.startswith(key) or n.startswith(key)
        }

    def _filter(self, view: View, query: Query) -> set[int] | None:
        """Papers passing tag facets and field filters (``None`` = all papers)."""
        idx = self.index
        allowed: set[int] | None = None

        def narrow(found: set[int]) -> None:
            nonlocal allowed
            allowed = found if allowed is None else allowed & found

        tag_pos = {t: k for k, t in enumerate(idx.tag_names)}
        for tag in sorted(view.tags):
            k = tag_pos.get(tag)
            narrow(self._tag_papers([k]) if k is not None else set())
        for value in query.tags:
            narrow(self._tag_papers(self._match_tags(value)))
        if query.eras:
            eras: set[int] = set()
            for value in query.eras:
                eras |= self._match_eras(value)
            pool = allowed if allowed is not None else range(len(idx))
            allowed = {i for i in pool if idx.era_of[i] in eras}
        if query.year_min is not None or query.year_max is not None:
            low = query.year_min if query.year_min is not None else -(10**9)
            high = query.year_max if query.year_max is not None else 10**9
            pool = allowed if allowed is not None else range(len(idx))
            allowed = {i for i in pool if low <= idx.years[i] <= high}
        for values, texts in ((query.authors, idx.authors), (query.orgs, idx.orgs)):
            for value in values:
                key = normalize(value)
                pool = allowed if allowed is not None else range(len(idx))
                allowed = {i for i in pool if key in texts[i]}
        return allowed

    # -- free text -------------------------------------------------------------------------

    def _text_hits(self, text: str) -> _TextHits:
        with self._lock:
            hit = self._cache.get(text)
            if hit is not None:
                self._cache.move_to_end(text)
                return hit
            # Incremental narrowing: the longest cached text this one extends.
            base = max((k for k in self._cache if text.startswith(k)), key=len, default=None)
            within = self._cache[base].contains if base is not None else None
        idx = self.index
        contains = search.substring_hits(idx.hay, text, within)
        keys = search.substring_keys(idx, text, contains)
        keys.sort()
        tokens = text.split()
        if len(tokens) > 1 or len(text) >= 3:
            keys += search.token_keys(self.words, tokens, set(contains), None)
        hits = _TextHits(contains=contains, ranked=keys)
        with self._lock:
            self._cache[text] = hits
            self._cache.move_to_end(text)
            while len(self._cache) > _CACHE_SIZE:
                self._cache.popitem(last=False)
        return hits

    def _ranked(self, text: str, allowed: set[int] | None) -> list[int]:
        """Paper numbers matching ``text`` within ``allowed``, best first."""
        hits = self._text_hits(text)
        keys = hits.ranked
        if allowed is not None:
            keys = [k for k in keys if search.key_paper(k) in allowed]
        if len(keys) < search.STRONG_ENOUGH and len(text) >= search.FUZZY_MIN_LENGTH:
            strong = {search.key_paper(k) for k in hits.ranked}
            pool: Iterable[int] = sorted(allowed) if allowed is not None else range(len(self.index))
            candidates = [i for i in pool if i not in strong]
            keys = keys + search.fuzzy_keys(self.index.hay, text, candidates)
        return [search.key_paper(k) for k in keys]

    # -- public ----------------------------------------------------------------------------

    def run(self, view: View) -> Results:
        """Apply ``view`` to the library (pure; safe to call from a worker thread)."""
        query = parse_query(view.query)
        idx = self.index
        allowed = self._filter(view, query)
        text = normalize(query.text)
        if text:
            order = self._ranked(text, allowed)
        elif allowed is None:
            order = list(range(len(idx)))
        else:
            order = sorted(allowed)
        era_of = idx.era_of
        per_era = Counter(map(era_of.__getitem__, order))
        era_counts = {eid: per_era.get(k, 0) for k, eid in enumerate(idx.era_ids)}
        if view.era is not None:
            try:
                want = idx.era_ids.index(view.era)
            except ValueError:
                order = []
            else:
                order = [i for i in order if era_of[i] == want]
        per_tag = Counter(chain.from_iterable(map(idx.tags_of.__getitem__, order)))
        tag_counts = {idx.tag_names[k]: n for k, n in sorted(per_tag.items())}
        if view.sort is Sort.DATE or (view.sort is Sort.RELEVANCE and not text):
            order = sorted(order)
        elif view.sort is Sort.TITLE:
            order = sorted(order, key=idx.title_rank.__getitem__)
        return Results(
            view=view,
            query=query,
            ids=list(map(idx.ids.__getitem__, order)),
            total=len(idx),
            era_counts=era_counts,
            tag_counts=tag_counts,
        )

    def highlight(self, text: str, query: str) -> list[tuple[int, int]]:
        """``[start, end)`` spans of ``text`` matched by the free-text part of ``query``."""
        return search.highlight_spans(text, parse_query(query).text)
