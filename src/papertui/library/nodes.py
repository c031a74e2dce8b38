"""Checks of YAML node shapes: mappings, strings, ids, years, dates, flags and closed
vocabularies, each problem at the node's line and column (Textual-free core).

:class:`NodeChecker` is the base of the data file checkers (:mod:`.schema`); nothing is
constructed by PyYAML: scalars are read from ``node.value`` (the text as written).
"""

from __future__ import annotations

import datetime as dt
import re

from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from papertui.library.problems import Problem
from papertui.library.sanitize import clean, one_line
from papertui.library.vocab import closest

SLUG = re.compile(r"[a-z0-9][a-z0-9-]*\Z")
DATE_STR = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?\Z")
DATE_TIMESTAMP = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})\Z")

_T = "tag:yaml.org,2002:"
STR, INT, FLOAT, NULL, BOOL, TIMESTAMP = (
    _T + "str",
    _T + "int",
    _T + "float",
    _T + "null",
    _T + "bool",
    _T + "timestamp",
)
_KIND = {INT: "a number", FLOAT: "a number", NULL: "nothing (null)", BOOL: "a boolean"}
_KIND[TIMESTAMP] = "a date"
_KIND[_T + "merge"] = "a merge key (<<)"

Items = dict[str, tuple[ScalarNode, Node]]


def pos(node: Node) -> tuple[int, int]:
    return node.start_mark.line + 1, node.start_mark.column + 1


def kind(node: Node) -> str:
    if isinstance(node, SequenceNode):
        return "a list"
    if isinstance(node, MappingNode):
        return "a mapping"
    return _KIND.get(node.tag, "a string" if node.tag == STR else f"a {node.tag} value")


def tidy(text: str, *, multiline: bool = False) -> str:
    """A string field's text as stored: neutralised (:mod:`.sanitize`) and trimmed; one-line
    fields have their space runs collapsed. Empty means "must not be empty"."""
    # Fast path, same result: printable text has no control to clean and no whitespace
    # but U+0020, so with no leading, trailing or doubled space there is nothing to do.
    if (
        text.isprintable()
        and text
        and text[0] != " "
        and text[-1] != " "
        and (multiline or "  " not in text)
    ):
        return text
    return clean(text, multiline=True).strip() if multiline else one_line(text)


def _is_null(node: Node) -> bool:
    return isinstance(node, ScalarNode) and node.tag == NULL


class NodeChecker:
    """Checks nodes of one file, appending a :class:`Problem` for everything wrong."""

    def __init__(self, file: str, problems: list[Problem]) -> None:
        self.file = file
        self.problems = problems

    def error(self, node: Node, message: str) -> None:
        line, col = pos(node)
        self.problems.append(Problem(self.file, line, col, message))

    # -- generic shapes -------------------------------------------------------------------

    def mapping(self, node: Node, what: str, allowed: tuple[str, ...]) -> Items | None:
        if not isinstance(node, MappingNode):
            self.error(node, f"{what}: expected a mapping, found {kind(node)}")
            return None
        items: Items = {}
        for key, value in node.value:
            if not isinstance(key, ScalarNode) or key.tag not in (STR, INT, BOOL, NULL):
                self.error(key, f"{what}: keys must be plain names, found {kind(key)}")
                continue
            name = key.value
            if name in items:
                line, col = pos(items[name][0])
                self.error(key, f"duplicate key {name!r} (first at line {line}, column {col})")
                continue
            if name not in allowed:
                self.error(key, f"{what}: unknown field {one_line(name)!r}")
                continue
            items[name] = (key, value)
        return items

    def string(self, node: Node, what: str, *, multiline: bool = False) -> str | None:
        if node.tag != STR or not isinstance(node, ScalarNode):
            hint = " (quote it)" if isinstance(node, ScalarNode) and not _is_null(node) else ""
            self.error(node, f"{what}: expected a string, found {kind(node)}{hint}")
            return None
        text = tidy(node.value, multiline=multiline)
        if not text:
            self.error(node, f"{what}: must not be empty")
            return None
        return text

    def strings(self, node: Node, what: str, *, unique: bool = True) -> tuple[str, ...] | None:
        """A list of strings; with ``unique`` an entry listed twice is reported and dropped
        (not for authors: two co-authors can share a name)."""
        if not isinstance(node, SequenceNode):
            self.error(node, f"{what}: expected a list of strings, found {kind(node)}")
            return None
        found: list[str] = []
        seen: set[str] = set()
        for item in node.value:
            text = self.string(item, f"{what} entry")
            if text is None:
                continue
            if unique:
                if text in seen:
                    self.error(item, f"{what}: {text!r} is listed twice")
                    continue
                seen.add(text)
            found.append(text)
        return tuple(found)

    def slug(self, node: Node, what: str) -> str | None:
        text = self.string(node, what)
        if text is None:
            return None
        if not SLUG.match(text):
            self.error(node, f"{what}: {text!r} is not an id (use a-z, 0-9 and '-')")
            return None
        return text

    def year(self, node: Node, what: str) -> int | None:
        if not isinstance(node, ScalarNode) or node.tag != INT or not node.value.isdigit():
            self.error(node, f"{what}: expected a year like 2017, found {kind(node)}")
            return None
        if len(node.value) > 4 or not node.value.isascii():  # int() of 5,000 digits raises
            self.error(node, f"{what}: expected a year like 2017, found {len(node.value)} digits")
            return None
        return int(node.value)

    def date(self, node: Node, what: str = "date") -> str | None:
        match = None
        if isinstance(node, ScalarNode):
            if node.tag == INT:
                match = DATE_STR.match(node.value)
            elif node.tag == STR:
                match = DATE_STR.match(node.value.strip())
            elif node.tag == TIMESTAMP:
                match = DATE_TIMESTAMP.match(node.value)
        if match is None:
            self.error(node, f"{what}: expected YYYY, YYYY-MM or YYYY-MM-DD")
            return None
        year, month, day = (int(g) if g else None for g in match.groups())
        assert year is not None
        try:
            dt.date(year, month or 1, day or 1)
        except ValueError as exc:
            self.error(node, f"{what}: {node.value!r} is not a real date ({exc})")
            return None
        if year < 1000:
            self.error(node, f"{what}: year {year} is not plausible")
            return None
        parts = [f"{year:04d}"] + [f"{n:02d}" for n in (month, day) if n is not None]
        return "-".join(parts)

    def choice(self, node: Node, what: str, allowed: tuple[str, ...]) -> str | None:
        """A string from a closed vocabulary; anything else names the closest choice."""
        text = self.string(node, what)
        if text is None:
            return None
        if text not in allowed:
            near = closest(text, list(allowed))
            hint = f"did you mean {near!r}? " if near else ""
            self.error(node, f"{what}: unknown {text!r} ({hint}known: {', '.join(allowed)})")
            return None
        return text

    def flag(self, node: Node, what: str) -> bool | None:
        if not isinstance(node, ScalarNode) or node.tag != BOOL:
            self.error(node, f"{what}: expected true or false, found {kind(node)}")
            return None
        return node.value.lower() in ("true", "yes", "on")


__all__ = [
    "BOOL",
    "FLOAT",
    "INT",
    "NULL",
    "STR",
    "TIMESTAMP",
    "Items",
    "NodeChecker",
    "kind",
    "pos",
    "tidy",
]
