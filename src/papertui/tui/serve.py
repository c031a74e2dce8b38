"""``papertui serve``: the app in a web browser, one papertui process per browser tab.

Built on textual-serve: an aiohttp server sends a page with xterm.js, and each websocket
(one per tab) starts ``python -P -m papertui --data DIR`` with Textual's web driver. Every
session reads the same data folder and never writes to it; each has its own process, so a
slow search in one tab never delays another.

Imported only by the ``serve`` sub-command (aiohttp and textual-serve are not cheap).
What this module adds to textual-serve:

- it binds only loopback addresses unless ``--public`` says otherwise, and binds the socket
  itself, so a port in use or a host that is not an address is one line and exit status 2
  (:class:`~papertui.library.exitcodes.ExitCode`), never a traceback;
- it loads the data folder once before serving (which also warms the load cache, so each
  tab's first paint is a warm load) and refuses a folder with nothing to show;
- a session's process runs in its own process group and is stopped (quit, then SIGTERM,
  then SIGKILL) when its tab goes away, when the server stops, and (Linux) when the server
  dies without stopping, so a closed tab leaves no process behind.
"""

from __future__ import annotations

import asyncio
import contextlib
import errno
import ipaddress
import os
import shlex
import signal
import socket
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from aiohttp import web
from textual_serve.app_service import AppService
from textual_serve.server import Server, to_int

from papertui.library.exitcodes import ExitCode
from papertui.library.sanitize import one_line
from papertui.store.folders import Data, data_folders

if TYPE_CHECKING:
    from asyncio.subprocess import Process

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000
QUIT_GRACE_S = 3.0  # a session asked to quit has this long before SIGTERM
TERM_GRACE_S = 2.0  # then this long before SIGKILL
PREFIX = "papertui serve"


class ServeError(Exception):
    """Bad input for ``papertui serve``: one line for the user, exit status 2."""


def session_command(folders: Sequence[Path]) -> list[str]:
    """What one browser tab runs: this interpreter, ``-P`` (no current folder on the
    import path), the papertui package, on the data ``folders`` (layered, in order)."""
    data = [arg for folder in folders for arg in ("--data", str(folder))]
    return [sys.executable, "-P", "-m", "papertui", *data]


def parse_host(host: str, *, public: bool) -> str:
    """The address to bind: an IP address (``localhost`` means 127.0.0.1); a non-loopback
    one only with ``public``."""
    if host == "localhost":
        host = DEFAULT_HOST
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        raise ServeError(f"--host {one_line(host)!r} is not an IP address") from None
    if not address.is_loopback and not public:
        raise ServeError(
            f"{address} is not a loopback address: anyone who can reach it gets the app "
            "(add --public if that is what you want)"
        )
    return str(address)


def url_for(host: str, port: int) -> str:
    shown = f"[{host}]" if ":" in host else host
    return f"http://{shown}:{port}"


def bind(host: str, port: int) -> socket.socket:
    """A listening socket on ``host:port`` (port 0: any free port)."""
    if not 0 <= port <= 65535:
        raise ServeError(f"--port {port} is not a port (0-65535)")
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((host, port))
        sock.listen(128)
        sock.setblocking(False)
    except OSError as error:
        sock.close()
        if error.errno == errno.EADDRINUSE:
            raise ServeError(f"port {port} is already in use on {host}") from None
        if error.errno == errno.EADDRNOTAVAIL:
            raise ServeError(f"{host} is not an address of this machine") from None
        if error.errno == errno.EACCES:
            raise ServeError(f"port {port} needs privileges; use one above 1023") from None
        reason = one_line(error.strerror or str(error))
        raise ServeError(f"cannot listen on {host}:{port}: {reason}") from None
    return sock


def check_data(data: Data) -> list[Path]:
    """The data folders (absolute, layered when several), loaded once, which warms the
    caches every session then reads."""
    from papertui.store.folders import FolderError, open_folders

    folders = [folder.absolute() for folder in data_folders(data)]
    shown = one_line(", ".join(str(folder) for folder in folders))
    try:
        result = open_folders([str(folder) for folder in folders]).result
    except FolderError as problem:
        raise ServeError(str(problem)) from None
    except Exception as error:  # a folder the loader could not walk at all
        raise ServeError(f"data folder {shown} failed to load ({type(error).__name__})") from None
    if len(result.library) == 0:
        found = f"{len(result.problems)} problem(s)" if result.problems else "no papers"
        raise ServeError(
            f"data folder {shown} has nothing to show ({found}; see papertui check --data DIR)"
        )
    return folders


def run_serve(
    data: Data,
    *,
    host: str = DEFAULT_HOST,
    port: int = DEFAULT_PORT,
    public: bool = False,
    out: TextIO | None = None,
    err: TextIO | None = None,
) -> int:
    """``papertui serve``: check the options and the data, bind, serve until a signal."""
    out = out if out is not None else sys.stdout
    err = err if err is not None else sys.stderr
    try:
        address = parse_host(host, public=public)
        folders = check_data(data)
        sock = bind(address, port)
    except ServeError as error:
        print(f"{PREFIX}: {error}", file=err)
        return ExitCode.USAGE
    bound_port = sock.getsockname()[1]
    url = url_for(address, bound_port)

    def announce() -> None:
        print(f"{PREFIX}: {url}/ (one papertui per browser tab; ctrl+c stops)", file=out)
        with contextlib.suppress(OSError, ValueError):
            out.flush()

    try:
        asyncio.run(_serve(sock, url, session_command(folders), announce))
    finally:
        sock.close()
    return ExitCode.OK


async def _serve(
    sock: socket.socket, url: str, argv: list[str], announce: Callable[[], None]
) -> None:
    server = _Server(argv, url)
    app = await server.make_app()
    runner = web.AppRunner(app, handle_signals=False, shutdown_timeout=QUIT_GRACE_S)
    await runner.setup()
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
        loop.add_signal_handler(signum, stop.set)
    try:
        await web.SockSite(runner, sock).start()
        announce()
        await stop.wait()
    finally:
        await server.stop_sessions()
        await runner.cleanup()


# ---------------------------------------------------------------- textual-serve glue


def _die_with_parent() -> None:  # pragma: no cover - runs in the child before exec
    """Linux: the session gets SIGTERM if the server dies without stopping it."""
    import ctypes

    with contextlib.suppress(Exception):
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG


class _Session(AppService):
    """One browser tab's papertui: started without a shell, in its own process group,
    and always reaped when the tab goes."""

    argv: list[str]

    async def _open_app_process(self, width: int = 80, height: int = 24) -> Process:
        environment = self._build_environment(width=width, height=height)
        preexec = _die_with_parent if sys.platform.startswith("linux") else None
        self._process = process = await asyncio.create_subprocess_exec(
            *self.argv,
            stdin=asyncio.subprocess.PIPE,
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.PIPE,
            env=environment,
            start_new_session=True,
            preexec_fn=preexec,
        )
        assert process.stdin is not None
        self._stdin = process.stdin
        return process

    @property
    def pid(self) -> int | None:
        return None if self._process is None else self._process.pid

    async def stop(self) -> None:
        """Ask the app to quit; if it has not gone after a grace period, end its group."""
        with contextlib.suppress(TimeoutError, ConnectionError, RuntimeError):
            await asyncio.wait_for(super().stop(), QUIT_GRACE_S)
        process = self._process
        if process is None or process.returncode is not None:
            return
        for signum, grace in ((signal.SIGTERM, TERM_GRACE_S), (signal.SIGKILL, None)):
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.killpg(process.pid, signum)
            try:
                await asyncio.wait_for(process.wait(), grace)
                return
            except TimeoutError:
                continue


class _Server(Server):
    """textual-serve's server with papertui's sessions, quiet logging, no banner."""

    def __init__(self, argv: list[str], url: str) -> None:
        super().__init__(shlex.join(argv), title="papertui", public_url=url)
        self.argv = argv
        self.sessions: set[_Session] = set()

    def initialize_logging(self) -> None:  # textual-serve's rich logging is not wanted
        pass

    async def on_startup(self, app: web.Application) -> None:  # no banner
        pass

    async def make_app(self) -> web.Application:
        return await self._make_app()

    async def stop_sessions(self) -> None:
        await asyncio.gather(*(session.stop() for session in list(self.sessions)))

    async def handle_websocket(self, request: web.Request) -> web.WebSocketResponse:
        """textual-serve's handler, with :class:`_Session` and the session kept in a set
        so a server shutdown can stop it."""
        websocket = web.WebSocketResponse(heartbeat=15)
        width = to_int(request.query.get("width", "80"), 80)
        height = to_int(request.query.get("height", "24"), 24)
        session: _Session | None = None
        try:
            await websocket.prepare(request)

            async def close() -> None:
                await websocket.close()

            session = _Session(
                self.command,
                write_bytes=websocket.send_bytes,
                write_str=websocket.send_str,
                close=close,
                download_manager=self.download_manager,
            )
            session.argv = self.argv
            self.sessions.add(session)
            await session.start(width, height)
            await self._process_messages(websocket, session)
        except (asyncio.CancelledError, ConnectionError):
            pass
        finally:
            if session is not None:
                await session.stop()
                self.sessions.discard(session)
            with contextlib.suppress(Exception):
                await websocket.close()
        return websocket
