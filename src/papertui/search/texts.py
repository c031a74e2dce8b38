"""Many strings kept as one joined string plus offsets (Textual-free core).

A list of a million short strings costs a million Python objects: seconds to decode from
the load cache, ~60 bytes of overhead each, and a full GC pass has to walk them. A
:class:`Texts` holds the same strings as one ``"\\n"``-terminated text and an ``array`` of
start offsets, so it is one UTF-8 decode away from its cached bytes, and a memchr-speed
``str.find`` over every item is a single call on :attr:`Texts.text`.
"""

from __future__ import annotations

from array import array
from collections.abc import Iterable, Iterator, Sequence
from itertools import accumulate, repeat
from operator import sub
from typing import Any, overload

from papertui.search.unlocked import FROM, ascii_text, ascii_view

__all__ = ["ENCODE_UP_TO", "Texts"]

ENCODE_UP_TO = 16_000_000  # characters: Texts.ascii_bytes encodes a text up to this size
RUNS_FROM = 256  # positions from which Texts.pick looks for runs of neighbours
PIECE = 1 << 16  # items Texts.pick splits out of the text in one call


class Texts(Sequence[str]):
    """An immutable sequence of strings: ``text[starts[i]:starts[i + 1] - 1]`` is item ``i``.

    ``text`` is every item followed by ``"\\n"``; ``starts`` (``array("q")``) has one entry
    more than there are items (the end). Items may not contain ``"\\n"`` if callers scan
    :attr:`text` by lines (the search haystacks and ids never do).
    """

    __slots__ = ("_utf8", "starts", "text")

    def __init__(self, text: str, starts: array[int]) -> None:
        if not len(starts) or starts[0] != 0 or starts[-1] != len(text):
            raise ValueError("offsets do not match the text")
        self.text = text
        self.starts = starts
        self._utf8: bytes | memoryview | None = None

    @classmethod
    def of(cls, items: Iterable[str]) -> Texts:
        values = list(items)
        text = "\n".join(values) + "\n" if values else ""
        starts = array("q", accumulate(map(len, values), lambda at, n: at + n + 1, initial=0))
        return cls(text, starts)

    @classmethod
    def from_bytes(
        cls, text: bytes | memoryview, starts: bytes | memoryview, keep_bytes: bool = True
    ) -> Texts:
        """The inverse of :meth:`to_bytes` (raises ``ValueError`` on a mismatch);
        ``keep_bytes``: keep ``text`` for :meth:`ascii_bytes` when it is ASCII. A big ASCII
        text is copied with the GIL released (:mod:`papertui.search.unlocked`): the UI
        thread does not wait on it while a library is loaded behind it."""
        offsets = array("q")
        offsets.frombytes(starts)
        made = ascii_text(text) if isinstance(text, bytes) and len(text) >= FROM else None
        texts = cls(str(text, "utf-8") if made is None else made, offsets)
        if keep_bytes and made is None and texts.text.isascii():  # the cache's buffer: no copy
            texts._utf8 = text
        return texts

    def to_bytes(self) -> tuple[bytes, bytes]:
        return self.text.encode("utf-8"), self.starts.tobytes()

    def ascii_bytes(self) -> bytes | memoryview | None:
        """:attr:`text` as bytes, one a character (so offsets match), if it is ASCII: the
        buffer it was decoded from, else a view of the string's own characters
        (:func:`~papertui.search.unlocked.ascii_view`), else (up to :data:`ENCODE_UP_TO`
        characters: no second copy of a big text) encoded once and kept. None when there
        is none of these."""
        if not self.text.isascii():  # O(1): CPython knows
            return None
        if self._utf8 is None:
            self._utf8 = ascii_view(self.text)  # the string's own characters
        if self._utf8 is None and len(self.text) <= ENCODE_UP_TO:
            self._utf8 = self.text.encode("ascii")
        return self._utf8

    def __len__(self) -> int:
        return len(self.starts) - 1

    @overload
    def __getitem__(self, index: int) -> str: ...
    @overload
    def __getitem__(self, index: slice) -> list[str]: ...
    def __getitem__(self, index: int | slice) -> str | list[str]:
        if isinstance(index, slice):
            return list(map(self.__getitem__, range(*index.indices(len(self)))))
        starts = self.starts
        n = len(starts) - 1
        if index < 0:
            index += n
        if not 0 <= index < n:
            raise IndexError("Texts index out of range")
        return self.text[starts[index] : starts[index + 1] - 1]

    def __iter__(self) -> Iterator[str]:
        starts = self.starts
        ends = map(sub, starts[1:], repeat(1))
        return map(self.text.__getitem__, map(slice, starts[:-1], ends))

    def pick(self, positions: Sequence[int]) -> list[str]:
        """``[self[p] for p in positions]`` (positions must be in range). Runs of
        neighbouring positions (an era's papers are one run in library order) come out of
        one ``str.split`` each, a slice of :data:`PIECE` items at a time: item by item, the
        200,000 ids of an era took 40 ms, and the era tree's counts at 1M papers 0.18 s."""
        text, starts = self.text, self.starts
        n = len(positions)
        if n < RUNS_FROM:
            return [text[starts[p] : starts[p + 1] - 1] for p in positions]
        import numpy as np  # big picks only: a big library's engine has imported it

        at = np.asarray(positions, dtype=np.int64)
        cuts = (np.flatnonzero(np.diff(at) != 1) + 1).tolist()
        if len(cuts) * 8 > n:  # mostly scattered: item by item
            return [text[starts[p] : starts[p + 1] - 1] for p in at.tolist()]
        out: list[str] = []
        for lo, hi in zip([0, *cuts], [*cuts, n], strict=True):
            first, stop = int(at[lo]), int(at[hi - 1]) + 1
            for a in range(first, stop, PIECE):
                b = min(a + PIECE, stop)
                part = text[starts[a] : starts[b] - 1].split("\n")
                if len(part) != b - a:  # an item holds a newline: one by one
                    part = [text[starts[p] : starts[p + 1] - 1] for p in range(a, b)]
                out += part
        return out

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Texts):
            return self.text == other.text and self.starts == other.starts
        if isinstance(other, list | tuple):
            return len(self) == len(other) and all(map(str.__eq__, self, other))
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]

    def __reduce__(self) -> tuple[Any, ...]:
        return (Texts, (self.text, self.starts))

    def __repr__(self) -> str:
        head = ", ".join(map(repr, self[:3]))
        return f"Texts([{head}{', ...' if len(self) > 3 else ''}], n={len(self)})"
