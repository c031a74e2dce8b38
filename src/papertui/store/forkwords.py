"""The word index of a cold build, on both cores (Textual-free core).

The build child (:mod:`papertui.store.build`) makes the word index after the search index,
on one core while the other waits. Its two halves' postings (short name and title; people)
are independent: here a forked process makes the people's
(:func:`papertui.search.wordindex.half_postings`) while this one makes the other half, and
sends them back on a pipe (msgpack: the vocabulary, then each array's type and bytes). The
short names and the letter counts are made here once the first half is done.

A fork only ever happens in the build child, whose one thread is the one forking, and
only for a library big enough to be worth it. Anything that goes wrong on the way (no
``fork``, the process dying, a cut pipe, bytes that do not decode) means the half is made
here after all: the index is the same either way (``tests/store/test_forkwords.py``).
"""

from __future__ import annotations

import contextlib
import os
import signal
import struct
from collections.abc import Callable

import msgspec

from papertui.search.index import SearchIndex
from papertui.search.wordbuild import Postings
from papertui.search.wordindex import WordIndex, half_postings
from papertui.store.child import die_with_parent

__all__ = ["FORK_FROM", "build_words_forked", "decode_postings", "encode_postings"]

FORK_FROM = 20_000  # papers: below it, a fork costs about what it saves
_LEN = struct.Struct("<Q")
Wire = tuple[list[str], list[tuple[str, bytes]]]  # the vocabulary; each array's type, bytes


def encode_postings(part: Postings) -> bytes:
    words, *arrays = part
    return msgspec.msgpack.encode((words, [(a.dtype.str, a.tobytes()) for a in arrays]))


def decode_postings(data: bytes | bytearray) -> Postings:
    """The inverse of :func:`encode_postings` (``ValueError`` if it is not one)."""
    import numpy as np

    words, arrays = msgspec.msgpack.decode(data, type=Wire)
    if len(arrays) != 3:
        raise ValueError("not the postings of a half")
    offsets, papers, places = (np.frombuffer(raw, np.dtype(kind)) for kind, raw in arrays)
    return words, offsets, papers, places


def build_words_forked(index: SearchIndex | None) -> WordIndex | None:
    """:func:`papertui.store.columns.build_words`, the people's half made in a forked
    process meanwhile (only in a process with no other thread: the build child)."""
    if index is None:
        return None
    if len(index) < FORK_FROM or not hasattr(os, "fork"):
        return _build(index, None)
    try:
        read, write = os.pipe()
    except OSError:
        return _build(index, None)
    parent = os.getpid()
    try:
        pid = os.fork()
    except OSError:
        os.close(read)
        os.close(write)
        return _build(index, None)
    if pid == 0:  # pragma: no cover - the forked process (coverage does not follow it)
        _people(index, read, write, parent)
    os.close(write)
    asked: list[bool] = []

    def people() -> Postings:
        asked.append(True)
        try:
            return decode_postings(_receive(read))
        except (OSError, ValueError):  # msgspec.DecodeError is a ValueError
            return half_postings(index, 1)  # made here after all
        finally:
            _reap(read, pid, stop=False)

    try:
        return _build(index, people)
    finally:
        if not asked:  # the first half failed: the other is not waited for
            _reap(read, pid, stop=True)


def _reap(read: int, pid: int, *, stop: bool) -> None:
    os.close(read)
    with contextlib.suppress(OSError):
        if stop:
            os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)


def _build(index: SearchIndex, people: Callable[[], Postings] | None) -> WordIndex | None:
    try:
        return WordIndex.build(index, people)
    except Exception:  # as columns.build_words: the engine builds it lazily instead
        return None


def _people(index: SearchIndex, read: int, write: int, parent: int) -> None:  # pragma: no cover
    """The forked process: the people's half sent on ``write``, then gone (``os._exit``:
    nothing of the build's, its exit handlers or its buffered output, runs here)."""
    status = 1
    try:
        os.close(read)
        die_with_parent(parent)
        data = encode_postings(half_postings(index, 1))
        _send(write, _LEN.pack(len(data)))
        _send(write, data)
        status = 0
    finally:
        os._exit(status)


def _send(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view) :]


def _receive(fd: int) -> bytearray:
    head = _read_exactly(fd, _LEN.size)
    return _read_exactly(fd, _LEN.unpack(head)[0])


def _read_exactly(fd: int, size: int) -> bytearray:
    out = bytearray(size)
    view = memoryview(out)
    at = 0
    while at < size:
        got = os.readv(fd, [view[at:]])
        if got == 0:
            raise OSError("the people's postings were cut short")
        at += got
    return out
