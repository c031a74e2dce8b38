"""Handover: a job started early; its result is taken directly or delivered later, once."""

from __future__ import annotations

import gc
import threading
import weakref

from papertui.store.handover import Handover


def test_a_result_ready_in_time_is_taken_and_never_delivered() -> None:
    delivered: list[int] = []
    handover = Handover(lambda: 42, delivered.append)
    assert handover.take(5.0) == 42
    handover.join(5.0)
    assert delivered == []


def test_a_late_result_is_delivered_once_and_not_taken() -> None:
    release = threading.Event()
    delivered: list[str] = []
    got = threading.Event()

    def job() -> str:
        release.wait(5.0)
        return "library"

    def deliver(result: str) -> None:
        delivered.append(result)
        got.set()

    handover = Handover(job, deliver)
    assert handover.take(0.01) is None  # not ready: the screen starts empty
    release.set()
    assert got.wait(5.0)
    handover.join(5.0)
    assert delivered == ["library"]


def test_the_job_runs_on_a_daemon_thread_from_the_start() -> None:
    seen: list[tuple[str, bool]] = []

    def job() -> None:
        current = threading.current_thread()
        seen.append((current.name, current.daemon))

    handover = Handover(job, lambda _result: None)
    handover.join(5.0)  # nobody called take(): it ran anyway
    assert seen == [("papertui-load", True)]


class _Result:
    """A result that can be watched for being freed."""


def test_a_taken_result_is_not_kept() -> None:
    # the app swaps in reloaded libraries later: a Handover that kept the first one would
    # hold a whole library (and its index) for the rest of the session
    handover = Handover(_Result, lambda _result: None)
    handover.join(5.0)
    result = handover.take(5.0)
    assert isinstance(result, _Result)
    watched = weakref.ref(result)
    del result
    gc.collect()
    assert watched() is None


def test_a_delivered_result_is_not_kept() -> None:
    release = threading.Event()
    delivered: list[weakref.ref[_Result]] = []
    got = threading.Event()

    def job() -> _Result:
        release.wait(5.0)
        return _Result()

    def deliver(result: _Result) -> None:
        delivered.append(weakref.ref(result))
        got.set()

    handover = Handover(job, deliver)
    assert handover.take(0.01) is None
    release.set()
    assert got.wait(5.0)
    handover.join(5.0)
    gc.collect()
    assert delivered and delivered[0]() is None
