"""The search engine's share of a keystroke: ``keys_e2e.py``'s keys, headless, per key class.

usage: python benchmarks/engine_keys.py DATA [--rounds 3] [--profile OUT.prof] [--json FILE]

Loads DATA through the load cache (as the app does; a cold cache is built first), builds the
engine on the cached indexes, warms it, then types every query of ``keys_e2e.QUERIES`` one
key at a time through that one engine (so its query cache and narrowing work as they do in
the app), with an empty box (Ctrl+U) after each query. A key is timed from the call of
``Engine.run`` to the results the result list needs: the count and the first 40 ids.
Prints p50/p95/max per key class, wall clock and this thread's CPU time (steadier on a
shared machine), the slowest keys, and the load average. ``--profile`` writes a cProfile
of the typed rounds. No assertions: this is a measuring tool.
"""

from __future__ import annotations

import argparse
import cProfile
import json
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from keys_e2e import QUERIES, key_class

ROWS = 40


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("data", type=Path)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--profile", type=Path)
    parser.add_argument("--json", type=Path)
    args = parser.parse_args(argv)

    from papertui.search.engine import View
    from papertui.store.folders import engine_for
    from papertui.store.load import load_cached

    print(f"load average before: {os.getloadavg()[0]:.2f}", flush=True)
    started = time.perf_counter()
    library = load_cached(args.data).library
    engine = engine_for(library)
    loaded = time.perf_counter()
    engine.warm()
    print(
        f"{len(library):,} papers: load {loaded - started:.1f} s, "
        f"warm {time.perf_counter() - loaded:.1f} s",
        flush=True,
    )
    samples: dict[str, list[tuple[float, float, str]]] = {}
    profile = cProfile.Profile() if args.profile else None

    def key(text: str, cls: str) -> None:
        wall, cpu = time.perf_counter(), time.thread_time()
        results = engine.run(View(query=text))
        _ = len(results.ids), results.ids[:ROWS]
        cpu, wall = time.thread_time() - cpu, time.perf_counter() - wall
        samples.setdefault(cls, []).append((wall * 1000, cpu * 1000, text))

    for _ in range(args.rounds):
        engine._cache.clear()  # each round types into a fresh query cache, as a new app
        if profile is not None:
            profile.enable()
        for query, cls, slip in QUERIES:
            for i in range(len(query)):
                key(query[: i + 1], key_class(query, cls, slip, query[: i + 1]))
            key("", "clear")
        if profile is not None:
            profile.disable()
    if profile is not None and args.profile is not None:
        profile.dump_stats(str(args.profile))
    print(f"{'class':<12} {'n':>4} {'p50':>7} {'p95':>7} {'max':>7}   cpu p50 / p95   (ms)")
    every = [s for values in samples.values() for s in values]
    for cls, values in [*sorted(samples.items()), ("all", every)]:
        wall = [w for w, _, _ in values]
        cpu = [c for _, c, _ in values]
        print(
            f"{cls:<12} {len(values):>4} {statistics.median(wall):7.1f} {pct(wall, 0.95):7.1f} "
            f"{max(wall):7.1f}   {statistics.median(cpu):6.1f} / {pct(cpu, 0.95):6.1f}"
        )
    slow = sorted(every, reverse=True)[:8]
    print("slowest: " + ", ".join(f"{text!r} {wall:.1f}" for wall, _, text in slow))
    print(f"load average after: {os.getloadavg()[0]:.2f}")
    if args.json:
        args.json.write_text(json.dumps(samples, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
