"""Text normalisation, the preprocessed search index and match highlighting.

Everything here is part of the Textual-free core; :mod:`papertui.ranking` holds the derived
structures and the ranking tiers, :mod:`papertui.engine` puts it together.

Normalisation (:func:`fold`, :func:`normalize`): NFKD, drop combining marks, casefold, then
(for :func:`normalize`) every run of non-alphanumeric characters becomes one space. So
"Schölkopf" is found by "scholkopf", "GPT-2" by "gpt 2" or "gpt-2", "É" by "e".

The index (:class:`SearchIndex`) holds one normalised *haystack* per paper, built once::

    " <short> \\x1f <title> \\x1f <author> \\x1e <author> \\x1f <org> "

A word start is always preceded by a space (``" " + q`` finds word-prefix hits with a plain
``str.find``) and no query can match across fields (queries never contain the separators).
Papers are numbered in date order (the library order); every list is indexed by that
number. :class:`SearchIndex` holds only plain lists, strings and ints, so it pickles (and
msgspec can encode it); numpy arrays are derived from it by the engine.
"""

from __future__ import annotations

import operator
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from itertools import repeat
from operator import attrgetter
from typing import TYPE_CHECKING, Any

from papertui.model import Library

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

    IntArray = npt.NDArray[np.int64]
    BoolArray = npt.NDArray[np.bool_]

__all__ = ["SearchIndex", "fold", "fold_map", "highlight_spans", "normalize", "normalize_many"]

FIELD_SEP = "\x1f"
NAME_SEP = "\x1e"
INDEX_VERSION = 3  # bump whenever the haystack text or the fields change

_NON_ALNUM = re.compile(r"[\W_]+")


# Latin letters that NFKD does not decompose, spelled the way people type them.
_LATIN = {"ł": "l", "ø": "o", "đ": "d", "ð": "d", "þ": "th", "æ": "ae", "œ": "oe", "ı": "i"}
_LATIN_TABLE = str.maketrans(_LATIN)


def fold(text: str) -> str:
    """Case- and accent-insensitive form: NFKD, strip combining marks, casefold, and
    spell a few undecomposable Latin letters in ASCII ("Łukasz" -> "lukasz")."""
    if text.isascii():
        return text.lower()
    decomposed = unicodedata.normalize("NFKD", text)
    if len(decomposed) < 500:
        decomposed = "".join([c for c in decomposed if not unicodedata.combining(c)])
    else:
        marks = [c for c in set(decomposed) if unicodedata.combining(c)]
        if marks:
            decomposed = re.sub("[" + re.escape("".join(marks)) + "]", "", decomposed)
    folded = decomposed.casefold()
    return folded if folded.isascii() else folded.translate(_LATIN_TABLE)


def normalize(text: str) -> str:
    """:func:`fold`, then runs of non-alphanumerics become one space; stripped."""
    return _NON_ALNUM.sub(" ", fold(text)).strip()


_ASCII_PUNCT = bytes(
    c if c >= 0x80 or chr(c).isalnum() or c in (0, 0x1E) else 0x20 for c in range(256)
)  # for bytes.translate on UTF-8: ASCII non-alphanumerics (but NUL, NAME_SEP) -> space


def normalize_many(texts: list[str]) -> list[str]:
    """``[normalize(t) for t in texts]`` at C speed, through one joined string.

    NAME_SEP (``\\x1e``) survives, so pre-joined author lists keep their separators.
    """
    if not texts:
        return []
    big = "\x00".join(texts)
    if big.count("\x00") != len(texts) - 1:  # a NUL inside a text: the slow way
        return [normalize(t) for t in texts]
    data = big.encode("ascii").lower() if big.isascii() else _fold_big(big).encode("utf-8")
    text = data.translate(_ASCII_PUNCT).decode("utf-8")
    while "  " in text:
        text = text.replace("  ", " ")
    text = text.replace(" \x00", "\x00").replace("\x00 ", "\x00").strip(" ")
    return text.split("\x00")


def _fold_big(big: str) -> str:
    """:func:`fold` for a long text, also turning non-ASCII non-alphanumerics into spaces.

    ``str.replace`` per distinct character runs at memchr speed, unlike a regex or
    ``str.translate`` over a non-ASCII string.
    """
    folded = unicodedata.normalize("NFKD", big).casefold()
    for ch in set(folded):
        if ch.isascii() or (ch.isalnum() and ch not in _LATIN):
            continue
        if unicodedata.combining(ch):
            folded = folded.replace(ch, "")
        else:
            folded = folded.replace(ch, _LATIN.get(ch, " "))
    return folded


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


@dataclass(slots=True)
class SearchIndex:
    """Preprocessed, picklable search data for one library (see the module docstring)."""

    ids: list[str]  # paper ids, date order
    hay: list[str]  # normalised haystack per paper
    people_at: list[int]  # offset in hay where the authors/org part starts
    authors: list[str]  # normalised authors joined by NAME_SEP (for author:)
    orgs: list[str]  # normalised organisation (for org:)
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
        papers = list(library)
        n = len(papers)
        folded_titles = _casefold_many(list(map(attrgetter("title"), papers)))
        by_title = sorted(range(n), key=folded_titles.__getitem__)
        title_of = [0] * n
        for rank, i in enumerate(by_title):
            title_of[i] = rank
        dates = map(attrgetter("date"), papers)  # "YYYY[-MM[-DD]]" -> YYYYMMDD
        day = map(operator.itemgetter(slice(0, 10)), map(operator.add, dates, repeat("-00-00")))
        day_number = list(map(int, map(_drop_dashes, day)))
        order = sorted(by_title, key=day_number.__getitem__)  # stable: date, then title
        papers = list(map(papers.__getitem__, order))
        title_rank = list(map(title_of.__getitem__, order))
        titles = list(map(attrgetter("title"), papers))
        shorts = normalize_many(list(map(attrgetter("short"), papers)))
        norm_titles = normalize_many(titles)
        raw_orgs = list(map(attrgetter("org"), papers))
        distinct_orgs = list(dict.fromkeys(raw_orgs))  # few organisations, many papers
        org_of = dict(zip(distinct_orgs, normalize_many(distinct_orgs), strict=True))
        orgs = list(map(org_of.__getitem__, raw_orgs))
        sep = f" {NAME_SEP} "
        authors = normalize_many(list(map(sep.join, map(attrgetter("authors"), papers))))
        hay = [
            f" {s} {FIELD_SEP} {t} {FIELD_SEP} {a} {FIELD_SEP} {o} "
            for s, t, a, o in zip(shorts, norm_titles, authors, orgs, strict=True)
        ]
        people_at = [len(s) + len(t) + 7 for s, t in zip(shorts, norm_titles, strict=True)]
        era_ids = [era.id for era in library.eras]
        era_names = {era.id: era.name for era in library.eras}
        era_pos = {eid: k for k, eid in enumerate(era_ids)}
        paper_eras = list(map(attrgetter("era"), papers))
        for eid in sorted(set(paper_eras) - set(era_pos)):
            era_pos[eid] = len(era_ids)
            era_ids.append(eid)
        tag_names = sorted(library.by_tag)
        tag_pos = {t: k for k, t in enumerate(tag_names)}
        tag_cache: dict[tuple[str, ...], tuple[int, ...]] = {}

        def tag_numbers(tags: tuple[str, ...]) -> tuple[int, ...]:
            got = tag_cache.get(tags)
            if got is None:
                got = tag_cache[tags] = tuple(tag_pos[t] for t in tags if t in tag_pos)
            return got

        return cls(
            ids=list(map(attrgetter("id"), papers)),
            hay=hay,
            people_at=people_at,
            authors=authors,
            orgs=orgs,
            years=list(
                map(int, map(operator.itemgetter(slice(0, 4)), map(attrgetter("date"), papers)))
            ),
            era_of=list(map(era_pos.__getitem__, paper_eras)),
            era_ids=era_ids,
            era_keys=[(normalize(e), normalize(era_names.get(e, e))) for e in era_ids],
            tags_of=list(map(tag_numbers, map(attrgetter("tags"), papers))),
            tag_names=tag_names,
            tag_keys=[normalize(t) for t in tag_names],
            title_rank=title_rank,
        )

    def __len__(self) -> int:
        return len(self.ids)


def _drop_dashes(day: str) -> str:
    return day.replace("-", "")


def _casefold_many(texts: list[str]) -> list[str]:
    big = "\x00".join(texts)
    if big.count("\x00") != len(texts) - 1:
        return [t.casefold() for t in texts]
    return big.casefold().split("\x00") if texts else []


# ---------------------------------------------------------------------------------------------
# Search parameters shared by the ranking and the highlighting.

STRONG_ENOUGH = 50  # the fuzzy pass runs only below this many stronger hits
FUZZY_MIN_LENGTH = 6  # one slip in a shorter word is another word (relay ~ relat)
WORD_START_BELOW = 3  # shorter queries match at word starts only


def fuzzy_cutoff(query: str) -> float:
    """partial_ratio cutoff allowing about one typo (two from 16 characters)."""
    length = len(query)
    return 100.0 * (length - fuzzy_edits(query)) / length - 0.5


def starts_word(text: str, where: Any) -> bool:
    """Whether a rapidfuzz alignment in ``text`` starts at a word (or one or two letters
    into it, for a slip in the first letters); ``where`` may be None (no alignment)."""
    if where is None:
        return False
    at: int = where.dest_start
    return (
        at <= 1
        or not text[at - 1].isalnum()
        or not text[at].isalnum()
        or not text[at - 2].isalnum()
    )


def fuzzy_edits(query: str) -> int:
    """Typos the fuzzy pass forgives: one per query, two from 16 characters."""
    return 1 if len(query) < 16 else 2


# ---------------------------------------------------------------------------------------------
# Highlighting: which characters of a displayed string the free text matched.

_ALNUM_BEFORE = r"(?<![^\W_])"  # at a word start


def highlight_spans(text: str, free_text: str) -> list[tuple[int, int]]:
    """``[start, end)`` spans of ``text`` matched by ``free_text`` (see :func:`_spans`).

    Cached: the UI asks again for every visible row on every keystroke and redraw.
    """
    return list(_spans(text, free_text))


@lru_cache(maxsize=4096)
def _spans(text: str, free_text: str) -> tuple[tuple[int, int], ...]:
    """``[start, end)`` spans of ``text`` matched by ``free_text``, sorted and merged.

    Mirrors the ranking tiers: every occurrence of the whole query (words may be separated
    by any punctuation); else, per query word, every word it starts, or the letters of a word
    it abbreviates; else the best fuzzy window. Spans index the original ``text``, whatever
    accents or case folding did in between.
    """
    query = normalize(free_text)
    if not query or not text:
        return ()
    folded, starts, ends = fold_map(text)
    tokens = query.split()
    at_start = _ALNUM_BEFORE if len(query) < WORD_START_BELOW else ""  # as the search does
    phrase = re.compile(at_start + r"[\W_]+".join(re.escape(t) for t in tokens))
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
        if best is not None and best.dest_end > best.dest_start and starts_word(folded, best):
            found.append((best.dest_start, best.dest_end))
    merged: list[tuple[int, int]] = []
    for a, b in sorted((starts[a], ends[b - 1]) for a, b in found if b > a):
        if merged and a <= merged[-1][1]:
            if b > merged[-1][1]:
                merged[-1] = (merged[-1][0], b)
        else:
            merged.append((a, b))
    return tuple(merged)
