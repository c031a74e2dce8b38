"""Lineage checks: the lineage fixture folder, plus small libraries built in code."""

from __future__ import annotations

import dataclasses
import hashlib
from pathlib import Path

import pytest

from papertui.library import checks
from papertui.library.checks import check_lineage
from papertui.library.fold import title_words
from papertui.library.loader import load_library
from papertui.library.model import Era, Library, Link, Paper

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "loader"
ERA = Era("all", "All", 1900, None)


def paper(pid: str, date: str = "2018", *links: str, title: str = "", arxiv: str = "") -> Paper:
    return Paper(
        id=pid,
        short=pid,
        title=title or _random_title(pid),
        date=date,
        era="all",
        builds_on=tuple(Link(t) for t in links),
        arxiv=arxiv,
        file=f"{pid}.yaml",
        line=1,
    )


def _random_title(seed: str) -> str:
    """A title no other seed's title resembles (so duplicate checks stay quiet)."""
    return hashlib.sha256(seed.encode()).hexdigest()[:40]


def messages(*papers: Paper) -> list[str]:
    return [str(p) for p in check_lineage(Library.build([ERA], papers))]


def test_lineage_fixture_reports_each_problem_at_its_entry() -> None:
    root = FIXTURES / "lineage"
    result = load_library(root)
    assert result.problems == ()
    found = sorted(str(p) for p in check_lineage(result.library))
    p = f"{root}/papers"
    assert found == [
        f"{p}/anachronism.yaml:7:5: anachronism: 'anachronism' (2014-11) builds on 'base'"
        " (2015-03), which came later",
        f"{p}/cycle-a.yaml:6:13: lineage cycle: cycle-a -> cycle-b -> cycle-c -> cycle-a",
        f"{p}/missing-target.yaml:8:5: builds_on 'ghost': no paper with that id in the collection",
        f"{p}/near-title.yaml:1:1: likely duplicate: title nearly identical to 'base'"
        f" ({p}/base.yaml:1)",
        f"{p}/same-arxiv.yaml:1:1: likely duplicate: same arXiv id 1503.00001 as 'base'"
        f" ({p}/base.yaml:1)",
        f"{p}/self-ref.yaml:6:13: 'self-ref' builds on itself",
    ]


def test_reverse_edges_of_the_lineage_fixture() -> None:
    lib = load_library(FIXTURES / "lineage").library
    assert lib.built_upon_by["base"] == ("anachronism", "missing-target")  # oldest first
    assert lib.built_upon_by["later-day"] == ("year-only", "same-month")
    assert "ghost" not in lib.built_upon_by  # edges to missing papers are left out
    assert "self-ref" not in lib.built_upon_by  # and so are self-references
    assert [p.id for p in lib.built_upon("cycle-a")] == ["cycle-c"]
    assert lib.edge_count == 7


def test_good_data_has_no_lineage_problems() -> None:
    assert check_lineage(load_library(FIXTURES / "good").library) == []


@pytest.mark.parametrize(
    ("child", "parent", "bad"),
    [
        ("2015-03", "2015-03-28", False),  # same month: fine
        ("2015", "2015-11", False),  # year precision only
        ("2015-03-01", "2015-03-31", False),  # never finer than the month
        ("2015-02-28", "2015-03-01", True),
        ("2014", "2015-01", True),
        ("2015-12", "2016", True),
        ("2016", "2015", False),
    ],
)
def test_anachronism_compares_at_common_precision(child: str, parent: str, bad: bool) -> None:
    found = messages(paper("parent", parent), paper("child", child, "parent"))
    assert bool(found) is bad, found
    if bad:
        assert found == [
            f"child.yaml:1:1: anachronism: 'child' ({child}) builds on 'parent' ({parent}),"
            " which came later"
        ]


def test_link_position_is_used_when_known() -> None:
    child = dataclasses.replace(paper("child"), builds_on=(Link("ghost", line=9, col=7),))
    assert messages(child) == [
        "child.yaml:9:7: builds_on 'ghost': no paper with that id in the collection"
    ]


def test_a_tangle_is_reported_once_with_one_cycle_and_the_other_members() -> None:
    found = messages(
        paper("a", "2018", "b"),
        paper("b", "2018", "a", "c"),
        paper("c", "2018", "b", "d"),
        paper("d", "2018", "c"),
        paper("e", "2018", "a"),  # builds on the tangle, is not part of it
    )
    assert found == ["a.yaml:1:1: lineage cycle: a -> b -> a (also tangled: c, d)"]


def test_two_separate_cycles_are_two_problems() -> None:
    found = messages(
        paper("a", "2018", "b"),
        paper("b", "2018", "a"),
        paper("x", "2018", "y"),
        paper("y", "2018", "z"),
        paper("z", "2018", "x"),
    )
    assert found == [
        "a.yaml:1:1: lineage cycle: a -> b -> a",
        "x.yaml:1:1: lineage cycle: x -> y -> z -> x",
    ]


def test_a_long_chain_is_not_a_cycle() -> None:
    chain = [paper("p0", "2000")] + [paper(f"p{i}", "2000", f"p{i - 1}") for i in range(1, 3000)]
    assert messages(*chain) == []


def test_same_arxiv_id_is_a_likely_duplicate_reported_per_copy() -> None:
    found = messages(
        paper("a", arxiv="1706.03762", title="Attention Is All You Need"),
        paper("b", arxiv="1706.03762", title="Something else entirely"),
        paper("c", arxiv="1706.03762", title="And a third title here"),
        paper("d", arxiv="1810.04805", title="BERT"),
    )
    assert found == [
        "b.yaml:1:1: likely duplicate: same arXiv id 1706.03762 as 'a' (a.yaml:1)",
        "c.yaml:1:1: likely duplicate: same arXiv id 1706.03762 as 'a' (a.yaml:1)",
    ]


def test_titles_equal_after_normalising_are_duplicates() -> None:
    assert title_words("  Attention: Is ALL you need!? ") == "attention is all you need"
    found = messages(
        paper("a", title="Attention Is All You Need"),
        paper("b", title="attention is all you need."),
    )
    assert found == ["b.yaml:1:1: likely duplicate: title nearly identical to 'a' (a.yaml:1)"]


def test_different_titles_are_not_duplicates() -> None:
    found = messages(
        paper("a", title="Deep Residual Learning for Image Recognition"),
        paper("b", title="Deep Residual Learning for Speech Recognition"),
        paper("c", title="Language Models are Few-Shot Learners"),
        paper("d", title="Language Models are Unsupervised Multitask Learners"),
    )
    assert found == []


@pytest.mark.parametrize("cdist", [True, False], ids=["cdist-blocks", "extract-per-title"])
def test_numbered_or_plus_variants_are_a_series_not_duplicates(
    monkeypatch: pytest.MonkeyPatch, cdist: bool
) -> None:
    monkeypatch.setattr(checks, "_CDIST_FROM", 0 if cdist else 10**9)
    found = messages(
        paper("od1", title="OpenMathInstruct-1: A 1.8 Million Math Instruction Tuning Dataset"),
        paper("od2", title="OpenMathInstruct-2: A 1.8 Million Math Instruction Tuning Dataset"),
        paper("cr", title="Command R: Retrieval-Augmented Generation at Production Scale"),
        paper("crp", title="Command R+: Retrieval-Augmented Generation at Production Scale"),
        paper("dup", title="OpenMathInstruct-1: A 1.8 Million Math Instruction Tuning Datasets"),
    )
    assert found == [
        "dup.yaml:1:1: likely duplicate: title nearly identical to 'od1' (od1.yaml:1)",
    ]


@pytest.mark.parametrize("cdist", [True, False], ids=["cdist-blocks", "extract-per-title"])
def test_near_identical_titles_are_found_across_length_blocks(
    monkeypatch: pytest.MonkeyPatch, cdist: bool
) -> None:
    # Tiny blocks, so near-duplicates of different lengths sit in different cdist calls.
    monkeypatch.setattr(checks, "_BLOCK", 2)
    monkeypatch.setattr(checks, "_CDIST_FROM", 0 if cdist else 10**9)
    fillers = [paper(f"f{i}", title=_random_title(str(i))[: 30 + i % 40]) for i in range(60)]
    base = "Scaling Laws for Neural Language Models and Their Consequences"
    found = messages(
        paper("orig", title=base),
        *fillers,
        paper("typo", title=base.replace("Neural", "Nueral")),  # same length, a swap
        paper("plural", title=base + "s"),  # one longer
        paper("far", title=base.replace("Scaling Laws", "Chinchilla")),  # not near
    )
    assert found == [
        "typo.yaml:1:1: likely duplicate: title nearly identical to 'orig' (orig.yaml:1)",
        "plural.yaml:1:1: likely duplicate: title nearly identical to 'orig' (orig.yaml:1)",
    ]
