"""Warm start against the floor, for several data folders and several papertui installs in
one run (issue 22 item 4: "warm start independent of layout").

usage: python benchmarks/warm_start.py --data LABEL=DIR [--data ...]
           [--python NAME=PYTHON[:XDG_CACHE_HOME] ...] [--repeat N]

Each ``--python`` is an interpreter with papertui installed (e.g. ``main`` and a branch,
each with its own load cache: caches of two schema versions would overwrite each other).
For every folder, round after round, it runs ``probe.py floor`` (a bare Textual app) and
then ``probe.py start DIR`` with each interpreter, under a 120x40 pseudo-terminal, and
reports launch -> first results painted, the floor, and the difference: median (min-max).
One uncounted start per folder and interpreter comes first (it fills the page cache, and
builds the load cache if there is none: minutes at 1M). The load average is printed
before and after.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from ptyrun import pty_run  # noqa: E402

PROBE = HERE / "probe.py"


def loadavg() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def spread(values: list[float]) -> str:
    return f"{statistics.median(values):,.0f} ({min(values):,.0f}-{max(values):,.0f})"


def pair(text: str) -> tuple[str, str]:
    name, sep, value = text.partition("=")
    if not sep or not name or not value:
        raise argparse.ArgumentTypeError(f"expected NAME=VALUE, got {text!r}")
    return name, value


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=pair, action="append", required=True)
    parser.add_argument("--python", type=pair, action="append")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--timeout", type=float, default=900.0)
    args = parser.parse_args(argv)
    pythons: list[tuple[str, str, dict[str, str]]] = []
    for name, spec in args.python or [("this", sys.executable)]:
        python, _, cache = spec.partition(":")
        env = dict(os.environ, PAPERTUI_NO_BLINK="1")
        env.pop("PAPERTUI_DATA", None)
        if cache:
            env["XDG_CACHE_HOME"] = cache
        pythons.append((name, python, env))
    work = Path(tempfile.mkdtemp(prefix="warm-start-"))
    out = str(work / "out.json")
    before = loadavg()
    starts: dict[tuple[str, str], list[float]] = {}
    floors: dict[str, list[float]] = {}
    papers: dict[tuple[str, str], int] = {}
    for label, folder in args.data:
        for name, python, env in pythons:
            print(f"[{label}] {name}: uncounted first start ...", file=sys.stderr, flush=True)
            pty_run([python, str(PROBE), "start", folder, out], env, args.timeout)
        for r in range(args.repeat):
            print(f"[{label}] round {r + 1}/{args.repeat}", file=sys.stderr, flush=True)
            _name, python, env = pythons[0]
            floor = pty_run([python, str(PROBE), "floor", out], env)[0]
            floors.setdefault(label, []).append(floor)
            for name, python, env in pythons:
                shown = pty_run([python, str(PROBE), "start", folder, out], env, args.timeout)[0]
                starts.setdefault((label, name), []).append(shown)
                papers[(label, name)] = json.loads(Path(out).read_text())["papers"]
    after = loadavg()
    head = "start to first results (ms) | floor (ms) | start - floor (ms)"
    print(f"| data | papertui | papers | {head} |")
    print("|---|---|---|---|---|---|")
    for label, _folder in args.data:
        for name, _python, _env in pythons:
            runs = starts[(label, name)]
            diffs = [s - f for s, f in zip(runs, floors[label], strict=True)]
            print(
                f"| {label} | {name} | {papers[(label, name)]:,} | {spread(runs)} "
                f"| {spread(floors[label])} | {spread(diffs)} |"
            )
    print()
    print(
        f"{args.repeat} rounds; median (min-max). Load average (1/5/15 min): {before} before, "
        f"{after} after; {os.cpu_count()} CPUs"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
