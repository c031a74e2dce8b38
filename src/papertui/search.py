"""Text normalisation and the preprocessed search index behind :mod:`papertui.engine`.

Everything here is part of the Textual-free core.

Normalisation (:func:`fold`, :func:`normalize`): NFKD, drop combining marks, casefold, then
(for :func:`normalize`) every run of non-alphanumeric characters becomes one space. So
"Schölkopf" is found by "scholkopf", "GPT-2" by "gpt 2" or "gpt-2", "É" by "e".

The index (:class:`SearchIndex`) holds one normalised *haystack* per paper, built once::

    " <short> \\x1f <title> \\x1f <author> \\x1e <author> \\x1f <org> "

so that a word start is always preceded by a space (``" " + q`` finds word-prefix hits with a
plain ``str.find``) and no query can match across fields (queries never contain the control
separators). Papers are numbered in date order (the library order); every list in the index
is indexed by that number. The index holds only plain lists/strings/ints, so it pickles.
"""

from __future__ import annotations

import re
import threading
import unicodedata
from array import array
from bisect import bisect_left
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from itertools import compress, repeat

from papertui.model import Library

__all__ = [
    "FIELD_SEP",
    "NAME_SEP",
    "SearchIndex",
    "WordIndex",
    "fold",
    "fold_map",
    "normalize",
]

FIELD_SEP = "\x1f"
NAME_SEP = "\x1e"
INDEX_VERSION = 1

_NON_ALNUM = re.compile(r"[\W_]+")


def fold(text: str) -> str:
    """Case- and accent-insensitive form: NFKD, strip combining marks, casefold."""
    if text.isascii():
        return text.lower()
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def normalize(text: str) -> str:
    """:func:`fold`, then runs of non-alphanumerics become one space; stripped."""
    return _NON_ALNUM.sub(" ", fold(text)).strip()


def fold_map(text: str) -> tuple[str, list[int], list[int]]:
    """Fold ``text`` character by character, keeping the way back.

    Returns ``(folded, starts, ends)``: ``folded[j]`` came from ``text[starts[j]:ends[j]]``.
    ``ends`` runs over any following characters that fold to nothing (combining marks), so
    a span mapped back never splits a base letter from its accent.
    """
    parts: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    for i, ch in enumerate(text):
        out = ch.lower() if ch.isascii() else fold(ch)
        if not out:
            if ends:  # a combining mark: attach it to the previous output character(s)
                last = ends[-1]
                for j in range(len(ends) - 1, -1, -1):
                    if ends[j] != last:
                        break
                    ends[j] = i + 1
            continue
        parts.append(out)
        starts.extend([i] * len(out))
        ends.extend([i + 1] * len(out))
    return "".join(parts), starts, ends


def _field(text: str) -> str:
    return normalize(text)


@dataclass(slots=True)
class SearchIndex:
    """Preprocessed, picklable search data for one library (see the module docstring)."""

    ids: list[str]  # paper ids, date order
    hay: list[str]  # normalised haystack per paper
    people_at: list[int]  # offset in hay where the authors/org part starts
    shorts: list[str]  # normalised short name
    authors: list[str]  # normalised authors joined by NAME_SEP
    orgs: list[str]  # normalised organisation
    years: list[int]
    era_of: list[int]  # index into era_ids
    era_ids: list[str]  # library eras in order, then any unknown era ids used by papers
    era_keys: list[tuple[str, str]]  # normalised (id, name) per era_ids entry
    tags_of: list[tuple[int, ...]]  # indexes into tag_names
    tag_names: list[str]  # library tags, sorted
    tag_keys: list[str]  # normalised tag names
    title_rank: list[int]  # position of each paper in casefold-title order
    version: int = INDEX_VERSION

    @classmethod
    def build(cls, library: Library) -> SearchIndex:
        papers = sorted(library, key=lambda p: (p.date, p.title.casefold()))
        era_ids = [era.id for era in library.eras]
        era_names = {era.id: era.name for era in library.eras}
        era_pos = {eid: k for k, eid in enumerate(era_ids)}
        tag_names = sorted(library.by_tag)
        tag_pos = {t: k for k, t in enumerate(tag_names)}
        ids: list[str] = []
        hay: list[str] = []
        people_at: list[int] = []
        shorts: list[str] = []
        authors: list[str] = []
        orgs: list[str] = []
        years: list[int] = []
        era_of: list[int] = []
        tags_of: list[tuple[int, ...]] = []
        name_cache: dict[str, str] = {}  # authors and orgs repeat a lot
        for paper in papers:
            short = _field(paper.short)
            title = _field(paper.title)
            names = []
            for name in paper.authors:
                norm = name_cache.get(name)
                if norm is None:
                    norm = name_cache[name] = _field(name)
                names.append(norm)
            org = name_cache.get(paper.org)
            if org is None:
                org = name_cache[paper.org] = _field(paper.org)
            people = f" {NAME_SEP} ".join(names)
            head = f" {short} {FIELD_SEP} {title} {FIELD_SEP} "
            ids.append(paper.id)
            hay.append(f"{head}{people} {FIELD_SEP} {org} ")
            people_at.append(len(head))
            shorts.append(short)
            authors.append(people)
            orgs.append(org)
            years.append(paper.year)
            k = era_pos.get(paper.era)
            if k is None:
                k = era_pos[paper.era] = len(era_ids)
                era_ids.append(paper.era)
            era_of.append(k)
            tags_of.append(tuple(tag_pos[t] for t in paper.tags if t in tag_pos))
        by_title = sorted(range(len(papers)), key=lambda i: (papers[i].title.casefold(), i))
        title_rank = [0] * len(papers)
        for rank, i in enumerate(by_title):
            title_rank[i] = rank
        return cls(
            ids=ids,
            hay=hay,
            people_at=people_at,
            shorts=shorts,
            authors=authors,
            orgs=orgs,
            years=years,
            era_of=era_of,
            era_ids=era_ids,
            era_keys=[(_field(e), _field(era_names.get(e, e))) for e in era_ids],
            tags_of=tags_of,
            tag_names=tag_names,
            tag_keys=[_field(t) for t in tag_names],
            title_rank=title_rank,
        )

    def __len__(self) -> int:
        return len(self.ids)


@dataclass(slots=True)
class WordIndex:
    """Words of the haystacks -> papers, split by field group (short/title vs people).

    Used for token-wise matching ("attn is all"). Built lazily from a :class:`SearchIndex`
    because only multi-word and abbreviation queries need it.
    """

    # group 0 = short name and title, group 1 = authors and organisation
    words: tuple[list[str], list[str]]  # sorted vocabulary per group
    postings: tuple[list[array[int]], list[array[int]]]  # paper numbers per word
    joined: tuple[str, str] = field(default=("", ""))  # "\n" + "\n".join(words) + "\n"

    @classmethod
    def build(cls, index: SearchIndex) -> WordIndex:
        groups: tuple[defaultdict[str, array[int]], defaultdict[str, array[int]]] = (
            defaultdict(lambda: array("i")),
            defaultdict(lambda: array("i")),
        )
        seps = {FIELD_SEP, NAME_SEP}
        head, tail = groups
        for i, (hay, at) in enumerate(zip(index.hay, index.people_at, strict=True)):
            for w in set(hay[:at].split()):
                head[w].append(i)
            for w in set(hay[at:].split()):
                tail[w].append(i)
        for group in groups:
            for sep in seps:
                group.pop(sep, None)
        words = (sorted(head), sorted(tail))
        postings = ([head[w] for w in words[0]], [tail[w] for w in words[1]])
        joined = ("\n" + "\n".join(words[0]) + "\n", "\n" + "\n".join(words[1]) + "\n")
        return cls(words=words, postings=postings, joined=joined)

    def prefix_words(self, group: int, token: str) -> range:
        """Positions in ``words[group]`` of the words starting with ``token``."""
        words = self.words[group]
        lo = bisect_left(words, token)
        hi = bisect_left(words, token + "\U0010ffff", lo)
        return range(lo, hi)

    def subsequence_words(self, group: int, token: str) -> list[int]:
        """Positions of words that contain ``token`` in order, starting with its first letter."""
        pattern = re.compile("\n(" + "[^\n]*?".join(re.escape(c) for c in token) + "[^\n]*)(?=\n)")
        words = self.words[group]
        return [bisect_left(words, m.group(1)) for m in pattern.finditer(self.joined[group])]

    def papers(self, group: int, positions: Iterable[int]) -> set[int]:
        out: set[int] = set()
        postings = self.postings[group]
        for k in positions:
            out.update(postings[k])
        return out


class LazyWordIndex:
    """Builds the :class:`WordIndex` once, on first use, from any thread."""

    def __init__(self, index: SearchIndex, built: WordIndex | None = None) -> None:
        self._index = index
        self._built = built
        self._lock = threading.Lock()

    def get(self) -> WordIndex:
        built = self._built
        if built is None:
            with self._lock:
                built = self._built
                if built is None:
                    built = self._built = WordIndex.build(self._index)
        return built


# ---------------------------------------------------------------------------------------------
# Ranking. A result key is one int: tier, then a score/position within the tier, then the paper
# number (date order) as the tie-break, so sorting plain ints gives the final order.

TIER_EXACT = 0  # the short name is the query
TIER_SHORT_PREFIX = 1  # the short name starts with the query
TIER_WORD_PREFIX = 2  # a word of the short name or title starts with the query
TIER_PEOPLE_PREFIX = 3  # a word of an author or the organisation starts with the query
TIER_SUBSTRING = 4  # inside a word of the short name or title
TIER_PEOPLE_SUBSTRING = 5  # inside a word of an author or the organisation
TIER_TOKENS = 6  # every query word matches some word (prefix or abbreviation)
TIER_FUZZY = 7  # rapidfuzz partial_ratio above a strict cutoff

_IDX_BITS = 22  # up to 4M papers
_IDX_MASK = (1 << _IDX_BITS) - 1
_POS_BITS = 24
_POS_MASK = (1 << _POS_BITS) - 1

STRONG_ENOUGH = 50  # the fuzzy pass runs only below this many stronger hits
FUZZY_MIN_LENGTH = 5  # a one-letter slip in a shorter word is a different word
SCORED_TOKEN_LIMIT = 20_000  # above this many token hits, keep them in date order


def fuzzy_cutoff(query: str) -> float:
    """partial_ratio cutoff allowing about one typo per word (two from 16 characters)."""
    length = len(query)
    edits = 1 if length < 16 else 2
    return 100.0 * (length - edits) / length - 0.5


def substring_hits(hay: list[str], query: str, within: list[int] | None) -> list[int]:
    """Paper numbers whose haystack contains ``query`` (in ``within``'s order if given)."""
    if within is None:
        return list(compress(range(len(hay)), map(str.__contains__, hay, repeat(query))))
    found = map(str.__contains__, map(hay.__getitem__, within), repeat(query))
    return list(compress(within, found))


def substring_keys(index: SearchIndex, query: str, hits: list[int]) -> list[int]:
    """Sort keys (tiers 0-5) for papers known to contain ``query``."""
    hays = list(map(index.hay.__getitem__, hits))
    first = map(str.find, hays, repeat(query))
    word = map(str.find, hays, repeat(" " + query))
    exact = map(str.startswith, hays, repeat(f" {query} {FIELD_SEP}"))
    people = map(index.people_at.__getitem__, hits)
    keys = []
    for i, p, w, e, a in zip(hits, first, word, exact, people, strict=True):
        if w == 0:
            key = TIER_EXACT << _POS_BITS if e else TIER_SHORT_PREFIX << _POS_BITS
        elif 0 < w < a:
            key = TIER_WORD_PREFIX << _POS_BITS | w
        elif w > 0:
            key = TIER_PEOPLE_PREFIX << _POS_BITS | min(w - a, _POS_MASK)
        elif p < a:
            key = TIER_SUBSTRING << _POS_BITS | p
        else:
            key = TIER_PEOPLE_SUBSTRING << _POS_BITS | min(p - a, _POS_MASK)
        keys.append(key << _IDX_BITS | i)
    return keys


def token_keys(
    words: WordIndex, tokens: list[str], exclude: set[int], allowed: set[int] | None
) -> list[int]:
    """Sort keys (tier 6) for papers where every token matches a word, minus ``exclude``.

    A token matches a word it starts (prefix) or, from three letters, a word that holds its
    letters in order starting with the same first letter ("attn" -> "attention"). The score
    adds per token 0 for a prefix of a short/title word, 1 for an abbreviation of one, 2 and
    3 for the same in authors/organisation.
    """
    per_token: list[list[set[int]]] = []
    for token in dict.fromkeys(tokens):
        kinds: list[set[int]] = []
        for group in (0, 1):
            kinds.append(words.papers(group, words.prefix_words(group, token)))
            if len(token) >= 3:
                kinds.append(words.papers(group, words.subsequence_words(group, token)))
            else:
                kinds.append(set())
        per_token.append(kinds)
    unions = sorted((set().union(*kinds) for kinds in per_token), key=len)
    if not unions:
        return []
    found = unions[0] - exclude
    if allowed is not None:
        found &= allowed
    for other in unions[1:]:
        found &= other
    if len(found) > SCORED_TOKEN_LIMIT:
        return sorted((TIER_TOKENS << _POS_BITS) << _IDX_BITS | i for i in found)
    keys = []
    for i in found:
        score = 0
        for kinds in per_token:
            for cost, kind in enumerate(kinds):
                if i in kind:
                    score += cost
                    break
        keys.append(((TIER_TOKENS << _POS_BITS) | score) << _IDX_BITS | i)
    keys.sort()
    return keys


def fuzzy_keys(hay: list[str], query: str, candidates: list[int]) -> list[int]:
    """Sort keys (tier 7) for ``candidates`` scoring at least :func:`fuzzy_cutoff`.

    Uses ``process.cdist`` with ``workers=1``: it releases the GIL (``extract`` does not).
    """
    if len(query) < FUZZY_MIN_LENGTH or not candidates:
        return []
    from rapidfuzz import fuzz, process  # lazy: pulls in numpy

    choices = list(map(hay.__getitem__, candidates))
    cutoff = fuzzy_cutoff(query)
    row = process.cdist(
        [query], choices, scorer=fuzz.partial_ratio, score_cutoff=cutoff, workers=1
    )[0]
    keys = []
    for k in row.nonzero()[0].tolist():
        miss = 1000 - int(row[k] * 10)  # higher score first
        keys.append(((TIER_FUZZY << _POS_BITS) | miss) << _IDX_BITS | candidates[k])
    keys.sort()
    return keys


def key_tier(key: int) -> int:
    return key >> (_IDX_BITS + _POS_BITS)


def key_paper(key: int) -> int:
    return key & _IDX_MASK


# ---------------------------------------------------------------------------------------------
# Highlighting: which characters of a displayed string the free text matched.

_ALNUM_BEFORE = r"(?<![^\W_])"  # at a word start


def highlight_spans(text: str, free_text: str) -> list[tuple[int, int]]:
    """``[start, end)`` spans of ``text`` matched by ``free_text``, sorted and merged.

    Mirrors the ranking tiers: every occurrence of the whole query (words may be separated
    by any punctuation); else, per query word, every word it starts, or the letters of a word
    it abbreviates; else the best fuzzy window. Spans index the original ``text``, whatever
    accents or case folding did in between.
    """
    query = normalize(free_text)
    if not query or not text:
        return []
    folded, starts, ends = fold_map(text)
    tokens = query.split()
    phrase = re.compile(r"[\W_]+".join(re.escape(t) for t in tokens))
    found = [m.span() for m in phrase.finditer(folded)]
    if not found:
        for token in dict.fromkeys(tokens):
            prefix = re.compile(_ALNUM_BEFORE + re.escape(token))
            hits = [m.span() for m in prefix.finditer(folded)]
            if not hits and len(token) >= 3:
                gap = r"[^\W_]*?"
                pattern = _ALNUM_BEFORE + gap.join(f"({re.escape(c)})" for c in token)
                for m in re.finditer(pattern, folded):
                    hits.extend(m.span(g) for g in range(1, len(token) + 1))
            found.extend(hits)
    if not found and len(query) >= FUZZY_MIN_LENGTH:
        from rapidfuzz import fuzz

        best = fuzz.partial_ratio_alignment(query, folded, score_cutoff=fuzzy_cutoff(query))
        if best is not None and best.dest_end > best.dest_start:
            found.append((best.dest_start, best.dest_end))
    merged: list[tuple[int, int]] = []
    for a, b in sorted((starts[a], ends[b - 1]) for a, b in found if b > a):
        if merged and a <= merged[-1][1]:
            if b > merged[-1][1]:
                merged[-1] = (merged[-1][0], b)
        else:
            merged.append((a, b))
    return merged
