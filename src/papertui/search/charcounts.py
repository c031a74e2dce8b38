"""Letter counts per paper: an exact, cheap prefilter for the fuzzy pass (core)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from papertui.search.matching import fuzzy_edits
from papertui.search.texts import Texts

__all__ = ["SLOTS", "SLOT_OF", "CharCounts"]

SLOTS = _SLOTS = 36  # a-z then 0-9; other bytes are not counted
_COLUMNS = bytes(range(0x61, 0x7B)) + bytes(range(0x30, 0x3A))  # the byte of each slot
# each byte's slot; SLOTS for any other byte (every byte of a non-ASCII character too)
SLOT_OF = bytes(
    (b - 0x61) if 0x61 <= b <= 0x7A else (b - 0x30 + 26) if 0x30 <= b <= 0x39 else _SLOTS
    for b in range(256)
)


@dataclass(slots=True)
class CharCounts:
    """Per-paper counts of each letter and digit in its haystack (uint8, saturating).

    A cheap, exact prefilter for the fuzzy pass: a haystack scoring above
    :func:`fuzzy_cutoff` holds all but at most ``edits + 1`` of the query's letters.
    """

    counts: Any  # numpy uint8 array, papers x _SLOTS

    @classmethod
    def build(cls, hay: Sequence[str], chunk: int = 4_000) -> CharCounts:
        """Count every byte value per paper (``paper * 256 + byte``, one bincount a
        chunk of papers) and keep the letters' and digits' columns."""
        import numpy as np

        texts = hay if isinstance(hay, Texts) else Texts.of(hay)
        starts = np.frombuffer(texts.starts, np.int64)
        columns = np.frombuffer(_COLUMNS, np.uint8)
        counts = np.zeros((len(texts), _SLOTS), np.uint8)
        for at in range(0, len(texts), chunk):
            stop = min(at + chunk, len(texts))
            part = texts.text[starts[at] : starts[stop]]  # "\n" after each: not counted
            if part.isascii():
                data = part.encode("ascii")
                sizes = np.diff(starts[at : stop + 1])
            else:
                data = part.encode("utf-8")
                sizes = np.fromiter((len(t.encode("utf-8")) + 1 for t in texts[at:stop]), np.int64)
            paper = np.repeat(np.arange(0, (stop - at) * 256, 256, dtype=np.intp), sizes)
            paper += np.frombuffer(data, np.uint8)
            flat = np.bincount(paper, minlength=(stop - at) * 256).reshape(stop - at, 256)
            counts[at:stop] = np.minimum(flat[:, columns], 255)
        return cls(counts)

    def may_match(self, query: str, candidates: Any) -> Any:
        """The ``candidates`` (numpy paper numbers) that could pass the fuzzy cutoff."""
        import numpy as np

        need = np.zeros(_SLOTS, np.int64)
        for b in query.encode("utf-8"):
            if SLOT_OF[b] < _SLOTS:
                need[SLOT_OF[b]] += 1
        cols = np.flatnonzero(need)
        if not len(cols) or not len(candidates):
            return candidates
        have = self.counts[candidates][:, cols].astype(np.int64)
        missing = np.maximum(need[cols] - have, 0).sum(axis=1)
        return candidates[missing <= fuzzy_edits(query) + 1]
