"""Run the UI in a real terminal: tty check, ESCDELAY, signals, crash log, exit status.

``run_app`` is what ``papertui`` (no sub-command) calls. Exit status:

- 0 after a normal quit (or the app's own return code),
- 1 after a crash: the terminal is restored by Textual, the traceback goes to
  ``<state dir>/crash-<time>.log`` and one line names that file (never Textual's
  traceback, whose locals would put data on the screen),
- 2 when stdin/stdout is not a terminal or the data folder does not exist,
- 128 + N after signal N (SIGHUP 129, SIGINT 130, SIGTERM 143): the app exits in order,
  so unmount handlers run; a second signal, or an exit that hangs for
  :data:`FORCE_EXIT_AFTER_S`, ends the process at once.

Once the app has exited (the terminal is restored), the process does not wait for thread
workers still running: they only read (an engine warm-up, a freshness check, a search),
and at a million papers a quit in the first seconds waited 3-5 s for them with the shell
prompt not back. Every write of the user's files happens on the UI thread, before the
app exits; a cache being written by a check is a temporary file the next sweep removes.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import sys
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from papertui.library.exitcodes import ExitCode, after_signal
from papertui.library.paths import resolve_data_dir
from papertui.library.sanitize import one_line
from papertui.tui.lifecycle import (
    NOT_A_TERMINAL,
    crash_line,
    needs_terminal,
    say,
    served_to_browser,
    tune_color_system,
    tune_escdelay,
    tune_frame_rate,
    tune_switch_interval,
    write_crash_log,
)

if TYPE_CHECKING:
    from textual.app import App

    from papertui.config.load import Config

FORCE_EXIT_AFTER_S = 5.0
QUIT_GRACE_S = 0.1  # seconds the thread workers still running get to end after a quit
HANDLED_SIGNALS = (signal.SIGHUP, signal.SIGTERM, signal.SIGINT)


@dataclass
class _Outcome:
    error: BaseException | None = None
    log: Path | None = None
    signal: int | None = None


def run_app(config: Config) -> int:
    """Start the papertui UI with the settled ``config`` (data folders, mouse, theme...)."""
    mouse = config.mouse
    if needs_terminal() and not served_to_browser():
        say(NOT_A_TERMINAL)
        return ExitCode.USAGE
    folders = config.data_folders or (resolve_data_dir(None),)
    for data_dir in folders:
        if not data_dir.is_dir():
            say(f"papertui: no data folder at {one_line(str(data_dir))}")
            return ExitCode.USAGE
    tune_escdelay()  # before Textual is imported: it reads ESCDELAY once
    tune_frame_rate()  # and TEXTUAL_FPS
    warning = tune_color_system()  # and TEXTUAL_COLOR_SYSTEM (an unknown one crashed it)
    if warning is not None:
        say(warning)

    def make() -> App[Any]:
        from papertui.tui.app import PaperTUI

        return PaperTUI(folders[0], mouse=mouse, config=config, layers=folders[1:])

    return run_guarded(make, mouse=mouse)


def run_guarded(
    make: Callable[[], App[Any]],
    *,
    mouse: bool = True,
    headless: bool = False,
    size: tuple[int, int] | None = None,
) -> int:
    """Build the app with ``make`` and run it with crash, signal and exit-code handling.

    Separate from :func:`run_app` so tests can run any app through the same lifecycle.
    """
    outcome = _Outcome()
    tune_switch_interval()  # a key passes three threads (lifecycle.SWITCH_INTERVAL_S)
    code = _outcome_code(make, outcome, mouse=mouse, headless=headless, size=size)
    if _busy_threads(QUIT_GRACE_S):  # only readers are left (see the module's docstring)
        for stream in (sys.stdout, sys.stderr):
            with contextlib.suppress(OSError, ValueError, AttributeError):
                stream.flush()
        _hard_exit(code)
    return code


def _outcome_code(
    make: Callable[[], App[Any]],
    outcome: _Outcome,
    *,
    mouse: bool,
    headless: bool,
    size: tuple[int, int] | None,
) -> int:
    try:
        app = make()
        _guard_exceptions(app, outcome)
        result = asyncio.run(_run(app, outcome, mouse=mouse, headless=headless, size=size))
    except Exception as error:  # a crash outside the app's message loop
        if outcome.error is None:
            outcome.error, outcome.log = error, write_crash_log(error)
        result = None
    if outcome.error is not None:
        say(crash_line(outcome.error, outcome.log))
        return ExitCode.CRASH
    if outcome.signal is not None:
        if outcome.signal == signal.SIGHUP:
            _detach_from_terminal()
        return after_signal(outcome.signal)
    return _status(result, app)


def _busy_threads(grace: float) -> list[threading.Thread]:
    """Threads the interpreter would wait for at exit (thread workers are not daemons),
    given ``grace`` seconds in all to end (an idle worker ends at once: :func:`_run`)."""
    main = threading.main_thread()
    deadline = time.monotonic() + grace
    busy = []
    for thread in threading.enumerate():
        if thread is not main and not thread.daemon:
            thread.join(max(0.0, deadline - time.monotonic()))
            if thread.is_alive():
                busy.append(thread)
    return busy


def _hard_exit(code: int) -> None:
    """Leave now (no cleanup but this): a cache build or a freshness check running in a
    child process is stopped too."""
    for name in ("papertui.store.child", "papertui.store.refresh"):
        children = sys.modules.get(name)
        if children is not None:
            children.stop_children()
    os._exit(code)


def _detach_from_terminal() -> None:
    """After a hang-up the terminal is gone: point stdio at /dev/null so the interpreter's
    final flush cannot fail (Python would turn that into exit status 120)."""
    try:
        devnull = os.open(os.devnull, os.O_RDWR)
    except OSError:  # pragma: no cover
        return
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(OSError, ValueError, AttributeError):
            stream.flush()
    for fd in (0, 1, 2):
        with contextlib.suppress(OSError):
            os.dup2(devnull, fd)
    os.close(devnull)


def _status(result: object, app: App[Any]) -> int:
    code = app.return_code
    if code:
        return code
    return result if isinstance(result, int) and not isinstance(result, bool) else 0


def _guard_exceptions(app: App[Any], outcome: _Outcome) -> None:
    """Replace Textual's crash report (a traceback with locals) with a log file: the
    app still exits with return code 1 (see
    :func:`~papertui.tui.textual_private.install_exception_handler`);
    :func:`run_guarded` prints one line naming the file."""
    from papertui.tui.textual_private import install_exception_handler  # Textual: late

    def on_error(error: Exception) -> None:
        if outcome.error is None:
            outcome.error, outcome.log = error, write_crash_log(error)

    install_exception_handler(app, on_error)


async def _run(
    app: App[Any],
    outcome: _Outcome,
    *,
    mouse: bool,
    headless: bool,
    size: tuple[int, int] | None,
) -> object:
    loop = asyncio.get_running_loop()
    workers = ThreadPoolExecutor(thread_name_prefix="papertui-worker")
    loop.set_default_executor(workers)  # Textual's thread workers run on it

    def on_signal(signum: int, _frame: object = None) -> None:
        if outcome.signal is not None:  # second signal: the user means it
            _hard_exit(after_signal(signum))
        outcome.signal = signum
        # If the orderly exit hangs (a stuck thread worker keeps asyncio.run or the
        # interpreter waiting, or the loop itself is blocked), leave anyway. Never
        # cancelled: a daemon thread dies with a process that exits in time.
        timer = threading.Timer(FORCE_EXIT_AFTER_S, _hard_exit, (after_signal(signum),))
        timer.daemon = True
        timer.start()
        loop.call_soon_threadsafe(partial(app.exit, return_code=after_signal(signum)))

    # Python-level handlers, not loop.add_signal_handler: those run only when the event
    # loop gets control, so a handler that blocked the loop (the palette's fuzzy matcher
    # on a 10 kB tag did, for minutes) made SIGTERM and a closed pane do nothing at all.
    # These run on the main thread between bytecodes, loop blocked or not.
    previous: dict[int, Any] = {}
    for signum in HANDLED_SIGNALS:
        with contextlib.suppress(ValueError, OSError):  # not the main thread: none
            previous[signum] = signal.signal(signum, on_signal)
    try:
        return await app.run_async(mouse=mouse, headless=headless, size=size)
    finally:
        for number, handler in previous.items():
            with contextlib.suppress(ValueError, OSError, TypeError):
                signal.signal(number, handler)
        # asyncio.run would wait for the thread workers still running: it gets an empty
        # executor, the idle workers are let go, and run_guarded leaves without the rest
        workers.shutdown(wait=False, cancel_futures=True)
        loop.set_default_executor(ThreadPoolExecutor(max_workers=1))
