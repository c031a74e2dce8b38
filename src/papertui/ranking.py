"""Ranking: derived lookup structures and the tiers of a free-text match.

Part of the Textual-free core. Built from a :class:`~papertui.search.SearchIndex`:

* :class:`WordIndex`: sorted vocabulary -> papers (CSR numpy arrays), for word-prefix,
  abbreviation ("attn" -> "attention") and candidate lookups;
* :class:`Joined`: every haystack in one string, for memchr-speed ``str.find`` scans;
* :class:`CharCounts`: letter counts per paper, an exact prefilter for the fuzzy pass.

Ranking keys are int64: ``(tier << 24 | position-or-score) << 22 | paper``, so a plain sort
gives the final order, ties in date order (paper numbers are date order).
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from itertools import count, repeat
from typing import TYPE_CHECKING, Any

from papertui.search import (
    FIELD_SEP,
    FUZZY_MIN_LENGTH,
    SearchIndex,
    fuzzy_cutoff,
    fuzzy_edits,
    starts_word,
)

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

    IntArray = npt.NDArray[np.int64]
    BoolArray = npt.NDArray[np.bool_]

__all__ = ["CharCounts", "Joined", "WordIndex", "fuzzy_search", "substring_search", "token_search"]


WORD_INDEX_VERSION = 1  # bump when WordIndex.to_state changes or the haystacks do


@dataclass(slots=True)
class WordIndex:
    """Words of the haystacks -> papers, per field group (0: short/title, 1: people).

    Used for token-wise matching ("attn is all"). ``words[g]`` is the sorted vocabulary;
    the papers holding ``words[g][k]`` are ``flat[g][offsets[g][k]:offsets[g][k + 1]]``
    (numpy arrays, so a prefix, which is a contiguous run of sorted words, is one slice).
    """

    words: tuple[list[str], list[str]]
    offsets: tuple[Any, Any]  # numpy int64 arrays, len(words) + 1
    flat: tuple[Any, Any]  # numpy int32 arrays of paper numbers
    joined: tuple[str, str]  # "\n" + "\n".join(words) + "\n", for abbreviation scans
    starts: tuple[list[int], list[int]]  # offset of each word in joined
    shorts: list[str]  # normalised short names, sorted
    short_papers: Any  # numpy int64: the paper of each entry of shorts

    @classmethod
    def build(cls, index: SearchIndex) -> WordIndex:
        import numpy as np

        heads = map(str.__getitem__, index.hay, map(slice, repeat(None), index.people_at))
        tails = map(str.__getitem__, index.hay, map(slice, index.people_at, repeat(None)))
        parts = [_postings(chunks, len(index)) for chunks in (heads, tails)]
        joined = tuple(_joined(w) for w, _, _ in parts)
        starts = tuple(_word_starts(w) for w, _, _ in parts)
        ends = map(str.find, index.hay, repeat(f" {FIELD_SEP}"))
        shorts = list(map(str.__getitem__, index.hay, map(slice, repeat(1), ends)))
        by_short = sorted(range(len(shorts)), key=shorts.__getitem__)
        return cls(
            words=(parts[0][0], parts[1][0]),
            offsets=(parts[0][1], parts[1][1]),
            flat=(parts[0][2], parts[1][2]),
            joined=(joined[0], joined[1]),
            starts=(starts[0], starts[1]),
            shorts=list(map(shorts.__getitem__, by_short)),
            short_papers=np.asarray(by_short, np.int64),
        )

    def to_state(self) -> dict[str, Any]:
        """Plain lists and bytes (msgspec/pickle friendly) to cache; see :meth:`from_state`."""
        return {
            "version": WORD_INDEX_VERSION,
            "words": [self.words[0], self.words[1]],
            "offsets": [
                self.offsets[0].astype("<i8").tobytes(),
                self.offsets[1].astype("<i8").tobytes(),
            ],
            "flat": [self.flat[0].astype("<i4").tobytes(), self.flat[1].astype("<i4").tobytes()],
            "shorts": self.shorts,
            "short_papers": self.short_papers.astype("<i8").tobytes(),
        }

    @classmethod
    def from_state(cls, state: dict[str, Any]) -> WordIndex:
        """Rebuild from :meth:`to_state` output (raises ValueError if it is not one)."""
        import numpy as np

        if state.get("version") != WORD_INDEX_VERSION:
            raise ValueError("word index state from another version")
        words = (list(state["words"][0]), list(state["words"][1]))
        offsets = tuple(np.frombuffer(b, "<i8").astype(np.int64) for b in state["offsets"])
        flat = tuple(np.frombuffer(b, "<i4").astype(np.int32) for b in state["flat"])
        if any(len(o) != len(w) + 1 for o, w in zip(offsets, words, strict=True)):
            raise ValueError("word index state is inconsistent")
        return cls(
            words=words,
            offsets=(offsets[0], offsets[1]),
            flat=(flat[0], flat[1]),
            joined=(_joined(words[0]), _joined(words[1])),
            starts=(_word_starts(words[0]), _word_starts(words[1])),
            shorts=list(state["shorts"]),
            short_papers=np.frombuffer(state["short_papers"], "<i8").astype(np.int64),
        )

    def word_start_search(self, query: str, n: int) -> tuple[list[int], IntArray]:
        """:func:`substring_search` with ``word_start=True``, from the index alone."""
        import numpy as np

        tier = np.full(n, 99, np.int64)
        tier[self.prefix_papers(1, query)] = TIER_PEOPLE_PREFIX
        tier[self.prefix_papers(0, query)] = TIER_WORD_PREFIX
        lo = bisect_left(self.shorts, query)
        hi = bisect_left(self.shorts, query + "\U0010ffff", lo)
        tier[self.short_papers[lo:hi]] = TIER_SHORT_PREFIX
        same = bisect_left(self.shorts, query + "\x00", lo, hi)  # shorts equal to query
        tier[self.short_papers[lo:same]] = TIER_EXACT
        papers = np.flatnonzero(tier < 99)
        keys = make_keys(tier[papers], np.zeros(len(papers), np.int64), papers)
        keys.sort()
        return papers.tolist(), keys

    def prefix_papers(self, group: int, token: str) -> Any:
        """Paper numbers (numpy, may repeat) with a word starting with ``token``."""
        words = self.words[group]
        lo = bisect_left(words, token)
        hi = bisect_left(words, token + "\U0010ffff", lo)
        offsets = self.offsets[group]
        return self.flat[group][offsets[lo] : offsets[hi]]

    def containing(self, token: str, n: int) -> BoolArray:
        """A mask of the papers with a word (any field) that contains ``token``."""
        import numpy as np

        mask = np.zeros(n, np.bool_)
        pattern = re.compile(re.escape(token))
        for group in (0, 1):
            starts, offsets, flat = self.starts[group], self.offsets[group], self.flat[group]
            seen = -1
            for m in pattern.finditer(self.joined[group]):
                k = bisect_right(starts, m.start()) - 1
                if k != seen:  # a word may hold the token twice
                    seen = k
                    mask[flat[offsets[k] : offsets[k + 1]]] = True
        return mask

    def abbreviation_words(self, group: int, token: str) -> list[int]:
        """Positions of words holding ``token``'s letters in order, from its first letter."""
        gap = "[^\n]*?"
        pattern = re.compile("\n" + gap.join(re.escape(c) for c in token) + "[^\n]*")
        starts = self.starts[group]
        return [bisect_left(starts, m.start() + 1) for m in pattern.finditer(self.joined[group])]

    def abbreviation_papers(self, group: int, token: str) -> Any:
        import numpy as np

        offsets, flat = self.offsets[group], self.flat[group]
        runs = [flat[offsets[k] : offsets[k + 1]] for k in self.abbreviation_words(group, token)]
        return np.concatenate(runs) if runs else np.zeros(0, np.int32)


def _joined(words: list[str]) -> str:
    return "\n" + "\n".join(words) + "\n"


def _word_starts(words: list[str]) -> list[int]:
    starts, at = [], 1
    for w in words:
        starts.append(at)
        at += len(w) + 1
    return starts


def _postings(chunks: Any, n: int) -> tuple[list[str], Any, Any]:
    """Sorted vocabulary and CSR postings for ``n`` space-separated normalised texts.

    Words repeated inside one text repeat in its postings (harmless: callers build masks).
    The separators and "" become vocabulary entries too; no query token can match them.
    """
    import numpy as np

    texts = list(chunks)
    per_paper = np.fromiter(map(str.count, texts, repeat(" ")), np.int64, n) + 1
    ids: dict[str, int] = {}
    numbers = count()
    parts = []
    for at in range(0, n, CHUNK // 4):  # in chunks: the GIL is free between them
        tokens = " ".join(texts[at : at + CHUNK // 4]).split(" ")
        parts.append(np.fromiter(map(ids.setdefault, tokens, numbers), np.int64, len(tokens)))
    first = np.concatenate(parts) if parts else np.zeros(0, np.int64)
    words = sorted(ids)
    remap = np.zeros(next(numbers) + 1, np.int64)
    remap[np.fromiter(map(ids.__getitem__, words), np.int64, len(words))] = np.arange(len(words))
    rank = remap[first]
    papers = np.repeat(np.arange(n, dtype=np.int32), per_paper)
    order = np.argsort(rank, kind="stable")
    offsets = np.zeros(len(words) + 1, np.int64)
    np.cumsum(np.bincount(rank, minlength=len(words)), out=offsets[1:])
    return words, offsets, papers[order]


TIER_EXACT = 0  # the short name is the query
TIER_SHORT_PREFIX = 1  # the short name starts with the query
TIER_WORD_PREFIX = 2  # a word of the short name or title starts with the query
TIER_PEOPLE_PREFIX = 3  # a word of an author or the organisation starts with the query
TIER_SUBSTRING = 4  # inside a word of the short name or title
TIER_PEOPLE_SUBSTRING = 5  # inside a word of an author or the organisation
TIER_TOKENS = 6  # every query word starts or abbreviates some word
TIER_FUZZY = 7  # rapidfuzz partial_ratio above a strict cutoff

IDX_BITS = 22  # up to 4M papers
IDX_MASK = (1 << IDX_BITS) - 1
POS_BITS = 24
POS_MASK = (1 << POS_BITS) - 1


def make_keys(tier: Any, pos: Any, papers: Any) -> IntArray:
    import numpy as np

    tier = np.asarray(tier, np.int64)
    pos = np.minimum(np.asarray(pos, np.int64), POS_MASK)
    keys: IntArray = (((tier << POS_BITS) | pos) << IDX_BITS) | np.asarray(papers, np.int64)
    return keys


def key_tier(key: int) -> int:
    return int(key) >> (IDX_BITS + POS_BITS)


def key_paper(key: int) -> int:
    return int(key) & IDX_MASK


@dataclass(slots=True)
class Joined:
    """All haystacks in one string (``"\\n"``-separated) for memchr-speed ``str.find``."""

    text: str
    starts: list[int]  # where each paper's haystack starts, plus a sentinel at the end
    starts_array: Any = None  # the same as a numpy array

    @classmethod
    def build(cls, hay: list[str]) -> Joined:
        starts = [0]
        at = 0
        for length in map(len, hay):
            at += length + 1
            starts.append(at)
        import numpy as np

        return cls("\n".join(hay) + "\n", starts, np.asarray(starts, np.int64))

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


CHUNK = 50_000  # papers per C-level pass: the GIL is free between passes, so a search
# in a worker thread never stalls the UI thread for long (a map() holds it throughout)


def _find_all(texts: list[str], needle: str) -> IntArray:
    """``[t.find(needle) for t in texts]`` as an int64 array, in GIL-friendly chunks."""
    import numpy as np

    out = np.empty(len(texts), np.int64)
    for at in range(0, len(texts), CHUNK):
        part = texts[at : at + CHUNK]
        out[at : at + len(part)] = np.fromiter(map(str.find, part, repeat(needle)), np.int64)
    return out


def substring_search(
    hay: list[str],
    people_at: Any,
    query: str,
    within: list[int] | None,
    joined: Joined | None = None,
    *,
    word_start: bool = False,
) -> tuple[list[int], IntArray]:
    """Papers containing ``query`` (date order, for narrowing) and their sorted keys (0-5).

    ``within`` restricts the scan to earlier hits (the query extends a cached one). Without
    a small ``within``, queries of 3+ characters scan ``joined`` (one ``find`` per hit)
    rather than every haystack (one call per paper): fewer hits, less Python.
    ``word_start`` matches only at word starts (the engine uses it for 1-2 characters,
    where "h" inside "the" is noise and every paper would match).
    """
    import numpy as np

    needle = " " + query if word_start else query
    big_pool = within is None or len(within) > len(hay) // 8
    if joined is not None and len(needle) >= 3 and big_pool:
        found_papers, found_first = joined.scan(needle)
        papers = np.asarray(found_papers, np.int64)
        first = np.asarray(found_first, np.int64)
        if within is not None and len(within) < len(hay):
            keep = np.zeros(len(hay), np.bool_)
            keep[within] = True
            sel = keep[papers]
            papers, first = papers[sel], first[sel]
    elif within is None:
        scan = _find_all(hay, needle)
        papers = np.flatnonzero(scan >= 0)
        first = scan[papers]
    else:
        scan = _find_all(list(map(hay.__getitem__, within)), needle)
        found = scan >= 0
        papers = np.asarray(within, np.int64)[found]
        first = scan[found]
    hits: list[int] = papers.tolist()
    if word_start:
        word = first
        first = first + 1
    else:
        # Where the first occurrence starts a word, that is the first word start too; only
        # the others need a second look, from the first occurrence on.
        hays = list(map(hay.__getitem__, hits))
        before = map(str.__getitem__, hays, (first - 1).tolist())  # first >= 1: lead space
        at_word = np.fromiter(map(" ".__eq__, before), np.bool_, len(hits))
        word = np.where(at_word, first - 1, -1)
        rest = np.flatnonzero(~at_word)
        if len(rest):
            later = map(
                str.find,
                map(hays.__getitem__, rest.tolist()),
                repeat(" " + query),
                first[rest].tolist(),
            )
            word[rest] = np.fromiter(later, np.int64, len(rest))
    people = people_at[papers]
    if word_start:  # no positions: the word index cannot know them either
        return hits, _word_start_keys(word, people, papers, hay, query)
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
    if len(prefix):
        short_hays = map(hay.__getitem__, papers[prefix].tolist())
        exact = map(str.startswith, short_hays, repeat(f" {query} {FIELD_SEP}"))
        tier[prefix[np.fromiter(exact, np.bool_, len(prefix))]] = TIER_EXACT
    keys = make_keys(tier, pos, papers)
    keys.sort()
    return hits, keys


def _word_start_keys(word: Any, people: Any, papers: Any, hay: list[str], query: str) -> IntArray:
    import numpy as np

    tier = np.where(word + 1 >= people, TIER_PEOPLE_PREFIX, TIER_WORD_PREFIX)  # +1: the space
    prefix = np.flatnonzero(word == 0)
    tier[prefix] = TIER_SHORT_PREFIX
    if len(prefix):
        short_hays = map(hay.__getitem__, papers[prefix].tolist())
        exact = map(str.startswith, short_hays, repeat(f" {query} {FIELD_SEP}"))
        tier[prefix[np.fromiter(exact, np.bool_, len(prefix))]] = TIER_EXACT
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
    total = np.zeros(n, np.int64)
    for token in dict.fromkeys(tokens):
        cost = np.full(n, 99, np.int8)
        for value, (group, abbreviation) in enumerate(((0, 0), (0, 1), (1, 0), (1, 1))):
            if abbreviation:
                if len(token) < 3:
                    continue
                papers = words.abbreviation_papers(group, token)
            else:
                papers = words.prefix_papers(group, token)
            papers = papers[cost[papers] == 99]
            cost[papers] = value
        alive &= cost < 99
        total += cost
        if not alive.any():
            return np.zeros(0, np.int64)
    papers = np.flatnonzero(alive)
    keys = make_keys(np.full(len(papers), TIER_TOKENS), total[papers], papers)
    keys.sort()
    return keys


_SLOTS = 36  # a-z then 0-9; other bytes are not counted
_SLOT_OF = bytes(
    (b - 0x61) if 0x61 <= b <= 0x7A else (b - 0x30 + 26) if 0x30 <= b <= 0x39 else _SLOTS
    for b in range(256)
)


@dataclass(slots=True)
class CharCounts:
    """Per-paper counts of each letter and digit in its haystack (uint8, saturating).

    A cheap, exact prefilter for the fuzzy pass: a haystack scoring above
    :func:`fuzzy_cutoff` holds all but at most ``edits + 1`` of the query's letters.
    """

    counts: Any  # numpy uint8 array, papers x _SLOTS

    @classmethod
    def build(cls, hay: list[str], chunk: int = 20_000) -> CharCounts:
        import numpy as np

        slot_of = np.frombuffer(_SLOT_OF, np.uint8)
        counts = np.zeros((len(hay), _SLOTS), np.uint8)
        for at in range(0, len(hay), chunk):
            texts = hay[at : at + chunk]
            joined = "".join(texts)
            if joined.isascii():
                data = joined.encode("ascii")
                sizes = np.fromiter(map(len, texts), np.int64, len(texts))
            else:
                data = joined.encode("utf-8")
                sizes = np.fromiter((len(t.encode("utf-8")) for t in texts), np.int64)
            slots = slot_of[np.frombuffer(data, np.uint8)].astype(np.int64)
            paper = np.repeat(np.arange(len(texts), dtype=np.int64), sizes)
            keep = slots < _SLOTS
            flat = np.bincount(paper[keep] * _SLOTS + slots[keep], minlength=len(texts) * _SLOTS)
            counts[at : at + len(texts)] = np.minimum(flat, 255).reshape(len(texts), _SLOTS)
        return cls(counts)

    def may_match(self, query: str, candidates: Any) -> Any:
        """The ``candidates`` (numpy paper numbers) that could pass the fuzzy cutoff."""
        import numpy as np

        need = np.zeros(_SLOTS, np.int64)
        for b in query.encode("utf-8"):
            if _SLOT_OF[b] < _SLOTS:
                need[_SLOT_OF[b]] += 1
        cols = np.flatnonzero(need)
        if not len(cols) or not len(candidates):
            return candidates
        have = self.counts[candidates][:, cols].astype(np.int64)
        missing = np.maximum(need[cols] - have, 0).sum(axis=1)
        return candidates[missing <= fuzzy_edits(query) + 1]


def fuzzy_search(hay: list[str], query: str, candidates: list[int]) -> IntArray:
    """Sorted keys (tier 7) for ``candidates`` scoring at least :func:`fuzzy_cutoff`.

    Uses ``process.cdist`` with ``workers=1``: it releases the GIL (``extract`` does not).
    """
    import numpy as np

    if len(query) < FUZZY_MIN_LENGTH or not candidates:
        return np.zeros(0, np.int64)
    from rapidfuzz import fuzz, process

    choices = list(map(hay.__getitem__, candidates))
    row = process.cdist(
        [query],
        choices,
        scorer=fuzz.partial_ratio,
        score_cutoff=fuzzy_cutoff(query),
        workers=1,
    )[0]
    found = np.flatnonzero(row)
    # The matched window must start at a word (or one letter into it, for a first-letter
    # slip): "resnet" ~ "resent" inside "repRESENTations" is not a typo of anything.
    cutoff = fuzzy_cutoff(query)
    at_word = [
        starts_word(
            choices[k], fuzz.partial_ratio_alignment(query, choices[k], score_cutoff=cutoff)
        )
        for k in found.tolist()
    ]
    found = found[np.asarray(at_word, np.bool_)] if len(found) else found
    miss = 1000 - (row[found] * 10).astype(np.int64)  # higher score first
    keys = make_keys(np.full(len(found), TIER_FUZZY), miss, np.asarray(candidates)[found])
    keys.sort()
    return keys
