"""UI latency on a data folder: launch to first interactive screen, and key to updated screen.

Usage: .venv/bin/python benchmarks/ui_latency.py [--data DIR] [--runs 20]

Headless (``App.run_test``, 120x40): everything Textual does except the final write to a
terminal. "Launch" is measured from interpreter start of this script (imports included)
to the first screen with results on it, plus whole-process runs in fresh interpreters.
A keystroke is timed from sending the key to the screen having applied the new search
(or cursor move) and finished a refresh. The detail panel follows 50 ms after the last
cursor key and 150 ms after the last search result (debounced), so its cost is timed
separately, as a jump (detail, lineage lists and
breadcrumb re-rendered at once). "cpu" is process CPU time (all threads) in the same
window: the work done, which is what matters on a loaded machine.
"""

from __future__ import annotations

import time

T_START = time.perf_counter()

import argparse  # noqa: E402
import asyncio  # noqa: E402
import contextlib  # noqa: E402
import os  # noqa: E402
import statistics  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402
from pathlib import Path  # noqa: E402

QUERY = "attention is all you"  # 20 keystrokes


def fmt(samples: list[float]) -> str:
    ms = [s * 1000 for s in samples]
    return f"median {statistics.median(ms):6.1f} ms  worst {max(ms):6.1f} ms  (n={len(ms)})"


async def measure(data: Path, runs: int) -> dict[str, object]:
    from textual.worker import WorkerCancelled

    import papertui.tui.screens.main as main_screen
    from papertui.tui.app import PaperTUI

    # Hold the debounced detail back while a key is timed (a loaded machine can take
    # longer than the real 50 ms debounce to finish one key); it is timed on its own below.
    debounce = main_screen.DETAIL_DEBOUNCE
    main_screen.DETAIL_DEBOUNCE = main_screen.TYPING_DEBOUNCE = 0.4
    app = PaperTUI(data)
    out: dict[str, object] = {}
    async with app.run_test(size=(120, 40)) as pilot:
        screen = app.main_screen
        while screen.results is None:
            await asyncio.sleep(0.001)
        await pilot.pause()
        out["launch_in_process"] = time.perf_counter() - T_START
        out["papers"] = len(screen.library or ())

        async def applied(value: str) -> None:
            while screen.results is None or screen.results.view.query != value:
                await asyncio.sleep(0.0005)
            await pilot.pause()

        await pilot.press("slash")
        typing: list[float] = []
        typing_cpu: list[float] = []
        for ch in QUERY[:runs]:
            value = screen.view.query + ch
            t0, c0 = time.perf_counter(), time.process_time()
            await pilot.press(ch)
            await applied(value)
            typing.append(time.perf_counter() - t0)
            typing_cpu.append(time.process_time() - c0)
            await pilot.pause(0.5)  # untimed: a typing pause lets the debounced detail run
        out["type"] = typing
        out["type_cpu"] = typing_cpu
        with contextlib.suppress(WorkerCancelled):
            await app.workers.wait_for_complete()
        await pilot.pause(0.2)

        # Clear the search, then move the cursor: list + detail panel, no debounce.
        screen.query_one("#search").value = ""  # type: ignore[attr-defined]
        await applied("")
        screen.query_one("#results").focus()
        await pilot.pause()
        moves: list[float] = []
        moves_cpu: list[float] = []
        for _ in range(runs):
            before = screen.current
            t0, c0 = time.perf_counter(), time.process_time()
            await pilot.press("j")
            while screen.current == before:
                await asyncio.sleep(0.0005)
            await pilot.pause()
            moves.append(time.perf_counter() - t0)
            moves_cpu.append(time.process_time() - c0)
            await pilot.pause(0.5)  # untimed: the debounced detail update (timed below)
        out["cursor"] = moves
        out["cursor_cpu"] = moves_cpu

        main_screen.DETAIL_DEBOUNCE = debounce
        screen.query_one("#detail").focus()  # jumps are links followed in the detail panel
        await pilot.pause(0.3)
        # Lineage jump + back: the detail panel and breadcrumb re-render.
        jumps: list[float] = []
        jumps_cpu: list[float] = []
        library = screen.library
        assert library is not None
        linked = [p.id for p in library if library.builds_on(p.id)][:runs]
        for paper_id in linked:
            t0, c0 = time.perf_counter(), time.process_time()
            screen.jump_to(paper_id)
            await pilot.pause()
            jumps.append(time.perf_counter() - t0)
            jumps_cpu.append(time.process_time() - c0)
        out["jump"] = jumps
        out["jump_cpu"] = jumps_cpu
    return out


async def direct(data: Path, runs: int) -> dict[str, list[float]]:
    """Key to painted screen without the test pilot's own waiting.

    ``pilot.press`` and ``pilot.pause`` post a callback to every widget and wait for
    each, so their CPU grows with the widget count (about 6 ms a key here): not work a
    real terminal session does. This sends each key the way the terminal driver does
    (a ``Key`` event to the app), records every frame the app paints, and stops the
    clock at the first frame after which nothing is pending (no layout, repaint or
    message) for 30 ms: all the work the key caused, including second layout passes.
    """
    from textual import events
    from textual.keys import _character_to_key

    import papertui.tui.screens.main as main_screen
    from papertui.tui.app import PaperTUI

    main_screen.DETAIL_DEBOUNCE = main_screen.TYPING_DEBOUNCE = 0.4
    app = PaperTUI(data)
    out: dict[str, list[float]] = {}
    async with app.run_test(size=(120, 40)) as pilot:
        screen = app.main_screen
        while screen.results is None:
            await asyncio.sleep(0.001)
        await pilot.pause(0.5)
        painted: list[tuple[float, float]] = []  # (wall, cpu) at the end of each frame
        display = app._display

        def recording_display(target: object, update: object) -> None:
            display(target, update)  # type: ignore[arg-type]
            painted.append((time.perf_counter(), time.process_time()))

        app._display = recording_display  # type: ignore[method-assign]

        def send(key: str) -> None:
            name = _character_to_key(key) if len(key) == 1 and not key.isalnum() else key
            event = events.Key(name, key if len(key) == 1 else None)
            event.set_sender(app)
            app._driver.send_message(event)  # type: ignore[union-attr]

        async def settled(t0: float, c0: float) -> tuple[float, float]:
            """Wall and CPU from (t0, c0) to the last frame before a 30 ms quiet spell."""
            while True:
                count = len(painted)
                await asyncio.sleep(0.03)
                if len(painted) == count and painted and painted[-1][0] > t0:
                    return painted[-1][0] - t0, painted[-1][1] - c0

        await pilot.press("slash")
        await pilot.pause(0.5)
        for label, keys in (("type", list(QUERY[:runs])), ("cursor", ["j"] * runs)):
            if label == "cursor":
                screen.query_one("#search").value = ""  # type: ignore[attr-defined]
                screen.query_one("#results").focus()
                await pilot.pause(0.6)
            wall: list[float] = []
            cpu: list[float] = []
            for key in keys:
                t0, c0 = time.perf_counter(), time.process_time()
                send(key)
                w, c = await settled(t0, c0)
                wall.append(w)
                cpu.append(c)
                await asyncio.sleep(0.5)  # untimed: the debounced detail runs here
            out[label] = wall
            out[label + "_cpu"] = cpu
        main_screen.DETAIL_DEBOUNCE = 0.05
        library = screen.library
        assert library is not None
        screen.query_one("#detail").focus()  # jumps are links followed in the detail panel
        await pilot.pause(0.3)
        wall, cpu = [], []
        for paper_id in [p.id for p in library if library.builds_on(p.id)][:runs]:
            t0, c0 = time.perf_counter(), time.process_time()
            screen.jump_to(paper_id)
            w, c = await settled(t0, c0)
            wall.append(w)
            cpu.append(c)
        out["jump"], out["jump_cpu"] = wall, cpu
    return out


async def floor(runs: int) -> tuple[list[float], list[float]]:
    """The same key -> refresh measurement on a bare Textual app with one Input."""
    from textual.app import App, ComposeResult
    from textual.widgets import Input

    class Bare(App[None]):
        def compose(self) -> ComposeResult:
            yield Input()

    app = Bare()
    wall: list[float] = []
    cpu: list[float] = []
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        for ch in QUERY[:runs]:
            t0, c0 = time.perf_counter(), time.process_time()
            await pilot.press(ch)
            await pilot.pause()
            wall.append(time.perf_counter() - t0)
            cpu.append(time.process_time() - c0)
    return wall, cpu


def whole_process(data: Path, runs: int) -> list[float]:
    code = (
        "import time,asyncio;t=time.perf_counter()\n"
        "from pathlib import Path\n"
        "from papertui.tui.app import PaperTUI\n"
        f"app=PaperTUI(Path({str(data)!r}))\n"
        "async def main():\n"
        "    async with app.run_test(size=(120,40)) as pilot:\n"
        "        while app.main_screen.results is None: await asyncio.sleep(0.001)\n"
        "        await pilot.pause()\n"
        "        print(time.perf_counter()-t)\n"
        "asyncio.run(main())\n"
    )
    samples = []
    for _ in range(runs):
        t0 = time.perf_counter()
        subprocess.run([sys.executable, "-c", code], check=True, capture_output=True)
        samples.append(time.perf_counter() - t0)
    return samples


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    default = Path(__file__).resolve().parent.parent / "data"
    parser.add_argument("--data", type=Path, default=default)
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--process-runs", type=int, default=5)
    args = parser.parse_args()
    load_before = os.getloadavg()
    result = asyncio.run(measure(args.data, args.runs))
    print(f"data: {args.data} ({result['papers']} papers), headless 120x40")
    print("load average (1, 5, 15 min) before: {:.2f} {:.2f} {:.2f}".format(*load_before))
    launch = float(result["launch_in_process"])  # type: ignore[arg-type]
    print(f"launch -> first screen (in process, imports included): {launch * 1000:.0f} ms")
    procs = whole_process(args.data, args.process_runs)
    print(f"launch -> first screen, whole process incl. exit:      {fmt(procs)}")
    rows = [
        ("keystroke in search -> results applied + refresh", "type"),
        ("cursor j -> list updated + refresh (detail later)", "cursor"),
        ("jump -> detail + lineage + breadcrumb + refresh", "jump"),
    ]
    bare_wall, bare_cpu = asyncio.run(floor(args.runs))
    print(f"{'floor: bare Textual app, one Input, key + refresh':50} wall {fmt(bare_wall)}")
    print(f"{'':50} cpu  {fmt(bare_cpu)}")
    for label, key in rows:
        print(f"{label:50} wall {fmt(result[key])}")  # type: ignore[arg-type]
        print(f"{'':50} cpu  {fmt(result[key + '_cpu'])}")  # type: ignore[arg-type]
    print("without the test pilot (keys sent as the terminal driver does, to the last frame):")
    plain = asyncio.run(direct(args.data, args.runs))
    for label, key in rows:
        print(f"{label:50} wall {fmt(plain[key])}")
        print(f"{'':50} cpu  {fmt(plain[key + '_cpu'])}")
    print("load average (1, 5, 15 min) after:  {:.2f} {:.2f} {:.2f}".format(*os.getloadavg()))


if __name__ == "__main__":
    main()
