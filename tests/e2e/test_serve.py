"""``papertui serve`` without a browser: bad input, and no process left behind.

A websocket client in a child process stands in for a browser tab (textual-serve's
protocol: JSON envelopes in, the app's terminal output as binary frames out).
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from papertui.cli import main
from papertui.library.exitcodes import ExitCode

from .serving import alive, serve, wait_until

pytestmark = pytest.mark.skipif(not Path("/proc/self/task").is_dir(), reason="needs Linux /proc")

CLIENT = textwrap.dedent(
    """
    import asyncio, sys
    import aiohttp

    async def main(url):
        async with aiohttp.ClientSession() as http:
            async with http.ws_connect(url + "/ws?width=100&height=30") as ws:
                seen = b""
                async for message in ws:
                    if message.type == aiohttp.WSMsgType.BINARY:
                        seen += message.data
                        if b"Showing" in seen:
                            print("painted", flush=True)
                            await asyncio.sleep(3600)

    asyncio.run(main(sys.argv[1]))
    """
)


def open_tab(url: str) -> subprocess.Popen[str]:
    """A 'browser tab': connects, waits for the app's first paint, then idles."""
    tab = subprocess.Popen([sys.executable, "-c", CLIENT, url], stdout=subprocess.PIPE, text=True)
    assert tab.stdout is not None
    assert tab.stdout.readline().strip() == "painted"
    return tab


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--host", "not-an-address"], "--host 'not-an-address' is not an IP address"),
        (["--host", "0.0.0.0"], "0.0.0.0 is not a loopback address"),
        (["--host", "192.0.2.1", "--public"], "192.0.2.1 is not an address of this machine"),
        (["--port", "70000"], "--port 70000 is not a port"),
        (["--data", "/nonexistent/papers"], "data folder /nonexistent/papers does not exist"),
    ],
)
def test_bad_input_is_one_line_and_usage_status(
    args: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["serve", *args]) == ExitCode.USAGE
    err = capsys.readouterr().err
    assert err.count("\n") == 1, err
    assert err.startswith("papertui serve: ") and message in err, err


def test_data_that_fails_to_load(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "papers").mkdir()
    (tmp_path / "eras.yaml").write_text("- [not: an era\n")
    assert main(["serve", "--data", str(tmp_path)]) == ExitCode.USAGE
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "has nothing to show" in err, err


def test_port_in_use_is_one_line() -> None:
    with serve() as served:
        port = served.url.rsplit(":", 1)[1]
        busy = subprocess.run(
            [sys.executable, "-m", "papertui", "serve", "--port", port],
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
    assert busy.returncode == ExitCode.USAGE
    assert busy.stderr == f"papertui serve: port {port} is already in use on 127.0.0.1\n"
    assert "Traceback" not in busy.stdout + busy.stderr


def test_each_tab_has_its_own_process_and_a_dropped_tab_leaves_none() -> None:
    with serve() as served:
        first = open_tab(served.url)
        second = open_tab(served.url)
        try:
            sessions = served.sessions()
            assert len(sessions) == 2, sessions
            cmdline = Path(f"/proc/{sessions[0]}/cmdline").read_text().split("\0")
            assert cmdline[1:5] == ["-P", "-m", "papertui", "--data"]
            # the browser vanishes mid-session (no websocket close handshake)
            first.send_signal(signal.SIGKILL)
            first.wait()
            assert wait_until(lambda: len(served.sessions()) == 1, 15), served.sessions()
            gone = set(sessions) - set(served.sessions())
            assert gone and not any(alive(pid) for pid in gone)
        finally:
            for tab in (first, second):
                if tab.poll() is None:
                    tab.kill()
                    tab.wait()


def test_stopping_the_server_stops_every_session() -> None:
    with serve() as served:
        tab = open_tab(served.url)
        try:
            sessions = served.sessions()
            assert len(sessions) == 1
            served.proc.send_signal(signal.SIGTERM)
            assert served.proc.wait(20) == ExitCode.OK
            assert wait_until(lambda: not any(alive(pid) for pid in sessions), 10)
        finally:
            tab.kill()
            tab.wait()


def test_a_killed_server_takes_its_sessions_with_it() -> None:
    """SIGKILL gives the server no chance to clean up: the sessions' parent-death signal
    (Linux) ends them."""
    with serve() as served:
        tab = open_tab(served.url)
        try:
            sessions = served.sessions()
            os.kill(served.proc.pid, signal.SIGKILL)
            served.proc.wait()
            assert wait_until(lambda: not any(alive(pid) for pid in sessions), 10)
        finally:
            tab.kill()
            tab.wait()
