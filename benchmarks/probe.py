"""Child processes for ``benchmarks/run.py`` (one measurement per process; not for users).

usage:
  python benchmarks/probe.py floor OUT.json             bare Textual app, exits on first paint
  python benchmarks/probe.py start DATA|- OUT.json       papertui, exits once the first results
                                                         are on screen ("-" = bundled data)
  python benchmarks/probe.py keys DATA OUT.json Q1 Q2..  headless: types each query one key at
                                                         a time, times key -> updated screen
  python benchmarks/probe.py keys-floor OUT.json Q1 ..   the same typing into a bare Input app

``start`` and ``floor`` are meant to run under a pseudo-terminal (run.py does that), so the
real terminal driver renders to a real tty. Each probe writes one JSON object to OUT.json,
including VmHWM (peak) and VmRSS (settled) from /proc/self/status.
"""

from __future__ import annotations

import time

T0 = time.perf_counter()

import json  # noqa: E402
import sys  # noqa: E402
from pathlib import Path  # noqa: E402
from typing import Any  # noqa: E402


def memory() -> dict[str, float]:
    """Peak and current resident set size in MiB."""
    out: dict[str, float] = {}
    with open("/proc/self/status", encoding="ascii") as fh:
        for line in fh:
            key, _, value = line.partition(":")
            if key in ("VmHWM", "VmRSS"):
                out[key] = int(value.split()[0]) / 1024
    return out


def write(path: str, data: dict[str, Any]) -> None:
    Path(path).write_text(json.dumps(data), encoding="utf-8")


def floor(out: str) -> None:
    from textual.app import App, ComposeResult
    from textual.widgets import Static

    class Floor(App[int]):
        def compose(self) -> ComposeResult:
            yield Static("floor")

        def on_mount(self) -> None:
            self.call_after_refresh(self.done)

        def done(self) -> None:
            write(out, {"first_paint_ms": (time.perf_counter() - T0) * 1000, **memory()})
            self.exit(0)

    Floor().run()


def data_dir(arg: str) -> Path:
    if arg == "-":
        from papertui.library.paths import bundled_data_dir

        return bundled_data_dir()
    return Path(arg)


def start(arg: str, out: str) -> None:
    from papertui.tui import app as app_module
    from papertui.tui.app import PaperTUI

    class Probe(PaperTUI):
        CSS_PATH = str(Path(app_module.__file__).with_name(str(PaperTUI.CSS_PATH)))

        def on_mount(self) -> None:  # PaperTUI.on_mount (the load) runs as well
            self._probe = self.set_interval(0.002, self.check)

        def check(self) -> None:
            if self.main_screen.results is not None:
                self._probe.stop()
                self.call_after_refresh(self.done)

        def done(self) -> None:
            papers = len(self.main_screen.library or ())
            ms = (time.perf_counter() - T0) * 1000
            write(out, {"first_screen_ms": ms, "papers": papers, **memory()})
            self.exit(0)

    Probe(data_dir(arg)).run()


KEY_NAMES = {" ": "space", ":": "colon", '"': "quotation_mark", ".": "full_stop", "-": "minus"}


def send_key(app: Any, ch: str) -> None:
    """Deliver one key the way the terminal driver does (no pilot idle-waiting)."""
    from textual import events

    event = events.Key(KEY_NAMES.get(ch, ch), ch)
    event.set_sender(app)
    app._driver.send_message(event)


async def settle(pilot: Any) -> None:
    """Process pending messages and force the screen refresh a timer would do."""
    for _ in range(2):
        await pilot._wait_for_screen()
        pilot.app.screen._on_timer_update()


async def keys(arg: str, out: str, queries: list[str]) -> None:
    import asyncio
    import gc
    import statistics

    from papertui.search.engine import Engine, View
    from papertui.tui.app import PaperTUI
    from papertui.tui.widgets import SearchBar

    app = PaperTUI(data_dir(arg))
    result: dict[str, Any] = {"queries": queries}
    async with app.run_test(size=(120, 40)) as pilot:
        screen = app.main_screen
        while screen.results is None:
            await asyncio.sleep(0.002)
        await settle(pilot)
        result["loaded_ms"] = (time.perf_counter() - T0) * 1000
        result["papers"] = len(screen.library or ())
        search = screen.query_one(SearchBar)
        search.focus()
        await settle(pilot)

        full_gcs: list[float] = []
        gc_start = [0.0]

        def on_gc(phase: str, info: dict[str, int]) -> None:
            if info.get("generation") == 2:
                if phase == "start":
                    gc_start[0] = time.perf_counter()
                else:
                    full_gcs.append((time.perf_counter() - gc_start[0]) * 1000)

        stalls: list[float] = []
        running = True

        async def monitor() -> None:  # how late does a 5 ms sleep wake up? = UI stall
            while running:
                t = time.perf_counter()
                await asyncio.sleep(0.005)
                stalls.append((time.perf_counter() - t - 0.005) * 1000)

        gc.callbacks.append(on_gc)
        watcher = asyncio.create_task(monitor())
        latencies: dict[str, list[float]] = {}
        for query in queries:
            times = latencies.setdefault(query, [])
            for k, ch in enumerate(query, 1):
                t = time.perf_counter()
                send_key(app, ch)
                while screen.results is None or screen.results.view.query != query[:k]:
                    await asyncio.sleep(0.0005)
                await settle(pilot)
                times.append((time.perf_counter() - t) * 1000)
            search.value = ""
            while screen.results is None or screen.results.view.query != "":
                await asyncio.sleep(0.001)
            await settle(pilot)
        running = False
        await watcher
        gc.callbacks.remove(on_gc)
        result["latencies"] = latencies
        result["max_stall_ms"] = max(stalls) if stalls else 0.0
        result["full_gcs"] = full_gcs
        await asyncio.sleep(0.3)
        result.update(memory())

        # compute per complete query, on a fresh engine (no query cache, no narrowing) whose
        # lazy arrays are built beforehand, as the app's engine has them after its warm-up
        engine = screen.engine
        assert engine is not None and screen.library is not None
        compute: dict[str, float] = {}
        hits: dict[str, int] = {}
        for query in queries:
            samples = []
            for _ in range(3):
                fresh = Engine.from_index(screen.library, engine.index, engine.words)
                warm = getattr(fresh, "warm", None)
                if warm is not None:
                    warm()
                t = time.perf_counter()
                found = fresh.run(View(query=query))
                samples.append((time.perf_counter() - t) * 1000)
            compute[query] = statistics.median(samples)
            hits[query] = len(found.ids)
        result["compute_ms"] = compute
        result["hits"] = hits
    write(out, result)


async def keys_floor(out: str, queries: list[str]) -> None:
    """The same typing through a bare Textual app with one Input: the harness floor."""
    import asyncio

    from textual.app import App, ComposeResult
    from textual.widgets import Input

    class Floor(App[int]):
        def compose(self) -> ComposeResult:
            yield Input()

    app = Floor()
    latencies: list[float] = []
    async with app.run_test(size=(120, 40)) as pilot:
        box = app.query_one(Input)
        box.focus()
        await settle(pilot)
        for query in queries:
            for k, ch in enumerate(query, 1):
                t = time.perf_counter()
                send_key(app, ch)
                while box.value != query[:k]:
                    await asyncio.sleep(0.0005)
                await settle(pilot)
                latencies.append((time.perf_counter() - t) * 1000)
            box.value = ""
            await settle(pilot)
    write(out, {"latencies": latencies})


def main(argv: list[str]) -> int:
    mode = argv[0]
    if mode == "floor":
        floor(argv[1])
    elif mode == "start":
        start(argv[1], argv[2])
    elif mode == "keys-floor":
        import asyncio

        asyncio.run(keys_floor(argv[1], argv[2:]))
    elif mode == "keys":
        import asyncio

        asyncio.run(keys(argv[1], argv[2], argv[3:]))
    else:
        print(__doc__, file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
