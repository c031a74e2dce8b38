"""A paper's cache record made without the paper (Textual-free core).

A big cold load's workers (:mod:`papertui.store.build`) send each paper back as its cache
record: the msgpack of the :class:`~papertui.library.model.Paper` (a map of every field, in
declared order, each ``builds_on`` entry a map of the :class:`~papertui.library.model.Link`
fields). :class:`PaperRecord` and :class:`LinkRecord` declare the same fields in the same
order with the same defaults, so a record encoded from them is byte for byte the record of
the paper, and the fast path (:func:`papertui.library.fastpath.fast_parse`) makes them from
the checked values without the cost of the frozen dataclasses the library keeps. The build
process decodes each record into a ``Paper`` as before. ``tests/store/test_paperrecord.py``
holds the two declarations equal.
"""

from __future__ import annotations

import msgspec


class LinkRecord(msgspec.Struct):
    """:class:`papertui.library.model.Link`'s fields, for encoding."""

    target: str
    reason: str = ""
    type: str = ""
    line: int = 0
    col: int = 0


class PaperRecord(msgspec.Struct):
    """:class:`papertui.library.model.Paper`'s fields, for encoding."""

    id: str
    short: str
    title: str
    date: str
    era: str
    authors: tuple[str, ...] = ()
    org: str = ""
    tags: tuple[str, ...] = ()
    summary: str = ""
    why_it_matters: str = ""
    related: tuple[str, ...] = ()
    builds_on: tuple[LinkRecord, ...] = ()
    arxiv: str = ""
    explainer: str = ""
    url: str = ""
    other_links: tuple[tuple[str, str], ...] = ()
    notes: tuple[tuple[str, str], ...] = ()
    sources: tuple[str, ...] = ()
    kind: str = "paper"
    part_of: str = ""
    released: str = ""
    authors_truncated: bool = False
    file: str = ""
    line: int = 0


__all__ = ["LinkRecord", "PaperRecord"]
