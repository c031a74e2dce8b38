"""When the load cache is used, and how a cold load is parsed and cached (Textual-free core).

:func:`load_cached` is :func:`papertui.library.loader.load_library` with the cache of
:mod:`papertui.store.format` in front: a warm load decodes the cache, a cold or stale one
parses the YAML (in a child process for big folders, :mod:`papertui.store.child`) and
writes the cache again.

GC discipline (see ``performance-baseline.md``): the garbage collector is off during the
bulk decode, and the loaded objects are moved to the permanent generation
(``gc.freeze()``), so later full collections never walk the loaded data mid-keystroke.
Frozen objects no longer count as "long-lived", which makes CPython run a full collection
after every 10 middle-generation ones (60-170 ms each while typing at 100k papers, measured
with ``benchmarks/probe.py keys``); the oldest generation's threshold is raised to
:data:`FULL_GC_EVERY` so that happens about a hundred times less often.
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path

from papertui.library.datafolder import LoadResult
from papertui.library.layers import Layered, merge_layers
from papertui.library.model import Paper
from papertui.store import child, sweep
from papertui.store.columns import build_index, build_words, remember, search_index, search_words
from papertui.store.format import (
    Key,
    Progress,
    cache_path,
    encode,
    make_key,
    scan_sources,
    write,
)
from papertui.store.reader import decode, decode_bytes

FULL_GC_EVERY = 1000  # middle-generation collections between full ones (CPython default 10)


def load_cached(data_dir: Path, progress: Progress | None = None) -> LoadResult:
    """:func:`~papertui.library.loader.load_library`, from the cache when the sources are unchanged.

    ``progress(done, total)`` is called while the YAML is parsed (a cold or stale cache);
    a warm load is fast enough not to report any.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        result = _load(data_dir, progress)
        gc.freeze()  # loaded data goes to the permanent generation: no full-GC stalls later
        young, middle, old = gc.get_threshold()
        gc.set_threshold(young, middle, max(old, FULL_GC_EVERY))
        return result
    finally:
        if enabled:
            gc.enable()


def load_layers(folders: Sequence[Path], progress: Progress | None = None) -> Layered:
    """Layered data folders (:mod:`papertui.library.layers`): each folder through its own
    cache, then merged. One folder is exactly :func:`load_cached`."""
    results = [(folder, load_cached(folder, progress)) for folder in folders]
    return merge_layers(results)


def _load(data_dir: Path, progress: Progress | None) -> LoadResult:
    if not data_dir.is_dir():
        from papertui.library.loader import load_library  # YAML only when the sources must be read

        return load_library(data_dir)  # the loader reports the missing folder
    path = cache_path(data_dir)
    sources = scan_sources(data_dir)
    key = make_key(data_dir, sources)
    result = decode(path, key, reload=lambda: _yaml_papers(data_dir))
    if result is not None:
        if sweep.due(path.parent):
            sweep.sweep(path.parent, keep=path)
        return result
    # A big cold load parses in a child process: its long C calls (YAML, index, encode)
    # hold the GIL, and in this process they would freeze the UI for up to a second.
    big = sum(source[1] for source in sources) >= child.CHILD_BUILD_BYTES
    built = child.build_in_child(data_dir, progress) if big else False
    if built is not False:
        # the child wrote the cache, or (a full or read-only cache folder) handed it over on
        # its pipe: either way the folder is parsed once per start, never twice
        reload = lambda: _yaml_papers(data_dir)  # noqa: E731
        result = (
            decode(path, key, reload) if built is True else decode_bytes(built, path, key, reload)
        )
        if result is not None:
            return result
    return _parse_and_write(data_dir, path, key, progress)[0]


def _yaml_papers(data_dir: Path) -> Mapping[str, Paper]:
    """The papers parsed from the YAML: what a damaged cache record is read from instead."""
    from papertui.library.loader import load_library

    return load_library(data_dir).library.papers


def build_cache(
    data_dir: Path,
    progress: Progress | None = None,
    unwritten: Callable[[bytes], None] | None = None,
) -> bool:
    """Parse ``data_dir`` and write its cache (in :mod:`papertui.store.child`'s child
    process); True when a cache for the sources as they are now was written. A cache that
    could not be written goes to ``unwritten(cache bytes)`` instead (the child hands it to
    the app, which must not parse a second time)."""
    gc.disable()  # as in load_cached: a parse allocates millions of objects
    path = cache_path(data_dir)
    key = make_key(data_dir, scan_sources(data_dir))
    return _parse_and_write(data_dir, path, key, progress, unwritten)[1]


def _parse_and_write(
    data_dir: Path,
    path: Path,
    key: Key,
    progress: Progress | None,
    unwritten: Callable[[bytes], None] | None = None,
) -> tuple[LoadResult, bool]:
    """The parsed library, and whether its cache was written (not when the sources
    changed while they were parsed, or the cache folder is not writable)."""
    result = _parse(data_dir, progress)
    index = build_index(result.library)
    words = build_words(index)
    remember(result.library, index, words)
    written = False
    if make_key(data_dir, scan_sources(data_dir)) == key:  # unchanged while we parsed
        blob = encode(result, key, index, words)
        written = _store(path, blob)
        if not written and unwritten is not None:
            unwritten(blob)
    return result, written


def _store(path: Path, blob: bytes) -> bool:
    """Write the cache, sweeping the folder after (or before a second try: a full disk may
    have room once old caches are gone); True when it was written."""
    written = write(path, blob)
    if not written and path.parent.is_dir() and sweep.sweep(path.parent, keep=path):
        written = write(path, blob)
    if written:
        sweep.sweep(path.parent, keep=path)
    return written


def _parse(data_dir: Path, progress: Progress | None) -> LoadResult:
    from papertui.library.loader import load_library

    return load_library(data_dir, progress)


__all__ = [
    "FULL_GC_EVERY",
    "build_cache",
    "load_cached",
    "load_layers",
    "search_index",
    "search_words",
]
