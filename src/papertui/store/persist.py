"""Writing the load cache where it lives (Textual-free core): in sections, with the cache
folder swept after a write, or before a second try when the first failed (a full disk may
have room once old caches are gone). Used by the in-process load
(:mod:`papertui.store.load`) and the build child (:mod:`papertui.store.build`), both
through :func:`index_and_store`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from papertui.library.datafolder import LoadResult
from papertui.search.index import SearchIndex
from papertui.search.ranking import WordIndex
from papertui.store import sweep
from papertui.store.columns import build_index, build_words, remember
from papertui.store.format import (
    Folder,
    Key,
    Records,
    make_key,
    scan_sources,
    sections,
    write_cache,
)


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
    written = write_cache(path, result, key, index, words, folders, records)
    if not written and path.parent.is_dir() and sweep.sweep(path.parent, keep=path):
        written = write_cache(path, result, key, index, words, folders, records)
    if written:
        sweep.sweep(path.parent, keep=path)
    elif unwritten is not None:
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
    after: Callable[[str, SearchIndex | None], None] | None = None,
) -> bool:
    """What follows a parse of ``data_dir`` whose sources were scanned as ``key``: the
    search indexes built and kept with the library, then the cache stored (:func:`store`);
    True when it was written. ``read``: the key of the sources as they were read
    (:func:`papertui.store.build.key_as_read`), which the cache is stored under; without
    it the sources are scanned again and nothing is stored if one changed while it was
    parsed. ``records``: as :func:`store`. ``after``: told each step done with the
    index, ``"index"`` (the papers' fields are not read after it: the build's slim
    papers let go of them, :mod:`papertui.store.slim`) and ``"words"`` (the index is
    only written after it)."""
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


__all__ = ["index_and_store", "store"]
