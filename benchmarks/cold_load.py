"""Cold load against the parsers' own speed, in one run (issue 22 item 3).

usage: python benchmarks/cold_load.py [--with-1m] [--repeat N] [--compare PYTHON]
                                      [--no-libyaml] [--from-disk] [--half] [--pss] [DIR ...]

For each data folder (default: ``/work/corpus/100k-shards`` and ``100k-files``, plus the
1M ones with ``--with-1m``; without ``/work/corpus``, ``run.py``'s ``bench-out/corpus-100k``
(and ``-1m``); a folder given on the command line replaces them) it runs, in
fresh processes, one after the other and ``--repeat`` times, after an uncounted read of
every source file (so the first row does not pay for a cold page cache the later ones skip):

- **papertui cold**: ``load_cached`` in a new interpreter with an empty, private
  ``XDG_CACHE_HOME``: the cold build (in its child process for a big folder), the cache
  written and read back, as the app does on a first start. Wall time, CPU time (user + sys
  of the process and its children), the peak RSS (VmHWM) of the parent and the largest
  peak of its children (the build child and its workers), and with ``--pss`` the peak of
  the whole tree's summed PSS (sampled every 0.1 s: the app, the child and its workers at
  once, a page they share counted once), the figure the 1.5 GB target is read against;
- **libyaml compose**: every source file read and ``yaml.compose(text, Loader=CSafeLoader)``,
  one process (the floor of the audit; ``--no-libyaml`` skips it, minutes at 1M);
- **yaml-rs parse**: every source file read and ``yaml_rs.loads`` (skipped with a message
  when yaml-rs is not installed), one process.

``--from-disk`` adds the same rows with the folder's files out of the page cache first
(``posix_fadvise(POSIX_FADV_DONTNEED)`` on each, before each row; the folders and inodes stay
in memory): a first start on a folder copied or cloned a while ago, whose files the kernel
has let go of, where each read waits for the disk. ``--half`` adds them with a random half
of the files out of it (the same half each time), as this machine's page cache leaves a big
folder some minutes after it was read.

``--compare PYTHON`` adds a "papertui (other)" row: the same cold load run by another
interpreter (a venv with another checkout installed, e.g. main), in the same run.

The ratio papertui / yaml-rs is the issue's target (<= 1.5x at 100k); 1M should take
<= 25 s with <= 1.5 GB peak. The load average is printed with every row: the machine is
shared, so compare rows of one run only.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from tests.e2e.serving import children, memory_kib  # noqa: E402

CORPUS = Path("/work/corpus")
DEFAULT = ("100k-shards", "100k-files")
BIG = ("1m-shards", "1m-files")

_FILES = """
import os, sys
def files(top):
    out = []
    for name in ("eras.yaml", "tags.yaml", "orgs.yaml"):
        if os.path.isfile(os.path.join(top, name)):
            out.append(os.path.join(top, name))
    for root, dirs, names in os.walk(os.path.join(top, "papers")):
        dirs.sort()
        out.extend(os.path.join(root, n) for n in sorted(names) if n.endswith(".yaml"))
    return out
"""

PAPERTUI = """
import json, os, resource, sys, time
from pathlib import Path
t0 = time.perf_counter()
from papertui.store.load import load_cached
calls = [0]
def progress(done, total):
    calls[0] += 1
result = load_cached(Path(sys.argv[1]), progress)
wall = time.perf_counter() - t0
me = resource.getrusage(resource.RUSAGE_SELF)
kids = resource.getrusage(resource.RUSAGE_CHILDREN)
hwm = 0
with open("/proc/self/status") as fh:
    for line in fh:
        if line.startswith("VmHWM:"):
            hwm = int(line.split()[1]) // 1024
print(json.dumps({
    "wall": wall, "cpu": me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime,
    "parent_hwm": hwm, "child_hwm": kids.ru_maxrss // 1024,
    "papers": len(result.library.papers), "problems": len(result.problems),
    "progress_calls": calls[0],
}))
"""

LIBYAML = (
    _FILES
    + """
import resource, time, json, yaml
t0 = time.perf_counter()
n = 0
for path in files(sys.argv[1]):
    with open(path, encoding="utf-8") as fh:
        yaml.compose(fh.read(), Loader=yaml.CSafeLoader)
    n += 1
me = resource.getrusage(resource.RUSAGE_SELF)
print(json.dumps({"wall": time.perf_counter() - t0, "cpu": me.ru_utime + me.ru_stime,
                  "files": n}))
"""
)

WARM = (
    _FILES
    + """
import json
n = 0
for path in files(sys.argv[1]):
    with open(path, "rb") as fh:
        n += len(fh.read())
print(json.dumps({"bytes": n}))
"""
)

YAMLRS = (
    _FILES
    + """
import resource, time, json
try:
    import yaml_rs
except ImportError:
    print(json.dumps({"skip": "yaml-rs is not installed"})); raise SystemExit(0)
t0 = time.perf_counter()
n = 0
for path in files(sys.argv[1]):
    with open(path, encoding="utf-8") as fh:
        yaml_rs.loads(fh.read(), parse_datetime=False)
    n += 1
me = resource.getrusage(resource.RUSAGE_SELF)
print(json.dumps({"wall": time.perf_counter() - t0, "cpu": me.ru_utime + me.ru_stime,
                  "files": n}))
"""
)


CASES = (("", 0.0), (" (disk)", 1.0), (" (half)", 0.5))  # the names' suffixes


def loadavg() -> str:
    with open("/proc/loadavg") as fh:
        return " ".join(fh.read().split()[:3])


def run(
    script: str,
    folder: Path,
    cache: Path | None = None,
    python: str = sys.executable,
    pss: bool = False,
) -> dict[str, object]:
    """``script`` on ``folder`` in a new interpreter: its JSON line; with ``pss`` (Linux),
    also the peak of the summed proportional set size of its whole process tree,
    ``tree_pss`` in MiB: the app, the build child and its workers together, each shared
    page counted once."""
    env = dict(os.environ)
    if cache is not None:
        env["XDG_CACHE_HOME"] = str(cache)
    proc = subprocess.Popen(
        [python, "-c", script, str(folder)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    peak = [0]
    sampler = threading.Thread(target=_sample_tree, args=(proc, peak), daemon=True)
    if pss:
        sampler.start()
    try:
        stdout, stderr = proc.communicate(timeout=3600)
    finally:
        if pss:
            sampler.join()
    if proc.returncode != 0:
        return {"error": stderr.strip().splitlines()[-1:] or ["failed"]}
    row: dict[str, object] = json.loads(stdout.strip().splitlines()[-1])
    if peak[0]:
        row["tree_pss"] = peak[0] // 1024
    return row


def _sample_tree(proc: subprocess.Popen[str], peak: list[int], every: float = 0.1) -> None:
    """The largest sum of ``Pss`` (``/proc/PID/smaps_rollup``, KiB) over ``proc`` and its
    descendants, sampled every ``every`` seconds until it exits, in ``peak[0]``. A read
    of ``smaps_rollup`` walks the process's page tables: at a million papers the sampling
    takes 10-20% of a core, which is why it is only done when asked for."""
    while proc.poll() is None:
        tree, at = [proc.pid], 0
        while at < len(tree):
            tree += children(tree[at])
            at += 1
        peak[0] = max(peak[0], sum(memory_kib(pid)[1] for pid in tree))
        time.sleep(every)


def evict(folder: Path, share: float = 1.0) -> int:
    """Drop the page cache of the files under ``folder`` (their data only): all of them, or
    a random ``share`` of them (the same ones every time: seeded); how many."""
    paths = sorted(os.path.join(root, n) for root, _dirs, names in os.walk(folder) for n in names)
    if share < 1.0:
        paths = random.Random(22).sample(paths, int(len(paths) * share))
    count = 0
    for path in paths:
        try:
            fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
        except OSError:
            continue
        try:
            os.posix_fadvise(fd, 0, 0, os.POSIX_FADV_DONTNEED)
            count += 1
        finally:
            os.close(fd)
    return count


def prepare(folder: Path, share: float) -> None:
    """Before a row that reads ``share`` of the files from the disk: all of them read, then
    that share let go of (nothing for a row from memory)."""
    if share:
        run(WARM, folder)
        evict(folder, share)


def measure(
    folder: Path,
    other: str | None,
    libyaml: bool = True,
    disk: bool = False,
    half: bool = False,
    pss: bool = False,
) -> dict[str, dict[str, object]]:
    rows: dict[str, dict[str, object]] = {}
    pythons = {"papertui": sys.executable} | ({"other": other} if other else {})
    # (suffix, share of the files out of the page cache before each row)
    cases = [case for case, wanted in zip(CASES, (True, disk, half), strict=True) if wanted]
    for suffix, share in cases:
        if not share:  # every row reads from the page cache, not only the ones after the first
            run(WARM, folder)
        for name, python in pythons.items():
            prepare(folder, share)
            with tempfile.TemporaryDirectory(prefix="cold-cache-") as cache:
                rows[name + suffix] = run(PAPERTUI, folder, Path(cache), python, pss)
            rows[name + suffix]["load"] = loadavg()
        for name, script in (("libyaml", LIBYAML), ("yaml-rs", YAMLRS)):
            if name == "libyaml" and (not libyaml or share):
                continue
            prepare(folder, share)
            rows[name + suffix] = run(script, folder)
            rows[name + suffix]["load"] = loadavg()
    return rows


def describe(name: str, row: dict[str, object]) -> str:
    if "skip" in row or "error" in row:
        return f"  {name:<16} {row.get('skip') or row.get('error')}"
    text = f"  {name:<16} {row['wall']:7.2f} s wall  {row['cpu']:7.2f} s cpu"
    if "parent_hwm" in row:
        text += f"  peak RSS parent {row['parent_hwm']} MiB, child {row['child_hwm']} MiB"
        if "tree_pss" in row:
            text += f", whole tree PSS {row['tree_pss']} MiB"
        text += (
            f"  ({row['papers']} papers, {row['problems']} problems,"
            f" {row['progress_calls']} progress calls)"
        )
    return text + f"  load {row['load']}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("folders", nargs="*", type=Path)
    parser.add_argument("--with-1m", action="store_true", help="also the 1M folders")
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--compare", metavar="PYTHON", help="also the cold load of this python")
    parser.add_argument(
        "--no-libyaml", action="store_true", help="skip libyaml's compose (minutes at 1M)"
    )
    parser.add_argument(
        "--from-disk", action="store_true", help="also with the files out of the page cache"
    )
    parser.add_argument(
        "--half", action="store_true", help="also with a random half of them out of it"
    )
    parser.add_argument(
        "--pss",
        action="store_true",
        help="sample the whole process tree's PSS (costs 10-20%% of a core at 1M)",
    )
    args = parser.parse_args(argv)
    folders = list(args.folders) or [CORPUS / name for name in DEFAULT]
    if args.with_1m:
        folders += [CORPUS / name for name in BIG]
    if not args.folders and not CORPUS.is_dir():  # run.py's own corpora (shards)
        folders = [Path("bench-out") / f"corpus-{n}" for n in ("100k", "1m")[: 1 + args.with_1m]]
    print(f"cold load, {time.strftime('%Y-%m-%d %H:%M:%S')} load {loadavg()}")
    for folder in folders:
        if not folder.is_dir():
            print(f"{folder}: not found, skipped")
            continue
        for n in range(args.repeat):
            rows = measure(
                folder, args.compare, not args.no_libyaml, args.from_disk, args.half, args.pss
            )
            print(f"{folder} (run {n + 1})")
            for name, row in rows.items():
                print(describe(name, row))
            for suffix, _share in CASES:
                rs = rows.get(f"yaml-rs{suffix}", {})
                target = "" if suffix else " (target 1.5x)"
                for name in (f"papertui{suffix}", f"other{suffix}"):
                    ours = rows.get(name, {})
                    if "wall" in ours and "wall" in rs:
                        ratio = float(str(ours["wall"])) / float(str(rs["wall"]))
                        cpu = float(str(ours["cpu"])) / float(str(rs["cpu"]))
                        print(f"  {name} / yaml-rs = {ratio:.2f}x wall, {cpu:.2f}x cpu{target}")
            sys.stdout.flush()
    print(f"done, load {loadavg()}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
