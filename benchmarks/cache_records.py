"""What reading the load cache costs: warm load, first access of a paper, every paper.

usage: python benchmarks/cache_records.py DATA_DIR [--papers N] [--rounds R]

Prints the warm load time (median of R fresh processes is left to the caller: run it a few
times), the cost of the first access of N random papers (a keystroke decodes at most the
rows it shows, once each) and of iterating every paper. Run it before and after a change to
the cache reader (``store/reader.py``, ``store/records.py``, ``store/lazypapers.py``) with
the same XDG_CACHE_HOME; record ``cat /proc/loadavg`` beside the figures.
"""

from __future__ import annotations

import argparse
import random
import statistics
import time
from pathlib import Path

from papertui.store.load import load_cached


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("data", type=Path)
    parser.add_argument("--papers", type=int, default=2000)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    load_cached(args.data)  # make sure the cache is warm
    loads, firsts, alls = [], [], []
    for seed in range(args.rounds):
        t = time.perf_counter()
        lib = load_cached(args.data).library
        loads.append(time.perf_counter() - t)
        ids = random.Random(seed).sample(list(lib.papers), min(args.papers, len(lib.papers)))
        t = time.perf_counter()
        for pid in ids:
            lib.papers[pid]
        firsts.append((time.perf_counter() - t) / len(ids) * 1e6)
        t = time.perf_counter()
        n = sum(1 for _ in load_cached(args.data).library.papers.values())
        alls.append(time.perf_counter() - t)
    print(f"papers {n}")
    print(f"warm load            median {statistics.median(loads) * 1000:8.1f} ms")
    print(f"first access / paper median {statistics.median(firsts):8.2f} us")
    print(f"load + every paper   median {statistics.median(alls) * 1000:8.1f} ms")


if __name__ == "__main__":
    main()
