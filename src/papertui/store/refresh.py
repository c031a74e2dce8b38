"""The app's side of the background freshness check (Textual-free core).

:func:`refresh` runs :mod:`papertui.store.fresh` in a child process for each folder whose
cache the first paint trusted unchecked, and tells what happened. The child has its own
GIL: the scan of a million files, the comparison of their stats and a rebuild of the
cache never hold up the UI thread of the app. The app then reloads through the cache the
child has just checked or written (:func:`papertui.store.load.load_quick`), or, when the
child could not write it, through :func:`papertui.store.load.load_cached`.
"""

from __future__ import annotations

import atexit
import subprocess
import sys
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from papertui.store.format import Progress

_children: set[subprocess.Popen[str]] = set()
_children_lock = threading.Lock()


@dataclass(frozen=True, slots=True)
class Refreshed:
    """What :func:`refresh` found: whether any folder's sources changed, how many sources
    (``-1``: not known), and whether every changed cache is on disk again (else the
    caller must load those folders with the sources checked)."""

    stale: bool = False
    changed: int = 0
    cached: bool = True


Folders = Path | tuple[Path, ...]  # one data folder, or layered ones (their merged cache)


def refresh(
    stamps: Sequence[tuple[Folders, int]],
    on_stale: Callable[[], None] | None = None,
    progress: Progress | None = None,
) -> Refreshed:
    """Check (and where stale, rebuild) the cache of each ``(folder, stamp)``; a tuple of
    folders names the merged cache of those layers (:mod:`papertui.store.layered`)."""
    stale, changed, cached = False, 0, True
    for folder, stamp in stamps:
        folders = (folder,) if isinstance(folder, Path) else folder
        status, count = _check_in_child(folders, stamp, on_stale, progress)
        if status == 0:
            continue
        if count == 0 and status == 3:
            continue  # a folder's mtime moved, no source changed: same data
        stale = True
        changed = -1 if count < 0 or changed < 0 else changed + count
        cached = cached and status == 3
    return Refreshed(stale, changed, cached)


def _check_in_child(
    folders: tuple[Path, ...],
    stamp: int,
    on_stale: Callable[[], None] | None,
    progress: Progress | None,
) -> tuple[int, int]:
    """The child's exit status (``None`` run: 1) and the changed count it printed."""
    try:
        child = subprocess.Popen(
            [sys.executable, "-P", "-m", "papertui.store.fresh", *map(str, folders), str(stamp)],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
        )
    except OSError:
        return 1, -1
    assert child.stdout is not None
    with _children_lock:
        _children.add(child)
    count = -1
    told = False
    try:
        with child:
            for line in child.stdout:
                parts = line.split()
                if parts == ["stale"] and not told:
                    told = True
                    if on_stale is not None:
                        on_stale()
                elif len(parts) == 2 and parts[0] == "changed":
                    count = int(parts[1]) if parts[1].lstrip("-").isdigit() else -1
                elif progress is not None and len(parts) == 2 and all(p.isdigit() for p in parts):
                    progress(int(parts[0]), int(parts[1]))
    finally:
        with _children_lock:
            _children.discard(child)
    status = child.returncode
    return (status if status in (0, 3) else 1), count


@atexit.register
def stop_children() -> None:
    """Stop a check or rebuild still running when the app quits."""
    with _children_lock:
        running = list(_children)
    for child in running:
        if child.poll() is None:
            child.terminate()


__all__ = ["Folders", "Refreshed", "refresh", "stop_children"]
