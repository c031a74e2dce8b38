"""Importing a large Markdown table (issue 11): parse and merge time per 1,000 rows and the
peak memory, for a generated table of N plain rows (one in 50 hostile: HTML, links, escaped
pipes, a bad date) merged into a new in-memory data folder (nothing is written).

    python benchmarks/import_table.py [N ...]      # default: 10000 100000

Each size runs in a fresh process (so the peak RSS is that size's own); the load average is
printed before and after. No file is written.
"""

from __future__ import annotations

import os
import resource
import subprocess
import sys
import time
from pathlib import Path

ROW = "| Paper number {i} | 2020-01 | https://e.org/{i} |"
HOSTILE = (
    "| <b>Bold</b> claims {i} | 2021-02 | <a href='https://e.org/h'>x</a> |",
    "| Pipes \\| inside {i} | March 2020 | [Paper](https://arxiv.org/abs/2003.01234v2) |",
    "| `code` *stars* {i} | 2019 | [Code](https://github.com/a/b), [Tweet](https://x.com/a) |",
    "| Entities &amp; more {i} | 20222 | |",
)


def _one(n: int) -> None:
    from papertui.importers import markdown_table
    from papertui.importers.folder import DataFolder
    from papertui.importers.merge import merge_all
    from papertui.library.model import Era

    body = "\n".join((HOSTILE[i % 4] if i % 50 == 7 else ROW).format(i=i) for i in range(n))
    doc = f"| Paper | Date | Link |\n|---|---|---|\n{body}\n"
    started = time.perf_counter()
    result = markdown_table.parse(doc)
    parsed = time.perf_counter()
    folder = DataFolder(Path("/nonexistent"), eras=[Era("papers", "Papers", 2000, None)])
    report = merge_all(folder, result.papers, source="user", label="bench.md")
    merged = time.perf_counter()
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    per_k = 1000 / n
    print(
        f"{n:>8,} rows: parse {(parsed - started) * per_k * 1000:6.1f} ms/1k rows, "
        f"merge {(merged - parsed) * per_k * 1000:6.1f} ms/1k rows, "
        f"total {merged - started:6.2f} s, peak RSS {peak:5.0f} MB "
        f"({len(report.new):,} new, {len(report.merged):,} merged)"
    )


def main() -> None:
    if len(sys.argv) > 2 and sys.argv[1] == "--one":
        _one(int(sys.argv[2]))
        return
    sizes = [int(a) for a in sys.argv[1:]] or [10_000, 100_000]
    print("load average before:", " ".join(f"{x:.2f}" for x in os.getloadavg()))
    for n in sizes:
        subprocess.run([sys.executable, __file__, "--one", str(n)], check=True)
    print("load average after: ", " ".join(f"{x:.2f}" for x in os.getloadavg()))


if __name__ == "__main__":
    main()
