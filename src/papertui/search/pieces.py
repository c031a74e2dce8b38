"""numpy calls that hold the GIL for their whole run, made in pieces (Textual-free core).

Most numpy work on plain numbers releases the GIL (sorts, reductions, fancy indexing), but
``np.repeat`` does not: spreading a million papers' tags or edges took 40-50 ms in one
call on a worker thread, and the UI thread waited that long (measured right after a
reload at 1M papers, by ``benchmarks/swap_stall.py``). Here the same result is made a
slice of the input at a time, so the GIL is let go between slices.
"""

from __future__ import annotations

from typing import Any

__all__ = ["PIECE", "repeat"]

PIECE = 1 << 16  # input items a slice: a few milliseconds of numpy each


def repeat(values: Any, counts: Any, piece: int = PIECE) -> Any:
    """``np.repeat(values, counts)`` (1-d, counts >= 0), in slices of ``piece`` values."""
    import numpy as np

    values, counts = np.asarray(values), np.asarray(counts, dtype=np.int64)
    if len(values) <= piece:
        return np.repeat(values, counts)
    ends = np.cumsum(counts)
    out = np.empty(int(ends[-1]) if len(ends) else 0, dtype=values.dtype)
    start = 0
    for at in range(0, len(values), piece):
        stop = min(at + piece, len(values))
        end = int(ends[stop - 1])
        out[start:end] = np.repeat(values[at:stop], counts[at:stop])
        start = end
    return out
