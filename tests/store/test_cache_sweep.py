"""The cache folder is swept: stale temporary files, caches of folders that are gone or were
not used for a month, then the least recently used caches over the size bound; never a cache
in use, never by two processes at once (audit 16)."""

from __future__ import annotations

import fcntl
import gc
import os
import shutil
import time
from pathlib import Path
from typing import Any

import pytest

from papertui.store import format as cache_format
from papertui.store import load, persist, sweep

from .test_cache import data  # noqa: F401  (the fixture)

DAY = 24 * 3600 * 10**9


@pytest.fixture(autouse=True)
def bound_by_size_alone(monkeypatch: pytest.MonkeyPatch) -> None:
    """The size bound is MAX_CACHE_BYTES whatever the disk this runs on has free (the
    test of the free-space bound sets its own share)."""
    monkeypatch.setattr(sweep, "FREE_SHARE", 0.0)


def age(path: Path, days: float) -> None:
    """Last used (and written) ``days`` ago."""
    then = time.time_ns() - int(days * DAY)
    os.utime(path, ns=(then, then))


def copy_of(source: Path, where: Path) -> Path:
    shutil.copytree(source, where)
    return where


def test_stale_temporary_files_go_and_live_ones_stay(data: Path) -> None:  # noqa: F811
    load.load_cached(data)
    folder = cache_format.cache_path(data).parent
    dead = folder / "library-00aa.msgpack.999999999.tmp"  # no such process
    dead.write_bytes(b"x" * 1000)
    age(dead, 2 / 24 / 60)  # two minutes
    writing = folder / f"library-00bb.msgpack.{os.getpid()}.tmp"  # a live writer, just now
    writing.write_bytes(b"x")
    young_dead = folder / "library-00cc.msgpack.999999998.tmp"  # its writer may be starting
    young_dead.write_bytes(b"x")
    hung = folder / f"library-00dd.msgpack.{os.getpid()}.tmp"  # no write for two hours
    hung.write_bytes(b"x")
    age(hung, 2 / 24)
    removed = sweep.sweep(folder, keep=cache_format.cache_path(data))
    assert sorted(removed) == sorted([dead.name, hung.name])
    assert writing.exists() and young_dead.exists()
    assert cache_format.cache_path(data).exists()


def test_caches_of_vanished_folders_and_month_old_spellings_go(
    data: Path,  # noqa: F811
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    gone = copy_of(data, tmp_path / "gone")
    load.load_cached(gone)
    gone_cache = cache_format.cache_path(gone)
    assert sweep.cached_folder(gone_cache.read_bytes()[:4096]) == str(gone.resolve())
    shutil.rmtree(gone)
    folder = gone_cache.parent
    assert sweep.sweep(folder) == [gone_cache.name]
    monkeypatch.chdir(tmp_path)
    relative = Path("data")  # another spelling of the same folder: a cache of its own
    load.load_cached(relative)
    load.load_cached(data)
    assert cache_format.cache_path(relative) != cache_format.cache_path(data)
    assert sweep.sweep(folder) == [], "a recent spelling is kept"
    age(cache_format.cache_path(relative), 31)
    assert sweep.sweep(folder) == [cache_format.cache_path(relative).name]
    assert cache_format.cache_path(data).exists()


def test_the_size_bound_removes_the_least_recently_used_first(
    data: Path,  # noqa: F811
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    folders = [copy_of(data, tmp_path / f"d{n}") for n in range(4)]
    caches = []
    for n, folder in enumerate(folders):
        load.load_cached(folder)
        caches.append(cache_format.cache_path(folder))
        age(caches[-1], 10 - n)  # d0 least recently used, d3 most
    gc.collect()  # no library of these is alive: none in use
    size = caches[0].stat().st_size
    monkeypatch.setattr(sweep, "MAX_CACHE_BYTES", int(size * 2.5))
    removed = sweep.sweep(caches[0].parent, keep=caches[0])
    assert removed == [caches[1].name, caches[2].name], "oldest first, never the kept one"
    assert caches[0].exists() and caches[3].exists()
    monkeypatch.setattr(sweep, "MAX_CACHE_BYTES", 1)
    assert sweep.sweep(caches[0].parent, keep=caches[0]) == [caches[3].name]
    assert caches[0].exists(), "the cache just written stays even alone over the bound"


def test_a_disk_with_room_holds_more_than_the_fixed_bound(
    data: Path,  # noqa: F811
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Two big folders looked at in turn keep both their caches when the disk has room: the
    bound is a share of the free space when that is more than MAX_CACHE_BYTES."""
    folders = [copy_of(data, tmp_path / f"d{n}") for n in range(3)]
    caches = []
    for n, folder in enumerate(folders):
        load.load_cached(folder)
        caches.append(cache_format.cache_path(folder))
        age(caches[-1], 10 - n)
    gc.collect()
    size = caches[0].stat().st_size
    monkeypatch.setattr(sweep, "MAX_CACHE_BYTES", size)  # room for one cache alone
    free = 10 * size  # what statvfs reports left
    real_statvfs = os.statvfs

    def statvfs(path: Any) -> Any:
        found = real_statvfs(path)
        return os.statvfs_result((*found[:4], free // found.f_frsize, *found[5:]))

    monkeypatch.setattr(sweep.os, "statvfs", statvfs)
    monkeypatch.setattr(sweep, "FREE_SHARE", 0.35)  # 3.5 caches' room: all three stay
    assert sweep.sweep(caches[2].parent, keep=caches[2]) == []
    monkeypatch.setattr(sweep, "FREE_SHARE", 0.25)  # 2.5: the least recently used goes
    assert sweep.sweep(caches[2].parent, keep=caches[2]) == [caches[0].name]
    free = 0  # a full disk: the fixed bound again
    assert sweep.sweep(caches[2].parent, keep=caches[2]) == [caches[1].name]
    assert caches[2].exists()


def test_a_cache_in_use_is_never_removed(
    data: Path,  # noqa: F811
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    other = copy_of(data, tmp_path / "other")
    warm = load.load_cached(data)
    load.load_cached(data)  # warm: the records are read from the file, which stays open
    warm = load.load_cached(data)
    load.load_cached(other)
    gc.collect()
    monkeypatch.setattr(sweep, "MAX_CACHE_BYTES", 1)
    folder = cache_format.cache_path(data).parent
    removed = sweep.sweep(folder)
    assert removed == [cache_format.cache_path(other).name]
    assert cache_format.cache_path(data).exists(), "the running app's cache is in use"
    first = next(iter(warm.library.papers))
    assert warm.library.papers[first].id == first
    del warm
    gc.collect()  # the app let go of it: no longer in use
    assert sweep.sweep(folder) == [cache_format.cache_path(data).name]


def test_one_sweep_at_a_time(data: Path, monkeypatch: pytest.MonkeyPatch) -> None:  # noqa: F811
    load.load_cached(data)
    gc.collect()
    folder = cache_format.cache_path(data).parent
    monkeypatch.setattr(sweep, "MAX_CACHE_BYTES", 1)
    fd = os.open(folder / sweep.LOCK_NAME, os.O_RDWR | os.O_CREAT)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)  # another process is sweeping
        assert sweep.sweep(folder) == []
    finally:
        os.close(fd)
    assert sweep.sweep(folder) == [cache_format.cache_path(data).name]


def test_a_warm_load_sweeps_once_a_day(data: Path) -> None:  # noqa: F811
    load.load_cached(data)  # cold: written, then swept
    folder = cache_format.cache_path(data).parent
    assert not sweep.due(folder)
    stale = folder / "library-00ee.msgpack.999999999.tmp"
    stale.write_bytes(b"x")
    age(stale, 1)
    load.load_cached(data)  # warm, swept less than a day ago: not again
    assert stale.exists()
    age(folder / sweep.STAMP_NAME, 2)
    assert sweep.due(folder)
    load.load_cached(data)
    assert not stale.exists()


def test_a_failed_write_sweeps_and_tries_again(
    data: Path,  # noqa: F811
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A full disk: old caches are swept, then the write is tried once more."""
    old = copy_of(data, tmp_path / "old")
    load.load_cached(old)
    age(cache_format.cache_path(old), 40)
    gc.collect()
    real = cache_format.write_cache
    calls: list[Path] = []

    def full_once(path: Path, *rest: Any) -> bool:
        calls.append(path)
        return len(calls) > 1 and real(path, *rest)

    monkeypatch.setattr(persist, "write_cache", full_once)
    load.load_cached(data)
    assert len(calls) == 2
    assert not cache_format.cache_path(old).exists()
    assert cache_format.cache_path(data).exists()
