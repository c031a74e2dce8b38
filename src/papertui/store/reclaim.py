"""Giving back a library a reload replaced, in slices (Textual-free core).

A load freezes what it made (``gc.freeze()``, :mod:`papertui.store.load`): no full
collection walks the loaded data mid-keystroke, but a library's reference cycles (its
engine, the closures of its callbacks) are then never collected once it is replaced.
:func:`reclaim` unfreezes, collects and freezes again.

Collecting a million-paper library in one ``gc.collect()`` held the GIL for 80–125 ms
(measured): the collector frees everything it finds inside that one call, and freeing the
old search index (a 130 MB haystack), word index and position arrays is most of it. So the
collection here runs in two passes. The first finds the garbage without freeing it
(``DEBUG_SAVEALL``); then our own core objects in it (``papertui.library``, ``.search`` and
``.store`` types without a finalizer: never a widget, nor anything we did not write) let
go of what they hold one attribute at a time, so each big buffer is
freed in its own short step, and the saved garbage is let go a few objects at a time, the
GIL let go between slices; the second pass frees the small cycles that remain. Only
garbage is touched, and before saving it the collector has cleared every weak reference to
it and run its finalizers, as for any collection: nothing can reach these objects any more.
"""

from __future__ import annotations

import gc
import threading
import time
from collections.abc import Iterator

__all__ = ["give_back_heap", "reclaim"]

CORE = ("papertui.library.", "papertui.search.", "papertui.store.")  # types we may empty
SLICE = 32  # garbage objects handled between two chances for the other threads


def reclaim() -> int:
    """Collect what replaced libraries left (see the module); the number of objects found.
    Best run on a thread: between its slices the caller's other threads run."""
    gc.unfreeze()
    try:
        first = len(gc.garbage)
        debug = gc.get_debug()
        gc.set_debug(debug | gc.DEBUG_SAVEALL)
        try:
            found = gc.collect()
        finally:
            gc.set_debug(debug)
        garbage = gc.garbage[first:]
        del gc.garbage[first:]
        for count, obj in enumerate(garbage):
            _empty(obj)
            if count % SLICE == 0:
                time.sleep(0)  # let the UI thread in between slices
        while garbage:  # the found objects themselves (arrays are among them) let go a few
            del garbage[-SLICE:]  # at a time, not in one clear()
            time.sleep(0)
        gc.collect()  # the remaining cycles, small now
        return found
    finally:
        gc.freeze()
        # on a thread: the call releases the GIL, so the caller's loop runs meanwhile
        threading.Thread(target=give_back_heap, name="papertui-trim", daemon=True).start()


def _empty(obj: object) -> None:
    """Drop what an unreachable core object refers to, attribute by attribute."""
    kind = type(obj)
    if not kind.__module__.startswith(CORE) or hasattr(kind, "__del__"):
        return
    for name in _attributes(obj):
        try:
            object.__setattr__(obj, name, None)
        except (AttributeError, TypeError):  # read-only, or a typed slot
            continue


def _attributes(obj: object) -> Iterator[str]:
    for klass in type(obj).__mro__:
        slots = klass.__dict__.get("__slots__", ())
        names = (slots,) if isinstance(slots, str) else slots
        yield from (name for name in names if name not in ("__dict__", "__weakref__"))
    own = getattr(obj, "__dict__", None)
    if isinstance(own, dict):
        yield from list(own)


def give_back_heap() -> bool:
    """Return the heap pages freed objects left behind to the system (glibc's
    ``malloc_trim``; True when it ran). Without it a reload's freed library stays in the
    process's RSS: +700 MiB after four reloads at 1M papers, measured, against none with it
    (10-22 ms a call)."""
    import ctypes

    try:
        trim = ctypes.CDLL(None).malloc_trim  # the process's own C library
    except (OSError, AttributeError):  # not glibc (musl, macOS): nothing to do
        return False
    trim(0)
    return True
