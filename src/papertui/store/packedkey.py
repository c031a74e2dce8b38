"""The cache key of a cold build: each source's stat as it was read, the list of sources
kept as msgpack while the build runs (Textual-free core).

The key of a data folder lists every source file as ``(relative path, size, mtime_ns,
inode, ctime_ns)`` (:class:`papertui.store.format.Key`). With one file per paper that is a
million tuples of five objects each: about 270 MB held from the scan, through the parse,
to the cache's header. The build child (:mod:`papertui.store.build`) keeps them here as
msgpack instead, in pieces of :data:`PIECE` sources (about 60 bytes a source), reads them
back a piece at a time when it replaces each one's stat with the stat it was read with
(:func:`papertui.store.build.key_as_read`), and hands the header a key whose sources are
the msgpack array itself (``msgspec.Raw``): encoded, it is the same bytes as the key with
the list.
"""

from __future__ import annotations

import os
import struct
from array import array
from collections.abc import Callable, Iterable, Iterator, Sequence
from itertools import islice
from pathlib import Path
from typing import cast

import msgspec

from papertui.library.datafolder import PAPERS_DIR
from papertui.library.loader import Seen
from papertui.store.format import Folder, Key, Source
from papertui.store.scan import UNSTATED, stat_of
from papertui.store.spool import Spool

PIECE = 20_000  # sources a piece
Stat = tuple[int, int, int, int]  # (size, mtime_ns, inode, ctime_ns) of a file as read
_decode = msgspec.msgpack.Decoder(list[Source]).decode
_encode = msgspec.msgpack.Encoder().encode


def array_header(count: int) -> bytes:
    """The msgpack header of an array of ``count`` items, in the shortest form (as
    msgspec writes it)."""
    if count <= 15:
        return bytes([0x90 | count])
    if count <= 0xFFFF:
        return b"\xdc" + struct.pack(">H", count)
    return b"\xdd" + struct.pack(">I", count)


class PackedSources:
    """A key's sources as msgpack, a piece at a time; iterating decodes them in order."""

    def __init__(self, sources: Iterable[Source]) -> None:
        self.count = 0
        self._pieces: list[tuple[int, bytes]] = []  # (sources, their items' msgpack)
        it = iter(sources)
        while piece := list(islice(it, PIECE)):
            self.count += len(piece)
            self._pieces.append((len(piece), _encode(piece)[len(array_header(len(piece))) :]))

    def __len__(self) -> int:
        return self.count

    def __iter__(self) -> Iterator[Source]:
        for count, body in self._pieces:
            yield from _decode(array_header(count) + body)

    def raw(self) -> msgspec.Raw:
        """The whole list as one msgpack array."""
        return msgspec.Raw(b"".join(self.chunks()))

    def chunks(self) -> list[bytes]:
        """The whole list as one msgpack array, in pieces (its header, then each piece's
        items): the cache's sources section written without joining them (60 MB at a
        million files, :func:`papertui.store.format.packed_sections`)."""
        return [array_header(self.count), *(body for _, body in self._pieces)]

    def key(self, key: Key) -> Key:
        """``key`` with these sources, as msgpack (see the module docstring)."""
        return msgspec.structs.replace(key, sources=cast("list[Source]", self.raw()))


class Reads:
    """The paper files a mapper parsed, in order, with the stat of each as it was read
    (``None``: it could not be opened), and the spool the workers' records go to."""

    def __init__(self, spool: Spool | None = None) -> None:
        self.files: list[str] = []  # the strings of their paths
        # four numbers a file (a million tuples took 200 MB): size, mtime_ns, ctime_ns
        # (signed: a time may be before 1970) and the inode (unsigned 64 bits)
        self._times = array("q")
        self._inodes = array("Q")
        self.spool = spool

    @property
    def count(self) -> int:
        return len(self._inodes)

    def note(self, stat: Stat | None) -> None:
        """The next file's stat as read (``None``: not read)."""
        size, mtime, inode, ctime = stat if stat is not None else (-1, 0, 0, 0)
        self._times.extend((size, mtime, ctime))
        self._inodes.append(inode)

    def stats(self) -> Iterator[Stat | None]:
        times = self._times
        for at, inode in enumerate(self._inodes):
            size, mtime, ctime = times[3 * at : 3 * at + 3]
            yield None if size < 0 else (size, mtime, inode, ctime)

    def forget(self) -> None:
        self.files = []  # a million paths
        self._times, self._inodes = array("q"), array("Q")


def key_as_read(data_dir: Path, key: Key, reads: Reads, seen: Seen) -> Key | None:
    """``key`` (a scan made before the parse) with each source's stat replaced by the one
    it had when it was read (``seen``: the folder's own files; ``reads``: the paper
    files); a source that was not read keeps its scanned stat (it could not be opened:
    gone, or unreadable, which the next scan sees as well), or is stat'ed now when it was
    only listed (:data:`~papertui.store.scan.UNSTATED`), and left out if it cannot be.
    ``None`` when the files parsed are not the files scanned (the folder changed between
    the scan and the listing): then the caller scans again."""
    try:
        sources = list(sources_as_read(data_dir, key.sources, reads, seen))
    except _NotScanned:
        return None
    return msgspec.structs.replace(key, sources=sources)


def packed_key_as_read(
    data_dir: Path, key: Key, sources: PackedSources, reads: Reads, seen: Seen
) -> Key | None:
    """:func:`key_as_read` for a key whose sources are packed (:mod:`.packedkey`); the
    key it returns has them packed as well."""
    read = packed_as_read(data_dir, sources, reads, seen)
    return read.key(key) if read is not None else None


def packed_as_read(
    data_dir: Path, sources: PackedSources, reads: Reads, seen: Seen
) -> PackedSources | None:
    """The packed ``sources`` with each one's stat as read (:func:`key_as_read`), packed."""
    try:
        return PackedSources(sources_as_read(data_dir, sources, reads, seen))
    except _NotScanned:
        return None


class _NotScanned(Exception):
    """The files parsed are not the files scanned."""


def sources_as_read(
    data_dir: Path, sources: Sequence[Source] | PackedSources, reads: Reads, seen: Seen
) -> Iterator[Source]:
    """Each of ``sources`` with its stat as read (:func:`key_as_read`), in order;
    ``_NotScanned`` when the files parsed are not those."""
    papers = len(sources) - len(reads.files)
    if not 0 <= papers <= 3 or reads.count != len(reads.files):
        raise _NotScanned
    it = iter(sources)
    for source in islice(it, papers):
        yield _as_read(source, seen.get(str(data_dir / source[0])))
    for source, file, got in zip(it, reads.files, reads.stats(), strict=True):
        if not file.endswith(source[0]):
            raise _NotScanned
        if got is None and source[1:] == UNSTATED:  # listed, not read: stat'ed as a scan
            got = stat_of(file)  # would (which leaves out a file it cannot stat)
            if got is None:
                continue
        yield _as_read(source, got)


def listing(
    data_dir: Path, sources: PackedSources, folders: Sequence[Folder]
) -> Callable[[Path], list[str] | None]:
    """The paper files of a build's scan, in the order its loader lists them: the
    ``listed`` of :func:`~papertui.library.loader.load_library`, so that the folder is not
    listed a second time (1.2 s at a million files). Not when a folder the scan walked
    cannot be listed now (the scan left its files out, and the loader's own listing
    reports it) or the scan did not walk ``papers``."""

    def listed(papers_dir: Path) -> list[str] | None:
        top = os.fspath(data_dir)
        walked = [rel for rel, _ in folders if rel.partition("/")[0] == PAPERS_DIR]
        if PAPERS_DIR not in walked or not all(
            os.access(os.path.join(top, rel), os.R_OK | os.X_OK) for rel in walked
        ):
            return None
        prefix = os.fspath(papers_dir) + os.sep  # as paper_file_names makes each path
        start = len(PAPERS_DIR) + 1
        return [
            prefix + source[0][start:]
            for source in sources
            if source[0][:start] == f"{PAPERS_DIR}/"
        ]

    return listed


def _as_read(source: Source, stat: Stat | None) -> Source:
    return source if stat is None or stat == source[1:] else (source[0], *stat)


__all__ = [
    "PIECE",
    "PackedSources",
    "Reads",
    "Stat",
    "array_header",
    "key_as_read",
    "listing",
    "packed_as_read",
    "packed_key_as_read",
    "sources_as_read",
]
