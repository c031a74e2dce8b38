"""The personal state: SQLite under the state dir, safe with two sessions and crashes."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from papertui.personal.fsdetect import fs_type, is_network_fs
from papertui.personal.state import (
    SCHEMA_VERSION,
    Entry,
    PersonalState,
    StateUnavailable,
    default_path,
)


def test_default_path_is_the_xdg_state_dir(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path))
    assert default_path() == tmp_path / "papertui" / "state.sqlite3"


def test_cycle_star_note_persist(tmp_path: Path) -> None:
    path = tmp_path / "s" / "state.sqlite3"
    state = PersonalState(path)
    assert state.writable and state.problem is None
    assert state.cycle_status("bert").status == "reading"
    assert state.cycle_status("bert").status == "read"
    assert state.toggle_star("bert").starred
    state.set_note("gpt", "look at\nsection 3\n")
    state.close()
    again = PersonalState(path)
    assert again.get("bert") == Entry("read", True, "")
    assert again.get("gpt").note == "look at\nsection 3"
    assert again.get("nothing") == Entry()
    assert again.cycle_status("bert").status == "unread"
    assert again.toggle_star("bert") == Entry()  # back to defaults: the row goes
    assert "bert" not in again.entries
    db = sqlite3.connect(path)
    assert db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION


def test_orphans_are_kept_and_listed(tmp_path: Path) -> None:
    state = PersonalState(tmp_path / "state.sqlite3")
    state.toggle_star("gone")
    state.toggle_star("here")
    assert state.orphans({"here": object()}) == ["gone"]
    assert "gone" in state.entries  # never deleted


def test_second_session_sees_writes(tmp_path: Path) -> None:
    path = tmp_path / "state.sqlite3"
    one, two = PersonalState(path), PersonalState(path)
    one.toggle_star("bert")
    assert two.entries["bert"].starred
    two.toggle_star("bert")  # reads the stored value inside the transaction
    assert "bert" not in one.entries


def test_wal_locally_rollback_journal_on_network_fs(tmp_path: Path) -> None:
    assert PersonalState(tmp_path / "a.sqlite3").journal == "wal"
    mounts = f"server:/export {tmp_path} nfs4 rw 0 0\n"
    assert PersonalState(tmp_path / "b.sqlite3", mounts=mounts).journal == "delete"
    assert fs_type(tmp_path / "x", "/dev/sda / ext4 rw 0 0\n") == "ext4"
    spaced = "h:/x /mnt/my\\040dir fuse.sshfs rw 0 0\n/dev/sda / ext4 rw 0 0\n"
    assert fs_type(Path("/mnt/my dir/state"), spaced) == "fuse.sshfs"
    assert all(is_network_fs(k) for k in ("nfs", "cifs", "smb3", "fuse.sshfs"))
    assert not any(is_network_fs(k) for k in ("ext4", "xfs", "btrfs", "tmpfs", "overlay"))


def test_damaged_file_is_moved_aside(tmp_path: Path) -> None:
    path = tmp_path / "state.sqlite3"
    path.write_bytes(b"this is not a database at all" * 100)
    state = PersonalState(path)
    assert state.writable
    assert state.notice and "moved to" in state.notice
    aside = list(tmp_path.glob("state.sqlite3.damaged-*"))
    assert len(aside) == 1 and aside[0].read_bytes().startswith(b"this is not")
    state.toggle_star("bert")
    assert PersonalState(path).get("bert").starred


def test_corrupt_pages_are_moved_aside(tmp_path: Path) -> None:
    path = tmp_path / "state.sqlite3"
    state = PersonalState(path)
    for i in range(300):
        state.set_note(f"p{i}", "x" * 200)
    state.close()
    db = sqlite3.connect(path)
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db.close()
    data = bytearray(path.read_bytes())
    data[4096 * 2 : 4096 * 2 + 2000] = os.urandom(2000)  # scribble over a page
    path.write_bytes(bytes(data))
    again = PersonalState(path)
    assert again.notice is not None and again.writable


def _damaged_elsewhere(path: Path) -> None:
    """A state whose papers read fine but whose file has a scribbled page (another table)."""
    PersonalState(path).toggle_star("bert")
    db = sqlite3.connect(path)
    with db:
        db.execute("CREATE TABLE junk (x TEXT)")
        db.executemany("INSERT INTO junk VALUES (?)", (("x" * 200,) for _ in range(300)))
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db.close()
    data = bytearray(path.read_bytes())
    data[-4096 * 3 : -4096 * 3 + 2000] = os.urandom(2000)  # one of junk's pages
    path.write_bytes(bytes(data))


def test_unchecked_open_then_check_in_the_background(tmp_path: Path) -> None:
    """The app's way: open and read without quick_check, check afterwards, reset if bad."""
    good = tmp_path / "good.sqlite3"
    PersonalState(good).toggle_star("bert")
    state = PersonalState(good, check=False)
    assert state.get("bert").starred and state.check() == ""
    path = tmp_path / "state.sqlite3"
    _damaged_elsewhere(path)
    state = PersonalState(path, check=False)
    assert state.notice is None and state.get("bert").starred  # read, not yet checked
    reason = state.check()
    assert reason  # damage found by the check the open skipped
    before = state.generation
    state.reset(reason)
    assert state.notice and "moved to" in state.notice and reason in state.notice
    assert state.writable and not state.entries and state.generation > before
    assert len(list(tmp_path.glob("state.sqlite3.damaged-*[0-9]"))) == 1
    state.toggle_star("bert")
    assert PersonalState(path).get("bert").starred


def test_unchecked_open_of_a_non_database_resets_at_once(tmp_path: Path) -> None:
    path = tmp_path / "state.sqlite3"
    path.write_bytes(b"this is not a database at all" * 100)
    state = PersonalState(path, check=False)
    assert state.writable and state.notice and "moved to" in state.notice


def test_compact_columns_and_entries_view(tmp_path: Path) -> None:
    state = PersonalState(tmp_path / "s.sqlite3")
    state.set_status("a", "reading")
    state.toggle_star("b")
    state.set_note("c", "hello")
    state.set_status("c", "read")
    again = PersonalState(tmp_path / "s.sqlite3")
    for s in (state, again):
        assert dict(s.codes) == {"a": 1, "b": 4, "c": 2 | 8}
        assert dict(s.entries) == {
            "a": Entry("reading"),
            "b": Entry(starred=True),
            "c": Entry("read", False, "hello"),
        }
    state.set_note("c", "")
    assert state.codes["c"] == 2 and state.get("c") == Entry("read")


@pytest.mark.skipif(os.geteuid() == 0, reason="root ignores permissions")
def test_read_only_dir_keeps_reading(tmp_path: Path) -> None:
    folder = tmp_path / "ro"
    path = folder / "state.sqlite3"
    PersonalState(path).toggle_star("bert")
    for side in folder.iterdir():  # leave a checkpointed, journal-free file behind
        if side.name != "state.sqlite3":
            side.unlink()
    folder.chmod(0o500)
    try:
        state = PersonalState(path)
        assert state.problem and "read-only" in state.problem
        assert state.get("bert").starred  # still shown
        with pytest.raises(StateUnavailable, match="read-only"):
            state.toggle_star("gpt")
    finally:
        folder.chmod(0o700)


@pytest.mark.skipif(os.geteuid() == 0, reason="root ignores permissions")
def test_uncreatable_dir_is_one_message(tmp_path: Path) -> None:
    tmp_path.chmod(0o500)
    try:
        state = PersonalState(tmp_path / "sub" / "state.sqlite3")
    finally:
        tmp_path.chmod(0o700)
    assert state.problem and not state.writable and state.entries == {}


def test_read_only_file_as_root_too(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The same without relying on permissions (the tests may run as root)."""
    path = tmp_path / "state.sqlite3"
    PersonalState(path).toggle_star("bert")
    monkeypatch.setattr(os, "access", lambda *a, **k: False)
    state = PersonalState(path)
    assert (
        state.problem
        == f"Reading state is read-only: {path} is read-only; changes will not be saved"
    )
    assert state.get("bert").starred
    with pytest.raises(StateUnavailable):
        state.set_note("bert", "x")


def test_full_disk_turns_read_only(tmp_path: Path) -> None:
    state = PersonalState(tmp_path / "state.sqlite3")

    class Full:
        def execute(self, sql: str, *args: object) -> object:
            if sql.startswith("INSERT"):
                raise sqlite3.OperationalError("database or disk is full")
            return real.execute(sql, *args)

    real = state._db
    state._db = Full()  # type: ignore[assignment]
    with pytest.raises(StateUnavailable, match="disk is full"):
        state.toggle_star("bert")
    assert state.problem and not state.writable


WRITER = textwrap.dedent(
    """
    import sys
    from papertui.personal.state import PersonalState
    state = PersonalState(__import__("pathlib").Path(sys.argv[1]))
    who = sys.argv[2]
    for i in range(300):
        state.set_note(f"{who}-{i}", f"note {i}")
        state.toggle_star("shared")
    """
)


def test_two_processes_300_interleaved_writes_lose_nothing(tmp_path: Path) -> None:
    path = tmp_path / "state.sqlite3"
    PersonalState(path).close()
    procs = [subprocess.Popen([sys.executable, "-c", WRITER, str(path), who]) for who in ("a", "b")]
    assert [p.wait(timeout=120) for p in procs] == [0, 0]
    entries = PersonalState(path).entries
    for who in ("a", "b"):
        assert all(entries[f"{who}-{i}"].note == f"note {i}" for i in range(300))
    assert "shared" not in entries  # 600 toggles: an even number, none lost


KILLED = textwrap.dedent(
    """
    import sys
    from papertui.personal.state import PersonalState
    state = PersonalState(__import__("pathlib").Path(sys.argv[1]))
    i = 0
    while True:
        state.set_note("p", "x" * 5000 + str(i))
        print(i, flush=True)  # committed
        i += 1
    """
)


def test_kill_9_during_saves_leaves_the_last_commit(tmp_path: Path) -> None:
    path = tmp_path / "state.sqlite3"
    proc = subprocess.Popen(
        [sys.executable, "-c", KILLED, str(path)], stdout=subprocess.PIPE, text=True
    )
    assert proc.stdout is not None
    last = 0
    deadline = time.monotonic() + 30
    while last < 200 and time.monotonic() < deadline:
        last = int(proc.stdout.readline())
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    state = PersonalState(path)
    assert state.notice is None and state.writable
    saved = int(state.get("p").note[5000:])
    assert saved >= last  # every save it reported survived (maybe one more)
