"""The word index: sorted vocabulary -> papers (Textual-free core).

For word-prefix, abbreviation ("attn" -> "attention") and candidate lookups; built from a
:class:`~papertui.search.index.SearchIndex` and cached with it (:meth:`WordIndex.to_state` is
raw buffers, which the load cache memory-maps: a warm start copies none of them).
"""

from __future__ import annotations

import re
from array import array
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from papertui.search.charcounts import SLOTS, CharCounts
from papertui.search.index import SearchIndex
from papertui.search.texts import Texts
from papertui.search.wordbuild import Postings, half, position_type, postings, short_order

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

    IntArray = npt.NDArray[np.int64]
    BoolArray = npt.NDArray[np.bool_]

__all__ = ["WORD_INDEX_VERSION", "WordIndex", "half_postings"]

WORD_INDEX_VERSION = 4  # bump when WordIndex.to_state changes or the haystacks do


def half_postings(index: SearchIndex, which: int) -> Postings:
    """The postings of one half of every haystack (0: short name and title; 1: people)."""
    import numpy as np

    people_at = np.frombuffer(index.people_at, np.int64)
    # a million strings: made when its postings are, and handed over (iter() of the only
    # reference), so postings() lets go of each once it is read
    return postings(
        iter(half(index.hay, people_at, which)), len(index), people_at if which else None
    )


@dataclass(slots=True)
class WordIndex:
    """Words of the haystacks -> papers, per field group (0: short/title, 1: people).

    Used for token-wise matching ("attn is all"). ``words[g]`` is the sorted vocabulary;
    the papers holding ``words[g][k]`` are ``flat[g][offsets[g][k]:offsets[g][k + 1]]``
    (numpy arrays, so a prefix, which is a contiguous run of sorted words, is one slice).
    """

    words: tuple[Texts, Texts]
    offsets: tuple[Any, Any]  # numpy int64 arrays, len(words) + 1
    flat: tuple[Any, Any]  # numpy int32 arrays of paper numbers
    joined: tuple[str, str]  # "\n" + "\n".join(words) + "\n", for abbreviation scans
    starts: tuple[array[int], array[int]]  # offset of each word in joined
    shorts: Texts  # normalised short names, sorted
    short_papers: Any  # numpy int64: the paper of each entry of shorts
    letters: CharCounts | None = None  # letter counts per paper (the fuzzy prefilter)
    positions: tuple[Any, Any] | None = None  # per posting: where the word is in the hay
    raw: Mapping[str, Any] | None = field(default=None, repr=False, compare=False)

    def __getattr__(self, name: str) -> Any:
        """Only called for an unset slot: the numpy views of a :meth:`from_state` index,
        made on first use so that decoding one (at load) does not import numpy."""
        raw = object.__getattribute__(self, "raw")
        if name not in _LAZY or raw is None:
            raise AttributeError(name)
        self._views(raw)
        return object.__getattribute__(self, name)

    def _views(self, state: Mapping[str, Any]) -> None:
        import numpy as np

        def pair(name: str, kind: str) -> tuple[Any, Any]:
            return np.frombuffer(state[f"{name}0"], kind), np.frombuffer(state[f"{name}1"], kind)

        self.offsets = pair("offsets", "<i8")
        self.flat = pair("flat", "<i4")
        self.short_papers = np.frombuffer(state["short_papers"], "<i8")
        self.positions = None
        if "positions0" in state:
            self.positions = pair("positions", position_type(bool(state["positions.wide"])))
        self.letters = None
        if "letters" in state:
            counts = np.frombuffer(state["letters"], "u1")
            self.letters = CharCounts(counts.reshape(len(self.shorts), SLOTS))
        self.raw = None

    @classmethod
    def build(cls, index: SearchIndex, people: Callable[[], Postings] | None = None) -> WordIndex:
        """``people``: the people half's postings (:func:`half_postings` of ``index`` and 1)
        from elsewhere, asked for once the other half is built (a cold build makes them in
        a process of its own meanwhile: :mod:`papertui.store.forkwords`)."""
        parts = [half_postings(index, 0)]
        parts.append(half_postings(index, 1) if people is None else people())
        shorts, short_papers = short_order(index.hay)
        return cls._make(
            (Texts.of(parts[0][0]), Texts.of(parts[1][0])),
            (parts[0][1], parts[1][1]),
            (parts[0][2], parts[1][2]),
            shorts,
            short_papers,
            CharCounts.build(index.hay),
            (parts[0][3], parts[1][3]),
        )

    @classmethod
    def _make(
        cls,
        words: tuple[Texts, Texts],
        offsets: tuple[Any, Any],
        flat: tuple[Any, Any],
        shorts: Texts,
        short_papers: Any,
        letters: CharCounts | None,
        positions: tuple[Any, Any] | None,
    ) -> WordIndex:
        return cls(
            words=words,
            offsets=offsets,
            flat=flat,
            joined=("\n" + words[0].text, "\n" + words[1].text),
            starts=(_word_starts(words[0]), _word_starts(words[1])),
            shorts=shorts,
            short_papers=short_papers,
            letters=letters,
            positions=positions,
        )

    def to_state(self) -> dict[str, Any]:
        """Raw buffers (and a version) to cache; see :meth:`from_state`. A number column
        already of its cached type is a view of the array, not a copy (a cold build at
        1M papers writes 200 MB of them)."""
        state: dict[str, Any] = {"version": WORD_INDEX_VERSION}
        for group in (0, 1):
            state[f"words{group}"], state[f"words{group}.starts"] = self.words[group].to_bytes()
            state[f"offsets{group}"] = _raw(self.offsets[group], "<i8")
            state[f"flat{group}"] = _raw(self.flat[group], "<i4")
        state["shorts"], state["shorts.starts"] = self.shorts.to_bytes()
        state["short_papers"] = _raw(self.short_papers, "<i8")
        if self.letters is not None:
            state["letters"] = _raw(self.letters.counts, "u1")
        if self.positions is not None:
            wide = any(p.dtype.itemsize > 2 for p in self.positions)
            state["positions.wide"] = int(wide)
            for group in (0, 1):
                state[f"positions{group}"] = _raw(self.positions[group], position_type(wide))
        return state

    @classmethod
    def from_state(cls, state: Mapping[str, Any]) -> WordIndex:
        """Rebuild from :meth:`to_state` output, whose buffers (bytes or memoryviews) it
        uses in place (numpy views of them are made on first use); raises ValueError if it
        is not one."""
        if state.get("version") != WORD_INDEX_VERSION:
            raise ValueError("word index state from another version")
        try:
            words = tuple(
                Texts.from_bytes(state[f"words{g}"], state[f"words{g}.starts"]) for g in (0, 1)
            )
            shorts = Texts.from_bytes(state["shorts"], state["shorts.starts"])
            sizes = {
                k: memoryview(v).nbytes
                for k, v in state.items()
                if isinstance(v, bytes | memoryview)
            }
            wide = bool(state.get("positions.wide", 0))
            for g in (0, 1):
                flat = sizes[f"flat{g}"] // 4
                if (
                    sizes[f"offsets{g}"] != 8 * (len(words[g]) + 1)
                    or _last(state[f"offsets{g}"]) != flat
                ):
                    raise ValueError("word index state is inconsistent")
                if f"positions{g}" in state and sizes[f"positions{g}"] != flat * (4 if wide else 2):
                    raise ValueError("word index state is inconsistent")
            if sizes["short_papers"] != 8 * len(shorts):
                raise ValueError("word index state is inconsistent")
            if "letters" in state and sizes["letters"] != SLOTS * len(shorts):
                raise ValueError("word index state is inconsistent")
        except (KeyError, TypeError) as error:
            raise ValueError(f"word index state is incomplete: {error}") from None
        index = cls.__new__(cls)  # the numpy fields stay unset until first use
        index.words = (words[0], words[1])
        index.joined = ("\n" + words[0].text, "\n" + words[1].text)
        index.starts = (_word_starts(words[0]), _word_starts(words[1]))
        index.shorts = shorts
        index.raw = dict(state)
        return index

    def prefix_papers(self, group: int, token: str, *, whole: bool = False) -> Any:
        """Paper numbers (numpy, may repeat) with a word starting with ``token`` (that is
        ``token``, if ``whole``)."""
        words = self.words[group]
        lo = bisect_left(words, token)
        hi = bisect_left(words, token + ("\x00" if whole else "\U0010ffff"), lo)
        offsets = self.offsets[group]
        return self.flat[group][offsets[lo] : offsets[hi]]

    def prefix_mask(self, token: str, n: int, *, whole: bool = False) -> BoolArray:
        """A mask of the papers with a word (any field) that starts with ``token`` (that
        is ``token``, if ``whole``)."""
        import numpy as np

        mask = np.zeros(n, np.bool_)
        for group in (0, 1):
            mask[self.prefix_papers(group, token, whole=whole)] = True
        return mask

    def phrase_candidates(self, tokens: list[str], n: int) -> BoolArray:
        """A mask of the papers that may hold ``tokens`` joined by spaces: the first
        token inside a word, the last one starting a word, any others whole words."""
        mask = self.containing(tokens[0], n)
        if len(tokens) > 1:
            mask &= self.prefix_mask(tokens[-1], n)
        for token in tokens[1:-1]:
            mask &= self.prefix_mask(token, n, whole=True)
        return mask

    def containing(self, token: str, n: int) -> BoolArray:
        """A mask of the papers with a word (any field) that contains ``token``."""
        import numpy as np

        mask = np.zeros(n, np.bool_)
        pattern = re.compile(re.escape(token))
        for group in (0, 1):
            starts, offsets, flat = self.starts[group], self.offsets[group], self.flat[group]
            seen = -1
            for m in pattern.finditer(self.joined[group]):
                k = bisect_right(starts, m.start()) - 1
                if k != seen:  # a word may hold the token twice
                    seen = k
                    mask[flat[offsets[k] : offsets[k + 1]]] = True
        return mask

    def abbreviation_words(self, group: int, token: str) -> list[int]:
        """Positions of words holding ``token``'s letters in order, from its first letter."""
        gap = "[^\n]*?"
        pattern = re.compile("\n" + gap.join(re.escape(c) for c in token) + "[^\n]*")
        starts = self.starts[group]
        return [bisect_left(starts, m.start() + 1) for m in pattern.finditer(self.joined[group])]

    def abbreviation_papers(self, group: int, token: str) -> Any:
        import numpy as np

        offsets, flat = self.offsets[group], self.flat[group]
        runs = [flat[offsets[k] : offsets[k + 1]] for k in self.abbreviation_words(group, token)]
        return np.concatenate(runs) if runs else np.zeros(0, np.int32)


def _word_starts(words: Texts) -> array[int]:
    """Where each word starts in ``"\\n" + words.text``."""
    return array("q", map((1).__add__, words.starts[:-1]))


_LAZY = frozenset({"offsets", "flat", "short_papers", "letters", "positions"})


def _last(offsets: bytes | memoryview) -> int:
    """The last int64 of a little-endian buffer (-1 if empty)."""
    tail = bytes(memoryview(offsets)[-8:])
    return int.from_bytes(tail, "little", signed=True) if len(tail) == 8 else -1


def _raw(values: Any, kind: str) -> memoryview:
    """The bytes of ``values`` as ``kind`` (a numpy dtype): a view when it is one."""
    import numpy as np

    raw: memoryview = np.ascontiguousarray(values, kind).reshape(-1).view(np.uint8).data
    return raw
