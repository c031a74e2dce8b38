"""Lifecycle (papertui.tui.run / papertui.tui.lifecycle) in a real pseudo-terminal.

Each scenario runs a tiny Textual app through ``run_guarded`` (the same path ``run_app``
uses) in a child process whose controlling terminal is a pty, so terminal set-up and
restore, signals, hang-ups and exit statuses are the real thing.
"""

from __future__ import annotations

import fcntl
import os
import pty
import select
import signal
import struct
import subprocess
import sys
import termios
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from papertui.tui.lifecycle import (
    ESCDELAY_OVER_SSH_MS,
    FRAME_RATE,
    SWITCH_INTERVAL_S,
    crash_line,
    needs_terminal,
    over_ssh,
    tune_escdelay,
    tune_frame_rate,
    tune_switch_interval,
    write_crash_log,
)

APP_SCRIPT = r"""
import os, sys, time
from pathlib import Path
from textual.app import App
from textual.widgets import Static
from papertui.tui.run import run_guarded

FLAGS = Path(os.environ["FLAGS"])
MODE = os.environ["MODE"]


class Probe(App[int]):
    def compose(self):
        yield Static("READY probe")

    def on_mount(self) -> None:
        secret = "SECRET-LOCAL-[/]-\x1b]0;pwned\x07"  # a data-like local
        (FLAGS / "mounted").write_text("x")
        (FLAGS / "interval").write_text(str(sys.getswitchinterval()))
        if MODE == "crash":
            raise RuntimeError("SECRET-MESSAGE " + secret)
        if MODE == "worker-crash":
            self.run_worker(self.bad_worker, thread=True)
        if MODE == "quit":
            self.set_timer(0.3, self.exit)
        if MODE == "quit-3":
            self.set_timer(0.3, lambda: self.exit(return_code=3))
        if MODE == "quit-busy":
            self.run_worker(self.checking, thread=True)
            self.set_timer(0.3, lambda: self.exit(return_code=3))

    def checking(self) -> None:  # as a freshness check does: waits for its child
        import subprocess
        from papertui.store import refresh

        child = subprocess.Popen(["sleep", "120"])
        with refresh._children_lock:
            refresh._children.add(child)
        (FLAGS / "child").write_text(str(child.pid))
        child.wait()

    def bad_worker(self) -> None:
        raise KeyError("SECRET-WORKER")

    def on_unmount(self) -> None:
        (FLAGS / "unmounted").write_text("x")


def make():
    if MODE == "init-crash":
        raise ValueError("SECRET-INIT")
    return Probe()


sys.exit(run_guarded(make, mouse=os.environ.get("MOUSE", "1") == "1"))
"""


class PtyRun:
    def __init__(self, status: int, output: bytes) -> None:
        self.status = status
        self.output = output
        self.text = output.decode("utf-8", "replace")


def run_in_pty(
    argv: list[str],
    env: dict[str, str],
    *,
    act: Callable[[int, int], bool] | None = None,
    timeout: float = 30.0,
    size: tuple[int, int] = (80, 24),
    hang_up: bool = False,
) -> PtyRun:
    """Run ``argv`` with a pty as its controlling terminal; collect all output.

    ``act(pid, master_fd)`` is called while the child runs until it returns True
    (e.g. to send a signal once the app has mounted). With ``hang_up`` the master side is
    closed right after ``act`` returned True, as when a terminal window is closed.
    """
    pid, fd = pty.fork()
    if pid == 0:  # child: set the window size on the slave, then exec
        try:
            cols, rows = size
            fcntl.ioctl(0, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))
            os.execve(argv[0], argv, env)
        finally:
            os._exit(127)
    output = bytearray()
    deadline = time.monotonic() + timeout
    acted = act is None
    closed = False
    while time.monotonic() < deadline:
        if not acted and act is not None:
            acted = act(pid, fd)
            if acted and hang_up:
                os.close(fd)
                closed = True
        if closed:
            break
        ready, _, _ = select.select([fd], [], [], 0.05)
        if ready:
            try:
                chunk = os.read(fd, 65536)
            except OSError:  # EIO: the child side is closed
                break
            if not chunk:
                break
            output += chunk
    else:
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        os.close(fd)
        pytest.fail(f"child did not finish in {timeout}s; output so far: {bytes(output)[-2000:]!r}")
    status = _wait(pid, timeout=15)
    if not closed:
        os.close(fd)
    return PtyRun(status, bytes(output))


def _wait(pid: int, timeout: float) -> int:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        done, status = os.waitpid(pid, os.WNOHANG)
        if done:
            return os.waitstatus_to_exitcode(status)
        time.sleep(0.02)
    os.kill(pid, signal.SIGKILL)
    os.waitpid(pid, 0)
    pytest.fail("child did not exit after its terminal closed")


class Probe:
    """Runs APP_SCRIPT in a pty; ``flags`` holds the mounted/unmounted markers."""

    def __init__(self, tmp_path: Path) -> None:
        self.tmp = tmp_path
        self.script = tmp_path / "probe_app.py"
        self.script.write_text(APP_SCRIPT)
        self.flags = tmp_path / "flags"
        self.flags.mkdir()
        self.state = tmp_path / "state" / "papertui"

    def run(
        self,
        mode: str,
        *,
        act: Callable[[int, int], bool] | None = None,
        hang_up: bool = False,
        **extra: str,
    ) -> PtyRun:
        env = {
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
            "HOME": str(self.tmp),
            "TERM": "xterm-256color",
            "LANG": "C.UTF-8",
            "XDG_STATE_HOME": str(self.tmp / "state"),
            "FLAGS": str(self.flags),
            "MODE": mode,
            **extra,
        }
        return run_in_pty([sys.executable, str(self.script)], env, act=act, hang_up=hang_up)

    def when_mounted(self, then: Callable[[int, int], None]) -> Callable[[int, int], bool]:
        def act(pid: int, fd: int) -> bool:
            if not (self.flags / "mounted").exists():
                return False
            time.sleep(0.3)  # let the first paint finish
            then(pid, fd)
            return True

        return act


@pytest.fixture
def probe(tmp_path: Path) -> Probe:
    return Probe(tmp_path)


def _restored(output: bytes) -> bool:
    """The alternate screen was entered and, after that, left."""
    return b"\x1b[?1049h" in output and output.rfind(b"\x1b[?1049l") > output.rfind(b"\x1b[?1049h")


def test_normal_quit_exits_zero_and_restores_terminal(probe: Probe) -> None:
    run = probe.run("quit")
    assert run.status == 0
    assert (probe.flags / "unmounted").exists()
    assert _restored(run.output)


def test_app_return_code_is_the_exit_status(probe: Probe) -> None:
    assert probe.run("quit-3").status == 3


def test_a_quit_does_not_wait_for_thread_workers_and_stops_their_children(probe: Probe) -> None:
    """A quit in the first seconds at a million papers waited 3-5 s, the prompt not back,
    for the engine's warm-up and the freshness check (asyncio.run and the interpreter join
    every thread worker). Here a worker waits 120 s for its child: the process exits at
    once (the run's timeout is 30 s) with the app's status, and the child is stopped."""
    run = probe.run("quit-busy")
    assert run.status == 3
    assert (probe.flags / "unmounted").exists()
    assert _restored(run.output)
    pid = int((probe.flags / "child").read_text())
    for _ in range(100):  # terminated; reaped by init once its parent is gone
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            break
        try:
            state = Path(f"/proc/{pid}/stat").read_text()
        except FileNotFoundError:  # reaped between the two looks
            break
        if ") Z " in state:
            break  # a zombie: stopped, not yet reaped
        time.sleep(0.05)
    else:
        raise AssertionError("the worker's child still runs after the quit")


def _assert_crash_reported(run: PtyRun, state: Path, kind: str, secret: str) -> None:
    assert run.status == 1
    logs = sorted(state.glob("crash-*.log"))
    assert len(logs) == 1
    log = logs[0].read_text()
    assert "Traceback" in log and kind in log and secret in log
    assert f"papertui: internal error ({kind}); details in {logs[0]}" in run.text
    # nothing from the data / exception / locals on the screen, no Rich traceback
    assert "SECRET" not in run.text
    assert "Traceback" not in run.text and "locals" not in run.text
    assert b"]0;pwned" not in run.output


def test_crash_in_handler_logs_traceback_and_prints_one_line(probe: Probe) -> None:
    run = probe.run("crash")
    _assert_crash_reported(run, probe.state, "RuntimeError", "SECRET-MESSAGE")
    assert _restored(run.output)
    # the line comes after the terminal is restored, so the user can read it
    assert run.output.rfind(b"\x1b[?1049l") < run.output.find(b"papertui: internal error")


def test_crash_in_thread_worker_is_reported_the_same_way(probe: Probe) -> None:
    run = probe.run("worker-crash")
    _assert_crash_reported(run, probe.state, "KeyError", "SECRET-WORKER")
    assert _restored(run.output)


def test_crash_before_the_app_runs_is_reported(probe: Probe) -> None:
    run = probe.run("init-crash")
    _assert_crash_reported(run, probe.state, "ValueError", "SECRET-INIT")


@pytest.mark.parametrize(
    ("signum", "status"),
    [(signal.SIGTERM, 143), (signal.SIGHUP, 129), (signal.SIGINT, 130)],
    ids=["SIGTERM", "SIGHUP", "SIGINT"],
)
def test_signal_exits_in_order(probe: Probe, signum: int, status: int) -> None:
    run = probe.run("idle", act=probe.when_mounted(lambda pid, _fd: os.kill(pid, signum)))
    assert run.status == status
    assert (probe.flags / "unmounted").exists(), "unmount did not run"
    assert _restored(run.output)
    assert "Traceback" not in run.text


def test_closing_the_terminal_hangs_up_the_app_cleanly(probe: Probe) -> None:
    """The terminal window closes: the kernel sends SIGHUP, the app unmounts and leaves."""
    run = probe.run("idle", act=probe.when_mounted(lambda _pid, _fd: None), hang_up=True)
    assert run.status == 129
    assert (probe.flags / "unmounted").exists(), "unmount did not run after the hang-up"
    assert not probe.state.exists() or not list(probe.state.glob("crash-*.log"))


@pytest.mark.parametrize(("mouse", "expected"), [("1", True), ("0", False)])
def test_mouse_flag_controls_mouse_tracking(probe: Probe, mouse: str, expected: bool) -> None:
    run = probe.run("quit", MOUSE=mouse)
    assert run.status == 0
    assert (b"\x1b[?1000h" in run.output) is expected


# ---------------------------------------------------------------- no pty needed


def test_not_a_terminal_is_a_one_line_usage_error(tmp_path: Path) -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "papertui", "--data", str(tmp_path)],
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert proc.returncode == 2
    assert proc.stdout == ""
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and "needs an interactive terminal" in lines[0] and "ssh -t" in lines[0]
    assert len(lines[0]) <= 80  # one row even in an 80-column pane


def test_needs_terminal_checks_both_streams(tmp_path: Path) -> None:
    with open(tmp_path / "f", "w+") as handle:
        assert needs_terminal(handle, handle)
    master, slave = pty.openpty()
    try:
        with open(slave, "w", closefd=False) as tty, open(tmp_path / "g", "w") as plain:
            assert not needs_terminal(tty, tty)
            assert needs_terminal(tty, plain)
            assert needs_terminal(plain, tty)
    finally:
        os.close(master)
        os.close(slave)


def test_over_ssh_detection() -> None:
    assert over_ssh({"SSH_CONNECTION": "10.0.0.1 5000 10.0.0.2 22"})
    assert over_ssh({"SSH_TTY": "/dev/pts/3"})
    assert not over_ssh({"TERM": "xterm"})
    assert not over_ssh({"SSH_CONNECTION": ""})


def test_escdelay_raised_only_over_ssh_and_only_when_unset() -> None:
    env = {"SSH_CONNECTION": "1 2 3 4"}
    assert tune_escdelay(env) == str(ESCDELAY_OVER_SSH_MS)
    assert env["ESCDELAY"] == str(ESCDELAY_OVER_SSH_MS)
    user = {"SSH_CONNECTION": "1 2 3 4", "ESCDELAY": "50"}
    assert tune_escdelay(user) is None and user["ESCDELAY"] == "50"
    local: dict[str, str] = {}
    assert tune_escdelay(local) is None and "ESCDELAY" not in local


def test_frame_rate_raised_unless_the_user_set_it() -> None:
    env: dict[str, str] = {}
    assert tune_frame_rate(env) == str(FRAME_RATE) == env["TEXTUAL_FPS"]
    user = {"TEXTUAL_FPS": "30"}
    assert tune_frame_rate(user) is None and user["TEXTUAL_FPS"] == "30"


def test_switch_interval_shortened_never_lengthened() -> None:
    before = sys.getswitchinterval()
    try:
        sys.setswitchinterval(0.005)  # Python's default
        assert tune_switch_interval() == pytest.approx(SWITCH_INTERVAL_S)
        assert sys.getswitchinterval() == pytest.approx(SWITCH_INTERVAL_S)
        sys.setswitchinterval(SWITCH_INTERVAL_S / 2)  # shorter already: kept
        assert tune_switch_interval() == pytest.approx(SWITCH_INTERVAL_S / 2)
    finally:
        sys.setswitchinterval(before)


def test_the_app_runs_with_the_short_switch_interval(probe: Probe) -> None:
    assert probe.run("quit").status == 0
    assert float((probe.flags / "interval").read_text()) == pytest.approx(SWITCH_INTERVAL_S)


@pytest.mark.parametrize("textual_first", [False, True], ids=["before-import", "after-import"])
def test_escdelay_reaches_textuals_parser(textual_first: bool) -> None:
    """Textual reads ESCDELAY into constants.ESCAPE_DELAY; the parser reads that constant."""
    code = (
        ("import textual.constants\n" if textual_first else "")
        + "from papertui.tui.lifecycle import tune_escdelay\n"
        "tune_escdelay()\n"
        "import textual.constants, textual._xterm_parser as p\n"
        "assert 'constants.ESCAPE_DELAY' in open(p.__file__).read()\n"
        "print(textual.constants.ESCAPE_DELAY)\n"
    )
    env = {k: v for k, v in os.environ.items() if k not in ("ESCDELAY", "SSH_TTY", "SSH_CLIENT")}
    env["SSH_CONNECTION"] = "10.0.0.1 5000 10.0.0.2 22"
    out = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    ).stdout
    assert float(out) == ESCDELAY_OVER_SSH_MS / 1000


def test_crash_log_has_traceback_but_no_locals(tmp_path: Path) -> None:
    def fail() -> None:
        hidden_local = "LOCAL-VALUE-XYZ"
        raise LookupError("in the message " + hidden_local[:0])

    try:
        fail()
    except LookupError as error:
        path = write_crash_log(error, tmp_path / "deep" / "dir")
        assert path is not None
        line = crash_line(error, path)
    text = path.read_text()
    assert "Traceback" in text and "LookupError: in the message" in text and "in fail" in text
    assert "LOCAL-VALUE-XYZ" not in text.split("Traceback", 1)[1].replace(
        'hidden_local = "LOCAL-VALUE-XYZ"', ""
    )
    assert (path.stat().st_mode & 0o777) == 0o600
    assert line == f"papertui: internal error (LookupError); details in {path}"
    assert "\n" not in line


def test_crash_log_falls_back_when_unwritable(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a dir")
    assert write_crash_log(RuntimeError("x"), blocker / "sub") is None
    assert crash_line(RuntimeError("x"), None).endswith("could not write a crash log")


def test_run_module_does_not_import_textual_before_escdelay_is_set() -> None:
    """ESCDELAY is read when Textual is first imported: run/lifecycle must not import it."""
    code = (
        "import sys, papertui.cli, papertui.tui.run, papertui.tui.lifecycle\n"
        "print(any(m == 'textual' or m.startswith('textual.') for m in sys.modules))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert out.strip() == "False"
