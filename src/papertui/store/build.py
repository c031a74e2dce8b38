"""The child process of a big cold load: ``python -P -m papertui.store.build DATA_DIR``.

Parses the folder with both cores (a pool of worker processes, each parsing a group of
consecutive files through the loader's fast path,
:func:`papertui.library.loader.parse_file`; results come back in file order as msgpack),
builds the search indexes and writes the load cache section by section
(:func:`papertui.store.persist.store`), printing ``done total`` progress lines on stdout for
:func:`papertui.store.child.build_in_child`. Exit status 0 when the cache was written; 3
when it could not be (a full or read-only cache folder) and was written to stdout instead,
as a ``cache SIZE`` line and SIZE bytes, so the app reads it from there rather than
parsing the folder a second time; 1 when nothing could be built.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import sys
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from pathlib import Path

import msgspec

from papertui.library.loader import FileResult, Mapper, Vocabularies, load_library, parse_file
from papertui.library.model import Paper
from papertui.library.problems import Problem
from papertui.library.schema import PaperFields
from papertui.store.child import HANDBACK, HANDED_BACK
from papertui.store.format import (
    Folder,
    Key,
    Progress,
    cache_path,
    make_key,
    scan,
)
from papertui.store.persist import index_and_store

GROUPS_PER_WORKER = 32  # tasks per worker: balance, and progress as they come back
Wire = list[tuple[list[Problem], list[tuple[Paper, tuple[int, int], tuple[int, int]]]]]
_DECODER = msgspec.msgpack.Decoder(Wire)
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
    for path in paths:
        problems, found = parse_file(Path(path), _vocabularies)
        out.append((problems, [(f.paper, f.id_pos, f.era_pos) for f in found]))
    return msgspec.msgpack.encode(out)


def _groups(files: list[Path], processes: int) -> list[list[str]]:
    """About :data:`GROUPS_PER_WORKER` groups of consecutive files per worker (by count:
    sizes would cost a second stat of every file)."""
    per = max(1, len(files) // (processes * GROUPS_PER_WORKER))
    return [[str(path) for path in files[at : at + per]] for at in range(0, len(files), per)]


@contextmanager
def pool_mapper(processes: int) -> Iterator[Mapper | None]:
    """A :data:`~papertui.library.loader.Mapper` parsing in ``processes`` forked workers
    (``None``, the loader's own order, with one process or no ``fork``)."""
    if processes < 2 or "fork" not in multiprocessing.get_all_start_methods():
        yield None
        return
    context = multiprocessing.get_context("fork")
    pools: list[ProcessPoolExecutor] = []

    def mapper(files: list[Path], vocabularies: Vocabularies) -> Iterator[FileResult]:
        global _vocabularies
        _vocabularies = vocabularies  # inherited by the forked workers
        # (a worker that dies raises BrokenProcessPool here: the build fails, it never hangs)
        pool = ProcessPoolExecutor(processes, mp_context=context)
        pools.append(pool)
        for wire in pool.map(_parse_group, _groups(files, processes)):
            for problems, found in _DECODER.decode(wire):
                yield problems, [PaperFields(p, i, e) for p, i, e in found]

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
    ``unwritten``: given the cache when it could not be written (:func:`main`)."""
    gc.disable()  # a parse allocates millions of objects
    path = cache_path(data_dir)
    folders: Sequence[Folder]
    if scanned is None:
        sources, folders = scan(data_dir)
        key = make_key(data_dir, sources)
    else:
        key, folders = scanned
    with pool_mapper(processes or workers()) as mapper:
        result = load_library(data_dir, progress, mapper=mapper)
    return index_and_store(data_dir, path, result, key, folders, unwritten)


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 1:
        print("usage: python -m papertui.store.build DATA_DIR", file=sys.stderr)
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

    if build(Path(args[0]), report, unwritten=hand_back):
        return 0
    return HANDED_BACK if handed else 1


if __name__ == "__main__":
    raise SystemExit(main())
