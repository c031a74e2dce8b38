"""Child process for ``benchmarks/run.py``: the lineage screen at scale (issue 12).

usage:
  python benchmarks/probe_lineage.py DATA OUT.json [--runs N] [--query Q]

Runs papertui headless (``run_test``, 120x40) on DATA, jumps to the most connected paper
(the most "built upon by" edges, the worst case for descendants) and, ``--runs`` times:
sends ``l`` as the terminal driver does and times the key -> the lineage screen on screen
(descendants, depth 3: the tree laid out and the screen refreshed), then ``+`` and ``-``
(each key -> the tree at the new depth refreshed), then Esc; and, as a floor, a bare screen
(one ``Static``) pushed and refreshed the same way. Then, in the main list, types
``--query`` (default ``desc:transformer:2``: every key until the ``:2`` re-resolves the
reference and walks all its descendants) one key at a time, ``--runs`` times: key -> the
search result for that text applied and the screen refreshed (as ``probe.py keys``).
Everything starts after the engine's warm-up (its thread would count in the CPU time).
Each figure is wall-clock ms,
with the process CPU time beside it (less sensitive to other work on a shared machine).
Writes one JSON object to OUT.json.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import time
from pathlib import Path
from typing import Any

from probe import send_key as send_char
from probe import settle

KEYS = {"l": ("l", "l"), "+": ("plus", "+"), "-": ("minus", "-"), "escape": ("escape", "\x1b")}
QUERY = "desc:transformer:2"


def send_key(app: Any, key: str) -> None:
    """Deliver one key the way the terminal driver does (no pilot idle-waiting)."""
    from textual import events

    name, char = KEYS[key]
    event = events.Key(name, char)
    event.set_sender(app)
    app._driver.send_message(event)


def most_connected(library: Any) -> str:
    """The paper with the most direct descendants (the first one of a tie)."""
    edges = library.built_upon_by
    table = getattr(edges, "position_table", None)
    if table is None:
        return str(max(edges, key=lambda pid: len(edges[pid])))
    keys, starts, _flat, _order = table()  # the load cache's arrays: no lookup per paper
    counts = [starts[k + 1] - starts[k] for k in range(len(keys))]
    return str(library.papers.ids[keys[counts.index(max(counts))]])


async def measure(data: Path, runs: int, query: str = QUERY) -> dict[str, Any]:
    from papertui.tui.app import PaperTUI
    from papertui.tui.screens.lineage import LineageScreen
    from papertui.tui.widgets import ResultList, SearchBar

    app = PaperTUI(data)
    from textual.screen import Screen
    from textual.widgets import Static

    class Floor(Screen[None]):
        def compose(self) -> Any:
            yield Static("floor")

    found: dict[str, Any] = {k: [] for k in ("open", "depth", "floor", "keys")}
    found.update({f"{k}_cpu": [] for k in ("open", "depth", "floor", "keys")})
    async with app.run_test(size=(120, 40)) as pilot:
        screen = app.main_screen
        while screen.results is None:
            await asyncio.sleep(0.002)
        await settle(pilot)
        library = screen.library
        assert library is not None
        while not screen.searches._warm:  # the engine's warm-up thread: not counted
            await asyncio.sleep(0.01)
        hub = most_connected(library)
        found.update(hub=hub, papers=len(library), direct=len(library.built_upon_by[hub]))
        screen.lineage_state.direction = "down"
        screen.jump_to(hub)
        screen.set_focus(screen.query_one(ResultList))
        await settle(pilot)
        await asyncio.sleep(0.3)  # the detail's typing pause and the counts
        await settle(pilot)

        async def timed(key: str, done: Any, wall: str, cpu: str) -> None:
            t, c = time.perf_counter(), time.process_time()
            send_key(app, key)
            while not done():
                await asyncio.sleep(0.0005)
            await settle(pilot)
            found[wall].append((time.perf_counter() - t) * 1000)
            found[cpu].append((time.process_time() - c) * 1000)

        for _ in range(runs):
            t, c = time.perf_counter(), time.process_time()
            floor = Floor()
            app.push_screen(floor)
            while app.screen is not floor or not floor.is_mounted:
                await asyncio.sleep(0.0005)
            await settle(pilot)
            found["floor"].append((time.perf_counter() - t) * 1000)
            found["floor_cpu"].append((time.process_time() - c) * 1000)
            app.pop_screen()
            await settle(pilot)

            screen.lineage_state.depth = 3

            def opened() -> bool:
                top = app.screen
                return isinstance(top, LineageScreen) and top.lineage is not None

            await timed("l", opened, "open", "open_cpu")
            lineage_screen = app.screen
            assert isinstance(lineage_screen, LineageScreen) and lineage_screen.lineage
            found["rows"] = len(lineage_screen.lineage.rows)
            for key, want in (("+", 4), ("-", 3)):

                def changed(want: int = want, shown: LineageScreen = lineage_screen) -> bool:
                    tree = shown.lineage
                    return tree is not None and tree.depth == want

                await timed(key, changed, "depth", "depth_cpu")
            send_key(app, "escape")
            while app.screen is lineage_screen:
                await asyncio.sleep(0.001)
            await settle(pilot)

        search = screen.query_one(SearchBar)
        screen.set_focus(search)
        await settle(pilot)
        found["query"] = query
        for _ in range(runs):
            for k, ch in enumerate(query, 1):
                t, c = time.perf_counter(), time.process_time()
                send_char(app, ch)
                while screen.results is None or screen.results.view.query != query[:k]:
                    await asyncio.sleep(0.0005)
                await settle(pilot)
                found["keys"].append((time.perf_counter() - t) * 1000)
                found["keys_cpu"].append((time.process_time() - c) * 1000)
            found["hits"] = len(screen.results.ids)
            search.value = ""
            while screen.results is None or screen.results.view.query != "":
                await asyncio.sleep(0.001)
            await settle(pilot)
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("data", type=Path)
    parser.add_argument("out", type=Path)
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--query", default=QUERY)
    args = parser.parse_args()
    result = asyncio.run(measure(args.data, args.runs, args.query))
    args.out.write_text(json.dumps(result), encoding="utf-8")


if __name__ == "__main__":
    main()
