"""What a cold build's parse worker runs (Textual-free core).

:mod:`papertui.store.build` parses a big folder in forked worker processes, each given a
group of consecutive files (:func:`parse_group`). A worker reads a batch of files, puts
them through the loader's fast path together and the composer for the rest
(:func:`parse_records`), and sends back, as msgpack, each file's problems, its stat as read
and each paper as its cache record with the record's CRC.

With a spool segment (:meth:`papertui.store.spool.Spool.segments`: an unnamed file the
worker inherited), the worker writes the records there itself, one after another, and sends
each paper's slim fields instead (:func:`papertui.store.slim.slim_record`) with its record's
size: the build process then neither receives nor writes the records.
"""

from __future__ import annotations

import gc
import os
import zlib
from typing import Any

import msgspec

from papertui.library.fastpath import fast_parse_many
from papertui.library.loader import Seen, Vocabularies, parse_papers, read_text
from papertui.library.problems import Problem
from papertui.store.packedkey import Stat
from papertui.store.paperrecord import LinkRecord, PaperRecord
from papertui.store.slim import slim_record

BATCH = 64  # files a worker reads, then parses stage by stage (parse_records)
# each paper as (its cache record, or its slim fields when the worker spools the record;
# the record's CRC-32; the record's size; its id's and era's positions)
Found = list[tuple[msgspec.Raw, int, int, tuple[int, int], tuple[int, int]]]
Wire = list[tuple[list[Problem], Found, Stat | None]]
# a group's: whether its records were all written to its segment (True without one)
GroupWire = tuple[bool, Wire]
NOWHERE = (0, 0)  # a fast-path paper's id and era positions (found when needed)
_RECORD = msgspec.msgpack.Encoder().encode  # as papertui.store.format encodes a record

# the workers', set by the build process before the pool forks
vocabularies: Vocabularies = (None, None)


def parse_group(task: tuple[list[str], int]) -> bytes:
    """A worker's task: parse a group of files (``task``: their paths, and the descriptor
    of the spool segment to write their records to, or -1), send the results back as
    msgpack (:data:`GroupWire`)."""
    paths, segment = task
    gc.disable()
    out: Wire = []
    spooled: list[bytes] | None = [] if segment >= 0 else None
    written = True
    at = 0
    for start in range(0, len(paths), BATCH):
        out += parse_records(paths[start : start + BATCH], vocabularies, spooled)
        if spooled:
            if written:
                blob = b"".join(spooled)
                written = _write(segment, blob, at)
                at += len(blob)
            spooled.clear()
    return msgspec.msgpack.encode((written, out))


def _write(fd: int, blob: bytes, at: int) -> bool:
    """``blob`` written whole at offset ``at`` of ``fd``; False when it could not be."""
    view = memoryview(blob)
    try:
        while view:
            done = os.pwrite(fd, view, at)
            if done <= 0:
                return False
            view, at = view[done:], at + done
    except OSError:  # a full disk: the build makes the records again (SpoolLost)
        return False
    return True


def parse_records(
    paths: list[str], vocabularies: Vocabularies, spooled: list[bytes] | None = None
) -> Wire:
    """:func:`~papertui.library.loader.parse_file` of each file for a worker, each paper
    as its cache record, with the file's stat as read. The files are read first, then go
    through the fast path together (:func:`~papertui.library.fastpath.fast_parse_many`,
    stage by stage); a file it vouches for is encoded from its checked values
    (:mod:`papertui.store.paperrecord`) without making its papers, any other goes through
    the composer, which reports where. With ``spooled``, each record is appended there and
    the paper sent as its slim fields."""
    reads: list[tuple[str, list[Problem], str | None, Stat | None]] = []
    for path in paths:
        problems: list[Problem] = []
        seen: Seen = {}
        text = read_text(path, path, problems, seen)
        reads.append((path, problems, text, seen.get(path)))
    tags, orgs = vocabularies
    todo = [(text, path, _stem(path)) for path, _p, text, _s in reads if text is not None]
    fast = iter(fast_parse_many(todo, tags, orgs, PaperRecord, LinkRecord))
    out: Wire = []
    for path, problems, text, stat in reads:
        found: Found = []
        out.append((problems, found, stat))
        if text is None:
            continue
        papers = next(fast)
        if papers is not None:
            found += [_found(paper, NOWHERE, NOWHERE, spooled) for paper in papers]
            continue
        for fields in parse_papers(text, path, _stem(path), problems, tags=tags, orgs=orgs):
            found.append(_found(fields.paper, fields.id_pos, fields.era_pos, spooled))
    return out


def _found(
    paper: Any, id_pos: tuple[int, int], era_pos: tuple[int, int], spooled: list[bytes] | None
) -> tuple[msgspec.Raw, int, int, tuple[int, int], tuple[int, int]]:
    record = _RECORD(paper)
    if spooled is None:
        return msgspec.Raw(record), zlib.crc32(record), len(record), id_pos, era_pos
    spooled.append(record)
    return msgspec.Raw(slim_record(paper)), zlib.crc32(record), len(record), id_pos, era_pos


def _stem(path: str) -> str:
    """``Path(path).stem``, without making the path."""
    name = path[path.rfind("/") + 1 :]
    dot = name.rfind(".")
    return name[:dot] if 0 < dot < len(name) - 1 else name


__all__ = ["BATCH", "NOWHERE", "GroupWire", "Wire", "parse_group", "parse_records"]
