"""once(): a thread worker's callable lets go of its arguments as it runs (a finished worker
stays referenced by its pool thread; see tui/oneshot.py)."""

from __future__ import annotations

import gc
import weakref

import pytest

from papertui.tui.oneshot import once


class Payload:
    """Something big a worker is given (a library, results)."""


def test_the_call_gets_its_arguments_and_returns_the_result() -> None:
    assert once(lambda a, b=0: a + b, 2, b=3)() == 5


def test_the_arguments_are_let_go_once_it_ran() -> None:
    payload = Payload()
    watched = weakref.ref(payload)
    work = once(lambda p: p is not None, payload)
    del payload
    assert watched() is not None  # held until it runs
    assert work() is True
    gc.collect()
    assert watched() is None  # ``work`` itself is still alive, as the pool thread keeps it


def test_it_runs_once() -> None:
    work = once(list, (1, 2))
    assert work() == [1, 2]
    with pytest.raises(IndexError):
        work()
