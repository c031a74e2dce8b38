"""Run one job on a thread from the start; whoever asks first decides how its result travels.

The app builds the library on a plain thread the moment it is constructed, so the load
overlaps Textual's own start-up. At mount the app waits briefly (:meth:`Handover.take`):
a result that is ready by then is handed over directly, before the first paint; one that
is not is sent later through ``deliver`` (from the job's thread). Exactly one of the two
happens. Textual-free and tested on its own.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Generic, TypeVar

T = TypeVar("T")


class Handover(Generic[T]):
    """``job()`` runs on a daemon thread (a quit during a long load must not wait for it)."""

    def __init__(self, job: Callable[[], T], deliver: Callable[[T], None]) -> None:
        self._job = job
        self._deliver = deliver
        self._lock = threading.Lock()
        self._done = threading.Event()
        self._result: T | None = None
        self._late = False  # take() gave up: deliver() gets the result
        self._thread = threading.Thread(target=self._run, name="papertui-load", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        result = self._job()
        with self._lock:
            self._result = result
            self._done.set()
            late = self._late
            if late:
                self._result = None  # delivered below: nothing here keeps it alive
        if late:
            self._deliver(result)

    def take(self, timeout: float) -> T | None:
        """The result if the job finishes within ``timeout`` seconds; else ``None``, and
        the result goes to ``deliver`` when it is ready. Call it once."""
        self._done.wait(timeout)
        with self._lock:
            if self._done.is_set():
                result, self._result = self._result, None  # handed over: not kept here
                return result
            self._late = True
            return None

    def join(self, timeout: float | None = None) -> None:
        self._thread.join(timeout)
