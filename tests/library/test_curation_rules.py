"""The curation rules of the data format: tag and organisation vocabularies, kinds and
parts, typed edges, eras that hold their papers, arXiv months, release dates. Each rule
has a failing fixture here, and the bundled data passes them all (test_bundled_data)."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from papertui.library.checks import check_lineage
from papertui.library.loader import load_library
from papertui.library.model import EDGE_TYPES

ERAS = """\
- {id: old, name: Old, start: 2010, end: 2016}
- {id: new, name: New, start: 2017}
"""
TAGS = """\
- {id: architectures, name: Architectures, description: Designs}
- {id: mixture-of-experts, name: Mixture of Experts, parent: architectures}
- {id: language-models, name: Language Models}
"""
ORGS = """\
- name: IBM
  aliases: [IBM Research]
- name: Google
"""


def folder(tmp_path: Path, papers: dict[str, str], *, vocab: bool = True) -> Path:
    (tmp_path / "eras.yaml").write_text(ERAS)
    if vocab:
        (tmp_path / "tags.yaml").write_text(TAGS)
        (tmp_path / "orgs.yaml").write_text(ORGS)
    (tmp_path / "papers").mkdir()
    for pid, body in papers.items():
        head = f"id: {pid}\nshort: {pid}\ntitle: Title of {pid}\n"
        (tmp_path / "papers" / f"{pid}.yaml").write_text(head + textwrap.dedent(body))
    return tmp_path


def problems(tmp_path: Path, papers: dict[str, str], **kw: bool) -> list[str]:
    result = load_library(folder(tmp_path, papers, **kw))
    found = [*result.problems, *check_lineage(result.library)]
    return [f"{Path(p.file).name}:{p.line}:{p.col}: {p.message}" for p in found]


def test_tag_ids_become_names_and_an_unknown_id_names_the_closest(tmp_path: Path) -> None:
    got = problems(
        tmp_path,
        {"a": "date: 2018-01\nera: new\ntags: [mixture-of-expert, language-models]\n"},
    )
    assert got == [
        "a.yaml:6:8: tags: unknown tag 'mixture-of-expert' (closest: 'mixture-of-experts')"
    ]
    library = load_library(tmp_path).library
    assert library.papers["a"].tags == ("Language Models",)


def test_without_a_vocabulary_tags_stay_free_text(tmp_path: Path) -> None:
    assert (
        problems(tmp_path, {"a": "date: 2018\nera: new\ntags: [Anything Goes]\n"}, vocab=False)
        == []
    )
    assert load_library(tmp_path).library.papers["a"].tags == ("Anything Goes",)


def test_an_org_alias_names_the_one_spelling_and_an_unknown_org_the_closest(tmp_path: Path) -> None:
    got = problems(
        tmp_path,
        {
            "a": "date: 2018\nera: new\norg: IBM Research\n",
            "b": "date: 2018\nera: new\norg: Googel\n",
            "c": "date: 2018\nera: new\norg: google\n",
        },
    )
    assert got == [
        "a.yaml:6:6: org: write 'IBM' (the one spelling in orgs.yaml), not 'IBM Research'",
        "b.yaml:6:6: org: 'Googel' is not in orgs.yaml (closest: 'Google'); add it there first",
        "c.yaml:6:6: org: write 'Google' (the one spelling in orgs.yaml), not 'google'",
    ]


def test_edge_types_come_from_one_closed_vocabulary(tmp_path: Path) -> None:
    got = problems(
        tmp_path,
        {
            "a": "date: 2015\nera: old\n",
            "b": ("date: 2018\nera: new\nbuilds_on:\n- {id: a, type: extend, why: its method}\n"),
        },
    )
    assert len(got) == 1 and got[0].startswith("b.yaml:7:17: builds_on type: unknown 'extend'")
    assert "did you mean 'extends'?" in got[0]
    assert "extends" in EDGE_TYPES and len(EDGE_TYPES) == 9


def test_typed_edges_keep_type_and_reason(tmp_path: Path) -> None:
    folder(
        tmp_path,
        {
            "a": "date: 2015\nera: old\n",
            "b": (
                "date: 2018\nera: new\nbuilds_on:\n- {id: a, type: fine-tunes, why: its weights}\n"
            ),
        },
    )
    (link,) = load_library(tmp_path).library.papers["b"].builds_on
    assert (link.target, link.type, link.reason) == ("a", "fine-tunes", "its weights")


def test_an_unknown_kind_is_refused_and_a_part_may_share_its_wholes_document(
    tmp_path: Path,
) -> None:
    got = problems(
        tmp_path,
        {
            "whole": "date: 2017-06\nera: new\nlinks: {arxiv: '1706.03762'}\n",
            "part": (
                "kind: concept\npart_of: whole\ndate: 2017-06\nera: new\n"
                "links: {arxiv: '1706.03762'}\n"
            ),
            "twin": "date: 2017-06\nera: new\nlinks: {arxiv: '1706.03762'}\n",
            "odd": "kind: blogpost\ndate: 2018\nera: new\n",
        },
    )
    assert any(g.startswith("odd.yaml:4:7: kind: unknown 'blogpost'") for g in got)
    duplicates = [g for g in got if "same arXiv id" in g]
    assert len(duplicates) == 1 and duplicates[0].startswith("twin.yaml")  # not the part
    library = load_library(tmp_path).library
    assert (library.papers["part"].kind, library.papers["part"].part_of) == ("concept", "whole")


def test_a_part_of_nothing_or_a_loop_of_parts_is_reported(tmp_path: Path) -> None:
    got = problems(
        tmp_path,
        {
            "a": "part_of: nowhere\ndate: 2018\nera: new\n",
            "b": "part_of: c\ndate: 2018\nera: new\n",
            "c": "part_of: b\ndate: 2018\nera: new\n",
        },
    )
    assert "a.yaml:1:1: part_of 'nowhere': no entry with that id in the collection" in got
    assert "b.yaml:1:1: part_of: 'b' is, in the end, part of itself" in got


def test_a_paper_dated_outside_its_era_is_reported(tmp_path: Path) -> None:
    got = problems(tmp_path, {"a": "date: 2019-03\nera: old\n", "b": "date: 2030\nera: new\n"})
    assert got == ["a.yaml:5:6: era 'old' covers 2010\u20132016, but the paper is from 2019"]


def test_the_arxiv_month_must_be_the_first_version_and_a_later_release_goes_apart(
    tmp_path: Path,
) -> None:
    got = problems(
        tmp_path,
        {
            "a": "date: 2022-09\nera: new\nlinks: {arxiv: '2212.04356'}\n",
            "b": "date: 2022-12\nreleased: 2022-09\nera: new\nlinks: {arxiv: '2212.04356'}\n",
        },
    )
    assert got[0].startswith("a.yaml:4:7: date: 2022-09 disagrees with arXiv id 2212.04356")
    assert not any(g.startswith("b.yaml") and "disagrees" in g for g in got)
    assert load_library(tmp_path).library.papers["b"].released == "2022-09"


def test_building_on_a_model_released_before_its_report_is_no_anachronism(tmp_path: Path) -> None:
    got = problems(
        tmp_path,
        {
            "model": "date: 2022-12\nreleased: 2022-09\nera: new\n",
            "user": "date: 2022-10\nera: new\nbuilds_on: [model]\n",
            "early": "date: 2022-08\nera: new\nbuilds_on: [model]\n",
        },
    )
    assert [g for g in got if "anachronism" in g] == [
        "early.yaml:6:13: anachronism: 'early' (2022-08) builds on 'model' (2022-09),"
        " which came later"
    ]


@pytest.mark.parametrize(("value", "ok"), [("true", True), ("false", False)])
def test_authors_truncated_is_a_flag(tmp_path: Path, value: str, ok: bool) -> None:
    folder(tmp_path, {"a": f"date: 2018\nera: new\nauthors: [A]\nauthors_truncated: {value}\n"})
    assert load_library(tmp_path).library.papers["a"].authors_truncated is ok


def test_authors_truncated_must_be_true_or_false(tmp_path: Path) -> None:
    got = problems(tmp_path, {"a": "date: 2018\nera: new\nauthors_truncated: maybe\n"})
    assert got == ["a.yaml:6:20: authors_truncated: expected true or false, found a string"]


def test_a_broken_tags_file_is_reported_with_its_position(tmp_path: Path) -> None:
    folder(tmp_path, {"a": "date: 2018\nera: new\n"})
    (tmp_path / "tags.yaml").write_text("- {id: x, name: X, parent: nope}\n- {id: x, name: Y}\n")
    got = [
        f"{Path(p.file).name}:{p.line}:{p.col}: {p.message}"
        for p in load_library(tmp_path).problems
    ]
    assert got == [
        "tags.yaml:2:3: tag 'x' is defined twice",
        "tags.yaml:1:3: tag 'x': unknown parent 'nope'",
    ]


def test_spellings_of_one_author_are_reported_and_one_word_names_are_not(tmp_path: Path) -> None:
    got = problems(
        tmp_path,
        {
            "a": "date: 2018\nera: new\nauthors: [Geoffrey E. Hinton, Gemini Team]\n",
            "b": "date: 2018\nera: new\nauthors: [Geoffrey E. Hinton, Po-Yao Huang]\n",
            "c": "date: 2018\nera: new\nauthors: [Geoffrey Hinton, Po-Sen Huang, Gemini Team]\n",
            "d": "date: 2018\nera: new\nauthors: [Barlas Oguz, Barlas Oğuz]\n",
        },
        vocab=False,
    )
    assert got == [
        "c.yaml:1:1: author 'Geoffrey Hinton' looks like a spelling of 'Geoffrey E. Hinton'"
        " (used by 2 papers): one person, one spelling",
        "d.yaml:1:1: author 'Barlas Oguz' looks like a spelling of 'Barlas Oğuz'"
        " (used by 1 paper): one person, one spelling",
    ]
