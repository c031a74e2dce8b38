"""store/scan.py: the walk lists sources in the loader's order (names sorted per folder)."""

from __future__ import annotations

import os
from pathlib import Path

from papertui.store.scan import scan


def test_names_sorted_per_folder_across_groups_and_links_to_folders_not_followed(
    tmp_path: Path,
) -> None:
    data = tmp_path / "data"
    papers = data / "papers"
    names = ["b.yaml", "a.yaml", "ab.yaml", "aa.yaml", "A.yaml", "a-b.yaml", "é.yaml", "zz.yaml"]
    names += [f"p{k:05d}.yaml" for k in range(300, 0, -7)]
    (papers / "sub" / "deeper").mkdir(parents=True)
    for name in names:
        (papers / name).write_text("x", encoding="utf-8")
    (papers / "sub" / "c.yaml").write_text("x", encoding="utf-8")
    (papers / "sub" / "deeper" / "d.yaml").write_text("x", encoding="utf-8")
    (papers / "notes.txt").write_text("x", encoding="utf-8")
    (papers / ".hidden.yaml").write_text("x", encoding="utf-8")
    outside = tmp_path / "outside.yaml"
    outside.mkdir()
    (outside / "e.yaml").write_text("x", encoding="utf-8")
    os.symlink(outside, papers / "linked.yaml")  # a link to a folder, named like a file
    sources, folders = scan(data)
    listed = [rel for rel, *_stat in sources]
    # as os.walk in name order: one sort of the folder's names, sub-folders in place
    expected = [f"papers/{n}" for n in sorted([*names, "sub"])]
    at = expected.index("papers/sub")
    expected[at : at + 1] = ["papers/sub/c.yaml", "papers/sub/deeper/d.yaml"]
    assert listed == expected
    assert [rel for rel, _mtime in folders] == [".", "papers", "papers/sub", "papers/sub/deeper"]


def test_let_go_empties_a_list_a_slice_at_a_time() -> None:
    from papertui.store.load import let_go

    items = [(f"papers/{k}.yaml", k) for k in range(50_001)]
    alias = items  # as the key holds the same list as the scan
    let_go(items, piece=1_000)
    assert items == [] and alias is items
