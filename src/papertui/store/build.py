"""The child process of a big cold load: ``python -P -m papertui.store.build DATA_DIR``.

Parses the folder with both cores (a pool of worker processes, each parsing a group of
consecutive files through the loader's fast path,
:func:`papertui.library.loader.parse_file`; results come back in file order as msgpack,
each paper as its cache record with the record's CRC, and each file's stat as it was
read), builds the search indexes and writes the load cache section by section
(:func:`papertui.store.persist.store`), the records copied from where they were spooled as
they arrived (:mod:`papertui.store.spool`), printing ``done total`` progress lines on
stdout for :func:`papertui.store.child.build_in_child`. With ``--scanned`` the scan the app
just made comes on stdin (:func:`papertui.store.handscan.pack_scan`) and is not made again.
Exit status 0 when the cache was written; 3 when it could not be (a full or read-only
cache folder) and was written to stdout instead, as a ``cache SIZE`` line and SIZE bytes,
so the app reads it from there rather than parsing the folder a second time; 1 when
nothing could be built.
"""

from __future__ import annotations

import contextlib
import ctypes
import gc
import multiprocessing
import os
import sys
import zlib
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from pathlib import Path

import msgspec

from papertui.library.fastpath import fast_parse_many
from papertui.library.loader import (
    FileResult,
    Mapper,
    Seen,
    Vocabularies,
    load_library,
    parse_file,
    parse_papers,
    read_text,
)
from papertui.library.model import Paper
from papertui.library.problems import Problem
from papertui.library.schema import PaperFields
from papertui.search.index import SearchIndex
from papertui.store.child import HANDBACK, HANDED_BACK, SCANNED, die_with_parent
from papertui.store.forkwords import build_words_forked
from papertui.store.format import (
    Folder,
    Key,
    Progress,
    cache_path,
    make_key,
    scan,
)
from papertui.store.handscan import unpack_scan
from papertui.store.packedkey import (
    PackedSources,
    Reads,
    Stat,
    key_as_read,
    listing,
    packed_as_read,
)
from papertui.store.paperrecord import LinkRecord, PaperRecord
from papertui.store.persist import index_and_store, pack_index_and_store
from papertui.store.slim import Slimmer, SlimRecords, SpoolLost, encode_texts
from papertui.store.spool import Spool

GROUPS_PER_WORKER = 32  # tasks per worker: balance, and progress as they come back
BATCH = 64  # files a worker reads, then parses stage by stage (parse_records)
# each paper as its cache record (its own msgpack) with the record's CRC-32
Found = list[tuple[msgspec.Raw, int, tuple[int, int], tuple[int, int]]]
Wire = list[tuple[list[Problem], Found, Stat | None]]
_DECODER = msgspec.msgpack.Decoder(Wire)
_PAPER = msgspec.msgpack.Decoder(Paper)
_RECORD = msgspec.msgpack.Encoder().encode  # as papertui.store.format encodes a record
_NOWHERE = (0, 0)  # a fast-path paper's id and era positions (found when needed)
_vocabularies: Vocabularies = (None, None)  # the worker's, set before the pool forks


def workers() -> int:
    """Processes to parse with: the CPUs this process may use (at most 4)."""
    try:
        cpus = len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not Linux
        cpus = os.cpu_count() or 1
    return max(1, min(cpus, 4))


def _parse_group(paths: list[str]) -> bytes:
    """A worker's task: parse a group of files, send the results back as msgpack."""
    gc.disable()
    out: Wire = []
    for at in range(0, len(paths), BATCH):
        out += parse_records(paths[at : at + BATCH], _vocabularies)
    return msgspec.msgpack.encode(out)


def parse_records(paths: list[str], vocabularies: Vocabularies) -> Wire:
    """:func:`~papertui.library.loader.parse_file` of each file for a worker, each paper
    as its cache record, with the file's stat as read. The files are read first, then go
    through the fast path together (:func:`~papertui.library.fastpath.fast_parse_many`,
    stage by stage); a file it vouches for is encoded from its checked values
    (:mod:`papertui.store.paperrecord`) without making its papers, any other goes through
    the composer, which reports where."""
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
            for paper in papers:
                record = _RECORD(paper)
                found.append((msgspec.Raw(record), zlib.crc32(record), _NOWHERE, _NOWHERE))
            continue
        for fields in parse_papers(text, path, _stem(path), problems, tags=tags, orgs=orgs):
            record = _RECORD(fields.paper)
            found.append((msgspec.Raw(record), zlib.crc32(record), fields.id_pos, fields.era_pos))
    return out


def _stem(path: str) -> str:
    """``Path(path).stem``, without making the path."""
    name = path[path.rfind("/") + 1 :]
    dot = name.rfind(".")
    return name[:dot] if 0 < dot < len(name) - 1 else name


def _groups(files: list[str], processes: int) -> list[list[str]]:
    """About :data:`GROUPS_PER_WORKER` groups of consecutive files per worker (by count:
    sizes would cost a second stat of every file)."""
    per = max(1, len(files) // (processes * GROUPS_PER_WORKER))
    return [files[at : at + per] for at in range(0, len(files), per)]


def trim() -> None:
    """Hand the memory freed by a step back to the system (glibc keeps freed blocks in
    its heap: at 1M papers the steps' peaks would add up in the resident size)."""
    with contextlib.suppress(OSError, AttributeError, TypeError):  # not glibc
        ctypes.CDLL(None).malloc_trim(0)


def _in_order(reads: Reads, slim: Slimmer | None = None) -> Mapper:
    """The loader's own order, in this process, noting what was read in ``reads``; with
    ``slim``, each paper is spooled as its record and handed on slim (as the pool's)."""

    def mapper(files: list[str], vocabularies: Vocabularies) -> Iterator[FileResult]:
        reads.files = files
        spool = reads.spool
        for name in files:
            seen: Seen = {}
            problems, found = parse_file(Path(name), vocabularies, seen)
            reads.note(seen.get(name))
            if slim is not None and spool is not None:
                slim.reading(name)
                fields = []
                for f in found:
                    record = _RECORD(f.paper)
                    paper = slim(record)
                    spool.add(paper, record, zlib.crc32(record))
                    fields.append(PaperFields(paper, f.id_pos, f.era_pos))
                found = fields
            yield problems, found

    return mapper


@contextmanager
def pool_mapper(
    processes: int, reads: Reads | None = None, slim: Slimmer | None = None
) -> Iterator[Mapper | None]:
    """A :data:`~papertui.library.loader.Mapper` parsing in ``processes`` forked workers
    (``None``, the loader's own order, with one process or no ``fork``); ``reads`` is told
    the files and their stats as read. With ``slim`` (and a spool in ``reads``), each
    paper is decoded slim (:mod:`papertui.store.slim`): its record is in the spool."""
    if processes < 2 or "fork" not in multiprocessing.get_all_start_methods():
        yield None
        return
    context = multiprocessing.get_context("fork")
    pools: list[ProcessPoolExecutor] = []

    def mapper(files: list[str], vocabularies: Vocabularies) -> Iterator[FileResult]:
        global _vocabularies
        _vocabularies = vocabularies  # inherited by the forked workers
        # (a worker that dies raises BrokenProcessPool here: the build fails, it never hangs)
        pool = ProcessPoolExecutor(
            processes, mp_context=context, initializer=die_with_parent, initargs=(os.getpid(),)
        )
        pools.append(pool)
        if reads is not None:
            reads.files = files
        spool = reads.spool if reads is not None else None
        decode = slim if slim is not None and spool is not None else _PAPER.decode
        paths = iter(files)
        for wire in pool.map(_parse_group, _groups(files, processes)):
            for problems, found, stat in _DECODER.decode(wire):
                path = next(paths)
                if reads is not None:
                    reads.note(stat)
                if slim is not None:
                    slim.reading(path)
                fields = []
                for record, crc, id_pos, era_pos in found:
                    paper = decode(record)
                    if spool is not None:
                        spool.add(paper, record, crc)
                    if id_pos == _NOWHERE:  # the fast path's: one tuple for them all
                        id_pos = _NOWHERE
                    if era_pos == _NOWHERE:
                        era_pos = _NOWHERE
                    fields.append(PaperFields(paper, id_pos, era_pos))
                yield problems, fields

    try:
        yield mapper
    finally:
        for pool in pools:
            pool.shutdown(wait=True, cancel_futures=True)


def build(
    data_dir: Path,
    progress: Progress | None = None,
    processes: int = 0,
    *,
    scanned: tuple[Key, Sequence[Folder]] | None = None,
    unwritten: Callable[[bytes], None] | None = None,
) -> bool:
    """Parse ``data_dir`` (in ``processes`` workers, default :func:`workers`) and write its
    cache; True when a cache for the sources as they are now was written. ``scanned``:
    the key and folders of a scan just made (:mod:`papertui.store.fresh`), else it scans;
    ``unwritten``: given the cache when it could not be written (:func:`main`).

    The cache is keyed by the sources as they were *read*: each file's stat is taken from
    the descriptor its text was read from (:func:`key_as_read`), so a file changed after
    it was read is a miss at the next start, and no second scan is needed to find the
    files changed while the folder was parsed."""
    gc.disable()  # a parse allocates millions of objects
    path = cache_path(data_dir)
    folders: Sequence[Folder]
    if scanned is None:  # listed only: each file's stat is taken as it is read
        sources, folders = scan(data_dir, stat=False)
        packed = PackedSources(sources)  # a million tuples: 270 MB (.packedkey)
        key = make_key(data_dir, [])
        del sources
    else:
        key, folders = scanned
        scanned = None  # main() hands it over: no other reference holds its sources
        packed = PackedSources(key.sources)
        key = msgspec.structs.replace(key, sources=[])
    held = [packed]  # _build() lets go of it once the key as read is made
    del packed
    try:
        return _build(data_dir, path, key, held, folders, progress, processes, unwritten)
    except SpoolLost:  # the papers were slim and their records are gone: once more, whole
        with contextlib.suppress(OSError):  # a cache file it had begun (format.write)
            path.with_name(f"{path.name}.{os.getpid()}.tmp").unlink(missing_ok=True)
        sources, folders = scan(data_dir)
        held = [PackedSources(sources)]
        del sources
        return _build(
            data_dir, path, key, held, folders, progress, processes, unwritten, slim=False
        )


def _build(
    data_dir: Path,
    path: Path,
    key: Key,
    held: list[PackedSources],
    folders: Sequence[Folder],
    progress: Progress | None,
    processes: int,
    unwritten: Callable[[bytes], None] | None,
    *,
    slim: bool = True,
) -> bool:
    """:func:`build` once the sources are scanned (``key`` without its ``sources``, which
    are ``held``: taken out once they are no longer needed). With
    ``slim`` (and a usable spool) the papers are kept slim (:mod:`papertui.store.slim`),
    their records only in the spool: ``SpoolLost`` when that spool fails."""
    seen = dict[str, Stat]()
    with Spool(path.parent) as spool:
        slimmer = Slimmer() if slim and spool.usable else None
        reads = Reads(spool)
        with pool_mapper(processes or workers(), reads, slimmer) as mapper:
            result = load_library(
                data_dir,
                progress,
                mapper=mapper or _in_order(reads, slimmer),
                seen=seen,
                listed=listing(data_dir, held[0], folders),
            )
        read = packed_as_read(data_dir, held[0], reads, seen)
        reads.forget()  # in the key now
        if read is None:  # the folder changed: index_and_store scans and compares
            key = msgspec.structs.replace(key, sources=list(held[0]))
        held.clear()
        if slimmer is None:
            as_read = read.key(key) if read is not None else None
            return index_and_store(
                data_dir, path, result, key, folders, unwritten, read=as_read, records=spool
            )
        if not spool.usable:
            raise SpoolLost("the spool could not be written")
        slimmer.loaded(result.library.papers.values())
        trim()
        records = SlimRecords(spool)
        if read is None:
            return index_and_store(data_dir, path, result, key, folders, unwritten, records=records)
        taken = [result]  # pack_index_and_store lets go of it step by step
        del result

        def after(step: str, index: SearchIndex | None) -> None:
            if step == "packed":  # laid out: the papers are let go of
                spool.forget_papers()
            elif step == "words" and index is not None:  # only written from here on
                encode_texts(index)
            trim()

        listed = read.chunks()
        return pack_index_and_store(
            path, taken, key, listed, folders, unwritten, records, after, build_words_forked
        )


def _scanned() -> list[tuple[Key, list[Folder]]]:
    """The app's scan from stdin (:func:`papertui.store.handscan.pack_scan`), in a list to
    hand over; an empty one when there is none (then the build scans)."""
    try:
        return [unpack_scan(sys.stdin.buffer)]
    except (ValueError, OSError):  # msgspec.DecodeError is a ValueError
        return []


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if len(args) not in (1, 2) or args[1:] not in ([], [SCANNED]):
        print(f"usage: python -m papertui.store.build DATA_DIR [{SCANNED}]", file=sys.stderr)
        return 2

    def report(done: int, total: int) -> None:
        print(done, total, flush=True)

    handed: list[int] = []

    def hand_back(blob: bytes) -> None:
        out = sys.stdout.buffer
        out.write(b"%s %d\n" % (HANDBACK, len(blob)))
        out.write(blob)
        out.flush()
        handed.append(len(blob))

    scanned = _scanned() if args[1:] else None
    # the only reference to the scan is build()'s: it packs the sources and lets go of them
    if build(
        Path(args[0]), report, scanned=scanned.pop() if scanned else None, unwritten=hand_back
    ):
        return 0
    return HANDED_BACK if handed else 1


__all__ = ["Reads", "build", "key_as_read", "main", "pool_mapper", "workers"]


if __name__ == "__main__":
    raise SystemExit(main())
