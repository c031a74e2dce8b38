"""The search index built a chunk of papers at a time equals the whole-library build it
replaced (``index_reference.py``), column for column: chunk boundaries anywhere, ASCII and
non-ASCII chunks side by side, parts, unknown eras, organisations met in later chunks."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from index_reference import reference_build

from papertui.library.loader import load_library
from papertui.library.model import Era, Library, Link, Paper
from papertui.search import index as index_module
from papertui.search.index import SearchIndex

DATA = Path(__file__).parents[2] / "data"
WORDS = ["Attention", "GPT-4", "llama2", "Ünïcode", "naïve", "ДАННЫЕ", "x", "ﬁne", "Straße"]
ERAS = (Era("old", "Old times", 1950, 1999), Era("new", "New", 2000, None))


def _paper(rng: random.Random, k: int) -> Paper:
    words = rng.sample(WORDS, rng.randint(1, 4))
    ascii_only = rng.random() < 0.5
    if ascii_only:
        words = [w.encode("ascii", "ignore").decode() or "plain" for w in words]
    return Paper(
        id=f"p{k:04d}",
        short=rng.choice(words) + str(k % 7),
        title="  ".join(words) + (" -- end" if k % 3 else ""),
        date=rng.choice(["1999", "2001-05", "2001-05-17", "1960-01"]),
        era=rng.choice(["old", "new", "lost", "gone"]),
        authors=tuple(rng.sample(["Ann Lee", "Bé Ngô", "Carl", "D. E. Knuth"], rng.randint(0, 3))),
        org=rng.choice(["", "Lab", "Lâb Zürich", f"Org {k % 11}"]),
        tags=tuple(rng.sample(["NLP", "Vision", "Ünï", "RL"], rng.randint(0, 3))),
        builds_on=(Link(f"p{(k * 7) % 50:04d}"),),
        part_of=f"p{(k * 3) % 60:04d}" if k % 4 == 0 else ("nowhere" if k % 9 == 0 else ""),
    )


def _assert_same(library: Library) -> None:
    assert SearchIndex.build(library).to_columns() == reference_build(library).to_columns()


@pytest.mark.parametrize("chunk", [1, 7, 64, 20_000])
def test_built_in_chunks_it_is_the_whole_library_build(
    chunk: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(index_module, "BUILD_CHUNK", chunk)
    rng = random.Random(chunk)
    papers = [_paper(rng, k) for k in range(150)]
    _assert_same(Library.build(ERAS, papers, {"Vision": "NLP"}))


def test_the_bundled_library_and_an_empty_one(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(index_module, "BUILD_CHUNK", 5)
    _assert_same(load_library(DATA).library)
    _assert_same(Library.build(ERAS, ()))
    assert len(SearchIndex.build(Library.build((), ()))) == 0


@pytest.mark.parametrize("chunk", [1, 2, 3, 20_000])
def test_titles_are_folded_a_chunk_at_a_time_as_one_by_one(
    chunk: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(index_module, "BUILD_CHUNK", chunk)
    titles = ["Straße", "ﬁne TUNING", "a\x00b", "", "ДАННЫЕ", "İstanbul", "x"]
    assert index_module._casefold_many(titles) == [t.casefold() for t in titles]
    assert index_module._casefold_many([]) == []
