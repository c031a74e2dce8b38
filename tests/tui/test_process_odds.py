"""Process-level odds and ends of the audit: an unknown ``TEXTUAL_COLOR_SYSTEM`` is a
warning, not a crash (21); ctrl+z suspends and ctrl+c quits (23); a signal ends the app
even while its event loop is blocked."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from textual.binding import Binding

from papertui.tui.app import PaperTUI
from papertui.tui.lifecycle import COLOR_SYSTEMS, tune_color_system

from .conftest import make_app, ready

TINY = Path(__file__).parents[1] / "data" / "tiny"


def test_an_unknown_color_system_is_dropped_with_one_line() -> None:
    env = {"TEXTUAL_COLOR_SYSTEM": "bogus\x1b]0;x\x07"}
    warning = tune_color_system(env)
    assert warning is not None and "TEXTUAL_COLOR_SYSTEM" in warning and "\x1b" not in warning
    assert "\n" not in warning
    assert "TEXTUAL_COLOR_SYSTEM" not in env
    for name in COLOR_SYSTEMS:
        kept = {"TEXTUAL_COLOR_SYSTEM": name}
        assert tune_color_system(kept) is None and kept["TEXTUAL_COLOR_SYSTEM"] == name
    assert tune_color_system({}) is None


def test_the_app_starts_with_a_bogus_color_system() -> None:
    """Textual (Rich) raised ``KeyError: 'bogus'`` building the app's console."""
    script = (
        "import sys\n"
        "from pathlib import Path\n"
        "from papertui.tui.lifecycle import tune_color_system\n"
        "print(tune_color_system())\n"
        "from papertui.tui.app import PaperTUI\n"
        "PaperTUI(Path(sys.argv[1]))\n"
        "print('built')\n"
    )
    env = {**os.environ, "TEXTUAL_COLOR_SYSTEM": "bogus"}
    done = subprocess.run(
        [sys.executable, "-c", script, str(TINY)],
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.splitlines()[-1] == "built"


async def test_ctrl_z_suspends_like_any_terminal_program(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Audit 23: ctrl+z did nothing (the terminal is in raw mode, so the shell never sees
    it). It is bound to Textual's suspend (SIGTSTP with the terminal restored; ``fg``
    resumes); ctrl+c quits as ``q`` does."""
    calls: list[str] = []
    monkeypatch.setattr(PaperTUI, "action_suspend_process", lambda self: calls.append("z"))
    app = make_app()
    async with app.run_test() as pilot:
        await ready(pilot)
        await pilot.press("ctrl+z")
        await pilot.pause()
        assert calls == ["z"]
        assert any(b.id == "app.suspend" for b in app.BINDINGS if isinstance(b, Binding))
        asked: list[bool] = []
        monkeypatch.setattr(app, "refresh", lambda **kw: asked.append(kw.get("layout", False)))
        app.app_resume_signal.publish(app)  # what the driver posts after ``fg``
        await pilot.pause()
        assert asked == [True], "the whole screen is painted again (it stayed blank)"
        monkeypatch.undo()
        await pilot.press("ctrl+c")
        await pilot.pause()
    assert app.return_code == 0


BLOCKED_LOOP = """
import sys
from pathlib import Path
from textual.app import App
from papertui.tui.run import run_guarded

class Busy(App[int]):
    def on_mount(self) -> None:
        self.set_timer(0.1, self.spin)

    def spin(self) -> None:  # a handler that never returns: the event loop is blocked
        Path(sys.argv[1]).write_text("spinning")
        while True:
            sum(range(1000))

sys.exit(run_guarded(Busy, headless=True))
"""


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGHUP])
def test_a_signal_ends_the_app_even_when_its_loop_is_blocked(tmp_path: Path, signum: int) -> None:
    """Re-measuring issue 19: the palette's matcher blocked the event loop for minutes, and
    the signal handlers, which ran on that loop, never ran: the closed pane's SIGHUP left
    the app spinning, orphaned. Now they run between bytecodes and the orderly exit falls
    back to a forced one (FORCE_EXIT_AFTER_S) with the signal's status."""
    flag = tmp_path / "spinning"
    script = tmp_path / "busy.py"
    script.write_text(BLOCKED_LOOP, encoding="utf-8")
    child = subprocess.Popen([sys.executable, str(script), str(flag)])
    try:
        for _ in range(600):
            if flag.exists():
                break
            time.sleep(0.05)
        assert flag.exists(), "the app never mounted"
        child.send_signal(signum)
        assert child.wait(timeout=60) == 128 + signum
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()
