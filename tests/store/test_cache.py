"""The load cache: warm loads equal cold loads, and a bad cache is never trusted."""

from __future__ import annotations

import dataclasses
import gc
import os
from collections.abc import Iterator
from pathlib import Path

import msgspec
import pytest

from papertui.library import loader
from papertui.library.loader import LoadResult, load_library
from papertui.search.engine import Engine, View
from papertui.search.index import SearchIndex
from papertui.search.ranking import WordIndex
from papertui.store import build, child, load
from papertui.store import format as cache_format
from papertui.store import reader as cache_reader
from papertui.store.build import pool_mapper
from papertui.store.lazypapers import (
    CorruptCache,
    LazyEdges,
    LazyGroups,
    LazyPapers,
    pack,
    pack_groups,
)

ERAS = """\
- id: early
  name: Early
  start: 1950
  end: 2009
- id: modern
  name: Modern
  start: 2010
"""

PAPER = """\
id: {id}
short: {short}
title: "{title}"
date: "{date}"
era: {era}
authors: [Ada Lovelace, Alan Turing]
tags: [Theory, Vision]
summary: A summary.
builds_on: [{builds_on}]
links:
  url: "https://example.org/{id}"
"""

SHARD = """\
- id: shard-a
  short: A
  title: "Shard A"
  date: "2012-01"
  era: modern
  tags: [Vision]
  builds_on:
    - id: alpha
      why: it came first
- id: shard-b
  short: B
  title: "Shard B"
  date: "2013-05-02"
  era: modern
  builds_on: [shard-a, alpha]
"""


def write_paper(folder: Path, pid: str, date: str = "2015-03", builds_on: str = "") -> Path:
    era = "early" if date < "2010" else "modern"
    text = PAPER.format(
        id=pid, short=pid.title(), title=f"Paper {pid}", date=date, era=era, builds_on=builds_on
    )
    path = folder / "papers" / f"{pid}.yaml"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def data(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg-cache"))
    folder = tmp_path / "data"
    (folder / "papers" / "sub").mkdir(parents=True)
    (folder / "eras.yaml").write_text(ERAS, encoding="utf-8")
    write_paper(folder, "alpha", "2001-02")
    write_paper(folder, "beta", "2011-07", builds_on="alpha")
    write_paper(folder, "gamma", "2014", builds_on="beta, alpha")
    (folder / "papers" / "sub" / "shard.yaml").write_text(SHARD, encoding="utf-8")
    (folder / "papers" / "broken.yaml").write_text("id: broken\ntitle: [oops\n", encoding="utf-8")
    thresholds = gc.get_threshold()
    yield folder
    gc.unfreeze()  # load_cached tunes the process-wide GC: undo it for the other tests
    gc.set_threshold(*thresholds)


def assert_same(a: LoadResult, b: LoadResult) -> None:
    for f in dataclasses.fields(a.library):
        left, right = getattr(a.library, f.name), getattr(b.library, f.name)
        if hasattr(left, "items"):
            assert list(left.items()) == list(right.items()), f.name
        else:
            assert left == right, f.name
    assert a.problems == b.problems


def forbid_parsing(monkeypatch: pytest.MonkeyPatch) -> None:
    def boom(*_args: object, **_kwargs: object) -> LoadResult:
        raise AssertionError("YAML was parsed although the cache is warm")

    monkeypatch.setattr(loader, "load_library", boom)  # the cache imports it when parsing


def count_parses(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    calls: list[Path] = []

    def counting(data_dir: Path, progress: object = None) -> LoadResult:
        calls.append(data_dir)
        return load_library(data_dir)

    monkeypatch.setattr(loader, "load_library", counting)
    return calls


def test_small_warm_load_leaves_the_word_index_to_the_engine(data: Path) -> None:
    cold = load.load_cached(data)
    assert load.search_words(cold.library) is not None  # built with the cache
    warm = load.load_cached(data)
    assert load.search_words(warm.library) is None  # a small library: not decoded
    engine = Engine(warm.library, index=load.search_index(warm.library))
    assert list(engine.run(View(query="pap alp")).ids) == list(
        Engine(cold.library).run(View(query="pap alp")).ids
    )


@pytest.mark.parametrize("words_from", [cache_format.WORDS_FROM, 0])
def test_warm_start_to_first_results_does_not_import_numpy(data: Path, words_from: int) -> None:
    """numpy costs ~0.15 s to import: the first screen does without it, whether the word
    index is left to the engine (small library) or decoded from the cache (big one)."""
    import subprocess
    import sys

    load.load_cached(data)
    code = (
        "import sys; from pathlib import Path; "
        "from papertui.store import format as cache_format, load; "
        "from papertui.search.engine import Engine, View; "
        f"cache_format.WORDS_FROM = {words_from}; "
        f"lib = load.load_cached(Path({str(data)!r})).library; "
        "words = load.search_words(lib); "
        "e = Engine(lib, index=load.search_index(lib), words=words); "
        "n = len(e.run(View()).ids); "
        "print(n, words is not None, 'numpy' in sys.modules, "
        "len(e.run(View(query='pap alp')).ids) > 0, 'numpy' in sys.modules)"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, env=os.environ
    ).stdout.strip()
    assert out == f"5 {words_from == 0} False True True"


def test_warm_load_does_not_import_yaml(data: Path) -> None:
    """A warm start lists the sources and decodes the cache: PyYAML is never imported."""
    import subprocess
    import sys

    load.load_cached(data)  # warm it in this process's cache folder
    code = (
        "import sys; from pathlib import Path; "
        "from papertui.store import format as cache_format, load; "
        f"load.load_cached(Path({str(data)!r})); "
        "print(sorted(m for m in sys.modules if m == 'yaml' or m == 'papertui.library.schema'))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, env=os.environ
    ).stdout.strip()
    assert out == "[]"


def test_cold_load_equals_loader_and_writes_cache(data: Path) -> None:
    result = load.load_cached(data)
    assert_same(result, load_library(data))
    assert len(result.library) == 5
    assert result.problems, "the broken file must be reported"
    assert cache_format.cache_path(data).is_file()
    assert cache_format.cache_path(data).parent == cache_format.cache_dir()
    assert str(cache_format.cache_path(data)).startswith(os.environ["XDG_CACHE_HOME"])


def test_warm_load_equals_cold_load_without_parsing(
    data: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cold = load.load_cached(data)
    forbid_parsing(monkeypatch)
    warm = load.load_cached(data)
    assert_same(warm, cold)
    lib = warm.library
    assert lib.built_upon_by["alpha"] == ("beta", "shard-a", "shard-b", "gamma")
    assert lib.by_tag["Vision"] == ("alpha", "beta", "shard-a", "gamma")
    assert lib.era("modern") is not None and lib.era("modern") == cold.library.era("modern")
    assert lib.builds_on("shard-a")[0].id == "alpha"
    assert lib.papers["shard-a"].builds_on[0].reason == "it came first"


def test_load_problems_are_cached_too(data: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    cold = load.load_cached(data)
    forbid_parsing(monkeypatch)
    warm = load.load_cached(data)
    assert any("broken.yaml" in str(p) for p in warm.problems)
    assert [str(p) for p in warm.problems] == [str(p) for p in cold.problems]


def test_editing_a_source_invalidates(data: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    load.load_cached(data)
    path = data / "papers" / "beta.yaml"
    path.write_text(path.read_text().replace("Paper beta", "Paper BETA"), encoding="utf-8")
    st = path.stat()
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns + 1_000_000))
    calls = count_parses(monkeypatch)
    result = load.load_cached(data)
    assert calls == [data]
    assert result.library.papers["beta"].title == "Paper BETA"
    forbid_parsing(monkeypatch)
    assert load.load_cached(data).library.papers["beta"].title == "Paper BETA"


def test_same_size_edit_with_new_mtime_invalidates(
    data: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    load.load_cached(data)
    path = data / "papers" / "gamma.yaml"
    text = path.read_text()
    path.write_text(text.replace("Paper gamma", "Paper GAMMA"), encoding="utf-8")
    assert len(path.read_bytes()) == len(text.encode())
    st = path.stat()
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns + 5_000_000))
    assert load.load_cached(data).library.papers["gamma"].title == "Paper GAMMA"


def test_new_file_invalidates(data: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    load.load_cached(data)
    write_paper(data, "delta", "2016-01", builds_on="gamma")
    calls = count_parses(monkeypatch)
    result = load.load_cached(data)
    assert calls == [data]
    assert "delta" in result.library
    assert result.library.built_upon_by["gamma"] == ("delta",)


def test_removed_file_invalidates(data: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    load.load_cached(data)
    (data / "papers" / "broken.yaml").unlink()
    (data / "papers" / "gamma.yaml").unlink()
    result = load.load_cached(data)
    assert "gamma" not in result.library
    assert result.problems == ()


@pytest.mark.parametrize(
    "damage",
    [
        "truncated",
        "garbage",
        "empty",
        "body-garbage",
        "trailing-junk",
        "foreign-version",
        "foreign-schema",
    ],
)
def test_bad_cache_is_rebuilt_never_trusted(
    data: Path, monkeypatch: pytest.MonkeyPatch, damage: str
) -> None:
    good = load.load_cached(data)
    path = cache_format.cache_path(data)
    blob = path.read_bytes()
    found = cache_reader.read_header(blob)
    assert found is not None
    header, offset = found
    if damage == "truncated":
        bad = blob[: len(blob) * 2 // 3]
    elif damage == "garbage":
        bad = os.urandom(len(blob))
    elif damage == "empty":
        bad = b""
    elif damage == "body-garbage":
        bad = blob[:offset] + b"\xc1" * (len(blob) - offset)
    elif damage == "trailing-junk":
        bad = blob + b"\x00"
    else:
        if damage == "foreign-version":
            other = msgspec.structs.replace(header.key, version="0.0.0-other")
        else:
            other = msgspec.structs.replace(header.key, schema=header.key.schema + 1)
        # the same library, stamped by another papertui: must not be trusted
        bad = cache_format.encode(good, other)
    path.write_bytes(bad)
    calls = count_parses(monkeypatch)
    result = load.load_cached(data)
    assert calls == [data], "a bad cache must be rebuilt from the YAML"
    assert_same(result, good)
    rewritten = cache_reader.read_header(path.read_bytes())
    assert rewritten is not None and rewritten[0].key == header.key


@pytest.mark.parametrize("in_thread", [False, True])
def test_a_damaged_search_column_rebuilds_the_cache(
    data: Path, monkeypatch: pytest.MonkeyPatch, in_thread: bool
) -> None:
    if in_thread:  # as for a big library: the CRC is summed while the body is decoded
        monkeypatch.setattr(cache_format, "DIGEST_THREAD_FROM", 0)
    good = load.load_cached(data)
    calls = count_parses(monkeypatch)
    assert_same(load.load_cached(data), good)
    assert calls == [], "an intact cache passes the check"
    path = cache_format.cache_path(data)
    blob = bytearray(path.read_bytes())
    found = cache_reader.read_header(bytes(blob))
    assert found is not None
    header, offset = found
    assert header.columns_size > 0, "the search index lives in the columns section"
    at = offset + header.body_size + header.columns_size // 2
    blob[at] ^= 0xFF  # one flipped byte in the memory-mapped index columns
    path.write_bytes(bytes(blob))
    result = load.load_cached(data)
    assert calls == [data], "damaged columns must not be trusted"
    assert_same(result, good)
    assert load.search_index(result.library) == SearchIndex.build(result.library)


def test_cache_for_another_folder_is_not_used(
    data: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    load.load_cached(data)
    other = tmp_path / "copy"
    other.mkdir()
    (other / "eras.yaml").write_text(ERAS, encoding="utf-8")
    (other / "papers").mkdir()
    write_paper(other, "solo", "2020-01")
    # plant data's cache where other's would be: the header names another folder
    cache_format.cache_path(other).write_bytes(cache_format.cache_path(data).read_bytes())
    result = load.load_cached(other)
    assert list(result.library.papers) == ["solo"]


def test_write_is_atomic_and_leaves_no_temporary_files(data: Path) -> None:
    load.load_cached(data)
    folder = cache_format.cache_path(data).parent
    files = [p.name for p in folder.iterdir() if not p.name.startswith(".")]  # .sweep.lock
    assert files == [cache_format.cache_path(data).name]


def test_unwritable_cache_still_loads(
    data: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "not-a-dir"
    blocker.write_text("a file where the cache folder should be")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocker))
    result = load.load_cached(data)
    assert len(result.library) == 5
    assert not cache_format.cache_path(data).exists()


def test_missing_folder_is_reported_not_cached(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg-cache"))
    result = load.load_cached(tmp_path / "nope")
    assert len(result.library) == 0
    assert result.problems and "not found" in result.problems[0].message
    assert not (tmp_path / "xdg-cache").exists()


def test_gc_is_restored_and_loaded_objects_frozen(data: Path) -> None:
    gc.unfreeze()
    assert gc.isenabled()
    thresholds = gc.get_threshold()
    try:
        load.load_cached(data)
        assert gc.get_threshold()[2] >= load.FULL_GC_EVERY
        assert gc.get_threshold()[:2] == thresholds[:2]
    finally:
        gc.set_threshold(*thresholds)
    assert gc.isenabled()
    assert gc.get_freeze_count() > 0
    gc.unfreeze()
    gc.disable()
    try:
        load.load_cached(data)
        assert not gc.isenabled(), "a caller's disabled GC stays disabled"
    finally:
        gc.enable()


def test_scan_lists_every_source_file(data: Path) -> None:
    names = [source[0] for source in cache_format.scan_sources(data)]
    assert names[0] == "eras.yaml"
    assert "papers/sub/shard.yaml" in names
    assert len(names) == 6


def test_search_index_is_cached_with_the_library(
    data: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cold = load.load_cached(data)
    built = SearchIndex.build(cold.library)
    assert load.search_index(cold.library) == built

    def no_build(_library: object) -> SearchIndex:
        raise AssertionError("the index was rebuilt although the cache is warm")

    monkeypatch.setattr(SearchIndex, "build", no_build)
    warm = load.load_cached(data)
    assert load.search_index(warm.library) == built
    assert load.search_index(cold.library) is None, "only for the library it came with"
    engine = Engine(warm.library, index=load.search_index(warm.library))
    assert list(engine.run(View(query="shard")).ids) == ["shard-a", "shard-b"]


def test_index_that_cannot_be_built_does_not_break_loading(
    data: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(_library: object) -> SearchIndex:
        raise RuntimeError("boom")

    original = SearchIndex.__dict__["build"]
    monkeypatch.setattr(SearchIndex, "build", broken)
    result = load.load_cached(data)
    assert len(result.library) == 5
    assert load.search_index(result.library) is None
    monkeypatch.setattr(SearchIndex, "build", original)
    forbid_parsing(monkeypatch)
    warm = load.load_cached(data)  # the cache was still written, without an index
    assert len(warm.library) == 5
    assert load.search_index(warm.library) is None


def test_progress_is_reported_while_parsing_only(data: Path) -> None:
    seen: list[tuple[int, int]] = []
    load.load_cached(data, lambda done, total: seen.append((done, total)))
    assert seen and seen[-1] == (5, 5), "5 paper files parsed"
    seen.clear()
    load.load_cached(data, lambda done, total: seen.append((done, total)))
    assert seen == [], "a warm load parses nothing"


def test_warm_load_decodes_papers_only_when_asked(
    data: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    load.load_cached(data)
    warm = load.load_cached(data)
    papers = warm.library.papers
    assert isinstance(papers, LazyPapers)
    assert papers.decoded == 0, "nothing is decoded before it is looked at"
    assert "beta" in papers and "nope" not in papers
    assert papers.decoded == 0
    beta = warm.library.get("beta")
    assert beta is not None and beta.title == "Paper beta"
    assert papers.decoded == 1
    assert warm.library.get("beta") is beta, "decoded once, then kept"
    assert warm.library.get("nope") is None
    with pytest.raises(KeyError):
        papers["nope"]
    assert [p.id for p in warm.library] == list(papers)
    assert papers.decoded == 5


def test_lazy_tables_refuse_mismatched_arrays() -> None:
    order, offsets, crcs, blob = pack([])
    with pytest.raises(ValueError):
        LazyPapers(["ghost"], order, offsets, crcs, blob)
    keys, starts, flat = pack_groups({"Vision": ["a", "b"]}, {"a": 0, "b": 1})
    assert dict(LazyGroups(["a", "b"], keys, starts, flat)) == {"Vision": ("a", "b")}
    with pytest.raises(ValueError):
        LazyGroups(["a", "b"], [*keys, "extra"], starts, flat)  # no range for "extra"


def test_groups_are_built_on_access(data: Path) -> None:
    cold = load.load_cached(data)
    warm = load.load_cached(data)
    by_tag = warm.library.by_tag
    assert isinstance(by_tag, LazyGroups) and isinstance(warm.library.by_era, LazyGroups)
    assert list(by_tag) == list(cold.library.by_tag) == ["Theory", "Vision"]
    assert warm.library.tags == cold.library.tags
    assert by_tag["Vision"] is by_tag["Vision"], "built once, then kept"
    assert "Nope" not in by_tag and by_tag.get("Nope") is None
    assert dict(warm.library.by_era) == dict(cold.library.by_era)


def test_a_damaged_paper_record_is_caught_and_the_cache_dropped(
    data: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    good = load.load_cached(data)
    last = list(good.library.papers)[-1]
    path = cache_format.cache_path(data)
    blob = path.read_bytes()
    path.write_bytes(blob[:-3] + bytes([blob[-3] ^ 0x10]) + blob[-2:])  # inside the last record
    warm = load.load_cached(data)
    first = next(iter(warm.library.papers))
    assert warm.library.papers[first] == good.library.papers[first], "good records still load"
    # audit 8: this crashed the app (CorruptCache). Now a damaged record read lazily, after
    # start-up, is a cache miss: the papers are reloaded from the YAML, the app keeps going
    assert warm.library.papers[last] == good.library.papers[last]
    assert warm.library.get(last) == good.library.papers[last]
    assert not path.exists(), "a damaged cache is dropped"
    calls = count_parses(monkeypatch)
    again = load.load_cached(data)
    assert calls == [data]
    assert_same(again, good)
    # with no YAML to fall back on, the record is "no such paper", never a crash
    path.write_bytes(blob[:-3] + bytes([blob[-3] ^ 0x10]) + blob[-2:])
    bare = cache_reader.decode(path, cache_reader.read_header(path.read_bytes())[0].key)
    if bare is not None:
        with pytest.raises(CorruptCache):
            bare.library.papers[last]
        assert bare.library.get(last) is None


def test_built_upon_by_is_lazy_but_equal(data: Path) -> None:
    cold = load.load_cached(data)
    warm = load.load_cached(data)
    edges = warm.library.built_upon_by
    assert isinstance(edges, LazyEdges)
    assert list(edges) == list(cold.library.built_upon_by)
    assert dict(edges) == dict(cold.library.built_upon_by)
    assert "alpha" in edges and "gamma" not in edges and "nope" not in edges
    with pytest.raises(KeyError):
        edges["gamma"]  # a paper nobody builds on
    assert warm.library.built_upon("alpha") == cold.library.built_upon("alpha")
    assert warm.library.edge_count == cold.library.edge_count


def test_a_changed_search_index_shape_drops_only_the_index(
    data: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cold = load.load_cached(data)
    monkeypatch.setattr(cache_format, "index_fingerprint", lambda: "another-shape")
    forbid_parsing(monkeypatch)
    warm = load.load_cached(data)  # the library is still trusted...
    assert_same(warm, cold)
    assert load.search_index(warm.library) is None  # ...its index is not: the engine rebuilds


def test_word_index_is_cached_with_the_library(data: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cache_format, "WORDS_FROM", 0)  # as for a big library
    cold = load.load_cached(data)
    built = load.search_words(cold.library)
    assert built is not None
    queries = ("paper be", "pap alp", "shard")
    fresh = Engine(cold.library)
    expected = [list(fresh.run(View(query=q)).ids) for q in queries]
    original = WordIndex.__dict__["build"]

    def no_build(_index: object) -> WordIndex:
        raise AssertionError("the word index was rebuilt although the cache is warm")

    monkeypatch.setattr(WordIndex, "build", no_build)
    warm = load.load_cached(data)
    words = load.search_words(warm.library)
    assert words is not None and words.words == built.words
    assert load.search_words(cold.library) is None, "only for the library it came with"
    engine = Engine(warm.library, index=load.search_index(warm.library), words=words)
    assert [list(engine.run(View(query=q)).ids) for q in queries] == expected
    assert expected[1], "a multi-word query that needs the word index finds papers"
    monkeypatch.setattr(WordIndex, "build", original)
    monkeypatch.setattr(cache_format, "words_fingerprint", lambda: "another-format")
    assert load.search_words(load.load_cached(data).library) is None


# -- a big cold load is built by a child process (its own GIL), then read back -----------


def _no_parse_here(*_args: object) -> object:
    raise AssertionError("parsed in the app's process, not in the child")


def test_a_big_cold_load_is_built_in_a_child_and_read_back(
    data: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(child, "CHILD_BUILD_BYTES", 0)  # every folder counts as big
    monkeypatch.setattr(load, "_parse_and_write", _no_parse_here)
    seen: list[tuple[int, int]] = []
    result = load.load_cached(data, lambda done, total: seen.append((done, total)))
    assert_same(result, load_library(data))  # papers and problems, as a direct parse
    assert result.problems  # broken.yaml's problem came through the cache
    assert seen and seen[-1][0] == seen[-1][1]  # the child's progress reached the caller
    assert cache_format.cache_path(data).exists()


def test_the_app_reads_what_the_child_built_without_decoding_the_source_list(
    data: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # the checked read decodes the whole source list and compares it (one call into C: a
    # third of a second at a million files, the UI waiting): the app's first load trusts
    # the child's cache instead and gets a stamp, so its background check compares later
    monkeypatch.setattr(child, "CHILD_BUILD_BYTES", 0)
    monkeypatch.setattr(load, "_parse_and_write", _no_parse_here)
    checked: list[Path] = []
    real = load.decode
    monkeypatch.setattr(load, "decode", lambda path, *a: checked.append(path) or real(path, *a))
    quick = load.load_quick(data)
    assert_same(quick.result, load_library(data))
    assert quick.stamp is not None  # the caller checks this cache in the background
    assert checked == [cache_format.cache_path(data)]  # only the miss before the build
    assert load.load_quick(data).stamp == quick.stamp  # the next start: the same cache


def test_when_the_child_cannot_build_the_app_parses_itself(
    data: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(child, "CHILD_BUILD_BYTES", 0)
    monkeypatch.setattr(child.sys, "executable", str(data / "no-such-python"))
    result = load.load_cached(data)
    assert_same(result, load_library(data))


def test_small_folders_parse_in_process(
    data: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def no_child(*_args: object) -> bool:
        raise AssertionError("a small folder started a child")

    monkeypatch.setattr(child, "build_in_child", no_child)
    assert_same(load.load_cached(data), load_library(data))


def test_cachebuild_command_usage_and_status(
    data: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert build.main([]) == 2
    assert "usage" in capsys.readouterr().err
    assert build.main([str(data)]) == 0
    lines = capsys.readouterr().out.split()
    assert lines and all(part.isdigit() for part in lines)
    assert cache_format.cache_path(data).exists()


def test_a_running_child_build_is_stopped_at_exit(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Quitting during a first load of a big folder must not leave the build running."""
    import threading

    slow = tmp_path / "slow-python"
    slow.write_text("#!/bin/sh\nexec sleep 60\n")  # one process, as python is
    slow.chmod(0o755)
    monkeypatch.setattr(child.sys, "executable", str(slow))
    outcome: list[bool] = []
    worker = threading.Thread(target=lambda: outcome.append(child.build_in_child(tmp_path, None)))
    worker.start()
    for _ in range(200):  # wait until the child is running
        if child._children:
            break
        threading.Event().wait(0.01)
    assert child._children
    child.stop_children()  # what atexit (and a forced exit) calls
    worker.join(10)
    assert not worker.is_alive() and outcome == [False]
    assert not child._children


def test_cachebuild_reports_a_cache_it_could_not_write(
    data: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocker / "cache"))  # mkdir fails under a file
    assert load.build_cache(data) is False
    # the child hands the cache it could not write to the app on its stdout (audit 15)
    assert build.main([str(data)]) == child.HANDED_BACK


def test_the_tag_hierarchy_survives_a_warm_load(data: Path) -> None:
    (data / "tags.yaml").write_text(
        "- {id: theory, name: Theory}\n- {id: vision, name: Vision, parent: theory}\n",
        encoding="utf-8",
    )
    cold = load.load_cached(data).library
    warm = load.load_cached(data).library
    assert cold.tag_parents == warm.tag_parents == {"Vision": "Theory"}
    assert warm.tag_path("Vision") == ("Theory", "Vision")


# -- the cold build: worker processes, the cache written in sections ---------------------


def test_workers_parse_what_one_process_parses(data: Path) -> None:
    with pool_mapper(2) as mapper:
        assert mapper is not None
        parallel = load_library(data, mapper=mapper)
    assert_same(parallel, load_library(data))
    assert parallel.problems  # broken.yaml's problem came back from a worker


def test_the_build_writes_a_cache_the_app_reads(
    data: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    seen: list[tuple[int, int]] = []
    assert build.build(data, lambda done, total: seen.append((done, total)), processes=2)
    assert seen[-1][0] == seen[-1][1] > 0

    def no_parse(*_args: object, **_kwargs: object) -> object:
        raise AssertionError("the cache the build wrote was not used")

    monkeypatch.setattr(load, "_parse_and_write", no_parse)
    assert_same(load.load_cached(data), load_library(data))


def test_streamed_sections_are_the_encoded_file(data: Path, tmp_path: Path) -> None:
    result = load_library(data)
    key = cache_format.make_key(data, cache_format.scan_sources(data))
    index = SearchIndex.build(result.library)
    target = tmp_path / "cache.msgpack"
    assert cache_format.write_cache(target, result, key, index)
    assert target.read_bytes() == cache_format.encode(result, key, index)


def test_one_process_means_no_pool() -> None:
    with pool_mapper(1) as mapper:
        assert mapper is None


def test_a_worker_that_dies_fails_the_build_instead_of_hanging_it(
    data: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from concurrent.futures.process import BrokenProcessPool

    def die(*_args: object) -> object:
        os._exit(3)  # a crash in the parser, in the worker

    monkeypatch.setattr(build, "parse_records", die)  # what a worker runs on each file
    with pytest.raises(BrokenProcessPool):
        build.build(data, processes=2)
    assert not cache_format.cache_path(data).exists()
