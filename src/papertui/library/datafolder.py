"""The data folder's layout and the load result type, without YAML (Textual-free core).

Kept apart from :mod:`papertui.library.loader` so a warm start through :mod:`papertui.store.load`
(which only needs to list the source files) never imports PyYAML or the schema.
"""

from __future__ import annotations

import errno
import itertools
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from papertui.library.model import Library
from papertui.library.problems import Problem

ERAS_FILE = "eras.yaml"
TAGS_FILE = "tags.yaml"  # optional: the tag vocabulary
ORGS_FILE = "orgs.yaml"  # optional: the organisation vocabulary
VOCABULARY_FILES = (TAGS_FILE, ORGS_FILE)
PAPERS_DIR = "papers"


@dataclass(frozen=True, slots=True)
class LoadResult:
    library: Library
    problems: tuple[Problem, ...]


def paper_files_allowed(papers_dir: Path) -> bool:
    """False when ``papers_dir`` is a symbolic link that leads out of its data folder
    (``papers -> /``): it is not walked."""
    top = str(papers_dir)
    if not os.path.islink(top):
        return True
    home = os.path.realpath(papers_dir.parent)
    return os.path.realpath(top).startswith(home.rstrip(os.sep) + os.sep)


def paper_files(papers_dir: Path, onerror: Callable[[OSError], None] | None = None) -> list[Path]:
    """Every ``*.yaml`` below ``papers_dir`` (hidden files and folders skipped), sorted.

    The order decides which definition of a duplicated id wins (the first). Symbolic links
    to folders are never followed (``os.walk``'s default), and ``papers_dir`` itself is not
    walked when it is a symbolic link that leads out of its data folder (``papers -> /``):
    ``onerror`` hears of it instead.
    """
    return [Path(name) for name in paper_file_names(papers_dir, onerror)]


def paper_file_names(
    papers_dir: Path, onerror: Callable[[OSError], None] | None = None
) -> list[str]:
    """:func:`paper_files` as the strings of the paths (``str(path)``), without making a
    ``Path`` for each (a cold load lists a million files)."""
    top = str(papers_dir)
    if not paper_files_allowed(papers_dir):
        if onerror is not None:
            why = "a symbolic link out of the data folder, not followed"
            onerror(OSError(errno.EXDEV, why, top))
        return []
    # str(papers_dir.joinpath(*parts)): the parts are names from a listing ("." is shown
    # as nothing by a Path, and "/" keeps one separator)
    prefix = "" if top == "." else top if top.endswith(os.sep) else top + os.sep
    files, _folders = list_paper_files(top, onerror)
    return list(map(prefix.__add__, files))


def list_paper_files(
    top: str, onerror: Callable[[OSError], None] | None = None
) -> tuple[list[str], list[str]]:
    """The paper files below the folder ``top`` and the sub-folders walked, as paths
    relative to it, in load order: each folder's names sorted, a sub-folder walked where
    its name sorts (the order of a sort of the paths by their parts). Hidden names are
    skipped, symbolic links to folders are not followed (as ``os.walk``), and a folder
    that cannot be listed is told to ``onerror``. Nothing is stat'ed (the names'
    types come with the listing), and no folder is walked by recursion (a hostile
    folder may nest thousands deep)."""
    files: list[str] = []
    folders: list[str] = []
    stack = [(_sorted_groups(top, onerror), "")]
    while stack:
        groups, rel = stack[-1]
        group = next(groups, None)
        if group is None:
            stack.pop()
            continue
        names, dirs = group
        if not dirs or dirs.isdisjoint(names):  # most groups: files only, added at once
            files += map(rel.__add__, names)
            continue
        for at, name in enumerate(names):
            if name in dirs:
                path = rel + name
                folders.append(path)
                # the rest of this group after the sub-folder, then the groups after it
                rest = iter([(names[at + 1 :], dirs)])
                stack[-1] = (itertools.chain(rest, groups), rel)
                stack.append((_sorted_groups(os.path.join(top, path), onerror), path + os.sep))
                break
            files.append(rel + name)
    return files, folders


Group = tuple[list[str], set[str]]  # names in order, and which of them are folders


def _sorted_groups(path: str, onerror: Callable[[OSError], None] | None) -> Iterator[Group]:
    """A folder's names (hidden ones skipped, ``*.yaml`` files and folders only) in name
    order, in groups by their first two characters, each sorted only when it is reached:
    one ``sorted()`` of a folder of a million files held the GIL for 0.4 s (the app's UI
    waits on the loading thread), and freeing its ``DirEntry`` objects at once 0.15 s."""
    groups: dict[str, list[str]] = {}
    dirs: set[str] = set()
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
                if is_dir:
                    if entry.is_symlink():
                        continue  # as os.walk: links to folders are not followed
                    dirs.add(name)
                elif not name.endswith(".yaml"):
                    continue
                groups.setdefault(name[:2], []).append(name)
    except OSError as exc:
        if onerror is not None:
            onerror(exc)
        return
    for lead in sorted(groups):
        names = groups.pop(lead)
        names.sort()  # names are unique in a folder
        yield names, dirs
