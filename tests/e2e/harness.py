"""Run the installed ``papertui`` through ``../shared/tools/ssh-harness/run.sh``.

The harness starts a private sshd on 127.0.0.1 and a fixed-size tmux pane, runs
``ssh -tt`` in it and replays a steps file (``tests/e2e/steps/*.steps``). This module
finds it, checks its tools, runs one scenario and parses what it printed.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
STEPS = Path(__file__).resolve().parent / "steps"
DATA = REPO / "tests" / "data"
HARNESS_ENV = "PAPERTUI_SSH_HARNESS"
TOOLS = ("tmux", "ssh", "ssh-keygen", "ps", "pgrep")
SSHD = Path("/usr/sbin/sshd")

FIRST_PAINTS: list[tuple[str, int]] = []  # (scenario, ms), printed in the terminal summary


# run.sh exits 2 on a harness error; these mean "sshd/tmux cannot run here", not a bug
CANNOT_RUN = (
    "sshd config rejected",
    "sshd did not start",
    "apt-get failed",
    "and not root",
    "tmux failed to start",
    "no free port found",
)


def find_harness() -> Path | None:
    """``$PAPERTUI_SSH_HARNESS``, else ``shared/tools/ssh-harness/run.sh`` next to the
    repository or any folder above it (CI clones the repository with ``../shared`` beside it)."""
    candidates = []
    if os.environ.get(HARNESS_ENV):
        candidates.append(Path(os.environ[HARNESS_ENV]))
    candidates += [base / "shared" / "tools" / "ssh-harness" / "run.sh" for base in REPO.parents]
    return next((path for path in candidates if path.is_file()), None)


def why_not_runnable() -> str | None:
    """A reason to skip, or None when the harness can run here."""
    if find_harness() is None:
        return f"ssh harness not found (../shared/tools/ssh-harness/run.sh; or set {HARNESS_ENV})"
    missing = [tool for tool in TOOLS if shutil.which(tool) is None]
    if not SSHD.exists():
        missing.append("sshd")
    if missing:
        return (
            f"missing {', '.join(missing)}: install tmux openssh-server openssh-client procps "
            "(.ci/run does it when run as root)"
        )
    if not installed_papertui().exists():
        return f"papertui is not installed next to {sys.executable}"
    return None


def installed_papertui() -> Path:
    """The console script of the environment running the tests (absolute path)."""
    return Path(sys.executable).parent / "papertui"


@dataclass
class Run:
    scenario: str
    returncode: int
    output: str
    first_paint_ms: int | None = None
    exit_status: int | None = None
    fails: list[str] = field(default_factory=list)
    titles: list[str] = field(default_factory=list)
    buffers: list[str] = field(default_factory=list)

    def snap(self, label: str) -> str:
        """The text of the capture called ``label`` (rows without the ``NN|`` prefix)."""
        pattern = rf"----- snap \d+: {re.escape(label)} \([^)]*\) -----\n(.*?)----- end snap"
        match = re.search(pattern, self.output, re.S)
        assert match, f"no snap {label!r} in:\n{self.output[-3000:]}"
        return "\n".join(line[3:] for line in match.group(1).splitlines())

    def explain(self) -> str:
        fails = "\n".join(self.fails) or "(no FAIL line)"
        return f"scenario {self.scenario} (rc {self.returncode}): {fails}\n{self.output[-6000:]}"


def run_scenario(
    scenario: str,
    steps: str,
    *,
    data: str = "tiny",
    size: str = "100x30",
    term: str | None = None,
    env: dict[str, str] | None = None,
    command: str | None = None,
    timeout: float = 150,
) -> Run:
    harness = find_harness()
    assert harness is not None
    app = command or f"{installed_papertui()} --data {DATA / data}"
    args = ["bash", str(harness), "--size", size, "--cwd", str(REPO)]
    if term:
        args += ["--term", term]
    for key, value in (env or {}).items():
        args += ["--env", f"{key}={value}"]
    args += [app, str(STEPS / steps)]
    child_env = {k: v for k, v in os.environ.items() if k not in ("TMUX", "TMUX_PANE")}
    child_env.setdefault("LANG", "C.UTF-8")
    proc = subprocess.run(
        args, capture_output=True, text=True, timeout=timeout, env=child_env, check=False
    )
    out = proc.stdout + proc.stderr
    if proc.returncode == 2 and any(reason in out for reason in CANNOT_RUN):
        reason = next(line for line in out.splitlines() if any(r in line for r in CANNOT_RUN))
        pytest.skip(f"the ssh harness cannot run here: {reason.strip()}")
    result = Run(scenario, proc.returncode, out)
    if match := re.search(r"METRIC first_paint_ms=(\d+)", out):
        result.first_paint_ms = int(match.group(1))
        FIRST_PAINTS.append((scenario, result.first_paint_ms))
    if match := re.search(r"^exit: status=(\d+)", out, re.M):
        result.exit_status = int(match.group(1))
    result.fails = re.findall(r"^FAIL: .*$", out, re.M)
    result.titles = re.findall(r"^pane title: '(.*)'$", out, re.M)
    result.buffers = re.findall(r"^tmux buffer.*$", out, re.M)
    return result
