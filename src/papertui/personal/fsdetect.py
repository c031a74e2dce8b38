"""Which file system a path is on (for SQLite's journal mode): WAL needs shared memory
that network file systems do not give, so the state uses a rollback journal there
(Textual-free core; reads /proc/mounts, nothing else)."""

from __future__ import annotations

import os
from pathlib import Path

NETWORK_FS = frozenset(
    {
        "nfs",
        "nfs4",
        "cifs",
        "smb",
        "smb2",
        "smb3",
        "smbfs",
        "sshfs",
        "9p",
        "afs",
        "ceph",
        "glusterfs",
        "lustre",
        "gpfs",
        "davfs",
        "ncpfs",
        "coda",
        "virtiofs",
    }
)


def _unescape_mount(field: str) -> str:
    """``/proc/mounts`` writes space, tab, newline and backslash as octal escapes."""
    for code, char in (("\\040", " "), ("\\011", "\t"), ("\\012", "\n"), ("\\134", "\\")):
        field = field.replace(code, char)
    return field


def fs_type(path: Path, mounts: str | None = None) -> str:
    """The file system type of the mount holding ``path`` ("" when unknown)."""
    if mounts is None:
        try:
            mounts = Path("/proc/mounts").read_text(encoding="utf-8", errors="replace")
        except OSError:
            return ""
    target = str(path.resolve()) if path.exists() else os.path.abspath(path)
    best, kind = "", ""
    for line in mounts.splitlines():
        fields = line.split()
        if len(fields) < 3:
            continue
        point = _unescape_mount(fields[1])
        inside = target == point or target.startswith(point.rstrip("/") + "/")
        if inside and len(point) >= len(best):
            best, kind = point, fields[2]
    return kind


def is_network_fs(kind: str) -> bool:
    """NFS, SMB, sshfs...: file systems where WAL's shared memory is not safe."""
    kind = kind.lower()
    return kind in NETWORK_FS or kind.startswith(("fuse", "nfs", "smb", "cifs"))


__all__ = ["NETWORK_FS", "fs_type", "is_network_fs"]
