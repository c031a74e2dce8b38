"""Writing a user's files: whole or not at all, one writer at a time (Textual-free core).

Every file papertui writes into a data folder (``papertui import``'s ``papers/*.yaml`` and
``eras.yaml``) goes through :func:`write_atomic`: the text is written to a hidden temporary
file beside the target (``.<name>.<pid>.tmp``, which the loader's walk skips), flushed with
``fsync``, and moved over the target with ``os.replace``; the folder is then synced too. A kill
or a full disk at any moment leaves the target as it was or as it is meant to be, never cut,
and the temporary file is removed on any error.

:func:`folder_lock` takes an exclusive ``fcntl.flock`` on ``<folder>/.papertui.lock`` for the
whole read-merge-write of an import, so a second import into the same folder waits and then
reads what the first one wrote (nothing is lost). The kernel drops the lock when the process
dies, so a killed import never leaves the folder locked.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import os
import re
import stat
from collections.abc import Callable, Iterator
from pathlib import Path

LOCK_FILE = ".papertui.lock"
TEMP_SUFFIX = ".tmp"


def _fsync_dir(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass  # some file systems cannot sync a folder; the rename itself is still atomic
    finally:
        os.close(fd)


def sync_folders(paths: list[Path]) -> None:
    """fsync the folders holding ``paths``, once each: what :func:`write_atomic` with
    ``sync_folder=False`` left to its caller (one fsync per folder, not one per file)."""
    for folder in dict.fromkeys(p.parent for p in paths):
        _fsync_dir(folder)


def write_atomic(path: Path, text: str, *, durable: bool = True, sync_folder: bool = True) -> None:
    """Replace ``path`` with ``text`` (UTF-8) atomically; raise ``OSError`` and leave ``path``
    untouched if anything fails. An existing target that is not a regular file (a symlink,
    a FIFO) is refused rather than written through. ``sync_folder=False``: the caller
    fsyncs the folder (:func:`sync_folders`) after a batch; ``durable=False`` (a throw-away
    temporary folder) skips every fsync; the replace is atomic either way."""
    try:
        info = os.lstat(path)
    except FileNotFoundError:
        pass
    else:
        if not stat.S_ISREG(info.st_mode):
            raise OSError(errno.EEXIST, "exists and is not a regular file", str(path))
    tmp = path.with_name(f".{path.name}.{os.getpid()}{TEMP_SUFFIX}")
    data = text.encode("utf-8")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), 0o644)
    try:
        try:
            view = memoryview(data)
            while view:
                view = view[os.write(fd, view) :]
            if durable:
                os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    if durable and sync_folder:
        _fsync_dir(path.parent)


_TEMP_NAME = re.compile(r"\..+\.\d+\.tmp\Z")


def sweep_temp_files(folder: Path) -> int:
    """Remove the temporary files a killed writer left in ``folder`` and below it (symbolic
    links not followed); return how many. Call it only while holding :func:`folder_lock`:
    then no other writer's temporary file can be in flight."""
    removed = 0
    for root, dirs, files in os.walk(folder):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        for name in files:
            if _TEMP_NAME.match(name):
                with contextlib.suppress(OSError):
                    os.unlink(os.path.join(root, name))
                    removed += 1
    return removed


@contextlib.contextmanager
def folder_lock(folder: Path, on_wait: Callable[[], None] | None = None) -> Iterator[None]:
    """Hold an exclusive lock on ``folder`` (``folder/.papertui.lock``) for the ``with`` body.

    If another process holds it, ``on_wait()`` is called once and the call blocks until the
    lock is free. Raises ``OSError`` when the lock file cannot be created (read-only folder).
    """
    fd = os.open(folder / LOCK_FILE, os.O_RDWR | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0), 0o644)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            if on_wait is not None:
                on_wait()
            fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)  # releases the lock


__all__ = ["LOCK_FILE", "TEMP_SUFFIX", "folder_lock", "sweep_temp_files", "write_atomic"]
