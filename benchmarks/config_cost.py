"""What the configuration file costs papertui's start-up (issue 21).

Each run is a fresh interpreter that imports the config package and settles the
configuration exactly as ``papertui`` does before it starts the app
(``load_config`` with the command line's flags), once with no config file and once with a
typical one (every setting, a keymap of six keys, a theme file beside it), both in the
default place (``$XDG_CONFIG_HOME/papertui/config.toml``). Runs alternate, so machine load
falls on both alike; the figures are medians with the spread. "settle" is the config's
own cost on start-up (reading and checking the file, tomllib's import included); "import"
is mostly the standard library (re, dataclasses, difflib), which the app imports anyway.

    python benchmarks/config_cost.py [--runs 21]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

CONFIG = """\
data = ["{data}"]
theme = "textual-ansi"
sort = "date"
sidebar = false
mouse = false
open_command = "firefox --new-tab {{url}}"

[keymap]
"main.cycle-sort" = "o"
"main.toggle-sidebar" = "F"
"main.lineage" = "L"
"main.toggle-star" = "s"
"main.export" = "E"
"main.copy-bibtex" = "Y"
"""

THEME = """\
name = "mine"
primary = "#88c0d0"
dark = true
"""

CHILD = """\
import json, sys, time
t0 = time.perf_counter()
from papertui.config.load import load_config
t1 = time.perf_counter()
config = load_config(None, flags={"data": (), "theme": None, "mouse": None})
t2 = time.perf_counter()
print(json.dumps({"import_ms": (t1 - t0) * 1e3, "settle_ms": (t2 - t1) * 1e3,
                  "problems": len(config.problems)}))
"""


def one(config_home: Path) -> dict[str, float]:
    """One fresh interpreter with ``config_home`` as ``$XDG_CONFIG_HOME`` (the default
    place of the file: ``papertui/config.toml`` in it, or nothing)."""
    env = {k: v for k, v in os.environ.items() if k != "PAPERTUI_CONFIG"}
    env["XDG_CONFIG_HOME"] = str(config_home)
    done = subprocess.run(
        [sys.executable, "-c", CHILD], env=env, capture_output=True, text=True, check=True
    )
    return dict(json.loads(done.stdout))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=21)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        present = Path(tmp) / "present"
        folder = present / "papertui"
        (folder / "themes").mkdir(parents=True)
        (folder / "config.toml").write_text(CONFIG.format(data=tmp), encoding="utf-8")
        (folder / "themes" / "mine.toml").write_text(THEME, encoding="utf-8")
        missing = Path(tmp) / "empty"
        missing.mkdir()
        runs: dict[str, list[dict[str, float]]] = {"no config file": [], "typical config": []}
        one(missing)  # warm the file cache for the imports
        for _ in range(args.runs):
            runs["no config file"].append(one(missing))
            runs["typical config"].append(one(present))
    print(f"load average: {os.getloadavg()[0]:.2f}  runs: {args.runs}")
    print(f"{'case':<16} {'import ms':>22} {'settle ms':>22} {'total ms':>8}  problems")
    for case, results in runs.items():
        cells = []
        for field in ("import_ms", "settle_ms"):
            values = [r[field] for r in results]
            med = statistics.median(values)
            cells.append(f"{med:6.2f} ({min(values):.2f}-{max(values):.2f})")
        total = statistics.median(r["import_ms"] + r["settle_ms"] for r in results)
        problems = int(results[0]["problems"])
        print(f"{case:<16} {cells[0]:>22} {cells[1]:>22} {total:8.2f}  {problems}")


if __name__ == "__main__":
    main()
