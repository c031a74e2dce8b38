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
from itertools import accumulate, chain, repeat
from operator import attrgetter
from typing import TYPE_CHECKING, Any

from papertui.library.fold import NAME_SEP, normalize, normalize_many
from papertui.library.model import Library
from papertui.search.query import split_digits
from papertui.search.texts import Texts

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

    IntArray = npt.NDArray[np.int64]
    BoolArray = npt.NDArray[np.bool_]

__all__ = ["FIELD_SEP", "INDEX_VERSION", "NAME_SEP", "SearchIndex"]

FIELD_SEP = "\x1f"
INDEX_VERSION = 6  # bump whenever the haystack text or the fields change (6: split_digits)


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
        # a part (a concept, a model in a report) is found through its whole's short name
        wholes = library.papers
        titles = [
            f"{t} {whole.short}" if p.part_of and (whole := wholes.get(p.part_of)) else t
            for p, t in zip(papers, titles, strict=True)
        ]
        # "GPT-4", "GPT4" and the query "gpt4" all read "gpt 4" (query.split_digits)
        shorts = list(map(split_digits, normalize_many(list(map(attrgetter("short"), papers)))))
        norm_titles = list(map(split_digits, normalize_many(titles)))
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
