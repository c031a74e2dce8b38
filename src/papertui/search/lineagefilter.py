"""``anc:X`` / ``desc:X``: resolve a paper reference, then the ids within the lineage (core).

A reference names one paper: its id, else its short name or title (normalised, exactly),
else the best free-text match (the search ranking: prefixes, abbreviations such as
"attn is all", typos). :class:`Resolved` says which paper was picked, so the status line can
show it when the reference was not exact.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from papertui.library import lineage
from papertui.library.fold import normalize
from papertui.library.model import Library
from papertui.library.sanitize import one_line

__all__ = ["Resolved", "lineage_ids", "resolve"]

Ranker = Callable[[str], Sequence[str]]  # free text -> paper ids, best first


@dataclass(frozen=True, slots=True)
class Resolved:
    ref: str
    paper_id: str | None
    exact: bool = True  # the reference was an id, short name or title

    def describe(self, library: Library, key: str = "") -> str:
        """ "desc: Transformer (transformer)", or "desc:xyz matches no paper"."""
        if self.paper_id is None:
            return one_line(f"{key}{self.ref} matches no paper")
        paper = library.papers[self.paper_id]
        return one_line(f"{key} {paper.short} ({paper.id})")


def resolve(library: Library, ref: str, rank: Ranker | None = None) -> Resolved:
    """The paper ``ref`` names (see the module doc); ``paper_id`` None when none does."""
    ref = ref.strip()
    if ref in library.papers:
        return Resolved(ref, ref)
    want = normalize(ref)
    if not want:
        return Resolved(ref, None)
    if want.replace(" ", "-") in library.papers:
        return Resolved(ref, want.replace(" ", "-"))
    if rank is not None:
        ranked = rank(ref)
        for pid in ranked[:50]:  # an exact short name or title among the best hits
            paper = library.papers[pid]
            if want in (normalize(paper.short), normalize(paper.title)):
                return Resolved(ref, pid)
        if len(ranked):
            return Resolved(ref, _whole(library, ranked[0]), exact=False)
        return Resolved(ref, None)
    for paper in library:
        if want in (normalize(paper.short), normalize(paper.title)):
            return Resolved(ref, paper.id)
    return Resolved(ref, None)


def _whole(library: Library, pid: str) -> str:
    """A part that shares its whole's title (a concept of a report) stands for the whole."""
    paper = library.papers[pid]
    whole = library.get(paper.part_of) if paper.part_of else None
    return whole.id if whole is not None and whole.title == paper.title else pid


def lineage_ids(
    library: Library, resolved: Resolved, direction: str, depth: int | None
) -> frozenset[str]:
    """The ids within ``depth`` steps ``up`` or ``down`` from the resolved paper."""
    if resolved.paper_id is None:
        return frozenset()
    way: lineage.Direction = "up" if direction == "up" else "down"
    return lineage.within(library, resolved.paper_id, way, depth)
