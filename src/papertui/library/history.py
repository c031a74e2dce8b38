"""Navigation history with browser semantics (Textual-free core).

``History[T]`` remembers every visit. ``back()`` and ``forward()`` move through the
trail without changing it; a new ``visit()`` after going back drops the forward entries,
exactly like a web browser. The trail is bounded so a long session cannot grow it forever.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Generic, TypeVar

T = TypeVar("T")

DEFAULT_LIMIT = 500


class History(Generic[T]):
    """A bounded back/forward trail of visited items."""

    def __init__(self, limit: int = DEFAULT_LIMIT) -> None:
        if limit < 1:
            raise ValueError("limit must be at least 1")
        self._limit = limit
        self._items: list[T] = []
        self._index = -1  # position of the current item; -1 when empty

    def visit(self, item: T) -> None:
        """Record a visit to ``item``; forward entries are dropped.

        Visiting the current item again is a no-op, so repeated jumps to the same
        paper do not pad the trail.
        """
        if self._index >= 0 and self._items[self._index] == item:
            del self._items[self._index + 1 :]
            return
        del self._items[self._index + 1 :]
        self._items.append(item)
        overflow = len(self._items) - self._limit
        if overflow > 0:
            del self._items[:overflow]
        self._index = len(self._items) - 1

    def back(self) -> T | None:
        """Step back one entry and return it, or ``None`` at the start (nothing moves)."""
        if not self.can_go_back:
            return None
        self._index -= 1
        return self._items[self._index]

    def forward(self) -> T | None:
        """Step forward one entry and return it, or ``None`` at the end (nothing moves)."""
        if not self.can_go_forward:
            return None
        self._index += 1
        return self._items[self._index]

    @property
    def can_go_back(self) -> bool:
        return self._index > 0

    @property
    def can_go_forward(self) -> bool:
        return 0 <= self._index < len(self._items) - 1

    @property
    def current(self) -> T | None:
        return self._items[self._index] if self._index >= 0 else None

    @property
    def trail(self) -> Sequence[T]:
        """Every remembered entry, oldest first (``index`` marks the current one)."""
        return tuple(self._items)

    @property
    def index(self) -> int:
        """Position of :attr:`current` in :attr:`trail` (-1 when empty)."""
        return self._index

    def __len__(self) -> int:
        return len(self._items)

    def clear(self) -> None:
        self._items.clear()
        self._index = -1
