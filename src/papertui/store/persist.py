"""Writing the load cache where it lives (Textual-free core): in sections, with the cache
folder swept after a write, or before a second try when the first failed (a full disk may
have room once old caches are gone). Used by the in-process load
(:mod:`papertui.store.load`) and the build child (:mod:`papertui.store.build`), both
through :func:`index_and_store`.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

from papertui.library.datafolder import LoadResult
from papertui.search.index import SearchIndex
from papertui.search.ranking import WordIndex
from papertui.store import format as cache_format
from papertui.store import sweep
from papertui.store.columns import build_index, build_words, remember
from papertui.store.format import (
    Folder,
    Key,
    PackedLibrary,
    Records,
    make_key,
    pack_library,
    packed_sections,
    scan_sources,
    sections,
    write_cache,
)

After = Callable[[str, SearchIndex | None], None]  # told each step done (index_and_store)


def store(
    path: Path,
    result: LoadResult,
    key: Key,
    index: SearchIndex | None,
    words: WordIndex | None,
    folders: Sequence[Folder] = (),
    unwritten: Callable[[bytes], None] | None = None,
    records: Records | None = None,
) -> bool:
    """Write the cache of ``result`` in sections, sweeping the cache folder after (or
    before a second try: a full disk may have room once old caches are gone); True when it
    was written. One that could not be written is encoded whole for ``unwritten``.
    ``records``: the paper records encoded already (:func:`papertui.store.format.sections`)."""
    written = _swept(path, lambda: write_cache(path, result, key, index, words, folders, records))
    if not written and unwritten is not None:
        # the records as written (a build's spooled ones: its papers may be slim)
        unwritten(b"".join(sections(result, key, index, words, folders, records)))
    return written


def index_and_store(
    data_dir: Path,
    path: Path,
    result: LoadResult,
    key: Key,
    folders: Sequence[Folder] = (),
    unwritten: Callable[[bytes], None] | None = None,
    *,
    read: Key | None = None,
    records: Records | None = None,
    after: After | None = None,
) -> bool:
    """What follows a parse of ``data_dir`` whose sources were scanned as ``key``: the
    search indexes built and kept with the library, then the cache stored (:func:`store`);
    True when it was written. ``read``: the key of the sources as they were read
    (:func:`papertui.store.build.key_as_read`), which the cache is stored under; without
    it the sources are scanned again and nothing is stored if one changed while it was
    parsed. ``records``: as :func:`store`. ``after``: told each step done with the
    index, ``"index"`` (the papers' fields are not read after it) and ``"words"`` (the
    index is only written after it)."""
    index = build_index(result.library)
    if after is not None:
        after("index", index)
    words = build_words(index)
    if after is not None:
        after("words", index)
    remember(result.library, index, words)
    if read is not None:
        key = read
    elif make_key(data_dir, scan_sources(data_dir)) != key:  # changed while we parsed
        return False
    return store(path, result, key, index, words, folders, unwritten, records)


def pack_index_and_store(
    path: Path,
    taken: list[LoadResult],
    key: Key,
    listed: Sequence[bytes],
    folders: Sequence[Folder],
    unwritten: Callable[[bytes], None] | None,
    records: Records,
    after: After,
    words_of: Callable[[SearchIndex | None], WordIndex | None] = build_words,
) -> bool:
    """:func:`index_and_store` for a cold build whose sources were read as ``key`` (its
    sources are ``listed``: their msgpack in pieces), in the order that keeps its memory
    low: the library packed for the cache (:func:`papertui.store.format.pack_library`)
    first, then let go of but for what the search index reads (the papers, the eras, the
    tags' names), then of whole once the index is built, before the word index. The
    result is ``taken`` from its list (no other reference may hold it); ``after`` is told
    ``"packed"`` as well (``records`` laid out: the papers are not looked for again).
    ``words_of``: what makes the word index (the build child's makes half of it in a
    process of its own, :mod:`papertui.store.forkwords`)."""
    result = taken.pop()
    library = pack_library(result, records)
    whole = result.library
    del result
    lite = dataclasses.replace(  # all SearchIndex.build reads
        whole, by_era={}, by_tag=dict.fromkeys(whole.by_tag, ()), built_upon_by={}
    )
    del whole
    after("packed", None)
    index = build_index(lite)
    del lite
    after("index", index)
    words = words_of(index)
    after("words", index)
    return store_packed(path, library, key, listed, index, words, folders, unwritten, records)


def store_packed(
    path: Path,
    library: PackedLibrary,
    key: Key,
    listed: Sequence[bytes],
    index: SearchIndex | None,
    words: WordIndex | None,
    folders: Sequence[Folder],
    unwritten: Callable[[bytes], None] | None,
    records: Records,
) -> bool:
    """:func:`store` of a packed library (``listed``: :func:`pack_index_and_store`)."""

    def parts() -> Iterator[bytes | memoryview]:
        return packed_sections(library, key, index, words, folders, records, listed)

    written = _swept(path, lambda: cache_format.write(path, parts()))
    if not written and unwritten is not None:
        unwritten(b"".join(parts()))
    return written


def _swept(path: Path, write_once: Callable[[], bool]) -> bool:
    """``write_once()``, again after a sweep of the cache folder when it failed (a full
    disk may have room once old caches are gone); the folder swept after a write."""
    written = write_once()
    if not written and path.parent.is_dir() and sweep.sweep(path.parent, keep=path):
        written = write_once()
    if written:
        sweep.sweep(path.parent, keep=path)
    return written


__all__ = ["index_and_store", "pack_index_and_store", "store", "store_packed"]
