"""The lineage rows of ``benchmarks/run.py`` (issue 12): one ``probe_lineage.py`` process per
size and repeat, which opens the lineage screen of the most connected paper, changes its
depth, and types a ``desc:`` query into the main list (see that file)."""

from __future__ import annotations

import json
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

PROBE = Path(__file__).resolve().parent / "probe_lineage.py"
RUNS = 10  # screen opens (and twice as many depth changes) per repeat; as many queries typed

KEYS = (
    "open",
    "open_p95",
    "open_cpu",
    "depth",
    "depth_p95",
    "depth_cpu",
    "floor",
    "desc",
    "desc_p95",
    "desc_cpu",
)


def measure(bench: Any, folder: Path, row: dict[str, Any], percentile: Any) -> None:
    """Run the probe once and append this repeat's figures to ``row['lineage']``."""
    bench.log(f"[{folder.name}] lineage ...")
    out = bench.work / "l.json"
    subprocess.run(
        [bench.python, str(PROBE), str(folder), str(out), "--runs", str(RUNS)],
        env=bench.env,
        check=True,
        timeout=1800,
    )
    got = json.loads(out.read_text())
    figures: dict[str, list[float]] = row.setdefault("lineage", {k: [] for k in KEYS})
    query = got["query"]
    first = query.index(":") + 1  # the keys typed after "desc:" (before, it is free text)
    for key in ("keys", "keys_cpu"):
        got[key] = [t for i, t in enumerate(got[key]) if i % len(query) >= first]
    for name, key in (("open", "open"), ("depth", "depth"), ("desc", "keys")):
        figures[name].append(percentile(got[key], 0.5))
        figures[f"{name}_p95"].append(percentile(got[key], 0.95))
        figures[f"{name}_cpu"].append(percentile(got[f"{key}_cpu"], 0.5))
    figures["floor"].append(percentile(got["floor"], 0.5))
    row["lineage_about"] = (
        f"{got['hub']}: {got['direct']} direct descendants, {got['rows']} rows at depth 3;"
        f" query {got['query']!r}"
    )


def metrics(
    spread: Callable[[list[float], str], str],
) -> list[tuple[str, Callable[[dict[str, Any]], str]]]:
    """The table rows: (label, cell of a size's row)."""

    def cell(key: str) -> Callable[[dict[str, Any]], str]:
        return lambda row: spread(row["lineage"][key], "{:.1f}") if "lineage" in row else "-"

    return [
        ("lineage screen open (l), most connected paper, p50 (ms)", cell("open")),
        ("lineage screen open p95 (ms)", cell("open_p95")),
        ("lineage screen open, CPU p50 (ms)", cell("open_cpu")),
        ("lineage depth change (+/-) p50 (ms)", cell("depth")),
        ("lineage depth change p95 (ms)", cell("depth_p95")),
        ("lineage depth change, CPU p50 (ms)", cell("depth_cpu")),
        ("push a bare one-Static screen = floor, p50 (ms)", cell("floor")),
        ("desc: filter keystroke (keys after desc:) p50 (ms)", cell("desc")),
        ("desc: filter keystroke p95 (ms)", cell("desc_p95")),
        ("desc: filter keystroke, CPU p50 (ms)", cell("desc_cpu")),
    ]


def about(rows: list[dict[str, Any]]) -> str:
    """Which paper and query each size's lineage rows are about."""
    return "\n".join(f"lineage at {r['size']}: {r.get('lineage_about', '-')}" for r in rows)
