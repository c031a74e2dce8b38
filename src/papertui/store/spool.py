"""Paper records as the build's workers encoded them, kept on disk until the cache is
written (Textual-free core).

A cache record is the msgpack of one :class:`~papertui.library.model.Paper` with its
CRC-32 (:mod:`papertui.store.format`). The workers of a cold build encode each paper on its
own and compute its CRC (:mod:`papertui.store.build`); the build process decodes the paper
from those bytes and appends the bytes, unchanged, to a temporary file here, in the order
the files were parsed. When the cache is written, the blob of records is copied from that
file (:meth:`Spool.chunks`) instead of every paper being encoded again, twice (once to
measure, once to write), and the records never sit in memory all at once.

Which papers the library kept (a duplicate id or an unknown era is dropped) is found by
identity: the library's papers are a subsequence, in order, of the papers that arrived
(:meth:`Spool.layout`). Anything that does not check out, or a spool that could not be
written, means the records are encoded from the papers as before.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from array import array
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import IO

from papertui.library.model import Paper

CHUNK = 1 << 20  # bytes copied at a time


class Spool:
    """Records in arrival order, in an unnamed temporary file (``folder``: where to make
    it, the cache folder; the system's temporary folder when that fails)."""

    def __init__(self, folder: Path | None = None) -> None:
        self._file: IO[bytes] | None = None
        for where in (folder, None):
            with contextlib.suppress(OSError):
                if where is not None:
                    where.mkdir(parents=True, exist_ok=True)
                # open for the whole build: closed by close(), or on leaving a ``with``
                self._file = tempfile.TemporaryFile(dir=where, buffering=CHUNK)  # noqa: SIM115
                break
        self._starts = array("Q")
        self._crcs = array("I")
        self._papers: list[Paper] = []
        self._size = 0
        self._ranges: list[list[int]] = []

    @property
    def usable(self) -> bool:
        return self._file is not None

    def add(self, paper: Paper, record: bytes | memoryview, crc: int) -> None:
        """Keep ``paper``'s ``record`` (its msgpack) and the record's ``crc``."""
        if self._file is None:
            return
        try:
            self._file.write(record)
        except OSError:  # a full disk: the records are encoded again when written
            self.close()
            return
        self._starts.append(self._size)
        self._crcs.append(crc)
        self._papers.append(paper)
        self._size += len(record)

    def layout(self, papers: Sequence[Paper]) -> tuple[array[int], array[int]] | None:
        """The blob's offsets (``len(papers) + 1`` ends, from 0) and the records' CRCs for
        ``papers`` (the library's, in its order), or ``None`` when they are not the
        spooled papers (each one, in order) or the spool is unusable."""
        if self._file is None:
            return None
        try:
            self._file.flush()  # a full disk shows here, before any of the cache is written
        except OSError:
            self.close()
            return None
        arrived, starts, crcs, size = self._papers, self._starts, self._crcs, self._size
        count = len(arrived)
        offsets = array("Q", [0])
        kept = array("I")
        ranges: list[list[int]] = []
        at = 0
        total = 0
        for paper in papers:
            while at < count and arrived[at] is not paper:
                at += 1
            if at == count:
                return None
            start = starts[at]
            end = starts[at + 1] if at + 1 < count else size
            total += end - start
            offsets.append(total)
            kept.append(crcs[at])
            if ranges and ranges[-1][1] == start:
                ranges[-1][1] = end
            else:
                ranges.append([start, end])
            at += 1
        self._ranges = ranges
        return offsets, kept

    def forget_papers(self) -> None:
        """The records are laid out for good: let go of the papers (a later
        :meth:`layout` finds none of them)."""
        self._papers = []

    def chunks(self) -> Iterator[bytes]:
        """The records of the last :meth:`layout`, in order, at most :data:`CHUNK` bytes at
        a time. A short read (the file cut under us) raises ``OSError``."""
        if self._file is None:
            return
        fd = self._file.fileno()
        for start, end in self._ranges:
            at = start
            while at < end:
                data = os.pread(fd, min(CHUNK, end - at), at)
                if not data:
                    raise OSError("the spooled records were cut short")
                yield data
                at += len(data)

    def __enter__(self) -> Spool:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    def close(self) -> None:
        if self._file is not None:
            with contextlib.suppress(OSError):
                self._file.close()
            self._file = None


__all__ = ["CHUNK", "Spool"]
