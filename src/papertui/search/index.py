"""The preprocessed search index: one haystack per paper and its facet columns.

Everything here is part of the Textual-free core; :mod:`papertui.search.ranking` holds the derived
structures and the ranking tiers, :mod:`papertui.search.engine` puts it together.

Text is folded by :mod:`papertui.library.fold`; highlighting is in
:mod:`papertui.search.matching`.

The index (:class:`SearchIndex`) holds one normalised *haystack* per paper, built once::

    " <short> \\x1f <title> \\x1f <author> \\x1e <author> \\x1f <org> "

Letters and digits next to each other in the short name and title are split
(:func:`papertui.search.query.split_digits`), as the query's free text is.

A word start is always preceded by a space (``" " + q`` finds word-prefix hits with a plain
``str.find``) and no query can match across fields (queries never contain the separators).
Papers are numbered in date order (the library order); every list is indexed by that
number. :class:`SearchIndex` holds strings as :class:`~papertui.search.texts.Texts` and numbers as
``array("q")``, so it pickles and caches as a few raw buffers; the engine views the arrays
with numpy (no copy).
"""

from __future__ import annotations

import operator
from array import array
from bisect import bisect_left
from collections.abc import Mapping
from dataclasses import dataclass
from itertools import accumulate, chain, islice, repeat
from operator import attrgetter
from typing import TYPE_CHECKING, Any

from papertui.library.fold import NAME_SEP, normalize, normalize_many
from papertui.library.model import Library, Paper
from papertui.search.query import split_digits_many
from papertui.search.texts import Texts

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

    IntArray = npt.NDArray[np.int64]
    BoolArray = npt.NDArray[np.bool_]

__all__ = ["FIELD_SEP", "INDEX_VERSION", "NAME_SEP", "SearchIndex"]

FIELD_SEP = "\x1f"
INDEX_VERSION = 6  # bump whenever the haystack text or the fields change (6: split_digits)
BUILD_CHUNK = 20_000  # papers whose haystacks are made at once


@dataclass(slots=True)
class SearchIndex:
    """Preprocessed, picklable search data for one library (see the module docstring).

    Strings are :class:`~papertui.search.texts.Texts` and numbers ``array("q")``: a handful of
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
        """The index of ``library``'s papers. The haystacks are made :data:`BUILD_CHUNK`
        papers at a time and each step's lists are let go as soon as they are used: at a
        million papers the lists of a whole-library pass each held 100-200 MB."""
        papers = list(library)
        n = len(papers)
        folded_titles = _casefold_many(list(map(attrgetter("title"), papers)))
        by_title = sorted(range(n), key=folded_titles.__getitem__)
        del folded_titles
        title_of = array("q", bytes(8 * n))
        for rank, i in enumerate(by_title):
            title_of[i] = rank
        dates = map(attrgetter("date"), papers)  # "YYYY[-MM[-DD]]" -> YYYYMMDD
        day = map(operator.itemgetter(slice(0, 10)), map(operator.add, dates, repeat("-00-00")))
        day_number = array("q", map(int, map(_drop_dashes, day)))
        order = sorted(by_title, key=day_number.__getitem__)  # stable: date, then title
        del by_title, day_number
        papers = list(map(papers.__getitem__, order))
        title_rank = array("q", map(title_of.__getitem__, order))
        del order, title_of
        era_ids = [era.id for era in library.eras]
        era_names = {era.id: era.name for era in library.eras}
        era_pos = {eid: k for k, eid in enumerate(era_ids)}
        paper_eras = set(map(attrgetter("era"), papers))
        for eid in sorted(paper_eras - set(era_pos)):
            era_pos[eid] = len(era_ids)
            era_ids.append(eid)
        del paper_eras
        tag_names = sorted(library.by_tag)
        columns = _Columns(library, era_pos, {t: k for k, t in enumerate(tag_names)})
        for at in range(0, n, BUILD_CHUNK):
            columns.add(papers[at : at + BUILD_CHUNK])
        ids = list(map(attrgetter("id"), papers))
        del papers
        return cls(
            ids=Texts.of(ids),
            hay=columns.hay(),
            people_at=columns.people_at,
            years=columns.years,
            era_of=columns.era_of,
            era_ids=era_ids,
            era_keys=[(normalize(e), normalize(era_names.get(e, e))) for e in era_ids],
            tag_starts=columns.tag_starts,
            tag_flat=columns.tag_flat,
            tag_names=tag_names,
            tag_keys=[normalize(t) for t in tag_names],
            title_rank=title_rank,
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

    def to_columns(self) -> tuple[dict[str, Any], dict[str, bytes | memoryview]]:
        """Small fields (msgpack-friendly) and big ones as raw bytes, for the load cache."""
        small = {
            "version": self.version,
            "era_ids": self.era_ids,
            "era_keys": self.era_keys,
            "tag_names": self.tag_names,
            "tag_keys": self.tag_keys,
        }
        big: dict[str, bytes | memoryview] = {}
        for name in _TEXT_COLUMNS:
            big[name], big[f"{name}.starts"] = getattr(self, name).to_bytes()
        for name in _INT_COLUMNS:  # a view, not a copy: the cache is written from it
            big[name] = memoryview(getattr(self, name)).cast("B")
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


class _Columns:
    """The per-paper columns of :meth:`SearchIndex.build`, made a chunk of papers (in
    library order) at a time: each chunk's haystacks are joined into one text at once."""

    def __init__(self, library: Library, era_pos: dict[str, int], tag_pos: dict[str, int]) -> None:
        self.wholes = library.papers
        self.era_pos = era_pos
        self.tag_pos = tag_pos
        self.tag_cache: dict[tuple[str, ...], tuple[int, ...]] = {}
        self.org_of: dict[str, str] = {}
        self.texts: list[str] = []  # each chunk's haystacks, joined
        self.starts = array("q", [0])
        self.people_at = array("q")
        self.years = array("q")
        self.era_of = array("q")
        self.tag_starts = array("q", [0])
        self.tag_flat = array("q")

    def add(self, papers: list[Paper]) -> None:
        titles = list(map(attrgetter("title"), papers))
        # a part (a concept, a model in a report) is found through its whole's short name
        wholes = self.wholes
        titles = [
            f"{t} {whole.short}" if p.part_of and (whole := wholes.get(p.part_of)) else t
            for p, t in zip(papers, titles, strict=True)
        ]
        # "GPT-4", "GPT4" and the query "gpt4" all read "gpt 4" (query.split_digits)
        shorts = split_digits_many(normalize_many(list(map(attrgetter("short"), papers))))
        norm_titles = split_digits_many(normalize_many(titles))
        del titles
        raw_orgs = list(map(attrgetter("org"), papers))
        org_of = self.org_of
        new_orgs = [org for org in dict.fromkeys(raw_orgs) if org not in org_of]
        org_of.update(zip(new_orgs, normalize_many(new_orgs), strict=True))
        orgs = list(map(org_of.__getitem__, raw_orgs))
        sep = f" {NAME_SEP} "
        authors = normalize_many(list(map(sep.join, map(attrgetter("authors"), papers))))
        hay = [
            f" {s} {FIELD_SEP} {t} {FIELD_SEP} {a} {FIELD_SEP} {o} "
            for s, t, a, o in zip(shorts, norm_titles, authors, orgs, strict=True)
        ]
        self.people_at.extend(
            [len(s) + len(t) + 7 for s, t in zip(shorts, norm_titles, strict=True)]
        )
        del shorts, norm_titles, authors, orgs
        if hay:
            self.texts.append("\n".join(hay) + "\n")
            ends = accumulate(map(len, hay), lambda at, n: at + n + 1, initial=self.starts[-1])
            self.starts.extend(islice(ends, 1, None))
        self.years.extend(
            map(int, map(operator.itemgetter(slice(0, 4)), map(attrgetter("date"), papers)))
        )
        self.era_of.extend(map(self.era_pos.__getitem__, map(attrgetter("era"), papers)))
        tags_of = list(map(self._tag_numbers, map(attrgetter("tags"), papers)))
        ends = accumulate(map(len, tags_of), initial=self.tag_starts[-1])
        self.tag_starts.extend(islice(ends, 1, None))
        self.tag_flat.extend(chain.from_iterable(tags_of))

    def _tag_numbers(self, tags: tuple[str, ...]) -> tuple[int, ...]:
        got = self.tag_cache.get(tags)
        if got is None:
            tag_pos = self.tag_pos
            got = self.tag_cache[tags] = tuple(tag_pos[t] for t in tags if t in tag_pos)
        return got

    def hay(self) -> Texts:
        text = "".join(self.texts)
        self.texts.clear()
        return Texts(text, self.starts)


def _drop_dashes(day: str) -> str:
    return day.replace("-", "")


def _casefold_many(texts: list[str]) -> list[str]:
    """Each of ``texts`` casefolded, :data:`BUILD_CHUNK` of them joined at a time (one C
    call a chunk; a million titles joined whole, then folded, held 200 MB at once)."""
    out: list[str] = []
    for at in range(0, len(texts), BUILD_CHUNK):
        chunk = texts[at : at + BUILD_CHUNK]
        big = "\x00".join(chunk)
        if big.count("\x00") != len(chunk) - 1:
            out += [t.casefold() for t in chunk]
        else:
            out += big.casefold().split("\x00")
    return out
