"""``anc:``/``desc:`` walks on a library read back from the load cache use the cache's own
position arrays (renumbered to the search index's order) and agree with ``within``."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from pathlib import Path

import pytest

from papertui.library.lineage import within
from papertui.search.lineagegraph import LineageGraph
from papertui.store import load
from papertui.store.lazypapers import LazyEdges

ERAS = "- id: e\n  name: E\n  start: 1950\n"
# file order (the library's) differs from date order (the index's): z is the oldest
PAPERS = {
    "a": ("2001", []),
    "b": ("2003", ["a"]),
    "c": ("2004", ["a", "b"]),
    "d": ("2005", ["c", "d"]),
    "y": ("2002", ["z"]),
    "z": ("1999", []),
    "e": ("2006", ["c", "y"]),
}


@pytest.fixture
def data(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg-cache"))
    folder = tmp_path / "data"
    (folder / "papers").mkdir(parents=True)
    (folder / "eras.yaml").write_text(ERAS, encoding="utf-8")
    for pid, (date, on) in PAPERS.items():
        text = (
            f'id: {pid}\nshort: {pid.upper()}\ntitle: "Paper {pid}"\ndate: "{date}"\n'
            f"era: e\nbuilds_on: [{', '.join(on)}]\n"
        )
        (folder / "papers" / f"{pid}.yaml").write_text(text, encoding="utf-8")
    thresholds = gc.get_threshold()
    yield folder
    gc.unfreeze()  # load_cached tunes the process-wide GC: undo it for the other tests
    gc.set_threshold(*thresholds)


def test_cached_walks_equal_within(data: Path) -> None:
    load.load_cached(data)
    library = load.load_cached(data).library  # warm: lazy papers and edges
    assert isinstance(library.built_upon_by, LazyEdges)
    index = load.search_index(library)
    graph = LineageGraph(library, index)
    assert graph._cached_edges() is not None  # the position arrays, not a walk by ids
    for pid in PAPERS:
        for direction in ("up", "down"):
            for depth in (None, 1, 2):
                mask = graph.reach(index.position(pid), direction, depth)
                got = {index.ids[int(i)] for i in mask.nonzero()[0]}
                assert got == within(library, pid, direction, depth), (pid, direction, depth)
