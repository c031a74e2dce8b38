"""The fast path of a paper file: plain values from a Rust parser, validated in bulk (core).

PyYAML's composer with its node marks (:mod:`.yamlsafe`, :mod:`.schema`) gives every
problem its line and column, at about 0.1 ms per paper. ``yaml-rs`` parses the same text
into plain values 5-6x faster, but without positions. So a paper file goes through
:func:`fast_papers` first, which accepts it only when the schema would accept every paper
in it *without a single problem*, and builds exactly the papers :mod:`.schema` would
build; anything else (a problem, a value it cannot vouch for, a missing ``yaml-rs``) returns
``None`` and the caller runs the positioned composer, which reports as before. The fast
path never reports anything itself.

It vouches only for what YAML 1.1 (PyYAML) and YAML 1.2 (yaml-rs) read alike:

- refused before parsing: tabs (libyaml refuses some that yaml-rs reads), characters YAML
  forbids, tags (``!``), document markers, merge
  keys, and lines whose indentation or ``- ``/``? `` chains could nest deeper than a paper
  (yaml-rs recurses on block nesting);
- refused by yaml-rs itself: syntax errors, duplicate keys, and any alias at all (its replay
  limit is 0), so alias bombs and the alias count limits stay the composer's;
- a string is taken only if the same text, written plain, would be a string to PyYAML too
  (``yes``, ``2018``, ``~``, ``=`` are not); numbers are never taken where text is read
  (``date: 2018`` and ``arxiv: 1706.03762`` keep their text only in the composer); a date
  only as ``YYYY[-MM[-DD]]`` text, which PyYAML reads to the same date as int, string or
  timestamp.

Positions: the papers' lines and their ``builds_on`` entries' line and column are found by
:mod:`.fastmarks` and checked against the parsed values; the id and era positions (only ever
used in messages) are (0, 0), for the loader to look up should it need them.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

from papertui.library.fastcheck import Checker, Refused
from papertui.library.fastmarks import find_marks
from papertui.library.model import Link, Paper
from papertui.library.schema import PaperFields
from papertui.library.vocab import OrgVocabulary, TagVocabulary

P = TypeVar("P")

_MAIN = threading.main_thread()
_loads: Callable[..., Any] | None
try:
    import yaml_rs

    _loads = yaml_rs.loads
    _NO_ALIASES: Any = yaml_rs.AliasLimits(max_total_replayed_events=0)
except ImportError:  # pragma: no cover - the composer reads everything then
    _loads = None

_NOT_PRINTABLE = re.compile(
    "[^\x09\x0a\x0d\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]"
)
_PRINTABLE_ASCII = bytes([9, 10, 13, *range(32, 127)])
_HIGH = bytes(range(128, 256))
_TAG = re.compile(r"(?:^|[ \t\[{,])!", re.M)
# an anchor where a node starts, named as YAML 1.2 allows but PyYAML does not
_ANCHOR = re.compile(
    r"(?:^[ \t]*|[:?-][ \t]+|[\[{,][ \t]*)&(?![0-9A-Za-z_-]+(?:[ \t\r\n,\]}]|$))", re.M
)
# Lines that could nest deeper than a paper: deep indentation, or a chain of block
# indicators ("- - - -"). yaml-rs recurses on block nesting and overflows its stack at
# 10k-20k levels, which a text needs at least 2 characters a level for.
_DEEP = re.compile(r"^ {32}|^[ \t]*(?:[-?][ \t]+){4}", re.M)
_DEEP_FROM = 4_096  # characters (2,048 levels at most below it)
_INDENT_32 = " " * 32
# What every chain of four starts with, as a search with a literal first character: a
# line start (this, or the text's start) and two indicators. Only a text with one is
# searched with _DEEP itself (a multi-line ^ search costs 5 us a paper in a shard).
_TWO = re.compile(r"\n[ \t]*[-?][ \t]+[-?][ \t]")
_TWO_AT_START = re.compile(r"[ \t]*[-?][ \t]+[-?][ \t]")


def available() -> bool:
    return _loads is not None


def fast_papers(
    text: str,
    display: str,
    stem: str | None,
    tags: TagVocabulary | None = None,
    orgs: OrgVocabulary | None = None,
) -> list[PaperFields] | None:
    """The papers of one paper file when it has no problem at all, else ``None``."""
    papers = fast_parse(text, display, stem, tags, orgs, Paper, Link)
    if papers is None:
        return None
    return [PaperFields(paper, (0, 0), (0, 0)) for paper in papers]


def fast_parse(
    text: str,
    display: str,
    stem: str | None,
    tags: TagVocabulary | None,
    orgs: OrgVocabulary | None,
    paper: Callable[..., P],
    link: Callable[..., object],
) -> list[P] | None:
    """The papers of one paper file made by ``paper`` and their ``builds_on`` entries by
    ``link`` (given the fields of :class:`~papertui.library.model.Paper` and
    :class:`~papertui.library.model.Link` in order, :mod:`.fastcheck`) when the file has no
    problem at all, else ``None``.

    Only on a process's main thread: yaml-rs crashed the process (SIGSEGV inside the
    extension) when the app's load thread called it while the test suite ran several apps
    one after another. A cold load that matters runs in the build child, on its main thread
    and in its forked workers; a load on a thread (the app's small in-process load, a
    reload) reads through the composer."""
    return fast_parse_many([(text, display, stem)], tags, orgs, paper, link)[0]


def fast_parse_many(
    files: Sequence[tuple[str, str, str | None]],
    tags: TagVocabulary | None,
    orgs: OrgVocabulary | None,
    paper: Callable[..., P],
    link: Callable[..., object],
) -> list[list[P] | None]:
    """:func:`fast_parse` of each ``(text, display, stem)``, one stage at a time over all
    of them (the scan and yaml-rs, then the positions, then the checks): each stage's code
    and tables stay in the CPU's caches, which made a worker's one-paper files 20% faster
    than running every stage file by file."""
    if _loads is None or threading.current_thread() is not _MAIN:
        return [None] * len(files)
    parsed = [_parse(text) for text, _display, _stem in files]
    marks = [
        None if got is None else find_marks(text, *got)
        for (text, _display, _stem), got in zip(files, parsed, strict=True)
    ]
    out: list[list[P] | None] = []
    for (_text, display, stem), got, found in zip(files, parsed, marks, strict=True):
        if got is None or found is None:
            out.append(None)
            continue
        items, one = got
        make = Checker(display, tags, orgs, paper, link).paper
        if not one:
            stem = None
        try:
            pairs = zip(items, found, strict=True)
            out.append([make(item, stem, line, links) for item, (line, links) in pairs])
        except Refused:
            out.append(None)
    return out


def _parse(text: str) -> tuple[list[Any], bool] | None:
    """The papers of ``text`` as plain values, and whether it is one paper (not a
    sequence), or ``None``: something the fast path does not vouch for."""
    assert _loads is not None
    if _unsafe(text):
        return None
    try:
        data = _loads(text, parse_datetime=False, alias_limits=_NO_ALIASES)
    except Exception:  # a syntax error, a duplicate key, an alias: the composer says where
        return None
    if type(data) is dict:
        return [data], True
    if type(data) is list and data and not _documents(text):
        return data, False
    return None


def _unsafe(text: str) -> bool:
    """Something the fast path does not vouch for: a tab, a character YAML forbids, a tag,
    an anchor name PyYAML refuses, a merge key, or (in a text long enough) lines that could
    nest deep. Single-character searches first: they run at memory speed."""
    if "\t" in text:  # libyaml refuses tabs in places YAML 1.2 allows them
        return True
    if "!" in text and _TAG.search(text):
        return True
    if "&" in text and _ANCHOR.search(text):
        return True
    if "<" in text and "<<" in text:
        return True
    rest = text.encode("utf-8", "surrogatepass").translate(None, _PRINTABLE_ASCII)
    if rest and (rest.translate(None, _HIGH) or _NOT_PRINTABLE.search(rest.decode())):
        return True  # an ASCII control, or a non-ASCII character YAML forbids
    return len(text) >= _DEEP_FROM and deep(text)


def deep(text: str) -> bool:
    """``_DEEP.search(text) is not None``, faster on the texts that have none."""
    if text.startswith(_INDENT_32) or "\n" + _INDENT_32 in text:
        return True
    if _TWO_AT_START.match(text) is None and _TWO.search(text) is None:
        return False
    return _DEEP.search(text) is not None


def _documents(text: str) -> bool:
    """Document markers: yaml-rs reads several documents as one list."""
    return text.startswith(("---", "...")) or "\n---" in text or "\n..." in text


__all__ = ["available", "deep", "fast_papers", "fast_parse", "fast_parse_many"]
