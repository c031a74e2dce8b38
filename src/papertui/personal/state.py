"""The personal state: read status, star and note per paper id, in one SQLite file per user.

Where: ``<user state dir>/state.sqlite3`` (:func:`papertui.library.paths.state_dir`, e.g.
``~/.local/state/papertui/``), never in the data folder. Rows are keyed by paper id and
are kept when a paper leaves the data (:meth:`PersonalState.orphans` lists them).

Safe with two sessions: every write is one ``BEGIN IMMEDIATE`` transaction that reads the
row it changes (so a star toggled in two sessions flips twice, never loses one) under a
``busy_timeout``; a session sees the other's writes through ``PRAGMA data_version``.
WAL journaling where the file system supports it; on a network file system (NFS, CIFS/SMB,
sshfs and other FUSE mounts, per ``/proc/mounts``) WAL's shared memory is unsafe, so the
classic rollback journal is used. ``PRAGMA quick_check`` runs at open: a damaged file is
moved aside (``state.sqlite3.damaged-<time>``) with a message and a new one is started.
The app opens with ``check=False`` and runs :meth:`PersonalState.check` on its worker after
the first read (the check reads every page: it is the slow part at 10k rows); a file too
damaged to read is still caught at open. The schema version is ``PRAGMA user_version``
with forward migrations.

When the state cannot be written (a read-only or full directory), the session keeps
working read-only: :attr:`PersonalState.problem` says why, once, and writes raise
:class:`StateUnavailable` with the same message.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import time
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path

from papertui.library.paths import state_dir
from papertui.personal.entry import (
    CODES_SQL,
    EMPTY,
    STATUSES,
    Entries,
    Entry,
    code_of,
    entry_of,
)
from papertui.personal.fsdetect import fs_type, is_network_fs

__all__ = [
    "DB_NAME",
    "STATUSES",
    "Entry",
    "PersonalState",
    "StateUnavailable",
    "default_path",
]

DB_NAME = "state.sqlite3"
BUSY_TIMEOUT_MS = 10_000

# Forward migrations: MIGRATIONS[n] takes the schema from version n to n + 1.
MIGRATIONS: tuple[str, ...] = (
    """
    CREATE TABLE papers (
        id TEXT PRIMARY KEY,
        status TEXT NOT NULL DEFAULT 'unread' CHECK (status IN ('unread', 'reading', 'read')),
        starred INTEGER NOT NULL DEFAULT 0,
        note TEXT NOT NULL DEFAULT '',
        updated REAL NOT NULL
    ) WITHOUT ROWID;
    """,
)
SCHEMA_VERSION = len(MIGRATIONS)


class StateUnavailable(Exception):
    """The state cannot be written; ``str()`` is the message to show."""


def default_path() -> Path:
    return state_dir() / DB_NAME


class PersonalState:
    """One user's state database, or a read-only stand-in when it cannot be written.

    ``entries`` is a snapshot ``{paper id: Entry}`` of the non-default rows, reloaded when
    another session has committed (cheap: one ``PRAGMA data_version``). It is kept as two
    compact columns, ``codes`` (``{id: status index | STARRED | NOTED}``, read with one
    ``dict(cursor)``) and ``notes`` (only the ids that have one); ``generation`` changes
    whenever they do. ``check=False`` leaves ``PRAGMA quick_check`` to :meth:`check`.
    """

    def __init__(
        self,
        path: Path | None = None,
        *,
        mounts: str | None = None,
        clock: Callable[[], float] = time.time,
        check: bool = True,
    ) -> None:
        self.path = path if path is not None else default_path()
        self.problem: str | None = None  # why the state is read-only (shown once)
        self.notice: str | None = None  # something the user should know (a damaged file)
        self.journal = ""
        self._clock = clock
        self._db: sqlite3.Connection | None = None
        self._codes: dict[str, int] = {}
        self._notes: dict[str, str] = {}
        self.generation = 0
        self._version = -1
        self._mounts = mounts
        self._check = check
        self._open()

    # -- opening ---------------------------------------------------------------------------

    def _connect(self, *, read_only: bool) -> sqlite3.Connection:
        if read_only:
            uri = self.path.resolve().as_uri() + "?mode=ro"
            target: str | Path = uri
        else:
            target = self.path
        # Opened on a worker thread, then used on the UI thread: one thread at a time.
        db = sqlite3.connect(
            target,
            uri=read_only,
            isolation_level=None,
            timeout=BUSY_TIMEOUT_MS / 1000,
            check_same_thread=False,
        )
        db.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        return db

    def _open(self) -> None:
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            self._read_only(f"cannot create {self.path.parent}: {error.strerror or error}")
            return
        exists = self.path.exists()
        writable = os.access(self.path.parent, os.W_OK) and (
            not exists or os.access(self.path, os.W_OK)
        )
        if not writable:
            self._read_only(f"{self.path.parent if not exists else self.path} is read-only")
            return
        try:
            db = self._connect(read_only=False)
            damaged = self._damage(db) if self._check else ""
            if damaged:
                db.close()
                self._move_aside(damaged)
                db = self._connect(read_only=False)
            self._start(db)
        except sqlite3.DatabaseError as error:
            if self._check or isinstance(error, sqlite3.OperationalError):
                self._close()
                self._read_only(self._explain(error))
                return
            self.reset(str(error))  # unchecked and unreadable: damaged after all
        except sqlite3.Error as error:
            self._close()
            self._read_only(self._explain(error))

    def _start(self, db: sqlite3.Connection) -> None:
        self._db = db
        self._set_journal(db)
        self._migrate(db)
        self._reload()

    def check(self) -> str:
        """``PRAGMA quick_check`` on a connection of its own (safe on a worker thread while
        the UI uses the state): why the file is damaged, or "" when it is fine."""
        if self._db is None or not self.path.is_file():
            return ""
        try:
            db = self._connect(read_only=True)
        except sqlite3.Error as error:
            return str(error)
        try:
            return self._damage(db)
        finally:
            db.close()

    def reset(self, reason: str) -> None:
        """Move a damaged file aside and start a new, empty state (after :meth:`check`)."""
        self._close()
        try:
            self._move_aside(reason)
            self._start(self._connect(read_only=False))
        except OSError as error:
            self._close()
            self._read_only(f"cannot move {self.path} aside: {error.strerror or error}")
        except sqlite3.Error as error:
            self._close()
            self._read_only(self._explain(error))

    def _damage(self, db: sqlite3.Connection) -> str:
        """Why the file is damaged ("" when ``quick_check`` says it is fine)."""
        try:
            rows = db.execute("PRAGMA quick_check").fetchall()
        except sqlite3.DatabaseError as error:
            return str(error)
        results = [str(r[0]) for r in rows]
        if results == ["ok"]:
            return ""
        return "; ".join(results[:3])

    def _move_aside(self, reason: str) -> None:
        stamp = time.strftime("%Y%m%d-%H%M%S")
        aside = self.path.with_name(f"{self.path.name}.damaged-{stamp}")
        os.replace(self.path, aside)
        for suffix in ("-wal", "-shm", "-journal"):
            side = self.path.with_name(self.path.name + suffix)
            with contextlib.suppress(FileNotFoundError):
                os.replace(side, aside.with_name(aside.name + suffix))
        self.notice = (
            f"Your reading state was damaged ({reason}); it was moved to {aside} "
            "and a new one started"
        )

    def _set_journal(self, db: sqlite3.Connection) -> None:
        network = is_network_fs(fs_type(self.path.parent, self._mounts))
        wanted = "delete" if network else "wal"
        row = db.execute(f"PRAGMA journal_mode = {wanted}").fetchone()
        self.journal = str(row[0]).lower() if row else ""
        db.execute("PRAGMA synchronous = " + ("NORMAL" if self.journal == "wal" else "FULL"))

    def _migrate(self, db: sqlite3.Connection) -> None:
        version = int(db.execute("PRAGMA user_version").fetchone()[0])
        if version >= SCHEMA_VERSION:
            return
        db.execute("BEGIN IMMEDIATE")
        try:
            version = int(db.execute("PRAGMA user_version").fetchone()[0])  # another session?
            for step in range(version, SCHEMA_VERSION):
                for statement in MIGRATIONS[step].split(";"):
                    if statement.strip():
                        db.execute(statement)
            db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
            db.execute("COMMIT")
        except BaseException:
            db.execute("ROLLBACK")
            raise

    def _read_only(self, reason: str) -> None:
        """Keep what can be read, write nothing."""
        self.problem = f"Reading state is read-only: {reason}; changes will not be saved"
        if self.path.is_file():
            try:
                db = self._connect(read_only=True)
                if not self._damage(db) and _user_version(db) >= 1:
                    self._db = db
                    self._reload()
                    return
                db.close()
            except sqlite3.Error:
                pass
        self._db = None
        self._codes, self._notes = {}, {}
        self.generation += 1

    @staticmethod
    def _explain(error: sqlite3.Error) -> str:
        text = str(error)
        if "full" in text.lower():
            return "the disk is full"
        return text

    def _close(self) -> None:
        if self._db is not None:
            with contextlib.suppress(sqlite3.Error):
                self._db.close()
        self._db = None

    def close(self) -> None:
        self._close()

    # -- reading ---------------------------------------------------------------------------

    @property
    def writable(self) -> bool:
        return self._db is not None and self.problem is None

    def _reload(self) -> None:
        assert self._db is not None
        self._version = int(self._db.execute("PRAGMA data_version").fetchone()[0])
        # Two compact columns, each built by dict() from the cursor: no object per paper.
        self._codes = dict(self._db.execute(CODES_SQL))
        self._notes = dict(self._db.execute("SELECT id, note FROM papers WHERE note != ''"))
        self.generation += 1

    def refresh(self) -> bool:
        """Pick up another session's writes; True when something changed."""
        if self._db is None:
            return False
        try:
            version = int(self._db.execute("PRAGMA data_version").fetchone()[0])
            if version == self._version:
                return False
            self._reload()
        except sqlite3.Error:
            return False
        return True

    @property
    def entries(self) -> Mapping[str, Entry]:
        self.refresh()
        return Entries(self._codes, self._notes)

    @property
    def codes(self) -> Mapping[str, int]:
        """``{paper id: status index | STARRED | NOTED}`` of the non-default rows (read only)."""
        return self._codes

    def get(self, paper_id: str) -> Entry:
        code = self._codes.get(paper_id)
        return EMPTY if code is None else entry_of(code, self._notes.get(paper_id, ""))

    def orphans(self, known: Iterable[str] | Mapping[str, object]) -> list[str]:
        """Ids in the state that are not in ``known`` (kept, never deleted), sorted."""
        self.refresh()
        have = known if isinstance(known, Mapping) else set(known)
        return sorted(pid for pid in self._codes if pid not in have)

    # -- writing ---------------------------------------------------------------------------

    def _write(self, paper_id: str, change: Callable[[Entry], Entry]) -> Entry:
        """Read the row, apply ``change``, write it: one IMMEDIATE transaction."""
        if self._db is None or self.problem is not None:
            raise StateUnavailable(self.problem or "Reading state is not available")
        db = self._db
        try:
            db.execute("BEGIN IMMEDIATE")
            try:
                row = db.execute(
                    "SELECT status, starred, note FROM papers WHERE id = ?", (paper_id,)
                ).fetchone()
                old = Entry(row[0], bool(row[1]), row[2]) if row else EMPTY
                new = change(old)
                if new.is_default:
                    db.execute("DELETE FROM papers WHERE id = ?", (paper_id,))
                else:
                    db.execute(
                        "INSERT INTO papers (id, status, starred, note, updated)"
                        " VALUES (?, ?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET"
                        " status = excluded.status, starred = excluded.starred,"
                        " note = excluded.note, updated = excluded.updated",
                        (paper_id, new.status, int(new.starred), new.note, self._clock()),
                    )
                db.execute("COMMIT")
            except BaseException:
                with contextlib.suppress(sqlite3.Error):
                    db.execute("ROLLBACK")
                raise
        except sqlite3.OperationalError as error:
            message = self._explain(error)
            if "locked" in message or "busy" in message:
                raise StateUnavailable(f"Reading state is busy ({message}); try again") from error
            self.problem = f"Reading state is read-only: {message}; changes will not be saved"
            raise StateUnavailable(self.problem) from error
        except sqlite3.Error as error:
            raise StateUnavailable(f"Reading state: {error}") from error
        self.refresh()  # our own commit bumps no data_version: keep the snapshot exact
        if new.is_default:
            self._codes.pop(paper_id, None)
        else:
            self._codes[paper_id] = code_of(new)
        if new.note:
            self._notes[paper_id] = new.note
        else:
            self._notes.pop(paper_id, None)
        self.generation += 1
        return new

    def set_status(self, paper_id: str, status: str) -> Entry:
        if status not in STATUSES:
            raise ValueError(f"unknown status {status!r}")
        return self._write(paper_id, lambda e: e._replace(status=status))

    def cycle_status(self, paper_id: str) -> Entry:
        """unread -> reading -> read -> unread (from the stored value, not the snapshot)."""
        return self._write(paper_id, lambda e: e._replace(status=next_status(e.status)))

    def toggle_star(self, paper_id: str) -> Entry:
        return self._write(paper_id, lambda e: e._replace(starred=not e.starred))

    def set_starred(self, paper_id: str, starred: bool) -> Entry:
        return self._write(paper_id, lambda e: e._replace(starred=starred))

    def set_note(self, paper_id: str, note: str) -> Entry:
        text = note.strip("\n")
        return self._write(paper_id, lambda e: e._replace(note=text if text.strip() else ""))


def next_status(status: str) -> str:
    index = STATUSES.index(status) if status in STATUSES else -1
    return STATUSES[(index + 1) % len(STATUSES)]


def _user_version(db: sqlite3.Connection) -> int:
    return int(db.execute("PRAGMA user_version").fetchone()[0])
