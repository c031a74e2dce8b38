"""Issue 11: (1) reprints and journal versions that carry no authors (the same title a few
years apart) are one paper, merged and reported for the user to confirm; a generic title or
a longer gap is never merged by the title alone; (2) --dry-run says what `papertui check`
would find in the would-be folder, and writes nothing."""

from __future__ import annotations

from pathlib import Path

import pytest

from papertui.importers.cli import run_import
from papertui.library.loader import load_library

from .helpers import data_copy, paper, problems, write


def test_authorless_reprints_merge_into_the_curated_papers(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = data_copy(tmp_path)
    doc = write(
        tmp_path,
        "reprints.md",
        "| Title | Year |\n|---|---|\n"
        "| Deep double descent: where bigger models and more data hurt | 2021 |\n"
        "| Learning representations by back-propagating errors | 1988 |\n",
    )
    code = run_import("markdown-table", str(doc), str(root))
    out = capsys.readouterr().out
    assert "2 parsed, 0 new, 2 merged" in out
    assert "reprints.md:3: deep-double-descent: merged by its title alone (2021 here, 2019" in out
    assert "reprints.md:4: backprop: merged by its title alone (1988 here, 1986" in out
    assert paper(root, "deep-double-descent")["date"] == "2019-12"  # the curated record wins
    assert paper(root, "backprop")["title"] == "Learning representations by back-propagating errors"
    assert problems(root) == []
    assert code == 0  # a merge to confirm is reported, not a warning


def test_title_alone_is_not_enough_when_generic_or_far_apart(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = tmp_path / "new"
    first = write(
        tmp_path,
        "a.md",
        "| Title | Year |\n|---|---|\n| Dynamic programming | 1957 |\n"
        "| A theory of slow learning machines | 2010 |\n"
        "| A theory of quick learning machines | 2012 |\n",
    )
    run_import("markdown-table", str(first), str(root))
    second = write(
        tmp_path,
        "b.md",
        "| Title | Year |\n|---|---|\n| Dynamic programming | 1960 |\n"  # two words: too generic
        "| A theory of slow learning machines | 2016 |\n"  # six years: not a reprint
        "| A theory of quick learning machines | 2014 |\n",  # two years, no authors: merged
    )
    capsys.readouterr()
    run_import("markdown-table", str(second), str(root))
    out = capsys.readouterr().out
    assert "3 parsed, 2 new, 1 merged" in out
    assert "b.md:5: a-theory-of-quick-learning-machines: merged by its title alone" in out
    titles = sorted(p.title for p in load_library(root).library)
    assert titles.count("Dynamic programming") == 2
    # what check then calls a likely duplicate is named, with the paper to look at
    assert "likely duplicate" in out and "(new after this import: look at this paper)" in out


def test_authors_that_differ_keep_same_titled_papers_apart(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = tmp_path / "new"
    doc = write(
        tmp_path,
        "a.md",
        "| Title | Year | Authors |\n|---|---|---|\n"
        "| A theory of slow learning machines | 2010 | Ada Lovelace, Alan Turing |\n"
        "| A theory of slow learning machines | 2012 | Grace Hopper, Alan Turing |\n",
    )
    run_import("markdown-table", str(doc), str(root))
    out = capsys.readouterr().out
    assert "2 parsed, 2 new, 0 merged" in out and "merged by its title alone" not in out


# --- --dry-run checks the would-be folder ------------------------------------------------------


def _tree(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in root.rglob("*") if p.is_file()}


def test_dry_run_says_what_check_would_find_and_writes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = data_copy(tmp_path)
    before = _tree(root)
    doc = write(
        tmp_path,
        "dry.md",
        "| Title | Year |\n|---|---|\n| Dynamic programming | 1957 |\n"
        "| Dynamic programming | 1961 |\n| A fresh look at quiet things | 2020 |\n",
    )
    code = run_import("markdown-table", str(doc), str(root), dry_run=True)
    out = capsys.readouterr().out
    assert _tree(root) == before  # only read, eras.yaml included (the 1957 era widening)
    assert f"{root}/papers/dynamic-programming.yaml: check: likely duplicate" in out
    assert "(would be new after this import: look at it)" in out
    assert "papertui-dry-run" not in out  # the temporary folder is never shown
    assert "check would find 1 new problems" in out and code == 3
    # the same import for real finds the same problem, then a clean one passes
    run_import("markdown-table", str(doc), str(root))
    assert "dynamic-programming.yaml: check: likely duplicate" in capsys.readouterr().out
    clean = write(tmp_path, "c.md", "| Title | Year |\n|---|---|\n| A quiet new idea | 2021 |\n")
    run_import("markdown-table", str(clean), str(root), dry_run=True)
    assert "check would pass" in capsys.readouterr().out


def test_dry_run_into_a_new_folder_checks_too(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    doc = write(tmp_path, "new.md", "| Title | Year |\n|---|---|\n| A quiet new idea | 2021 |\n")
    code = run_import("markdown-table", str(doc), str(tmp_path / "nothing-yet"), dry_run=True)
    assert "check would pass" in capsys.readouterr().out and code == 0
    assert not (tmp_path / "nothing-yet").exists()
