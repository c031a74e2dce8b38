"""A read-only ``id -> Paper`` mapping that decodes each paper on first access (core).

The load cache keeps every paper as its own msgpack record in one blob plus an offset
table. Decoding a paper costs a few microseconds, and the UI only ever looks at the
few dozen papers on screen, so a warm start of a 1M-paper library does not have to build
a million ``Paper`` objects (seconds, and about 2.5 kB each) before the first screen.
Iterating the whole mapping still works: it just decodes everything.
"""

from __future__ import annotations

from array import array
from collections.abc import Iterator, Mapping

import msgspec

from papertui.model import Paper

_DECODER = msgspec.msgpack.Decoder(Paper)


class LazyPapers(Mapping[str, Paper]):
    """Papers in library order, decoded from ``blob[offsets[i]:offsets[i + 1]]`` on demand."""

    __slots__ = ("_blob", "_done", "_ids", "_offsets", "_where")

    def __init__(self, ids: list[str], offsets: array[int], blob: bytes) -> None:
        if len(offsets) != len(ids) + 1 or (ids and offsets[-1] != len(blob)):
            raise ValueError("offset table does not match the papers")
        self._ids = ids
        self._offsets = offsets
        self._blob = memoryview(blob)
        self._where = dict(zip(ids, range(len(ids)), strict=True))
        self._done: dict[str, Paper] = {}

    def __getitem__(self, paper_id: str) -> Paper:
        paper = self._done.get(paper_id)
        if paper is None:
            i = self._where[paper_id]
            paper = _DECODER.decode(self._blob[self._offsets[i] : self._offsets[i + 1]])
            if paper.id != paper_id:
                raise ValueError(f"cache record {i} holds {paper.id!r}, not {paper_id!r}")
            self._done[paper_id] = paper
        return paper

    def __contains__(self, paper_id: object) -> bool:
        return paper_id in self._where

    def __iter__(self) -> Iterator[str]:
        return iter(self._ids)

    def __len__(self) -> int:
        return len(self._ids)

    @property
    def decoded(self) -> int:
        """How many papers have been decoded so far."""
        return len(self._done)


def pack(papers: list[Paper]) -> tuple[array[int], bytes]:
    """The offset table and blob that :class:`LazyPapers` reads."""
    encoder = msgspec.msgpack.Encoder()
    parts = [encoder.encode(p) for p in papers]
    offsets = array("Q", [0])
    total = 0
    for part in parts:
        total += len(part)
        offsets.append(total)
    return offsets, b"".join(parts)


__all__ = ["LazyPapers", "pack"]
