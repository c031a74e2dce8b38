"""The few fields of a paper that a cold build reads after the parse (Textual-free core).

A build child (:mod:`papertui.store.build`) gets each paper from its workers as the
paper's cache record, which it copies into the cache unchanged (:mod:`.spool`). Besides
the record, the build reads only what the loader's cross-file checks
(:func:`papertui.library.loader.load_library`: id, era, date, file and line),
:meth:`~papertui.library.model.Library.build` (date, title, era, tags and the targets
of ``builds_on``) and :meth:`~papertui.search.index.SearchIndex.build` (short, authors,
org and ``part_of`` as well) take from a paper. A :class:`SlimPaper` is decoded from
the record with only those fields (msgspec skips the others: summary, notes, reasons,
links, sources), and strings that many papers share (era, organisation, tags, authors,
the file of a shard) are interned, so a million papers fit in a fraction of the memory
of a million :class:`~papertui.library.model.Paper` objects. It stands in for a
``Paper`` in those three (they read attributes only); the cache's records never come
from one (:class:`SlimRecords`).
"""

from __future__ import annotations

from array import array
from collections.abc import Iterable, Iterator, Sequence
from typing import TYPE_CHECKING, cast

import msgspec

from papertui.search.texts import Texts

if TYPE_CHECKING:
    from papertui.library.model import Paper
    from papertui.search.index import SearchIndex
    from papertui.store.format import Records


class SlimLink(msgspec.Struct, gc=False):
    """A ``builds_on`` edge: only its target."""

    target: str


class SlimPaper(msgspec.Struct, gc=False):
    """What a cold build reads of a paper (a record's other fields are skipped)."""

    id: str
    short: str
    title: str
    date: str
    era: str
    authors: tuple[str, ...] = ()
    org: str = ""
    tags: tuple[str, ...] = ()
    builds_on: tuple[SlimLink, ...] = ()
    part_of: str = ""
    file: str = ""
    line: int = 0

    @property
    def year(self) -> int:
        return int(self.date[:4])


_DECODE = msgspec.msgpack.Decoder(SlimPaper).decode


class Slimmer:
    """Decodes records into :class:`SlimPaper` s, interning the strings papers share."""

    def __init__(self) -> None:
        self._common: dict[str, str] = {}
        self._file = ""

    def __call__(self, record: bytes | msgspec.Raw) -> Paper:
        paper = _DECODE(record)
        common = self._common
        same = common.setdefault
        # one string for an id and every link to it (two links a paper: 140 MB at 1M)
        paper.id = same(paper.id, paper.id)
        for link in paper.builds_on:
            link.target = same(link.target, link.target)
        paper.era = same(paper.era, paper.era)
        paper.date = same(paper.date, paper.date)
        if paper.org:
            paper.org = same(paper.org, paper.org)
        if paper.tags:  # map() of two iterables: same(tag, tag), with no frame a paper
            paper.tags = tuple(map(same, paper.tags, paper.tags))
        if paper.authors:
            paper.authors = tuple(map(same, paper.authors, paper.authors))
        if paper.file == self._file:  # one name for a file's papers, and its Path's
            paper.file = self._file
        return cast("Paper", paper)  # it has every attribute the build reads

    def reading(self, file: str) -> None:
        """The records that follow are from ``file`` (the ``str`` of the path the build
        holds for it anyway: the papers share it)."""
        self._file = file

    def loaded(self, papers: Iterable[Paper]) -> None:
        """The library is built: its papers' files, lines and links are not read again."""
        self._common.clear()
        for paper in papers:
            slim = cast(SlimPaper, paper)
            slim.file, slim.line, slim.builds_on = "", 0, ()


class SlimRecords:
    """The build's :class:`~papertui.store.format.Records` when its papers are slim: the
    records must come from the spool, as they can never be encoded from a slim paper."""

    def __init__(self, records: Records) -> None:
        self._records = records

    def layout(self, papers: Sequence[Paper]) -> tuple[array[int], array[int]]:
        laid = self._records.layout(papers)
        if laid is None:
            raise SpoolLost("the spooled records cannot be used")
        return laid

    def chunks(self) -> Iterator[bytes]:
        return self._records.chunks()


class EncodedTexts(Texts):
    """A :class:`~papertui.search.texts.Texts` that holds only its UTF-8: all a build
    child does with the search index's texts once the word index is built is write
    them (:func:`encode_texts`)."""

    def __init__(self, texts: Texts) -> None:
        self._data = texts.text.encode("utf-8")
        self.starts = texts.starts
        self.text = ""
        self._utf8 = None

    def to_bytes(self) -> tuple[bytes, bytes]:
        return self._data, self.starts.tobytes()


def encode_texts(index: SearchIndex) -> None:
    """Let go of ``index``'s texts, keeping their UTF-8 for the cache: at 1M papers the
    haystacks are 130 MB, and the cache is written from their bytes (the index is the
    build child's, read by nothing else after)."""
    index.ids = EncodedTexts(index.ids)
    index.hay = EncodedTexts(index.hay)


class SpoolLost(Exception):
    """The records of a build with slim papers are gone (the build is made again, with
    whole papers)."""


__all__ = [
    "EncodedTexts",
    "SlimLink",
    "SlimPaper",
    "SlimRecords",
    "Slimmer",
    "SpoolLost",
    "encode_texts",
]
