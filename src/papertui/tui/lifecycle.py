"""Process-level helpers for running the app in a real terminal (no Textual import here).

- :func:`over_ssh` / :func:`tune_escdelay`: slow links split escape sequences; Textual waits
  ``ESCDELAY`` ms (default 100) for the rest of one, so over SSH we raise it unless the
  user chose a value.
- :func:`write_crash_log`: the full traceback goes to a file in the user's state
  directory, never to the screen (Textual's own crash report prints locals, i.e. data).
- :func:`needs_terminal`: papertui is interactive; ``papertui | cat`` or ``ssh host
  papertui`` without ``-t`` get one clear line instead of a broken screen.
"""

from __future__ import annotations

import contextlib
import os
import platform
import sys
import tempfile
import traceback
from collections.abc import Mapping, MutableMapping
from datetime import UTC, datetime
from pathlib import Path
from typing import TextIO

from papertui import __version__
from papertui.library.paths import state_dir
from papertui.library.sanitize import one_line

ESCDELAY_OVER_SSH_MS = 300
# Frames a second Textual may paint (``TEXTUAL_FPS``, Textual's default 60). Textual paints
# from a timer that waits for its next tick, so a search result that is ready just after
# a frame waited up to 17 ms more; at 500 the wait is at most 2 ms (a frame costs more).
# benchmarks/keys_e2e.py at 100k papers, key -> frame written p50: 60 -> 38 ms,
# 240 -> 20-22 ms, 1000 -> 16 ms.
FRAME_RATE = 500
# How long a thread may hold the GIL while another one waits for it (Python's default is
# 5 ms). A key passes three threads: Textual's input thread parses it, the UI handles it,
# the writer thread sends the frame; each waited for a busy holder up to the interval.
# benchmarks/keys_e2e.py at 1M papers, two alternated pairs, key -> frame p50: 18.2 and
# 17.1 ms at 5 ms, 15.9 and 15.6 ms at 1 ms.
SWITCH_INTERVAL_S = 0.001
SSH_VARIABLES = ("SSH_CONNECTION", "SSH_CLIENT", "SSH_TTY")

# One line that fits 80 columns (a wrapped line can lose its start in a small pane).
NOT_A_TERMINAL = "papertui: needs an interactive terminal (ssh -t); for scripts: papertui check"


def over_ssh(env: Mapping[str, str] | None = None) -> bool:
    """True when this process runs inside an SSH session."""
    env = os.environ if env is None else env
    return any(env.get(name) for name in SSH_VARIABLES)


def tune_escdelay(env: MutableMapping[str, str] | None = None) -> str | None:
    """Raise ``ESCDELAY`` to :data:`ESCDELAY_OVER_SSH_MS` over SSH unless the user set it.

    Textual reads ``ESCDELAY`` once, when ``textual.constants`` is imported; the parser then
    reads ``constants.ESCAPE_DELAY`` on every key. So we set the variable and, if Textual
    is already imported (tests, plugins), the constant too. Returns the value set, if any.
    """
    env = os.environ if env is None else env
    if "ESCDELAY" in env or not over_ssh(env):
        return None
    value = str(ESCDELAY_OVER_SSH_MS)
    env["ESCDELAY"] = value
    constants = sys.modules.get("textual.constants")
    if constants is not None and env is os.environ:
        setattr(constants, "ESCAPE_DELAY", ESCDELAY_OVER_SSH_MS / 1000.0)  # noqa: B010
    return value


WEB_DRIVER = "textual.drivers.web_driver:WebDriver"


def served_to_browser(env: Mapping[str, str] | None = None) -> bool:
    """True in a session started by ``papertui serve`` (textual-serve): its stdin and stdout
    are pipes to the server, which speaks Textual's web driver protocol on them."""
    env = os.environ if env is None else env
    return env.get("TEXTUAL_DRIVER") == WEB_DRIVER


def tune_frame_rate(env: MutableMapping[str, str] | None = None) -> str | None:
    """Set ``TEXTUAL_FPS`` to :data:`FRAME_RATE` unless the user set it; call it before
    Textual is imported (it reads the variable once). Returns the value set, if any."""
    env = os.environ if env is None else env
    if "TEXTUAL_FPS" in env:
        return None
    env["TEXTUAL_FPS"] = value = str(FRAME_RATE)
    return value


def tune_switch_interval() -> float:
    """Let a thread waiting for the GIL have it after :data:`SWITCH_INTERVAL_S` at most
    (only ever shorter than Python's own interval); returns the interval now in force."""
    if sys.getswitchinterval() > SWITCH_INTERVAL_S:
        sys.setswitchinterval(SWITCH_INTERVAL_S)
    return sys.getswitchinterval()


COLOR_SYSTEMS = ("auto", "standard", "256", "truecolor", "windows")  # Textual's (Rich's) names


def tune_color_system(env: MutableMapping[str, str] | None = None) -> str | None:
    """Drop a ``TEXTUAL_COLOR_SYSTEM`` Textual does not know (``bogus`` was a ``KeyError``
    crash at start-up, audit 21); call it before Textual is imported. Returns the one-line
    warning to show, if any."""
    env = os.environ if env is None else env
    value = env.get("TEXTUAL_COLOR_SYSTEM")
    if value is None or value in COLOR_SYSTEMS:
        return None
    del env["TEXTUAL_COLOR_SYSTEM"]
    constants = sys.modules.get("textual.constants")
    if constants is not None and env is os.environ:
        setattr(constants, "COLOR_SYSTEM", "auto")  # noqa: B010
    known = ", ".join(COLOR_SYSTEMS[1:4])
    return f"papertui: TEXTUAL_COLOR_SYSTEM={one_line(value)!r} ignored (use {known})"


def needs_terminal(stdin: TextIO | None = None, stdout: TextIO | None = None) -> bool:
    """True when stdin or stdout is not a terminal (so the UI cannot run)."""
    stdin = sys.stdin if stdin is None else stdin
    stdout = sys.stdout if stdout is None else stdout
    try:
        return stdin is None or stdout is None or not (stdin.isatty() and stdout.isatty())
    except (AttributeError, ValueError):  # closed or replaced streams
        return True


def _header() -> str:
    try:
        from importlib.metadata import version

        textual_version = version("textual")
    except Exception:  # pragma: no cover - metadata missing
        textual_version = "?"
    lines = [
        f"papertui {__version__} crash report, {datetime.now(UTC).isoformat(timespec='seconds')}",
        f"python {platform.python_version()} on {platform.platform()}; textual {textual_version}",
        f"TERM={os.environ.get('TERM', '')!r} COLORTERM={os.environ.get('COLORTERM', '')!r} "
        f"ssh={over_ssh()} argv={sys.argv!r}",
    ]
    return "\n".join(lines) + "\n\n"


def root_error(error: BaseException) -> BaseException:
    """The exception that matters: Textual wraps a failed worker's in ``WorkerFailed.error``."""
    inner = getattr(error, "error", None)
    if type(error).__name__ == "WorkerFailed" and isinstance(inner, BaseException):
        return inner
    return error


def write_crash_log(error: BaseException, directory: Path | None = None) -> Path | None:
    """Write ``error``'s traceback (no locals) to ``crash-<UTC timestamp>.log``.

    Tries the state directory, then the temp directory; returns the path, or ``None`` when
    nothing could be written.
    """
    root = root_error(error)
    text = _header() + "".join(traceback.format_exception(root))
    if root is not error:
        text += f"\n(reported by Textual as {type(error).__name__})\n"
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S.%fZ")
    candidates = (
        [directory] if directory is not None else [state_dir(), Path(tempfile.gettempdir())]
    )
    for folder in candidates:
        try:
            folder.mkdir(parents=True, exist_ok=True)
            path = folder / f"crash-{stamp}.log"
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(fd, "w", encoding="utf-8", errors="backslashreplace") as handle:
                handle.write(text)
            return path
        except OSError:
            continue
    return None


def crash_line(error: BaseException, log: Path | None) -> str:
    """The single line shown after a crash (no data: only the exception type and the log)."""
    kind = type(root_error(error)).__name__
    if log is None:
        return f"papertui: internal error ({kind}); could not write a crash log"
    return f"papertui: internal error ({kind}); details in {one_line(str(log))}"


def say(line: str) -> None:
    """Print one line to stderr, ignoring a terminal that has gone away."""
    with contextlib.suppress(OSError, ValueError):
        print(line, file=sys.stderr, flush=True)
