"""A read-only ``id -> Paper`` mapping that decodes each paper on first access (core).

The load cache keeps every paper as its own msgpack record in one blob plus an offset
table. Decoding a paper costs a few microseconds, and the UI only ever looks at the
few dozen papers on screen, so a warm start of a 1M-paper library does not have to build
a million ``Paper`` objects (seconds, and about 2.5 kB each) before the first screen.
Iterating the whole mapping still works: it just decodes everything. Each record carries
a CRC-32 checked when it is decoded, so the blob can be memory-mapped instead of read.
"""

from __future__ import annotations

import mmap
import zlib
from array import array
from collections.abc import Callable, Iterator, Mapping, Sequence

import msgspec

from papertui.model import Paper

_DECODER = msgspec.msgpack.Decoder(Paper)


class CorruptCache(ValueError):
    """A cached paper record failed its checksum (the cache file was damaged)."""


class LazyPapers(Mapping[str, Paper]):
    """Papers in library order, decoded from ``blob[offsets[i]:offsets[i + 1]]`` on demand."""

    __slots__ = ("_blob", "_crcs", "_done", "_ids", "_offsets", "_on_corrupt", "_where")

    def __init__(
        self,
        ids: list[str],
        offsets: array[int],
        crcs: array[int],
        blob: bytes | memoryview | mmap.mmap,
        on_corrupt: Callable[[], None] | None = None,
    ) -> None:
        view = memoryview(blob)
        if len(offsets) != len(ids) + 1 or len(crcs) != len(ids) or offsets[-1] != len(view):
            raise ValueError("offset table does not match the papers")
        self._ids = ids
        self._offsets = offsets
        self._crcs = crcs
        self._blob = view
        self._on_corrupt = on_corrupt
        self._where = dict(zip(ids, range(len(ids)), strict=True))
        self._done: dict[str, Paper] = {}

    def __getitem__(self, paper_id: str) -> Paper:
        paper = self._done.get(paper_id)
        if paper is None:
            i = self._where[paper_id]
            record = self._blob[self._offsets[i] : self._offsets[i + 1]]
            paper = _DECODER.decode(record) if zlib.crc32(record) == self._crcs[i] else None
            if paper is None or paper.id != paper_id:
                if self._on_corrupt is not None:
                    self._on_corrupt()
                raise CorruptCache(f"cached record {i} ({paper_id!r}) is damaged")
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


def pack(papers: list[Paper]) -> tuple[array[int], array[int], bytes]:
    """The offset table, the CRC-32 per record and the blob that :class:`LazyPapers` reads."""
    encoder = msgspec.msgpack.Encoder()
    parts = [encoder.encode(p) for p in papers]
    offsets = array("Q", [0])
    crcs = array("I")
    total = 0
    for part in parts:
        total += len(part)
        offsets.append(total)
        crcs.append(zlib.crc32(part))
    return offsets, crcs, b"".join(parts)


class LazyEdges(Mapping[str, tuple[str, ...]]):
    """``paper id -> paper ids`` (e.g. "built upon by"), kept as position arrays and turned
    into a tuple of ids only when a key is looked up.

    ``keys[k]`` is the position of the k-th key, ``slot[p]`` the k of paper position ``p``
    (-1: not a key), and ``flat[starts[k]:starts[k + 1]]`` the positions of its values.
    """

    __slots__ = ("_flat", "_keys", "_papers", "_slot", "_starts")

    def __init__(
        self,
        papers: LazyPapers,
        keys: array[int],
        slot: array[int],
        starts: array[int],
        flat: array[int],
    ) -> None:
        n = len(papers)
        if len(slot) != n or len(starts) != len(keys) + 1 or starts[-1] != len(flat):
            raise ValueError("edge table does not match the papers")
        if (keys and max(keys) >= n) or (flat and max(flat) >= n):
            raise ValueError("edge table points past the papers")
        self._papers = papers
        self._keys = keys
        self._slot = slot
        self._starts = starts
        self._flat = flat

    def __getitem__(self, paper_id: str) -> tuple[str, ...]:
        k = self._slot[self._papers._where[paper_id]]
        if k < 0:
            raise KeyError(paper_id)
        ids = self._papers._ids
        return tuple([ids[p] for p in self._flat[self._starts[k] : self._starts[k + 1]]])

    def __contains__(self, paper_id: object) -> bool:
        where = self._papers._where.get(paper_id)  # type: ignore[call-overload]
        return where is not None and self._slot[where] >= 0

    def __iter__(self) -> Iterator[str]:
        ids = self._papers._ids
        return (ids[p] for p in self._keys)

    def __len__(self) -> int:
        return len(self._keys)


def pack_edges(
    edges: Mapping[str, Sequence[str]], where: Mapping[str, int], n: int
) -> tuple[array[int], array[int], array[int], array[int]]:
    """The ``keys, slot, starts, flat`` arrays of :class:`LazyEdges` (positions via ``where``)."""
    keys = array("I")
    slot = array("i", [-1]) * n
    starts = array("Q", [0])
    flat = array("I")
    for key, values in edges.items():
        slot[where[key]] = len(keys)
        keys.append(where[key])
        flat.extend(where[v] for v in values)
        starts.append(len(flat))
    return keys, slot, starts, flat


__all__ = ["CorruptCache", "LazyEdges", "LazyPapers", "pack", "pack_edges"]
