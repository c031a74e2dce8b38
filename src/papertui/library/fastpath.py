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

import datetime as dt
import re
import threading
from collections.abc import Callable
from typing import Any

from yaml import SafeLoader

from papertui.library.fastmarks import Marks, find_marks
from papertui.library.fields import (
    EDGE_FIELDS,
    KNOWN_SOURCES,
    LINK_FIELDS,
    OPTIONAL,
    OTHER_LINKS,
    REQUIRED,
)
from papertui.library.ids import is_arxiv_id
from papertui.library.model import EDGE_TYPES, KINDS, Link, Paper
from papertui.library.nodes import DATE_STR, FLOAT, SLUG, STR, tidy
from papertui.library.schema import PaperFields, is_web_url
from papertui.library.vocab import OrgVocabulary, TagVocabulary
from papertui.library.yamlsafe import plain_tag

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
_ALLOWED = frozenset((*REQUIRED, *OPTIONAL))
_REQUIRED_SET = frozenset(REQUIRED)
_ARXIV = (STR, FLOAT)
_EDGE_TYPES = tuple(EDGE_TYPES)
# first characters of a plain scalar that may resolve to something else than a string
_RESOLVED_FIRST = frozenset(k for k in SafeLoader.yaml_implicit_resolvers if k) | {""}


class _Refused(Exception):
    """The fast path cannot vouch for this file: the composer must read it."""


def available() -> bool:
    return _loads is not None


def fast_papers(
    text: str,
    display: str,
    stem: str | None,
    tags: TagVocabulary | None = None,
    orgs: OrgVocabulary | None = None,
) -> list[PaperFields] | None:
    """The papers of one paper file when it has no problem at all, else ``None``.

    Only on a process's main thread: yaml-rs crashed the process (SIGSEGV inside the
    extension) when the app's load thread called it while the test suite ran several apps
    one after another. A cold load that matters runs in the build child, on its main thread
    and in its forked workers; a load on a thread (the app's small in-process load, a
    reload) reads through the composer."""
    if _loads is None or _unsafe(text) or threading.current_thread() is not _MAIN:
        return None
    try:
        data = _loads(text, parse_datetime=False, alias_limits=_NO_ALIASES)
    except Exception:  # a syntax error, a duplicate key, an alias: the composer says where
        return None
    if isinstance(data, dict):
        items, one = [data], True
    elif isinstance(data, list) and data and not _documents(text):
        items, one = data, False
    else:
        return None
    marks = find_marks(text, items, one)
    if marks is None:
        return None
    checker = _Checker(display, tags, orgs)
    try:
        return [
            checker.paper(item, stem if one else None, mark)
            for item, mark in zip(items, marks, strict=True)
        ]
    except _Refused:
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
    return len(text) >= _DEEP_FROM and _DEEP.search(text) is not None


def _documents(text: str) -> bool:
    """Document markers: yaml-rs reads several documents as one list."""
    return text.startswith(("---", "...")) or "\n---" in text or "\n..." in text


def _string(value: object, multiline: bool = False, plain: tuple[str, ...] = (STR,)) -> str:
    """``plain``: the tags the same text written plain may have (the schema reads an arXiv
    id's text as written, string or float)."""
    if type(value) is not str:
        raise _Refused
    if value[:1] in _RESOLVED_FIRST and plain_tag(value) not in plain:
        raise _Refused
    if (  # nodes.tidy's fast path, inline: most strings need no work at all
        value.isprintable()
        and value
        and value[0] != " "
        and value[-1] != " "
        and (multiline or "  " not in value)
    ):
        return value
    text = tidy(value, multiline=multiline)
    if not text:
        raise _Refused
    return text


def _slug(value: object) -> str:
    text = _string(value)
    if not SLUG.match(text):
        raise _Refused
    return text


def _strings(value: object, unique: bool = True) -> tuple[str, ...]:
    if type(value) is not list:
        raise _Refused
    found = tuple(map(_string, value))
    if unique and len(set(found)) != len(found):
        raise _Refused
    return found


def _date(value: object) -> str:
    if type(value) is not str:
        raise _Refused
    match = DATE_STR.match(value)
    if match is None:
        raise _Refused
    year, month, day = (int(g) if g else None for g in match.groups())
    assert year is not None
    try:
        dt.date(year, month or 1, day or 1)
    except ValueError:
        raise _Refused from None
    if year < 1000:
        raise _Refused
    return value


def _choice(value: object, allowed: tuple[str, ...]) -> str:
    text = _string(value)
    if text not in allowed:
        raise _Refused
    return text


def _mapping(value: object, allowed: tuple[str, ...]) -> dict[str, Any]:
    if type(value) is not dict or not all(type(k) is str and k in allowed for k in value):
        raise _Refused
    return value


class _Checker:
    """:class:`papertui.library.schema.FileChecker` for plain values: same papers, and a
    refusal where it would report anything."""

    def __init__(self, file: str, tags: TagVocabulary | None, orgs: OrgVocabulary | None) -> None:
        self.file = file
        self.tag_vocab = tags
        self.org_vocab = orgs

    def paper(self, item: object, stem: str | None, mark: Marks) -> PaperFields:
        # every key a field (a key that is not a string is in no set of strings), every
        # required one there; a required field's null fails its own check below
        if type(item) is not dict or not (_REQUIRED_SET <= item.keys() <= _ALLOWED):
            raise _Refused
        fields = _FIELDS
        got = {name: fields[name](self, value) for name, value in item.items() if value is not None}
        if len(got) < len(_REQUIRED_SET) or not got.keys() >= _REQUIRED_SET:
            raise _Refused
        paper_id = got["id"]
        if stem is not None and paper_id != stem:
            raise _Refused
        links = got.get("links") or {}
        arxiv = links.get("arxiv", "")
        month = arxiv[:4] if arxiv[:4].isdigit() and "." in arxiv else ""
        date = got["date"]
        if month and (date[2:4] + date[5:7]) != month[: 2 if len(date) < 7 else 4]:
            raise _Refused
        if got.get("part_of") == paper_id:
            raise _Refused
        builds_on = got.get("builds_on", ())
        if len(builds_on) != len(mark.links):
            raise _Refused
        paper = Paper(
            id=paper_id,
            short=got["short"],
            title=got["title"],
            date=date,
            era=got["era"],
            authors=got.get("authors", ()),
            org=got.get("org", ""),
            tags=got.get("tags", ()),
            summary=got.get("summary", ""),
            why_it_matters=got.get("why_it_matters", ""),
            related=got.get("related", ()),
            builds_on=tuple(
                Link(target, reason, kind, line=line, col=col)
                for (target, reason, kind), (line, col) in zip(builds_on, mark.links, strict=True)
            ),
            arxiv=arxiv,
            explainer=links.get("explainer", ""),
            url=links.get("url", ""),
            other_links=tuple((k, links[k]) for k in OTHER_LINKS if links.get(k)),
            notes=got.get("notes", ()),
            sources=got.get("sources", ()),
            kind=got.get("kind", "paper"),
            part_of=got.get("part_of", ""),
            released=got.get("released", ""),
            authors_truncated=got.get("authors_truncated") is True,
            file=self.file,
            line=mark.line,
        )
        return PaperFields(paper, (0, 0), (0, 0))

    def tags(self, value: object) -> tuple[str, ...]:
        found = _strings(value)
        vocab = self.tag_vocab
        if vocab is None:
            return found
        assert isinstance(value, list)
        names: list[str] = []
        for tag_id in value:  # the text as written, as the schema looks it up
            if tag_id not in found:
                continue
            tag = vocab.by_id.get(tag_id)
            if tag is None:
                raise _Refused
            names.append(tag.name)
        names += [vocab.by_id[a].name for tag_id in found for a in vocab.ancestors(tag_id)]
        return tuple(dict.fromkeys(names))

    def org(self, value: object) -> str:
        text = _string(value)
        if self.org_vocab is not None and self.org_vocab.problem(text) is not None:
            raise _Refused
        return text

    def builds_on(self, value: object) -> tuple[tuple[str, str, str], ...]:
        if type(value) is not list:
            raise _Refused
        links: list[tuple[str, str, str]] = []
        for item in value:
            reason = kind = ""
            if type(item) is dict:
                entry = _mapping(item, EDGE_FIELDS)
                target = _slug(entry.get("id"))
                if "why" in entry:
                    reason = _string(entry["why"])
                if "type" in entry:
                    kind = _choice(entry["type"], _EDGE_TYPES)
            else:
                target = _slug(item)
            links.append((target, reason, kind))
        if len({target for target, _r, _k in links}) != len(links):
            raise _Refused
        return tuple(links)

    def links(self, value: object) -> dict[str, str]:
        found: dict[str, str] = {}
        for name, raw in _mapping(value, LINK_FIELDS).items():
            text = _string(raw, plain=_ARXIV) if name == "arxiv" else _string(raw)
            if not (is_arxiv_id(text) if name == "arxiv" else is_web_url(text)):
                raise _Refused
            found[name] = text
        return found

    def notes(self, value: object) -> tuple[tuple[str, str], ...]:
        return tuple(
            (name, _string(text, True)) for name, text in _mapping(value, KNOWN_SOURCES).items()
        )

    def sources(self, value: object) -> tuple[str, ...]:
        found = _strings(value, unique=False)
        if not all(text in KNOWN_SOURCES for text in found):
            raise _Refused
        return found


_FIELDS: dict[str, Callable[[_Checker, object], Any]] = {
    "id": lambda c, v: _slug(v),
    "short": lambda c, v: _string(v),
    "title": lambda c, v: _string(v),
    "date": lambda c, v: _date(v),
    "era": lambda c, v: _slug(v),
    "authors": lambda c, v: _strings(v, unique=False),
    "org": _Checker.org,
    "tags": _Checker.tags,
    "kind": lambda c, v: _choice(v, KINDS),
    "part_of": lambda c, v: _slug(v),
    "released": lambda c, v: _date(v),
    "authors_truncated": lambda c, v: _flag(v),
    "summary": lambda c, v: _string(v, True),
    "why_it_matters": lambda c, v: _string(v, True),
    "related": lambda c, v: _strings(v),
    "builds_on": _Checker.builds_on,
    "links": _Checker.links,
    "notes": _Checker.notes,
    "sources": _Checker.sources,
}


def _flag(value: object) -> bool:
    if type(value) is not bool:
        raise _Refused
    return value


__all__ = ["available", "fast_papers"]
