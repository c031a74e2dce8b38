"""The data folder's own files, parsed from their text (Textual-free core): ``eras.yaml``,
``tags.yaml`` and ``orgs.yaml`` through the positioned composer, every problem with its
file, line and column. Read by :mod:`.loader`, which re-exports these.
"""

from __future__ import annotations

from papertui.library.model import Era
from papertui.library.problems import Problem
from papertui.library.schema import FileChecker
from papertui.library.vocab import OrgVocabulary, Tag, TagVocabulary
from papertui.library.yamlsafe import MappingNode, Node, SequenceNode, YamlError, compose


def compose_top(
    text: str, display: str, problems: list[Problem]
) -> MappingNode | SequenceNode | None:
    try:
        node = compose(text)
    except YamlError as exc:
        problems.append(Problem(display, exc.line, exc.col, exc.message))
        return None
    if node is None:
        problems.append(Problem(display, 1, 1, "file is empty (no YAML document)"))
        return None
    if isinstance(node, MappingNode | SequenceNode):
        return node
    mark = node.start_mark
    problems.append(
        Problem(display, mark.line + 1, mark.column + 1, "expected a mapping or a sequence")
    )
    return None


def parse_eras(text: str, display: str, problems: list[Problem]) -> list[Era]:
    """Eras from the text of ``eras.yaml`` (a sequence of era mappings)."""
    node = compose_top(text, display, problems)
    if node is None:
        return []
    checker = FileChecker(display, problems)
    if not isinstance(node, SequenceNode):
        checker.error(node, "eras.yaml must be a sequence of eras ('- id: ...')")
        return []
    if not node.value:
        checker.error(node, "eras.yaml lists no eras")
    eras: list[Era] = []
    where: dict[str, str] = {}
    for item in node.value:
        era = checker.era(item)
        if era is None:
            continue
        if era.id in where:
            checker.error(item, f"era {era.id!r} is already defined at {where[era.id]}")
            continue
        where[era.id] = f"{display}:{item.start_mark.line + 1}:{item.start_mark.column + 1}"
        eras.append(era)
    return eras


def parse_tags(text: str, display: str, problems: list[Problem]) -> TagVocabulary | None:
    """The tag vocabulary from the text of ``tags.yaml`` (a sequence of tag mappings)."""
    node = compose_top(text, display, problems)
    if node is None:
        return None
    checker = FileChecker(display, problems)
    if not isinstance(node, SequenceNode):
        checker.error(node, "tags.yaml must be a sequence of tags ('- id: ...')")
        return None
    tags: dict[str, tuple[Tag, Node]] = {}
    for item in node.value:
        tag = checker.tag_entry(item)
        if tag is None:
            continue
        if tag.id in tags:
            checker.error(item, f"tag {tag.id!r} is defined twice")
            continue
        tags[tag.id] = (tag, item)
    for tag, item in tags.values():
        if tag.parent and tag.parent not in tags:
            checker.error(item, f"tag {tag.id!r}: unknown parent {tag.parent!r}")
    return TagVocabulary.of([tag for tag, _item in tags.values()])


def parse_orgs(text: str, display: str, problems: list[Problem]) -> OrgVocabulary | None:
    """The organisation vocabulary from ``orgs.yaml``: ``- name: ...`` with optional
    ``aliases: [...]`` (and ``since`` / ``until`` months, kept for the curators)."""
    node = compose_top(text, display, problems)
    if node is None:
        return None
    checker = FileChecker(display, problems)
    if not isinstance(node, SequenceNode):
        checker.error(node, "orgs.yaml must be a sequence of organisations ('- name: ...')")
        return None
    entries: list[tuple[str, list[str]]] = []
    for item in node.value:
        items = checker.mapping(item, "organisation", ("name", "aliases", "since", "until"))
        if items is None:
            continue
        if "name" not in items:
            checker.error(item, "organisation: missing required field 'name'")
            continue
        name = checker.string(items["name"][1], "name")
        aliases = checker.strings(items["aliases"][1], "aliases") if "aliases" in items else ()
        if name is not None:
            entries.append((name, list(aliases or ())))
    return OrgVocabulary.of(entries)


__all__ = ["compose_top", "parse_eras", "parse_orgs", "parse_tags"]
