"""Free text answered from the word index's postings alone, in a few numpy passes (core).

Two searches the engine runs on almost every key of a big library:

* :func:`word_start_order`: a query of 1-2 characters (word starts only), ranked;
* :func:`word_keys`: one word of 3+ characters anywhere in a word, with its ranking keys.

Each gives what :func:`papertui.search.ranking.substring_search` gives for the same query
(the tests check that on every query they can think of), without looking at a haystack:
the word index knows which papers hold which words, and where (its ``positions``).

A paper's rank is the smallest key over its occurrences: a word-start occurrence ranks by
where its word is (short name, title, people), any other by where it is, and the first
occurrence wins within a tier. So each posting gets a score (tier and position) and a
paper keeps its minimum (the postings sorted by paper and score, or ``np.minimum.at`` when
there are many), instead of finding first occurrences and then looking at them again.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from typing import TYPE_CHECKING, Any

from papertui.search.tiers import (
    IDX_BITS,
    POS_BITS,
    POS_MASK,
    TIER_EXACT,
    TIER_PEOPLE_PREFIX,
    TIER_PEOPLE_SUBSTRING,
    TIER_SHORT_PREFIX,
    TIER_SUBSTRING,
    TIER_WORD_PREFIX,
)

if TYPE_CHECKING:
    from papertui.search.texts import Texts
    from papertui.search.wordindex import IntArray, WordIndex

__all__ = ["phrase_keys", "short_range", "word_keys", "word_start_order"]

_NONE = 255  # no tier: the paper does not match


def short_range(words: WordIndex, query: str) -> tuple[int, int, int]:
    """``lo, same, hi`` in the sorted short names: ``[lo, hi)`` start with ``query``, and
    ``[lo, same)`` are ``query``."""
    shorts = words.shorts
    lo = bisect_left(shorts, query)
    hi = bisect_left(shorts, query + "\U0010ffff", lo)
    return lo, bisect_left(shorts, query + "\x00", lo, hi), hi


def word_start_order(words: WordIndex, query: str, n: int) -> IntArray:
    """The papers with a word starting with ``query``, best first: the short name is the
    query, starts with it, a word of the short name or title does, one of the people's
    does; date order within each tier (``substring_search(..., word_start=True)``'s order).
    """
    import numpy as np

    tier = np.full(n, _NONE, np.uint8)  # one byte a paper: one letter can hit most papers
    tier[words.prefix_papers(1, query)] = TIER_PEOPLE_PREFIX
    tier[words.prefix_papers(0, query)] = TIER_WORD_PREFIX
    lo, same, hi = short_range(words, query)
    short_papers = words.short_papers
    runs = [np.sort(short_papers[lo:same]), np.sort(short_papers[same:hi])]
    tier[short_papers[lo:hi]] = TIER_SHORT_PREFIX  # tier 0 and 1 come from runs above
    runs += [np.flatnonzero(tier == TIER_WORD_PREFIX), np.flatnonzero(tier == TIER_PEOPLE_PREFIX)]
    order: IntArray = np.concatenate(runs).astype(np.int64, copy=False)
    return order


def _matched(words: WordIndex, group: int, token: str) -> dict[int, int]:
    """The vocabulary words of ``group`` that hold ``token`` -> where it first is in each."""
    starts = words.starts[group]
    found: dict[int, int] = {}
    for m in re.finditer(re.escape(token), words.joined[group]):
        k = bisect_right(starts, m.start()) - 1
        found.setdefault(k, m.start() - starts[k])
    return found


_FEW_RUNS = 64  # up to this many words, their postings are sliced, not gathered


def _postings(words: WordIndex, group: int, found: list[int]) -> tuple[Any, Any]:
    """The papers and positions of every posting of the words ``found``, word by word."""
    import numpy as np

    positions = words.positions
    assert positions is not None
    offsets, flat, where = words.offsets[group], words.flat[group], positions[group]
    if len(found) <= _FEW_RUNS:
        runs = [(int(offsets[k]), int(offsets[k + 1])) for k in found]
        return (
            np.concatenate([flat[a:b] for a, b in runs]),
            np.concatenate([where[a:b] for a, b in runs]).astype(np.int32),
        )
    lo, hi = offsets[found], offsets[np.asarray(found) + 1]
    sizes = hi - lo
    take = np.repeat(lo - np.cumsum(sizes) + sizes, sizes) + np.arange(int(sizes.sum()))
    return flat[take], where[take].astype(np.int32)


def _score(papers: Any, at: Any, head: bool, people_at: Any, wide: bool) -> Any:
    """Each posting's score (int32): ``at`` (int32, changed) is where the query is in the
    paper's haystack; ``head``: there it starts a word."""
    import numpy as np

    past = at - people_at[papers]  # >= 0: in the people part, from its start
    # a title word ranks by the space before it; other title hits by where they are
    low = TIER_WORD_PREFIX << POS_BITS if head else TIER_SUBSTRING << POS_BITS
    high = TIER_PEOPLE_PREFIX << POS_BITS if head else TIER_PEOPLE_SUBSTRING << POS_BITS
    if head:
        at -= 1
    if wide:  # positions may pass 2**24
        np.minimum(at, POS_MASK, out=at)
        past = np.minimum(past, POS_MASK)
    return np.where(past >= 0, high + past, low + at).astype(np.int32, copy=False)


_SPARSE_SHARE = 16  # up to n / this many postings: their papers are sorted, not spread


def _keys(
    words: WordIndex, scored: list[tuple[Any, Any]], text: str, n: int
) -> tuple[IntArray, IntArray]:
    """The papers of the ``scored`` postings (papers, scores) and their sorted keys, each
    paper's smallest score; the short name's own tiers (it is ``text``, or starts with it)
    come from the sorted short names.

    Few postings (at most ``n /`` :data:`_SPARSE_SHARE`) are sorted by paper and score and
    each paper's first is kept; more lower a score per paper (``np.minimum.at``), and the
    papers with one are found in a pass over all ``n``, which alone costs about 1 ms at a
    million papers (a search for "attention" there: 1.8 ms dense, 0.8 ms sorted)."""
    import numpy as np

    lo, same, hi = short_range(words, text)
    short_papers = words.short_papers
    if sum(len(papers) for papers, _ in scored) * _SPARSE_SHARE <= n:
        # the short names' tiers (below any posting's) join the sort as scores of their
        # own; a paper is a hit when its largest score is a posting's
        named = short_papers[lo:hi].astype(np.int64) << 32
        paired = np.concatenate(
            [(papers.astype(np.int64) << 32) | score for papers, score in scored]
            + [named[same - lo :] | (TIER_SHORT_PREFIX << POS_BITS), named[: same - lo]]
        )
        paired.sort()
        ordered = paired >> 32
        ends = np.ones(len(paired) + 1, np.bool_)  # a paper's entries start / end
        np.not_equal(ordered[1:], ordered[:-1], out=ends[1:-1])
        score = paired & 0xFFFFFFFF
        held = score[ends[1:]] >= TIER_WORD_PREFIX << POS_BITS
        hits: IntArray = ordered[ends[:-1]][held]
        best = score[ends[:-1]][held]
    else:
        never = np.iinfo(np.int32).max
        dense = np.full(n, never, np.int32)  # per paper: the smallest (tier, position)
        for papers, score in scored:
            np.minimum.at(dense, papers, score)
        hits = np.flatnonzero(dense != never)
        dense[short_papers[lo:hi]] = TIER_SHORT_PREFIX << POS_BITS
        dense[short_papers[lo:same]] = TIER_EXACT << POS_BITS
        best = dense[hits].astype(np.int64)
    keys: IntArray = (best << IDX_BITS) | hits
    keys.sort()
    return hits, keys


def word_keys(
    words: WordIndex, people_at: Any, query: str, n: int
) -> tuple[IntArray, IntArray] | None:
    """Papers holding ``query`` (one word, no spaces; ascending) and their sorted ranking
    keys, as ``substring_search`` ranks them; None if the index has no positions.

    A posting's score is ``tier << 24 | position`` (an int32): where the query starts the
    word, the word's tier (title or people; the short name's own tier is set from the sorted
    short names afterwards) and its place; elsewhere the substring tier of the first letter
    of the query in it. Positions of a cached index are below 2**16, or clamped.
    """

    positions = words.positions
    if positions is None:
        return None
    scored: list[tuple[Any, Any]] = []
    for group in (0, 1):
        found = _matched(words, group, query)
        for head in (True, False):  # the query starts the word / is inside it
            chosen = [k for k, d in found.items() if (d == 0) == head]
            if not chosen:
                continue
            papers, at = _postings(words, group, chosen)
            if not head:  # where the query is: its offset in each word, word by word
                at += _per_posting(words, group, chosen, [found[k] for k in chosen])
            wide = positions[group].dtype.itemsize > 2
            scored.append((papers, _score(papers, at, head, people_at, wide)))
    return _keys(words, scored, query, n)


def _per_posting(words: WordIndex, group: int, chosen: list[int], values: list[int]) -> Any:
    """``values`` (one per word of ``chosen``) repeated for each of the word's postings."""
    import numpy as np

    ks = np.asarray(chosen)
    sizes = words.offsets[group][ks + 1] - words.offsets[group][ks]
    return np.repeat(np.asarray(values, np.int32), sizes)


def phrase_keys(
    words: WordIndex, hay: Texts, people_at: Any, text: str, n: int
) -> tuple[IntArray, IntArray] | None:
    """:func:`word_keys` for several words (``text`` has single spaces): the first word
    must end a word of the paper, and the rest follow it, checked in the haystacks' bytes
    at each such posting. None without positions or an ASCII haystack to check in."""
    import numpy as np

    positions = words.positions
    data = hay.ascii_bytes()
    first, _, rest = text.partition(" ")
    if positions is None or data is None or not text.isascii() or not rest:
        return None
    buf = np.frombuffer(data, np.uint8)
    begins = np.frombuffer(hay.starts, np.int64)
    tail = np.frombuffer((" " + rest).encode("ascii"), np.uint8)
    scored: list[tuple[Any, Any]] = []
    for group in (0, 1):
        ending = _ending(words, group, first)  # word -> where ``first`` starts in it
        if not ending:
            continue
        chosen = list(ending)
        papers, at = _postings(words, group, chosen)
        offset = _per_posting(words, group, chosen, list(ending.values()))
        at += offset
        # where the rest must be, in the whole text; the "\n" after a paper stops it
        where = begins[papers] + at + len(first)
        keep = np.arange(len(papers))
        for k, byte in enumerate(tail.tolist()):
            index = np.minimum(where[keep] + k, len(buf) - 1)
            keep = keep[buf[index] == byte]
        papers, at, offset = papers[keep], at[keep], offset[keep]
        wide = positions[group].dtype.itemsize > 2
        for head in (True, False):
            chosen_ = (offset == 0) == head
            kept = papers[chosen_]
            scored.append((kept, _score(kept, at[chosen_], head, people_at, wide)))
    return _keys(words, scored, text, n)


def _ending(words: WordIndex, group: int, token: str) -> dict[int, int]:
    """The vocabulary words of ``group`` that end with ``token`` -> where it starts."""
    starts = words.starts[group]
    found: dict[int, int] = {}
    for m in re.finditer(re.escape(token) + "\n", words.joined[group]):
        k = bisect_right(starts, m.start()) - 1
        found[k] = m.start() - starts[k]
    return found
