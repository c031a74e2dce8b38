"""The numpy walks behind ``anc:``/``desc:`` agree with ``lineage.within`` (cycles,
diamonds, disconnected parts, depth caps)."""

from __future__ import annotations

import pytest

from papertui.library.lineage import within
from papertui.library.model import Era, Library, Link, Paper
from papertui.search.index import SearchIndex
from papertui.search.lineagegraph import LineageGraph

ERAS = (Era("e", "E", 1900, None),)


def lib(edges: dict[str, list[str]], extra: tuple[str, ...] = ()) -> Library:
    ids = dict.fromkeys([*edges, *(t for ts in edges.values() for t in ts), *extra])
    papers = [
        Paper(pid, pid.upper(), f"T {pid}", f"20{n:02d}", "e", builds_on=tuple(map(Link, on)))
        for n, pid in enumerate(ids)
        for on in [edges.get(pid, [])]
    ]
    return Library.build(ERAS, papers)


GRAPHS = {
    "diamond": lib({"d": ["b", "c"], "b": ["a"], "c": ["a"]}, ("x",)),
    "cycle": lib({"a": ["b"], "b": ["c"], "c": ["a"], "d": ["a"]}),
    "two parts": lib({"b": ["a"], "c": ["b"], "y": ["x"], "z": ["y", "x"]}),
    "self and repeats": lib({"a": ["a", "b", "b"], "c": ["a"]}),
}


def found(graph: LineageGraph, index: SearchIndex, mask: object) -> frozenset[str]:
    return frozenset(index.ids[int(i)] for i in mask.nonzero()[0])  # type: ignore[attr-defined]


@pytest.mark.parametrize("name", sorted(GRAPHS))
def test_reach_equals_within_every_paper_direction_and_depth(name: str) -> None:
    library = GRAPHS[name]
    index = SearchIndex.build(library)
    graph = LineageGraph(library, index)
    for pid in library.papers:
        for direction in ("up", "down"):
            for depth in (None, 0, 1, 2, 5):
                mask = graph.reach(index.position(pid), direction, depth)
                assert found(graph, index, mask) == within(library, pid, direction, depth), (
                    pid,
                    direction,
                    depth,
                )


def test_an_unknown_start_reaches_nothing() -> None:
    library = GRAPHS["diamond"]
    index = SearchIndex.build(library)
    assert not LineageGraph(library, index).reach(-1, "down").any()


def test_recent_walks_are_remembered() -> None:
    library = GRAPHS["diamond"]
    index = SearchIndex.build(library)
    graph = LineageGraph(library, index)
    a = index.position("a")
    assert graph.reach(a, "down") is graph.reach(a, "down")
    assert graph.reach(a, "down", 1).sum() == 2  # b and c: another depth, another walk
