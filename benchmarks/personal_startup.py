"""What the reading state costs at start-up: open (quick_check, journal mode, migrations)
and load a state of N starred/read papers, as MainScreen.open_personal does.

    python benchmarks/personal_startup.py [N]      (default 10,000; budget 10 ms)

Runs in a fresh interpreter per sample so ``import sqlite3`` is counted too; prints the
median and worst of the samples. Not a timed test: timings vary by machine. The app does
this on a worker thread after the first paint (``PersonalMixin.open_personal``), so what
start-up itself pays is the hand-over (a repaint of the visible badges), not this figure.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

SAMPLE = """
import time
import papertui.library.paths
t0 = time.perf_counter()
from papertui.personal.state import PersonalState
state = PersonalState(__import__("pathlib").Path({path!r}))
n = len(state.entries)
print((time.perf_counter() - t0) * 1000, n)
"""


def fill(path: Path, n: int) -> None:
    import sqlite3

    from papertui.personal.state import PersonalState

    PersonalState(path).close()
    db = sqlite3.connect(path)
    with db:
        db.executemany(
            "INSERT INTO papers (id, status, starred, note, updated) VALUES (?, ?, ?, ?, 0)",
            ((f"paper-{i:06d}", "read" if i % 2 else "reading", i % 3 == 0, "") for i in range(n)),
        )
    db.close()


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "state.sqlite3"
        fill(path, n)
        times = []
        for _ in range(15):
            out = subprocess.run(
                [sys.executable, "-c", SAMPLE.format(path=str(path))],
                capture_output=True,
                text=True,
                check=True,
            ).stdout.split()
            assert int(out[1]) == n
            times.append(float(out[0]))
    print(
        f"state of {n:,} papers: open + load median {statistics.median(times):.1f} ms, "
        f"worst {max(times):.1f} ms (budget 10 ms)"
    )


if __name__ == "__main__":
    main()
