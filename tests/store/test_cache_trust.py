"""The load cache on a machine that is not kind to it: edits that keep size and mtime, a cache
file truncated or removed under a running app, a full or unwritable cache folder, and the
sweep of stale temporary files and old caches (issue 19, audit findings 13-16)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from papertui.library import loader
from papertui.library.loader import load_library
from papertui.library.model import Paper
from papertui.store import child, lazypapers, load
from papertui.store import format as cache_format
from papertui.store.lazypapers import LazyPapers, pack
from papertui.store.records import RecordFile

from .test_cache import (  # noqa: F401  (data: the fixture)
    assert_same,
    count_parses,
    data,
    write_paper,
)


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


CUT_UNDER_A_RUNNING_APP = """
import os, sys
from pathlib import Path
from papertui.search.engine import Engine, View
from papertui.store import format as fmt, load, reader

data, how = Path(sys.argv[1]), sys.argv[2]
fmt.WORDS_FROM = 0  # the word index's buffers come from the cache file as well
load.load_cached(data)  # cold: writes the cache
warm = load.load_cached(data)  # warm: papers, search columns and word index from the file
lib = warm.library
path = fmt.cache_path(data)
header, start = reader.read_header(path.read_bytes())
if how == "unlink":
    path.unlink()
else:  # cut in place, as truncate(1) or a tool writing over it would
    os.truncate(path, {"zero": 0, "body": start + header.body_size}[how])
engine = Engine(lib, index=load.search_index(lib), words=load.search_words(lib))
found = list(engine.run(View(query="paper p02")).ids)
titles = [lib.papers[pid].title for pid in lib.papers]  # records read lazily, after the cut
print(len(found), len(titles), lib.papers["p0001"].title, lib.get("p0299").title, sep="|")
"""


@pytest.mark.parametrize("how", ["zero", "body", "unlink"])
def test_a_cache_cut_or_removed_under_a_running_app_is_a_cache_miss(
    data: Path,  # noqa: F811
    tmp_path: Path,
    how: str,
) -> None:
    """Audit 13: ``truncate`` on the cache file while the app showed it, then ``G``: the
    memory-mapped records and search columns were gone, "Bus error", exit 135. Now the
    columns are in memory and the records are read with ``pread``: a short read is a damaged
    cache, and the papers come from the YAML. Run in a child: a SIGBUS would kill pytest."""
    for n in range(300):  # records over many pages, so a cut leaves pages past the end
        write_paper(data, f"p{n:04d}", "2015-03")
    script = tmp_path / "cut.py"
    script.write_text(CUT_UNDER_A_RUNNING_APP, encoding="utf-8")
    done = subprocess.run(
        [sys.executable, str(script), str(data), how],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)},
    )
    assert done.returncode == 0, f"exit {done.returncode} (-7 is SIGBUS): {done.stderr[-2000:]}"
    found, titles, p1, p299 = done.stdout.strip().split("|")
    assert int(found) > 0 and int(titles) == 305
    assert (p1, p299) == ("Paper p0001", "Paper p0299")


def test_records_read_from_a_file_in_bulk_and_one_by_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``values()`` reads big slices, ``[id]`` one record; both check every record's length
    and CRC, so a file cut between two reads is recovered from, never decoded past its end."""
    papers = [
        Paper(id=f"p{n:03d}", short=f"P{n}", title=f"T{n}", date="2020", era="e") for n in range(50)
    ]
    order, offsets, crcs, blob = pack(papers)
    path = tmp_path / "records"
    path.write_bytes(b"head" + blob)
    monkeypatch.setattr(lazypapers, "CHUNK", 200)  # several slices for 50 small records
    fd = os.open(path, os.O_RDONLY)
    ids = [p.id for p in papers]
    whole = LazyPapers(ids, order, offsets, crcs, RecordFile(os.dup(fd), 4, len(blob)))
    assert list(whole.values()) == papers
    assert whole.decoded == 50
    reloads: list[int] = []
    fresh = {p.id: p for p in papers}
    cut = LazyPapers(
        ids,
        order,
        offsets,
        crcs,
        RecordFile(fd, 4, len(blob)),
        on_corrupt=lambda: reloads.append(1) or fresh,
    )
    assert cut["p001"] == papers[1]
    os.truncate(path, 4 + offsets[10])  # records 10 and later are gone
    assert cut["p005"] == papers[5], "records before the cut still read"
    assert list(cut.values()) == papers, "the rest come from the reload"
    assert cut["p049"] == papers[49]
    assert reloads == [1], "one reload, on the first short read"


def no_parse_here(*_args: object, **_kwargs: object) -> object:
    raise AssertionError("the folder was parsed a second time, in the app's process")


def test_an_unwritable_cache_folder_never_parses_twice(
    data: Path,  # noqa: F811
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Audit 15: the child parsed, could not write, and the app parsed again (83 s instead
    of 40 at 100k, on every start). Now the child hands the cache over on its pipe."""
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocker / "cache"))  # mkdir fails under a file
    monkeypatch.setattr(child, "CHILD_BUILD_BYTES", 0)  # a big folder: built in the child
    expected = load_library(data)
    monkeypatch.setattr(loader, "load_library", no_parse_here)
    monkeypatch.setattr(load, "_parse_and_write", no_parse_here)
    result = load.load_cached(data)
    assert_same(result, expected)
    assert result.problems, "the load problems came through the pipe too"
    assert result.library.papers["beta"].title == "Paper beta"


def _mount_tmpfs(where: Path, size: str) -> bool:
    if os.geteuid() != 0 or shutil.which("mount") is None:
        return False
    where.mkdir()
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(where)], capture_output=True
    )
    return done.returncode == 0


def test_a_full_cache_disk_never_parses_twice(
    data: Path,  # noqa: F811
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Audit 15 as the audit ran it: the cache home on a 64 KiB tmpfs (ENOSPC)."""
    mnt = tmp_path / "full"
    if not _mount_tmpfs(mnt, "64k"):
        pytest.skip("needs root and a working 'mount -t tmpfs' for a small full disk")
    try:
        for n in range(300):  # a cache of about 200 kB: it cannot fit
            write_paper(data, f"p{n:04d}", "2015-03")
        monkeypatch.setenv("XDG_CACHE_HOME", str(mnt))
        monkeypatch.setattr(child, "CHILD_BUILD_BYTES", 0)
        expected = load_library(data)
        monkeypatch.setattr(loader, "load_library", no_parse_here)
        monkeypatch.setattr(load, "_parse_and_write", no_parse_here)
        assert_same(load.load_cached(data), expected)
        assert not cache_format.cache_path(data).exists()
        assert not list(mnt.rglob("*.tmp")), "the failed write left no temporary file"
    finally:
        subprocess.run(["umount", str(mnt)], check=False)


def test_the_child_build_never_imports_from_the_working_directory(
    data: Path,  # noqa: F811
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Audit 1: a data repository holding ``papertui/`` ran its own code on a cold start,
    because the child was ``python -m`` in the user's working directory."""
    marker = tmp_path / "PWNED"
    evil = data / "papertui"
    (evil / "store").mkdir(parents=True)
    (evil / "__init__.py").write_text("", encoding="utf-8")
    (evil / "store" / "__init__.py").write_text("", encoding="utf-8")
    payload = f"open({str(marker)!r}, 'w').write('ran')\nraise SystemExit(1)\n"
    (evil / "store" / "build.py").write_text(payload, encoding="utf-8")
    (evil / "__main__.py").write_text(payload, encoding="utf-8")
    monkeypatch.chdir(data)  # as `cd repo && papertui --data .`
    monkeypatch.setattr(child, "CHILD_BUILD_BYTES", 0)
    monkeypatch.setattr(load, "_parse_and_write", no_parse_here)  # the child must build it
    result = load.load_cached(Path("."))
    assert not marker.exists(), "code from the working directory ran"
    assert "beta" in result.library.papers
