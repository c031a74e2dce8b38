"""Read-only mappings over the load cache's arrays, materialised on access (core).

The load cache keeps every paper as its own msgpack record in one blob (read from the open
cache file with ``os.pread``, :class:`~papertui.store.records.RecordFile`, or in memory),
and the library's indexes as arrays of paper positions. Decoding a paper costs a few
microseconds and the UI only ever looks at the few dozen papers on screen, so a warm start
of a 1M-paper library builds neither a million ``Paper`` objects (seconds, ~2.5 kB each)
nor a million-entry dict before the first screen. Iterating a whole mapping still works:
it just materialises everything. Each paper record carries a CRC-32, checked on decode.

Paper ids are found by binary search through ``order`` (the positions of the ids in
sorted order, computed at encode time), which costs nothing at load; a dict would cost
about 0.6 s per million papers. The arrays are trusted as written: the cache checks the
CRC of the whole body before any of this is built, and an out-of-range position can only
raise ``IndexError``.
"""

from __future__ import annotations

import mmap
import zlib
from array import array
from bisect import bisect_left
from collections.abc import Callable, Iterator, Mapping, Sequence, ValuesView
from operator import itemgetter

import msgspec

from papertui.library.model import Paper
from papertui.search.texts import Texts
from papertui.store.records import CHUNK, RecordFile

_DECODER = msgspec.msgpack.Decoder(Paper)


class CorruptCache(KeyError, ValueError):
    """A cached paper record failed its checksum (the cache file was damaged) and the papers
    could not be reloaded from the YAML. A ``KeyError``, so ``Library.get`` and every
    ``Mapping.get`` treat it as "no such paper" (shown unavailable) and nothing crashes."""


def pick(ids: Sequence[str], positions: Sequence[int]) -> tuple[str, ...]:
    """``tuple(ids[p] for p in positions)``, at C speed."""
    if isinstance(ids, Texts):
        return tuple(ids.pick(positions))
    if len(positions) > 1:
        picked: tuple[str, ...] = itemgetter(*positions)(ids)
        return picked
    return tuple([ids[p] for p in positions])


class LazyPapers(Mapping[str, Paper]):
    """Papers in library order, decoded from ``blob[offsets[i]:offsets[i + 1]]`` on demand."""

    __slots__ = (
        *("_crcs", "_done", "_file", "_fresh", "_ids", "_offsets", "_on_corrupt", "_order"),
        "_read",
    )

    def __init__(
        self,
        ids: Sequence[str],
        order: array[int],
        offsets: array[int],
        crcs: array[int],
        blob: bytes | memoryview | mmap.mmap | RecordFile,
        on_corrupt: Callable[[], Mapping[str, Paper] | None] | None = None,
    ) -> None:
        """``on_corrupt()`` is called once, on the first damaged record: it forgets the
        cache file and may return the papers reloaded from the YAML, which then answer
        every record the cache cannot (a damaged cache is a cache miss, even after start-up).
        ``blob`` is the records in memory, or a :class:`RecordFile` (an open cache file) whose
        short reads count as damage: a file cut under the running app is a cache miss too.
        """
        read: Callable[[int, int], bytes | memoryview]
        if isinstance(blob, RecordFile):
            read, size = blob.read, blob.size
        else:
            view = memoryview(blob)
            read, size = (lambda start, end: view[start:end]), len(view)
        n = len(ids)
        if len(offsets) != n + 1 or len(crcs) != n or len(order) != n or offsets[-1] != size:
            raise ValueError("offset table does not match the papers")
        self._read = read
        self._file = blob if isinstance(blob, RecordFile) else None  # keeps the file open
        self._ids = ids
        self._order = order  # positions of the ids in sorted order
        self._offsets = offsets
        self._crcs = crcs
        self._on_corrupt: Callable[[], Mapping[str, Paper] | None] | None = on_corrupt
        self._fresh: Mapping[str, Paper] | None = None
        self._done: dict[str, Paper] = {}

    def position(self, paper_id: object) -> int:
        """The library position of ``paper_id``, or -1."""
        if not isinstance(paper_id, str):
            return -1
        ids, order = self._ids, self._order
        k = bisect_left(order, paper_id, key=ids.__getitem__)
        return order[k] if k < len(order) and ids[order[k]] == paper_id else -1

    def __getitem__(self, paper_id: str) -> Paper:
        paper = self._done.get(paper_id)
        if paper is None:
            i = self.position(paper_id)
            if i < 0:
                raise KeyError(paper_id)
            paper = self._decode(i, paper_id, self._read(self._offsets[i], self._offsets[i + 1]))
        return paper

    def _decode(self, i: int, paper_id: str, record: bytes | memoryview) -> Paper:
        """Paper ``i`` from its record, checked (length, CRC, id); else from the YAML."""
        paper = None
        if len(record) == self._offsets[i + 1] - self._offsets[i]:
            paper = _DECODER.decode(record) if zlib.crc32(record) == self._crcs[i] else None
        if paper is None or paper.id != paper_id:
            paper = self._recover().get(paper_id)
            if paper is None:
                raise CorruptCache(f"cached record {i} ({paper_id!r}) is damaged")
        self._done[paper_id] = paper
        return paper

    def values(self) -> ValuesView[Paper]:
        """Every paper in library order; records not decoded yet are read in big slices
        (one read per :data:`~papertui.store.records.CHUNK`, not one per paper)."""
        return _Values(self)

    def _every(self) -> Iterator[Paper]:
        ids, offsets, done = self._ids, self._offsets, self._done
        chunk: bytes | memoryview = b""
        at = 0  # chunk holds blob[at : at + len(chunk)]
        for i, paper_id in enumerate(ids):
            paper = done.get(paper_id)
            if paper is None:
                start, end = offsets[i], offsets[i + 1]
                if end > at + len(chunk):
                    at = start
                    chunk = memoryview(self._read(start, max(end, min(start + CHUNK, offsets[-1]))))
                paper = self._decode(i, paper_id, chunk[start - at : end - at])
            yield paper

    def __contains__(self, paper_id: object) -> bool:
        return self.position(paper_id) >= 0

    def __iter__(self) -> Iterator[str]:
        return iter(self._ids)

    def __len__(self) -> int:
        return len(self._ids)

    @property
    def ids(self) -> Sequence[str]:
        """In library order: a :class:`~papertui.search.texts.Texts` when read from the
        cache (one string, not a million), else a list."""
        return self._ids

    @property
    def order(self) -> array[int]:
        """The positions of the ids in sorted order."""
        return self._order

    def _recover(self) -> Mapping[str, Paper]:
        if self._fresh is None:
            on_corrupt = self._on_corrupt
            self._on_corrupt = None
            self._fresh = (on_corrupt() if on_corrupt is not None else None) or {}
        return self._fresh

    @property
    def decoded(self) -> int:
        """How many papers have been decoded so far."""
        return len(self._done)


class _Values(ValuesView[Paper]):
    _mapping: LazyPapers

    def __iter__(self) -> Iterator[Paper]:
        return self._mapping._every()


class LazyGroups(Mapping[str, tuple[str, ...]]):
    """``name -> paper ids`` (by era, by tag) as ``flat[starts[k]:starts[k + 1]]``
    positions; a group's tuple is built on first access and kept."""

    __slots__ = ("_done", "_flat", "_ids", "_keys", "_starts")

    def __init__(
        self, ids: Sequence[str], keys: list[str], starts: array[int], flat: array[int]
    ) -> None:
        if len(starts) != len(keys) + 1 or starts[-1] != len(flat):
            raise ValueError("group table does not match")
        self._ids = ids
        self._keys = {key: k for k, key in enumerate(keys)}
        self._starts = starts
        self._flat = flat
        self._done: dict[str, tuple[str, ...]] = {}

    def __getitem__(self, key: str) -> tuple[str, ...]:
        found = self._done.get(key)
        if found is None:
            k = self._keys[key]
            found = pick(self._ids, self._flat[self._starts[k] : self._starts[k + 1]])
            self._done[key] = found
        return found

    def __contains__(self, key: object) -> bool:
        return key in self._keys

    def size(self, key: str) -> int:
        """``len(self[key])`` (0 for no such key), without making the tuple."""
        k = self._keys.get(key)
        return 0 if k is None else self._starts[k + 1] - self._starts[k]

    def __iter__(self) -> Iterator[str]:
        return iter(self._keys)

    def __len__(self) -> int:
        return len(self._keys)


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
        self._papers = papers
        self._keys = keys
        self._slot = slot
        self._starts = starts
        self._flat = flat

    def _k(self, paper_id: object) -> int:
        p = self._papers.position(paper_id)
        return self._slot[p] if p >= 0 else -1

    def __getitem__(self, paper_id: str) -> tuple[str, ...]:
        k = self._k(paper_id)
        if k < 0:
            raise KeyError(paper_id)
        return pick(self._papers.ids, self._flat[self._starts[k] : self._starts[k + 1]])

    def __contains__(self, paper_id: object) -> bool:
        return self._k(paper_id) >= 0

    def __iter__(self) -> Iterator[str]:
        ids = self._papers.ids
        return (ids[p] for p in self._keys)

    def position_table(self) -> tuple[array[int], array[int], array[int], array[int]]:
        """``keys, starts, flat, order`` as stored, in paper positions (library order): the
        values of the paper at ``keys[k]`` are at ``flat[starts[k]:starts[k + 1]]``, and
        ``order`` lists the positions by sorted id. For walks over the whole graph
        (``search.lineagegraph``) without a lookup per paper."""
        return self._keys, self._starts, self._flat, self._papers.order

    def __len__(self) -> int:
        return len(self._keys)


def pack(papers: list[Paper]) -> tuple[array[int], array[int], array[int], bytes]:
    """``order, offsets, crcs, blob`` for :class:`LazyPapers`."""
    encoder = msgspec.msgpack.Encoder()
    parts = [encoder.encode(p) for p in papers]
    offsets = array("Q", [0])
    crcs = array("I")
    total = 0
    for part in parts:
        total += len(part)
        offsets.append(total)
        crcs.append(zlib.crc32(part))
    ids = [p.id for p in papers]
    order = array("I", sorted(range(len(ids)), key=ids.__getitem__))
    return order, offsets, crcs, b"".join(parts)


def pack_groups(
    groups: Mapping[str, Sequence[str]], where: Mapping[str, int]
) -> tuple[list[str], array[int], array[int]]:
    """``keys, starts, flat`` for :class:`LazyGroups` (positions via ``where``)."""
    starts = array("Q", [0])
    flat = array("I")
    position = where.__getitem__  # map() of it: one C call a group, no frame an item
    for values in groups.values():
        flat.extend(map(position, values))
        starts.append(len(flat))
    return list(groups), starts, flat


def pack_edges(
    edges: Mapping[str, Sequence[str]], where: Mapping[str, int], n: int
) -> tuple[array[int], array[int], array[int], array[int]]:
    """``keys, slot, starts, flat`` for :class:`LazyEdges` (positions via ``where``)."""
    keys = array("I")
    slot = array("i", [-1]) * n
    starts = array("Q", [0])
    flat = array("I")
    position = where.__getitem__
    for key, values in edges.items():
        at = position(key)
        slot[at] = len(keys)
        keys.append(at)
        flat.extend(map(position, values))
        starts.append(len(flat))
    return keys, slot, starts, flat


__all__ = [
    "CorruptCache",
    "LazyEdges",
    "LazyGroups",
    "LazyPapers",
    "pack",
    "pack_edges",
    "pack_groups",
    "pick",
]
