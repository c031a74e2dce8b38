"""Which letters and digits each paper's authors and organisation hold (Textual-free core).

``author:h`` keeps the papers with an "h" in an author name: with one letter that is most
papers, and finding them one name at a time costs a pass over every paper (about 100 ms at
100k papers, 1 s at 1M). :class:`FieldLetters` answers a one-character ``author:`` or
``org:`` value with one numpy comparison; it is built once, in the engine's warm-up.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from papertui.search.charcounts import SLOTS, CharCounts
from papertui.search.index import FIELD_SEP

if TYPE_CHECKING:
    from papertui.search.index import SearchIndex
    from papertui.search.wordindex import BoolArray

__all__ = ["FieldLetters"]

CHUNK = 50_000  # papers per pass: bounded memory, the GIL free between passes

_SLOT = {c: k for k, c in enumerate("abcdefghijklmnopqrstuvwxyz0123456789")}
assert len(_SLOT) == SLOTS


@dataclass(slots=True)
class FieldLetters:
    """Per paper, one bit per letter a-z and digit 0-9 held by a field's normalised text."""

    bits: dict[str, Any]  # field ("author", "org") -> numpy uint64 per paper

    @classmethod
    def build(cls, index: SearchIndex) -> FieldLetters:
        import numpy as np

        n = len(index)
        weights = np.left_shift(np.uint64(1), np.arange(SLOTS, dtype=np.uint64))
        bits = {name: np.zeros(n, np.uint64) for name in ("author", "org")}
        hay = index.hay
        starts = hay.starts
        for at in range(0, n, CHUNK):
            stop = min(at + CHUNK, n)
            # haystacks " short | title | authors | org ", each followed by "\n"
            text = hay.text[starts[at] : starts[stop]].replace("\n", FIELD_SEP)
            parts = text.split(FIELD_SEP)
            for name, column in (("author", 2), ("org", 3)):
                counts = CharCounts.build(parts[column::4]).counts
                held = (counts > 0).astype(np.uint64) * weights
                bits[name][at:stop] = held.sum(axis=1, dtype=np.uint64)
        return cls(bits)

    @staticmethod
    def answers(value: str) -> bool:
        """Whether ``value`` (normalised) is one character this index knows."""
        return value in _SLOT

    def having(self, field: str, value: str) -> BoolArray:
        """A mask of the papers whose ``field`` holds the character ``value``."""
        import numpy as np

        bit = np.uint64(1 << _SLOT[value])
        mask: BoolArray = (self.bits[field] & bit) != 0
        return mask
