"""Build a big collection's load cache in a child process (Textual-free core).

Parsing YAML (PyYAML's C composer), building the search index and encoding the cache are
long calls into C that hold the GIL: in the app's load thread they froze the UI for up to
1.2 s at a time on a first load of 1M papers in 1,000-paper files. A child process has its
own GIL, so the UI stays responsive; it reports progress as ``done total`` lines on stdout,
writes the cache, and the app then reads the cache as on any warm start.

The child runs ``python -P -m papertui.store.build DATA_DIR`` (:mod:`papertui.store.build`);
``-P`` keeps the working directory off the import path, so a data repository holding a
``papertui/`` folder of its own cannot have its code run.
"""

from __future__ import annotations

import atexit
import subprocess
import sys
import threading
from collections.abc import Callable
from pathlib import Path

CHILD_BUILD_BYTES = 4_000_000  # sources at least this big (about 4k papers) build in a child

_children: set[subprocess.Popen[str]] = set()
_children_lock = threading.Lock()


def build_in_child(data_dir: Path, progress: Callable[[int, int], None] | None) -> bool:
    """Run the cold load of ``data_dir`` in a child process; True if it wrote the cache."""
    try:
        child = subprocess.Popen(
            [sys.executable, "-P", "-m", "papertui.store.build", str(data_dir)],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
        )
    except OSError:
        return False
    assert child.stdout is not None
    with _children_lock:
        _children.add(child)
    try:
        with child:
            for line in child.stdout:
                parts = line.split()
                if progress is not None and len(parts) == 2 and all(p.isdigit() for p in parts):
                    progress(int(parts[0]), int(parts[1]))
    finally:
        with _children_lock:
            _children.discard(child)
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
