"""The cold build keys its cache by the sources *as they were read*, and scans once.

Each paper file's stat comes from the descriptor the worker read its text from, the folder's
own files' from the parent's reads (``papertui.store.build.key_as_read``): a file changed
while the folder was parsed is then a miss at the next start (its stat on disk is not the
one recorded), without a second scan of every source after the parse. The app hands its
own scan to the build child on stdin (``--scanned``), so the child does not scan either.
"""

from __future__ import annotations

import gc
import io
import itertools
import os
import zlib
from collections.abc import Iterator, Sequence
from pathlib import Path

import msgspec
import pytest

from papertui.library import loader
from papertui.library.datafolder import paper_file_names
from papertui.library.loader import FileResult, Seen, Vocabularies, load_library
from papertui.library.model import Paper
from papertui.store import build, child, handscan, load
from papertui.store import format as cache_format
from papertui.store import spool as spool_module
from papertui.store.columns import build_index, build_words
from papertui.store.fresh import cached_header
from papertui.store.packedkey import PackedSources
from papertui.store.scan import UNSTATED, stat_listed
from papertui.store.spool import Spool

ERAS = "- id: modern\n  name: Modern\n  start: 2010\n"
PAPER = 'id: {id}\nshort: {id}\ntitle: "Paper {id}"\ndate: "2015-03"\nera: modern\n'


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg-cache"))
    data = tmp_path / "data"
    (data / "papers" / "sub").mkdir(parents=True)
    (data / "eras.yaml").write_text(ERAS, encoding="utf-8")
    (data / "tags.yaml").write_text("- {id: vision, name: Vision}\n", encoding="utf-8")
    for pid, sub in (("alpha", ""), ("beta", "sub"), ("gamma", "")):
        (data / "papers" / sub / f"{pid}.yaml").write_text(PAPER.format(id=pid), "utf-8")
    thresholds, enabled = gc.get_threshold(), gc.isenabled()
    yield data
    gc.unfreeze()  # load_cached tunes the process-wide GC, and build (a child's own
    gc.set_threshold(*thresholds)  # process) turns it off: undo both for the other tests
    if enabled:
        gc.enable()


def scanned(data: Path) -> tuple[cache_format.Key, list[cache_format.Folder]]:
    sources, folders = cache_format.scan(data)
    return cache_format.make_key(data, sources), folders


def header_key(data: Path) -> cache_format.Key:
    header = cached_header(cache_format.cache_path(data))
    assert header is not None
    return header.key


@pytest.mark.parametrize("processes", [1, 2])
def test_the_key_is_the_sources_as_read(folder: Path, processes: int) -> None:
    key, folders = scanned(folder)
    assert build.build(folder, processes=processes, scanned=(key, folders))
    assert header_key(folder) == key  # nothing changed: the scan and the reads agree


@pytest.mark.parametrize("processes", [1, 2])
def test_a_file_changed_after_it_was_read_is_a_miss_next_time(
    folder: Path, monkeypatch: pytest.MonkeyPatch, processes: int
) -> None:
    beta = folder / "papers" / "sub" / "beta.yaml"
    parse = build.parse_file

    def parse_then_edit(
        path: Path, vocabularies: Vocabularies, seen: Seen | None = None
    ) -> FileResult:
        found = parse(path, vocabularies, seen)
        if path == beta:  # edited right after its text was read, before the parse ends
            beta.write_text(PAPER.format(id="beta").replace("Paper beta", "Edited"), "utf-8")
        return found

    records = build.parse_records

    def records_then_edit(paths: list[str], vocabularies: Vocabularies) -> object:
        found = records(paths, vocabularies)
        if str(beta) in paths:  # the same, in a worker (read with its batch)
            beta.write_text(PAPER.format(id="beta").replace("Paper beta", "Edited"), "utf-8")
        return found

    monkeypatch.setattr(build, "parse_file", parse_then_edit)  # one process
    monkeypatch.setattr(build, "parse_records", records_then_edit)  # forked workers inherit it
    key, folders = scanned(folder)
    assert build.build(folder, processes=processes, scanned=(key, folders))
    monkeypatch.undo()
    monkeypatch.setenv("XDG_CACHE_HOME", str(folder.parent / "xdg-cache"))
    stored = dict((s[0], s[1:]) for s in header_key(folder).sources)
    now = dict((s[0], s[1:]) for s in cache_format.scan_sources(folder))
    assert stored["papers/sub/beta.yaml"] != now["papers/sub/beta.yaml"]
    assert stored["papers/alpha.yaml"] == now["papers/alpha.yaml"]
    # so the next start does not trust the cache, and shows the edit
    assert load.load_cached(folder).library.papers["beta"].title == "Edited"


def test_a_folder_file_changed_after_it_was_read_is_a_miss_next_time(
    folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    parse = build.parse_file
    edited: list[bool] = []

    def parse_then_edit(
        path: Path, vocabularies: Vocabularies, seen: Seen | None = None
    ) -> FileResult:
        if not edited:  # eras.yaml was read before any paper file
            (folder / "eras.yaml").write_text(ERAS + "- {id: late, name: Late, start: 2020}\n")
            edited.append(True)
        return parse(path, vocabularies, seen)

    monkeypatch.setattr(build, "parse_file", parse_then_edit)
    assert build.build(folder, processes=1, scanned=scanned(folder))
    stored = dict((s[0], s[1:]) for s in header_key(folder).sources)
    now = dict((s[0], s[1:]) for s in cache_format.scan_sources(folder))
    assert stored["eras.yaml"] != now["eras.yaml"]
    assert stored["tags.yaml"] == now["tags.yaml"]


def test_a_file_added_after_the_scan_makes_the_cache_a_miss(folder: Path) -> None:
    """A file added between the scan and the parse: the build parses the files scanned
    (it does not list the folder again), keyed as they were read, so the cache it stores
    is a miss for the folder as it is now, and the next load reads the new file."""
    key, folders = scanned(folder)
    (folder / "papers" / "delta.yaml").write_text(PAPER.format(id="delta"), "utf-8")
    assert build.build(folder, processes=1, scanned=(key, folders))
    assert header_key(folder) == key  # what it read
    assert header_key(folder) != scanned(folder)[0]  # not the folder now: a miss
    assert "delta" in load.load_cached(folder).library.papers


def test_a_listing_that_is_not_the_scan_scans_again(
    folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The files parsed are not the files scanned (the loader listed them itself, and a
    file was added in between): the sources are scanned again, and no cache is stored
    for a folder that changed while it was parsed."""
    key, folders = scanned(folder)
    monkeypatch.setattr(build, "listing", lambda *_: lambda _papers: None)
    (folder / "papers" / "delta.yaml").write_text(PAPER.format(id="delta"), "utf-8")
    assert build.build(folder, processes=1, scanned=(key, folders)) is False
    assert not cache_format.cache_path(folder).exists()


@pytest.mark.parametrize("stat", [True, False])
def test_the_build_parses_the_files_of_its_scan_without_listing_them_again(
    folder: Path, monkeypatch: pytest.MonkeyPatch, stat: bool
) -> None:
    lists: list[Path] = []
    real = loader.paper_file_names

    def counted(papers: Path, onerror: object = None) -> list[str]:
        lists.append(papers)
        return real(papers)

    monkeypatch.setattr(loader, "paper_file_names", counted)
    sources, folders = cache_format.scan(folder, stat=stat)
    key = cache_format.make_key(folder, sources)
    assert build.build(folder, processes=2, scanned=(key, folders))
    assert lists == []
    assert header_key(folder) == scanned(folder)[0]
    assert load.load_cached(folder).library.papers.keys() == {"alpha", "beta", "gamma"}


def test_a_folder_that_cannot_be_listed_now_is_listed_by_the_loader(
    folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The scan's files are used only when every folder it walked can be listed: else the
    loader lists the folder itself, and reports the one it cannot read."""
    key, folders = scanned(folder)
    sub = str(folder / "papers" / "sub")
    real = os.access
    monkeypatch.setattr(os, "access", lambda path, mode: path != sub and real(path, mode))
    listing = build.listing(folder, PackedSources(key.sources), folders)
    assert listing(folder / "papers") is None
    monkeypatch.setattr(os, "access", real)
    assert listing(folder / "papers") == paper_file_names(folder / "papers")


def test_key_as_read_refuses_files_that_are_not_the_scanned_ones(folder: Path) -> None:
    key, _folders = scanned(folder)
    reads = build.Reads()
    names = ("alpha.yaml", "gamma.yaml", "sub/x.yaml")
    reads.files = [str(folder / "papers" / name) for name in names]
    for _file in reads.files:
        reads.note(None)
    assert build.key_as_read(folder, key, reads, {}) is None
    reads.files[2] = str(folder / "papers" / "sub" / "beta.yaml")
    assert build.key_as_read(folder, key, reads, {}) == key  # nothing read: as scanned


def test_the_child_uses_the_scan_it_is_handed(folder: Path) -> None:
    key, folders = scanned(folder)
    assert child.build_in_child(folder, None, handscan.pack_scan(key, folders)) is True
    header = cached_header(cache_format.cache_path(folder))
    assert header is not None and header.key == key
    assert header.folders == folders


def test_a_damaged_handed_scan_is_made_again(
    folder: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import io
    import sys

    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b"not msgpack of a scan")))
    assert build.main([str(folder), child.SCANNED]) == 0
    assert header_key(folder) == scanned(folder)[0]
    assert build.main([str(folder), "--other"]) == 2
    assert "usage" in capsys.readouterr().err


def scans(monkeypatch: pytest.MonkeyPatch) -> list[tuple[Path, bool]]:
    """Every scan the app's load makes from now on: its folder, and whether it stat'ed."""
    calls: list[tuple[Path, bool]] = []
    scan = load.scan

    def counted(
        data: Path, *, stat: bool = True
    ) -> tuple[list[cache_format.Source], list[cache_format.Folder]]:
        calls.append((data, stat))
        return scan(data, stat=stat)

    monkeypatch.setattr(load, "scan", counted)
    return calls


def test_the_cold_load_scans_the_sources_once_in_the_app(
    folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(child, "CHILD_BUILD_BYTES", 0)  # through the child, as a big folder
    calls = scans(monkeypatch)
    result = load.load_cached(folder)
    assert sorted(result.library.papers) == ["alpha", "beta", "gamma"]
    assert [data for data, _stat in calls] == [folder]
    assert header_key(folder) == scanned(folder)[0]
    assert sorted(load_library(folder).library.papers) == ["alpha", "beta", "gamma"]


# -- the workers' records, spooled and copied into the cache ----------------------------

SHARD = """\
- id: alpha
  short: again
  title: "A second alpha: dropped as a duplicate"
  date: "2016-01"
  era: modern
- id: delta
  short: delta
  title: "Delta"
  date: "2017-01"
  era: unknown-era
- id: epsilon
  short: epsilon
  title: "Epsilon"
  date: "2018-01"
  era: modern
"""


def test_the_spooled_records_are_the_records_encoded(
    folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The cache a build writes from its workers' records (a duplicate id and an unknown
    era dropped in between) is byte for byte the one encoded from the library."""
    (folder / "papers" / "sub" / "shard.yaml").write_text(SHARD, "utf-8")
    layout = Spool.layout
    laid: list[object] = []

    def spied(self: Spool, papers: Sequence[Paper]) -> object:
        laid.append(layout(self, papers))
        return laid[-1]

    monkeypatch.setattr(Spool, "layout", spied)
    key, folders = scanned(folder)
    assert build.build(folder, processes=2, scanned=(key, folders))
    assert laid and laid[0] is not None  # the records were copied, not encoded again
    result = load_library(folder)
    assert sorted(result.library.papers) == ["alpha", "beta", "epsilon", "gamma"]
    index = build_index(result.library)
    words = build_words(index)
    expected = cache_format.encode(result, key, index, words, folders)
    assert cache_format.cache_path(folder).read_bytes() == expected


def paper(pid: str) -> Paper:
    return Paper(id=pid, short=pid, title=f"Paper {pid}", date="2015", era="modern")


def test_a_spool_lays_out_the_kept_papers_in_order(tmp_path: Path) -> None:
    papers = [paper(pid) for pid in ("a", "b", "c", "d")]
    records = [msgspec.msgpack.encode(p) for p in papers]
    with Spool(tmp_path / "cache") as spool:
        for p, record in zip(papers, records, strict=True):
            spool.add(p, record, zlib.crc32(record))
        laid = spool.layout([papers[0], papers[2], papers[3]])  # b dropped
        assert laid is not None
        offsets, crcs = laid
        kept = [records[0], records[2], records[3]]
        assert list(crcs) == [zlib.crc32(r) for r in kept]
        assert b"".join(spool.chunks()) == b"".join(kept)
        assert list(offsets) == [0, *itertools.accumulate(map(len, kept))]
        # papers that are not the spooled ones (another object, or out of order): none
        assert spool.layout([paper("a")]) is None
        assert spool.layout([papers[2], papers[0]]) is None
    assert spool.layout(papers[:1]) is None  # closed: nothing to copy from


def test_a_spool_that_cannot_be_made_anywhere_is_not_used(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse(*_args: object, **_kwargs: object) -> object:
        raise OSError("no room")

    monkeypatch.setattr(spool_module.tempfile, "TemporaryFile", refuse)
    with Spool(tmp_path) as spool:
        assert not spool.usable
        spool.add(paper("a"), b"\x80", 0)
        assert spool.layout([]) is None


def test_a_scan_is_handed_over_in_pieces(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A million sources are encoded piece by piece (one encode held the GIL for 0.2 s in
    the app's load thread), and a stream cut anywhere is refused, never half read."""
    import io

    monkeypatch.setattr(handscan, "SCAN_PIECE", 2)
    key, folders = scanned(folder)
    pieces = list(handscan.pack_scan(key, folders))
    assert len(pieces) == 1 + 3 + 1  # the key and folders, 5 sources by 2, the end
    whole = b"".join(pieces)
    assert handscan.unpack_scan(io.BytesIO(whole)) == (key, folders)
    for cut in (0, 3, len(pieces[0]) + 1, len(whole) - 1):
        with pytest.raises(ValueError, match="cut short"):
            handscan.unpack_scan(io.BytesIO(whole[:cut]))


def test_a_spool_that_cannot_be_flushed_is_not_used(tmp_path: Path) -> None:
    """A full disk found when the records are laid out: they are encoded again instead."""

    class Full(io.BytesIO):
        def flush(self) -> None:
            raise OSError("no space left on device")

    with Spool(tmp_path) as spool:
        spool._file = Full()
        spool.add(paper("a"), b"\x80", 0)
        assert spool.layout([]) is None
        assert not spool.usable


def test_a_duplicate_id_across_two_clean_files_is_placed_by_the_workers_build(
    folder: Path,
) -> None:
    """The workers send clean files' papers without id positions (the fast path finds
    none); the problem of a duplicate id still names both places, line and column."""
    (folder / "papers" / "sub" / "more.yaml").write_text(
        "# two papers\n- id: zeta\n  short: z\n  title: Z\n  date: '2015-03'\n  era: modern\n"
        "-   id: gamma\n    short: g\n    title: G again\n    date: '2015-03'\n    era: modern\n",
        "utf-8",
    )
    with build.pool_mapper(2) as mapper:
        assert mapper is not None
        parallel = load_library(folder, mapper=mapper)
    gamma = folder / "papers" / "gamma.yaml"
    more = folder / "papers" / "sub" / "more.yaml"
    assert [str(p) for p in parallel.problems] == [
        f"{more}:7:9: paper id 'gamma' is already defined at {gamma}:1:5"  # the values
    ]
    assert parallel.problems == load_library(folder).problems


def test_reads_keep_any_stat_a_file_may_have() -> None:
    """Kept in arrays (a million tuples took 200 MB): an inode above 2**63 and a time
    before 1970 come back as they were, and a file not read as None."""
    reads = build.Reads()
    stats = [(10, -5_000_000_000, 2**64 - 1, 1_700_000_000_000_000_000), None, (0, 0, 1, 0)]
    for stat in stats:
        reads.note(stat)
    assert reads.count == 3 and list(reads.stats()) == stats
    reads.forget()
    assert reads.count == 0 and list(reads.stats()) == []


# -- a cold load with no cache yet: the files listed, not stat'ed ----------------------


def test_with_no_cache_a_big_folder_is_listed_and_keyed_as_read(
    folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """No cache to compare with: the app lists the files without a stat each, the child
    keys the cache by their stats as read, and the next start is warm on that key."""
    monkeypatch.setattr(child, "CHILD_BUILD_FILES", 1)  # "big" by its count of files
    monkeypatch.setattr(child, "CHILD_BUILD_BYTES", 1 << 40)  # (never by its bytes)
    calls = scans(monkeypatch)
    built = child.build_in_child
    handed: list[list[cache_format.Source]] = []

    def spy(data: Path, progress: object, scan_parts: Iterator[bytes]) -> object:
        parts = list(scan_parts)
        handed.append(handscan.unpack_scan(io.BytesIO(b"".join(parts)))[0].sources)
        return built(data, None, iter(parts))

    monkeypatch.setattr(child, "build_in_child", spy)
    first = load.load_cached(folder)
    assert sorted(first.library.papers) == ["alpha", "beta", "gamma"]
    assert [stat for _data, stat in calls] == [False]  # one listing, no stat of a paper file
    (papers,) = handed
    assert [s[0] for s in papers if s[1:] == UNSTATED] == [
        "papers/alpha.yaml",
        "papers/gamma.yaml",
        "papers/sub/beta.yaml",
    ]
    assert header_key(folder) == scanned(folder)[0]  # the stats as read: a scan's
    assert load.load_cached(folder).library.papers.keys() == first.library.papers.keys()
    assert [stat for _data, stat in calls] == [False, True]  # warm: compared with a scan
    assert len(handed) == 1  # and not built again


def test_a_listed_file_that_cannot_be_read_is_left_out_of_the_key(folder: Path) -> None:
    """A dangling link is listed (nothing was stat'ed) but cannot be read nor stat'ed: the
    key leaves it out, as a scan does, or every start would rebuild."""
    (folder / "papers" / "broken.yaml").symlink_to(folder / "nowhere.yaml")
    sources, folders = cache_format.scan(folder, stat=False)
    assert "papers/broken.yaml" in [s[0] for s in sources]
    key = cache_format.make_key(folder, sources)
    assert build.build(folder, processes=1, scanned=(key, folders))
    assert header_key(folder) == scanned(folder)[0]
    assert "papers/broken.yaml" not in [s[0] for s in header_key(folder).sources]


def test_stat_listed_is_the_scan(folder: Path) -> None:
    (folder / "papers" / "broken.yaml").symlink_to(folder / "nowhere.yaml")
    listed, folders = cache_format.scan(folder, stat=False)
    assert folders == scanned(folder)[1]
    assert stat_listed(folder, listed) == cache_format.scan(folder)[0]


def test_with_no_cache_and_nowhere_to_write_it_the_listed_build_is_handed_back(
    folder: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The child cannot write the cache and hands it back on its pipe: the app reads it
    from there (not compared with the listing's key, which has no stats), parsing the
    folder once."""
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocker / "cache"))
    monkeypatch.setattr(child, "CHILD_BUILD_FILES", 1)
    monkeypatch.setattr(child, "CHILD_BUILD_BYTES", 1 << 40)
    parsed: list[Path] = []
    real = load._parse

    def parse(data: Path, progress: object) -> object:
        parsed.append(data)
        return real(data, None)

    monkeypatch.setattr(load, "_parse", parse)
    built: list[object] = []
    real_build = child.build_in_child

    def spy(data: Path, progress: object, scan_parts: Iterator[bytes]) -> object:
        built.append(real_build(data, None, scan_parts))
        return built[-1]

    monkeypatch.setattr(child, "build_in_child", spy)
    result = load.load_cached(folder)
    assert sorted(result.library.papers) == ["alpha", "beta", "gamma"]
    assert [type(b) for b in built] == [bytes]  # handed back
    assert parsed == []  # and read from there, not parsed here again


def test_the_app_lets_go_of_its_listing_while_the_child_builds(
    folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A million files listed are 165 MiB in the app: once the child has them on its
    stdin, the app no longer holds them (nothing reads them there again), so they are not
    counted twice beside the child's own peak."""
    monkeypatch.setattr(child, "CHILD_BUILD_FILES", 1)
    monkeypatch.setattr(child, "CHILD_BUILD_BYTES", 1 << 40)
    listings: list[list[cache_format.Source]] = []
    scan = load.scan

    def kept(
        data: Path, *, stat: bool = True
    ) -> tuple[list[cache_format.Source], list[cache_format.Folder]]:
        found = scan(data, stat=stat)
        listings.append(found[0])
        return found

    monkeypatch.setattr(load, "scan", kept)
    real_build = child.build_in_child
    held: list[tuple[int, int]] = []  # the listing's length before and after the hand-over

    def spy(data: Path, progress: object, scan_parts: Iterator[bytes]) -> object:
        before = len(listings[0])
        parts = list(scan_parts)
        held.append((before, len(listings[0])))
        return real_build(data, None, iter(parts))

    monkeypatch.setattr(child, "build_in_child", spy)
    cold = load.load_cached(folder)
    assert sorted(cold.library.papers) == ["alpha", "beta", "gamma"]
    assert held[0][0] >= 3 and held[0][1] == 0
    # a cache gone stale is rebuilt from a scan with stats: that one is kept (the key
    # compared with the cache the child wrote is made from it)
    alpha = folder / "papers" / "alpha.yaml"
    alpha.write_text(alpha.read_text(encoding="utf-8").replace('alpha"', 'alpha, again"'))
    monkeypatch.setattr(child, "CHILD_BUILD_BYTES", 0)  # built in the child by its bytes
    listings.clear()
    stale = load.load_cached(folder)
    assert len(held) == 2 and held[1][0] == held[1][1] >= 3
    assert stale.library.papers["alpha"].title == "Paper alpha, again"


def test_a_listing_is_still_there_when_the_child_could_not_take_it(
    folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The child died before it read the scan: the app parses the folder itself, from a
    scan of its own, and keys the cache by it."""
    monkeypatch.setattr(child, "CHILD_BUILD_FILES", 1)
    monkeypatch.setattr(child, "CHILD_BUILD_BYTES", 1 << 40)
    monkeypatch.setattr(child.sys, "executable", str(folder / "no-such-python"))
    result = load.load_cached(folder)
    assert sorted(result.library.papers) == ["alpha", "beta", "gamma"]
    assert header_key(folder) == scanned(folder)[0]
