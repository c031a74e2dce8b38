"""Lineage at scale (issue 12): the lineage screen of the most connected paper and the
``desc:`` filter, on a generated corpus.

    python benchmarks/lineage_bench.py bench-out/corpus-100k [--runs 20]

Prints, for the paper with the most "built upon by" edges (the worst case for
descendants) and the one with the most ancestors within 3 steps:

- core: ``library.lineage.tree`` at depths 1-5 (ms, p50 / p95);
- screen: opening the lineage screen (key ``l`` to the tree drawn: the screen's
  ``refresh_tree`` plus one refresh, in a headless app) and each ``+`` / ``-`` depth change;
- filter: ``Engine.run`` for ``desc:ID`` and ``desc:ID:2`` (ms, p50 / p95).

The corpus is read through the load cache (run ``benchmarks/run.py`` first, or let the first
call build it). Figures are wall-clock milliseconds on this machine; the load average is
printed before and after.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import time
from collections.abc import Callable
from pathlib import Path


def _p(values: list[float]) -> str:
    values = sorted(values)
    p95 = values[min(len(values) - 1, round(0.95 * (len(values) - 1)))]
    return f"{statistics.median(values):.1f} / {p95:.1f}"


def _time(fn: Callable[[], object], runs: int) -> list[float]:
    out = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        out.append((time.perf_counter() - start) * 1000)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("data", type=Path)
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()
    print(f"load average before: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")

    from papertui.library import lineage
    from papertui.search.engine import Engine, View
    from papertui.store.load import load_cached, search_index, search_words

    start = time.perf_counter()
    library = load_cached(args.data).library
    print(f"{len(library):,} papers loaded in {(time.perf_counter() - start) * 1000:.0f} ms")
    hub = max(library.built_upon_by, key=lambda pid: len(library.built_upon_by[pid]))
    sample = list(library.papers)[-2000:]  # recent papers have the deepest ancestry
    deep = max(sample, key=lambda pid: len(lineage.within(library, pid, "up", 3)))
    print(f"most built upon: {hub} ({len(library.built_upon_by[hub]):,} direct descendants)")
    print(f"deep ancestry:   {deep} ({len(lineage.within(library, deep, 'up', 3)):,} within 3)")

    print("\n| core: lineage.tree (ms, p50 / p95) | depth 1 | 2 | 3 | 4 | 5 |")
    print("|---|---|---|---|---|---|")
    for label, root, direction in (("descendants of hub", hub, "down"), ("ancestors", deep, "up")):
        cells = [
            _p(
                _time(
                    lambda d=d, r=root, w=direction: lineage.tree(library, r, w, depth=d),
                    args.runs,
                )
            )
            for d in range(1, 6)
        ]
        print(f"| {label} | {' | '.join(cells)} |")

    engine = Engine(library, index=search_index(library), words=search_words(library))
    engine.warm()
    print("\n| filter (ms, p50 / p95) | time |")
    print("|---|---|")
    for query in (f"desc:{hub}", f"desc:{hub}:2", f"anc:{deep}", f"desc:{hub} model"):
        times = _time(lambda q=query: engine.run(View(query=q)), args.runs)
        print(f"| `{query}` | {_p(times)} |")

    print("\n| screen (ms, p50 / p95) | time |")
    print("|---|---|")
    for label, value in asyncio.run(_screen(library, hub, args.runs)).items():
        print(f"| {label} | {_p(value)} |")
    print(f"\nload average after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")


async def _screen(library: object, root: str, runs: int) -> dict[str, list[float]]:
    """Open the lineage screen of ``root`` (descendants) and change its depth, headless."""
    from textual.app import App

    from papertui.tui.screens.lineage import LineageScreen, LineageState

    class Bench(App[None]):
        pass

    from textual.screen import Screen
    from textual.widgets import Static

    class Floor(Screen[None]):
        def compose(self) -> object:  # type: ignore[override]
            yield Static("floor")

    found: dict[str, list[float]] = {
        "floor: push a one-widget screen, same method": [],
        "open (descendants, depth 3)": [],
        "+ / - depth": [],
    }
    app = Bench()
    async with app.run_test(size=(120, 40)) as pilot:
        for _ in range(runs):
            start = time.perf_counter()
            await app.push_screen(Floor())
            await pilot.pause()
            found["floor: push a one-widget screen, same method"].append(
                (time.perf_counter() - start) * 1000
            )
            app.pop_screen()
            await pilot.pause()
            state = LineageState(direction="down", depth=3)
            start = time.perf_counter()
            screen = LineageScreen(library, root, state)  # type: ignore[arg-type]
            await app.push_screen(screen)
            await pilot.pause()
            found["open (descendants, depth 3)"].append((time.perf_counter() - start) * 1000)
            for key in ("plus", "minus"):
                start = time.perf_counter()
                await pilot.press(key)
                await pilot.pause()
                found["+ / - depth"].append((time.perf_counter() - start) * 1000)
            app.pop_screen()
            await pilot.pause()
    return found


if __name__ == "__main__":
    main()
