"""The search structures' part of the load cache (Textual-free core).

:mod:`papertui.store.load` stores the engine's :class:`~papertui.search.index.SearchIndex` and
:class:`~papertui.search.wordindex.WordIndex` as raw buffers in the *columns*
section; this module places them there, views them back and keeps the structures loaded
(or built) with the last library for :func:`search_index` and :func:`search_words`.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import msgspec

from papertui.library.model import Library
from papertui.search.index import SearchIndex
from papertui.search.wordindex import WordIndex

__all__ = [
    "Buffer",
    "Buffers",
    "Span",
    "pack_index",
    "pack_words",
    "search_index",
    "search_words",
]

Where = dict[str, tuple[int, int]]  # column name -> (start, end) in the columns section
Span = tuple[int, int]
Buffer = bytes | memoryview  # a column's bytes (a memoryview: of unsigned bytes, "B")
Buffers = Mapping[Span, Buffer]  # each column's bytes, by its (start, end)


def pack_index(index: SearchIndex, columns: list[Buffer]) -> tuple[bytes, Where]:
    """The index's small fields (msgpack) and where its buffers went in ``columns``."""
    small, big = index.to_columns()
    return msgspec.msgpack.encode(small), place(big, columns)


def pack_words(words: WordIndex, columns: list[Buffer]) -> tuple[bytes, Where]:
    """The word index's small state entries (msgpack) and where its buffers went."""
    state = words.to_state()
    buffers = {k: v for k, v in state.items() if isinstance(v, bytes | memoryview)}
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


def place(buffers: Mapping[str, Buffer], columns: list[Buffer]) -> dict[str, tuple[int, int]]:
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
