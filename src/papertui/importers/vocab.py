"""Imported tags, organisations and author names in the folder's own spelling (core).

A folder with ``tags.yaml`` lists tag *ids*; one with ``orgs.yaml`` one spelling per
organisation; and ``papertui check`` reports two spellings of one author. So before a paper
is merged:

- each tag becomes the id whose id or name it equals once folded (singular and plural
  alike: "Vision Transformers" -> ``vision-transformers``, "Transformers" ->
  ``transformer``); a tag with no such id is left off and reported once, with the closest id;
- the organisation becomes its canonical name (an alias is translated); an unknown one is
  left off and reported;
- an author spelt differently from an author the folder already has (same first and last
  name once folded: "Geoffrey E. Hinton" / "Geoffrey Hinton") takes the folder's spelling,
  and one the folder lacks takes the document's first spelling ("Alex J Smola" then "Alex
  Smola" in one BibTeX file is one person); each such change is reported once (not a warning).

A folder without the vocabulary files keeps free-text tags and organisations.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from typing import Any

from papertui.importers.base import ImportedPaper
from papertui.library.checks import author_key
from papertui.library.fold import normalize
from papertui.library.vocab import OrgVocabulary, TagVocabulary


def _forms(text: str) -> list[str]:
    word = normalize(text)
    return [word, word[:-1]] if word.endswith("s") and len(word) > 3 else [word]


class Spelling:
    """Translates an imported paper's tags, org and authors into the folder's spellings."""

    def __init__(
        self,
        tags: TagVocabulary | None,
        orgs: OrgVocabulary | None,
        records: Iterable[dict[str, Any]],
    ) -> None:
        self.tag_vocab, self.org_vocab = tags, orgs
        self.tag_ids: dict[str, str] = {}
        for tag in tags.tags if tags is not None else ():
            for spelling in (tag.id.replace("-", " "), tag.name):
                for form in _forms(spelling):
                    self.tag_ids.setdefault(form, tag.id)
        names: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
        for fields in records:
            authors = fields.get("authors")
            for name in authors if isinstance(authors, list) else []:
                key = author_key(str(name))
                if key is not None:
                    names[key][str(name)] += 1
        self.authors = {key: c.most_common(1)[0][0] for key, c in names.items()}
        self.respelled: dict[tuple[str, str], list[int]] = {}  # (as written, as kept) -> lines
        self.unknown_tags: dict[str, list[int]] = {}
        self.unknown_orgs: dict[str, list[int]] = {}

    def tag(self, tag: str) -> str | None:
        if self.tag_vocab is None:
            return tag
        if tag in self.tag_vocab.by_id:
            return tag
        return next((self.tag_ids[f] for f in _forms(tag) if f in self.tag_ids), None)

    def apply(self, paper: ImportedPaper) -> None:
        """Rewrite ``paper``'s tags, org and authors in place (unknown ones left off)."""
        tags: list[str] = []
        for tag in paper.tags:
            known = self.tag(tag)
            if known is None:
                self.unknown_tags.setdefault(tag, []).append(paper.line)
            elif known not in tags:
                tags.append(known)
        paper.tags = tuple(tags)
        if paper.org and self.org_vocab is not None:
            name = (
                paper.org
                if paper.org in self.org_vocab.names
                else self.org_vocab.canonical.get(normalize(paper.org))
            )
            if name is None:
                self.unknown_orgs.setdefault(paper.org, []).append(paper.line)
            paper.org = name or ""
        paper.authors = tuple(self._author(a, paper.line) for a in paper.authors)

    def _author(self, name: str, line: int) -> str:
        key = author_key(name)
        if key is None:
            return name
        kept = self.authors.setdefault(key, name)
        if kept != name:
            self.respelled.setdefault((name, kept), []).append(line)
        return kept

    def respellings(self, label: str) -> list[str]:
        return [
            f"{label}: author {name!r} written {kept!r}, the spelling already used "
            f"(one person, one spelling) in {_rows(at)}"
            for (name, kept), at in self.respelled.items()
        ]

    def report(self, label: str) -> list[str]:
        lines: list[str] = []
        for tag, at in self.unknown_tags.items():
            hint = self.tag_vocab.suggestion(tag) if self.tag_vocab is not None else ""
            lines.append(
                f"{label}: tag {tag!r} is not in tags.yaml{hint}: left off {_rows(at)}; "
                "add it to tags.yaml and import again to keep it"
            )
        for org, at in self.unknown_orgs.items():
            lines.append(
                f"{label}: org {org!r} is not in orgs.yaml: left off {_rows(at)}; "
                "add it (or an alias) to orgs.yaml and import again to keep it"
            )
        return lines


def _rows(lines: list[int]) -> str:
    shown = ", ".join(str(n) for n in lines[:8])
    more = f" and {len(lines) - 8} more" if len(lines) > 8 else ""
    return f"{len(lines)} {'row' if len(lines) == 1 else 'rows'} (line {shown}{more})"


__all__ = ["Spelling"]
