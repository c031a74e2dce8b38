"""Reading a load cache file without ever touching a byte that may not be there (core).

The cache used to be memory-mapped. A mapped file that someone truncates under a running
app (``truncate``, a disk tool, a sync client writing in place; papertui itself only ever
replaces a cache with ``os.replace``, which leaves the old file whole) makes the next access
to a page past the new end a ``SIGBUS``, which no Python code can catch: the app died with
"Bus error" and the terminal left in the alternate screen (audit 13).

So nothing here is mapped. A cache is opened once (:func:`open_cache`: a regular file only,
never blocking on a FIFO), with a shared ``flock`` held for as long as the descriptor lives
(:mod:`papertui.store.sweep` leaves such a cache alone). The header, the body and the columns
section are read into memory at load; the paper records, read lazily after start-up, are
read with ``os.pread`` on the kept descriptor (:class:`RecordFile`). A short read or an I/O
error is an empty record, which fails its length and CRC check: a damaged cache, so the
papers are reloaded from the YAML (:class:`~papertui.store.lazypapers.LazyPapers`).

The cost: one ``pread`` per paper decoded (about a microsecond; a keystroke decodes at most
the rows it shows, once each), and the columns section read into memory once at load, one
column per buffer (45 MB at 100k papers, summed for its CRC at the same time;
:class:`~papertui.store.checked.CheckedColumns`): the columns the search index decodes or
copies are freed after, only the word index's own buffers stay.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import stat
import time
import weakref

CHUNK = 1 << 22  # bulk reads (every paper at once) go in 4 MiB slices


class RecordFile:
    """``size`` bytes of an open cache file from ``base`` on, read with ``os.pread``.
    Owns the descriptor: it is closed when this object goes."""

    def __init__(self, fd: int, base: int, size: int) -> None:
        self.fd = fd
        self.base = base
        self.size = size
        self._closer = weakref.finalize(self, os.close, fd)

    def read(self, start: int, end: int) -> bytes:
        """``blob[start:end]``, or fewer bytes (even none) if the file was cut or failed."""
        try:
            return read_at(self.fd, end - start, self.base + start)
        except OSError:  # EIO, a descriptor closed under us: treated as a damaged record
            return b""

    def close(self) -> None:
        self._closer()


def read_at(fd: int, size: int, offset: int) -> bytes:
    """Up to ``size`` bytes at ``offset``; fewer only at the end of the file."""
    first = os.pread(fd, size, offset)
    if len(first) == size or not first:
        return first
    parts = [first]
    done = len(first)
    while done < size:  # a huge read may come back in pieces
        more = os.pread(fd, size - done, offset + done)
        if not more:
            break
        parts.append(more)
        done += len(more)
    return b"".join(parts)


def open_cache(path: os.PathLike[str] | str) -> int | None:
    """A read-only descriptor of the cache file at ``path`` with a shared lock on it, or
    ``None``: missing, unreadable, or not a regular file (a FIFO is never waited on)."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC)
    except OSError:
        return None
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise OSError("not a regular file")
        os.set_blocking(fd, True)
        fcntl.flock(fd, fcntl.LOCK_SH)  # "in use": the sweep never removes it
    except OSError:
        os.close(fd)
        return None
    return fd


def mark_used(fd: int) -> None:
    """Set the cache's access time to now (its modification time kept): the sweep removes the
    least recently used caches first, also on file systems mounted ``noatime``."""
    with contextlib.suppress(OSError, NotImplementedError):
        st = os.fstat(fd)
        os.utime(fd, ns=(max(st.st_atime_ns, time.time_ns()), st.st_mtime_ns))


__all__ = ["CHUNK", "RecordFile", "mark_used", "open_cache", "read_at"]
