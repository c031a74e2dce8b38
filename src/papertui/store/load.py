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
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from papertui.library.datafolder import LoadResult
from papertui.library.model import Paper
from papertui.store import child, sweep
from papertui.store.columns import search_index, search_words
from papertui.store.format import (
    Folder,
    Key,
    Progress,
    cache_path,
    make_key,
    scan,
)
from papertui.store.handscan import pack_scan
from papertui.store.persist import index_and_store
from papertui.store.reader import Reload, decode, decode_bytes, decode_unverified
from papertui.store.scan import stat_listed

FULL_GC_EVERY = 1000  # middle-generation collections between full ones (CPython default 10)
T = TypeVar("T")
OnDamage = Callable[[], None]  # a cached paper record failed its check (store/reader.py)


@dataclass(frozen=True, slots=True)
class Quick:
    """A load that may have trusted the cache without looking at the sources:
    ``stamp`` (the cache's body CRC) is set when it did, and
    :func:`papertui.store.refresh.refresh` must then check the folder."""

    result: LoadResult
    stamp: int | None = None


def load_cached(
    data_dir: Path, progress: Progress | None = None, on_damage: OnDamage | None = None
) -> LoadResult:
    """:func:`~papertui.library.loader.load_library`, from the cache when the sources are unchanged.

    ``progress(done, total)`` is called while the YAML is parsed (a cold or stale cache);
    a warm load is fast enough not to report any. Should a cached paper record turn out
    damaged later, the cache file is deleted and the papers are read from the YAML on
    the spot (seconds at 100k papers, on whichever thread asked for the paper), unless
    ``on_damage`` is given: it is then called once (from that thread) and the damaged
    papers are unavailable (:class:`~papertui.store.lazypapers.CorruptCache`) until the
    caller has reloaded the folder itself, as the app does in the background.
    """
    return _gc_discipline(lambda: _load(data_dir, progress, on_damage).result)


def load_quick(
    data_dir: Path, progress: Progress | None = None, on_damage: OnDamage | None = None
) -> Quick:
    """:func:`load_cached` for the app's first paint: a cache of this folder is used
    without stat-ing the sources (one stat per file: seconds at a million files). The
    result then carries a stamp, and the caller checks freshness later in the background
    (:mod:`papertui.store.fresh`); without a usable cache it is :func:`load_cached`,
    except that the cache a child process has just built is read the same quick way (its
    source list, a million entries at a million files, is not decoded and compared on the
    loading thread: one call into C that held the GIL for a third of a second) and checked
    by the caller in the background too."""
    return _gc_discipline(lambda: _load_quick(data_dir, progress, on_damage))


def _gc_discipline(job: Callable[[], T]) -> T:
    enabled = gc.isenabled()
    gc.disable()
    try:
        result = job()
        gc.freeze()  # loaded data goes to the permanent generation: no full-GC stalls later
        young, middle, old = gc.get_threshold()
        gc.set_threshold(young, middle, max(old, FULL_GC_EVERY))
        return result
    finally:
        if enabled:
            gc.enable()


def reloader(data_dir: Path, on_damage: OnDamage | None) -> Reload:
    """What a damaged record asks for: the papers from the YAML, parsed now, or (with
    ``on_damage``) nothing but the call, the reload left to the caller."""
    if on_damage is None:
        return lambda: _yaml_papers(data_dir)

    def told() -> None:
        on_damage()

    return told


def _load_quick(data_dir: Path, progress: Progress | None, on_damage: OnDamage | None) -> Quick:
    if data_dir.is_dir():
        found = decode_unverified(
            cache_path(data_dir), make_key(data_dir, []), reloader(data_dir, on_damage)
        )
        if found is not None:
            return Quick(*found)
    return _load(data_dir, progress, on_damage, quick=True)


def _load(
    data_dir: Path, progress: Progress | None, on_damage: OnDamage | None, quick: bool = False
) -> Quick:
    """The library; ``quick``: a cache the child has just written is trusted like a warm
    start's (the result has a stamp: the caller checks freshness in the background)."""
    if not data_dir.is_dir():
        from papertui.library.loader import load_library  # YAML only when the sources must be read

        return Quick(load_library(data_dir))  # the loader reports the missing folder
    path = cache_path(data_dir)
    # No cache yet: nothing to compare a key with, so the files are only listed (a stat
    # each took 2.9 of the 4.4 s a scan of a million files took); the child keys the
    # cache by each file's stat as it reads it. A small folder is stat'ed all the same:
    # its size says where it is parsed.
    listed = not path.is_file()
    sources, folders = scan(data_dir, stat=not listed)
    if listed and len(sources) < child.CHILD_BUILD_FILES:
        sources = stat_listed(data_dir, sources)
        listed = False
    key = make_key(data_dir, sources)
    reload = reloader(data_dir, on_damage)
    result = None if listed else decode(path, key, reload)
    if result is not None:
        if sweep.due(path.parent):
            sweep.sweep(path.parent, keep=path)
        return Quick(result)
    # A big cold load parses in a child process: its long C calls (YAML, index, encode)
    # hold the GIL, and in this process they would freeze the UI for up to a second.
    big = listed or sum(source[1] for source in sources) >= child.CHILD_BUILD_BYTES
    scanned = pack_scan(key, folders)
    if listed:  # nothing here reads the list again (a failed build scans afresh, below)
        scanned = _then_let_go(scanned, sources)
    built = child.build_in_child(data_dir, progress, scanned) if big else False
    if built is True and quick:
        let_go(sources)  # (the key's too: the quick read looks only at its format fields)
        found = decode_unverified(path, key, reload)
        if found is not None:
            return Quick(*found)
    if built is not False:
        # the child wrote the cache, or (a full or read-only cache folder) handed it over on
        # its pipe: either way the folder is parsed once per start, never twice. A key of
        # files only listed is not compared: the cache's is the files' stats as they were
        # read, the truth of what it holds.
        if built is True:
            found = decode_unverified(path, key, reload, sources=not listed)
            result = None if found is None else found[0]
        else:
            result = decode_bytes(built, path, key, reload, sources=not listed)
        if result is not None:
            return Quick(result)
    if listed:  # parsed here: the cache is stored under the key of a scan
        key = make_key(data_dir, scan(data_dir)[0])
    return Quick(_parse_and_write(data_dir, path, key, progress, folders)[0])


def _then_let_go(pieces: Iterator[bytes], items: list[Any]) -> Iterator[bytes]:
    """``pieces``, then :func:`let_go` of ``items`` once the last has been taken: the scan
    handed to the build child is not held here while the child builds (a million files
    listed are 165 MiB, beside the child's own peak)."""
    yield from pieces
    let_go(items)


def let_go(items: list[Any], piece: int = 20_000) -> None:
    """Empty ``items`` a slice at a time: the scan of a million files is as many tuples,
    and freeing them in one go held the GIL for 0.15 s, with the app's UI waiting."""
    while items:
        del items[-piece:]


def _yaml_papers(data_dir: Path) -> Mapping[str, Paper]:
    """The papers parsed from the YAML: what a damaged cache record is read from instead."""
    from papertui.library.loader import load_library

    return load_library(data_dir).library.papers


def build_cache(data_dir: Path, progress: Progress | None = None) -> bool:
    """Parse ``data_dir`` and write its cache (:func:`papertui.store.build.build`, which the
    child process of a big cold load runs); True when a cache for the sources as they are
    now was written."""
    from papertui.store.build import build  # the parse in a pool of workers, written in parts

    return build(data_dir, progress)


def rebuild(
    data_dir: Path, key: Key, folders: Sequence[Folder], progress: Progress | None = None
) -> bool:
    """Parse ``data_dir``, whose sources and folders were just scanned as ``key`` and
    ``folders``, and write its cache; True when it was written (as :func:`build_cache`)."""
    from papertui.store.build import build

    return build(data_dir, progress, scanned=(key, folders))


def _parse_and_write(
    data_dir: Path,
    path: Path,
    key: Key,
    progress: Progress | None,
    folders: Sequence[Folder] = (),
) -> tuple[LoadResult, bool]:
    """The parsed library, and whether its cache was written (not when the sources
    changed while they were parsed, or the cache folder is not writable)."""
    result = _parse(data_dir, progress)
    return result, index_and_store(data_dir, path, result, key, folders)


def _parse(data_dir: Path, progress: Progress | None) -> LoadResult:
    from papertui.library.loader import load_library

    return load_library(data_dir, progress)


__all__ = [
    "FULL_GC_EVERY",
    "OnDamage",
    "Quick",
    "build_cache",
    "load_cached",
    "load_quick",
    "rebuild",
    "reloader",
    "search_index",
    "search_words",
]
