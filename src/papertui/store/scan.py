"""The scan of a data folder's sources, the load cache's key (Textual-free core).

Every file the loader reads, with ``(relative path, size, mtime_ns, inode, ctime_ns)``,
in load order, and the folders listed on the way with their mtimes
(:mod:`papertui.store.fresh`). Re-exported by :mod:`papertui.store.format`.
"""

from __future__ import annotations

import os
from pathlib import Path

from papertui.library.datafolder import ERAS_FILE, PAPERS_DIR, VOCABULARY_FILES, paper_files_allowed

Source = tuple[str, int, int, int, int]
# (path relative to the data folder, size, mtime_ns, inode, ctime_ns): any change of one is a
# miss. The ctime cannot be set back by a user (``touch -d`` moves it to now), so a same-size
# edit whose mtime was restored is still seen.
Folder = tuple[str, int]  # (a folder's path relative to the data folder, mtime_ns)


def scan_sources(data_dir: Path) -> list[Source]:
    """(relative path, size, mtime_ns, inode, ctime_ns) of every file the loader reads, in
    load order."""
    return scan(data_dir)[0]


def scan(data_dir: Path) -> tuple[list[Source], list[Folder]]:
    """:func:`scan_sources`, and the ``(relative path, mtime_ns)`` of every folder listed
    on the way (the data folder ``.``, ``papers`` and its sub-folders): a file added,
    removed or renamed changes its folder's mtime (:mod:`papertui.store.fresh`).

    The same files in the same order as :func:`~papertui.library.datafolder.paper_files`
    (hidden names skipped, symbolic links to folders not followed, ``papers`` not walked
    when it links out of the data folder), but with ``os.scandir``: no ``Path`` per file,
    and each folder sorted on its own (a walk in name order is the loader's order).
    """
    top = os.fspath(data_dir)
    found: list[Source] = []
    folders: list[Folder] = []
    _folder(folders, top, ".")
    for name in (ERAS_FILE, *VOCABULARY_FILES):
        _source(found, os.path.join(top, name), name)
    papers_dir = data_dir / PAPERS_DIR
    if papers_dir.is_dir() and paper_files_allowed(papers_dir):
        _folder(folders, os.fspath(papers_dir), PAPERS_DIR)
        _walk(found, folders, os.fspath(papers_dir), PAPERS_DIR)
    return found, folders


def _walk(found: list[Source], folders: list[Folder], path: str, rel: str) -> None:
    """The folder's entries in name order, its sub-folders walked in place. The names are
    sorted in groups by their first two characters (the same order as one sort): one
    ``sorted()`` of a folder of a million files held the GIL for 0.4 s, and freeing its
    million ``DirEntry`` objects at once another 0.15 s, with the app's UI waiting on the
    loading thread; here no call into C is longer than a group's."""
    groups: dict[str, list[tuple[str, bool]]] = {}
    try:
        with os.scandir(path) as it:
            for entry in it:
                name = entry.name
                if name[0] == ".":
                    continue
                try:
                    is_dir = entry.is_dir()
                except OSError:
                    is_dir = False
                if is_dir and entry.is_symlink():
                    continue  # as os.walk: links to folders are not followed
                if is_dir or name.endswith(".yaml"):
                    groups.setdefault(name[:2], []).append((name, is_dir))
    except OSError:
        return
    for lead in sorted(groups):
        group = groups.pop(lead)
        group.sort()  # names are unique in a folder: by name
        for name, is_dir in group:
            if is_dir:
                _folder(folders, os.path.join(path, name), f"{rel}/{name}")
                _walk(found, folders, os.path.join(path, name), f"{rel}/{name}")
            else:
                _source(found, os.path.join(path, name), f"{rel}/{name}")


def _source(found: list[Source], path: str, rel: str) -> None:
    try:
        st = os.stat(path)
    except OSError:
        return
    found.append((rel, st.st_size, st.st_mtime_ns, st.st_ino, st.st_ctime_ns))


def _folder(folders: list[Folder], path: str, rel: str) -> None:
    try:
        folders.append((rel, os.stat(path).st_mtime_ns))
    except OSError:
        return


__all__ = ["Folder", "Source", "scan", "scan_sources"]
