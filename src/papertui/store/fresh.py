"""Is a cache the app painted from still fresh? The background check (Textual-free core).

The app's first paint trusts the cache of its data folder without looking at the sources
(:func:`papertui.store.load.load_quick`): at a million one-paper files, one stat each
costs seconds. This module then checks, away from the UI, in a child process
(``python -P -m papertui.store.fresh DATA_DIR STAMP``, run by
:mod:`papertui.store.refresh`; with several folders, the merged cache of those layers:
:func:`check_layers`), and rebuilds the cache when the sources changed:

1. the cache must still be the one the app read (its body CRC, ``STAMP``): another
   papertui may have rewritten it since;
2. **folder mtimes**: the cache header lists every folder its key's scan listed, with
   its mtime. A file added, removed or renamed (and an editor's save through a temporary
   file and a rename) changes its folder's mtime, so such a change is found without
   stat-ing a single paper file;
3. **file stats**: otherwise every source is stat'ed (``os.scandir``, as in
   :func:`papertui.store.format.scan`) and the key compared, exactly as the command line
   checks before it answers. A file edited in place leaves its folder's mtime alone, and
   is found here by its size or mtime (and whatever else the key holds).

The guarantee is the cache key's: once the check has run, any change to a source's size or
mtime_ns, or to the set of sources, is caught; a rewrite that keeps both the size and the
mtime_ns of a file (``touch -d`` back to the old time within the same nanosecond) is not.
A folder whose mtime changed for another reason (a non-YAML file added) costs one
needless rebuild, after which the cache records the new mtime; the app is told the
number of changed sources (``changed 0``) and does not swap.

The child prints one line per event on stdout: ``stale`` as soon as a change is known,
``changed N`` (sources added, removed or edited; -1: not known), ``D T`` progress of the
rebuild; it exits 0 when the cache is fresh, 3 when it was rebuilt (or another papertui
had rebuilt it), 1 when it could not be (the caller then loads the folder itself).
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import msgspec

from papertui.store.format import (
    Folder,
    Header,
    Key,
    Progress,
    Source,
    cache_path,
    make_key,
    scan,
)
from papertui.store.reader import header_from

FRESH, REBUILT, FAILED = 0, 3, 1  # the child's exit status


@dataclass(frozen=True, slots=True)
class Verdict:
    """The outcome of :func:`check`. When the cache is stale, ``changed`` counts the
    changed sources (-1: unknown, the cache was replaced), and ``key`` and ``folders``
    are the fresh scan a rebuild needs (``None``: the cache on disk is already fresh,
    written by another papertui since the app read it: no rebuild, only a reload)."""

    stale: bool
    changed: int = 0
    key: Key | None = None
    folders: Sequence[Folder] = ()


def cached_header(path: Path) -> Header | None:
    """The header of the cache at ``path``, with its source list, or ``None``."""
    try:
        with path.open("rb") as fh:
            fd = fh.fileno()
            found = header_from(lambda at, n: os.pread(fd, n, at))
    except OSError:
        return None
    return None if found is None else found[0]


def folders_changed(data_dir: Path, folders: Sequence[Folder]) -> bool:
    """Whether any folder listed at the cache's build has another mtime now (or is gone)."""
    top = os.fspath(data_dir)
    for rel, mtime in folders:
        try:
            if os.stat(os.path.join(top, rel)).st_mtime_ns != mtime:
                return True
        except OSError:
            return True
    return False


def changed_sources(old: Sequence[Source], new: Sequence[Source]) -> int:
    """How many sources were added, removed or changed between two scans."""
    before = {source[0]: source for source in old}
    after = {source[0]: source for source in new}
    edited = sum(1 for path, source in after.items() if before.get(path, source) != source)
    return edited + len(before.keys() ^ after.keys())


def check(data_dir: Path, stamp: int, on_stale: Callable[[], None] | None = None) -> Verdict:
    """Whether the cache the app read (body CRC ``stamp``) is stale; ``on_stale()`` is
    called as soon as that is known, before the (longer) scan of every source when a
    folder's mtime tells."""
    header = cached_header(cache_path(data_dir))
    replaced = header is None or header.body_crc != stamp
    moved = header is not None and folders_changed(data_dir, header.folders)
    if (replaced or moved) and on_stale is not None:
        on_stale()
    sources, folders = scan(data_dir)
    key = make_key(data_dir, sources)
    if header is None:
        return Verdict(True, -1, key, folders)
    if header.key == key:
        if replaced:  # another papertui wrote a fresh cache: reload it (after a rebuild
            return Verdict(True, -1, key if moved else None, folders)  # to note the mtimes)
        if not moved:
            return Verdict(False)
        return Verdict(True, 0, key, folders)  # no source changed: rebuilt to note the mtimes
    if not (replaced or moved) and on_stale is not None:
        on_stale()
    changed = -1 if replaced else changed_sources(header.key.sources, sources)
    return Verdict(True, changed, key, folders)


def check_layers(
    folders: Sequence[Path], stamp: int, on_stale: Callable[[], None] | None = None
) -> Verdict:
    """:func:`check` for the merged cache of layered ``folders``
    (:mod:`papertui.store.layered`): its key holds every layer's sources, so every one is
    stat'ed (the merged cache lists no folder mtimes)."""
    from papertui.store.layered import layered_cache_path, layered_key

    header = cached_header(layered_cache_path(folders))
    replaced = header is None or header.body_crc != stamp
    if replaced and on_stale is not None:
        on_stale()
    key = layered_key([make_key(folder, scan(folder)[0]) for folder in folders])
    if header is not None and header.key == key:
        return Verdict(True, -1, None) if replaced else Verdict(False)
    if not replaced and on_stale is not None:
        on_stale()
    changed = -1 if header is None or replaced else changed_sources(header.key.sources, key.sources)
    return Verdict(True, changed, key)


def rebuild_layers(folders: Sequence[Path], key: Key, progress: Progress) -> bool:
    """Load the layers (each through its own cache) and write their merged cache; True
    when the cache on disk is now the one for ``key`` (the sources as the check saw them)."""
    from papertui.store.layered import layered_cache_path, load_layers

    load_layers(folders, progress)
    header = cached_header(layered_cache_path(folders))
    return header is not None and header.key == key


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if len(args) < 2 or not args[-1].isdigit():
        print("usage: python -m papertui.store.fresh DATA_DIR [DATA_DIR...] STAMP", file=sys.stderr)
        return 2
    folders = [Path(arg) for arg in args[:-1]]
    stamp = int(args[-1])

    def say(*words: object) -> None:
        print(*words, flush=True)

    layered = len(folders) > 1
    if layered:
        verdict = check_layers(folders, stamp, lambda: say("stale"))
    else:
        verdict = check(folders[0], stamp, lambda: say("stale"))
    if not verdict.stale:
        return FRESH
    say("changed", verdict.changed)
    if verdict.key is None:
        return REBUILT  # the cache on disk is fresh already
    from papertui.store.load import rebuild

    try:
        if layered:
            written = rebuild_layers(folders, verdict.key, lambda d, t: say(d, t))
        else:
            written = rebuild(folders[0], verdict.key, verdict.folders, lambda d, t: say(d, t))
    except (OSError, msgspec.MsgspecError):
        written = False
    return REBUILT if written else FAILED


if __name__ == "__main__":
    raise SystemExit(main())
