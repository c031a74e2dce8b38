"""A thread worker's callable that lets go of what it was given once it has run.

A finished thread worker stays referenced by the pool thread it ran on (Textual sets the
worker in that thread's context, which outlives the run), and with it its callable: a
``partial`` or a closure holding a library, an engine's results or the summaries would keep
them alive after a reload replaced them (``store.reclaim.reclaim`` could never give them back).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import ParamSpec, TypeVar

P = ParamSpec("P")
R = TypeVar("R")


def once(fn: Callable[P, R], /, *args: P.args, **kwargs: P.kwargs) -> Callable[[], R]:
    """``fn(*args, **kwargs)`` for :meth:`~textual.dom.DOMNode.run_worker`, run at most
    once: the call drops its arguments as it starts."""
    job = [partial(fn, *args, **kwargs)]

    def run() -> R:
        return job.pop()()

    return run


__all__ = ["once"]
