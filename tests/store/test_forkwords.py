"""The build child's word index, its people's half made in a forked process
(``papertui.store.forkwords``): the same index as one process makes, and made here after
all when the forked process fails."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

from papertui.library.loader import load_library
from papertui.search.index import SearchIndex
from papertui.search.wordindex import WordIndex, half_postings
from papertui.store import forkwords

DATA = Path(__file__).parents[2] / "data"


@pytest.fixture(scope="module")
def index() -> SearchIndex:
    return SearchIndex.build(load_library(DATA).library)


def state(words: WordIndex | None) -> dict[str, Any]:
    assert words is not None
    return {k: bytes(v) if isinstance(v, memoryview) else v for k, v in words.to_state().items()}


def forks(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Every fork made from now on (its pid in the parent)."""
    made: list[int] = []
    real = os.fork

    def fork() -> int:
        pid = real()
        if pid:
            made.append(pid)
        return pid

    monkeypatch.setattr(forkwords, "FORK_FROM", 1)
    monkeypatch.setattr(os, "fork", fork)
    return made


def test_the_forked_half_makes_the_same_index(
    index: SearchIndex, monkeypatch: pytest.MonkeyPatch
) -> None:
    parent = os.getpid()
    here: list[int] = []

    def counted(of: SearchIndex, which: int) -> Any:
        if os.getpid() == parent:
            here.append(which)
        return half_postings(of, which)

    made = forks(monkeypatch)
    monkeypatch.setattr(forkwords, "half_postings", counted)
    monkeypatch.setattr("papertui.search.wordindex.half_postings", counted)
    forked = forkwords.build_words_forked(index)
    assert len(made) == 1
    assert here == [0]  # the people's half was made elsewhere, and used
    assert state(forked) == state(WordIndex.build(index))
    with pytest.raises(ChildProcessError):  # and that process was waited for
        os.waitpid(made[0], os.WNOHANG)


def test_a_forked_process_that_fails_is_made_up_for(
    index: SearchIndex, monkeypatch: pytest.MonkeyPatch
) -> None:
    parent = os.getpid()

    def broken(of: SearchIndex, which: int) -> Any:
        if os.getpid() != parent:  # in the forked process only
            raise MemoryError
        return half_postings(of, which)

    made = forks(monkeypatch)
    monkeypatch.setattr(forkwords, "half_postings", broken)
    forked = forkwords.build_words_forked(index)
    assert len(made) == 1
    assert state(forked) == state(WordIndex.build(index))


def test_a_small_library_is_not_forked_for(
    index: SearchIndex, monkeypatch: pytest.MonkeyPatch
) -> None:
    made = forks(monkeypatch)
    monkeypatch.setattr(forkwords, "FORK_FROM", len(index) + 1)
    assert state(forkwords.build_words_forked(index)) == state(WordIndex.build(index))
    assert made == []


def test_the_postings_on_the_pipe(index: SearchIndex) -> None:
    part = half_postings(index, 1)
    back = forkwords.decode_postings(forkwords.encode_postings(part))
    assert back[0] == part[0]
    for sent, got in zip(part[1:], back[1:], strict=True):
        assert got.dtype == sent.dtype
        assert got.tolist() == sent.tolist()
    with pytest.raises(ValueError):
        forkwords.decode_postings(b"\x92\x90\x90")  # two empty lists: no arrays
