"""Validate composed YAML nodes against the data format and build model objects (core).

Works on nodes, not on constructed Python values, so every message carries the line and
column of the offending key or value. Nothing is constructed by PyYAML: scalars are read
from ``node.value`` (the text as written) and interpreted here. Every string goes through
:func:`papertui.library.sanitize.clean` (multi-line text) or
:func:`papertui.library.sanitize.one_line`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import ClassVar

from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from papertui.library.fields import (
    EDGE_FIELDS,
    ERA_FIELDS,
    KNOWN_SOURCES,
    LINK_FIELDS,
    OPTIONAL,
    OTHER_LINKS,
    REQUIRED,
    TAG_FIELDS,
)
from papertui.library.ids import ARXIV_VERSION, is_arxiv_id
from papertui.library.model import EDGE_TYPES, KINDS, Era, Link, Paper
from papertui.library.nodes import (
    FLOAT,
    NULL,
    STR,
    NodeChecker,
    kind,
    pos,
)
from papertui.library.problems import Problem
from papertui.library.sanitize import one_line
from papertui.library.vocab import OrgVocabulary, Tag, TagVocabulary


def is_web_url(text: str) -> bool:
    """The rule for every link but ``links.arxiv`` (the loader's, and
    ``papertui import``'s before it writes one): an http(s) URL; never ``javascript:``,
    ``file:`` or ``data:``."""
    return text.startswith(("https://", "http://"))


@dataclass(frozen=True, slots=True)
class PaperFields:
    """A validated paper plus the positions the loader needs for cross-file messages."""

    paper: Paper
    id_pos: tuple[int, int]
    era_pos: tuple[int, int]


def _is_null(node: Node) -> bool:
    return isinstance(node, ScalarNode) and node.tag == NULL


class FileChecker(NodeChecker):
    """Checks the nodes of one data file (eras, tags, papers) against the data format."""

    def __init__(
        self,
        file: str,
        problems: list[Problem],
        *,
        tags: TagVocabulary | None = None,
        orgs: OrgVocabulary | None = None,
    ) -> None:
        super().__init__(file, problems)
        self.tag_vocab = tags
        self.org_vocab = orgs

    def tags(self, node: Node, what: str) -> tuple[str, ...] | None:
        """Tags; with a vocabulary, ids resolved to their names (unknown ids reported)."""
        found = self.strings(node, what)
        vocab = self.tag_vocab
        if found is None or vocab is None:
            return found
        assert isinstance(node, SequenceNode)
        names: list[str] = []
        for item in node.value:
            tag_id = item.value if isinstance(item, ScalarNode) else None
            if tag_id not in found:
                continue  # already reported by strings()
            tag = vocab.by_id.get(tag_id)
            if tag is None:
                self.error(item, f"tags: unknown tag {tag_id!r}{vocab.suggestion(tag_id)}")
            else:
                names.append(tag.name)
        # each tag's ancestors too, so that a filter on a parent finds its children's papers
        names += [vocab.by_id[a].name for tag_id in found for a in vocab.ancestors(tag_id)]
        return tuple(dict.fromkeys(names))

    def org(self, node: Node, what: str) -> str | None:
        text = self.string(node, what)
        if text is not None and self.org_vocab is not None:
            message = self.org_vocab.problem(text)
            if message is not None:
                self.error(node, message)
        return text

    def tag_entry(self, node: Node) -> Tag | None:
        items = self.mapping(node, "tag", TAG_FIELDS)
        if items is None:
            return None
        values: dict[str, str | None] = {}
        for name, (_key, value) in items.items():
            values[name] = (
                self.slug(value, f"tag {name}")
                if name in ("id", "parent")
                else (self.string(value, f"tag {name}"))
            )
        for name in ("id", "name"):
            if name not in items:
                self.error(node, f"tag: missing required field {name!r}")
        if not values.get("id") or not values.get("name"):
            return None
        return Tag(
            str(values["id"]),
            str(values["name"]),
            str(values.get("description") or ""),
            str(values.get("parent") or ""),
        )

    # -- eras -----------------------------------------------------------------------------

    def era(self, node: Node) -> Era | None:
        items = self.mapping(node, "era", ERA_FIELDS)
        if items is None:
            return None
        for name in ("id", "name", "start"):
            if name not in items:
                self.error(node, f"era: missing required field {name!r}")
        values: dict[str, object] = {}
        for name, (_key, value) in items.items():
            if name == "id":
                values[name] = self.slug(value, "era id")
            elif name in ("start", "end"):
                values[name] = None if name == "end" and _is_null(value) else self.year(value, name)
            else:
                values[name] = self.string(value, f"era {name}")
        ok = all(values.get(n) is not None for n in ("id", "name", "start"))
        if not ok or ("end" in items and not _is_null(items["end"][1]) and values["end"] is None):
            return None
        start, end = values["start"], values.get("end")
        assert isinstance(start, int) and (end is None or isinstance(end, int))
        if end is not None and end < start:
            self.error(items["end"][1], f"end: {end} is before start {start}")
            return None
        blurb = values.get("blurb")
        return Era(str(values["id"]), str(values["name"]), start, end, str(blurb or ""))

    # -- papers ---------------------------------------------------------------------------

    def paper(self, node: Node, stem: str | None) -> PaperFields | None:
        items = self.mapping(node, "paper", REQUIRED + OPTIONAL)
        if items is None:
            return None
        for name in REQUIRED:
            if name not in items:
                self.error(node, f"missing required field {name!r}")
        got: dict[str, object] = {}
        for name, (_key, value) in items.items():
            if name in OPTIONAL and _is_null(value):
                continue  # "org:" left empty means "no org"
            got[name] = self._PARSERS[name](self, value, name)
        if any(got.get(name) is None for name in REQUIRED):
            return None
        paper_id = str(got["id"])
        if stem is not None and paper_id != stem:
            self.error(items["id"][1], f"id {paper_id!r} does not match the file name {stem!r}")
        links = got.get("links") or {}
        assert isinstance(links, dict)
        line, _col = pos(node)
        arxiv = links.get("arxiv", "")
        month = arxiv[:4] if arxiv[:4].isdigit() and "." in arxiv else ""
        date = str(got["date"])
        if month and (date[2:4] + date[5:7]) != month[: 2 if len(date) < 7 else 4]:
            first = f"20{month[:2]}-{month[2:]}"
            self.error(
                items["date"][1],
                f"date: {date} disagrees with arXiv id {arxiv} (first version {first}); "
                "date is the first public version (put a later release in 'released')",
            )
        if got.get("part_of") == paper_id:
            self.error(items["part_of"][1], "part_of: an entry cannot be part of itself")
        paper = Paper(
            id=paper_id,
            short=str(got["short"]),
            title=str(got["title"]),
            date=str(got["date"]),
            era=str(got["era"]),
            authors=_tuple(got.get("authors")),
            org=str(got.get("org") or ""),
            tags=_tuple(got.get("tags")),
            summary=str(got.get("summary") or ""),
            why_it_matters=str(got.get("why_it_matters") or ""),
            related=_tuple(got.get("related")),
            builds_on=_tuple(got.get("builds_on")),
            arxiv=links.get("arxiv", ""),
            explainer=links.get("explainer", ""),
            url=links.get("url", ""),
            other_links=tuple((k, links[k]) for k in OTHER_LINKS if links.get(k)),
            notes=_tuple(got.get("notes")),
            sources=_tuple(got.get("sources")),
            kind=str(got.get("kind") or "paper"),
            part_of=str(got.get("part_of") or ""),
            released=str(got.get("released") or ""),
            authors_truncated=got.get("authors_truncated") is True,
            file=self.file,
            line=line,
        )
        return PaperFields(paper, pos(items["id"][1]), pos(items["era"][1]))

    def _builds_on(self, node: Node, what: str) -> tuple[Link, ...] | None:
        if not isinstance(node, SequenceNode):
            self.error(node, f"builds_on: expected a list of paper ids, found {kind(node)}")
            return None
        links: list[Link] = []
        seen: dict[str, int] = {}
        for item in node.value:
            reason: str | None = ""
            edge_type: str | None = ""
            if isinstance(item, MappingNode):
                entry = self.mapping(item, "builds_on entry", EDGE_FIELDS)
                if entry is None:
                    continue
                if "id" not in entry:
                    self.error(item, "builds_on entry: missing required field 'id'")
                    continue
                target = self.slug(entry["id"][1], "builds_on id")
                if "why" in entry:
                    reason = self.string(entry["why"][1], "builds_on why")
                if "type" in entry:
                    edge_type = self.choice(entry["type"][1], "builds_on type", tuple(EDGE_TYPES))
            else:
                target = self.slug(item, "builds_on entry")
            if target is None:
                continue
            line, col = pos(item)
            if target in seen:
                self.error(item, f"builds_on lists {target!r} twice (first at line {seen[target]})")
                continue
            seen[target] = line
            links.append(Link(target, reason or "", edge_type or "", line=line, col=col))
        return tuple(links)

    def _links(self, node: Node, what: str) -> dict[str, str] | None:
        items = self.mapping(node, "links", LINK_FIELDS)
        if items is None:
            return None
        found: dict[str, str] = {}
        for name, (_key, value) in items.items():
            if name == "arxiv":
                text = self._arxiv(value)
            else:
                text = self.string(value, f"links.{name}")
                if text is not None and not is_web_url(text):
                    self.error(value, f"links.{name}: expected an http(s) URL")
                    text = None
            if text is not None:
                found[name] = text
        return found

    def _arxiv(self, node: Node) -> str | None:
        # Unquoted 1706.03762 is a YAML float: node.value still holds the text as written.
        if not isinstance(node, ScalarNode) or node.tag not in (STR, FLOAT):
            self.error(
                node, f'links.arxiv: expected an arXiv id like "1706.03762", found {kind(node)}'
            )
            return None
        text = one_line(node.value)
        if is_arxiv_id(text):
            return text
        versioned = ARXIV_VERSION.match(text)
        if versioned and is_arxiv_id(versioned.group(1)):
            self.error(node, f"links.arxiv: drop the version ({versioned.group(1)!r})")
        else:
            self.error(node, f'links.arxiv: {text!r} is not an arXiv id like "1706.03762"')
        return None

    def _notes(self, node: Node, what: str) -> tuple[tuple[str, str], ...] | None:
        items = self.mapping(node, "notes", KNOWN_SOURCES)
        if items is None:
            return None
        found = (
            (name, self.string(value, f"notes.{name}", multiline=True))
            for name, (_k, value) in items.items()
        )
        return tuple((name, text) for name, text in found if text is not None)

    def _sources(self, node: Node, what: str) -> tuple[str, ...] | None:
        if not isinstance(node, SequenceNode):
            self.error(node, f"sources: expected a list of source ids, found {kind(node)}")
            return None
        ok = []
        for item in node.value:
            text = self.string(item, "sources entry")
            if text is None:
                continue
            if text in KNOWN_SOURCES:
                ok.append(text)
            else:
                known = ", ".join(KNOWN_SOURCES)
                self.error(item, f"sources: unknown source {text!r} (known: {known})")
        return tuple(ok)

    _PARSERS: ClassVar[dict[str, Callable[[FileChecker, Node, str], object]]] = {}


def _tuple(value: object) -> tuple:  # type: ignore[type-arg]
    return value if isinstance(value, tuple) else ()


FileChecker._PARSERS.update(
    {
        "id": lambda c, n, w: c.slug(n, "id"),
        "short": lambda c, n, w: c.string(n, w),
        "title": lambda c, n, w: c.string(n, w),
        "date": lambda c, n, w: c.date(n),
        "era": lambda c, n, w: c.slug(n, "era"),
        "authors": lambda c, n, w: c.strings(n, w, unique=False),
        "org": lambda c, n, w: c.org(n, w),
        "tags": lambda c, n, w: c.tags(n, w),
        "kind": lambda c, n, w: c.choice(n, w, KINDS),
        "part_of": lambda c, n, w: c.slug(n, w),
        "released": lambda c, n, w: c.date(n, w),
        "authors_truncated": lambda c, n, w: c.flag(n, w),
        "summary": lambda c, n, w: c.string(n, w, multiline=True),
        "why_it_matters": lambda c, n, w: c.string(n, w, multiline=True),
        "related": lambda c, n, w: c.strings(n, w),
        "builds_on": FileChecker._builds_on,
        "links": FileChecker._links,
        "notes": FileChecker._notes,
        "sources": FileChecker._sources,
    }
)
