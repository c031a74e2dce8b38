"""The fast path's text scans and checks, each against the plain form it replaces."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from papertui.library import fastpath, loader
from papertui.library.fastmarks import item_starts, key_line_end
from papertui.library.fastpath import fast_papers
from papertui.library.model import Link, Paper
from papertui.library.problems import Problem

pytestmark = pytest.mark.skipif(not fastpath.available(), reason="yaml-rs is not installed")

# the multi-line searches the scans replace, as they were written
OLD_DEEP = re.compile(r"^ {32}|^[ \t]*(?:[-?][ \t]+){4}", re.M)
OLD_ITEM = re.compile(r"^-[ \t]+", re.M)


def old_key(column: int) -> re.Pattern[str]:
    return re.compile(rf"^(?:[ \t]{{{column}}}|-[ \t]+)builds_on:[ \t]*(?:#[^\n]*)?\n", re.M)


LINES = st.lists(
    st.text(alphabet=st.sampled_from(list("- ?\tx:#")), max_size=40), min_size=1, max_size=12
)


@settings(max_examples=400, deadline=None)
@given(lines=LINES)
def test_deep_finds_what_the_multi_line_search_finds(lines: list[str]) -> None:
    text = "\n".join(lines)
    assert fastpath.deep(text) == (OLD_DEEP.search(text) is not None)


@pytest.mark.parametrize(
    "text",
    [
        " " * 32 + "x\n",
        "a\n" + " " * 32 + "x\n",
        "- - - - x\n",
        "a:\n  - ? - - x\n",
        "a:\n  - - - x\n",  # three: not deep
        "a: - - - - x\n",  # not at a line start
        "x\n" * 3000,
    ],
)
def test_deep_at_the_edges(text: str) -> None:
    assert fastpath.deep(text) == (OLD_DEEP.search(text) is not None)


ITEMS = st.lists(
    st.text(alphabet=st.sampled_from(list("- \tx:\n#")), max_size=20), min_size=1, max_size=10
)


@settings(max_examples=400, deadline=None)
@given(lines=ITEMS)
def test_item_starts_are_the_multi_line_searchs(lines: list[str]) -> None:
    text = "\n".join(lines)
    assert item_starts(text) == [m.end() for m in OLD_ITEM.finditer(text)]


KEY_LINES = st.lists(
    st.sampled_from(
        [
            "builds_on:",
            "  builds_on:",
            "  builds_on:  # a note",
            "- builds_on:",
            "-  builds_on: x",
            "  x: builds_on:",
            "    builds_on:",
            "builds_on: [a]",
            "\tbuilds_on:",
            "  - a",
            "x: 1",
            "",
        ]
    ),
    min_size=1,
    max_size=8,
)


@settings(max_examples=400, deadline=None)
@given(lines=KEY_LINES, column=st.sampled_from([0, 2, 4]), cut=st.integers(0, 40))
def test_the_key_line_is_the_one_the_multi_line_search_finds(
    lines: list[str], column: int, cut: int
) -> None:
    text = "\n".join(lines) + "\n"
    end = max(0, len(text) - cut)
    found = old_key(column).search(text, 0, end)
    assert key_line_end(text, 0, end, column) == (found.end() if found else -1)


PAPER = "id: p\nshort: P\ntitle: T\ndate: {date}\nera: e\n{rest}"


def both_ways(text: str) -> None:
    """The fast path refuses ``text`` or reads it as the composer does, problem-free."""
    fast = fast_papers(text, "p.yaml", "p")
    problems: list[Problem] = []
    slow = loader.parse_papers(text, "p.yaml", "p", problems)
    if fast is not None:
        assert problems == []
        assert [f.paper for f in fast] == [s.paper for s in slow]


@pytest.mark.parametrize(
    "date", ["2018", "'2018'", "2018-00", "2018-13", "2018-02-30", "2018-01-00", "0999-01"]
)
def test_dates_read_alike_or_are_refused(date: str) -> None:
    both_ways(PAPER.format(date=date, rest=""))


@pytest.mark.parametrize(
    "links",
    [
        "links:\n  code: https://c.org\n",  # only an other link
        "links:\n  social: https://s.org\n  arxiv: '1810.04805'\n  code: https://c.org\n",
        "links:\n  url: https://u.org\n",
        "links: {}\n",
    ],
)
def test_links_read_alike(links: str) -> None:
    text = PAPER.format(date="2018-10", rest=links)
    assert fast_papers(text, "p.yaml", "p") is not None
    both_ways(text)


def test_a_whitespace_only_file_is_empty_and_a_long_one_is_read_whole(tmp_path: Path) -> None:
    blank = tmp_path / "blank.yaml"
    blank.write_text(" \n\t\n")
    problems: list[Problem] = []
    assert loader.read_text(blank, "blank.yaml", problems) is None
    assert [p.message for p in problems] == ["file is empty"]
    long = tmp_path / "long.yaml"
    long.write_text("# é\n" * 50_000)  # past the first read's 64 KiB
    assert loader.read_text(str(long), "long.yaml", problems) == long.read_text()


def test_a_batch_reads_each_file_as_it_would_alone() -> None:
    good = PAPER.format(date="2018-10", rest="builds_on:\n  - q\n")
    shard = (
        "- "
        + good.replace("\n", "\n  ").rstrip()
        + "\n"
        + "- "
        + good.replace("id: p", "id: r").replace("\n", "\n  ").rstrip()
        + "\n"
    )
    files = [
        (good, "p.yaml", "p"),
        (good.replace("short: P", "short: yes"), "p.yaml", "p"),  # refused by the checks
        (shard, "s.yaml", None),
        ("id: [", "p.yaml", "p"),  # refused by yaml-rs
        (good, "other.yaml", "other"),  # the id is not the file's name
        ("- - - - x\n" * 1000, "d.yaml", None),  # refused before yaml-rs
    ]
    many = fastpath.fast_parse_many(files, None, None, Paper, Link)
    alone = [fastpath.fast_parse(t, d, s, None, None, Paper, Link) for t, d, s in files]
    assert many == alone
    assert [found is not None for found in many] == [True, False, True, False, False, False]
    assert many[2] is not None and [p.line for p in many[2]] == [1, 8]


@pytest.mark.parametrize(
    "authors",
    ["[Ann Bell, 5]", "[Ann Bell, [x]]", "[Ann Bell, {a: b}]", "[Ann Bell, yes]", "[Ann Bell, '']"],
)
def test_a_name_seen_before_does_not_vouch_for_the_rest_of_a_list(authors: str) -> None:
    first = PAPER.format(date="2018-10", rest="authors: [Ann Bell]\n")
    assert fast_papers(first, "p.yaml", "p") is not None  # "Ann Bell" now known clean
    text = PAPER.format(date="2018-10", rest=f"authors: {authors}\n")
    assert fast_papers(text, "p.yaml", "p") is None
    both_ways(text)


def test_a_short_read_before_the_stated_size_reads_on(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A read stops early only once it holds the whole file as stat'd (a file system may
    return fewer bytes than asked before the end)."""
    path = tmp_path / "p.yaml"
    path.write_text(PAPER.format(date="2018-10", rest=""))
    real = os.read
    monkeypatch.setattr(os, "read", lambda fd, n: real(fd, min(n, 7)))
    assert loader.read_text(path, "p.yaml", []) == path.read_text()
