"""After a reload, the library it replaced is given back (store/reclaim.py).

A load freezes what it made (``gc.freeze``: no full collection walks it mid-keystroke), so
reference cycles of a library that is later replaced are never collected unless unfrozen:
every reload kept the whole previous library (issue 22, measured about 90 MiB a reload at
100k papers).
"""

from __future__ import annotations

import gc
import platform
import sys
import weakref
from collections.abc import Iterator

import pytest

from papertui.search.texts import Texts
from papertui.store import reclaim as module
from papertui.store.reclaim import give_back_heap, reclaim


class Node:
    def __init__(self) -> None:
        self.me = self  # a reference cycle, as a library's engine and its helpers make


@pytest.fixture
def restore_freeze() -> Iterator[None]:
    yield
    gc.unfreeze()


@pytest.mark.usefixtures("restore_freeze")
def test_a_frozen_cycle_is_never_collected_without_reclaim() -> None:
    node = Node()
    watched = weakref.ref(node)
    gc.freeze()
    del node
    gc.collect()
    assert watched() is not None  # what reclaim is for
    reclaim()
    assert watched() is None


@pytest.mark.usefixtures("restore_freeze")
def test_reclaim_keeps_what_is_alive_frozen() -> None:
    alive = Node()
    gc.freeze()
    reclaim()
    assert alive.me is alive
    # frozen again: the collector's generations (what a full collection walks) skip it
    assert not any(found is alive for found in gc.get_objects())


@pytest.mark.skipif(
    sys.platform != "linux" or platform.libc_ver()[0] != "glibc", reason="glibc's malloc_trim"
)
def test_freed_heap_is_given_back_on_glibc() -> None:
    # found and called (what it gives back depends on the heap: measured in swap_stall.py)
    assert give_back_heap() is True


class Buffer:
    """Stands for a big buffer (a haystack, an index's arrays) held by a core object."""


@pytest.mark.usefixtures("restore_freeze")
def test_core_objects_in_the_garbage_let_go_of_their_buffers_before_the_last_pass(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # one gc.collect() freed a million-paper library in one call (80-125 ms holding the
    # GIL); the buffers must go in steps of their own, before the final pass
    texts = Texts.of(["a", "b"])
    buffer = Buffer()
    freed: list[str] = []
    weakref.finalize(buffer, freed.append, "buffer")
    texts._utf8 = [texts, buffer]  # type: ignore[assignment]  # a cycle through a core object
    widget_like = Node()  # not a core type: left whole for the collector
    widget_like.held = [widget_like]  # type: ignore[attr-defined]
    watched = weakref.ref(widget_like)
    del buffer, texts, widget_like
    gc.freeze()
    passes: list[bool] = []
    real = gc.collect

    def collect(*args: int) -> int:
        passes.append(bool(freed))
        return real(*args)

    monkeypatch.setattr(gc, "collect", collect)
    assert reclaim() >= 3
    assert passes == [False, True]  # found by the first pass, freed before the second
    assert watched() is None and gc.garbage == []


@pytest.mark.usefixtures("restore_freeze")
def test_only_core_types_are_emptied() -> None:
    texts = Texts.of(["kept"])
    other = Node()
    module._empty(other)
    assert other.me is other
    module._empty(texts)
    assert texts.text is None  # type: ignore[comparison-overlap]
