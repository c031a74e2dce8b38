"""Ranking: derived lookup structures and the tiers of a free-text match.

Part of the Textual-free core. Built from a :class:`~papertui.search.index.SearchIndex`:

* :class:`~papertui.search.wordindex.WordIndex` (re-exported): sorted vocabulary -> papers, for
  word-prefix, abbreviation ("attn" -> "attention") and candidate lookups;
* :class:`Joined`: every haystack in one string, for memchr-speed ``str.find`` scans (the
  index's :class:`~papertui.search.texts.Texts` already is one: no copy);
* :class:`CharCounts`: letter counts per paper, an exact prefilter for the fuzzy pass.

Ranking keys (:mod:`papertui.search.tiers`) are int64: ``(tier << 24 | position-or-score) << 22 |
paper``, so a plain sort gives the final order, ties in date order.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from itertools import repeat
from typing import TYPE_CHECKING, Any

from papertui.search.charcounts import CharCounts
from papertui.search.index import FIELD_SEP
from papertui.search.matching import FUZZY_MIN_LENGTH, fuzzy_cutoff, starts_word
from papertui.search.texts import Texts
from papertui.search.tiers import (
    IDX_MASK,
    TIER_EXACT,
    TIER_FUZZY,
    TIER_PEOPLE_PREFIX,
    TIER_PEOPLE_SUBSTRING,
    TIER_SHORT_PREFIX,
    TIER_SUBSTRING,
    TIER_TOKENS,
    TIER_WORD_PREFIX,
    key_paper,
    key_tier,
    make_keys,
)
from papertui.search.wordindex import WORD_INDEX_VERSION, WordIndex

if TYPE_CHECKING:
    from papertui.search.wordindex import BoolArray, IntArray

__all__ = [
    "IDX_MASK",
    "WORD_INDEX_VERSION",
    "CharCounts",
    "Joined",
    "WordIndex",
    "fuzzy_search",
    "key_paper",
    "key_tier",
    "substring_search",
    "token_search",
]


@dataclass(slots=True)
class Joined:
    """All haystacks in one string (``"\\n"``-separated) for memchr-speed ``str.find``."""

    text: str
    starts: Sequence[int]  # where each paper's haystack starts, plus a sentinel at the end
    starts_array: Any = None  # the same as a numpy array

    @classmethod
    def build(cls, hay: Sequence[str]) -> Joined:
        import numpy as np

        texts = hay if isinstance(hay, Texts) else Texts.of(hay)
        return cls(texts.text, texts.starts, np.frombuffer(texts.starts, np.int64))

    def scan(self, query: str) -> tuple[list[int], list[int]]:
        """Papers containing ``query`` (ascending) and the offset of its first occurrence."""
        if len(query) <= 4:  # short needles hit often: one regex match per paper is cheaper
            return self._scan_regex(query)
        papers: list[int] = []
        first: list[int] = []
        find, starts = self.text.find, self.starts
        at = find(query)
        while at >= 0:
            k = bisect_right(starts, at) - 1
            papers.append(k)
            first.append(at - starts[k])
            at = find(query, starts[k + 1])
        return papers, first

    def _scan_regex(self, query: str) -> tuple[list[int], list[int]]:
        import numpy as np

        # "[^\n]*" swallows the rest of the paper, so each paper matches at most once
        pattern = re.compile(re.escape(query) + "[^\n]*")
        at = np.asarray([m.start() for m in pattern.finditer(self.text)], np.int64)
        starts = self.starts_array
        papers = np.searchsorted(starts, at, side="right") - 1
        return papers.tolist(), (at - starts[papers]).tolist()


CHUNK = 10_000  # finds per C-level pass (~6 ms at 1M papers): the GIL is free between
# passes, so a search in a worker thread never stalls the UI thread for long (a map()
# inside np.fromiter holds it throughout)


def _find_all(text: str, needle: str, lo: Any, hi: Any) -> IntArray:
    """``[text.find(needle, a, b) for a, b in zip(lo, hi)]`` as an int64 array (absolute
    offsets or -1), in GIL-friendly chunks."""
    import numpy as np

    out = np.empty(len(lo), np.int64)
    find = text.find
    for at in range(0, len(lo), CHUNK):
        a, b = lo[at : at + CHUNK].tolist(), hi[at : at + CHUNK].tolist()
        out[at : at + len(a)] = np.fromiter(map(find, repeat(needle), a, b), np.int64, len(a))
    return out


def substring_search(
    hay: Texts,
    people_at: Any,
    query: str,
    within: Sequence[int] | IntArray | None,
    joined: Joined | None = None,
    *,
    word_start: bool = False,
    may_prefix: BoolArray | None = None,
) -> tuple[IntArray, IntArray]:
    """Papers containing ``query`` (date order, for narrowing) and their sorted keys (0-5).

    ``within`` restricts the scan to earlier hits (the query extends a cached one). Without
    a small ``within``, queries of 3+ characters scan ``joined`` (one ``find`` per hit)
    rather than every haystack (one call per paper): fewer hits, less Python.
    ``word_start`` matches only at word starts (the engine uses it for 1-2 characters,
    where "h" inside "the" is noise and every paper would match). ``may_prefix`` (a mask
    over all papers, from the word index) marks the papers that can hold the query at a
    word start; the others are not searched for one, so most candidates cost one ``find``.
    """
    import numpy as np

    text = hay.text
    starts = np.frombuffer(hay.starts, np.int64)
    needle = " " + query if word_start else query
    big_pool = within is None or len(within) > len(hay) // 8
    word: Any = None
    if joined is not None and len(needle) >= 3 and big_pool:
        found_papers, found_first = joined.scan(needle)
        papers = np.asarray(found_papers, np.int64)
        first = np.asarray(found_first, np.int64)
        if within is not None and len(within) < len(hay):
            keep = np.zeros(len(hay), np.bool_)
            keep[within] = True
            sel = keep[papers]
            papers, first = papers[sel], first[sel]
    else:
        pool = np.arange(len(hay)) if within is None else np.asarray(within, np.int64)
        lo, hi = starts[pool], starts[pool + 1] - 1
        if word_start:
            scan = _find_all(text, needle, lo, hi)
            found = scan >= 0
            papers, first = pool[found], scan[found] - lo[found]
        else:
            # The first word-start occurrence decides the tier when there is one, so
            # only papers without one need the first occurrence anywhere.
            at_word = np.full(len(pool), -1, np.int64)
            pre = np.flatnonzero(may_prefix[pool]) if may_prefix is not None else None
            if pre is None:
                at_word = _find_all(text, " " + query, lo, hi)
            elif len(pre):
                at_word[pre] = _find_all(text, " " + query, lo[pre], hi[pre])
            anywhere = np.full(len(pool), -1, np.int64)
            rest = np.flatnonzero(at_word < 0)
            anywhere[rest] = _find_all(text, query, lo[rest], hi[rest])
            found = (at_word >= 0) | (anywhere >= 0)
            papers, lo = pool[found], lo[found]
            word = np.where(at_word[found] >= 0, at_word[found] - lo, -1)
            first = np.where(word >= 0, word + 1, anywhere[found] - lo)
    return rank_hits(hay, people_at, query, papers, first, word, word_start=word_start)


def rank_hits(
    hay: Texts,
    people_at: Any,
    query: str,
    papers: Any,
    first: Any,
    word: Any,
    *,
    word_start: bool = False,
) -> tuple[IntArray, IntArray]:
    """:func:`substring_search`'s result from its hits: ``papers`` (ascending), the offset
    of the first occurrence of ``query`` in each and of the space before its first
    word-start occurrence (-1: none; None: not known, found here)."""
    import numpy as np

    text = hay.text
    starts = np.frombuffer(hay.starts, np.int64)
    hits: IntArray = np.asarray(papers, np.int64)
    begin = starts[papers]  # where each hit's haystack starts in text
    if word_start:
        word = first
        first = first + 1
    elif word is None:
        # Where the first occurrence starts a word, that is the first word start too; only
        # the others need a second look, from the first occurrence on.
        end = starts[papers + 1] - 1
        at = begin + first
        before = map(text.__getitem__, (at - 1).tolist())  # first >= 1: lead space
        at_word = np.fromiter(map(" ".__eq__, before), np.bool_, len(hits))
        word = np.where(at_word, first - 1, -1)
        rest = np.flatnonzero(~at_word)
        if len(rest):
            later = np.fromiter(
                map(text.find, repeat(" " + query), at[rest].tolist(), end[rest].tolist()),
                np.int64,
                len(rest),
            )
            word[rest] = np.where(later >= 0, later - begin[rest], -1)
    people = people_at[papers]
    if word_start:  # no positions: the word index cannot know them either
        return hits, _word_start_keys(word, people, papers, text, begin, query)
    in_head = first < people
    tier = np.where(in_head, TIER_SUBSTRING, TIER_PEOPLE_SUBSTRING)
    pos = np.where(in_head, first, first - people)
    people_word = word + 1 >= people  # word is the space before the word
    tier[people_word] = TIER_PEOPLE_PREFIX
    pos[people_word] = (word + 1 - people)[people_word]
    head_word = (word > 0) & ~people_word
    tier[head_word] = TIER_WORD_PREFIX
    pos[head_word] = word[head_word]
    prefix = np.flatnonzero(word == 0)
    tier[prefix] = TIER_SHORT_PREFIX
    pos[prefix] = 0
    _mark_exact(tier, prefix, text, begin, query)
    keys = make_keys(tier, pos, papers)
    keys.sort()
    return hits, keys


def _mark_exact(tier: Any, prefix: Any, text: str, begin: Any, query: str) -> None:
    """Set TIER_EXACT where the short name (of the ``prefix`` hits) is the query."""
    import numpy as np

    if len(prefix):
        at = begin[prefix].tolist()
        exact = map(text.startswith, repeat(f" {query} {FIELD_SEP}"), at)
        tier[prefix[np.fromiter(exact, np.bool_, len(prefix))]] = TIER_EXACT


def _word_start_keys(
    word: Any, people: Any, papers: Any, text: str, begin: Any, query: str
) -> IntArray:
    import numpy as np

    tier = np.where(word + 1 >= people, TIER_PEOPLE_PREFIX, TIER_WORD_PREFIX)  # +1: the space
    prefix = np.flatnonzero(word == 0)
    tier[prefix] = TIER_SHORT_PREFIX
    _mark_exact(tier, prefix, text, begin, query)
    keys = make_keys(tier, np.zeros(len(papers), np.int64), papers)
    keys.sort()
    return keys


def token_search(words: WordIndex, tokens: list[str], exclude: BoolArray) -> IntArray:
    """Sorted keys (tier 6) for papers where every token matches a word, minus ``exclude``.

    A token matches a word it starts or, from three letters, a word that holds its letters
    in order from the same first letter ("attn" -> "attention"). The score adds per token 0
    for a prefix of a short/title word, 1 for an abbreviation of one, 2 and 3 for the same
    in authors/organisation. ``exclude`` (a mask over all papers) drops stronger hits.
    """
    import numpy as np

    n = len(exclude)
    alive = ~exclude
    total = np.zeros(n, np.int32)
    kinds = ((0, 0), (0, 1), (1, 0), (1, 1))
    for token in dict.fromkeys(tokens):
        cost = np.full(n, 99, np.int8)
        # the cheapest way a paper matches counts: written from the dearest to the cheapest
        for value in reversed(range(len(kinds))):
            group, abbreviation = kinds[value]
            if abbreviation:
                if len(token) < 3:
                    continue
                cost[words.abbreviation_papers(group, token)] = value
            else:
                cost[words.prefix_papers(group, token)] = value
        alive &= cost < 99
        total += cost
        if not alive.any():
            return np.zeros(0, np.int64)
    papers = np.flatnonzero(alive)
    keys = make_keys(np.full(len(papers), TIER_TOKENS), total[papers], papers)
    keys.sort()
    return keys


FUZZY_CHUNK = 50_000  # candidates per cdist call: bounded memory, a chance to stop


def fuzzy_search(
    hay: Sequence[str],
    query: str,
    candidates: list[int],
    stop: Callable[[], bool] | None = None,
    chunk: int = FUZZY_CHUNK,
) -> IntArray | None:
    """Sorted keys (tier 7) for ``candidates`` scoring at least :func:`fuzzy_cutoff`, or
    None if ``stop()`` turned true between two chunks (the caller no longer wants them).

    Uses ``process.cdist`` with ``workers=1``: it releases the GIL (``extract`` does not).
    """
    import numpy as np

    if len(query) < FUZZY_MIN_LENGTH or not candidates:
        return np.zeros(0, np.int64)
    from rapidfuzz import fuzz, process

    cutoff = fuzzy_cutoff(query)
    found_papers: list[Any] = []
    found_miss: list[Any] = []
    for at in range(0, len(candidates), chunk):
        if stop is not None and stop():
            return None
        part = candidates[at : at + chunk]
        choices = hay.pick(part) if isinstance(hay, Texts) else [hay[k] for k in part]
        row = process.cdist(
            [query], choices, scorer=fuzz.partial_ratio, score_cutoff=cutoff, workers=1
        )[0]
        found = np.flatnonzero(row)
        # The matched window must start at a word (or one letter into it, for a first-
        # letter slip): "resnet" ~ "resent" inside "repRESENTations" is not a typo.
        at_word = [
            starts_word(
                choices[k], fuzz.partial_ratio_alignment(query, choices[k], score_cutoff=cutoff)
            )
            for k in found.tolist()
        ]
        found = found[np.asarray(at_word, np.bool_)] if len(found) else found
        found_miss.append(1000 - (row[found] * 10).astype(np.int64))  # higher score first
        found_papers.append(np.asarray(part, np.int64)[found])
    papers = np.concatenate(found_papers)
    keys = make_keys(np.full(len(papers), TIER_FUZZY), np.concatenate(found_miss), papers)
    keys.sort()
    return keys
