"""Reading a folder's files ahead of its parse, when they are not in memory (core).

A first start reads every paper file once. When the files are in the page cache (read
lately), a file costs its parse; when they are not (a folder just cloned or copied, the
machine restarted, the cache evicted), each read waits for the disk, one file at a time
per worker, and the parse's cores idle: 100k files took 8.0 s to parse here instead of
2.9 s. :class:`ReadAhead` asks the kernel for the next files first
(``posix_fadvise(POSIX_FADV_WILLNEED)``, which queues their reads and returns), from a
thread that keeps a window ahead of the parse, so the reads overlap each other and the
parse.

It costs nothing worth counting when the files are in memory: one file in every
:data:`BLOCK` is tested with a read that may not wait (``RWF_NOWAIT``), and a block whose
tested file is in memory is skipped. A file is opened as :func:`.loader.read_text` opens
it (``O_NONBLOCK``: a FIFO never waits for a writer), and only a regular file no bigger
than the loader reads is advised; nothing is read into this process. Without
``posix_fadvise`` (not Linux) it does nothing.
"""

from __future__ import annotations

import os
import stat
import threading
from collections import deque
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from types import TracebackType

BLOCK = 16  # files advised together, after a test of the first one
MIN_FILES = 256  # fewer files: no thread (a cold read of them is short anyway)
FILES_AHEAD = 8_192  # at least this many files ahead of the parse (the workers run ahead)
BYTES_AHEAD = 256 * 1024 * 1024  # and at most this much advised and not yet parsed
POLL_S = 0.005  # how often a thread that is far enough ahead looks again

_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)
_ADVISE = getattr(os, "posix_fadvise", None)
_NOWAIT = getattr(os, "RWF_NOWAIT", None)


@contextmanager
def _regular(path: str) -> Iterator[tuple[int, os.stat_result] | None]:
    """``path`` opened as the loader opens it, with its stat, if it is a regular file
    (else ``None``: it cannot be opened or is something else); closed after."""
    try:
        fd = os.open(path, _FLAGS)
    except OSError:
        yield None
        return
    try:
        info = os.fstat(fd)
        yield (fd, info) if stat.S_ISREG(info.st_mode) else None
    finally:
        os.close(fd)


def in_memory(path: str) -> bool | None:
    """Whether the start of ``path`` is in the page cache: ``None`` when that cannot be
    told (no ``RWF_NOWAIT``, a file that cannot be opened or is not regular)."""
    if _NOWAIT is None:
        return None
    with _regular(path) as opened:
        if opened is None:
            return None
        try:
            os.preadv(opened[0], [bytearray(1)], 0, _NOWAIT)
        except BlockingIOError:
            return False
        except OSError:  # not supported here (an old kernel, some file systems)
            return None
        return True


def advise(path: str, max_bytes: int) -> int:
    """Ask the kernel to read ``path`` (a regular file of at most ``max_bytes``); its size
    when asked, else 0."""
    if _ADVISE is None:
        return 0
    with _regular(path) as opened:
        if opened is None or not 0 < opened[1].st_size <= max_bytes:
            return 0
        try:
            _ADVISE(opened[0], 0, 0, os.POSIX_FADV_WILLNEED)
        except OSError:
            return 0
        return opened[1].st_size


class ReadAhead:
    """A context in which ``files`` (none bigger than ``max_bytes`` is read) are read
    ahead of a parse that tells it how far it got (its ``done``, set for every file); at most
    ``files_ahead`` files (default: :data:`FILES_AHEAD`, or a 16th of the files if more)
    and ``bytes_ahead`` bytes ahead of it."""

    def __init__(
        self,
        files: Sequence[str],
        max_bytes: int,
        files_ahead: int | None = None,
        bytes_ahead: int = BYTES_AHEAD,
    ) -> None:
        self.files = files
        self.max_bytes = max_bytes
        self.files_ahead = files_ahead or max(FILES_AHEAD, len(files) // 16)
        self.bytes_ahead = bytes_ahead
        self.done = 0  # files the parse has finished (set by one thread, read by another)
        self.advised = 0  # files advised (for tests and benchmarks)
        self.skipped = 0  # files in blocks found in memory
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def __enter__(self) -> ReadAhead:
        if _ADVISE is not None and len(self.files) >= MIN_FILES:
            self._thread = threading.Thread(target=self._run, name="read-ahead", daemon=True)
            self._thread.start()
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.stop()

    def stop(self) -> None:
        """Stop reading ahead (at once: the thread is between two files at most)."""
        self._stop.set()
        if self._thread is not None:
            self._thread.join()
            self._thread = None

    def _run(self) -> None:
        files, stopped = self.files, self._stop
        pending: deque[tuple[int, int]] = deque()  # (end, bytes) of blocks advised
        held = 0  # bytes advised and not yet parsed
        for start in range(0, len(files), BLOCK):
            while True:
                done = self.done
                while pending and pending[0][0] <= done:
                    held -= pending.popleft()[1]
                if start - done < self.files_ahead and held < self.bytes_ahead:
                    break
                if stopped.wait(POLL_S):
                    return
            if stopped.is_set():
                return
            block = files[start : start + BLOCK]
            if in_memory(block[0]):
                self.skipped += len(block)
                continue
            size = 0
            for path in block:
                if stopped.is_set():
                    return
                size += advise(path, self.max_bytes)
            self.advised += len(block)
            pending.append((start + len(block), size))
            held += size


__all__ = ["ReadAhead", "advise", "in_memory"]
