"""The data folder's layout and the load result type, without YAML (Textual-free core).

Kept apart from :mod:`papertui.library.loader` so a warm start through :mod:`papertui.store.load`
(which only needs to list the source files) never imports PyYAML or the schema.
"""

from __future__ import annotations

import errno
import os
from collections.abc import Callable
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
    found: list[list[str]] = []
    top = str(papers_dir)
    if not paper_files_allowed(papers_dir):
        if onerror is not None:
            why = "a symbolic link out of the data folder, not followed"
            onerror(OSError(errno.EXDEV, why, top))
        return []
    for root, dirs, files in os.walk(papers_dir, onerror=onerror):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        parts = os.path.relpath(root, top).split(os.sep) if root != top else []
        found.extend([*parts, f] for f in files if f.endswith(".yaml") and f[0] != ".")
    found.sort()  # by path components: a folder's files and sub-folders interleave by name
    # str(papers_dir.joinpath(*parts)): the parts are names from a listing ("." is shown
    # as nothing by a Path, and "/" keeps one separator)
    prefix = "" if top == "." else top if top.endswith(os.sep) else top + os.sep
    return [prefix + os.sep.join(parts) for parts in found]
