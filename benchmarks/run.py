"""papertui's scale benchmark: one command, one table (issue 6).

usage: python benchmarks/run.py [--sizes 1k,10k,100k] [--repeat N] [--work DIR] [--with-1m]
                               [--layouts files,shards]

For each size it generates a synthetic corpus once (``gen_corpus.py``, kept in
``--work``, default ``./bench-out``; ``--layouts files,shards`` makes one corpus per
layout and size: one paper per file, or 1,000-paper shards, instead of gen_corpus's own
choice, which shards from 10k on), warms papertui's load cache (a private
``XDG_CACHE_HOME`` inside the work folder) and then measures, ``--repeat`` times each,
interleaved with the floor so machine noise hits both alike:

- **start**: whole process, launch -> first results painted (the probe writes its output
  file then; the interpreter's exit afterwards is shown separately), under a
  pseudo-terminal (``probe.py start``), against a bare Textual app measured the same way at
  its first paint (``probe.py floor``, the floor); the same for the bundled data;
- **keys**: a headless ``run_test`` pilot types each query one key at a time into the search
  box; latency = key press -> search finished and screen refreshed (p50, p95 per run); the
  worst event-loop stall while typing and full (gen 2) GC passes are recorded too;
- **query / fzf**: compute of each complete query on a fresh engine, divided by the time of a
  whole ``fzf --filter QUERY`` process over the same papers' search lines (short name,
  title, authors);
- **RSS**: peak (VmHWM) and settled (VmRSS after typing) of the ``keys`` process;
- **lineage**: lineage screen open, depth change, ``desc:`` keys (``run_lineage.py``).

Every figure is the median over the repeats with the spread (min-max) of the per-run values.
The load average is printed before and after. Don't run it next to other heavy work.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

import run_lineage

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from ptyrun import pty_run  # noqa: E402

PROBE = HERE / "probe.py"
GEN = HERE / "gen_corpus.py"
QUERIES = ("transformer", "hinton", "attn is all", "diffusion model", "resnet", "zhang vision")
SIZES = {"1k": 1_000, "10k": 10_000, "100k": 100_000, "1m": 1_000_000}
DEFAULT_SIZES = "1k,10k,100k"
LAYOUTS = {"auto": [], "files": ["--shard", "0"], "shards": ["--shard", "1000"]}


def percentile(values: Sequence[float], q: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    k = (len(ordered) - 1) * q
    lo, hi = int(k), min(int(k) + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (k - lo)


def spread(values: Sequence[float], fmt: str = "{:.0f}") -> str:
    if not values:
        return "-"
    med = fmt.format(statistics.median(values))
    if len(values) == 1:
        return f"{med} (x1)"
    return f"{med} ({fmt.format(min(values))}-{fmt.format(max(values))})"


def loadavg() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


class Bench:
    def __init__(self, work: Path, repeat: int) -> None:
        self.work = work
        self.repeat = repeat
        self.env = dict(os.environ)
        self.env["XDG_CACHE_HOME"] = str(work / "xdg-cache")
        self.env["PAPERTUI_NO_BLINK"] = "1"
        self.env.pop("PAPERTUI_DATA", None)
        self.python = sys.executable

    def log(self, text: str) -> None:
        print(text, file=sys.stderr, flush=True)

    # -- corpora and cache ---------------------------------------------------------------

    def corpus(self, label: str, n: int, layout: str = "auto") -> tuple[Path, Path]:
        name = label if layout == "auto" else f"{label}-{layout}"
        folder = self.work / f"corpus-{name}"
        lines = self.work / f"lines-{name}.txt"
        stamp = folder / ".complete"
        if not stamp.exists() or not lines.exists():
            self.log(f"generating {name} corpus ...")
            args = [str(n), str(folder), "--lines", str(lines), *LAYOUTS[layout]]
            subprocess.run([self.python, str(GEN), *args], check=True)
            stamp.write_text(str(n))
        return folder, lines

    def cache_file(self, folder: Path) -> Path:
        os.environ["XDG_CACHE_HOME"] = self.env["XDG_CACHE_HOME"]
        from papertui.store.format import cache_path

        return cache_path(folder)

    def warm(self, folder: Path) -> float:
        """Fill the load cache (timed: the cold YAML parse, or a warm hit)."""
        code = (
            "import sys, time; from pathlib import Path; t = time.perf_counter()\n"
            "from papertui.store.load import load_cached\n"
            "last = [0.0]\n"
            "def progress(done, total):\n"
            "    now = time.perf_counter()\n"
            "    if now - last[0] > 5 or done == total:\n"
            "        last[0] = now; print(f'  parsing {done}/{total}', file=sys.stderr)\n"
            "r = load_cached(Path(sys.argv[1]), progress)\n"
            "print((time.perf_counter() - t) * 1000, len(r.library), len(r.problems))\n"
        )
        out = subprocess.run(
            [self.python, "-c", code, str(folder)],
            env=self.env,
            check=True,
            stdout=subprocess.PIPE,
            text=True,
        )
        ms, _papers, problems = out.stdout.split()
        if int(problems):
            self.log(f"  warning: {problems} load problems in {folder}")
        return float(ms)

    # -- processes -----------------------------------------------------------------------

    def pty_run(self, args: list[str], timeout: float = 120.0) -> tuple[float, float]:
        """:func:`ptyrun.pty_run` with this bench's interpreter and environment."""
        return pty_run([self.python, *args], self.env, timeout)

    def fzf(self, lines: Path, query: str) -> float:
        start = time.perf_counter()
        with lines.open("rb") as fh:
            subprocess.run(
                ["fzf", "--filter", query], stdin=fh, stdout=subprocess.DEVNULL, check=False
            )
        return (time.perf_counter() - start) * 1000


def run_size(bench: Bench, label: str, n: int, layout: str = "auto") -> dict[str, object]:
    folder, lines = bench.corpus(label, n, layout)
    label = label if layout == "auto" else f"{label} {layout}"
    bench.log(f"[{label}] warming the cache ...")
    cached = bench.cache_file(folder)
    if n < 1_000_000:  # time a cold build (at 1M it takes minutes: reuse an existing cache)
        cached.unlink(missing_ok=True)
    was_cold = not cached.exists()
    cold = bench.warm(folder)
    warm = bench.warm(folder)
    row: dict[str, object] = {
        "size": label,
        "cache_build_ms": cold if was_cold else float("nan"),
        "warm_load_ms": warm,
    }
    starts: list[float] = []
    exits: list[float] = []
    floors: list[float] = []
    start_rss: list[float] = []
    p50s: list[float] = []
    floor_p50s: list[float] = []
    p95s: list[float] = []
    maxes: list[float] = []
    stalls: list[float] = []
    gcs: list[float] = []
    peaks: list[float] = []
    settled: list[float] = []
    compute: dict[str, list[float]] = {q: [] for q in QUERIES}
    fzf: dict[str, list[float]] = {q: [] for q in QUERIES}
    for r in range(bench.repeat):
        bench.log(f"[{label}] run {r + 1}/{bench.repeat}: start ...")
        floors.append(bench.pty_run([str(PROBE), "floor", str(bench.work / "f.json")])[0])
        shown, ended = bench.pty_run([str(PROBE), "start", str(folder), str(bench.work / "s.json")])
        starts.append(shown)
        exits.append(ended - shown)
        info = json.loads((bench.work / "s.json").read_text())
        start_rss.append(info["VmHWM"])
        bench.log(f"[{label}] run {r + 1}/{bench.repeat}: keys ...")
        out = bench.work / "k.json"
        subprocess.run(
            [bench.python, str(PROBE), "keys", str(folder), str(out), *QUERIES],
            env=bench.env,
            check=True,
            timeout=900,
        )
        keys = json.loads(out.read_text())
        floor_out = bench.work / "kf.json"
        subprocess.run(
            [bench.python, str(PROBE), "keys-floor", str(floor_out), *QUERIES],
            env=bench.env,
            check=True,
            timeout=300,
        )
        floor_p50s.append(percentile(json.loads(floor_out.read_text())["latencies"], 0.5))
        every = [t for ts in keys["latencies"].values() for t in ts]
        p50s.append(percentile(every, 0.5))
        p95s.append(percentile(every, 0.95))
        maxes.append(max(every))
        stalls.append(keys["max_stall_ms"])
        gcs.append(len(keys["full_gcs"]))
        peaks.append(keys["VmHWM"])
        settled.append(keys["VmRSS"])
        for q in QUERIES:
            compute[q].append(keys["compute_ms"][q])
            fzf[q].append(bench.fzf(lines, q))
        row["hits"] = keys["hits"]
        run_lineage.measure(bench, folder, row, percentile)
    row.update(
        start=starts,
        exit=exits,
        floor=floors,
        start_rss=start_rss,
        p50=p50s,
        key_floor=floor_p50s,
        p95=p95s,
        max=maxes,
        stall=stalls,
        full_gcs=gcs,
        peak=peaks,
        settled=settled,
        compute=compute,
        fzf=fzf,
    )
    return row


def ratios(row: dict[str, object]) -> dict[str, list[float]]:
    compute: dict[str, list[float]] = row["compute"]  # type: ignore[assignment]
    fzf: dict[str, list[float]] = row["fzf"]  # type: ignore[assignment]
    return {q: [c / f for c, f in zip(compute[q], fzf[q], strict=True)] for q in compute}


def table(rows: list[dict[str, object]], bundled: dict[str, list[float]]) -> str:
    def col(key: str, fmt: str = "{:.0f}") -> Callable[[dict[str, object]], str]:
        return lambda row: spread(row[key], fmt)  # type: ignore[arg-type]

    def over_floor(row: dict[str, object]) -> str:
        diffs = [s - f for s, f in zip(row["start"], row["floor"], strict=True)]  # type: ignore[call-overload]
        return spread(diffs)

    def worst_ratio(row: dict[str, object]) -> str:
        per_run = [max(vals) for vals in zip(*ratios(row).values(), strict=True)]
        return spread(per_run, "{:.2f}")

    metrics: list[tuple[str, Callable[[dict[str, object]], str]]] = [
        ("cache build, cold YAML parse (ms, x1)", _cold),
        ("warm cache load, whole process (ms, x1)", lambda row: f"{row['warm_load_ms']:.0f}"),
        ("start to first results, warm cache (ms)", col("start")),
        ("bare Textual app start = floor (ms)", col("floor")),
        ("start minus floor (ms)", over_floor),
        ("(then process exit, not counted above) (ms)", col("exit")),
        ("keystroke p50 (ms)", col("p50", "{:.1f}")),
        ("bare Textual Input keystroke p50 = floor (ms)", col("key_floor", "{:.1f}")),
        ("keystroke p95 (ms)", col("p95", "{:.1f}")),
        ("keystroke max (ms)", col("max", "{:.1f}")),
        ("worst event-loop stall while typing (ms)", col("stall", "{:.1f}")),
        ("full GC passes while typing", col("full_gcs")),
    ]
    for q in QUERIES:
        metrics.append((f"query '{q}': ours (ms)", _nested("compute", q, "{:.1f}")))
        metrics.append((f"query '{q}': fzf --filter (ms)", _nested("fzf", q, "{:.1f}")))
    metrics.append(("worst query ratio ours/fzf", worst_ratio))
    metrics += [
        ("peak RSS while typing, VmHWM (MiB)", col("peak")),
        ("settled RSS after typing, VmRSS (MiB)", col("settled")),
        ("peak RSS at first screen (MiB)", col("start_rss")),
        *run_lineage.metrics(spread),
    ]
    head = "| metric | " + " | ".join(str(r["size"]) for r in rows) + " |"
    lines = [head, "|---|" + "---|" * len(rows)]
    for name, fn in metrics:
        lines.append(f"| {name} | " + " | ".join(fn(r) for r in rows) + " |")
    if bundled:
        diffs = [s - f for s, f in zip(bundled["start"], bundled["floor"], strict=True)]
        lines.append("")
        lines.append("| bundled data | start (ms) | floor (ms) | start minus floor (ms) |")
        lines.append("|---|---|---|---|")
        lines.append(
            f"| papertui (no --data) | {spread(bundled['start'])} | {spread(bundled['floor'])}"
            f" | {spread(diffs)} |"
        )
    return "\n".join(lines)


def _cold(row: dict[str, object]) -> str:
    ms = float(row["cache_build_ms"])  # type: ignore[arg-type]
    return "built earlier" if ms != ms else f"{ms:.0f}"


def _nested(key: str, q: str, fmt: str) -> Callable[[dict[str, object]], str]:
    return lambda row: spread(row[key][q], fmt)  # type: ignore[index]


def run_bundled(bench: Bench) -> dict[str, list[float]]:
    from papertui.library.paths import bundled_data_dir

    bench.warm(bundled_data_dir())
    starts, floors = [], []
    for r in range(bench.repeat):
        bench.log(f"[bundled] run {r + 1}/{bench.repeat} ...")
        floors.append(bench.pty_run([str(PROBE), "floor", str(bench.work / "f.json")])[0])
        starts.append(bench.pty_run([str(PROBE), "start", "-", str(bench.work / "s.json")])[0])
    return {"start": starts, "floor": floors}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default=DEFAULT_SIZES, help=f"default {DEFAULT_SIZES}")
    parser.add_argument("--with-1m", action="store_true", help="add the 1M corpus (slow)")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--work", type=Path, default=Path("bench-out"))
    parser.add_argument("--json", type=Path, help="also write the raw figures here")
    parser.add_argument(
        "--layouts", default="auto", help="files,shards: a corpus of each layout per size"
    )
    args = parser.parse_args(argv)
    if shutil.which("fzf") is None:
        print("fzf is needed: apt-get install fzf", file=sys.stderr)
        return 2
    labels = [s.strip().lower() for s in args.sizes.split(",") if s.strip()]
    if args.with_1m and "1m" not in labels:
        labels.append("1m")
    layouts = [s.strip().lower() for s in args.layouts.split(",") if s.strip()]
    if any(layout not in LAYOUTS for layout in layouts):
        parser.error(f"unknown layouts {layouts}; choose from {', '.join(LAYOUTS)}")
    unknown = [s for s in labels if s not in SIZES]
    if unknown:
        parser.error(f"unknown sizes {unknown}; choose from {', '.join(SIZES)}")
    args.work.mkdir(parents=True, exist_ok=True)
    # Measure what an installed copy runs: pip byte-compiles a package it installs, but an
    # editable checkout (and PYTHONDONTWRITEBYTECODE) would recompile our modules on every
    # start, a cost the floor (an installed Textual) does not pay.
    import compileall

    import papertui

    compileall.compile_dir(Path(papertui.__file__).parent, quiet=1)
    bench = Bench(args.work.resolve(), max(1, args.repeat))
    load_before = loadavg()
    started = time.time()
    rows = [run_size(bench, size, SIZES[size], lay) for size in labels for lay in layouts]
    bundled = run_bundled(bench)
    load_after = loadavg()
    print(table(rows, bundled))
    print()
    print(run_lineage.about(rows))
    print(
        f"{bench.repeat} runs each; median (min-max). Load average (1/5/15 min): "
        f"{load_before} before, {load_after} after; {os.cpu_count()} CPUs; "
        f"took {time.time() - started:.0f} s; {time.strftime('%Y-%m-%d %H:%M')}"
    )
    if args.json:
        args.json.write_text(json.dumps({"rows": rows, "bundled": bundled}, indent=1))
    if "100k" in labels:  # the cold build vs libyaml's and yaml-rs's parse (cold_load.py)
        subprocess.run([sys.executable, str(HERE / "cold_load.py"), *["--with-1m"][: args.with_1m]])
    return 0


if __name__ == "__main__":
    sys.exit(main())
