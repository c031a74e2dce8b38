"""Era, year and tag facets of a search index: numpy views, filters and counts (core).

Part of :mod:`papertui.search.engine` (see its docstring for the semantics of ``tag:``, ``era:``,
``author:``, ``org:`` and ``year:`` and of the counts).
"""

from __future__ import annotations

import threading
from collections import Counter, OrderedDict
from itertools import chain, compress, repeat
from typing import Any

from papertui.library.fold import normalize
from papertui.search import pieces
from papertui.search.fieldletters import FieldLetters
from papertui.search.index import SearchIndex
from papertui.search.query import Query
from papertui.search.wordindex import WordIndex

__all__ = ["Facets"]

FEW_RESULTS = 500  # below this, tag counts in pure Python
BIG_SHARE = 8  # from 1/8 of the library up, count over every tag entry at once
COUNT_WITH_NUMPY = 200_000  # below, the first screen's counts need no numpy (~0.15 s import)
COUNT_SLICE = 20_000  # values counted per C call: the GIL is free between slices
TAG_MASKS_KEPT = 4  # masks of the last tag filters (one byte a paper each)


class Facets:
    """Numpy views of a :class:`~papertui.search.index.SearchIndex`'s columns (made by
    :meth:`ensure`, no copies) and the filters and counts built on them."""

    def __init__(self, index: SearchIndex) -> None:
        self.index = index
        self._n = len(index)
        self._ready = False
        self._lock = threading.Lock()
        self.people_at: Any = None
        self.people_at32: Any = None  # the same as int32 (half the memory traffic), if it fits
        self.era: Any = None
        self.years: Any = None
        self.title_rank: Any = None
        self.tag_flat: Any = None
        self.tag_paper: Any = None
        self.tag_count: Any = None  # tags per paper
        self.tag_start: Any = None  # where each paper's run starts in tag_flat
        self._tag_pos = {t: k for k, t in enumerate(index.tag_names)}
        self._all_counts: tuple[dict[str, int], dict[str, int]] | None = None
        self.letters: FieldLetters | None = None  # made by the engine's warm-up
        self._letters_lock = threading.Lock()
        self._tag_masks: OrderedDict[tuple[int, ...], Any] = OrderedDict()

    def ensure(self) -> None:
        """Make the numpy views (once; thread-safe)."""
        if self._ready:
            return
        with self._lock:
            if self._ready:
                return
            import numpy as np

            idx, n = self.index, self._n
            # views of the index's arrays, no copies
            self.people_at = np.frombuffer(idx.people_at, np.int64)
            small = not n or int(self.people_at.max()) < 1 << 30
            self.people_at32 = self.people_at.astype(np.int32) if small else self.people_at
            self.era = np.frombuffer(idx.era_of, np.int64)
            self.years = np.frombuffer(idx.years, np.int64)
            self.title_rank = np.frombuffer(idx.title_rank, np.int64)
            starts = np.frombuffer(idx.tag_starts, np.int64)
            per_paper = np.diff(starts)
            self.tag_flat = np.frombuffer(idx.tag_flat, np.int64)
            self.tag_paper = pieces.repeat(np.arange(n, dtype=np.int64), per_paper)
            self.tag_count = per_paper
            self.tag_start = starts[:-1]
            self._ready = True

    def counts_of_all(self) -> tuple[dict[str, int], dict[str, int]]:
        """Era and tag counts over the whole library (pure Python, cached)."""
        counts = self._all_counts
        if counts is None:
            idx = self.index
            if self._n > COUNT_WITH_NUMPY:  # no GIL-holding pass over millions
                import numpy as np

                eras = np.bincount(np.frombuffer(idx.era_of, np.int64), minlength=len(idx.era_ids))
                tags = np.frombuffer(idx.tag_flat, np.int64)
                per_tag = dict(enumerate(np.bincount(tags, minlength=len(idx.tag_names)).tolist()))
                per_era = dict(enumerate(eras.tolist()))
            else:  # in slices: a Counter over 250k values holds the GIL ~15 ms (more
                per_era, per_tag = Counter[int](), Counter[int]()  # on a loaded machine)
                for column, counter in ((idx.era_of, per_era), (idx.tag_flat, per_tag)):
                    for at in range(0, len(column), COUNT_SLICE):
                        counter.update(column[at : at + COUNT_SLICE])
            counts = self._all_counts = (
                {eid: per_era.get(k, 0) for k, eid in enumerate(idx.era_ids)},
                {idx.tag_names[k]: per_tag[k] for k in sorted(per_tag) if per_tag[k]},
            )
        return counts

    # -- counts ----------------------------------------------------------------------------

    def era_counts(self, order: Any) -> dict[str, int]:
        import numpy as np

        eras = self.era if order is None else self.era[order]
        counts = np.bincount(eras, minlength=len(self.index.era_ids)).tolist()
        return dict(zip(self.index.era_ids, counts, strict=True))

    def tag_counts(self, order: Any) -> dict[str, int]:
        import numpy as np

        names = self.index.tag_names
        if order is not None and len(order) < FEW_RESULTS:
            tags_of = self.index.tags_of
            per_tag = Counter(chain.from_iterable(map(tags_of, order.tolist())))
            return {names[k]: per_tag[k] for k in sorted(per_tag)}
        if order is None:
            flat = self.tag_flat
        elif len(order) * BIG_SHARE > self._n:  # a big share of the library: one pass
            chosen = np.zeros(self._n, np.bool_)
            chosen[order] = True
            flat = self.tag_flat[chosen[self.tag_paper]]
        else:  # gather just these papers' tag runs (CSR rows)
            lengths = self.tag_count[order]
            ends = np.cumsum(lengths)
            shift = np.repeat(self.tag_start[order] - (ends - lengths), lengths)
            flat = self.tag_flat[shift + np.arange(int(ends[-1]) if len(ends) else 0)]
        counts = np.bincount(flat, minlength=len(names)).tolist()
        return {name: c for name, c in zip(names, counts, strict=True) if c}

    # -- filters ---------------------------------------------------------------------------

    def papers_with_tags(self, tag_numbers: list[int]) -> Any:
        """A mask of the papers with any of these tags (a new array; the last few are
        kept, since every key typed after ``tag:x`` asks again)."""
        import numpy as np

        key = tuple(sorted(set(tag_numbers)))
        with self._lock:
            known = self._tag_masks.get(key)
            if known is not None:
                self._tag_masks.move_to_end(key)
                return known.copy()
        mask = np.zeros(self._n, np.bool_)
        if key:
            chosen = np.zeros(len(self.index.tag_names), np.bool_)
            chosen[list(key)] = True
            mask[self.tag_paper[chosen[self.tag_flat]]] = True
        with self._lock:
            self._tag_masks[key] = mask
            while len(self._tag_masks) > TAG_MASKS_KEPT:
                self._tag_masks.popitem(last=False)
        return mask.copy()

    def match_tags(self, value: str) -> list[int]:
        key = normalize(value)
        keys = self.index.tag_keys
        exact = [k for k, t in enumerate(keys) if t == key]
        prefix = exact or [k for k, t in enumerate(keys) if t.startswith(key)]
        # then a word of the name: tag:moe finds "Mixture of Experts (MoE)"
        return prefix or [k for k, t in enumerate(keys) if f" {key}" in f" {t}"]

    def match_eras(self, value: str) -> set[int]:
        key = normalize(value)
        keys = self.index.era_keys
        exact = {k for k, (i, n) in enumerate(keys) if key in (i, n)}
        return exact or {
            k for k, (i, n) in enumerate(keys) if i.startswith(key) or n.startswith(key)
        }

    def ensure_letters(self) -> FieldLetters:
        """The letter bits of the people fields, built now if not yet (thread-safe: a
        second caller waits for the first one's)."""
        with self._letters_lock:
            if self.letters is None:
                self.letters = FieldLetters.build(self.index)
            return self.letters

    def mask(
        self, tags: frozenset[str], query: Query, words: WordIndex | None, wait: bool = False
    ) -> Any:
        """A numpy mask of papers passing tag facets and field filters (None = all).
        ``wait``: the search runs in the background (never on the UI thread), so an
        ``author:``/``org:`` value may wait for the letter bits (the warm-up's, or built
        here) rather than look at every paper's names: a pass that costs about as much
        (1 s at a million papers, both competing for the GIL while the warm-up runs) and
        leaves nothing for the next key."""
        import numpy as np

        idx = self.index
        masks = []
        for tag in sorted(tags):
            k = self._tag_pos.get(tag)
            masks.append(self.papers_with_tags([k] if k is not None else []))
        for value in query.tags:
            masks.append(self.papers_with_tags(self.match_tags(value)))
        if query.eras:
            eras: set[int] = set()
            for value in query.eras:
                eras |= self.match_eras(value)
            chosen = np.zeros(len(idx.era_ids), np.bool_)
            chosen[sorted(eras)] = True
            masks.append(chosen[self.era])
        if query.year_min is not None:
            masks.append(self.years >= query.year_min)
        if query.year_max is not None:
            masks.append(self.years <= query.year_max)
        mask = None
        for m in masks:
            mask = m if mask is None else mask & m
        for field, values, texts in (
            ("author", query.authors, idx.authors_of),
            ("org", query.orgs, idx.org_of),
        ):
            for value in values:
                key = normalize(value)
                letters = self.letters
                if letters is None and wait:
                    letters = self.ensure_letters()
                quick: Any = None
                if letters is not None and letters.answers(key):  # "author:h": one bit
                    quick = letters.having(field, key)
                elif letters is not None and words is not None:  # one word: the postings
                    quick = letters.containing(words, field, key)
                if quick is not None:
                    mask = quick if mask is None else mask & quick
                    continue
                if words is not None and key:  # candidates from the vocabulary, as for text
                    for token in key.split(" "):
                        found_mask = words.containing(token, self._n)
                        mask = found_mask if mask is None else mask & found_mask
                pool = np.flatnonzero(mask).tolist() if mask is not None else range(self._n)
                found = map(str.__contains__, map(texts, pool), repeat(key))
                mask = np.zeros(self._n, np.bool_)
                mask[list(compress(pool, found))] = True
        return mask
