"""Matching rules shared by the ranking passes and the highlighting (Textual-free core).

How many typos the fuzzy pass forgives, where a match must start, and which characters of
a displayed string a query matched (:func:`highlight_spans`), so what is highlighted is
what was ranked.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from papertui.library.fold import fold_map, normalize

# ---------------------------------------------------------------------------------------------
# Search parameters shared by the ranking and the highlighting.

STRONG_ENOUGH = 50  # the fuzzy pass runs only below this many stronger hits
FUZZY_MIN_LENGTH = 6  # one slip in a shorter word is another word (relay ~ relat)
WORD_START_BELOW = 3  # shorter queries match at word starts only


def fuzzy_cutoff(query: str) -> float:
    """partial_ratio cutoff allowing about one typo (two from 16 characters)."""
    length = len(query)
    return 100.0 * (length - fuzzy_edits(query)) / length - 0.5


def starts_word(text: str, where: Any) -> bool:
    """Whether a rapidfuzz alignment in ``text`` starts at a word (or one or two letters
    into it, for a slip in the first letters); ``where`` may be None (no alignment)."""
    if where is None:
        return False
    at: int = where.dest_start
    return (
        at <= 1
        or not text[at - 1].isalnum()
        or not text[at].isalnum()
        or not text[at - 2].isalnum()
    )


def fuzzy_edits(query: str) -> int:
    """Typos the fuzzy pass forgives: one per query, two from 16 characters."""
    return 1 if len(query) < 16 else 2


# ---------------------------------------------------------------------------------------------
# Highlighting: which characters of a displayed string the free text matched.

_ALNUM_BEFORE = r"(?<![^\W_])"  # at a word start


def highlight_spans(text: str, free_text: str) -> list[tuple[int, int]]:
    """``[start, end)`` spans of ``text`` matched by ``free_text`` (see :func:`_spans`).

    Cached: the UI asks again for every visible row on every keystroke and redraw.
    """
    return list(_spans(text, free_text))


@lru_cache(maxsize=4096)
def _spans(text: str, free_text: str) -> tuple[tuple[int, int], ...]:
    """``[start, end)`` spans of ``text`` matched by ``free_text``, sorted and merged.

    Mirrors the ranking tiers: every occurrence of the whole query (words may be separated
    by any punctuation); else, per query word, every word it starts, or the letters of a word
    it abbreviates; else the best fuzzy window. Spans index the original ``text``, whatever
    accents or case folding did in between.
    """
    query = normalize(free_text)
    if not query or not text:
        return ()
    folded, starts, ends = fold_map(text)
    tokens = query.split()
    at_start = _ALNUM_BEFORE if len(query) < WORD_START_BELOW else ""  # as the search does
    phrase = re.compile(at_start + r"[\W_]+".join(re.escape(t) for t in tokens))
    found = [m.span() for m in phrase.finditer(folded)]
    if not found:
        for token in dict.fromkeys(tokens):
            prefix = re.compile(_ALNUM_BEFORE + re.escape(token))
            hits = [m.span() for m in prefix.finditer(folded)]
            if not hits and len(token) >= 3:
                gap = r"[^\W_]*?"
                pattern = _ALNUM_BEFORE + gap.join(f"({re.escape(c)})" for c in token)
                for m in re.finditer(pattern, folded):
                    hits.extend(m.span(g) for g in range(1, len(token) + 1))
            found.extend(hits)
    if not found and len(query) >= FUZZY_MIN_LENGTH:
        from rapidfuzz import fuzz

        best = fuzz.partial_ratio_alignment(query, folded, score_cutoff=fuzzy_cutoff(query))
        if best is not None and best.dest_end > best.dest_start and starts_word(folded, best):
            found.append((best.dest_start, best.dest_end))
    merged: list[tuple[int, int]] = []
    for a, b in sorted((starts[a], ends[b - 1]) for a, b in found if b > a):
        if merged and a <= merged[-1][1]:
            if b > merged[-1][1]:
                merged[-1] = (merged[-1][0], b)
        else:
            merged.append((a, b))
    return tuple(merged)


__all__ = [
    "FUZZY_MIN_LENGTH",
    "STRONG_ENOUGH",
    "WORD_START_BELOW",
    "fuzzy_cutoff",
    "fuzzy_edits",
    "highlight_spans",
    "starts_word",
]
