"""Issue 11: a hostile 100k-row table imports with bounded work (its rows are read one line
at a time, matching is a look-up per row), and the line-at-a-time reading gives exactly
what markdown-it gives. Figures: benchmarks/import_table.py."""

from __future__ import annotations

from pathlib import Path

import pytest

from papertui.importers import markdown_table
from papertui.importers.folder import DataFolder
from papertui.importers.merge import merge_all
from papertui.library.model import Era

HOSTILE_CELLS = (
    "| <b>Bold</b> claims about <i>tags</i> | 2021-02 | <a href='https://e.org/h'>x</a> |",
    "| Pipes \\| inside a title | March 2020 | [Paper](https://arxiv.org/abs/2003.01234v2) |",
    "| `code` and *stars* _under_ | 2019 | [Code](https://github.com/a/b), [X](https://x.com/a) |",
    "| Entities &amp; more &lt;3 | 20222 | |",
    "| Too | many | cells | here | 2018 |",
    "| Only one cell |",
    "| ![img](https://e.org/i.png) Picture title | 2017-05 | https://e.org/bare |",
    "|   | 2016 | |",
    "| Two  spaces split a title  from its text | 2015 | |",
)


def _table(rows: int) -> str:
    body = []
    for i in range(rows):
        if i % 50 == 7:
            body.append(HOSTILE_CELLS[(i // 50) % len(HOSTILE_CELLS)].replace("title", f"t{i}"))
        else:
            body.append(f"| Paper number {i} | 2020-01 | https://e.org/{i} |")
    return "| Paper | Date | Link |\n|---|---|---|\n" + "\n".join(body) + "\n"


def _shape(result: markdown_table.ParseResult) -> list[tuple[object, ...]]:
    return [
        (p.line, p.short, p.title, p.date, p.date_source, p.arxiv, p.url, p.explainer, p.summary)
        for p in result.papers
    ] + [(p.line, p.message) for p in result.problems]


def test_line_at_a_time_rows_read_as_markdown_it_does(monkeypatch: pytest.MonkeyPatch) -> None:
    doc = "# Notes\n\n## 2020\n\n" + _table(1_200) + "\nAfter the table.\n"
    fast = markdown_table.parse(doc)
    monkeypatch.setattr(markdown_table, "LONG_TABLE", 10**9)  # every row through markdown-it
    slow = markdown_table.parse(doc)
    assert len(fast.papers) > 1_150
    assert _shape(fast) == _shape(slow)


def test_a_long_table_in_a_code_block_is_no_table() -> None:
    doc = "```\n" + _table(700) + "```\n\n| Paper | Date |\n|---|---|\n| Real one | 2020 |\n"
    result = markdown_table.parse(doc)
    assert [p.short for p in result.papers] == ["Real one"]


def test_hostile_100k_row_table_imports(tmp_path: Path) -> None:
    huge = "A" * 200_000  # a title that is one huge word
    doc = _table(100_000) + f"| {huge} | 2020 | |\n| | | |\n"
    result = markdown_table.parse(doc)
    nameless = [p for p in result.problems if p.message == "row has no paper name, skipped"]
    assert len(result.papers) + len(nameless) == 100_001  # the all-blank row says nothing
    assert len(nameless) > 200
    assert max(len(p.short) for p in result.papers) <= markdown_table.MAX_CELL
    assert result.papers[-1].short.startswith("AAAA")
    folder = DataFolder(tmp_path / "new", eras=[Era("papers", "Papers", 2000, None)])
    report = merge_all(folder, result.papers, source="user", label="big.md")
    # every numbered row is its own paper ("Paper number 12" never matches "Paper number
    # 13"); the hostile rows that repeat are merged into their first
    numbered = sum(1 for p in result.papers if p.short.startswith("Paper number "))
    assert sum(1 for i in report.new if i.startswith("paper-number-")) == numbered > 97_000
    assert "bold-claims-about-tags" in report.merged
    assert len(report.new) + len(report.merged) + len(report.skipped) == len(result.papers)
    assert len(folder.stems) == len(report.new)
