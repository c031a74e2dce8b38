"""The background freshness check: a warm start trusts the cache, then finds every change.

The guarantee (``papertui.store.fresh``): a source added, removed or renamed is found by its
folder's mtime before any file is stat'ed; a source edited in place (the folder's mtime
unchanged) by the stat of every source against the cache key, as the command line checks.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from papertui.library.datafolder import ERAS_FILE, VOCABULARY_FILES, paper_files
from papertui.store import format as cache_format
from papertui.store import fresh, load, refresh

ERAS = "- id: modern\n  name: Modern\n  start: 2010\n"
PAPER = 'id: {id}\nshort: {id}\ntitle: "Paper {id}"\ndate: "2015-03"\nera: modern\n'


def write_paper(folder: Path, pid: str, sub: str = "") -> Path:
    path = folder / "papers" / sub / f"{pid}.yaml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(PAPER.format(id=pid), encoding="utf-8")
    return path


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    data = tmp_path / "data"
    (data / "papers").mkdir(parents=True)
    (data / ERAS_FILE).write_text(ERAS, encoding="utf-8")
    for pid in ("alpha", "beta"):
        write_paper(data, pid)
    return data


def warm(folder: Path) -> int:
    """Build the cache (a verified load), then start as the app does: the stamp."""
    load.load_cached(folder)
    quick = load.load_quick(folder)
    assert quick.stamp is not None
    return quick.stamp


def keep_mtime(path: Path) -> int:
    return path.stat().st_mtime_ns


def test_quick_load_trusts_the_cache_and_the_command_line_does_not(folder: Path) -> None:
    stamp = warm(folder)
    write_paper(folder, "gamma")
    quick = load.load_quick(folder)
    assert quick.stamp == stamp  # painted from the cache: not yet looked at the sources
    assert sorted(quick.result.library.papers) == ["alpha", "beta"]
    assert sorted(load.load_cached(folder).library.papers) == ["alpha", "beta", "gamma"]


def test_no_cache_means_a_checked_load(folder: Path) -> None:
    quick = load.load_quick(folder)
    assert quick.stamp is None  # parsed from the sources: nothing to check later
    assert sorted(quick.result.library.papers) == ["alpha", "beta"]


def test_unchanged_is_fresh(folder: Path) -> None:
    stamp = warm(folder)
    told: list[str] = []
    assert fresh.check(folder, stamp, lambda: told.append("stale")) == fresh.Verdict(False)
    assert told == []


def test_an_added_file_is_found_by_its_folder_mtime(
    folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    stamp = warm(folder)
    write_paper(folder, "gamma")
    order: list[str] = []
    real_scan = fresh.scan

    def scan(data_dir: Path) -> tuple[list[cache_format.Source], list[cache_format.Folder]]:
        order.append("scan")
        return real_scan(data_dir)

    monkeypatch.setattr(fresh, "scan", scan)
    verdict = fresh.check(folder, stamp, lambda: order.append("stale"))
    assert verdict.stale and verdict.changed == 1
    assert order == ["stale", "scan"]  # said before any source was stat'ed


def test_a_removed_file_is_stale(folder: Path) -> None:
    stamp = warm(folder)
    (folder / "papers" / "beta.yaml").unlink()
    verdict = fresh.check(folder, stamp)
    assert verdict.stale and verdict.changed == 1


def test_a_file_in_a_new_sub_folder_is_stale(folder: Path) -> None:
    stamp = warm(folder)
    write_paper(folder, "gamma", sub="more")
    assert fresh.check(folder, stamp).changed == 1


@pytest.mark.parametrize("edit", ["longer", "same size"])
def test_an_edit_in_place_with_the_folder_mtime_unchanged_is_stale(folder: Path, edit: str) -> None:
    stamp = warm(folder)
    papers = folder / "papers"
    before = keep_mtime(papers)
    path = papers / "alpha.yaml"
    text = path.read_text(encoding="utf-8")
    new = text.replace("Paper alpha", "Paper alpha, revised" if edit == "longer" else "Paper ALPHA")
    old_mtime = keep_mtime(path)
    with path.open("r+", encoding="utf-8") as fh:  # in place: no new directory entry
        fh.write(new)
        fh.truncate()
    if keep_mtime(path) == old_mtime:  # a coarse clock: make the edit's mtime differ
        os.utime(path, ns=(old_mtime + 1_000_000, old_mtime + 1_000_000))
    os.utime(papers, ns=(before, before))  # and the folder's mtime as it was
    assert keep_mtime(papers) == before
    told: list[str] = []
    verdict = fresh.check(folder, stamp, lambda: told.append("stale"))
    assert verdict.stale and verdict.changed == 1
    assert told == ["stale"]  # found by the stat of every source


def test_a_cache_replaced_by_another_papertui_is_reloaded(folder: Path) -> None:
    stamp = warm(folder)
    write_paper(folder, "gamma")
    load.load_cached(folder)  # "another papertui" rebuilt the cache for the new sources
    verdict = fresh.check(folder, stamp)
    assert verdict.stale and verdict.key is None  # no rebuild needed: reload the cache


def test_a_replaced_cache_is_reloaded_even_when_only_a_folder_mtime_moved(folder: Path) -> None:
    stamp = warm(folder)
    write_paper(folder, "gamma")
    load.load_cached(folder)  # another papertui's cache of the new sources ...
    (folder / "papers" / "README.txt").write_text("notes", encoding="utf-8")  # ... then this
    verdict = fresh.check(folder, stamp)
    assert verdict.stale and verdict.changed == -1  # the app's data is not the disk's
    assert verdict.key is not None  # rebuilt first, to note the folder's new mtime


def test_a_non_yaml_file_costs_one_rebuild_then_is_fresh(folder: Path) -> None:
    stamp = warm(folder)
    (folder / "papers" / "README.txt").write_text("notes", encoding="utf-8")
    verdict = fresh.check(folder, stamp)
    assert verdict.stale and verdict.changed == 0 and verdict.key is not None
    assert load.rebuild(folder, verdict.key, verdict.folders)
    again = load.load_quick(folder).stamp
    assert again is not None and fresh.check(folder, again) == fresh.Verdict(False)


def test_refresh_rebuilds_in_a_child_then_the_quick_load_is_fresh(folder: Path) -> None:
    stamp = warm(folder)
    write_paper(folder, "gamma")
    told: list[str] = []
    found = refresh.refresh([(folder, stamp)], lambda: told.append("stale"))
    assert found == refresh.Refreshed(stale=True, changed=1, cached=True)
    assert told == ["stale"]
    quick = load.load_quick(folder)
    assert sorted(quick.result.library.papers) == ["alpha", "beta", "gamma"]
    assert quick.stamp is not None and quick.stamp != stamp
    assert refresh.refresh([(folder, quick.stamp)]) == refresh.Refreshed()


def _stat(path: Path) -> tuple[int, int, int, int]:
    st = path.stat()
    return st.st_size, st.st_mtime_ns, st.st_ino, st.st_ctime_ns


def test_scan_lists_what_the_loader_reads_in_its_order(folder: Path) -> None:
    write_paper(folder, "a", sub="z")
    write_paper(folder, "b", sub="a/deep")
    write_paper(folder, "c", sub=".hidden")
    (folder / "papers" / ".x.yaml").write_text("", encoding="utf-8")
    (folder / "papers" / "notes.txt").write_text("", encoding="utf-8")
    (folder / "papers" / "linked").symlink_to(folder / "papers" / "z")  # not followed
    (folder / "papers" / "aa.yaml").symlink_to(folder / "papers" / "alpha.yaml")
    (folder / "papers" / "broken.yaml").symlink_to(folder / "nowhere.yaml")
    expected = [
        (path.relative_to(folder).as_posix(), *_stat(path))
        for path in [
            *(folder / name for name in (ERAS_FILE, *VOCABULARY_FILES)),
            *paper_files(folder / "papers"),
        ]
        if path.exists()
    ]
    sources, folders = cache_format.scan(folder)
    assert sources == expected
    assert [rel for rel, _ in folders] == [".", "papers", "papers/a", "papers/a/deep", "papers/z"]
    assert cache_format.scan_sources(folder) == sources
