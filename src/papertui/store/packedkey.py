"""A cache key's list of sources kept as msgpack while a cold build runs (core).

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

import struct
from collections.abc import Iterable, Iterator
from itertools import islice
from typing import cast

import msgspec

from papertui.store.format import Key, Source

PIECE = 20_000  # sources a piece
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
        return msgspec.Raw(array_header(self.count) + b"".join(b for _, b in self._pieces))

    def key(self, key: Key) -> Key:
        """``key`` with these sources, as msgpack (see the module docstring)."""
        return msgspec.structs.replace(key, sources=cast("list[Source]", self.raw()))


__all__ = ["PIECE", "PackedSources", "array_header"]
