"""The search engine: era, tag facets, field filters and ranked free text over a library.

``Engine.run(view)`` is pure and thread-safe, so the UI can call it from a thread worker.

Semantics (decided here, tested in ``tests/unit/test_engine.py``):

* **Free text** searches short name, title, authors and organisation, case- and
  accent-insensitively, punctuation-loosely (see :mod:`papertui.search.index`). Ranking, best
  first: exact short name, short-name prefix, word prefix in short name/title, word prefix
  in an author/organisation, substring in short name/title, substring in
  author/organisation (earlier first occurrence first within each), then *token* matches
  (every query word starts a word or, from 3 letters, abbreviates one: "attn is all"),
  then *fuzzy* matches (typos: ``rapidfuzz`` ``partial_ratio`` with a cutoff of about one
  edit). Ties keep date order. Loose tiers only run while strict hits are scarce: one-word
  abbreviations and one-word fuzzy below 50 stronger hits, several-word fuzzy only when
  nothing else matched; fuzzy needs 6+ characters and a last word of 3+, and the
  matched window must start at a word.
* Queries of **1-2 characters** match at word starts only ("h" is in every paper).
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
* ``Results.ids`` is a :class:`PaperIds` sequence view (no list of 100k strings per
  keystroke): ``len``, indexing, slicing, iteration, ``in`` and a fast ``index``.

Performance: :class:`~papertui.search.index.SearchIndex` (a few buffers, cached with the library)
is built once; numpy views of it and the :mod:`papertui.search.ranking` structures are made on
first need, so a small library's first screen (every paper) needs no numpy. Call
:meth:`Engine.warm` in a worker after construction so the first typed query does not pay
for them. The :class:`~papertui.search.wordindex.WordIndex` (also cached) answers most free text
from its postings (:mod:`papertui.search.postings`): 1-2 letters from word starts, one
word of 3+ letters and several words (an ASCII haystack) with positions, no text scan;
otherwise by narrowing the candidates to papers with the right words and scanning those.
Free-text hits are kept per query (:mod:`papertui.search.texthits`) and a query that extends
a kept one only re-checks its hits (incremental narrowing).
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Mapping, Sequence
from functools import partial
from typing import Any

from papertui.library.fold import normalize
from papertui.library.model import Library
from papertui.search import matching, postings, ranking, typos
from papertui.search.facets import Facets
from papertui.search.index import SearchIndex
from papertui.search.lineagefilter import LineageMasks
from papertui.search.paperids import PaperIds
from papertui.search.query import FIELD_KEYS, parse_query
from papertui.search.texthits import TextHits, TextHitsCache
from papertui.search.views import LazyCounts, Results, Sort, View, restrict
from papertui.search.wordindex import WordIndex

__all__ = ["Engine", "PaperIds", "Results", "Sort", "View"]

Stop = Callable[[], bool] | None  # see Engine.run


class Engine:
    """Search over one library. Build once per load; ``run`` is safe from any thread.

    ``Engine(library)`` builds a :class:`~papertui.search.index.SearchIndex` (buffers, so it
    can be cached); ``Engine.from_index`` reuses one. The word index used for token matches
    is built on first need, or ahead of time by reading :attr:`words` in a worker.
    """

    def __init__(
        self,
        library: Library,
        *,
        index: SearchIndex | None = None,
        words: WordIndex | None = None,
    ) -> None:
        self.library = library
        self.index = index if index is not None else SearchIndex.build(library)
        self._n = len(self.index)
        # numpy views of the index, made on the first search that needs them: numpy takes
        # ~0.15 s to import and the first screen (every paper, no query) does without it.
        self._facets = Facets(self.index)
        self._words = words
        self._joined: ranking.Joined | None = None
        self._char_counts: ranking.CharCounts | None = None
        # One lock per lazy structure: the UI thread may need the small ones while a
        # worker spends a second building the word index.
        self._words_lock = threading.Lock()
        self._joined_lock = threading.Lock()
        self._counts_lock = threading.Lock()
        self._cache = TextHitsCache()
        self._lineage = LineageMasks(library, self.index, self._rank_ids)

    @classmethod
    def from_index(
        cls, library: Library, index: SearchIndex, words: WordIndex | None = None
    ) -> Engine:
        """An engine over a prebuilt (e.g. cached and unpickled) index of ``library``."""
        return cls(library, index=index, words=words)

    @property
    def words(self) -> WordIndex:
        """The word index (built on first use; read it in a worker to warm it up)."""
        built = self._words
        if built is None:
            with self._words_lock:
                built = self._words
                if built is None:
                    built = self._words = WordIndex.build(self.index)
        return built

    @property
    def joined(self) -> ranking.Joined:
        """All haystacks in one string (built on first use)."""
        built = self._joined
        if built is None:
            with self._joined_lock:
                built = self._joined
                if built is None:
                    built = self._joined = ranking.Joined.build(self.index.hay)
        return built

    @property
    def char_counts(self) -> ranking.CharCounts:
        """Letter counts per paper for the fuzzy prefilter (from the word index if it has
        them, else built on first use)."""
        built = self._char_counts
        if built is None and self._words is not None:
            built = self._char_counts = self._words.letters
        if built is None:
            with self._counts_lock:
                built = self._char_counts
                if built is None:
                    built = self._char_counts = ranking.CharCounts.build(self.index.hay)
        return built

    def warm(self) -> None:
        """Build every lazy structure now (call it from a worker after construction), so
        the first multi-word or misspelt query does not pay for it."""
        self._facets.ensure()
        self._facets.counts_of_all()  # every query's era counts start from these
        self._facets.ensure_letters()  # "author:h" from a bit per letter
        _ = self.words, self.joined, self.char_counts
        self._lineage.graph.warm()  # anc:/desc: walks (search/lineagegraph.py)
        import numpy as np
        from rapidfuzz import fuzz, process  # noqa: F401 - imported once, off the keystroke

        np.unique(np.zeros(1, dtype=np.int64))  # its first call imports numpy.ma (~20 ms)

    # -- free text -------------------------------------------------------------------------

    def _text_hits(self, text: str) -> TextHits:
        import numpy as np

        short = len(text) < matching.WORD_START_BELOW  # word starts only
        # Incremental narrowing: the longest kept text this one extends (same mode).
        hit, earlier = self._cache.lookup(
            text, lambda kept: (len(kept) < matching.WORD_START_BELOW) == short
        )
        if hit is not None:
            return hit
        words = self._words
        if short and words is not None:  # the word index answers at numpy speed
            hits = TextHits(contains=None, ranked=self._word_start(text))
            return self._cache.remember(text, hits)
        within = earlier.papers() if earlier is not None else None
        found: tuple[Any, Any] | None = None
        few = within is not None and len(within) <= self._n // 256  # a few finds are cheaper
        if words is not None and not short and not few:  # the postings know where it is
            people_at = self._facets.people_at32
            if " " not in text:
                found = postings.word_keys(words, people_at, text, self._n)
            else:
                found = postings.phrase_keys(words, self.index.hay, people_at, text, self._n)
        if found is not None:
            contains, keys = found
        else:
            joined: ranking.Joined | None = self.joined
            several = " " in text
            if words is not None and (within is None or len(within) > self._n // 8 or several):
                # Every hit has each query word inside one of its words: the vocabulary
                # (small) tells which papers can match, instead of scanning every text.
                mask = words.phrase_candidates(text.split(" "), self._n)
                if within is not None:
                    mask &= self._mask(within)
                within = np.flatnonzero(mask)
                joined = None  # the candidates are (nearly) the hits: check just those
            may_prefix = None
            if words is not None and not short:  # who has a word starting like the query
                may_prefix = words.prefix_mask(text.split(" ")[0], self._n)
            contains, keys = ranking.substring_search(
                self.index.hay,
                self._facets.people_at,
                text,
                within,
                joined,
                word_start=short,
                may_prefix=may_prefix,
            )
        tokens = text.split()
        # Token matches: always for several words; for one word (abbreviations such as
        # "attn") only while real hits are scarce, so "resn" is not drowned in "reasoning".
        if len(tokens) > 1 or (len(text) >= 3 and len(contains) < matching.STRONG_ENOUGH):
            exclude = np.zeros(self._n, np.bool_)
            exclude[contains] = True
            keys = np.concatenate([keys, ranking.token_search(self.words, tokens, exclude)])
        hits = TextHits(contains=contains, ranked=keys & ranking.IDX_MASK)
        return self._cache.remember(text, hits)

    def _word_start(self, text: str) -> Any:
        """Papers with a word starting with ``text`` (1-2 characters), best first."""
        return postings.word_start_order(self.words, text, self._n)

    def _mask(self, papers: list[int]) -> Any:
        import numpy as np

        mask = np.zeros(self._n, np.bool_)
        mask[papers] = True
        return mask

    def _fuzzy(self, text: str, hits: TextHits, allowed: Any, stop: Stop) -> Any:
        import numpy as np

        if allowed is None and hits.fuzzy is not None:
            return hits.fuzzy
        pool = np.ones(self._n, np.bool_) if allowed is None else allowed.copy()
        pool[hits.ranked] = False
        if self._words is not None and typos.answers(text, self._n):  # from the vocabulary
            keys = typos.fuzzy_keys(self._words, self.index.hay, self.char_counts, text, pool, stop)
        else:
            candidates = self.char_counts.may_match(text, np.flatnonzero(pool)).tolist()
            keys = ranking.fuzzy_search(self.index.hay, text, candidates, stop)
        if keys is None:  # stopped: incomplete, so neither cached nor worth finishing
            return np.zeros(0, np.int64)
        found = keys & ranking.IDX_MASK
        if allowed is None:
            hits.fuzzy = found
        return found

    def _ranked(self, text: str, allowed: Any, stop: Stop = None) -> Any:
        """Papers matching ``text`` within ``allowed`` (a mask or None), best first."""
        import numpy as np

        hits = self._text_hits(text)
        ranked = hits.ranked if allowed is None else hits.ranked[allowed[hits.ranked]]
        words = text.split(" ")
        # Fuzzy only while strong hits are scarce: for one word, fewer than a screenful;
        # for several words, none at all (the token tier already forgives a lot there).
        scarce = len(ranked) < matching.STRONG_ENOUGH if len(words) == 1 else not len(ranked)
        if (
            scarce
            and len(text) >= matching.FUZZY_MIN_LENGTH
            and len(words[-1]) >= 3  # not while a new word has just begun
            and text not in FIELD_KEYS  # "author" on its way to "author:"
        ):
            ranked = np.concatenate([ranked, self._fuzzy(text, hits, allowed, stop)])
        return ranked

    # -- public ----------------------------------------------------------------------------

    def run(self, view: View, stop: Stop = None) -> Results:
        """Apply ``view`` to the library (pure; safe to call from a worker thread).

        ``stop()``, if given, is asked between chunks of slow work (the fuzzy pass over a
        million papers takes seconds): once it returns True the rest is skipped and the
        results may be incomplete, for a caller that is about to drop them anyway (a
        cancelled worker: ``stop=lambda: worker.is_cancelled``).
        """
        query = parse_query(view.query)
        idx = self.index
        text = normalize(query.text)
        restricted = view.within is not None or bool(view.without)
        everything = not (
            text or query.has_filters or restricted or view.tags or view.era is not None
        )
        if everything and view.sort is not Sort.TITLE:  # all papers by date: no numpy needed
            era_counts, tag_counts = self._facets.counts_of_all()
            return Results(
                view=view,
                query=query,
                ids=PaperIds(range(self._n), idx.ids, idx.position),
                total=self._n,
                era_counts=dict(era_counts),
                tag_counts=dict(tag_counts),
            )
        import numpy as np

        facets = self._facets
        facets.ensure()
        allowed = facets.mask(view.tags, query, self._words, wait=stop is not None)
        notes: tuple[str, ...] = ()
        if query.lineage:
            allowed, query, notes = self._lineage.apply(query, allowed)
        if restricted:
            allowed = restrict(allowed, view, self.index.position, self._n)
        order: Any
        if text:
            order = self._ranked(text, allowed, stop)
        elif allowed is not None:
            order = np.flatnonzero(allowed)
        else:
            order = None  # every paper, date order
        all_eras, all_tags = facets.counts_of_all()
        # The counts are made on first use (views.LazyCounts): after the results are shown
        eras: Mapping[str, int] = (
            dict(all_eras) if order is None else LazyCounts(partial(facets.era_counts, order))
        )
        if view.era is not None:
            want = idx.era_ids.index(view.era) if view.era in idx.era_ids else -1
            if order is None:
                order = np.flatnonzero(facets.era == want)
            else:
                order = order[facets.era[order] == want]
        tags: Mapping[str, int] = (
            dict(all_tags) if order is None else LazyCounts(partial(facets.tag_counts, order))
        )
        if order is None:
            order = np.arange(self._n)
        if view.sort is Sort.DATE:
            order = np.sort(order)
        elif view.sort is Sort.TITLE:
            order = order[np.argsort(facets.title_rank[order], kind="stable")]
        return Results(
            view=view,
            query=query,
            ids=PaperIds(order, idx.ids, idx.position),
            total=self._n,
            era_counts=eras,
            tag_counts=tags,
            notes=notes,
        )

    def _rank_ids(self, text: str) -> Sequence[str]:
        """Free text -> paper ids, best first (no filters)."""
        norm = normalize(text)
        if not norm:
            return ()
        self._facets.ensure()
        return PaperIds(self._ranked(norm, None), self.index.ids, self.index.position)

    def highlight(self, text: str, query: str) -> list[tuple[int, int]]:
        """``[start, end)`` spans of ``text`` matched by the free-text part of ``query``."""
        return matching.highlight_spans(text, parse_query(query).text)
