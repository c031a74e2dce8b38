"""How long does the UI thread stall while the app swaps in a reloaded library? (issue 22)

usage: python benchmarks/swap_stall.py DATA [--rounds N] [--damaged]

Headless papertui on DATA (its cache warm: run the app, or ``load_cached``, once first).
After the first results and the engine's warm-up, a 1 ms timer on the event loop measures
how late it wakes up (a stall: the loop could not run, the GIL or a long call on the UI
thread held it) while the app reloads the library exactly as it does after the background
freshness check found a change (:meth:`PaperTUI._refresh` without the child: the load on
a worker thread, then the :class:`LibraryLoaded` the screen swaps in), and for 2.5 s after
(the new engine's warm-up). ``--damaged`` instead makes the next paper record fail its
check (a damaged cache) and measures the app while it reloads the papers.

Prints one JSON line per round: the longest stall, the stalls over 20 ms, how long the
reload took, the time the UI thread spent in ``on_library_loaded``, VmRSS, how many
libraries are alive at the end (1: the replaced one was given back) and the load average.
Run it with a private ``XDG_CACHE_HOME`` (``--damaged`` deletes the cache).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import threading
import time
from pathlib import Path
from typing import Any

from papertui.tui.messages import LibraryLoaded


def rss_mib() -> float:
    with open("/proc/self/status", encoding="ascii") as fh:
        for line in fh:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


def libraries_alive() -> int:
    """Library objects alive in the process (frozen ones included)."""
    import gc

    from papertui.library.model import Library

    gc.unfreeze()
    try:
        return sum(1 for o in gc.get_objects() if isinstance(o, Library))
    finally:
        gc.freeze()


async def settled(screen: Any, extra: float) -> None:
    """Until the engine's warm-up has run (a reload starts another), then ``extra`` s."""
    while not screen.searches._warm:
        await asyncio.sleep(0.05)
    await asyncio.sleep(extra)


async def one_round(data: Path, damaged: bool) -> dict[str, Any]:
    from papertui.tui.app import PaperTUI
    from papertui.tui.screens.main import MainScreen

    app = PaperTUI(data)
    out: dict[str, Any] = {"data": str(data), "damaged": damaged}
    async with app.run_test(size=(120, 40)):
        screen = app.main_screen
        while screen.results is None:
            await asyncio.sleep(0.01)
        await settled(screen, 3.0)  # and the freshness check (a child), the reading state
        assert screen.library is not None
        first = id(screen.library)  # not a reference: the RSS must see the old one freed
        stalls: list[tuple[float, float]] = []
        running = True
        t0 = time.perf_counter()

        async def monitor() -> None:
            while running:
                t = time.perf_counter()
                await asyncio.sleep(0.001)
                late = (time.perf_counter() - t - 0.001) * 1000
                stalls.append((t - t0, late))

        spent = [0.0]
        real = MainScreen.on_library_loaded

        def timed(self: MainScreen, message: Any) -> None:
            t = time.perf_counter()
            real(self, message)
            spent[0] += time.perf_counter() - t

        MainScreen.on_library_loaded = timed  # type: ignore[method-assign]
        watcher = asyncio.create_task(monitor())
        await asyncio.sleep(0.2)
        started = time.perf_counter()
        if damaged:  # the next read of the first paper finds its record damaged
            papers: Any = screen.library.papers
            victim = papers.ids[0]
            papers._crcs[0] ^= 1
            papers._done.pop(victim, None)
            with contextlib.suppress(KeyError):
                papers[victim]  # here: on the UI thread, as the detail panel reads it
        else:  # as PaperTUI._refresh does once the child has rebuilt the cache

            def reload() -> None:
                message = app._load(quick=True)
                if isinstance(message, LibraryLoaded):
                    message.unchecked = ()
                    message.reloaded = 0
                app._post(message)

            threading.Thread(target=reload, daemon=True).start()
        background = not damaged or hasattr(app, "_cache_damaged")  # else: reloaded inline
        while background and id(screen.library) == first and time.perf_counter() - started < 900:
            await asyncio.sleep(0.01)
        out["reload_s"] = round(time.perf_counter() - started, 3)
        await settled(screen, 2.5)  # and the old library's memory reclaimed
        running = False
        await watcher
        MainScreen.on_library_loaded = real  # type: ignore[method-assign]
        out["ui_in_on_library_loaded_ms"] = round(spent[0] * 1000, 1)
        out["max_stall_ms"] = round(max(late for _t, late in stalls), 1)
        out["stalls_over_20ms"] = [(round(t, 2), round(late, 1)) for t, late in stalls if late > 20]
        out["rss_mib"] = round(rss_mib())
        out["libraries_alive"] = libraries_alive()  # 1: the old one was given back
        out["loadavg"] = os.getloadavg()
        app.exit(0)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("data", type=Path)
    parser.add_argument("--rounds", type=int, default=1)
    parser.add_argument("--damaged", action="store_true")
    args = parser.parse_args()
    for _ in range(args.rounds):
        print(json.dumps(asyncio.run(one_round(args.data, args.damaged))), flush=True)


if __name__ == "__main__":
    main()
