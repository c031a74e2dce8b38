"""After a reload, the library it replaced is given back (store/load.py reclaim).

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

from papertui.store.load import give_back_heap, reclaim


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
