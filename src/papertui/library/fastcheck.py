"""The fast path's schema check of one parsed paper, in one pass (Textual-free core).

:mod:`.fastpath` parses a paper file into plain values; :class:`Checker` checks each
paper's values as :class:`papertui.library.schema.FileChecker` checks its nodes, and either
makes the paper or raises :class:`Refused` where the schema would report anything (the
composer then reads the file and says where). It never reports itself.

The paper is made by a callable given the :class:`~papertui.library.model.Paper` fields
positionally, in their declared order, and each ``builds_on`` entry by one given the
:class:`~papertui.library.model.Link` fields: ``Paper`` and ``Link`` themselves for the
loader, or a cache record's own types for the build's workers
(:mod:`papertui.store.paperrecord`), which encode a paper without ever making it. One
function checks every field in turn (no table of checks, no intermediate mapping): this is
the per-paper cost of a cold load.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any, Generic, TypeVar

from yaml import SafeLoader

from papertui.library.fields import (
    EDGE_FIELDS,
    KNOWN_SOURCES,
    LINK_FIELDS,
    OPTIONAL,
    OTHER_LINKS,
    REQUIRED,
)
from papertui.library.ids import ARXIV_ID
from papertui.library.model import EDGE_TYPES, KINDS
from papertui.library.nodes import DATE_STR, FLOAT, SLUG, STR, tidy
from papertui.library.vocab import OrgVocabulary, TagVocabulary
from papertui.library.yamlsafe import plain_tag

P = TypeVar("P")
Links = tuple[tuple[int, int], ...]  # a paper's builds_on entries' (line, column)

_ALLOWED = frozenset((*REQUIRED, *OPTIONAL))
_REQUIRED_SET = frozenset(REQUIRED)
_ARXIV = (STR, FLOAT)
_EDGE_TYPES = frozenset(EDGE_TYPES)
_KINDS = frozenset(KINDS)
_SOURCES = frozenset(KNOWN_SOURCES)
_LINK_FIELDS = frozenset(LINK_FIELDS)
_EDGE_FIELDS = frozenset(EDGE_FIELDS)
_OTHER_LINKS = tuple(OTHER_LINKS)
_MAIN_LINKS = frozenset(("arxiv", "explainer", "url"))
_WEB = ("https://", "http://")  # schema.is_web_url
_SLUG = SLUG.match
_DATE = DATE_STR.match
_ARXIV_ID = ARXIV_ID.match
# first characters of a plain scalar that may resolve to something else than a string
_RESOLVED_FIRST = frozenset(k for k in SafeLoader.yaml_implicit_resolvers if k) | {""}


# One-line strings string() returned as they were: the same text always passes again.
_CLEAN: set[str] = set()
_CLEAN_MAX = 50_000


class Refused(Exception):
    """The fast path cannot vouch for this file: the composer must read it."""


def string(value: object, multiline: bool = False, plain: tuple[str, ...] = (STR,)) -> str:
    """``plain``: the tags the same text written plain may have (the schema reads an arXiv
    id's text as written, string or float)."""
    if type(value) is not str:
        raise Refused
    if value[:1] in _RESOLVED_FIRST and plain_tag(value) not in plain:
        raise Refused
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
        raise Refused
    return text


def _text(value: object) -> str:
    """:func:`string` of a multi-line field."""
    return string(value, True)


def _slug(value: object) -> str:
    # a slug as written is clean text (tidy leaves it as it is): only its first character
    # may make it something else than a string to YAML 1.1 ("no", "2018")
    if type(value) is str and _SLUG(value) is not None:
        if value[0] not in _RESOLVED_FIRST or plain_tag(value) == STR:
            return value
        raise Refused
    text = string(value)
    if not _SLUG(text):
        raise Refused
    return text


def _strings(value: object, unique: bool = True) -> tuple[str, ...]:
    if type(value) is not list:
        raise Refused
    try:  # names, tags and sources repeat from paper to paper: one C pass for them
        known = _CLEAN.issuperset(value)
    except TypeError:  # an item that is a list or a mapping
        raise Refused from None
    if known:
        found = tuple(value)
    else:
        found = tuple(map(string, value))
        if len(_CLEAN) < _CLEAN_MAX:
            _CLEAN.update(t for v, t in zip(value, found, strict=True) if t is v and len(t) <= 64)
    if unique and len(found) > 1 and len(set(found)) != len(found):
        raise Refused
    return found


def _date(value: object) -> str:
    if type(value) is not str:
        raise Refused
    match = _DATE(value)
    if match is None:
        raise Refused
    year, month, day = match.groups()
    try:  # "00" reads as 1, as nodes.NodeChecker reads it
        dt.date(int(year), int(month or 1) or 1, int(day or 1) or 1)
    except ValueError:
        raise Refused from None
    if int(year) < 1000:
        raise Refused
    return value


def _mapping(value: object, allowed: frozenset[str]) -> dict[Any, Any]:
    # a key that is not a string is in no set of strings
    if type(value) is not dict or not value.keys() <= allowed:
        raise Refused
    return value


class Checker(Generic[P]):
    """Makes the papers of one file (``file``: its name in messages) with ``paper`` and
    ``link``, or raises :class:`Refused`."""

    def __init__(
        self,
        file: str,
        tags: TagVocabulary | None,
        orgs: OrgVocabulary | None,
        paper: Callable[..., P],
        link: Callable[..., object],
    ) -> None:
        self.file = file
        self.tag_vocab = tags
        self.org_vocab = orgs
        self.make = paper
        self.link = link

    def paper(self, item: object, stem: str | None, line: int, marks: Links) -> P:
        """The paper of the parsed mapping ``item`` (``stem``: the id its file name
        requires), at ``line`` with its ``builds_on`` entries at ``marks``."""
        # every key a field, every required one there; a null is an absent field (a
        # required one then fails its own check)
        if type(item) is not dict or not (_REQUIRED_SET <= item.keys() <= _ALLOWED):
            raise Refused
        get = item.get
        paper_id = _slug(get("id"))
        if stem is not None and paper_id != stem:
            raise Refused
        short = string(get("short"))
        title = string(get("title"))
        date = _date(get("date"))
        era = _slug(get("era"))
        value = get("authors")
        authors = () if value is None else _strings(value, False)
        value = get("org")
        org = "" if value is None else self.org(value)
        value = get("tags")
        tags = () if value is None else self.tags(value)
        value = get("summary")
        summary = "" if value is None else string(value, True)
        value = get("why_it_matters")
        why = "" if value is None else string(value, True)
        value = get("related")
        related = () if value is None else _strings(value)
        value = get("builds_on")
        builds_on = () if value is None else self.builds_on(value, marks)
        if len(builds_on) != len(marks):
            raise Refused
        value = get("links")
        links = {} if value is None else self.links(value)
        arxiv = links.get("arxiv", "")
        month = arxiv[:4] if arxiv[:4].isdigit() and "." in arxiv else ""
        if month and (date[2:4] + date[5:7]) != month[: 2 if len(date) < 7 else 4]:
            raise Refused
        value = get("notes")
        notes = () if value is None else self.notes(value)
        value = get("sources")
        sources = () if value is None else self.sources(value)
        value = get("kind")
        kind = "paper" if value is None else string(value)
        if kind not in _KINDS:
            raise Refused
        value = get("part_of")
        part_of = "" if value is None else _slug(value)
        if part_of == paper_id:
            raise Refused
        value = get("released")
        released = "" if value is None else _date(value)
        value = get("authors_truncated")
        if value is not None and type(value) is not bool:
            raise Refused
        return self.make(
            paper_id,
            short,
            title,
            date,
            era,
            authors,
            org,
            tags,
            summary,
            why,
            related,
            builds_on,
            arxiv,
            links.get("explainer", ""),
            links.get("url", ""),
            ()
            if links.keys() <= _MAIN_LINKS
            else tuple((k, links[k]) for k in _OTHER_LINKS if k in links),
            notes,
            sources,
            kind,
            part_of,
            released,
            value is True,
            self.file,
            line,
        )

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
                raise Refused
            names.append(tag.name)
        names += [vocab.by_id[a].name for tag_id in found for a in vocab.ancestors(tag_id)]
        return tuple(dict.fromkeys(names))

    def org(self, value: object) -> str:
        text = string(value)
        if self.org_vocab is not None and self.org_vocab.problem(text) is not None:
            raise Refused
        return text

    def builds_on(self, value: object, marks: Links) -> tuple[object, ...]:
        if type(value) is not list or len(value) != len(marks):
            raise Refused
        link = self.link
        links: list[object] = []
        targets: set[str] = set()
        for item, (line, col) in zip(value, marks, strict=True):
            reason = kind = ""
            if type(item) is dict:
                entry = _mapping(item, _EDGE_FIELDS)
                target = _slug(entry.get("id"))
                if "why" in entry:
                    reason = string(entry["why"])
                if "type" in entry:
                    kind = string(entry["type"])
                    if kind not in _EDGE_TYPES:
                        raise Refused
            else:
                target = _slug(item)
            targets.add(target)
            links.append(link(target, reason, kind, line, col))
        if len(targets) != len(links):
            raise Refused
        return tuple(links)

    def links(self, value: object) -> dict[str, str]:
        found: dict[str, str] = {}
        for name, raw in _mapping(value, _LINK_FIELDS).items():
            if name == "arxiv":
                text = string(raw, plain=_ARXIV)
                if not _ARXIV_ID(text):
                    raise Refused
            else:
                text = string(raw)
                if not text.startswith(_WEB):
                    raise Refused
            found[name] = text
        return found

    def notes(self, value: object) -> tuple[tuple[str, str], ...]:
        return tuple((name, _text(text)) for name, text in _mapping(value, _SOURCES).items())

    def sources(self, value: object) -> tuple[str, ...]:
        found = _strings(value, unique=False)
        if not _SOURCES.issuperset(found):
            raise Refused
        return found


__all__ = ["Checker", "Links", "Refused", "string"]
