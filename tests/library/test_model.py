"""The domain model: eras, papers, and the indexes Library.build computes once."""

from __future__ import annotations

import dataclasses
import random

import pytest

from papertui.library.model import Era, Library, Link, Paper

ERAS = (Era("old", "Old", 1950, 1999, "before"), Era("new", "New", 2000, None))


def paper(
    pid: str,
    date: str,
    era: str = "new",
    *,
    tags: tuple[str, ...] = (),
    builds_on: tuple[Link, ...] = (),
    arxiv: str = "",
) -> Paper:
    return Paper(
        id=pid,
        short=pid.upper(),
        title=f"T {pid}",
        date=date,
        era=era,
        tags=tags,
        builds_on=builds_on,
        arxiv=arxiv,
    )


def test_era_contains_year_and_span() -> None:
    old, new = ERAS
    assert old.contains_year(1950) and old.contains_year(1999)
    assert not old.contains_year(1949) and not old.contains_year(2000)
    assert new.contains_year(2000) and new.contains_year(3000) and not new.contains_year(1999)
    assert old.span == "1950\u20131999" and new.span == "2000\u2013"


def test_paper_year_and_arxiv_url() -> None:
    p = paper("a", "2017-06-12", arxiv="1706.03762")
    assert p.year == 2017
    assert p.arxiv_url == "https://arxiv.org/abs/1706.03762"
    assert paper("b", "2017").arxiv_url == ""


def test_model_objects_are_immutable() -> None:
    with pytest.raises(dataclasses.FrozenInstanceError):
        paper("a", "2017").title = "x"  # type: ignore[misc]


def test_link_equality_ignores_its_position() -> None:
    assert Link("a", "why", line=3, col=5) == Link("a", "why")
    assert Link("a", "why") != Link("a", "other")


@pytest.fixture
def library() -> Library:
    return Library.build(
        ERAS,
        [
            paper("c", "2019", tags=("NLP", "Attention"), builds_on=(Link("a"), Link("b"))),
            paper("a", "2017-06", tags=("Attention",)),
            paper("b", "2018", tags=("NLP",), builds_on=(Link("a", "reason"),)),
            paper("d", "1998", "old", builds_on=(Link("d"), Link("ghost"))),
            paper("a", "2001", tags=("Duplicate",)),  # same id again: the first one wins
        ],
    )


def test_build_indexes_by_id_in_load_order(library: Library) -> None:
    assert list(library.papers) == ["c", "a", "b", "d"]
    assert library.papers["a"].date == "2017-06"
    assert len(library) == 4 and [p.id for p in library] == ["c", "a", "b", "d"]
    assert "a" in library and "ghost" not in library
    assert library.get("b") is library.papers["b"] and library.get("zzz") is None


def test_build_indexes_by_era_in_date_order(library: Library) -> None:
    assert library.by_era == {"old": ("d",), "new": ("a", "b", "c")}
    assert library.era("old") is ERAS[0] and library.era("nope") is None


def test_build_indexes_by_tag_sorted_by_tag_then_date(library: Library) -> None:
    assert list(library.by_tag) == ["Attention", "NLP"]
    assert library.by_tag["Attention"] == ("a", "c")
    assert library.by_tag["NLP"] == ("b", "c")
    assert library.tags == ("Attention", "NLP")


def test_reverse_edges_skip_missing_targets_and_self_links(library: Library) -> None:
    assert library.built_upon_by == {"a": ("b", "c"), "b": ("c",)}
    assert library.edge_count == 3


def test_builds_on_in_written_order_and_built_upon_oldest_first(library: Library) -> None:
    assert [p.id for p in library.builds_on("c")] == ["a", "b"]
    assert [p.id for p in library.built_upon("a")] == ["b", "c"]
    assert library.builds_on("d") == ()  # itself and a missing id are skipped
    assert library.builds_on("nope") == () and library.built_upon("nope") == ()


def test_library_order_is_one_stable_sort_by_date_and_folded_title() -> None:
    rng = random.Random(22)
    titles = ["Attention", "attention", "ATTENTION", "Straße", "STRASSE", "b", "A", "a", "Zeta"]
    dates = ["2017", "2017-06", "2017-06-12", "1999", "2017-06"]
    papers = [
        Paper(id=f"p{k}", short="S", title=rng.choice(titles), date=rng.choice(dates), era="e")
        for k in range(300)
    ]
    expected = tuple(p.id for p in sorted(papers, key=lambda p: (p.date, p.title.casefold())))
    eras = (Era("e", "E", 1900, None),)
    assert Library.build(eras, papers).by_era["e"] == expected  # the by_era/by_tag order
    assert Library.build(eras, papers[:1]).by_era["e"] == ("p0",)
    assert Library.build(eras, ()).by_era["e"] == ()
