"""A lab's shared host: an OpenSSH server with ``ForceCommand papertui``, two people at once.

The README's recipe, end to end. A private sshd (the "shared host", on a free loopback
port) lets two test users in with keys, and forces ``papertui --data DIR`` on every login
(DIR read-only for them). Each user's session is driven through the ssh harness (tmux +
``ssh -tt``: the harness logs in to its own sshd, and from there runs ``ssh`` to the shared
host as that user). The two runs go at the same time and meet at a barrier, so each sees
both papertui processes while it searches for its own thing, on its own screen, with its
own per-user cache under its own home.

Needs root (to add the two users with ``useradd`` and start sshd); skipped otherwise.
"""

from __future__ import annotations

import os
import pwd
import shutil
import socket
import subprocess
import sys
import tempfile
import textwrap
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest

from .harness import DATA, SSHD, Run, installed_papertui, run_scenario

pytestmark = [pytest.mark.e2e, pytest.mark.usefixtures("harness_ready")]

USERS = ("ptui-e2e-ada", "ptui-e2e-bob")
SEARCHES = {
    "ptui-e2e-ada": ("author:devlin", "BERT"),
    "ptui-e2e-bob": ("author:vaswani", "Attention"),
}


@dataclass
class Host:
    root: Path
    port: int
    data: Path
    keys: dict[str, Path]
    homes: dict[str, Path]


def _others_can_run(path: Path) -> bool:
    """Whether a user other than root can execute ``path`` (every folder above it too)."""
    real = path.resolve()
    return all(p.stat().st_mode & 0o001 for p in [real, *real.parents])


def _lab_command(root: Path, data: Path) -> str:
    """The ForceCommand: this environment's papertui when other users can run it; else (an
    interpreter under /root, as with pyenv) a venv of the system's Python, of the same
    version, that sees this environment's packages through a ``.pth`` file."""
    if _others_can_run(Path(sys.executable)):
        return f"{installed_papertui()} --data {data}"
    system = Path(f"/usr/bin/python{sys.version_info.major}.{sys.version_info.minor}")
    if not system.exists() or not _others_can_run(system):
        pytest.skip(f"{sys.executable} cannot be run by other users and there is no {system}")
    venv = root / "venv"
    subprocess.run([str(system), "-m", "venv", "--without-pip", str(venv)], check=True)
    site = venv / "lib" / system.name / "site-packages"
    ours = [p for p in sys.path if p.endswith("site-packages")]
    # an "import" line in a .pth runs: addsitedir also reads that folder's own .pth files
    (site / "tests-env.pth").write_text(f"import site, sys; list(map(site.addsitedir, {ours!r}))\n")
    venv.chmod(0o755)
    return f"{venv}/bin/python -P -m papertui --data {data}"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _port_open(port: int) -> bool:
    with socket.socket() as sock:
        return sock.connect_ex(("127.0.0.1", port)) == 0


@pytest.fixture
def shared_host() -> Iterator[Host]:
    if os.geteuid() != 0 or shutil.which("useradd") is None:
        pytest.skip("needs root and useradd to create the two test users")
    with shared_host_running() as host:
        yield host


@contextmanager
def shared_host_running() -> Iterator[Host]:
    """The two users, the read-only data and the ForceCommand sshd; all removed after."""
    root = Path(tempfile.mkdtemp(prefix="papertui-shared-"))
    root.chmod(0o755)
    made: list[str] = []
    sshd: subprocess.Popen[bytes] | None = None
    made_run_sshd = False
    try:
        # the lab's data: a copy nobody but root may write
        data = root / "data"
        shutil.copytree(DATA / "tiny", data)
        for path in [data, *data.rglob("*")]:
            path.chmod(0o755 if path.is_dir() else 0o444)
        keys, homes = {}, {}
        (root / "authorized").mkdir(mode=0o755)
        for user in USERS:
            home = root / "home" / user
            home.parent.mkdir(exist_ok=True, mode=0o755)
            try:
                pwd.getpwnam(user)
            except KeyError:
                subprocess.run(
                    ["useradd", "-M", "-p", "*", "-d", str(home), "-s", "/bin/bash", user],
                    check=True,
                )
                made.append(user)
            home.mkdir(mode=0o700)
            shutil.chown(home, user, user)
            key = root / f"{user}_ed25519"
            subprocess.run(
                ["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", str(key)], check=True
            )
            shutil.copy(f"{key}.pub", root / "authorized" / user)
            keys[user], homes[user] = key, home
        subprocess.run(
            ["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", str(root / "host_ed25519")],
            check=True,
        )
        port = _free_port()
        config = root / "sshd_config"
        config.write_text(
            textwrap.dedent(
                f"""\
                Port {port}
                ListenAddress 127.0.0.1
                HostKey {root}/host_ed25519
                PidFile {root}/sshd.pid
                AuthorizedKeysFile {root}/authorized/%u
                AllowUsers {" ".join(USERS)}
                PubkeyAuthentication yes
                PasswordAuthentication no
                KbdInteractiveAuthentication no
                UsePAM no
                StrictModes no
                AcceptEnv LANG LC_*
                PrintMotd no
                PrintLastLog no
                DisableForwarding yes
                PermitTTY yes
                ForceCommand {_lab_command(root, data)}
                """
            )
        )
        if not Path("/run/sshd").is_dir():
            Path("/run/sshd").mkdir(mode=0o755)
            made_run_sshd = True
        subprocess.run([str(SSHD), "-t", "-f", str(config)], check=True)
        sshd = subprocess.Popen([str(SSHD), "-D", "-f", str(config), "-E", str(root / "sshd.log")])
        deadline = time.monotonic() + 10
        while not _port_open(port) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert _port_open(port), (root / "sshd.log").read_text()
        yield Host(root, port, data, keys, homes)
    finally:
        if sshd is not None:
            sshd.terminate()
            sshd.wait(10)
        for user in made:  # once their sessions have ended (a hang-up ends them in order)
            for _ in range(100):
                if subprocess.run(["pgrep", "-u", user], capture_output=True).returncode:
                    break
                time.sleep(0.1)
            subprocess.run(["userdel", user], check=False)
        if made_run_sshd and subprocess.run(["pgrep", "-x", "sshd"], check=False).returncode:
            shutil.rmtree("/run/sshd", ignore_errors=True)
        shutil.rmtree(root, ignore_errors=True)


def _steps(host: Host, user: str) -> Path:
    query, expected = SEARCHES[user]
    other = next(u for u in USERS if u != user)
    barrier = (
        f"touch {host.root}/{user}.ready; "
        f"for i in $(seq 300); do [ -e {host.root}/{other}.ready ] && break; sleep 0.1; done; "
        'ps -eo user:16,args | grep "[p]apertui --data"'
    )
    path = host.root / f"{user}.steps"
    path.write_text(
        textwrap.dedent(
            f"""\
            timeout 40
            paint Showing 13 of 13
            sleep 1
            keys /
            type {query}
            wait Showing 1 of 13
            expect {expected}
            shell {barrier}
            snap {user} searched
            keys Enter
            sleep 0.5
            keys q
            wait-exit 15
            """
        )
    )
    return path


def _login(host: Host, user: str) -> str:
    return (
        f"/usr/bin/ssh -F /dev/null -tt -p {host.port} -i {host.keys[user]} "
        "-o IdentitiesOnly=yes -o BatchMode=yes -o StrictHostKeyChecking=no "
        f"-o UserKnownHostsFile=/dev/null -o LogLevel=ERROR {user}@127.0.0.1"
    )


def test_two_people_at_once_each_in_their_own_session(shared_host: Host) -> None:
    host = shared_host

    def session(user: str) -> Run:
        # two harness runs started at the same instant could both pick the same free port
        # for their own sshd: start the second once the first one's is listening
        time.sleep(3 * USERS.index(user))
        command = _login(host, user)
        return run_scenario(f"shared host: {user}", str(_steps(host, user)), command=command)

    with ThreadPoolExecutor(2) as pool:
        runs = dict(zip(USERS, pool.map(session, USERS), strict=True))
    for user, run in runs.items():
        assert run.returncode == 0 and not run.fails, run.explain()
        assert run.exit_status == 0, run.explain()
        screen = run.snap(f"{user} searched")
        query, expected = SEARCHES[user]
        assert query in screen and expected in screen, screen
        other_query = SEARCHES[next(u for u in USERS if u != user)][0]
        assert other_query not in screen  # the other person's search is not on this screen
        # at the barrier both people's papertui were running, each as its own user
        for someone in USERS:
            assert f"{someone} " in run.output and f"papertui --data {host.data}" in run.output
        assert "Permission denied" not in run.output
    for user, home in host.homes.items():
        # per-user XDG dirs: each login built its own load cache in its own home
        caches = list((home / ".cache" / "papertui").glob("*"))
        assert caches, f"no cache under {home}"
        assert all(path.stat().st_uid == pwd.getpwnam(user).pw_uid for path in caches)
    # the shared data stayed read-only and untouched
    assert not [p for p in host.data.rglob("*") if p.is_file() and p.stat().st_mode & 0o222]
