"""Load: N browser tabs on one ``papertui serve`` at once (default 10, bundled data).

Starts ``papertui serve`` on a free loopback port, opens N tabs in one headless Chromium
(the system's, through Playwright) all at the same moment, and reports per tab the first
paint (ms from navigation until "Showing" is on the tab's xterm screen), then the resident
memory of the server and of every session process (from /proc, PSS where the kernel gives
it, since sessions share the interpreter's pages), and the sum. Not a timed test: a figure
for the README and the issue.

    python benchmarks/serve_load.py [--tabs 10] [--data DIR]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from tests.e2e.browser import Tab, browser, why_no_browser  # noqa: E402
from tests.e2e.serving import BUNDLED, memory_kib, serve  # noqa: E402


def screen_of(tab: Tab) -> str:
    try:
        return tab.screen()
    except Exception:  # the page is still loading (its context is being replaced)
        return ""


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tabs", type=int, default=10)
    parser.add_argument("--data", type=Path, default=BUNDLED)
    args = parser.parse_args()
    reason = why_no_browser()
    if reason:
        print(f"serve_load: {reason}", file=sys.stderr)
        return 2
    with (
        tempfile.TemporaryDirectory() as profile,
        serve(args.data) as served,
        browser(Path(profile)) as context,
    ):
        pages = [context.new_page() for _ in range(args.tabs)]
        start = time.monotonic()
        for page in pages:  # each waits only for the response to start, not for the app
            page.goto(served.url + "/", wait_until="commit")
        tabs = [Tab(page) for page in pages]
        painted: dict[int, float] = {}
        deadline = start + 120
        while len(painted) < len(tabs) and time.monotonic() < deadline:
            for index, tab in enumerate(tabs):
                if index not in painted and "Showing" in screen_of(tab):
                    painted[index] = (time.monotonic() - start) * 1000
            threading.Event().wait(0.02)
        time.sleep(2)  # let every session settle (lazy indexes built after first paint)
        sessions = served.sessions()
        server = memory_kib(served.proc.pid)
        per_session = [memory_kib(pid) for pid in sessions]

    print(f"papertui serve, {args.tabs} tabs opened at once, data: {args.data}")
    print(f"{'tab':>4}  first paint")
    for index in range(len(tabs)):
        shown = f"{painted[index]:8.0f} ms" if index in painted else "   (none in 120 s)"
        print(f"{index + 1:>4}  {shown}")
    if painted:
        values = sorted(painted.values())
        print(
            f"first paint: median {statistics.median(values):.0f} ms, "
            f"min {values[0]:.0f} ms, max {values[-1]:.0f} ms"
        )
    rss = sum(r for r, _ in per_session)
    pss = sum(p for _, p in per_session)
    print(f"session processes: {len(sessions)}")
    print(
        f"per session: RSS median {statistics.median(r for r, _ in per_session) / 1024:.0f} MiB"
        if per_session
        else "per session: none"
    )
    print(f"server: RSS {server[0] / 1024:.0f} MiB")
    print(
        f"total (server + sessions): RSS {(rss + server[0]) / 1024:.0f} MiB, "
        f"PSS {(pss + server[1]) / 1024:.0f} MiB (browser not counted)"
    )
    return 0 if len(painted) == len(tabs) else 1


if __name__ == "__main__":
    sys.exit(main())
