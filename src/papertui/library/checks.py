"""Lineage and duplicate checks over a loaded :class:`Library` (Textual-free core).

- a ``builds_on`` target that is not in the collection;
- a paper that builds on itself;
- cycles (each strongly connected tangle reported once, with one cycle's path);
- anachronisms: building on a paper dated later, compared at the precision both dates
  have, and never finer than the month (same year-month is fine);
- ``part_of`` naming no entry, or a chain of parts that loops;
- author names that look like spellings of one person ("Geoffrey Hinton" / "Geoffrey E.
  Hinton", "Quoc Le" / "Quoc V. Le", accents or case apart): same first and last name once
  folded, different spelling; each paper using a less common spelling is reported;
- likely duplicates: the same arXiv id, or titles that are identical or nearly so once
  normalised by :func:`papertui.library.fold.title_words`, as the importers compare them
  (``rapidfuzz.fuzz.ratio`` >= :data:`TITLE_SIMILARITY`). Near-identical
  titles are only compared within a length window (a ratio of 95 needs lengths within
  about 10% of each other), inside rapidfuzz's C loop. A part and its whole (or two parts
  of one whole) share a document, so they may share its arXiv id and title.

Problems point at the ``builds_on`` entry when the loader recorded its position, else at
the paper.
"""

from __future__ import annotations

import bisect
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator

from rapidfuzz import fuzz, process

from papertui.library.consequences import dangling_link, problem_at
from papertui.library.fold import fold, title_words
from papertui.library.model import Library, Paper
from papertui.library.problems import Problem

TITLE_SIMILARITY = 95.0
_BLOCK = 256  # titles per cdist call
_CDIST_FROM = 2_000  # distinct titles from which cdist (and numpy) pays off
_MARKERS = re.compile(r"\d+|\bplus\b")  # numbers and "+" name versions: GPT-3 / GPT-4, R / R+


_at = problem_at


def _where(paper: Paper) -> str:
    return f"{paper.file}:{paper.line}"


def check_lineage(library: Library) -> list[Problem]:
    """Every lineage and duplicate problem of ``library``, in paper load order."""
    problems: list[Problem] = []
    papers = library.papers
    for paper in papers.values():
        for link in paper.builds_on:
            target = papers.get(link.target)
            if link.target == paper.id:
                problems.append(_at(paper, f"{paper.id!r} builds on itself", link))
            elif target is None:  # grouped under its cause by consequences.group
                problems.append(dangling_link(paper, link))
            elif _later(_first(target), _last(paper)):
                msg = (
                    f"anachronism: {paper.id!r} ({_last(paper)}) builds on {target.id!r}"
                    f" ({_first(target)}), which came later"
                )
                problems.append(_at(paper, msg, link))
        if paper.part_of and paper.part_of not in papers:
            msg = f"part_of {paper.part_of!r}: no entry with that id in the collection"
            problems.append(_at(paper, msg))
    problems.extend(_cycles(library))
    wholes = {paper.id: _whole(library, paper) for paper in papers.values()}
    for paper in papers.values():
        if wholes[paper.id] is None:
            problems.append(_at(paper, f"part_of: {paper.id!r} is, in the end, part of itself"))
    problems.extend(_author_variants(papers.values()))
    problems.extend(_same_arxiv(papers.values(), wholes))
    problems.extend(_similar_titles(list(papers.values()), wholes))
    return problems


def _first(paper: Paper) -> str:
    """The first public month of ``paper`` (its date, or an earlier release)."""
    return min(paper.date, paper.released) if paper.released else paper.date


def _last(paper: Paper) -> str:
    return max(paper.date, paper.released) if paper.released else paper.date


def _whole(library: Library, paper: Paper) -> str | None:
    """The id of the document ``paper`` belongs to (itself if it is no part); None for a
    loop of parts."""
    seen = {paper.id}
    while paper.part_of and paper.part_of in library.papers:
        paper = library.papers[paper.part_of]
        if paper.id in seen:
            return None
        seen.add(paper.id)
    return paper.id


def _same_document(a: Paper, b: Paper, wholes: dict[str, str | None]) -> bool:
    whole = wholes.get(a.id)
    return whole is not None and whole == wholes.get(b.id)


def _later(a: str, b: str) -> bool:
    """True when date ``a`` is after date ``b`` at their common precision (month at most)."""
    n = min(len(a), len(b), 7)
    return a[:n] > b[:n]


# -- cycles ---------------------------------------------------------------------------------


def _edges(library: Library) -> dict[str, list[str]]:
    papers = library.papers
    return {
        p.id: [link.target for link in p.builds_on if link.target in papers and link.target != p.id]
        for p in papers.values()
    }


def _tangles(graph: dict[str, list[str]]) -> list[list[str]]:
    """Strongly connected components with more than one paper (iterative Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    on_stack: set[str] = set()
    stack: list[str] = []
    found: list[list[str]] = []
    for root in graph:
        if root in index:
            continue
        work: list[tuple[str, int]] = [(root, 0)]
        while work:
            node, i = work.pop()
            if i == 0:
                index[node] = low[node] = len(index)
                stack.append(node)
                on_stack.add(node)
            children = graph[node]
            if i < len(children):
                work.append((node, i + 1))
                child = children[i]
                if child not in index:
                    work.append((child, 0))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            if low[node] == index[node]:
                component = []
                while True:
                    top = stack.pop()
                    on_stack.discard(top)
                    component.append(top)
                    if top == node:
                        break
                if len(component) > 1:
                    found.append(component)
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
    return found


def _cycle_path(graph: dict[str, list[str]], members: set[str], start: str) -> list[str]:
    """Shortest cycle through ``start`` inside one tangle (breadth-first)."""
    previous: dict[str, str] = {}
    frontier = [start]
    while frontier:
        following: list[str] = []
        for node in frontier:
            for child in graph[node]:
                if child not in members:
                    continue
                if child == start:
                    path = [node]
                    while path[-1] != start:
                        path.append(previous[path[-1]])
                    return [*reversed(path), start]
                if child not in previous:
                    previous[child] = node
                    following.append(child)
        frontier = following
    return [start, start]  # pragma: no cover - a tangle always has a cycle through start


def _cycles(library: Library) -> list[Problem]:
    graph = _edges(library)
    order = {pid: n for n, pid in enumerate(library.papers)}
    problems = []
    for component in _tangles(graph):
        members = set(component)
        start = min(component, key=order.__getitem__)
        path = _cycle_path(graph, members, start)
        paper = library.papers[start]
        link = next(link for link in paper.builds_on if link.target == path[1])
        msg = "lineage cycle: " + " -> ".join(path)
        others = sorted(members - set(path))
        if others:
            more = f" and {len(others) - 10} more" if len(others) > 10 else ""
            msg += f" (also tangled: {', '.join(others[:10])}{more})"
        problems.append(_at(paper, msg, link))
    return problems


# -- authors -------------------------------------------------------------------------------


def author_key(name: str) -> tuple[str, str] | None:
    """First and last name, folded ("Geoffrey E. Hinton" -> ("geoffrey", "hinton"));
    None for a one-word name (a team, a mononym)."""
    words = fold(name).replace(".", " ").split()
    return (words[0], words[-1]) if len(words) >= 2 else None


def _author_variants(papers: Iterable[Paper]) -> list[Problem]:
    papers = list(papers)
    spellings: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
    for paper in papers:
        for name in set(paper.authors):
            key = author_key(name)
            if key is not None:
                spellings[key][name] += 1
    preferred = {
        key: max(names, key=lambda n: (names[n], len(n), n))
        for key, names in spellings.items()
        if len(names) > 1
    }
    problems = []
    for paper in papers:
        for name in dict.fromkeys(paper.authors):
            key = author_key(name)
            best = preferred.get(key) if key is not None else None
            if best is not None and best != name:
                uses = spellings[key][best]  # type: ignore[index]
                msg = (
                    f"author {name!r} looks like a spelling of {best!r} (used by {uses} "
                    f"{'paper' if uses == 1 else 'papers'}): one person, one spelling"
                )
                problems.append(_at(paper, msg))
    return problems


# -- duplicates -----------------------------------------------------------------------------


def _same_arxiv(papers: Iterable[Paper], wholes: dict[str, str | None]) -> list[Problem]:
    first: dict[str, Paper] = {}
    problems = []
    for paper in papers:
        if not paper.arxiv:
            continue
        earlier = first.setdefault(paper.arxiv, paper)
        if earlier is not paper and not _same_document(earlier, paper, wholes):
            msg = (
                f"likely duplicate: same arXiv id {paper.arxiv} as {earlier.id!r}"
                f" ({_where(earlier)})"
            )
            problems.append(_at(paper, msg))
    return problems


def _near_pairs_extract(
    ordered: list[str], lengths: list[int], stretch: float
) -> Iterator[tuple[int, int]]:
    """(i, j), i < j, of near-identical titles: one C scan of the length window per title
    (no numpy import, which costs papertui check ~0.25 s to start on small folders)."""
    for row, title in enumerate(ordered):
        end = bisect.bisect_right(lengths, lengths[row] * stretch)
        window = ordered[row + 1 : end]
        if not window:
            continue
        for _match, _score, k in process.extract(
            title, window, scorer=fuzz.ratio, score_cutoff=TITLE_SIMILARITY, limit=None
        ):
            yield row, row + 1 + k


def _near_pairs_cdist(
    ordered: list[str], lengths: list[int], stretch: float
) -> Iterator[tuple[int, int]]:
    """The same pairs, from blocks of :data:`_BLOCK` titles against their length window
    with ``process.cdist`` (about 3x faster at 10k titles, but it needs numpy)."""
    import numpy  # lazy: see _near_pairs_extract

    for start in range(0, len(ordered), _BLOCK):
        stop = min(start + _BLOCK, len(ordered))
        end = bisect.bisect_right(lengths, lengths[stop - 1] * stretch)
        scores = process.cdist(
            ordered[start:stop],
            ordered[start:end],
            scorer=fuzz.ratio,
            score_cutoff=TITLE_SIMILARITY,
            dtype=numpy.uint8,
            workers=1,
        )
        for row, col in zip(*numpy.nonzero(scores), strict=True):
            if col > row:
                yield start + int(row), start + int(col)


def _similar_titles(papers: list[Paper], wholes: dict[str, str | None]) -> list[Problem]:
    titles = [title_words(p.title) for p in papers]
    parent = list(range(len(papers)))  # union-find over near-identical titles

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    def union(i: int, j: int) -> None:
        a, b = find(i), find(j)
        if a != b:
            parent[max(a, b)] = min(a, b)

    exact: dict[str, int] = {}
    distinct: list[int] = []  # one index per distinct normalised title
    for i, title in enumerate(titles):
        if title in exact:
            union(exact[title], i)
        else:
            exact[title] = i
            distinct.append(i)
    distinct.sort(key=lambda i: len(titles[i]))
    ordered = [titles[i] for i in distinct]
    lengths = [len(t) for t in ordered]
    # ratio = 2*matches/(la+lb) >= s needs lb <= la * (200 - s) / s (for lb >= la), so each
    # block of length-sorted titles is only compared with the titles up to that length.
    stretch = (200.0 - TITLE_SIMILARITY) / TITLE_SIMILARITY
    pairs = _near_pairs_cdist if len(ordered) >= _CDIST_FROM else _near_pairs_extract
    for row, col in pairs(ordered, lengths, stretch):
        # near-identical but versioned differently is a series, not a copy
        if _MARKERS.findall(ordered[row]) == _MARKERS.findall(ordered[col]):
            union(distinct[row], distinct[col])

    problems = []
    for i, paper in enumerate(papers):
        root = find(i)
        if root != i and not _same_document(papers[root], paper, wholes):
            first = papers[root]
            msg = f"likely duplicate: title nearly identical to {first.id!r} ({_where(first)})"
            problems.append(_at(paper, msg))
    return problems


__all__ = ["TITLE_SIMILARITY", "check_lineage"]
