"""What a cold load's parse worker costs a paper, in total and by phase (issue 22 item 3).

usage: python benchmarks/parse_worker.py DATA_DIR [--files N] [--rounds R]

Runs the build's worker task (``papertui.store.build._parse_group``, groups of 100 files)
over the first N paper files of DATA_DIR in this process, after an uncounted read of them
(the page cache warm) and one uncounted round, and prints the best of R rounds in
microseconds a paper. Then the same files one phase at a time, timed apart: the read, the
safety scan before yaml-rs, yaml-rs, the positions found in the text, the checks (each
paper made as its cache record's type), the record and its CRC, the wire's msgpack.
The phase rows need this checkout's fast path (``library/fastcheck.py``); the total runs on
any install, so ``/other/venv/bin/python benchmarks/parse_worker.py DIR`` measures another
checkout's worker in the same way. Record ``cat /proc/loadavg`` beside the figures.
"""

from __future__ import annotations

import argparse
import gc
import time
import zlib
from pathlib import Path

import msgspec

from papertui.library.datafolder import paper_files
from papertui.library.loader import read_text, read_vocabularies
from papertui.store import build


def total(paths: list[str], rounds: int) -> tuple[float, int]:
    papers = 0
    for at in range(0, len(paths), 100):  # uncounted: imports, caches
        papers += sum(
            len(found)
            for _p, found, _s in msgspec.msgpack.decode(build._parse_group(paths[at : at + 100]))
        )
    best = float("inf")
    for _ in range(rounds):
        start = time.perf_counter()
        for at in range(0, len(paths), 100):
            build._parse_group(paths[at : at + 100])
        best = min(best, time.perf_counter() - start)
    return best, papers


def phases(paths: list[str], data: Path) -> dict[str, float]:
    from papertui.library import fastpath
    from papertui.library.fastcheck import Checker
    from papertui.library.fastmarks import find_marks
    from papertui.store.paperrecord import LinkRecord, PaperRecord

    tags, orgs = read_vocabularies(data, [])
    encode = msgspec.msgpack.Encoder().encode
    spent = dict.fromkeys(("read", "scan", "yaml-rs", "marks", "checks", "record", "wire"), 0.0)
    clock = time.perf_counter
    for path in paths:
        seen: dict[str, tuple[int, int, int, int]] = {}
        problems: list[object] = []
        t0 = clock()
        text = read_text(path, path, [], seen)
        assert text is not None, path
        t1 = clock()
        refused = fastpath._unsafe(text)
        t2 = clock()
        data_ = fastpath._loads(text, parse_datetime=False, alias_limits=fastpath._NO_ALIASES)
        t3 = clock()
        one = type(data_) is dict
        items = [data_] if one else data_
        marks = find_marks(text, items, one)
        t4 = clock()
        assert not refused and marks is not None, f"{path}: not a fast-path file"
        make = Checker(path, tags, orgs, PaperRecord, LinkRecord).paper
        stem = build._stem(path) if one else None
        made = [
            make(item, stem, line, links) for item, (line, links) in zip(items, marks, strict=True)
        ]
        t5 = clock()
        found = [(msgspec.Raw(r), zlib.crc32(r), (0, 0), (0, 0)) for r in map(encode, made)]
        t6 = clock()
        msgspec.msgpack.encode([(problems, found, seen.get(path))])
        t7 = clock()
        for name, took in zip(
            spent, (t1 - t0, t2 - t1, t3 - t2, t4 - t3, t5 - t4, t6 - t5, t7 - t6), strict=True
        ):
            spent[name] += took
    return spent


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("data", type=Path)
    parser.add_argument("--files", type=int, default=5000)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    paths = [str(p) for p in paper_files(args.data / "papers")[: args.files]]
    build._vocabularies = read_vocabularies(args.data, [])
    gc.disable()  # as in a worker
    for path in paths:
        Path(path).read_bytes()
    best, papers = total(paths, args.rounds)
    print(f"{args.data}: {len(paths)} files, {papers} papers")
    print(f"  worker task   {best * 1e6 / papers:6.1f} us a paper (best of {args.rounds})")
    try:
        import papertui.library.fastcheck  # noqa: F401
    except ImportError:
        print("  (no phases: this install has no library/fastcheck.py)")
        return
    phases(paths, args.data)  # uncounted
    spent = phases(paths, args.data)
    for name, took in spent.items():
        print(f"  {name:12s}  {took * 1e6 / papers:6.1f} us")
    print(f"  {'sum':12s}  {sum(spent.values()) * 1e6 / papers:6.1f} us (timed apart)")


if __name__ == "__main__":
    main()
