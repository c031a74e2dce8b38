"""The order of a cold build's phases, which keeps its memory low (issue 22 item 3): the
library is packed for the cache as soon as it is built, and let go of before the word
index (``persist.pack_index_and_store``); a packed library writes the same sections every
time (a write tried again after a sweep); the sources section is written from the packed
pieces. The bytes of the whole cache are ``test_lean_build.py``'s oracle."""

from __future__ import annotations

import weakref
from pathlib import Path
from typing import Any

import msgspec
import pytest

from papertui.library.loader import load_library
from papertui.search.index import SearchIndex
from papertui.search.ranking import WordIndex
from papertui.store import build, persist
from papertui.store import format as cache_format
from papertui.store.packedkey import PackedSources

DATA = Path(__file__).parents[2] / "data"


@pytest.fixture(autouse=True)
def _cache_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg-cache"))


def test_the_library_is_let_go_of_before_the_word_index(monkeypatch: pytest.MonkeyPatch) -> None:
    libraries: list[weakref.ref[Any]] = []
    alive_at_words: list[bool] = []
    steps: list[str] = []
    real_pack, real_words, real_index = (
        persist.pack_library,
        build.build_words_forked,  # the build child's (half of it in a forked process)
        persist.build_index,
    )

    def pack(result: Any, records: Any = None) -> cache_format.PackedLibrary:
        libraries.append(weakref.ref(result.library))
        steps.append("packed")
        return real_pack(result, records)

    def index(library: Any) -> SearchIndex | None:
        steps.append("index")
        assert not library.by_era and not library.built_upon_by  # only what the index reads
        assert all(not ids for ids in library.by_tag.values())
        return real_index(library)

    def words(index: SearchIndex | None) -> WordIndex | None:
        steps.append("words")
        # by reference counts alone: the build runs with the collector off
        alive_at_words.append(libraries[0]() is not None)
        return real_words(index)

    monkeypatch.setattr(persist, "pack_library", pack)
    monkeypatch.setattr(persist, "build_index", index)
    monkeypatch.setattr(build, "build_words_forked", words)
    assert build.build(DATA, processes=2)
    assert steps == ["packed", "index", "words"]
    assert alive_at_words == [False]


def test_a_packed_library_writes_the_same_sections_every_time() -> None:
    result = load_library(DATA)
    sources, folders = cache_format.scan(DATA)
    key = cache_format.make_key(DATA, sources)
    index = SearchIndex.build(result.library)
    words = WordIndex.build(index)
    whole = b"".join(cache_format.sections(result, key, index, words, folders))
    packed = cache_format.pack_library(result)
    listed = PackedSources(sources).chunks()
    empty = msgspec.structs.replace(key, sources=[])
    for _ in range(2):
        parts = cache_format.packed_sections(packed, empty, index, words, folders, None, listed)
        assert b"".join(parts) == whole
    assert b"".join(cache_format.packed_sections(packed, key, index, words, folders)) == whole


@pytest.mark.parametrize("count", [0, 3, 20_001])
def test_the_sources_section_is_written_from_the_pieces(count: int) -> None:
    sources = [(f"papers/p{k}.yaml", k, k * 10**9, k + 7, k) for k in range(count)]
    chunks = PackedSources(sources).chunks()
    assert len(chunks) == 1 + (count + 19_999) // 20_000  # the header, then each piece
    assert b"".join(chunks) == msgspec.msgpack.encode(sources)
