"""The app's scan handed to the build child on its stdin (Textual-free core).

A cold build in a child process (:mod:`papertui.store.child`, :mod:`papertui.store.build`)
is given the scan of the sources the app has just made, so it is not made again: the key
without its sources and the folders, then the sources in pieces, each with its length
before it, then a zero length.
"""

from __future__ import annotations

import struct
from collections.abc import Iterator, Sequence
from typing import BinaryIO

import msgspec

from papertui.store.format import Key
from papertui.store.scan import Folder, Source

SCAN_PIECE = 20_000  # sources per piece of a scan handed to the build child (pack_scan)
_LEN = struct.Struct("<I")


def pack_scan(key: Key, folders: Sequence[Folder]) -> Iterator[bytes]:
    """A scan just made, for the build child's stdin (:mod:`papertui.store.build`): pieces
    of at most :data:`SCAN_PIECE` sources, each a short call into C (one encode of a
    million sources held the GIL for 0.2 s: the app's UI thread waits on it), each with
    its length before it, then a zero length."""
    yield _piece(msgspec.msgpack.encode((msgspec.structs.replace(key, sources=[]), folders)))
    for at in range(0, len(key.sources), SCAN_PIECE):
        yield _piece(msgspec.msgpack.encode(key.sources[at : at + SCAN_PIECE]))
    yield _LEN.pack(0)


def unpack_scan(stream: BinaryIO) -> tuple[Key, list[Folder]]:
    """:func:`pack_scan`'s scan read from ``stream`` (``ValueError`` when it is not one)."""
    key, folders = msgspec.msgpack.decode(_read_piece(stream), type=tuple[Key, list[Folder]])
    while piece := _read_piece(stream):
        key.sources += msgspec.msgpack.decode(piece, type=list[Source])
    return key, folders


def _piece(data: bytes) -> bytes:
    return _LEN.pack(len(data)) + data


def _read_piece(stream: BinaryIO) -> bytes:
    head = stream.read(_LEN.size)
    if len(head) != _LEN.size:
        raise ValueError("the scan was cut short")
    (size,) = _LEN.unpack(head)
    data = stream.read(size)
    if len(data) != size:
        raise ValueError("the scan was cut short")
    return data


__all__ = ["SCAN_PIECE", "pack_scan", "unpack_scan"]
