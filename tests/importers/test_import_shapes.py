"""Issue 11: the shapes two real public lists showed (a weekly Markdown digest, a textbook's
BibTeX), in fixtures written here: a bold title then a dash, numbering then two spaces, a
week heading without its year, and one person spelt two ways in one file."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from papertui.importers import markdown_table
from papertui.importers.cli import run_import
from papertui.library.checks import check_lineage
from papertui.library.loader import load_library

DATA = Path(__file__).resolve().parents[2] / "data"

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "importers"
DIGEST = (FIXTURES / "weekly_picks.md").read_text("utf-8")
BIB = (FIXTURES / "quiet_refs.bib").read_text("utf-8")


def test_weekly_digest_titles_and_dates() -> None:
    result = markdown_table.parse(DIGEST)
    got = {p.short: p for p in result.papers}
    assert list(got) == [
        "Quiet Routers",
        "Loud Critics",  # not "2)": numbering then two spaces
        "Winter Tokens",
        "A Lab Report Without arXiv",
        "Solstice Scaling",
    ]
    assert got["Quiet Routers"].summary == "a router that sleeps; it wakes for hard tokens."
    assert got["Winter Tokens"].summary == "tokenising snow"
    report = got["A Lab Report Without arXiv"]  # no year in its heading, no arXiv id
    assert report.date == "2023-12"  # the month of the heading, the year of its neighbours
    assert report.date_source.startswith("heading 'Picks of the week (December 25")
    assert report.url == "https://example.org/report.pdf"
    assert got["Winter Tokens"].other_links == {"code": "https://github.com/w/t"}
    assert result.problems == []


def test_weekly_digest_imports_clean(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = tmp_path / "data"
    shutil.copytree(DATA, root)
    doc = tmp_path / "digest.md"
    doc.write_text(DIGEST, encoding="utf-8")
    code = run_import("markdown-table", str(doc), str(root))
    out = capsys.readouterr().out
    assert "5 parsed, 5 new, 0 merged" in out and "0 skipped" in out, out
    result = load_library(root)
    assert [*result.problems, *check_lineage(result.library)] == []
    assert code in (0, 3)  # 3 only for the eras chosen by date alone, which are named
    assert "check: 0 new problems" in out


def test_one_person_one_spelling_within_one_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = tmp_path / "data"
    shutil.copytree(DATA, root)
    doc = tmp_path / "refs.bib"
    doc.write_text(BIB, encoding="utf-8")
    run_import("bibtex", str(doc), str(root))
    out = capsys.readouterr().out
    papers = {p.title: p for p in load_library(root).library}
    first = papers["Kernel tricks for quiet machines"]
    second = papers["More kernel tricks for quieter machines"]
    assert first.authors == ("Alex J Smola", "Geoffrey E. Hinton")  # the folder's Hinton
    assert second.authors[0] == "Alex J Smola"  # the file's first spelling of him
    assert "author 'Alex Smola' written 'Alex J Smola'" in out
    assert "author 'Geoffrey E Hinton' written 'Geoffrey E. Hinton'" in out
    result = load_library(root)
    assert [*result.problems, *check_lineage(result.library)] == []
    written = yaml.safe_load(
        (root / "papers" / "more-kernel-tricks-for-quieter-machines.yaml").read_text("utf-8")
    )
    assert written["authors"] == ["Alex J Smola", "Jane Doe"]
