"""The word index as it was built before ``search/wordbuild.py`` (word by word in Python):
the reference the fast build must equal, byte for byte, in ``test_wordbuild.py``."""

from __future__ import annotations

from itertools import count, repeat
from typing import Any

import numpy as np

from papertui.search.charcounts import CharCounts
from papertui.search.index import FIELD_SEP, SearchIndex
from papertui.search.texts import Texts
from papertui.search.wordindex import WordIndex

CHUNK = 50_000


def reference_build(index: SearchIndex) -> WordIndex:
    """``WordIndex.build`` as it was (commit 05210cb)."""
    heads = map(str.__getitem__, index.hay, map(slice, repeat(None), index.people_at))
    tails = map(str.__getitem__, index.hay, map(slice, index.people_at, repeat(None)))
    people_at = np.frombuffer(index.people_at, np.int64)
    parts = [
        _postings(chunks, len(index), base) for chunks, base in ((heads, None), (tails, people_at))
    ]
    ends = map(str.find, index.hay, repeat(f" {FIELD_SEP}"))
    shorts = list(map(str.__getitem__, index.hay, map(slice, repeat(1), ends)))
    by_short = sorted(range(len(shorts)), key=shorts.__getitem__)
    return WordIndex._make(
        (Texts.of(parts[0][0]), Texts.of(parts[1][0])),
        (parts[0][1], parts[1][1]),
        (parts[0][2], parts[1][2]),
        Texts.of(map(shorts.__getitem__, by_short)),
        np.asarray(by_short, np.int64),
        reference_counts(index.hay),
        (parts[0][3], parts[1][3]),
    )


def reference_counts(hay: Texts, chunk: int = 20_000) -> CharCounts:
    """``CharCounts.build`` as it was."""
    slot_of = np.frombuffer(
        bytes(
            (b - 0x61) if 0x61 <= b <= 0x7A else (b - 0x30 + 26) if 0x30 <= b <= 0x39 else 36
            for b in range(256)
        ),
        np.uint8,
    )
    starts = np.frombuffer(hay.starts, np.int64)
    counts = np.zeros((len(hay), 36), np.uint8)
    for at in range(0, len(hay), chunk):
        stop = min(at + chunk, len(hay))
        part = hay.text[starts[at] : starts[stop]]
        if part.isascii():
            data = part.encode("ascii")
            sizes = np.diff(starts[at : stop + 1])
        else:
            data = part.encode("utf-8")
            sizes = np.fromiter((len(t.encode("utf-8")) + 1 for t in hay[at:stop]), np.int64)
        slots = slot_of[np.frombuffer(data, np.uint8)].astype(np.int64)
        paper = np.repeat(np.arange(stop - at, dtype=np.int64), sizes)
        keep = slots < 36
        flat = np.bincount(paper[keep] * 36 + slots[keep], minlength=(stop - at) * 36)
        counts[at:stop] = np.minimum(flat, 255).reshape(stop - at, 36)
    return CharCounts(counts)


def _postings(chunks: Any, n: int, base: Any) -> tuple[list[str], Any, Any, Any]:
    """Sorted vocabulary, CSR postings and the position of each posting's word in its
    haystack (``base[paper]`` + offset in the text) for ``n`` space-separated texts.

    Words repeated inside one text repeat in its postings (harmless: callers build masks).
    The separators and "" become vocabulary entries too; no query token can match them.
    """

    texts = list(chunks)
    per_paper = np.fromiter(map(str.count, texts, repeat(" ")), np.int64, n) + 1
    ids: dict[str, int] = {}
    numbers = count()
    parts = []
    places = []
    step = CHUNK // 4
    for at in range(0, n, step):  # in chunks: the GIL is free between them
        part = texts[at : at + step]
        tokens = " ".join(part).split(" ")
        parts.append(np.fromiter(map(ids.setdefault, tokens, numbers), np.int64, len(tokens)))
        size = np.fromiter(map(len, tokens), np.int64, len(tokens)) + 1
        token_at = np.cumsum(size) - size  # in the chunk
        size = np.fromiter(map(len, part), np.int64, len(part)) + 1
        text_at = np.cumsum(size) - size
        places.append(token_at - np.repeat(text_at, per_paper[at : at + len(part)]))
    first = np.concatenate(parts) if parts else np.zeros(0, np.int64)
    place = np.concatenate(places) if places else np.zeros(0, np.int64)
    words = sorted(ids)
    remap = np.zeros(next(numbers) + 1, np.int64)
    remap[np.fromiter(map(ids.__getitem__, words), np.int64, len(words))] = np.arange(len(words))
    rank = remap[first]
    papers = np.repeat(np.arange(n, dtype=np.int32), per_paper)
    if base is not None:
        place += base[papers]
    order = np.argsort(rank, kind="stable")
    offsets = np.zeros(len(words) + 1, np.int64)
    np.cumsum(np.bincount(rank, minlength=len(words)), out=offsets[1:])
    kind = _position_type(bool(len(place)) and int(place.max()) >= 1 << 16)
    return words, offsets, papers[order], place[order].astype(kind)


def _position_type(wide: bool) -> str:
    return "<i4" if wide else "<u2"
