"""Start ``papertui serve`` on a free loopback port for a test, find its session processes."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
BUNDLED = REPO / "data"
URL_LINE = re.compile(r"papertui serve: (http://\S+?)/ ")


@dataclass
class Served:
    proc: subprocess.Popen[str]
    url: str

    def sessions(self) -> list[int]:
        """The pids of the session processes (the server's children)."""
        return children(self.proc.pid)


def children(pid: int) -> list[int]:
    found: list[int] = []
    try:
        tasks = os.listdir(f"/proc/{pid}/task")
    except OSError:
        return found
    for task in tasks:
        try:
            text = Path(f"/proc/{pid}/task/{task}/children").read_text()
        except OSError:
            continue
        found += [int(word) for word in text.split()]
    return found


def memory_kib(pid: int) -> tuple[int, int]:
    """(RSS, PSS) of ``pid`` in KiB (PSS 0 where smaps_rollup is missing; both 0 for a
    process gone)."""
    rss = pss = 0
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                rss = int(line.split()[1])
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                pss = int(line.split()[1])
    except OSError:
        pass
    return rss, pss


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def wait_until(predicate: object, timeout: float, step: float = 0.05) -> bool:
    assert callable(predicate)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(step)
    return bool(predicate())


@contextmanager
def serve(data: Path = BUNDLED, *extra: str, env: dict[str, str] | None = None) -> Iterator[Served]:
    """``papertui serve --port 0`` (any free loopback port); stopped with SIGTERM after."""
    args = [sys.executable, "-m", "papertui", "serve", "--port", "0", "--data", str(data), *extra]
    proc = subprocess.Popen(
        args,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env={**os.environ, **(env or {})},
    )
    try:
        assert proc.stdout is not None
        line = proc.stdout.readline()
        match = URL_LINE.search(line)
        assert match, f"no URL from papertui serve: {line!r} {proc.stdout.read()[-2000:]}"
        yield Served(proc, match.group(1))
    finally:
        if proc.poll() is None:
            proc.send_signal(signal.SIGTERM)
            try:
                proc.wait(15)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
