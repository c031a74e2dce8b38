"""The listing of a papers folder without a stat per file (issue 22: at a million files the
old walk took 3.4 s, then a sort of a million lists of path parts)."""

from __future__ import annotations

import errno
import os
import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from papertui.library.datafolder import list_paper_files, paper_file_names


def walked(papers_dir: Path) -> list[str]:
    """The listing as it was made before: ``os.walk``, then one sort by path parts."""
    found: list[list[str]] = []
    top = str(papers_dir)
    for root, dirs, files in os.walk(papers_dir):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        parts = os.path.relpath(root, top).split(os.sep) if root != top else []
        found.extend([*parts, f] for f in files if f.endswith(".yaml") and f[0] != ".")
    found.sort()
    return [top + os.sep + os.sep.join(parts) for parts in found]


NAMES = st.text(alphabet="ab.-", min_size=1, max_size=4).filter(lambda n: n not in (".", ".."))
ENTRY = st.tuples(NAMES, st.sampled_from(["file.yaml", "file.yml", "file", "dir", "link-dir"]))


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(tree=st.lists(st.tuples(st.integers(0, 3), ENTRY), max_size=25))
def test_the_listing_is_the_walk_in_order(
    tmp_path_factory: pytest.TempPathFactory, tree: list[tuple[int, tuple[str, str]]]
) -> None:
    root = tmp_path_factory.mktemp("papers")
    outside = tmp_path_factory.mktemp("outside")
    (outside / "x.yaml").write_text("x")
    folders = [root]
    for parent, (name, kind) in tree:
        where = folders[parent % len(folders)]
        if kind.startswith("file"):
            suffix = kind[4:]
            path = where / (name + suffix)
            if not path.exists():
                path.write_text("x")
        elif kind == "dir":
            path = where / name
            if not path.exists():
                path.mkdir()
                folders.append(path)
        elif not (where / name).exists():
            (where / name).symlink_to(outside)
    assert paper_file_names(root) == walked(root)
    files, listed = list_paper_files(str(root))
    assert [str(root / f) for f in files] == walked(root)
    # every folder walked, none twice, none hidden, no link followed
    assert sorted(listed) == sorted(
        {
            str(p.relative_to(root))
            for p in root.rglob("*")
            if p.is_dir()
            and not p.is_symlink()
            and not any(part.startswith(".") for part in p.relative_to(root).parts)
        }
    )
    shutil.rmtree(root)


def test_names_that_share_their_first_characters(tmp_path: Path) -> None:
    """Within a group of names (by their first two characters) the order is the sort's,
    and a sub-folder is walked where its name sorts."""
    for name in ("ab.yaml", "abc.yaml", "a.yaml", "ab-.yaml", "b.yaml", "aa.yaml"):
        (tmp_path / name).write_text("x")
    (tmp_path / "ab").mkdir()
    (tmp_path / "ab" / "z.yaml").write_text("x")
    (tmp_path / "ab" / "a.yaml").write_text("x")
    files, folders = list_paper_files(str(tmp_path))
    assert files == [
        "a.yaml",
        "aa.yaml",
        "ab/a.yaml",
        "ab/z.yaml",
        "ab-.yaml",
        "ab.yaml",
        "abc.yaml",
        "b.yaml",
    ]
    assert folders == ["ab"]
    assert paper_file_names(tmp_path) == walked(tmp_path)


def test_a_folder_nested_deeper_than_the_recursion_limit(tmp_path: Path) -> None:
    """A hostile folder may nest thousands deep: the walk is a loop, not a recursion."""
    import sys

    depth = sys.getrecursionlimit() + 100
    levels = [tmp_path / "/".join(["d"] * n) for n in range(1, depth + 1)]
    for level in levels:  # ("d/" a level: 2,200 characters, under PATH_MAX)
        level.mkdir()
    (levels[-1] / "deep.yaml").write_text("x")
    try:
        files, folders = list_paper_files(str(tmp_path))
    finally:  # removed here: pytest's own clean-up recurses
        (levels[-1] / "deep.yaml").unlink()
        for level in reversed(levels):
            level.rmdir()
    assert files == ["/".join(["d"] * depth + ["deep.yaml"])]
    assert len(folders) == depth


def test_a_folder_that_cannot_be_listed_is_told(tmp_path: Path) -> None:
    told: list[OSError] = []
    files, folders = list_paper_files(str(tmp_path / "gone"), told.append)
    assert (files, folders) == ([], [])
    assert [e.errno for e in told] == [errno.ENOENT]
