"""What a cold load's parse worker costs a paper, in total and by phase (issue 22 item 3).

usage: python benchmarks/parse_worker.py DATA_DIR [--files N] [--rounds R]

Runs the build's worker task (``papertui.store.build._parse_group``, groups of 100 files)
over the first N paper files of DATA_DIR in this process, after an uncounted read of them
(the page cache warm) and one uncounted round, and prints the best of R rounds in
microseconds a paper. Then the same files one stage at a time, a batch of files at once as a
worker runs them, each stage timed apart: the read, the safety scan before yaml-rs,
yaml-rs, the positions found in the text, the checks (each paper made as its cache
record's type), the record and its CRC, the wire's msgpack.
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
    """Each stage over a batch of 64 files at a time, as a worker runs them."""
    from papertui.library import fastpath
    from papertui.library.fastcheck import Checker
    from papertui.library.fastmarks import find_marks
    from papertui.store.paperrecord import LinkRecord, PaperRecord

    tags, orgs = read_vocabularies(data, [])
    encode = msgspec.msgpack.Encoder().encode
    loads, limits = fastpath._loads, fastpath._NO_ALIASES
    assert loads is not None
    spent = dict.fromkeys(("read", "scan", "yaml-rs", "marks", "checks", "record", "wire"), 0.0)
    clock = time.perf_counter
    for at in range(0, len(paths), build.BATCH):
        batch = paths[at : at + build.BATCH]
        t0 = clock()
        seen: dict[str, tuple[int, int, int, int]] = {}
        texts = [read_text(path, path, [], seen) or "" for path in batch]
        t1 = clock()
        if any(fastpath._unsafe(text) for text in texts):
            raise SystemExit("not a fast-path folder")
        t2 = clock()
        parsed = [loads(text, parse_datetime=False, alias_limits=limits) for text in texts]
        t3 = clock()
        items = [[got] if type(got) is dict else got for got in parsed]
        marks = [
            find_marks(text, i, type(got) is dict)
            for text, i, got in zip(texts, items, parsed, strict=True)
        ]
        t4 = clock()
        made = []
        for path, i, m, got in zip(batch, items, marks, parsed, strict=True):
            assert m is not None, f"{path}: not a fast-path file"
            make = Checker(path, tags, orgs, PaperRecord, LinkRecord).paper
            stem = build._stem(path) if type(got) is dict else None
            pairs = zip(i, m, strict=True)
            made.append([make(item, stem, line, links) for item, (line, links) in pairs])
        t5 = clock()
        found = [
            [(msgspec.Raw(r), zlib.crc32(r), (0, 0), (0, 0)) for r in map(encode, papers)]
            for papers in made
        ]
        t6 = clock()
        wire = [([], f, seen.get(path)) for f, path in zip(found, batch, strict=True)]
        msgspec.msgpack.encode(wire)
        t7 = clock()
        took = (t1 - t0, t2 - t1, t3 - t2, t4 - t3, t5 - t4, t6 - t5, t7 - t6)
        for name, part in zip(spent, took, strict=True):
            spent[name] += part
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
