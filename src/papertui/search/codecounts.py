"""How many of a search's results carry each small integer code (core, state-free).

The screen gives the codes of the few papers it knows something about (the reading
state's ``{paper id: code}``); the search package never learns what a code means. A
result list much shorter than the codes is walked id by id (reading a lazy id costs ~30
dictionary lookups); a longer one is turned into a mask of paper numbers (numpy, already
loaded by the search that produced an array of numbers), and the codes' paper numbers
(``where``, found once by the caller: a lookup by id costs a bisection) are looked up in it. All
papers, in date order (a ``range``: no search has run, numpy may not be loaded yet),
count every code whose paper is in the library.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from itertools import compress

from papertui.search.paperids import PaperIds

__all__ = ["code_counts"]

WALK_COST = 32  # reading a result's id (a lazy string) costs ~30 lookups in ``where``


def code_counts(
    ids: Sequence[str], codes: Mapping[str, int], where: Mapping[str, int]
) -> Counter[int]:
    """``{code: how many of ids have it}``; ids without a code are not counted.

    ``where``: the paper number of every id in ``codes`` (-1: not in the library)."""
    if not codes or not len(ids):
        return Counter()
    if not isinstance(ids, PaperIds) or len(ids) * WALK_COST < len(codes):
        get = codes.get
        return Counter(code for code in map(get, ids) if code is not None)
    order = ids.order
    if isinstance(order, range):  # C-level loops only: ~1 ms for 10k codes
        inside = map(order.__contains__, map(where.__getitem__, codes))
        return Counter(compress(codes.values(), inside))
    import numpy as np

    numbers = np.fromiter(map(where.__getitem__, codes), np.int64, len(codes))
    values = np.fromiter(codes.values(), np.int64, len(codes))
    known = numbers >= 0
    numbers, values = numbers[known], values[known]
    mask = np.zeros(int(max(numbers.max(initial=-1), np.max(order, initial=-1))) + 1, np.bool_)
    mask[order] = True
    chosen = values[mask[numbers]]
    counted = np.bincount(chosen) if len(chosen) else np.zeros(0, np.int64)
    return Counter({code: int(n) for code, n in enumerate(counted.tolist()) if n})
