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
number. :class:`SearchIndex` holds strings as :class:`~papertui.texts.Texts` and numbers as
``array("q")``, so it pickles and caches as a few raw buffers; the engine views the arrays
with numpy (no copy).
"""

from __future__ import annotations

import operator
import re
import unicodedata
from array import array
from bisect import bisect_left
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from itertools import accumulate, chain, repeat
from operator import attrgetter
from typing import TYPE_CHECKING, Any

from papertui.model import Library
from papertui.texts import Texts

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

    IntArray = npt.NDArray[np.int64]
    BoolArray = npt.NDArray[np.bool_]

__all__ = ["SearchIndex", "fold", "fold_map", "highlight_spans", "normalize", "normalize_many"]

FIELD_SEP = "\x1f"
NAME_SEP = "\x1e"
INDEX_VERSION = 4  # bump whenever the haystack text or the fields change

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


FOLD_MAP_CACHE = 8192


def prefold(texts: Iterable[str]) -> None:
    """Fold ``texts`` now (off the keystroke), so highlighting them later is a cache hit;
    only as many as the cache keeps."""
    for text, _ in zip(texts, range(FOLD_MAP_CACHE), strict=False):
        fold_map(text)


@lru_cache(maxsize=FOLD_MAP_CACHE)  # the rows on screen are highlighted on every keystroke
def fold_map(text: str) -> tuple[str, list[int], list[int]]:
    """Fold ``text`` character by character, keeping the way back (cached: read-only).

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
    """Preprocessed, picklable search data for one library (see the module docstring).

    Strings are :class:`~papertui.texts.Texts` and numbers ``array("q")``: a handful of
    buffers rather than millions of objects, so the load cache stores them as raw bytes
    (:meth:`to_columns`) and a warm start decodes them in one pass each.
    """

    ids: Texts  # paper ids, date order
    hay: Texts  # normalised haystack per paper
    people_at: array[int]  # offset in hay where the authors/org part starts
    years: array[int]
    era_of: array[int]  # index into era_ids
    era_ids: list[str]  # library eras in order, then any unknown era ids used by papers
    era_keys: list[tuple[str, str]]  # normalised (id, name) per era_ids entry
    tag_starts: array[int]  # paper k's tags are tag_flat[tag_starts[k]:tag_starts[k + 1]]
    tag_flat: array[int]  # indexes into tag_names
    tag_names: list[str]  # library tags, sorted
    tag_keys: list[str]  # normalised tag names
    title_rank: array[int]  # position of each paper in casefold-title order
    id_order: array[int]  # paper numbers in id order (for :meth:`position`)
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

        tags_of = list(map(tag_numbers, map(attrgetter("tags"), papers)))
        ids = list(map(attrgetter("id"), papers))
        return cls(
            ids=Texts.of(ids),
            hay=Texts.of(hay),
            people_at=array("q", people_at),
            years=array(
                "q",
                map(int, map(operator.itemgetter(slice(0, 4)), map(attrgetter("date"), papers))),
            ),
            era_of=array("q", map(era_pos.__getitem__, paper_eras)),
            era_ids=era_ids,
            era_keys=[(normalize(e), normalize(era_names.get(e, e))) for e in era_ids],
            tag_starts=array("q", accumulate(map(len, tags_of), initial=0)),
            tag_flat=array("q", chain.from_iterable(tags_of)),
            tag_names=tag_names,
            tag_keys=[normalize(t) for t in tag_names],
            title_rank=array("q", title_rank),
            id_order=array("q", sorted(range(n), key=ids.__getitem__)),
        )

    def __len__(self) -> int:
        return len(self.ids)

    def position(self, paper_id: str) -> int:
        """The number of ``paper_id`` (its place in date order), or -1."""
        ids, order = self.ids, self.id_order
        k = bisect_left(order, paper_id, key=ids.__getitem__)
        return order[k] if k < len(order) and ids[order[k]] == paper_id else -1

    def tags_of(self, paper: int) -> array[int]:
        """Tag numbers of paper number ``paper``."""
        starts = self.tag_starts
        return self.tag_flat[starts[paper] : starts[paper + 1]]

    def authors_of(self, paper: int) -> str:
        """Normalised authors of paper number ``paper``, joined by ``NAME_SEP`` spaced."""
        hay = self.hay[paper]
        return hay[self.people_at[paper] : hay.rfind(f" {FIELD_SEP} ")]

    def org_of(self, paper: int) -> str:
        """Normalised organisation of paper number ``paper``."""
        hay = self.hay[paper]
        return hay[hay.rfind(FIELD_SEP) + 2 : -1]

    def to_columns(self) -> tuple[dict[str, Any], dict[str, bytes]]:
        """Small fields (msgpack-friendly) and big ones as raw bytes, for the load cache."""
        small = {
            "version": self.version,
            "era_ids": self.era_ids,
            "era_keys": self.era_keys,
            "tag_names": self.tag_names,
            "tag_keys": self.tag_keys,
        }
        big: dict[str, bytes] = {}
        for name in _TEXT_COLUMNS:
            big[name], big[f"{name}.starts"] = getattr(self, name).to_bytes()
        for name in _INT_COLUMNS:
            big[name] = getattr(self, name).tobytes()
        return small, big

    @classmethod
    def from_columns(
        cls, small: Mapping[str, Any], big: Mapping[str, bytes | memoryview]
    ) -> SearchIndex:
        """The inverse of :meth:`to_columns`; ``ValueError`` if the parts do not fit."""
        if small.get("version") != INDEX_VERSION:
            raise ValueError("search index from another version")
        try:
            texts = {n: Texts.from_bytes(big[n], big[f"{n}.starts"]) for n in _TEXT_COLUMNS}
            ints: dict[str, array[int]] = {}
            for name in _INT_COLUMNS:
                ints[name] = column = array("q")
                column.frombytes(big[name])
            fields: dict[str, Any] = {**texts, **ints}
            index = cls(
                **fields,
                era_ids=list(small["era_ids"]),
                era_keys=[(str(i), str(n)) for i, n in small["era_keys"]],
                tag_names=list(small["tag_names"]),
                tag_keys=list(small["tag_keys"]),
            )
        except (KeyError, TypeError) as error:
            raise ValueError(f"search index columns do not fit: {error}") from None
        n = len(index.ids)
        sizes = {len(index.hay), len(index.people_at), len(index.years), len(index.era_of)}
        sizes |= {len(index.title_rank), len(index.id_order), len(index.tag_starts) - 1}
        if sizes != {n} or index.tag_starts[-1] != len(index.tag_flat):
            raise ValueError("search index columns differ in length")
        return index


_TEXT_COLUMNS = ("ids", "hay")
_INT_COLUMNS = (
    "people_at",
    "years",
    "era_of",
    "tag_starts",
    "tag_flat",
    "title_rank",
    "id_order",
)


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
