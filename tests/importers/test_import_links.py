"""Issue 11: several links in one cell are all kept, each under the key that says what it is
(``links.code``, ``links.social`` ...: ``library.fields.OTHER_LINKS``); the paper's own link
wins ``links.url``; ``check``, ``show`` and the detail panel know every key."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from papertui.importers import markdown_table
from papertui.importers.cli import run_import
from papertui.library.checks import check_lineage
from papertui.library.fields import LINK_FIELDS, OTHER_LINKS
from papertui.library.loader import load_library
from papertui.library.writer import dump_paper
from papertui.scripting import paper_record

DATA = Path(__file__).resolve().parents[2] / "data"
ROW = (
    "| Glass Box Routers For Sparse Experts  what it does "
    "| [Paper](https://arxiv.org/abs/2507.01234v1), [Code](https://github.com/a/glass), "
    "[Tweet](https://x.com/a/status/9), [Blog](https://example.org/glass-explained), "
    "[Project page](https://glass.example.org), [Talk](https://www.youtube.com/watch?v=1), "
    "[Data](https://huggingface.co/datasets/a/glass), [Slides](https://example.org/s.key), "
    "[Second tweet](https://x.com/a/status/10) |"
)


def test_every_link_of_a_cell_is_kept_by_kind() -> None:
    result = markdown_table.parse(f"## 2025\n\n| Paper | Links |\n|---|---|\n{ROW}\n")
    (paper,) = result.papers
    assert paper.arxiv == "2507.01234"  # the arXiv link wins; its version dropped
    assert paper.explainer == "https://example.org/glass-explained"  # labelled "Blog"
    assert paper.other_links == {
        "code": "https://github.com/a/glass",
        "social": "https://x.com/a/status/9",  # the first of each kind
        "project": "https://glass.example.org",
        "video": "https://www.youtube.com/watch?v=1",
        "data": "https://huggingface.co/datasets/a/glass",
    }
    assert paper.url == "https://example.org/s.key"  # says nothing about itself: a web page


def test_the_paper_link_wins_url_over_a_plain_page() -> None:
    row = "| A Study Of Things | [Home](https://e.org/home), [PDF](https://e.org/p.pdf) | 2020 |"
    result = markdown_table.parse(f"| Paper | Links | Year |\n|---|---|---|\n{row}\n")
    (paper,) = result.papers
    assert paper.url == "https://e.org/p.pdf" and paper.other_links == {}


def test_imported_links_pass_check_and_reach_show_and_the_panel(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = tmp_path / "data"
    shutil.copytree(DATA, root)
    doc = tmp_path / "links.md"
    doc.write_text(f"## 2025\n\n| Paper | Links |\n|---|---|\n{ROW}\n", encoding="utf-8")
    code = run_import("markdown-table", str(doc), str(root))
    assert "1 new" in capsys.readouterr().out and code == 0
    written = yaml.safe_load(
        (root / "papers" / "glass-box-routers-for-sparse-experts.yaml").read_text("utf-8")
    )
    assert list(written["links"]) == [k for k in LINK_FIELDS if k in written["links"]]
    assert written["links"]["code"] == "https://github.com/a/glass"
    result = load_library(root)
    assert [*result.problems, *check_lineage(result.library)] == []
    paper = result.library.papers["glass-box-routers-for-sparse-experts"]
    assert dict(paper.other_links)["social"] == "https://x.com/a/status/9"
    assert [k for k, _ in paper.other_links] == list(OTHER_LINKS)  # all five, in order
    assert paper_record(result.library, paper)["links"]["video"].startswith("https://www.you")


def test_check_refuses_a_bad_or_unknown_link_key(tmp_path: Path) -> None:
    root = tmp_path / "data"
    shutil.copytree(DATA, root)
    path = root / "papers" / "bert.yaml"
    text = path.read_text("utf-8").replace("links:\n", "links:\n  code: javascript:alert(1)\n")
    path.write_text(text.replace("links:\n", "links:\n  tweet: https://x.com/a\n", 1), "utf-8")
    messages = [p.message for p in load_library(root).problems]
    assert any("links.code: expected an http(s) URL" in m for m in messages), messages
    assert any("tweet" in m for m in messages), messages
    with pytest.raises(ValueError, match="unknown link keys: tweet"):
        fields = {"id": "x", "short": "X", "title": "X", "date": "2020", "era": "scaling"}
        dump_paper({**fields, "links": {"tweet": "https://x.com/a"}})
