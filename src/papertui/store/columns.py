"""The search structures' part of the load cache (Textual-free core).

:mod:`papertui.store.load` stores the engine's :class:`~papertui.search.index.SearchIndex` and
:class:`~papertui.search.wordindex.WordIndex` as raw buffers in the *columns*
section; this module places them there, views them back and keeps the structures loaded
(or built) with the last library for :func:`search_index` and :func:`search_words`.
"""

from __future__ import annotations

import functools
import threading
import zlib
from collections.abc import Callable, Mapping
from typing import Any

import msgspec

from papertui.library.model import Library
from papertui.search.index import SearchIndex
from papertui.search.wordindex import WordIndex

__all__ = [
    "CheckedColumns",
    "pack_index",
    "pack_words",
    "search_index",
    "search_words",
]

Where = dict[str, tuple[int, int]]  # column name -> (start, end) in the columns section
Span = tuple[int, int]
Buffers = Mapping[Span, bytes | memoryview]  # each column's bytes, by its (start, end)


def pack_index(index: SearchIndex, columns: list[bytes]) -> tuple[bytes, Where]:
    """The index's small fields (msgpack) and where its buffers went in ``columns``."""
    small, big = index.to_columns()
    return msgspec.msgpack.encode(small), place(big, columns)


def pack_words(words: WordIndex, columns: list[bytes]) -> tuple[bytes, Where]:
    """The word index's small state entries (msgpack) and where its buffers went."""
    state = words.to_state()
    buffers = {k: v for k, v in state.items() if isinstance(v, bytes)}
    rest = {k: v for k, v in state.items() if k not in buffers}
    return msgspec.msgpack.encode(rest), place(buffers, columns)


def unpack_index(small: bytes, where: Where, columns: Buffers) -> SearchIndex:
    """The inverse of :func:`pack_index` (msgspec errors or ValueError if it does not fit)."""
    fields = msgspec.msgpack.decode(small, type=dict[str, Any])
    return SearchIndex.from_columns(fields, views(where, columns))


def unpack_words(small: bytes, where: Where, columns: Buffers) -> WordIndex:
    """The inverse of :func:`pack_words` (it keeps its columns' buffers, and only those)."""
    state = msgspec.msgpack.decode(small, type=dict[str, Any])
    state.update(views(where, columns))
    return WordIndex.from_state(state)


def place(buffers: Mapping[str, bytes], columns: list[bytes]) -> dict[str, tuple[int, int]]:
    """Append ``buffers`` to the columns section; where each one lands."""
    at = sum(map(len, columns))
    where = {}
    for name, data in buffers.items():
        where[name] = (at, at + len(data))
        columns.append(data)
        at += len(data)
    return where


def views(where: Mapping[str, Span], columns: Buffers) -> dict[str, bytes | memoryview]:
    try:
        return {name: columns[span] for name, span in where.items()}
    except KeyError:
        raise ValueError("a column was not read from the columns section") from None


@functools.cache
def _layout_type() -> type[msgspec.Struct]:
    """:class:`~papertui.store.format.Body` with only the columns' places decoded: every
    other field is skipped (``msgspec.Raw``), a few milliseconds at a million papers."""
    from papertui.store.format import Body

    fields: list[tuple[str, Any] | tuple[str, Any, Any]] = []
    for field in msgspec.structs.fields(Body):
        kind: Any = Where if field.name.endswith("_columns") else msgspec.Raw
        if field.required:
            fields.append((field.name, kind))
        else:
            fields.append((field.name, kind, {} if kind is Where else msgspec.Raw()))
    return msgspec.defstruct("Layout", fields, array_like=True)


def spans_of(body: bytes | memoryview) -> list[Span] | None:
    """Where the body says its index's and word index's columns lie, in order; ``None``
    if it does not decode."""
    try:
        layout = msgspec.msgpack.decode(body, type=_layout_type())
    except (msgspec.DecodeError, msgspec.ValidationError):
        return None
    places: set[Span] = set()
    for name in ("index_columns", "words_columns"):
        places.update(getattr(layout, name).values())
    return sorted(places)


class CheckedColumns:
    """The columns section, read one column at a time and checked against its CRC-32
    (summed column by column). No copy of the whole section is made: each column gets its
    own buffer, so the index's text and number columns, once decoded or copied, are freed
    and only the word index's buffers stay (at a million papers: ~235 MB less resident
    than one section-sized buffer kept alive by the views into it). A big section is read
    and summed in a thread while the body is decoded: ``pread`` and ``crc32`` release the
    GIL, and no buffer is ever zero-filled first (a 450 MB ``bytearray`` held the GIL for
    ~0.28 s at a million papers, a stall of the UI while a changed library was loaded)."""

    def __init__(
        self,
        read: Callable[[int, int], bytes | memoryview],
        size: int,
        crc: int,
        body: bytes,
        thread: bool,
    ) -> None:
        self.expected = crc
        self.data: dict[Span, bytes | memoryview] | None = None
        self.thread: threading.Thread | None = None
        if not thread:
            self._load(read, size, body)
            return
        self.thread = threading.Thread(
            target=self._load, args=(read, size, body), name="papertui-crc", daemon=True
        )
        self.thread.start()

    def _load(self, read: Callable[[int, int], bytes | memoryview], size: int, body: bytes) -> None:
        spans = spans_of(body)
        if spans is None:
            return
        data: dict[Span, bytes | memoryview] = {}
        crc, at = 0, 0
        try:
            last = len(spans)
            for k, (start, end) in enumerate([*spans, (size, size)]):  # last: the section's end
                if not at <= start <= end <= size:
                    return  # overlapping, or outside the section: not a cache of ours
                for lo, hi, keep in ((at, start, False), (start, end, k < last)):
                    part = read(lo, hi - lo)  # a gap no column claims is summed, not kept
                    if len(part) != hi - lo:
                        return  # a short read: the file was cut
                    crc = zlib.crc32(part, crc)
                    if keep:
                        data[(lo, hi)] = part
                at = end
        except OSError:
            return
        if crc == self.expected:
            self.data = data

    def valid(self) -> Buffers | None:
        """Every column once the CRC is known to match (waits for it), else None."""
        if self.thread is not None:
            self.thread.join()
        return self.data


_last: tuple[Library, SearchIndex, WordIndex | None] | None = None


def remember(library: Library, index: SearchIndex | None, words: WordIndex | None) -> None:
    global _last
    _last = (library, index, words) if index is not None else None


def search_index(library: Library) -> SearchIndex | None:
    """The search index loaded (or built) with ``library`` by :func:`load_cached`, if any.

    Pass it to ``Engine(library, index=...)`` so a warm start skips building it.
    """
    last = _last
    return last[1] if last is not None and last[0] is library else None


def search_words(library: Library) -> WordIndex | None:
    """The engine's word index loaded (or built) with ``library``, if any: pass it as
    ``Engine(library, index=search_index(library), words=search_words(library))``."""
    last = _last
    return last[2] if last is not None and last[0] is library else None


def build_index(library: Library) -> SearchIndex | None:
    try:
        return SearchIndex.build(library)
    except Exception:  # the engine builds (and reports) it again later; the load must not fail
        return None


def build_words(index: SearchIndex | None) -> WordIndex | None:
    if index is None:
        return None
    try:
        return WordIndex.build(index)
    except Exception:  # as above: the engine builds it lazily instead
        return None
