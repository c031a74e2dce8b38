"""The scan of a data folder's sources, the load cache's key (Textual-free core).

Every file the loader reads, with ``(relative path, size, mtime_ns, inode, ctime_ns)``,
in load order, and the folders listed on the way with their mtimes
(:mod:`papertui.store.fresh`). Re-exported by :mod:`papertui.store.format`.
"""

from __future__ import annotations

import os
from pathlib import Path

from papertui.library.datafolder import (
    ERAS_FILE,
    PAPERS_DIR,
    VOCABULARY_FILES,
    list_paper_files,
    paper_files_allowed,
)

Source = tuple[str, int, int, int, int]
# (path relative to the data folder, size, mtime_ns, inode, ctime_ns): any change of one is a
# miss. The ctime cannot be set back by a user (``touch -d`` moves it to now), so a same-size
# edit whose mtime was restored is still seen.
Folder = tuple[str, int]  # (a folder's path relative to the data folder, mtime_ns)


def scan_sources(data_dir: Path) -> list[Source]:
    """(relative path, size, mtime_ns, inode, ctime_ns) of every file the loader reads, in
    load order."""
    return scan(data_dir)[0]


UNSTATED = (-1, 0, 0, 0)  # a source listed without its stat (scan(stat=False))
_PIECE = 20_000


def scan(data_dir: Path, *, stat: bool = True) -> tuple[list[Source], list[Folder]]:
    """:func:`scan_sources`, and the ``(relative path, mtime_ns)`` of every folder listed
    on the way (the data folder ``.``, ``papers`` and its sub-folders): a file added,
    removed or renamed changes its folder's mtime (:mod:`papertui.store.fresh`).

    The same files in the same order as :func:`~papertui.library.datafolder.paper_files`
    (:func:`~papertui.library.datafolder.list_paper_files`), less the paper files that
    cannot be stat'ed. Without ``stat``, the paper files are only listed (a stat each took
    2.9 of the 4.4 s a scan of a million files took): each has :data:`UNSTATED` for its stat,
    and any that cannot be stat'ed is listed all the same. Such a key is for a cold build
    only, which keys the cache by the stat of each file as it reads it
    (:mod:`papertui.store.packedkey`), and is never compared with another.
    """
    top = os.fspath(data_dir)
    found: list[Source] = []
    folders: list[Folder] = []
    _folder(folders, top, ".")
    for name in (ERAS_FILE, *VOCABULARY_FILES):
        _source(found, os.path.join(top, name), name)
    papers_dir = data_dir / PAPERS_DIR
    if papers_dir.is_dir() and paper_files_allowed(papers_dir):
        here = os.fspath(papers_dir)
        _folder(folders, here, PAPERS_DIR)
        files, subfolders = list_paper_files(here)
        for rel in subfolders:
            _folder(folders, os.path.join(here, rel), f"{PAPERS_DIR}/{rel}")
        prefix = PAPERS_DIR + "/"
        if stat:
            for rel in files:
                _source(found, os.path.join(here, rel), prefix + rel)
        else:
            found += [(prefix + rel, *UNSTATED) for rel in files]
        while files:  # a million names freed at once held the GIL for 80 ms (the app's
            del files[-_PIECE:]  # UI waits on its loading thread): a slice at a time
    return found, folders


def stat_listed(data_dir: Path, sources: list[Source]) -> list[Source]:
    """The sources of ``scan(data_dir, stat=False)`` as ``scan(data_dir)`` would have
    found them then: each listed one stat'ed, those that cannot be left out."""
    top = os.fspath(data_dir)
    found: list[Source] = []
    for source in sources:
        if source[1:] == UNSTATED:
            _source(found, os.path.join(top, source[0]), source[0])
        else:
            found.append(source)
    return found


def stat_of(path: str) -> tuple[int, int, int, int] | None:
    """A source's ``(size, mtime_ns, inode, ctime_ns)`` now (``None``: it cannot be
    stat'ed, and a scan leaves it out)."""
    try:
        st = os.stat(path)
    except OSError:
        return None
    return (st.st_size, st.st_mtime_ns, st.st_ino, st.st_ctime_ns)


def _source(found: list[Source], path: str, rel: str) -> None:
    stat = stat_of(path)
    if stat is not None:
        found.append((rel, *stat))


def _folder(folders: list[Folder], path: str, rel: str) -> None:
    try:
        folders.append((rel, os.stat(path).st_mtime_ns))
    except OSError:
        return


__all__ = ["UNSTATED", "Folder", "Source", "scan", "scan_sources", "stat_listed", "stat_of"]
