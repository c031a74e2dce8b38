"""Reading a folder's files ahead of its parse when they are not in memory (a first start
on a folder just cloned: 100k files parsed in 8.0 s waiting on the disk, 3.3 s read ahead)."""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from papertui.library import readahead
from papertui.library.loader import MAX_FILE_BYTES, load_library
from papertui.library.readahead import BLOCK, MIN_FILES, ReadAhead, advise, in_memory

PAPER = """id: {id}
short: "P{n}"
title: "Paper number {n}"
date: "2001-01"
era: early
summary: "{summary}"
"""
SUMMARY = "A long summary. " * 300  # 4.8 KB: a file of data blocks, not inline in its inode
ERAS = "- id: early\n  name: Early\n  start: 1950\n  end: 2020\n"


def written(folder: Path, count: int) -> list[str]:
    """``count`` paper files, on disk (fsync'd: dirty pages cannot be evicted)."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for n in range(count):
        path = folder / f"p{n:04d}.yaml"
        with open(path, "w") as f:
            f.write(PAPER.format(id=f"p{n:04d}", n=n, summary=SUMMARY))
            f.flush()
            os.fsync(f.fileno())
        paths.append(str(path))
    return paths


def fadvise(paths: list[str], advice: int) -> None:
    """``advice`` for each of ``paths``, given here directly (not by the code under test)."""
    for path in paths:
        fd = os.open(path, os.O_RDONLY)
        try:
            os.posix_fadvise(fd, 0, 0, advice)
        finally:
            os.close(fd)


def evict(paths: list[str]) -> None:
    fadvise(paths, os.POSIX_FADV_DONTNEED)


def evicted(paths: list[str], scratch: Path) -> list[str]:
    """``paths`` out of the page cache, or the test skipped where that cannot be seen (a
    file system in memory, no ``RWF_NOWAIT``). The test is made on a file of its own: a
    read that may not wait still starts the read it refused."""
    if not hasattr(os, "posix_fadvise"):
        pytest.skip("no posix_fadvise here")
    [probe] = written(scratch / "probe", 1)
    evict([probe])
    if in_memory(probe) is not False:
        pytest.skip("this file system keeps the files in memory (or cannot tell)")
    evict(paths)
    return paths


def reaches(count: Callable[[], int], want: int, timeout: float = 10.0) -> None:
    """Wait (however slow the host, up to ``timeout``) until ``count()`` is ``want`` or more."""
    deadline = time.monotonic() + timeout
    while count() < want:
        assert time.monotonic() < deadline, (count(), want)
        time.sleep(0.01)


def finished(ahead: ReadAhead, count: int) -> None:
    reaches(lambda: ahead.advised + ahead.skipped, count)


def settles_at(count: Callable[[], int], want: int) -> None:
    """``count()`` reaches ``want`` and stays there for 0.2 s."""
    reaches(count, want)
    time.sleep(0.2)
    assert count() == want


def read_ahead_threads() -> list[threading.Thread]:
    return [t for t in threading.enumerate() if t.name == "read-ahead"]


def test_a_regular_file_is_advised_and_its_size_told(tmp_path: Path) -> None:
    [path] = written(tmp_path, 1)
    assert advise(path, MAX_FILE_BYTES) == os.path.getsize(path)
    assert advise(path, 10) == 0  # bigger than the loader reads: left alone


def test_what_is_not_a_regular_file_is_never_advised_and_never_waits(tmp_path: Path) -> None:
    fifo = tmp_path / "fifo.yaml"
    os.mkfifo(fifo)  # no writer: a blocking open would wait for ever
    (tmp_path / "empty.yaml").write_text("")
    (tmp_path / "folder.yaml").mkdir()
    for name in ("fifo.yaml", "empty.yaml", "folder.yaml", "missing.yaml"):
        assert advise(str(tmp_path / name), MAX_FILE_BYTES) == 0
        if name != "empty.yaml":  # nothing to wait for: in memory
            assert in_memory(str(tmp_path / name)) is None


def test_a_file_read_is_in_memory_and_an_evicted_one_is_not(tmp_path: Path) -> None:
    [path] = evicted(written(tmp_path, 1), tmp_path)
    assert in_memory(path) is False
    Path(path).read_bytes()
    assert in_memory(path) is True
    evict([path])
    assert in_memory(path) is False


def read_soon(paths: list[str]) -> bool:
    """Whether the kernel reads ``paths`` within about 4 s. A test of a file starts its
    read, so each look tests files never tested before: the 2nd, 3rd or 4th of each block."""
    for look, wait in ((1, 0.2), (2, 1.0), (3, 3.0)):
        time.sleep(wait)
        if all(in_memory(p) for p in paths[look::BLOCK]):
            return True
    return False


def test_files_not_in_memory_are_advised_whole_and_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    paths = evicted(written(tmp_path, MIN_FILES + 44), tmp_path)
    calls: list[tuple[str, int, int, int]] = []
    real = readahead._ADVISE
    assert real is not None

    def recorded(fd: int, offset: int, length: int, advice: int) -> None:
        calls.append((os.readlink(f"/proc/self/fd/{fd}"), offset, length, advice))
        real(fd, offset, length, advice)

    monkeypatch.setattr(readahead, "_ADVISE", recorded)
    with ReadAhead(paths, MAX_FILE_BYTES) as ahead:
        ahead.done = len(paths)
        finished(ahead, len(paths))
    assert ahead.advised == len(paths)
    assert calls == [(os.path.realpath(p), 0, 0, os.POSIX_FADV_WILLNEED) for p in paths]


def test_files_advised_are_read_by_the_kernel(tmp_path: Path) -> None:
    paths = evicted(written(tmp_path, MIN_FILES + 44), tmp_path)
    with ReadAhead(paths, MAX_FILE_BYTES) as ahead:
        ahead.done = len(paths)
        finished(ahead, len(paths))
    if read_soon(paths):
        return
    # The advice is only advice: under memory pressure (a busy CI host, a cgroup's
    # limit) the kernel may drop it. Whether it does for anyone is asked of files
    # advised here directly; only when it reads those is ours a failure.
    control = evicted(written(tmp_path / "control", BLOCK * 4), tmp_path)
    fadvise(control, os.POSIX_FADV_WILLNEED)
    if not read_soon(control):
        pytest.skip("the kernel does not act on POSIX_FADV_WILLNEED here now")
    pytest.fail("the files advised were never read, though the kernel reads advised files")


def test_files_in_memory_cost_one_test_a_block(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    paths = written(tmp_path, MIN_FILES * 2)
    for path in paths:
        Path(path).read_bytes()
    if in_memory(paths[0]) is not True:
        pytest.skip("cannot tell what is in memory here")
    asked: list[str] = []
    monkeypatch.setattr(readahead, "advise", lambda path, _max: asked.append(path) or 0)
    with ReadAhead(paths, MAX_FILE_BYTES) as ahead:
        ahead.done = len(paths)
        finished(ahead, len(paths))
    assert asked == []
    assert ahead.skipped == len(paths)


def test_it_keeps_its_window_ahead_of_the_parse(tmp_path: Path) -> None:
    paths = written(tmp_path, MIN_FILES * 2)
    with ReadAhead(paths, MAX_FILE_BYTES, files_ahead=3 * BLOCK) as ahead:
        # the parse has not begun: the thread stops at its window
        settles_at(lambda: ahead.advised + ahead.skipped, 3 * BLOCK)
        ahead.done = 100
        # every block that starts less than the window past the parse
        want = -(-(100 + 3 * BLOCK) // BLOCK) * BLOCK
        settles_at(lambda: ahead.advised + ahead.skipped, want)
        ahead.done = len(paths)
        finished(ahead, len(paths))


def test_it_keeps_at_most_its_bytes_ahead(tmp_path: Path) -> None:
    paths = evicted(written(tmp_path, MIN_FILES + 10), tmp_path)
    with ReadAhead(paths, MAX_FILE_BYTES, bytes_ahead=1) as ahead:
        settles_at(lambda: ahead.advised, BLOCK)  # one block asked for, then it waits
        ahead.done = BLOCK
        settles_at(lambda: ahead.advised, 2 * BLOCK)
        assert ahead.skipped == 0


def test_it_stops_at_once_while_it_waits(tmp_path: Path) -> None:
    paths = written(tmp_path, MIN_FILES)
    ahead = ReadAhead(paths, MAX_FILE_BYTES, files_ahead=BLOCK).__enter__()
    assert read_ahead_threads()
    start = time.monotonic()
    ahead.stop()
    assert time.monotonic() - start < 1.0
    assert not read_ahead_threads()


def test_a_few_files_start_no_thread(tmp_path: Path) -> None:
    paths = written(tmp_path, MIN_FILES - 1)
    with ReadAhead(paths, MAX_FILE_BYTES) as ahead:
        assert not read_ahead_threads()
    assert ahead.advised == ahead.skipped == 0


def test_the_loader_reads_ahead_and_stops_by_the_time_it_returns(tmp_path: Path) -> None:
    data = tmp_path / "data"
    paths = evicted(written(data / "papers", MIN_FILES + 20), tmp_path)
    (data / "eras.yaml").write_text(ERAS)
    result = load_library(data)
    assert len(result.library) == len(paths)
    assert result.problems == ()
    assert not read_ahead_threads()


def test_the_loader_stops_reading_ahead_when_the_parse_fails(tmp_path: Path) -> None:
    data = tmp_path / "data"
    written(data / "papers", MIN_FILES + 20)
    (data / "eras.yaml").write_text(ERAS)

    def broken(files: list[str], vocabularies: object) -> object:
        raise RuntimeError("a worker died")

    with pytest.raises(RuntimeError, match="a worker died"):
        load_library(data, mapper=broken)  # type: ignore[arg-type]
    assert not read_ahead_threads()
