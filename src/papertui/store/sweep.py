"""Keeping the cache folder small: stale temporary files and old caches go (core).

A cache build killed while it writes leaves ``library-<key>.msgpack.<pid>.tmp`` behind, and
every data folder (and every spelling of its path: problem messages quote it) has a cache
of its own, so without a sweep the folder only grows (audit 16). :func:`sweep` removes,
in this order:

1. temporary files of a writer that is gone (its process no longer runs and the file is a
   minute old) or that has not written for :data:`STALE_TMP_SECONDS`;
2. caches of a data folder that no longer exists, and caches not used for
   :data:`UNUSED_SECONDS` (30 days: old spellings of a path, folders looked at once);
3. then, while the folder holds more than its bound, the least recently used cache (its
   access time, which every warm load sets: :func:`papertui.store.records.mark_used`). The
   bound is :data:`MAX_CACHE_BYTES`, or a tenth (:data:`FREE_SHARE`) of the space left on
   the cache's file system when that is more: a cache of a million papers is 1.6-1.7 GB,
   so under 2 GB alone two such folders took turns evicting each other and each start on
   the other one parsed it again (a minute), on a disk with room to spare.

It never removes the cache it was asked to keep (the one just written) nor any cache in use:
a reader holds a shared ``flock`` on its cache for as long as it reads from it
(:func:`papertui.store.records.open_cache`), and a cache is removed only under an exclusive
``flock`` taken without waiting, after checking the name still points at the file that was
locked. One process sweeps at a time (``.sweep.lock``); a second one skips. Removing a cache
costs at most a parse on a later start; it can never give anyone wrong papers.

It runs after a cache is written (in the child build for big folders), before retrying a
write that failed (a full disk may have room after the sweep), and on a warm load at most
once every :data:`SWEEP_EVERY_SECONDS` (one ``stat`` of ``.swept`` otherwise).
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import re
import stat
import time
from dataclasses import dataclass
from pathlib import Path

from papertui.store.format import MAGIC

MAX_CACHE_BYTES = 2 << 30  # the folder's bound; the cache in use may exceed it alone
FREE_SHARE = 0.1  # ... or this share of the file system's free space, when more
UNUSED_SECONDS = 30 * 24 * 3600
STALE_TMP_SECONDS = 3600  # a cache is written in one go: an hour-old temp file is dead
DEAD_TMP_SECONDS = 60  # ... and one whose writer is gone, after a minute
SWEEP_EVERY_SECONDS = 24 * 3600
LOCK_NAME = ".sweep.lock"
STAMP_NAME = ".swept"

_CACHE = re.compile(r"library-[0-9a-f]+\.msgpack\Z")
_TEMP = re.compile(r"library-[0-9a-f]+\.msgpack\.(\d+)\.tmp\Z")


@dataclass
class _Entry:
    path: Path
    size: int
    used_ns: int  # last use: access time
    changed_ns: int  # modification time


def sweep(folder: Path, keep: Path | None = None, now_ns: int | None = None) -> list[str]:
    """Sweep ``folder`` (the cache folder); the names of the files removed."""
    now = time.time_ns() if now_ns is None else now_ns
    try:
        lock = os.open(folder / LOCK_NAME, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o600)
    except OSError:
        return []
    try:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            return []  # another process is sweeping
        removed = _sweep(folder, keep, now)
        with contextlib.suppress(OSError):
            (folder / STAMP_NAME).touch()
        return removed
    finally:
        os.close(lock)


def due(folder: Path, now_ns: int | None = None) -> bool:
    """Whether the folder was last swept more than :data:`SWEEP_EVERY_SECONDS` ago."""
    now = time.time_ns() if now_ns is None else now_ns
    try:
        swept = (folder / STAMP_NAME).stat().st_mtime_ns
    except OSError:
        return True
    return now - swept > SWEEP_EVERY_SECONDS * 10**9


def _sweep(folder: Path, keep: Path | None, now: int) -> list[str]:
    removed: list[str] = []
    caches: list[_Entry] = []
    total = 0
    for entry in _files(folder):
        name = entry.path.name
        total += entry.size
        temp = _TEMP.match(name)
        if temp is not None:
            age = now - entry.changed_ns
            gone = age > DEAD_TMP_SECONDS * 10**9 and not _running(int(temp.group(1)))
            if (gone or age > STALE_TMP_SECONDS * 10**9) and _remove(entry.path, locked=False):
                removed.append(name)
                total -= entry.size
        elif _CACHE.match(name) and (keep is None or entry.path != keep):
            caches.append(entry)
    kept = []
    for entry in caches:
        unused = now - entry.used_ns > UNUSED_SECONDS * 10**9
        if (unused or _folder_gone(entry.path)) and _remove(entry.path):
            removed.append(entry.path.name)
            total -= entry.size
        else:
            kept.append(entry)
    bound = _bound(folder)
    for entry in sorted(kept, key=lambda e: e.used_ns):  # least recently used first
        if total <= bound:
            break
        if _remove(entry.path):
            removed.append(entry.path.name)
            total -= entry.size
    return removed


def _bound(folder: Path) -> int:
    """The bytes the folder may hold: :data:`MAX_CACHE_BYTES`, or :data:`FREE_SHARE` of the
    space its file system has left for this user, when more."""
    try:
        found = os.statvfs(folder)
    except OSError:
        return MAX_CACHE_BYTES
    return max(MAX_CACHE_BYTES, int(found.f_bavail * found.f_frsize * FREE_SHARE))


def _files(folder: Path) -> list[_Entry]:
    found = []
    try:
        with os.scandir(folder) as entries:
            for item in entries:
                with contextlib.suppress(OSError):
                    st = item.stat(follow_symlinks=False)
                    if stat.S_ISREG(st.st_mode):
                        used = max(st.st_atime_ns, st.st_mtime_ns)
                        found.append(_Entry(Path(item.path), st.st_size, used, st.st_mtime_ns))
    except OSError:
        pass
    return found


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # another user's process (EPERM): it runs
        return True
    return True


def _remove(path: Path, locked: bool = True) -> bool:
    """Unlink ``path`` unless it is in use (``locked``: a reader's shared lock on it)."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC | os.O_NOFOLLOW)
    except OSError:
        return False
    try:
        if locked:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)  # in use: OSError, skipped
        if os.fstat(fd).st_ino != os.lstat(path).st_ino:
            return False  # replaced since it was looked at: not the file we judged
        os.unlink(path)
    except OSError:
        return False
    finally:
        os.close(fd)
    return True


def _folder_gone(path: Path) -> bool:
    """Whether the data folder this cache was built for no longer exists (False when the
    header cannot be read: such a cache only goes by age or size)."""
    flags = os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC | os.O_NOFOLLOW
    try:
        try:  # looking must not count as a use (the access time orders the size bound)
            fd = os.open(path, flags | getattr(os, "O_NOATIME", 0))
        except PermissionError:  # O_NOATIME on another user's file
            fd = os.open(path, flags)
        try:
            head = os.pread(fd, 64 * 1024, 0)
        finally:
            os.close(fd)
    except OSError:
        return False
    folder = cached_folder(head)
    return folder is not None and not os.path.isdir(folder)


def cached_folder(head: bytes) -> str | None:
    """The data folder named by a cache file's first bytes, without decoding its (possibly
    huge) source list: MAGIC, u32 size, then msgpack ``[[schema, version, model, data_dir,
    ...], ...]``."""
    at = len(MAGIC) + 4
    if not head.startswith(MAGIC):
        return None
    try:
        for _ in range(2):  # the header's array, then the key's
            at = _skip_array_head(head, at)
        at = _skip_int(head, at)
        for _ in range(2):  # version, model
            at = _str(head, at)[1]
        return _str(head, at)[0]
    except (IndexError, ValueError, UnicodeDecodeError):
        return None


def _skip_array_head(data: bytes, at: int) -> int:
    tag = data[at]
    if 0x90 <= tag <= 0x9F:
        return at + 1
    if tag == 0xDC:
        return at + 3
    if tag == 0xDD:
        return at + 5
    raise ValueError("not an array")


def _skip_int(data: bytes, at: int) -> int:
    tag = data[at]
    if tag <= 0x7F or tag >= 0xE0:
        return at + 1
    sizes = {0xCC: 1, 0xCD: 2, 0xCE: 4, 0xCF: 8, 0xD0: 1, 0xD1: 2, 0xD2: 4, 0xD3: 8}
    if tag in sizes:
        return at + 1 + sizes[tag]
    raise ValueError("not an integer")


def _str(data: bytes, at: int) -> tuple[str, int]:
    tag = data[at]
    if 0xA0 <= tag <= 0xBF:
        size, at = tag & 0x1F, at + 1
    elif tag in (0xD9, 0xDA, 0xDB):
        width = {0xD9: 1, 0xDA: 2, 0xDB: 4}[tag]
        size, at = int.from_bytes(data[at + 1 : at + 1 + width], "big"), at + 1 + width
    else:
        raise ValueError("not a string")
    if at + size > len(data):
        raise ValueError("cut short")
    return data[at : at + size].decode("utf-8", "surrogateescape"), at + size


__all__ = ["FREE_SHARE", "MAX_CACHE_BYTES", "cached_folder", "due", "sweep"]
