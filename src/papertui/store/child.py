"""Build a big collection's load cache in a child process (Textual-free core).

Parsing YAML (PyYAML's C composer), building the search index and encoding the cache are
long calls into C that hold the GIL: in the app's load thread they froze the UI for up to
1.2 s at a time on a first load of 1M papers in 1,000-paper files. A child process has its
own GIL, so the UI stays responsive; it reports progress as ``done total`` lines on stdout,
writes the cache, and the app then reads the cache as on any warm start.

The child runs ``python -P -m papertui.store.build DATA_DIR`` (:mod:`papertui.store.build`);
``-P`` keeps the working directory off the import path, so a data repository holding a
``papertui/`` folder of its own cannot have its code run. When the cache folder is full or
read-only the child writes the cache it built to its stdout instead, and the app decodes
it from there: a start never parses the folder twice (audit 15).
"""

from __future__ import annotations

import atexit
import contextlib
import ctypes
import os
import signal
import subprocess
import sys
import threading
from collections.abc import Callable, Iterable
from pathlib import Path

CHILD_BUILD_BYTES = 4_000_000  # sources at least this big (about 4k papers) build in a child
# with no cache yet, a folder of at least this many files builds in one (store.load: its
# files are listed, not stat'ed; at 1 KB a paper file, about CHILD_BUILD_BYTES)
CHILD_BUILD_FILES = 4_000
HANDBACK = b"cache"  # "cache SIZE" then SIZE bytes: a cache the child could not write
HANDED_BACK = 3  # the child's exit status then
SCANNED = "--scanned"  # the caller's scan of the sources follows on stdin

_PR_SET_PDEATHSIG = 1  # prctl(2): the signal a process gets when its parent dies

_children: set[subprocess.Popen[bytes]] = set()
_children_lock = threading.Lock()


def build_in_child(
    data_dir: Path,
    progress: Callable[[int, int], None] | None,
    scanned: Iterable[bytes] | None = None,
) -> bool | bytes:
    """Run the cold load of ``data_dir`` in a child process: True if it wrote the cache, the
    cache's bytes if it built one it could not write (a full or read-only cache folder: the
    caller decodes them instead of parsing again), False if it failed. ``scanned``: the
    caller's scan of the sources just made (:func:`papertui.store.handscan.pack_scan`), handed
    to the child on its stdin so that it does not scan the folder again."""
    args = [sys.executable, "-P", "-m", "papertui.store.build", str(data_dir)]
    try:
        child = subprocess.Popen(
            [*args, SCANNED] if scanned is not None else args,
            stdin=subprocess.DEVNULL if scanned is None else subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
        )
    except OSError:
        return False
    assert child.stdout is not None
    with _children_lock:
        _children.add(child)
    handed: bytes | None = None
    try:
        with child:
            if child.stdin is not None and scanned is not None:
                with contextlib.suppress(OSError):  # it died first: its status says so
                    for piece in scanned:  # made piece by piece: see pack_scan
                        child.stdin.write(piece)
                with contextlib.suppress(OSError):
                    child.stdin.close()
            for line in child.stdout:
                parts = line.split()
                if len(parts) == 2 and parts[0] == HANDBACK and parts[1].isdigit():
                    handed = child.stdout.read(int(parts[1]))
                    if len(handed) != int(parts[1]):
                        handed = None  # cut short: the child died while writing it
                elif progress is not None and len(parts) == 2 and all(p.isdigit() for p in parts):
                    progress(int(parts[0]), int(parts[1]))
    finally:
        with _children_lock:
            _children.discard(child)
    if child.returncode == HANDED_BACK and handed is not None:
        return handed
    return child.returncode == 0


@atexit.register
def stop_children() -> None:
    """Stop any build still running (the user quit during a first load of a big folder:
    the build must not go on for minutes in the background)."""
    with _children_lock:
        running = list(_children)
    for child in running:
        if child.poll() is None:
            child.terminate()


def die_with_parent(parent: int) -> None:
    """In a process the build child forked (a parse worker, the word index's other half):
    be killed when ``parent`` dies. Stopped by the app (the user quit during a first load),
    the build child is gone at once, and its workers, waiting for tasks that never come,
    would otherwise stay for good (265 MiB each at 1M papers). Exits now if ``parent`` is
    already gone. Linux only; elsewhere such a process ends when it next writes to the pipe
    of a build that is gone."""
    with contextlib.suppress(OSError, AttributeError):  # not glibc
        ctypes.CDLL(None).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    if os.getppid() != parent:
        os._exit(1)
