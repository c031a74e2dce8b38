"""Typo search that scales with the vocabulary, not the library (Textual-free core).

The fuzzy tier accepts a paper when a window of its haystack starting at a word (or one
letter into it) is within :func:`~papertui.search.matching.fuzzy_cutoff` of a query: an
Indel distance of at most ``2 * edits`` (a substitution is a deletion plus an insertion).
For a one-word query :func:`fuzzy_keys` answers from the word index:

* **Windows inside one word.** Cut the query into ``2 * edits + 1`` pieces (the cut whose
  pieces the fewest words hold, :func:`best_pieces`): each Indel operation breaks at most
  one piece, so one piece occurs unchanged in the window, that is inside the word. Only
  the vocabulary words holding a piece are scored (``partial_ratio`` of the query against
  `` word ``), and their postings give every paper its best such window.
* **Windows that run on into the next word** (the query is longer than what is left of the
  word): cutting both the window and the query after the word's trailing space cannot
  raise their distance, so the word (plus that space, which no query letter matches) must
  be within the budget of the query's start. Only the windows at such words (the postings'
  positions say where) are scored; a paper whose best one there is cut short by the end
  of its haystack or does not start at a word is scored on its whole haystack the old way
  (:func:`papertui.search.ranking.fuzzy_search`).

A paper's score is its best window at a word start. The old pass scored the best window
anywhere and dropped the paper when that one did not start at a word; every paper it
found is still found, with the same score, and a paper whose best window sits inside a
word but which has an as-good-as-cutoff one at a word start is now found too.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from papertui.search.matching import fuzzy_cutoff, fuzzy_edits, starts_word
from papertui.search.tiers import TIER_FUZZY, make_keys

if TYPE_CHECKING:
    from papertui.search.charcounts import CharCounts
    from papertui.search.texts import Texts
    from papertui.search.wordindex import BoolArray, IntArray, WordIndex

__all__ = ["VOCABULARY_FROM", "answers", "best_pieces", "fuzzy_keys", "pieces", "postings"]

MIN_PIECE = 2  # shorter pieces occur in nearly every word: no filter, only cost
# Papers from which the vocabulary answers: below, one pass over every haystack (about
# 1 ms at 500 papers) is cheaper than scoring the vocabulary, which is nearly as big.
VOCABULARY_FROM = 20_000


def answers(query: str, papers: int) -> bool:
    """Whether :func:`fuzzy_keys` answers ``query`` over a library of ``papers``."""
    parts = 2 * fuzzy_edits(query) + 1
    return papers >= VOCABULARY_FROM and " " not in query and len(query) >= parts * MIN_PIECE


def pieces(query: str, parts: int) -> list[str]:
    """``query`` cut into ``parts`` contiguous pieces of (nearly) equal length."""
    size, extra = divmod(len(query), parts)
    out, at = [], 0
    for k in range(parts):
        step = size + (k < extra)
        out.append(query[at : at + step])
        at += step
    return out


def best_pieces(query: str, parts: int, cost: Callable[[str], int]) -> list[str] | None:
    """``query`` cut into ``parts`` pieces of at least :data:`MIN_PIECE` characters whose
    summed ``cost`` (say, how many words hold the piece) is least; None if it is too short."""
    length = len(query)
    if length < parts * MIN_PIECE:
        return None
    memo: dict[str, int] = {}

    def price(piece: str) -> int:
        got = memo.get(piece)
        if got is None:
            got = memo[piece] = cost(piece)
        return got

    # best[j][i]: the cheapest cut of query[:i] into j pieces, as (cost, pieces)
    best: list[dict[int, tuple[int, list[str]]]] = [{0: (0, [])}]
    for j in range(1, parts + 1):
        row: dict[int, tuple[int, list[str]]] = {}
        for i in range(j * MIN_PIECE, length - (parts - j) * MIN_PIECE + 1):
            options = [
                (total + price(query[k:i]), [*cut, query[k:i]])
                for k, (total, cut) in best[j - 1].items()
                if i - k >= MIN_PIECE
            ]
            if options:
                row[i] = min(options, key=lambda option: option[0])
        best.append(row)
    return best[parts][length][1]


@dataclass(slots=True)
class _Vocabulary:
    """Per field group: every word as a string and its length (made once per index)."""

    words: tuple[list[str], list[str]]
    lengths: tuple[Any, Any]
    real: tuple[Any, Any]  # letters and digits only (not a separator or "")
    text: str  # both groups' words, one a line

    def count(self, piece: str) -> int:
        """How many times ``piece`` occurs in the words (about how many hold it)."""
        return self.text.count(piece)


_VOCABULARY: list[tuple[WordIndex, _Vocabulary]] = []  # one entry: the latest index


def _vocabulary(index: WordIndex) -> _Vocabulary:
    import numpy as np

    if _VOCABULARY and _VOCABULARY[0][0] is index:
        return _VOCABULARY[0][1]
    words = (list(index.words[0]), list(index.words[1]))
    lengths = (
        np.fromiter(map(len, words[0]), np.int64, len(words[0])),
        np.fromiter(map(len, words[1]), np.int64, len(words[1])),
    )
    real = tuple(np.fromiter(map(str.isalnum, w), np.bool_, len(w)) for w in words)
    made = _Vocabulary(words, lengths, (real[0], real[1]), index.joined[0] + index.joined[1])
    _VOCABULARY[:] = [(index, made)]
    return made


def fuzzy_keys(
    words: WordIndex,
    hay: Texts,
    counts: CharCounts,
    query: str,
    pool: BoolArray,
    stop: Callable[[], bool] | None = None,
) -> IntArray | None:
    """Sorted tier-7 keys of the papers in ``pool`` (a mask) that fuzzy-match the one-word
    ``query``, as :func:`papertui.search.ranking.fuzzy_search` scores them; None if
    ``stop()`` turned true. The query has no space and at least ``2 * edits + 1`` pieces of
    :data:`MIN_PIECE` characters (see :func:`answers`)."""
    import numpy as np

    from papertui.search.ranking import IDX_MASK, fuzzy_search

    if stop is not None and stop():
        return None
    budget = 2 * fuzzy_edits(query)
    vocabulary = _vocabulary(words)
    parts = best_pieces(query, budget + 1, vocabulary.count)
    if parts is None or " " in query:
        raise ValueError(f"the vocabulary cannot answer {query!r}")
    n = len(hay)
    score = np.zeros(n, np.float64)  # best window inside a word, per paper
    touched: list[Any] = []  # papers whose score may have been raised
    spill: list[tuple[Any, Any]] = []  # (paper, place) of words a window may run on from
    with_piece: list[tuple[Any, Any, Any]] = []  # (offsets, flat, words) holding a piece
    cutoff = fuzzy_cutoff(query)
    pattern = re.compile("|".join(map(re.escape, dict.fromkeys(parts))))
    for group in (0, 1):
        offsets, flat = words.offsets[group], words.flat[group]
        listed, lengths = vocabulary.words[group], vocabulary.lengths[group]
        at = np.fromiter((m.start() for m in pattern.finditer(words.joined[group])), np.int64)
        word_at = np.frombuffer(words.starts[group], np.int64)
        found = np.unique(np.searchsorted(word_at, at, side="right") - 1)
        with_piece.append((offsets, flat, found))
        good: list[int] = []
        good_score: list[float] = []
        for k in found[lengths[found] + 2 >= len(query)].tolist():
            padded = f" {listed[k]} "
            where = fuzz_alignment(query, padded, cutoff)
            # a whole window inside " word ": the haystack has it too, with this score
            whole = where is not None and where.dest_end - where.dest_start == len(query)
            if whole and starts_word(padded, where):
                good.append(k)
                good_score.append(where.score)
        if good:
            chosen = np.asarray(good, np.int64)
            size = offsets[chosen + 1] - offsets[chosen]
            got = np.repeat(np.asarray(good_score, np.float64), size)
            touched.append(postings(offsets, flat, chosen))
            np.maximum.at(score, touched[-1], got)
        for runs_on, size in _runs_on(query, listed, lengths, vocabulary.real[group], budget):
            papers = postings(offsets, flat, runs_on)
            if budget == 2:  # one typo: the next word is nearly given
                papers_ok = _followed(words, group, query, size, n)[papers]
            else:
                papers_ok = np.ones(len(papers), np.bool_)
            if words.positions is None:
                spill.append((papers[papers_ok], None))  # no positions: whole haystacks
                continue
            places = postings(offsets, words.positions[group], runs_on).astype(np.int64)
            spill.append((papers[papers_ok], places[papers_ok]))
    unsure = [_tiny(hay, len(query))]  # haystacks too short to hold a word with a piece
    unsure += [p for p, w in spill if w is None]
    spill = [(p, w) for p, w in spill if w is not None]
    if spill:
        papers = np.concatenate([p for p, _ in spill])
        places = np.concatenate([w for _, w in spill])
        # a window running on holds a piece too, in its first word or a later one: only
        # papers with such a word can reach the cutoff (a filter that saves scoring, worth
        # making while the words holding a piece have not many more postings than this)
        if sum(int(o[f + 1].sum() - o[f].sum()) for o, _, f in with_piece) < 64 * len(papers):
            piece = np.zeros(n, np.bool_)
            for offsets, flat, found in with_piece:
                piece[postings(offsets, flat, found)] = True
            keep = piece[papers]
            papers, places = papers[keep], places[keep]
        keep = pool[papers]
        papers, places = papers[keep], places[keep]
        sure, raised = _score_windows(hay, query, cutoff, papers, places, score)
        unsure.append(papers[~sure])
        touched.append(raised)
    unsure_papers = np.unique(np.concatenate(unsure))
    candidates = counts.may_match(query, unsure_papers[pool[unsure_papers]])
    keys = fuzzy_search(hay, query, candidates.tolist(), stop)
    if keys is None:
        return None
    papers = keys & IDX_MASK
    miss = (keys >> 22) & ((1 << 24) - 1)
    # 1000 - 10 * score, as fuzzy_search keys it, for every paper with a score (-1: none)
    every = np.unique(np.concatenate([*touched, papers]))
    best = np.full(len(every), -1, np.int64)
    inside = pool[every] & (score[every] > 0)
    best[inside] = 1000 - (score[every[inside]] * 10).astype(np.int64)
    at = np.searchsorted(every, papers)
    have = best[at]
    best[at] = np.where(have >= 0, np.minimum(have, miss), miss)
    hits = every[best >= 0]
    out = make_keys(np.full(len(hits), TIER_FUZZY), best[best >= 0], hits)
    out.sort()
    return out


_TINY: list[tuple[Texts, Any]] = []  # the latest haystacks' shortest papers and lengths
TINY_UP_TO = 64  # haystack lengths kept by _tiny (queries are shorter)


def _tiny(hay: Texts, size: int) -> Any:
    """The papers whose haystack has at most ``size`` characters (without a pass over
    every paper: the shortest ones are found once per index)."""
    import numpy as np

    if not _TINY or _TINY[0][0] is not hay:
        lengths = np.diff(np.frombuffer(hay.starts, np.int64)) - 1
        papers = np.flatnonzero(lengths <= TINY_UP_TO)
        _TINY[:] = [(hay, (papers, lengths[papers]))]
    papers, lengths = _TINY[0][1]
    if size > TINY_UP_TO:
        lengths = np.diff(np.frombuffer(hay.starts, np.int64)) - 1
        return np.flatnonzero(lengths <= size)
    return papers[lengths <= size]


def _score_windows(
    hay: Texts, query: str, cutoff: float, papers: Any, places: Any, score: Any
) -> tuple[Any, Any]:
    """Score the windows that start at (or just before, or one letter into) the word at
    ``places`` of ``papers``, raising ``score``; True where that settled the paper: no
    window there reaches ``cutoff``, or the best one is a whole window at a word start
    (and the papers whose score it raised).
    Elsewhere the best window may be cut short by the haystack's end or sit inside a word,
    and only the whole haystack can tell."""
    import numpy as np
    from rapidfuzz import fuzz, process

    starts = np.frombuffer(hay.starts, np.int64)
    begin = starts[papers] + places - 1  # the space before the word
    end = np.minimum(begin + len(query) + 3, starts[papers + 1] - 1)
    text = hay.text
    snippets = list(map(text.__getitem__, map(slice, begin.tolist(), end.tolist())))
    row = process.cdist([query], snippets, scorer=fuzz.partial_ratio, score_cutoff=cutoff)[0]
    sure = np.ones(len(papers), np.bool_)
    settled: dict[str, float] = {}  # snippet -> its whole window's score, or 0: unsure
    found = np.flatnonzero(row)
    got = np.zeros(len(found), np.float64)
    for i, j in enumerate(found.tolist()):
        snippet = snippets[j]
        best = settled.get(snippet)
        if best is None:  # many papers share a snippet: align each one once
            where = fuzz_alignment(query, snippet, cutoff)
            whole = where is not None and where.dest_end - where.dest_start == len(query)
            best = settled[snippet] = where.score if whole and starts_word(snippet, where) else 0.0
        got[i] = best
    sure[found[got == 0]] = False
    raised = papers[found[got > 0]]
    np.maximum.at(score, raised, got[got > 0])
    return sure, raised


def fuzz_alignment(query: str, text: str, cutoff: float) -> Any:
    from rapidfuzz import fuzz

    return fuzz.partial_ratio_alignment(query, text, score_cutoff=cutoff)


def _runs_on(
    query: str, listed: list[str], lengths: Any, real: Any, budget: int
) -> list[tuple[Any, int]]:
    """The words where a window at (or one letter into, or the space before) the word could
    run on into the next word and still be within ``budget`` of ``query``, as (numbers,
    characters of the window up to and with the space after the word) pairs."""
    import numpy as np
    from rapidfuzz import process
    from rapidfuzz.distance import Indel

    out = []
    # Separators and "" are words too (not ``real``); a window starting at one is never
    # better than the one at the space before the next word, which that word's " w " covers.
    # the window up to and with the space after the word: " w ", "w " or "w[1:] "
    for lead, drop in ((" ", 0), ("", 0), ("", 1)):
        inside = lengths - drop + len(lead) + 1  # window characters up to that space
        usable = real & (inside < len(query)) & (lengths > drop)  # "w " alone: inside " w "
        for size in np.unique(inside[usable]).tolist():
            chosen = np.flatnonzero(usable & (inside == size))
            texts = [f"{lead}{listed[k][drop:]} " for k in chosen.tolist()]
            distance = process.cdist(
                [query[:size]], texts, scorer=Indel.distance, score_cutoff=budget, workers=1
            )[0]
            found = chosen[distance <= budget]
            if len(found):
                out.append((found, size))
    return out


def _followed(words: WordIndex, group: int, query: str, size: int, n: int) -> BoolArray:
    """Papers with a word that can follow a run-on word in a window within one typo of
    ``query``, the window holding ``size`` characters up to and with that word's space.

    Such a window has one space, which no query letter matches, so it is the query with
    one letter left out and a space put in (Indel distance 2, all one typo allows). After
    the space it holds the rest of the query, from the letter before the space if the
    left-out one comes later; the next word starts with that rest."""
    import numpy as np

    mask = np.zeros(n, np.bool_)
    rest = len(query) - size  # window characters after the space
    heads = {query[size:]}  # the left-out letter was before the space
    for gone in range(size - 1, len(query)):  # ... or after it
        heads.add((query[size - 1 : gone] + query[gone + 1 :])[:rest])
    for head in heads:
        if head:
            mask[words.prefix_papers(group, head)] = True
    return mask


def postings(offsets: Any, flat: Any, chosen: Any) -> Any:
    """The papers (with repeats) of the words numbered ``chosen``, word after word."""
    import numpy as np

    begin, end = offsets[chosen], offsets[chosen + 1]
    size = end - begin
    total = int(size.sum())
    if not total:
        return np.zeros(0, np.int64)
    shift = np.repeat(begin - (np.cumsum(size) - size), size)
    return flat[shift + np.arange(total)]
