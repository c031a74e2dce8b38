"""The ordered result ids of a search, read lazily from an array of paper numbers (core)."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from typing import Any, overload

__all__ = ["PaperIds"]


class PaperIds(Sequence[str]):
    """The ordered result ids, read lazily from an array of paper numbers.

    Building a list of 100k+ strings per keystroke would cost more than the search; the UI
    only ever reads the visible rows. Supports ``len``, indexing, slicing, iteration,
    ``in``, a fast ``index`` and ``==`` against any sequence of ids.
    """

    __slots__ = ("_ids", "_order", "_position")

    def __init__(self, order: Any, ids: Sequence[str], position: Callable[[str], int]):
        self._order = order
        self._ids = ids
        self._position = position

    def __len__(self) -> int:
        return len(self._order)

    @property
    def order(self) -> Any:
        """The paper numbers in result order (a ``range`` or a numpy array)."""
        return self._order

    def position(self, paper_id: str) -> int:
        """The number of ``paper_id`` in the library (-1: not in it)."""
        return self._position(paper_id)

    @overload
    def __getitem__(self, index: int) -> str: ...
    @overload
    def __getitem__(self, index: slice) -> list[str]: ...
    def __getitem__(self, index: int | slice) -> str | list[str]:
        if isinstance(index, slice):
            return list(map(self._ids.__getitem__, self._numbers(self._order[index])))
        return self._ids[int(self._order[index])]

    @staticmethod
    def _numbers(order: Any) -> list[int]:
        return list(order) if isinstance(order, range) else list(order.tolist())

    def __iter__(self) -> Iterator[str]:
        return map(self._ids.__getitem__, self._numbers(self._order))

    def index(self, value: Any, start: int = 0, stop: int | None = None) -> int:
        number = self._position(value) if isinstance(value, str) else -1
        if number >= 0:
            begin, end, _ = slice(start, stop).indices(len(self))
            if isinstance(self._order, range):
                if begin <= (at := self._order.index(number)) < end:
                    return at
                raise ValueError(f"{value!r} is not in the results")
            import numpy as np

            found = np.flatnonzero(self._order[begin:end] == number)
            if len(found):
                return begin + int(found[0])
        raise ValueError(f"{value!r} is not in the results")

    def __contains__(self, value: object) -> bool:
        try:
            self.index(value)
        except ValueError:
            return False
        return True

    def __eq__(self, other: object) -> bool:
        if isinstance(other, PaperIds | list | tuple):
            return len(self) == len(other) and all(
                a == b for a, b in zip(self, other, strict=False)
            )
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        head = ", ".join(map(repr, self[:5]))
        return f"PaperIds([{head}{', ...' if len(self) > 5 else ''}], n={len(self)})"
