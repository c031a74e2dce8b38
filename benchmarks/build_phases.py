"""The time and memory of a cold build, phase by phase:
``python -P benchmarks/build_phases.py DIR``.

Runs the build child's :func:`papertui.store.build.build` in this process (the cache goes
to ``$XDG_CACHE_HOME``: point it at a scratch folder) and prints, at each boundary between
its phases (each time it hands freed memory back, ``build.trim``, and once the cache is
written), the seconds since the start; the phase's wall time and the CPU time this process
and its children (the parse workers, reaped when the parse ends, and the word index's
forked half) spent in it, with how much of the two cores' time that was busy; the peak
resident size (VmHWM) since the boundary before, the resident size there and after the
trim, in MiB. The peak is reset at each boundary (``/proc/self/clear_refs``), so each
line's peak is its own phase's. Linux only.

On two cores a phase whose CPU fills both (``busy`` near 100%) is only shortened by less
work in all; one near 50% runs on one core while the other waits.
"""

from __future__ import annotations

import os
import resource
import sys
import time
from collections.abc import Iterable
from pathlib import Path

from papertui.store import build
from papertui.store import format as cache_format


def _status() -> dict[str, int]:
    out = {}
    with open("/proc/self/status", encoding="ascii") as fh:
        for line in fh:
            name, _, value = line.partition(":")
            if name in ("VmHWM", "VmRSS"):
                out[name] = int(value.split()[0]) // 1024
    return out


def _cpu() -> tuple[float, float]:
    """CPU seconds (user + system) of this process and of its children reaped so far."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime, kids.ru_utime + kids.ru_stime


def _reset_peak() -> None:
    with open("/proc/self/clear_refs", "w", encoding="ascii") as fh:
        fh.write("5")


def main() -> int:
    if len(sys.argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    start = time.perf_counter()
    real_trim, real_write = build.trim, cache_format.write
    cores = len(os.sched_getaffinity(0))
    last = [start, *_cpu()]

    def report(phase: str, trimmed: int | None) -> None:
        got = _status()
        now, own, kids = time.perf_counter(), *_cpu()
        wall, own_s, kids_s = now - last[0], own - last[1], kids - last[2]
        last[:] = [now, own, kids]
        busy = (own_s + kids_s) / (wall * cores) if wall > 0 else 0.0
        after = f" -> {trimmed:,} trimmed" if trimmed is not None else ""
        print(
            f"{now - start:7.1f} s  {phase:<8} {wall:6.2f} s, cpu {own_s:6.2f} + children"
            f" {kids_s:6.2f} s ({busy:4.0%} busy)  peak {got['VmHWM']:>6,}"
            f"  rss {got['VmRSS']:>6,}{after} MiB",
            flush=True,
        )

    def trim() -> None:
        # the build's after(step, index), or the load. Only after()'s locals are read: a
        # frame's f_locals is a snapshot kept with the frame, and _build()'s would hold the
        # library the build lets go of (the peaks then read 400 MB high at 1M papers)
        caller = sys._getframe(1)
        phase = str(caller.f_locals["step"]) if caller.f_code.co_name == "after" else "load"
        real_trim()
        report(phase, _status()["VmRSS"])
        _reset_peak()

    def write(path: Path, blob: bytes | Iterable[bytes | memoryview]) -> bool:
        done = real_write(path, blob)
        report("write", None)
        _reset_peak()
        return done

    build.trim = trim  # type: ignore[assignment]
    cache_format.write = write  # type: ignore[assignment]
    _reset_peak()
    done = build.build(Path(sys.argv[1]))
    print(f"written: {done}; {time.perf_counter() - start:.1f} s", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
