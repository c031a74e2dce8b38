"""A build stopped in the middle leaves no process behind (the app stops its build child
when the user quits during a first load: its parse workers, waiting for work, stayed for
good, 265 MiB each at 1M papers)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="prctl: Linux")

SCRIPT = textwrap.dedent(
    """
    import os, sys, time
    from pathlib import Path
    from papertui.store import build

    def slow(paths):  # a worker's task that outlasts the build
        time.sleep(60)
        return b""

    build._parse_group = slow
    files = [str(p) for p in sorted(Path(sys.argv[1]).glob("papers/**/*.yaml"))]
    with build.pool_mapper(2) as mapper:
        results = mapper(files, (None, None))
        # the workers start with the first task; say who they are, then wait on them
        import threading

        def tell():
            time.sleep(0.5)
            kids = open(f"/proc/{os.getpid()}/task/{os.getpid()}/children").read().split()
            print(" ".join(kids), flush=True)

        threading.Thread(target=tell, daemon=True).start()
        next(results)
    """
)


def state(pid: int) -> str | None:
    """The process's state letter (``Z``: a zombie), or None when it is gone."""
    try:
        with open(f"/proc/{pid}/status") as fh:
            for line in fh:
                if line.startswith("State:"):
                    return line.split()[1]
    except OSError:
        return None
    return None


@pytest.mark.parametrize("how", [signal.SIGTERM, signal.SIGKILL])
def test_the_parse_workers_die_with_their_build(how: int) -> None:
    data = Path(__file__).parents[2] / "data"
    build = subprocess.Popen(
        [sys.executable, "-P", "-c", SCRIPT, str(data)], stdout=subprocess.PIPE, text=True
    )
    assert build.stdout is not None
    workers = [int(pid) for pid in build.stdout.readline().split()]
    try:
        assert len(workers) >= 2  # the two parse workers (and the pool's own helpers)
        assert all(state(pid) not in (None, "Z") for pid in workers)
        build.send_signal(how)  # what the app's stop_children sends is SIGTERM
        build.wait(10)
        for _ in range(100):
            if all(state(pid) in (None, "Z") for pid in workers):
                break
            time.sleep(0.05)
        assert [pid for pid in workers if state(pid) not in (None, "Z")] == []
    finally:
        for pid in workers:
            if state(pid) not in (None, "Z"):
                os.kill(pid, signal.SIGKILL)
