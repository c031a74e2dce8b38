"""The ``text:`` filter: words in a paper's summary, why-it-matters and notes (core).

Free text searches names, titles, authors and organisations; the longer texts are kept
out of that ranking (they would drown a name in passing mentions) and searched only when
asked, through ``text:`` (a filter, AND), or counted when free text finds nothing in the
titles ("3 in summaries"). The screen resolves ``text:`` into ids (``View.within``), as
it does the personal filters, so the ranking engine is unchanged.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable

from papertui.library.fold import normalize
from papertui.library.model import Library
from papertui.search.query import split_digits

__all__ = ["SummaryText"]


class SummaryText:
    """The normalised long texts of one library, built on first use."""

    def __init__(self, library: Library) -> None:
        self._library = library
        self._texts: list[tuple[str, str]] | None = None
        self._lock = threading.Lock()  # a worker counts while the UI thread may filter

    def _all(self) -> list[tuple[str, str]]:
        with self._lock:
            return self._build()

    def _build(self) -> list[tuple[str, str]]:
        if self._texts is None:
            self._texts = [
                (
                    paper.id,
                    " "
                    + split_digits(
                        normalize(
                            " ".join(
                                [paper.summary, paper.why_it_matters]
                                + [note for _source, note in paper.notes]
                            )
                        )
                    )
                    + " ",
                )
                for paper in self._library
            ]
        return self._texts

    def find(self, values: Iterable[str]) -> frozenset[str]:
        """Ids of the papers whose long texts hold every value (each a phrase matched at
        a word start, case- and accent-insensitively)."""
        needles = [" " + n for v in values if (n := split_digits(normalize(v)))]
        if not needles:
            return frozenset(paper.id for paper in self._library)
        return frozenset(
            pid for pid, text in self._all() if all(needle in text for needle in needles)
        )
