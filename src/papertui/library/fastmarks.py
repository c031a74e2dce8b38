"""Where the papers of a fast-path file start, found in the text (Textual-free core).

:mod:`.fastpath` parses a paper file into plain values, which carry no positions, yet a
paper keeps its line and each ``builds_on`` entry its line and column (lineage problems
point there). They are found here with a few regular expressions over the text, in the
block layout every paper file uses (``- id: ...`` items at column 0 in a file of papers;
``builds_on:`` followed by ``- entry`` lines), and each position is checked against the
parsed value it must hold: the item's first key, the entry's id or first key. Anything
else, or any disagreement, returns ``None`` and the file goes to the composer.
"""

from __future__ import annotations

import functools
import re
from typing import Any

_LEAD = re.compile(r"(?:[ \t]*(?:#[^\n]*)?\n)*")  # blank and comment lines
# an item at column 0, after a newline (a search with a literal first character: a
# multi-line ^ search costs 4 us a paper in a shard); the text's start is tried apart
_ITEM = re.compile(r"\n-[ \t]+")
_ITEM_AT_START = re.compile(r"-[ \t]+")
_ENTRY = re.compile(r"^([ \t]*)-[ \t]+", re.M)


# A paper's line and its ``builds_on`` entries' (line, column), 1-based.
Marks = tuple[int, tuple[tuple[int, int], ...]]
_NO_LEAD = frozenset("\n\t #")  # a first character no blank or comment line starts with


def _starts_with(text: str, offset: int, value: object) -> bool:
    """Does the node written at ``offset`` begin as ``value`` (a plain value or a mapping
    whose first key is written plain)?"""
    if type(value) is dict:
        first = next(iter(value), None)
        return (
            type(first) is str
            and text.startswith(first, offset)
            and (text.startswith(":", offset + len(first)))
        )
    if type(value) is str and value:
        return text.startswith(value, offset) or (
            text[offset : offset + 1] in ("'", '"') and text.startswith(value, offset + 1)
        )
    return False


_KEYS: dict[int, re.Pattern[str]] = {}


def _key(column: int) -> re.Pattern[str]:
    """The ``builds_on:`` key line of a mapping whose keys start at ``column``, matched at
    the start of its line."""
    pattern = _KEYS.get(column)
    if pattern is None:
        pattern = re.compile(rf"(?:[ \t]{{{column}}}|-[ \t]+)builds_on:[ \t]*(?:#[^\n]*)?\n")
        _KEYS[column] = pattern
    return pattern


@functools.cache
def _shallow(column: int) -> re.Pattern[str]:
    """A line with content at or left of ``column``."""
    return re.compile(rf"^[ \t]{{0,{column}}}[^ \t\n#]", re.M)


def item_starts(text: str) -> list[int]:
    """Where each item of a top-level block sequence starts: the ends of the matches of
    ``^-[ \t]+`` (multi-line)."""
    starts = [m.end() for m in _ITEM.finditer(text)]
    first = _ITEM_AT_START.match(text)
    if first is not None:
        starts.insert(0, first.end())
    return starts


def key_line_end(text: str, start: int, end: int, column: int) -> int:
    """Where the first ``builds_on:`` key line of a mapping whose keys are at ``column``
    ends, searched from ``start`` (a line start) to ``end``; -1 when there is none. The
    search of :func:`_key` with ``^`` (multi-line), run only at the lines that have the
    key's name."""
    key = _key(column)
    hit = text.find("builds_on:", start, end)
    while hit >= 0:
        found = key.match(text, text.rfind("\n", 0, hit) + 1, end)
        if found is not None:
            return found.end()
        hit = text.find("builds_on:", hit + 1, end)
    return -1


def find_marks(text: str, items: list[Any], one: bool) -> list[Marks] | None:
    """Marks for ``items`` (the parsed papers: one mapping when ``one``, else the
    sequence's entries), or ``None`` when they cannot be found and checked."""
    if one:
        lead = 0 if text[:1] not in _NO_LEAD else _LEAD.match(text).end()  # type: ignore[union-attr]
        starts = [lead]
    else:
        starts = item_starts(text)
    if len(starts) != len(items):
        return None
    ends = [*starts[1:], len(text)]
    marks: list[Marks] = []
    count = text.count
    at, line = 0, 1
    for item, start, end in zip(items, starts, ends, strict=True):
        if not _starts_with(text, start, item):
            return None
        line += count("\n", at, start)
        at = start
        targets = item.get("builds_on")
        if not targets or type(targets) is not list:
            marks.append((line, ()))
            continue
        key_col = start - (text.rfind("\n", 0, start) + 1)
        links = _links(text, start, end, key_col, targets, line, at)
        if links is None:
            return None
        marks.append((line, links))
    return marks


def _links(
    text: str, start: int, end: int, key_col: int, targets: list[Any], line: int, at: int
) -> tuple[tuple[int, int], ...] | None:
    """The entries' (line, column) of the ``builds_on`` key of the mapping whose first key
    is at ``start`` (column ``key_col``) and which ends before ``end``; ``line`` is the line
    of offset ``at``."""
    pos = key_line_end(text, start - key_col, end, key_col)
    if pos < 0:
        return None
    indent = -1
    out: list[tuple[int, int]] = []
    count = text.count
    for target in targets:
        entry = _ENTRY.search(text, pos, end)
        if entry is None:
            return None
        begin, stop = entry.span()
        width = len(entry.group(1))
        if indent < 0:
            if width < key_col:
                return None
            indent = width
        elif width != indent:
            return None
        # lines between entries belong to the one before (deeper); none may sit at or
        # left of the entries' column
        if begin > pos and _shallow(indent).search(text, pos, begin):
            return None
        if not _starts_with(text, stop, target):
            return None
        line += count("\n", at, begin)
        at = begin
        out.append((line, stop - begin + 1))
        pos = stop
    return tuple(out)


__all__ = ["Marks", "find_marks", "item_starts", "key_line_end"]
