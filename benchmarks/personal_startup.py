"""What the reading state costs at start-up, with 0 and with N starred/read papers.

    python benchmarks/personal_startup.py [N] [--runs R]     (default 10,000 and 5)

Generates an N-paper corpus (``gen_corpus.py``), then a state database whose N rows are
those papers (every one read or reading, a third starred, a tenth with a note), and prints:

1. **On the worker** (fresh interpreters): importing the state module (``sqlite3``,
   ``platformdirs``), opening and reading the state without the check, and ``PRAGMA
   quick_check`` alone, as the app's worker does them (:meth:`PersonalMixin._open_state`).
2. **In the app** (``App.run_test`` at 120x40 in a fresh interpreter per run, the empty
   and the full state alternating): *time to first results* (interpreter start to the
   screen holding its first results, painted in the next frame) for 0 and N rows, and
   its delta; *UI-thread CPU*: the CPU time (``time.thread_time``) of the state's own
   handlers on the event loop
   (``on_state_opened``, ``on_state_located``, the sidebar counts, the badges drawn), and
   their wall time, which adds waits for the GIL held by other threads (the engine's
   warming, the state's workers); and *longest loop stall*: the worst lateness of a 1 ms
   ticker on the event loop from the first results until the state is open, located and
   checked (the engine's index warming runs in that window too, for both).

The issue's budget: the state costs the start-up at most 10 ms at 10k rows. Not a timed
test: timings vary by machine; print ``/proc/loadavg`` beside them.
"""

from __future__ import annotations

import time

T_START = time.perf_counter()

import argparse  # noqa: E402
import asyncio  # noqa: E402
import json  # noqa: E402
import os  # noqa: E402
import sqlite3  # noqa: E402
import statistics  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402
import tempfile  # noqa: E402
from pathlib import Path  # noqa: E402

HERE = Path(__file__).resolve().parent

WORKER = """
import time
from pathlib import Path
t = time.perf_counter()
from papertui.personal.state import PersonalState
t0 = time.perf_counter()
state = PersonalState(Path({path!r}), check=False)
n = len(state.codes)
t1 = time.perf_counter()
reason = state.check()
t2 = time.perf_counter()
print((t1 - t0) * 1000, (t2 - t1) * 1000, n, repr(reason), (t0 - t) * 1000)
"""


def fill(path: Path, ids: list[str]) -> None:
    from papertui.personal.state import PersonalState

    PersonalState(path).close()
    db = sqlite3.connect(path)
    with db:
        db.executemany(
            "INSERT INTO papers (id, status, starred, note, updated) VALUES (?, ?, ?, ?, 0)",
            (
                (pid, "read" if i % 2 else "reading", i % 3 == 0, "a note" if i % 10 == 0 else "")
                for i, pid in enumerate(ids)
            ),
        )
    db.close()


async def in_app(data: Path) -> dict[str, float]:
    """One headless run (the child process): the figures of one start-up."""
    import papertui.tui.screens.personal as personal
    from papertui.tui.app import PaperTUI

    ui = [0.0]  # CPU time of the UI thread in the state's code (time.thread_time)
    wall = [0.0]  # the same calls' wall time (with other threads holding the GIL)
    depth = [0]
    parts: dict[str, float] = {}

    def timed(name: str) -> None:
        original = getattr(personal.PersonalMixin, name)

        def wrapper(self: object, *args: object) -> object:
            t, cpu = time.perf_counter(), time.thread_time()
            depth[0] += 1
            try:
                return original(self, *args)
            finally:
                depth[0] -= 1
                spent = time.thread_time() - cpu
                parts[name] = parts.get(name, 0.0) + spent
                if not depth[0]:  # the outermost call only: nested ones are inside it
                    ui[0] += spent
                    wall[0] += time.perf_counter() - t

        setattr(personal.PersonalMixin, name, wrapper)

    names = ("on_state_opened", "on_state_damaged", "on_state_located", "_changed")
    names += ("update_personal_counts", "badge", "personal_loaded", "_other_session")
    for name in names:
        timed(name)
    app = PaperTUI(data)
    out: dict[str, float] = {}
    async with app.run_test(size=(120, 40)) as pilot:
        screen = app.main_screen
        while screen.results is None:
            await asyncio.sleep(0.001)
        # the results are in; the frame that shows them comes before the state starts
        # (call_after_refresh), so a pause here would time the state's work too
        out["first_results"] = time.perf_counter() - T_START
        await pilot.pause()
        stall = [0.0]
        done = [False]

        async def ticker() -> None:
            while not done[0]:
                t = time.perf_counter()
                await asyncio.sleep(0.001)
                stall[0] = max(stall[0], time.perf_counter() - t - 0.001)

        task = asyncio.create_task(ticker())
        while screen.personal is None or any(
            w.group.startswith("personal") and not w.is_finished for w in app.workers
        ):
            await asyncio.sleep(0.002)
        await pilot.pause()
        done[0] = True
        await task
        out["stall"] = stall[0]
        out["ui"] = ui[0]
        out["ui_wall"] = wall[0]
        out["rows"] = float(len(screen.personal.codes))
        if os.environ.get("PERSONAL_PARTS"):
            print({k: round(v * 1000, 2) for k, v in parts.items()}, file=sys.stderr)
    return out


def child(data: Path) -> None:
    print(json.dumps(asyncio.run(in_app(data))))


def run_child(data: Path, state_home: Path) -> dict[str, float]:
    env = dict(os.environ, XDG_STATE_HOME=str(state_home), TEXTUAL_ANIMATIONS="none")
    out = subprocess.run(
        [sys.executable, __file__, "--child", str(data)],
        capture_output=True,
        text=True,
        check=True,
        env=env,
    ).stdout
    result: dict[str, float] = json.loads(out.strip().splitlines()[-1])
    return result


def ms(values: list[float]) -> str:
    return f"median {statistics.median(values) * 1000:6.1f} ms, worst {max(values) * 1000:6.1f} ms"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("n", nargs="?", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--child", type=Path)
    args = parser.parse_args()
    if args.child is not None:
        child(args.child)
        return
    n = args.n
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        data = root / "data"
        subprocess.run(
            [sys.executable, str(HERE / "gen_corpus.py"), str(n), str(data)],
            check=True,
            capture_output=True,
        )
        from papertui.store.load import load_cached

        os.environ["XDG_CACHE_HOME"] = str(root / "cache")  # the children share the cache
        ids = [p.id for p in load_cached(data).library.papers.values()][:n]
        empty, full = root / "empty", root / "full"
        for home in (empty, full):
            (home / "papertui").mkdir(parents=True)
        fill(full / "papertui" / "state.sqlite3", ids)

        imported, opened, checked = [], [], []
        for _ in range(15):
            line = subprocess.run(
                [sys.executable, "-c", WORKER.format(path=str(full / "papertui/state.sqlite3"))],
                capture_output=True,
                text=True,
                check=True,
            ).stdout.split()
            assert int(line[2]) == len(ids) and line[3] == "''"
            opened.append(float(line[0]) / 1000)
            imported.append(float(line[4]) / 1000)
            checked.append(float(line[1]) / 1000)
        print(f"state of {len(ids):,} papers, on the worker thread (fresh interpreter):")
        print(f"  import (sqlite3 etc.)   {ms(imported)}")
        print(f"  open + read (no check)  {ms(opened)}")
        print(f"  quick_check afterwards  {ms(checked)}")

        run_child(data, empty)  # warm the load cache and the OS caches
        runs: dict[str, list[dict[str, float]]] = {"0": [], "n": []}
        for _ in range(args.runs):
            runs["0"].append(run_child(data, empty))
            runs["n"].append(run_child(data, full))
        assert all(r["rows"] == 0 for r in runs["0"]) and all(r["rows"] for r in runs["n"])
        print(f"in the app, {n:,} papers, 120x40 headless, {args.runs} runs each:")
        for key in ("first_results", "ui", "ui_wall", "stall"):
            name = {
                "first_results": "time to first results",
                "ui": "UI-thread CPU in the state",
                "ui_wall": "  the same, wall clock",
                "stall": "longest event-loop stall",
            }[key]
            zero = [r[key] for r in runs["0"]]
            many = [r[key] for r in runs["n"]]
            print(f"  {name:29}   0 rows: {ms(zero)}")
            print(f"  {'':29} {len(ids) // 1000}k rows: {ms(many)}")
            if key == "first_results":
                delta = statistics.median(many) - statistics.median(zero)
                print(f"  {'':29}    delta: {delta * 1000:+6.1f} ms (budget 10 ms)")


if __name__ == "__main__":
    main()
