"""The oracle of the lean cold build: for the same data folder, the cache the build child
writes (slim papers, records from the spool, the key's sources packed, the search index
made a chunk at a time) is byte for byte the cache of the whole-paper path it replaced:
every paper loaded as a ``Paper`` (``load_library``), the search index built as before
(``tests/search/index_reference.py``), every record encoded from its paper
(``format.write_cache`` without a spool).

Folders: the bundled data, and made ones with problems of every kind (ids defined twice
across files, unknown eras, dates outside their era, dangling and self links, files that
cannot be parsed, read or decoded), shards and one file per paper, parts, non-ASCII
names, with and without ``eras.yaml``; the build with two workers and with none.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable
from pathlib import Path

import msgspec
import pytest

from papertui.library.loader import load_library
from papertui.search.ranking import WordIndex
from papertui.store import build, slim
from papertui.store import format as cache_format
from papertui.store import spool as spool_module
from papertui.store.packedkey import PackedSources, array_header

sys.path.insert(0, str(Path(__file__).parents[1] / "search"))
from index_reference import reference_build

DATA = Path(__file__).parents[2] / "data"
ERAS = """\
- id: early
  name: Early days
  start: 1950
  end: 1999
- id: late
  name: Late
  start: 2000
  end: null
"""
TAGS = """\
- id: learning
  name: Learning
- id: vision
  name: Vision
  parent: learning
- id: nlp
  name: NLP
  parent: learning
"""


def _paper(
    pid: str, era: str = "late", date: str = "2010-03", links: str = "[]", **more: str
) -> str:
    extra = "".join(f"{k}: {v}\n" for k, v in more.items())
    return (
        f"id: {pid}\nshort: {pid.upper()}\ntitle: 'On {pid}'\ndate: '{date}'\nera: {era}\n"
        f"authors: ['Zoë Ångström', 'Bob Li']\norg: 'Lab {len(pid) % 3}'\n"
        f"tags: [vision]\nbuilds_on: {links}\n{extra}"
    )


def _shard(papers: list[str]) -> str:
    return "".join("- " + "\n  ".join(text.rstrip("\n").split("\n")) + "\n" for text in papers)


def _messy(root: Path, *, eras: bool = True) -> Path:
    data = root / "messy"
    papers = data / "papers"
    (papers / "sub" / "deeper").mkdir(parents=True)
    (papers / ".hidden").mkdir()
    if eras:
        (data / "eras.yaml").write_text(ERAS, encoding="utf-8")
    (data / "tags.yaml").write_text(TAGS, encoding="utf-8")
    for k in range(30):  # one file per paper
        pid = f"solo{k:02d}"
        links = f"[solo{(k * 7) % 30:02d}, nowhere{k}, {pid}]" if k % 3 else "[]"
        era = "unknown-era" if k % 11 == 5 else ("early" if k % 4 == 0 else "late")
        date = "1970-01" if era == "early" else ("1990" if k % 13 == 3 else f"2012-07-{30 - k:02d}")
        more = {"part_of": "solo00"} if k % 5 == 1 else {}
        (papers / "sub" / f"{pid}.yaml").write_text(
            _paper(pid, era, date, links, **more), encoding="utf-8"
        )
    for s in range(3):  # shards, one with an id also defined in a file of its own
        items = [_paper(f"shard{s}p{j:02d}", links=f"[solo0{j % 9}]") for j in range(25)]
        items.append(_paper("solo04" if s == 1 else f"shard{s}dup"))
        items.append(_paper(f"shard{s}p00"))  # twice in its own shard
        (papers / "sub" / "deeper" / f"shard{s}.yaml").write_text(_shard(items), encoding="utf-8")
    (papers / "broken.yaml").write_text("id: [unclosed\n", encoding="utf-8")
    (papers / "empty.yaml").write_text("", encoding="utf-8")
    (papers / "latin1.yaml").write_bytes(_paper("latin").encode() + b"# caf\xe9\n")
    (papers / "badfield.yaml").write_text(
        _paper("badfield", tags="[no-such-tag]").replace("builds_on: []\n", "") + "summary: 12\n",
        encoding="utf-8",
    )
    (papers / "sequence-bad.yaml").write_text("- 1\n- id: x\n", encoding="utf-8")
    (papers / ".hidden" / "skipped.yaml").write_text(_paper("hidden"), encoding="utf-8")
    return data


def _whole_paper_cache(data: Path, target: Path) -> bytes:
    """The cache as the whole-paper path writes it (what ``main``'s build wrote)."""
    result = load_library(data)
    sources, folders = cache_format.scan(data)
    key = cache_format.make_key(data, sources)
    index = reference_build(result.library)
    words = WordIndex.build(index)
    assert cache_format.write_cache(target, result, key, index, words, folders)
    return target.read_bytes()


def _lean_cache(data: Path, processes: int) -> bytes:
    assert build.build(data, processes=processes)
    return cache_format.cache_path(data).read_bytes()


@pytest.fixture(autouse=True)
def _cache_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg-cache"))


@pytest.mark.parametrize("processes", [2, 1])
@pytest.mark.parametrize(
    "make",
    [
        lambda root: DATA,
        lambda root: _messy(root),
        lambda root: _messy(root, eras=False),
    ],
    ids=["bundled", "messy", "messy-without-eras"],
)
def test_the_lean_build_writes_the_whole_paper_cache(
    make: Callable[[Path], Path], processes: int, tmp_path: Path
) -> None:
    data = make(tmp_path)
    lean = _lean_cache(data, processes)
    assert lean == _whole_paper_cache(data, tmp_path / "whole.msgpack")
    if data != DATA:  # the folder's problems are all in it
        problems = load_library(data).problems
        assert len(problems) > 15
        assert any("already defined" in p.message for p in problems)


def test_the_build_keeps_no_paper_whole(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    data = _messy(tmp_path)
    kept: list[object] = []
    real = spool_module.Spool.add

    def add(self: spool_module.Spool, paper: object, record: bytes, crc: int) -> None:
        kept.append(paper)
        real(self, paper, record, crc)  # type: ignore[arg-type]

    monkeypatch.setattr(spool_module.Spool, "add", add)
    assert build.build(data, processes=2)
    assert kept and all(isinstance(p, slim.SlimPaper) for p in kept)


def test_a_lost_spool_builds_again_with_whole_papers(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = _messy(tmp_path)
    expected = _whole_paper_cache(data, tmp_path / "whole.msgpack")
    writes = {"n": 0}
    real = spool_module.Spool.add

    def add(self: spool_module.Spool, paper: object, record: bytes, crc: int) -> None:
        writes["n"] += 1
        if writes["n"] == 40:  # the disk fills up during the first build
            self.close()
        real(self, paper, record, crc)  # type: ignore[arg-type]

    monkeypatch.setattr(spool_module.Spool, "add", add)
    assert _lean_cache(data, 2) == expected
    assert writes["n"] > 40  # a second parse


def test_a_spool_lost_before_the_cache_is_written_leaves_no_part_of_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The slim build lays its records out as it packs the library, before the cache
    file is begun: a spool lost there means the build is made again with whole papers."""
    data = _messy(tmp_path)
    expected = _whole_paper_cache(data, tmp_path / "whole.msgpack")
    real_layout = spool_module.Spool.layout
    layouts: list[int] = []
    writes: list[int] = []

    def layout(self: spool_module.Spool, papers: object) -> object:
        layouts.append(1)
        if len(layouts) == 1:  # the disk fills up as the spool is flushed
            self.close()
            return None
        return real_layout(self, papers)  # type: ignore[arg-type]

    def write(path: Path, blob: Iterable[bytes]) -> bool:
        writes.append(1)
        for _part in blob:  # the second build's cache cannot be written either
            pass
        return False

    monkeypatch.setattr(spool_module.Spool, "layout", layout)
    monkeypatch.setattr(cache_format, "write", write)
    handed: list[bytes] = []
    assert not build.build(data, processes=2, unwritten=handed.append)
    assert handed == [expected]  # the second build, with whole papers
    assert len(layouts) > 1 and writes  # the first layout failed: no write of its own
    assert not list(cache_format.cache_path(data).parent.glob("*.tmp"))


def test_a_cache_handed_back_is_the_written_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = _messy(tmp_path)
    written = _lean_cache(data, 2)
    cache_format.cache_path(data).unlink()

    def full_disk(path: Path, blob: Iterable[bytes]) -> bool:
        for _part in blob:  # written up to the end, then the disk is full
            pass
        return False

    monkeypatch.setattr(cache_format, "write", full_disk)
    handed: list[bytes] = []
    assert not build.build(data, processes=2, unwritten=handed.append)
    assert handed == [written]


@pytest.mark.parametrize("count", [0, 1, 15, 16, 20_001, 65_535, 65_536])
def test_packed_sources_encode_as_the_list(count: int) -> None:
    sources = [(f"papers/p{k}.yaml", k, k * 10**12, k + 2**40, -k) for k in range(count)]
    packed = PackedSources(sources)
    assert list(packed) == sources
    assert bytes(packed.raw()) == msgspec.msgpack.encode(sources)
    assert array_header(count) == msgspec.msgpack.encode([0] * count)[: len(array_header(count))]
    key = cache_format.Key(1, "v", "m", "/d", sources)
    assert msgspec.msgpack.encode(packed.key(key)) == msgspec.msgpack.encode(key)
