"""Building the word index's postings with less Python per word (Textual-free core).

:meth:`papertui.search.wordindex.WordIndex.build` splits every haystack's two parts (short
name and title; people) at spaces and lists, per distinct word, the papers holding it and
where. Python still splits the texts and numbers the words (a dict: exact, and at C speed
per word); where each word starts, how many words each text has and the order of the
postings are numpy passes, and one sort of packed keys replaces a stable argsort (the
slowest step at 1M papers). The tests hold it to the old word-by-word build.
"""

from __future__ import annotations

from array import array
from itertools import count, repeat
from typing import Any

from papertui.search.texts import Texts

__all__ = ["Postings", "half", "halves", "position_type", "postings", "short_order"]

Postings = tuple[list[str], Any, Any, Any]  # words, offsets, papers, positions
CHUNK = 50_000  # texts per C-level pass: the GIL is free between passes
_STEP = 1 << 18  # postings per slice of a pass over all of them


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
    parts = []
    places = []
    counts = []
    step = CHUNK // 4
    for at in range(0, n, step):  # in chunks: the GIL is free between them
        part = texts[at : at + step]
        joined = " ".join(part)
        tokens = joined.split(" ")
        # number the chunk's new words (a dict of its distinct ones: C speed a word), then
        # look every word up: no default int made per word
        fresh = [w for w in dict.fromkeys(tokens) if w not in ids]
        ids.update(zip(fresh, count(len(ids))))
        parts.append(np.fromiter(map(ids.__getitem__, tokens), np.int32, len(tokens)))
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
        # where each word starts in its text (int32: a text is under 8 MB)
        places.append((token_at - np.repeat(text_at, per_text)).astype(np.int32))
    del texts  # each step lets go of what it has used: at 1M papers these are 100s of MB
    per_paper = np.concatenate(counts) if counts else np.zeros(0, np.int64)
    del counts
    first = np.concatenate(parts) if parts else np.zeros(0, np.int32)
    del parts
    place = np.concatenate(places) if places else np.zeros(0, np.int32)
    del places
    words = sorted(ids)
    numbers = np.fromiter(map(ids.__getitem__, words), np.int64, len(words))
    offsets = np.zeros(len(words) + 1, np.int64)
    np.cumsum(np.bincount(first, minlength=len(words))[numbers], out=offsets[1:])
    remap = np.zeros(len(ids), np.uint64)
    remap[numbers] = np.arange(len(words), dtype=np.uint64)
    keyed = remap[first]  # each posting's word's rank, then its whole sort key
    del first, remap, numbers
    papers = np.repeat(np.arange(n, dtype=np.int32), per_paper)
    if base is not None:
        for at in range(0, len(place), _STEP):  # in slices: no temporary as long as all
            place[at : at + _STEP] += base[papers[at : at + _STEP]]
    wide = bool(len(place)) and int(place.max()) >= 1 << 16
    kind = position_type(wide)
    # A stable sort by rank: a posting's paper and place (in text order) break the ties.
    # Packed into one key they come back out of it in order, without a gather.
    paper_bits = max(n - 1, 1).bit_length()
    if not wide and len(words).bit_length() + paper_bits + 16 <= 63:
        keyed <<= np.uint64(paper_bits + 16)
        for at in range(0, len(keyed), _STEP):
            bits = papers[at : at + _STEP].astype(np.uint64)
            bits <<= np.uint64(16)
            bits |= place[at : at + _STEP].astype(np.uint64)
            keyed[at : at + _STEP] |= bits
        del papers, place
        keyed.sort()
        place_out = (keyed & np.uint64(0xFFFF)).astype(kind)
        keyed >>= np.uint64(16)
        keyed &= np.uint64((1 << paper_bits) - 1)
        return words, offsets, keyed.astype(np.int32), place_out
    order = np.argsort(keyed, kind="stable")
    return words, offsets, papers[order], place[order].astype(kind)


def halves(hay: Texts, people_at: Any) -> tuple[list[str], list[str]]:
    """``hay[k][:people_at[k]]`` and ``hay[k][people_at[k]:]`` for every paper, sliced
    from the text at once (not from each haystack made first)."""
    return half(hay, people_at, 0), half(hay, people_at, 1)


def half(hay: Texts, people_at: Any, which: int) -> list[str]:
    """One of :func:`halves` (0: the heads, 1: the tails), made only when it is used: at a
    million papers each is 100 MB of strings."""
    import numpy as np

    starts = np.frombuffer(hay.starts, np.int64)
    begin, end = starts[:-1], starts[1:] - 1
    split = np.clip(begin + np.maximum(people_at, 0), begin, end).tolist()
    text = hay.text
    if which == 0:
        return list(map(text.__getitem__, map(slice, begin.tolist(), split)))
    return list(map(text.__getitem__, map(slice, split, end.tolist())))


def short_order(hay: Texts) -> tuple[Texts, Any]:
    """The normalised short names (what precedes the first ``" \x1f"``), sorted, and the
    paper of each (ties in paper order)."""
    import numpy as np

    text = hay.text
    starts = np.frombuffer(hay.starts, np.int64)
    begins, ends = starts[:-1], starts[1:] - 1
    cut = _short_ends(hay, begins, ends)
    if cut is None:  # what ``hay[k][1:hay[k].find(" \x1f")]`` is (-1: to the last but one)
        found = map(text.find, repeat(" \x1f"), begins.tolist(), ends.tolist())
        last = ends.tolist()
        cut = np.asarray(
            [f if f >= 0 else e - 1 for f, e in zip(found, last, strict=True)], np.int64
        )
    first = np.minimum(begins + 1, ends)  # a slice's start, as Python clips it
    cut = np.maximum(cut, first)
    shorts = list(map(text.__getitem__, map(slice, first.tolist(), cut.tolist())))
    by_short = np.asarray(sorted(range(len(shorts)), key=shorts.__getitem__), np.int64)
    sizes = (cut - first)[by_short] + 1
    offsets = array("q", bytes(8))
    offsets.frombytes(np.cumsum(sizes).astype("<i8").tobytes())
    ordered = "\n".join(map(shorts.__getitem__, by_short.tolist()))
    return Texts(ordered + "\n" if len(shorts) else "", offsets), by_short


def _short_ends(hay: Texts, begins: Any, ends: Any, step: int = CHUNK) -> Any:
    """Where each haystack's first ``" \x1f"`` is, from the bytes of the text, a chunk of
    papers at a time (None: not ASCII, or a haystack without one: ask ``str.find``)."""
    import numpy as np

    text = hay.text
    if not text.isascii():
        return None
    out = np.empty(len(begins), np.int64)
    for at in range(0, len(begins), step):
        lo, hi = int(begins[at]), int(ends[min(at + step, len(begins)) - 1]) + 1
        codes = np.frombuffer(text[lo:hi].encode("ascii"), np.uint8)
        marks = np.flatnonzero(codes == 0x1F)
        first = begins[at : at + step] - lo
        found = np.searchsorted(marks, first + 1)  # a mark after the leading character
        if (found >= len(marks)).any():
            return None
        sep = marks[found]
        if (sep >= ends[at : at + step] - lo).any() or (codes[sep - 1] != 32).any():
            return None
        out[at : at + step] = sep - 1 + lo
    return out
