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
from dataclasses import dataclass
from typing import Any

_LEAD = re.compile(r"(?:[ \t]*(?:#[^\n]*)?\n)*")  # blank and comment lines
_ITEM = re.compile(r"^-[ \t]+", re.M)
_ENTRY = re.compile(r"^([ \t]*)-[ \t]+", re.M)


@dataclass(frozen=True, slots=True)
class Marks:
    """A paper's line and its ``builds_on`` entries' (line, column), 1-based."""

    line: int
    links: tuple[tuple[int, int], ...]


class _Lines:
    """Line numbers of increasing offsets, counted incrementally."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.at = 0
        self.line = 1

    def of(self, offset: int) -> int:
        if offset < self.at:  # pragma: no cover - offsets only grow
            self.at, self.line = 0, 1
        self.line += self.text.count("\n", self.at, offset)
        self.at = offset
        return self.line


def _starts_with(text: str, offset: int, value: object) -> bool:
    """Does the node written at ``offset`` begin as ``value`` (a plain value or a mapping
    whose first key is written plain)?"""
    if type(value) is dict:
        first = next(iter(value), None)
        return type(first) is str and text.startswith(f"{first}:", offset)
    if type(value) is str and value:
        return text.startswith(value, offset) or (
            text[offset : offset + 1] in ("'", '"') and text.startswith(value, offset + 1)
        )
    return False


@functools.cache
def _key(column: int) -> re.Pattern[str]:
    """The ``builds_on:`` key line of a mapping whose keys start at ``column``."""
    return re.compile(rf"^(?:[ \t]{{{column}}}|-[ \t]+)builds_on:[ \t]*(?:#[^\n]*)?\n", re.M)


@functools.cache
def _shallow(column: int) -> re.Pattern[str]:
    """A line with content at or left of ``column``."""
    return re.compile(rf"^[ \t]{{0,{column}}}[^ \t\n#]", re.M)


def find_marks(text: str, items: list[Any], one: bool) -> list[Marks] | None:
    """Marks for ``items`` (the parsed papers: one mapping when ``one``, else the
    sequence's entries), or ``None`` when they cannot be found and checked."""
    if one:
        lead = _LEAD.match(text)
        starts = [lead.end() if lead else 0]
    else:
        starts = [m.end() for m in _ITEM.finditer(text)]
    if len(starts) != len(items):
        return None
    lines = _Lines(text)
    ends = [*starts[1:], len(text)]
    marks: list[Marks] = []
    for item, start, end in zip(items, starts, ends, strict=True):
        if not _starts_with(text, start, item):
            return None
        line = lines.of(start)
        targets = item.get("builds_on")
        if not targets or type(targets) is not list:
            marks.append(Marks(line, ()))
            continue
        key_col = start - (text.rfind("\n", 0, start) + 1)
        links = _links(text, start, end, key_col, targets, lines)
        if links is None:
            return None
        marks.append(Marks(line, links))
    return marks


def _links(
    text: str, start: int, end: int, key_col: int, targets: list[Any], lines: _Lines
) -> tuple[tuple[int, int], ...] | None:
    key = _key(key_col).search(text, start - key_col, end)
    if key is None:
        return None
    at = key.end()
    indent = -1
    found: list[tuple[int, int]] = []
    for target in targets:
        entry = _ENTRY.search(text, at, end)
        if entry is None:
            return None
        width = len(entry.group(1))
        if indent < 0:
            if width < key_col:
                return None
            indent = width
        elif width != indent:
            return None
        # lines between entries belong to the one before (deeper); none may sit at or
        # left of the entries' column
        if entry.start() > at and _shallow(indent).search(text, at, entry.start()):
            return None
        if not _starts_with(text, entry.end(), target):
            return None
        line = lines.of(entry.start())
        found.append((line, entry.end() - entry.start() + 1))
        at = entry.end()
    return tuple(found)


__all__ = ["Marks", "find_marks"]
