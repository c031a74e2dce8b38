"""The data folder's vocabularies: tags (``tags.yaml``) and organisations (``orgs.yaml``).

Both are optional: a folder without them keeps free-form tags and organisations. With
``tags.yaml``, a paper lists tag *ids* and the library shows their names; an unknown id is
a problem at its file, line and column, naming the closest known id. With ``orgs.yaml``, a
paper's ``org`` must be a canonical name: an alias is reported with the spelling to use, an
unknown name with the closest known one. (Textual-free core.)
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

from rapidfuzz import fuzz, process

from papertui.library.fold import normalize


@dataclass(frozen=True, slots=True)
class Tag:
    """One tag of the vocabulary; ``parent`` is another tag's id (or empty)."""

    id: str
    name: str
    description: str = ""
    parent: str = ""


def closest(word: str, choices: list[str]) -> str | None:
    """The choice most like ``word`` (for "did you mean"), if any is reasonably close."""
    best = process.extractOne(word, choices, scorer=fuzz.WRatio, score_cutoff=60)
    return str(best[0]) if best else None


@dataclass(frozen=True, slots=True)
class TagVocabulary:
    tags: tuple[Tag, ...]
    by_id: Mapping[str, Tag] = field(default_factory=dict)

    @classmethod
    def of(cls, tags: list[Tag]) -> TagVocabulary:
        return cls(tuple(tags), MappingProxyType({t.id: t for t in tags}))

    def suggestion(self, tag_id: str) -> str:
        near = closest(tag_id, list(self.by_id))
        return f" (closest: {near!r})" if near else ""

    def ancestors(self, tag_id: str) -> list[str]:
        """The ids above ``tag_id``, nearest first (a loop of parents stops)."""
        found: list[str] = []
        tag = self.by_id.get(tag_id)
        while tag is not None and tag.parent and tag.parent not in found and tag.parent != tag_id:
            found.append(tag.parent)
            tag = self.by_id.get(tag.parent)
        return [a for a in found if a in self.by_id]

    def parents_by_name(self) -> dict[str, str]:
        """Tag name -> its parent's name, for the library (which knows tags by name)."""
        return {t.name: self.by_id[t.parent].name for t in self.tags if t.parent in self.by_id}

    def depth(self, tag_id: str) -> int:
        """0 for a top-level tag, 1 for its child, ... (cycles stop at the vocabulary size)."""
        depth, seen = 0, {tag_id}
        tag = self.by_id.get(tag_id)
        while tag is not None and tag.parent and tag.parent not in seen:
            seen.add(tag.parent)
            depth += 1
            tag = self.by_id.get(tag.parent)
        return depth


@dataclass(frozen=True, slots=True)
class OrgVocabulary:
    names: tuple[str, ...]
    canonical: Mapping[str, str]  # normalised spelling (name or alias) -> canonical name

    @classmethod
    def of(cls, entries: list[tuple[str, list[str]]]) -> OrgVocabulary:
        canonical: dict[str, str] = {}
        for name, aliases in entries:
            for spelling in (name, *aliases):
                canonical.setdefault(normalize(spelling), name)
        return cls(tuple(name for name, _ in entries), MappingProxyType(canonical))

    def problem(self, org: str) -> str | None:
        """Why ``org`` is not a canonical name, or None when it is one."""
        if org in self.names:
            return None
        name = self.canonical.get(normalize(org))
        if name is not None:
            return f"org: write {name!r} (the one spelling in orgs.yaml), not {org!r}"
        near = closest(org, list(self.names))
        hint = f" (closest: {near!r})" if near else ""
        return f"org: {org!r} is not in orgs.yaml{hint}; add it there first"


__all__ = ["OrgVocabulary", "Tag", "TagVocabulary", "closest"]
