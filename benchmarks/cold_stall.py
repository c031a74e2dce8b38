"""Does the UI stall during a cold start? (issue 22 item 3: "the UI never stalls over 50 ms;
progress shown")

usage: python benchmarks/cold_stall.py DATA [--warm]

Headless papertui (``App.run_test``, 120x40) on DATA with an empty, private
``XDG_CACHE_HOME`` (a temporary folder; ``--warm`` keeps the one in the environment: the
first paint from a warm cache). From the app's start to its first results, a 1 ms sleep
on the event loop measures how late it wakes (a stall: the GIL or a long call on the UI
thread held it). Prints one JSON line: seconds to first results, the longest stall and
the five worst with their time, a few status-line texts seen meanwhile (the progress)
and the load average.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import tempfile
import time
from pathlib import Path
from typing import Any


async def one_start(data: Path) -> dict[str, Any]:
    from papertui.tui.app import PaperTUI
    from papertui.tui.widgets import StatusLine

    app = PaperTUI(data)
    stalls: list[tuple[float, float]] = []
    seen: set[str] = set()
    async with app.run_test(size=(120, 40)):
        t0 = time.perf_counter()
        screen = app.main_screen
        while screen.results is None and time.perf_counter() - t0 < 1800:
            t = time.perf_counter()
            await asyncio.sleep(0.001)
            stalls.append((t - t0, (time.perf_counter() - t - 0.001) * 1000))
            for status in screen.query(StatusLine):
                seen.add(str(status.render())[:48])
        first = time.perf_counter() - t0
        app.exit(0)
    worst = sorted(stalls, key=lambda s: -s[1])[:5]
    return {
        "data": str(data),
        "first_results_s": round(first, 2),
        "max_stall_ms": round(worst[0][1], 1) if worst else 0.0,
        "worst": [(round(t, 2), round(ms, 1)) for t, ms in worst],
        "status_seen": sorted(seen)[:4],
        "loadavg": os.getloadavg(),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("data", type=Path)
    parser.add_argument("--warm", action="store_true", help="use the environment's cache")
    args = parser.parse_args()
    if args.warm:
        print(json.dumps(asyncio.run(one_start(args.data))), flush=True)
        return
    with tempfile.TemporaryDirectory(prefix="papertui-cold-") as cache:
        os.environ["XDG_CACHE_HOME"] = cache
        print(json.dumps(asyncio.run(one_start(args.data))), flush=True)


if __name__ == "__main__":
    main()
