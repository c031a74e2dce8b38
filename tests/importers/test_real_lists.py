"""Issue 11: importers that survive the lists people really keep. Every import here goes
into a copy of the bundled data (or a fresh folder) and ``papertui check`` must stay clean,
or the import must name the papers to look at."""

from __future__ import annotations

from pathlib import Path

import pytest

from papertui.importers.cli import run_import
from papertui.library.loader import load_library

from .helpers import data_copy, paper, problems, write

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "importers"


# --- eras: by date and subject ----------------------------------------------------------------


def test_era_by_subject_and_date_and_widening(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = data_copy(tmp_path)
    doc = write(
        tmp_path,
        "eras.md",
        "| Title | Date |\n|---|---|\n"
        "| Momentum schedules for stochastic optimisers revisited | 2018-05 |\n"
        "| Denoising diffusion for tiny sprites | 2018-07 |\n"
        "| A logical calculus of nerve nets, retold | 1943 |\n",
    )
    run_import("markdown-table", str(doc), str(root))
    out = capsys.readouterr().out
    eras = {
        p.title: p.era
        for p in load_library(root).library
        if p.date in ("2018-05", "2018-07", "1943")
    }
    assert eras["Momentum schedules for stochastic optimisers revisited"] == "transformer"
    assert eras["Denoising diffusion for tiny sprites"] == "diffusion"
    assert eras["A logical calculus of nerve nets, retold"] == "pre-transformer"
    assert "era 'pre-transformer' widened to 1943-2016" in out
    assert "era 'transformer' by date only" in out  # the optimiser paper: named, not guessed
    assert problems(root) == []
    assert "# The eras of papertui's bundled data" in (root / "eras.yaml").read_text("utf-8")


# --- markdown tables of any shape -------------------------------------------------------------


def test_weekly_digest_shapes() -> None:
    from papertui.importers import markdown_table

    result = markdown_table.parse((FIXTURES / "weekly_digest.md").read_text("utf-8"))
    got = {p.short: p for p in result.papers}
    router = got["Sparse Routers That Learn Their Own Budget"]
    assert (router.arxiv, router.date, router.date_source) == ("2506.01234", "2025-06", "arXiv id")
    assert router.summary.startswith("a router decides")  # dropped by the command by default
    assert router.other_links == {"social": "https://x.com/someone/status/1"}  # kept as a post
    assert router.url == ""
    sheep = got["Counting Sheep With Diffusion"]
    assert sheep.url == "https://openreview.net/forum?id=abc"  # the paper beats the tweet
    assert sheep.date == "2025-06" and sheep.date_source.startswith("heading 'Picks")
    assert got["Learning representations by back-propagating errors"].date == "1988"
    quiet = got["Quiet Gradients For Noisy Optimisers"]
    assert quiet.authors == ("Santiago Ramón y Cajal",) and quiet.date == "2024-03"
    assert [p.line for p in result.problems] == [28]
    hostile = next(p for p in result.papers if "Hostile" in p.short)
    assert "<" not in hostile.short


def test_digest_into_bundled_data_stays_clean(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = data_copy(tmp_path)
    code = run_import("markdown-table", str(FIXTURES / "weekly_digest.md"), str(root))
    out = capsys.readouterr().out
    assert code == 3  # imported with warnings: the stray comma, the unknown heading tag
    assert "weekly_digest.md:28: authors: 'Ramón y Cajal, Santiago,' has a stray comma" in out
    assert "6 parsed, 4 new, 2 merged" in out  # the 1988 reprint and "Layer normalization"
    assert paper(root, "layernorm")["title"] == "Layer Normalization"  # never the case variant
    assert paper(root, "backprop")["date"] == "1986-10"  # the curated record wins
    assert "summary" not in paper(root, "sparse-routers-that-learn-their-own-budget")
    assert problems(root) == []
    assert "check: 0 new problems" in out


def test_dry_run_table_and_descriptions(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = data_copy(tmp_path)
    run_import("markdown-table", str(FIXTURES / "weekly_digest.md"), str(root), dry_run=True)
    out = capsys.readouterr().out
    assert "would" in out and " merged   backprop" in out and " new      " in out
    assert "date 2025-06 (arXiv id)" in out
    run_import(
        "markdown-table", str(FIXTURES / "weekly_digest.md"), str(root), with_descriptions=True
    )
    assert "router decides" in str(
        paper(root, "sparse-routers-that-learn-their-own-budget")["summary"]
    )


def test_deep_double_descent_journal_version_merges(tmp_path: Path) -> None:
    root = data_copy(tmp_path)
    doc = write(
        tmp_path,
        "ddd.md",
        "| Year | Title | Authors |\n|---|---|---|\n"
        "| 2021 | Deep double descent: where bigger models and more data hurt "
        "| Preetum Nakkiran, Gal Kaplun |\n",
    )
    run_import("markdown-table", str(doc), str(root))
    assert paper(root, "deep-double-descent")["date"] == "2019-12"
    assert problems(root) == []
