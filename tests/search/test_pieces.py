"""papertui.search.pieces: np.repeat in slices, the same result."""

from __future__ import annotations

import numpy as np
import pytest

from papertui.search import pieces


@pytest.mark.parametrize("piece", [1, 3, 7, 64, 1 << 16])
def test_repeat_in_pieces_equals_numpy(piece: int) -> None:
    rng = np.random.default_rng(7)
    values = rng.integers(0, 1_000_000, 5_000).astype(np.int64)
    counts = rng.integers(0, 5, 5_000)
    counts[:10] = 0  # leading and trailing empty runs
    counts[-10:] = 0
    got = pieces.repeat(values, counts, piece=piece)
    want = np.repeat(values, counts)
    assert got.dtype == want.dtype and np.array_equal(got, want)


def test_repeat_of_nothing_and_all_zero_counts() -> None:
    empty = np.zeros(0, np.int64)
    assert len(pieces.repeat(empty, empty, piece=1)) == 0
    assert len(pieces.repeat(np.arange(10), np.zeros(10, np.int64), piece=3)) == 0
