"""A free text's hits, and the engine's cache of the latest ones (Textual-free core).

:class:`TextHits` is everything about one normalised free text that does not depend on
filters; :class:`TextHitsCache` keeps them by text, for a key that types a text again
(a backspace) and for one that extends a kept text (incremental narrowing: only the
kept text's hits need checking).
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

# Free texts whose hits are kept (least recently used first out), up to this many and
# this many bytes of arrays. The bytes decide at 1M papers: a first letter's hits are
# 3-6 MB and take 4-6 ms to gather again, while a longer text's are some KB; every
# query starts with a letter, so keeping a few of them makes the first key of most
# queries a lookup (1M, keys_e2e.py).
ENTRIES = 64
BYTES = 48 << 20


@dataclass(slots=True)
class TextHits:
    """Everything about one normalised free text that does not depend on filters."""

    contains: Any  # numpy array: papers containing the text, date order (for narrowing);
    # None until asked for (:meth:`papers`) when the ranking did not need it
    ranked: Any  # numpy array: papers of the substring and token tiers, best first
    fuzzy: Any = None  # numpy array of fuzzy-tier papers, once computed without filters

    def papers(self) -> Any:
        """The papers containing the text, in date order."""
        if self.contains is None:
            import numpy as np

            self.contains = np.sort(self.ranked)
        return self.contains

    def nbytes(self) -> int:
        """The bytes of its arrays."""
        return sum(a.nbytes for a in (self.contains, self.ranked, self.fuzzy) if a is not None)


class TextHitsCache:
    """The hits of the latest free texts, least recently used out first past
    :data:`ENTRIES` texts or :data:`BYTES` of arrays (the newest always stays). Safe to
    use from any thread; iterating gives the texts kept, oldest first."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._hits: OrderedDict[str, TextHits] = OrderedDict()

    def lookup(
        self, text: str, same_mode: Callable[[str], bool]
    ) -> tuple[TextHits | None, TextHits | None]:
        """``text``'s own hits if kept (now the most recently used), else ``None`` and the
        hits of the longest kept text that ``text`` extends and ``same_mode`` accepts (the
        same way of matching), if any."""
        with self._lock:
            hit = self._hits.get(text)
            if hit is not None:
                self._hits.move_to_end(text)
                return hit, None
            bases = (k for k in self._hits if text.startswith(k) and same_mode(k))
            base = max(bases, key=len, default=None)
            return None, self._hits[base] if base is not None else None

    def remember(self, text: str, hits: TextHits) -> TextHits:
        """Keep ``hits`` for ``text`` (the most recently used) and return them."""
        with self._lock:
            self._hits[text] = hits
            self._hits.move_to_end(text)
            total = self._nbytes()
            while len(self._hits) > 1 and (len(self._hits) > ENTRIES or total > BYTES):
                total -= self._hits.popitem(last=False)[1].nbytes()
        return hits

    def nbytes(self) -> int:
        """The bytes of every kept text's arrays."""
        with self._lock:
            return self._nbytes()

    def _nbytes(self) -> int:
        return sum(kept.nbytes() for kept in self._hits.values())

    def clear(self) -> None:
        with self._lock:
            self._hits.clear()

    def __iter__(self) -> Iterator[str]:
        with self._lock:
            return iter(list(self._hits))


__all__ = ["BYTES", "ENTRIES", "TextHits", "TextHitsCache"]
