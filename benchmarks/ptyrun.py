"""Run a process under a pseudo-terminal and time its first paint (``run.py``,
``warm_start.py``)."""

from __future__ import annotations

import fcntl
import os
import pty
import select
import struct
import subprocess
import termios
import time
from collections.abc import Mapping
from pathlib import Path


def pty_run(args: list[str], env: Mapping[str, str], timeout: float = 120.0) -> tuple[float, float]:
    """Run ``args`` on a 120x40 pseudo-terminal (output drained); return the ms from
    launch until the probe wrote its output file (``args[-1]``, its first paint with data)
    and until the process had exited (which adds the interpreter's teardown)."""
    out = Path(args[-1])  # the probe's output file, written at first paint
    out.unlink(missing_ok=True)
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 120, 0, 0))
    start = time.perf_counter()
    proc = subprocess.Popen(
        args, stdin=slave, stdout=slave, stderr=slave, env=dict(env), start_new_session=True
    )
    os.close(slave)
    deadline = start + timeout
    painted = 0.0
    try:
        while True:
            ready, _, _ = select.select([master], [], [], 0.002)
            if not painted and out.exists():
                painted = time.perf_counter()
            if ready:
                try:
                    if not os.read(master, 1 << 16):
                        break
                except OSError:
                    break
            if proc.poll() is not None and not ready:
                break
            if time.perf_counter() > deadline:
                proc.kill()
                raise TimeoutError(f"{args} took over {timeout}s")
        proc.wait()
        ended = time.perf_counter()
    finally:
        os.close(master)
    if proc.returncode != 0 or not out.is_file():
        raise RuntimeError(f"{args} failed (exit {proc.returncode}, no {out})")
    return ((painted or ended) - start) * 1000, (ended - start) * 1000
