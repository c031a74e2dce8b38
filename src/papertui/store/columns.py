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

__all__ = ["pack_index", "pack_words", "search_index", "search_words"]

Where = dict[str, tuple[int, int]]  # column name -> (start, end) in the columns section


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


def unpack_index(small: bytes, where: Where, columns: memoryview) -> SearchIndex:
    """The inverse of :func:`pack_index` (msgspec errors or ValueError if it does not fit)."""
    fields = msgspec.msgpack.decode(small, type=dict[str, Any])
    return SearchIndex.from_columns(fields, views(where, columns))


def unpack_words(small: bytes, where: Where, columns: memoryview) -> WordIndex:
    """The inverse of :func:`pack_words` (its buffers stay in the columns section)."""
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


def views(where: Mapping[str, tuple[int, int]], columns: memoryview) -> dict[str, memoryview]:
    size = len(columns)
    if any(not 0 <= a <= b <= size for a, b in where.values()):
        raise ValueError("a column lies outside the columns section")
    return {name: columns[a:b] for name, (a, b) in where.items()}


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
