"""Building the word index's postings with less Python per word (Textual-free core).

:meth:`papertui.search.wordindex.WordIndex.build` splits every haystack's two parts (short
name and title; people) at spaces and lists, per distinct word, the papers holding it and
where. Python still splits the texts and numbers the words (a dict: exact, and at C speed
per word); where each word starts, how many words each text has and the order of the
postings are numpy passes, and one sort of packed keys replaces a stable argsort (the
slowest step at 1M papers). The tests hold it to the old word-by-word build.
"""

from __future__ import annotations

from itertools import count, repeat
from typing import Any

from papertui.search.texts import Texts

__all__ = ["Postings", "position_type", "postings", "short_order"]

Postings = tuple[list[str], Any, Any, Any]  # words, offsets, papers, positions
CHUNK = 50_000  # texts per C-level pass: the GIL is free between passes


def position_type(wide: bool) -> str:
    return "<i4" if wide else "<u2"


def postings(chunks: Any, n: int, base: Any) -> Postings:
    """Sorted vocabulary, CSR postings and the position of each posting's word in its
    haystack (``base[paper]`` + offset in the text) for ``n`` space-separated texts.

    Words repeated inside one text repeat in its postings (harmless: callers build masks).
    The separators and "" become vocabulary entries too; no query token can match them.
    Positions come from the spaces of each chunk's bytes (ASCII chunks; others are
    measured word by word); a sort of ``rank << 32 | posting`` is the stable sort by rank.
    """
    import numpy as np

    texts = list(chunks)
    ids: dict[str, int] = {}
    numbers = count()
    parts = []
    places = []
    counts = []
    step = CHUNK // 4
    for at in range(0, n, step):  # in chunks: the GIL is free between them
        part = texts[at : at + step]
        joined = " ".join(part)
        tokens = joined.split(" ")
        parts.append(np.fromiter(map(ids.setdefault, tokens, numbers), np.int64, len(tokens)))
        size = np.fromiter(map(len, part), np.int64, len(part)) + 1
        text_at = np.cumsum(size) - size  # where each text starts in ``joined``
        if joined.isascii():
            space = np.flatnonzero(np.frombuffer(joined.encode("ascii"), np.uint8) == 32)
            token_at = np.concatenate(([0], space + 1))
            # words per text: its spaces + 1 (the joins' spaces are in no text)
            inside = np.searchsorted(space, text_at + size - 1) - np.searchsorted(space, text_at)
        else:
            size_t = np.fromiter(map(len, tokens), np.int64, len(tokens)) + 1
            token_at = np.cumsum(size_t) - size_t
            inside = np.fromiter(map(str.count, part, repeat(" ")), np.int64, len(part))
        per_text = inside + 1
        counts.append(per_text)
        places.append(token_at - np.repeat(text_at, per_text))
    per_paper = np.concatenate(counts) if counts else np.zeros(0, np.int64)
    first = np.concatenate(parts) if parts else np.zeros(0, np.int64)
    place = np.concatenate(places) if places else np.zeros(0, np.int64)
    words = sorted(ids)
    remap = np.zeros(next(numbers) + 1, np.int64)
    remap[np.fromiter(map(ids.__getitem__, words), np.int64, len(words))] = np.arange(len(words))
    rank = remap[first]
    del first
    papers = np.repeat(np.arange(n, dtype=np.int32), per_paper)
    if base is not None:
        place += base[papers]
    offsets = np.zeros(len(words) + 1, np.int64)
    np.cumsum(np.bincount(rank, minlength=len(words)), out=offsets[1:])
    kind = position_type(bool(len(place)) and int(place.max()) >= 1 << 16)
    if len(rank) >= 1 << 32:  # too many for the packed sort
        order = np.argsort(rank, kind="stable")
        return words, offsets, papers[order], place[order].astype(kind)
    # a stable sort by rank: the posting's number breaks ties, in the low 32 bits
    keyed = rank.astype(np.uint64) << np.uint64(32)
    del rank
    keyed |= np.arange(len(keyed), dtype=np.uint64)
    keyed.sort()
    keyed &= np.uint64(0xFFFFFFFF)
    order = keyed.view(np.int64)
    return words, offsets, papers[order], place[order].astype(kind)


def short_order(hay: Texts) -> tuple[list[str], Any]:
    """The normalised short names (what precedes the first ``" \\x1f"``), sorted, and the
    paper of each (ties in paper order)."""
    import numpy as np

    from papertui.search.index import FIELD_SEP

    ends = map(str.find, hay, repeat(f" {FIELD_SEP}"))
    shorts = list(map(str.__getitem__, hay, map(slice, repeat(1), ends)))
    by_short = sorted(range(len(shorts)), key=shorts.__getitem__)
    return list(map(shorts.__getitem__, by_short)), np.asarray(by_short, np.int64)
