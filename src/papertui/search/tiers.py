"""Ranking tiers and the int64 sort keys built from them (Textual-free core).

A key is ``(tier << 24 | position-or-score) << 22 | paper``, so a plain sort gives the
final order, ties in date order (paper numbers are date order).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

    IntArray = npt.NDArray[np.int64]

__all__ = ["IDX_MASK", "key_paper", "key_tier", "make_keys"]

TIER_EXACT = 0  # the short name is the query
TIER_SHORT_PREFIX = 1  # the short name starts with the query
TIER_WORD_PREFIX = 2  # a word of the short name or title starts with the query
TIER_PEOPLE_PREFIX = 3  # a word of an author or the organisation starts with the query
TIER_SUBSTRING = 4  # inside a word of the short name or title
TIER_PEOPLE_SUBSTRING = 5  # inside a word of an author or the organisation
TIER_TOKENS = 6  # every query word starts or abbreviates some word
TIER_FUZZY = 7  # rapidfuzz partial_ratio above a strict cutoff

IDX_BITS = 22  # up to 4M papers
IDX_MASK = (1 << IDX_BITS) - 1
POS_BITS = 24
POS_MASK = (1 << POS_BITS) - 1


def make_keys(tier: Any, pos: Any, papers: Any) -> IntArray:
    import numpy as np

    tier = np.asarray(tier, np.int64)
    pos = np.minimum(np.asarray(pos, np.int64), POS_MASK)
    keys: IntArray = (((tier << POS_BITS) | pos) << IDX_BITS) | np.asarray(papers, np.int64)
    return keys


def key_tier(key: int) -> int:
    return int(key) >> (IDX_BITS + POS_BITS)


def key_paper(key: int) -> int:
    return int(key) & IDX_MASK
