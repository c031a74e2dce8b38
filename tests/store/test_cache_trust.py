"""The load cache on a machine that is not kind to it: edits that keep size and mtime, a cache
file truncated or removed under a running app, a full or unwritable cache folder, and the
sweep of stale temporary files and old caches (issue 19, audit findings 13-16)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from papertui.store import format as cache_format
from papertui.store import load

from .test_cache import count_parses, data, write_paper  # noqa: F401  (data: the fixture)


def test_same_size_edit_with_the_mtime_put_back_is_seen(
    data: Path,  # noqa: F811
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Audit 14: ``touch -d <old mtime>`` after a same-size edit hid it from the cache."""
    assert load.load_cached(data).library.papers["gamma"].title == "Paper gamma"
    path = data / "papers" / "gamma.yaml"
    before = path.stat()
    text = path.read_text(encoding="utf-8")
    with path.open("r+", encoding="utf-8") as fh:  # in place: same inode, same size
        fh.write(text.replace("Paper gamma", "Paper GAMMA"))
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    after = path.stat()
    assert (after.st_size, after.st_mtime_ns, after.st_ino) == (
        before.st_size,
        before.st_mtime_ns,
        before.st_ino,
    )
    calls = count_parses(monkeypatch)
    assert load.load_cached(data).library.papers["gamma"].title == "Paper GAMMA"
    assert calls == [data]


def test_a_file_replaced_by_rename_with_the_same_size_and_mtime_is_seen(
    data: Path,  # noqa: F811
) -> None:
    """An editor that saves by writing a new file and renaming it gives a new inode."""
    load.load_cached(data)
    path = data / "papers" / "beta.yaml"
    before = path.stat()
    new = path.with_name("beta.yaml.new")
    new.write_text(path.read_text(encoding="utf-8").replace("Paper beta", "Paper BETA"), "utf-8")
    os.utime(new, ns=(before.st_atime_ns, before.st_mtime_ns))
    os.replace(new, path)
    assert load.load_cached(data).library.papers["beta"].title == "Paper BETA"


def test_the_key_holds_inode_and_ctime(data: Path) -> None:  # noqa: F811
    """``scan_sources`` and ``make_key`` keep their signatures (the freshness check calls
    them from a worker); each source now says (path, size, mtime_ns, inode, ctime_ns)."""
    sources = cache_format.scan_sources(data)
    st = (data / "eras.yaml").stat()
    assert sources[0] == ("eras.yaml", st.st_size, st.st_mtime_ns, st.st_ino, st.st_ctime_ns)
    assert cache_format.make_key(data, sources).sources == sources
