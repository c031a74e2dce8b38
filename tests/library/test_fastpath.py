"""The fast path (yaml-rs + checks on plain values) reads exactly what the composer reads,
and refuses everything it cannot vouch for, which the composer then reports as before."""

from __future__ import annotations

import dataclasses
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from papertui.library import fastpath, loader
from papertui.library.datafolder import paper_files
from papertui.library.fastpath import fast_papers
from papertui.library.fields import KNOWN_SOURCES, LINK_FIELDS
from papertui.library.model import Paper
from papertui.library.problems import Problem
from papertui.library.schema import PaperFields

pytestmark = pytest.mark.skipif(not fastpath.available(), reason="yaml-rs is not installed")

DATA = Path(__file__).resolve().parents[2] / "data"
MIXED = Path(__file__).resolve().parent.parent / "fixtures" / "loader" / "mixed"

PAPER = """\
id: bert
short: BERT
title: 'BERT: Pre-training'
date: 2018-10
era: transformer
authors:
- Jacob Devlin
- Ming-Wei Chang
tags: [masked-lm, transformer]
summary: >-
  One or two sentences
  in our own words.
builds_on:
  - id: transformer
    type: uses-component
    why: the encoder
  - elmo
  - 'gpt'
links:
  arxiv: '1810.04805'
"""


def composed(text: str, stem: str | None = "bert") -> tuple[list[PaperFields], list[Problem]]:
    problems: list[Problem] = []
    return loader.parse_papers(text, "p.yaml", stem, problems), problems


def same(fast: list[PaperFields], slow: list[PaperFields]) -> None:
    """Equal papers, lines and builds_on positions (Link positions compare unequal-blind)."""
    assert [f.paper for f in fast] == [s.paper for s in slow]
    assert [f.paper.line for f in fast] == [s.paper.line for s in slow]
    assert [[(x.line, x.col) for x in f.paper.builds_on] for f in fast] == [
        [(x.line, x.col) for x in s.paper.builds_on] for s in slow
    ]


def test_one_paper_reads_as_the_composer_reads_it() -> None:
    fast = fast_papers("# a comment\n\n" + PAPER, "p.yaml", "bert")
    assert fast is not None
    slow, problems = composed("# a comment\n\n" + PAPER)
    assert problems == []
    same(fast, slow)
    assert fast[0].paper.line == 3
    assert [(x.line, x.col) for x in fast[0].paper.builds_on] == [(16, 5), (19, 5), (20, 5)]


def test_a_file_of_papers_keeps_each_papers_line_and_entries() -> None:
    items = []
    for n in range(3):
        body = PAPER.replace("id: bert", f"id: p{n}").replace("\n", "\n  ").rstrip()
        items.append("- " + body + "\n")
    text = "# papers\n" + "".join(items)
    fast = fast_papers(text, "p.yaml", None)
    assert fast is not None
    slow, problems = composed(text, None)
    assert problems == []
    same(fast, slow)
    assert [f.paper.line for f in fast] == [2, 22, 42]


def test_every_bundled_paper_reads_the_same_both_ways() -> None:
    tags, orgs = loader.read_vocabularies(DATA, [])
    for path in paper_files(DATA / "papers"):
        text = path.read_text(encoding="utf-8")
        fast = fast_papers(text, str(path), path.stem, tags, orgs)
        problems: list[Problem] = []
        slow = loader.parse_papers(text, str(path), path.stem, problems, tags=tags, orgs=orgs)
        assert fast is not None, path
        assert problems == []
        same(fast, slow)


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("short: BERT", "short:"),  # a required field left empty
        ("short: BERT", "short: yes"),  # a boolean to YAML 1.1
        ("short: BERT", "short: 2018"),  # a number
        ("short: BERT", "short: !!python/name:os.system ''"),  # a tag
        ("short: BERT", "short: &a BERT\nshort2: *a"),  # an alias (and an unknown field)
        ("short: BERT", "short: BERT\nshort: BERT"),  # a duplicate key
        ("date: 2018-10", "date: 2018"),  # the text of a number is not kept
        ("date: 2018-10", "date: 2018-1-5"),
        ("arxiv: '1810.04805'", "arxiv: 1810.04805"),  # a float: its text is not kept
        ("era: transformer", "era: Transformer"),
        ("- elmo", "- elmo\n  - elmo"),  # listed twice
        ("summary: >-", "summary: <<"),
        ("authors:", "authors_truncated: on\nauthors:"),
        ("title: 'BERT: Pre-training'", "title: 'BERT\x07'"),  # a control character
        ("id: bert", "---\nid: bert"),  # a document marker
        ("builds_on:\n", "builds_on: [elmo]\nrelated:\n"),  # not the block layout
        ("One or two", "\tOne or two"),  # libyaml refuses this tab, yaml-rs reads it
        ("short: BERT", "short: &` BERT"),  # an anchor name YAML 1.1 refuses
    ],
)
def test_what_the_fast_path_cannot_vouch_for_goes_to_the_composer(old: str, new: str) -> None:
    text = PAPER.replace(old, new, 1)
    assert text != PAPER
    assert fast_papers(text, "p.yaml", "bert") is None


def test_a_second_document_is_not_read_as_a_second_paper() -> None:
    other = PAPER.replace("id: bert", "id: gpt")
    assert fast_papers(PAPER + "---\n" + other, "p.yaml", None) is None


def test_deep_block_nesting_is_refused_before_yaml_rs_sees_it(tmp_path: Path) -> None:
    """yaml-rs recurses on block nesting and overflows its stack (SIGSEGV) at 10k-20k levels."""
    code = (
        "from papertui.library.fastpath import fast_papers\n"
        "print(fast_papers('- ' * 200_000 + 'x\\n', 'p.yaml', None))\n"
        "print(fast_papers('a:\\n' + ''.join(' ' * n + '- \\n' for n in range(0, 40_000, 2)),"
        " 'p.yaml', None))\n"
    )
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert run.returncode == 0, run.stderr
    assert run.stdout.split() == ["None", "None"]


def test_the_mixed_fixture_reports_the_same_problems_with_and_without_the_fast_path(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    fast = loader.load_library(MIXED)
    monkeypatch.setattr(loader, "fast_papers", lambda *args: None)
    slow = loader.load_library(MIXED)
    assert fast.problems == slow.problems
    assert list(fast.library.papers.values()) == list(slow.library.papers.values())


def test_cross_file_messages_find_a_fast_path_papers_positions(tmp_path: Path) -> None:
    (tmp_path / "eras.yaml").write_text("- {id: transformer, name: T, start: 2017}\n")
    papers = tmp_path / "papers"
    papers.mkdir()
    (papers / "a.yaml").write_text(
        "- id: bert\n  short: A\n  title: A\n  date: 2018-10\n  era: transformer\n"
        "- id: old\n  short: O\n  title: O\n  date: 2001-01\n  era: transformer\n"
    )
    (papers / "bert.yaml").write_text(PAPER.replace("era: transformer", "era: gone"))
    (papers / "c.yaml").write_text(
        "- id: bert\n  short: B\n  title: B\n  date: 2019-01\n  era: transformer\n"
    )
    result = loader.load_library(tmp_path)
    assert [str(p).replace(str(papers) + "/", "") for p in result.problems] == [
        "a.yaml:10:8: era 'transformer' covers 2017–, but the paper is from 2001",
        "bert.yaml:5:6: unknown era 'gone' (eras: transformer)",
        "c.yaml:1:7: paper id 'bert' is already defined at a.yaml:1:7",
    ]


SCALAR = st.text(alphabet=st.sampled_from(list("ab Z09:#-'\"\\!&*?[]{},.|>%@`~\t\né")), max_size=12)
STYLES = ("plain", "single", "double", "folded", "literal")


def _written(value: str, style: str) -> str:
    if style == "single":
        return "'" + value.replace("'", "''") + "'"
    if style == "double":
        return '"' + value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'
    if style in ("folded", "literal"):
        return (">-" if style == "folded" else "|-") + "\n    " + value.replace("\n", "\n    ")
    return value


@settings(max_examples=300, deadline=None)
@given(
    values=st.lists(st.tuples(SCALAR, st.sampled_from(STYLES)), min_size=4, max_size=4),
    shard=st.booleans(),
)
def test_any_scalar_is_read_alike_or_refused(values: list[tuple[str, str]], shard: bool) -> None:
    """Whatever the fast path accepts, the composer reads the same, without a problem."""
    (short, s1), (title, s2), (why, s3), (summary, s4) = values
    text = (
        f"id: p\nshort: {_written(short, s1)}\ntitle: {_written(title, s2)}\n"
        f"date: 2020-01\nera: e\nbuilds_on:\n  - id: q\n    why: {_written(why, s3)}\n"
        f"summary: {_written(summary, s4)}\n"
    )
    if shard:
        text = "- " + text.replace("\n", "\n  ").rstrip() + "\n"
    stem = None if shard else "p"
    fast = fast_papers(text, "p.yaml", stem)
    if fast is None:
        return
    slow, problems = composed(text, stem)
    assert problems == []
    same(fast, slow)


def test_every_field_of_a_paper_reads_the_same_both_ways() -> None:
    """A paper that fills every field the model has (each link key included): the fast
    path must not drop one. A new Paper field makes this fail until the text covers it."""
    links = "".join(f"  {key}: https://e.org/{key}\n" for key in LINK_FIELDS if key != "arxiv")
    text = (
        PAPER.replace("era: transformer\n", "released: 2018-11\nera: transformer\n")
        .replace("id: bert\n", "id: bert\nkind: model\npart_of: bert-family\n")
        .replace("- Ming-Wei Chang\n", "- Ming-Wei Chang\nauthors_truncated: true\norg: Google\n")
        + links
        + "why_it_matters: Pre-training for everything after it.\n"
        + "related: [RoBERTa, ALBERT]\n"
        + f"notes:\n  {KNOWN_SOURCES[0]}: A note of ours.\n"
        + f"sources: [{KNOWN_SOURCES[0]}]\n"
    )
    slow, problems = composed(text)
    assert problems == []
    unfilled = [
        f.name
        for f in dataclasses.fields(Paper)
        if getattr(slow[0].paper, f.name) == f.default and f.name != "line"
    ]
    assert unfilled == []  # the text above fills every field
    fast = fast_papers(text, "p.yaml", "bert")
    assert fast is not None
    same(fast, slow)


def test_off_the_main_thread_the_composer_reads_the_file() -> None:
    """yaml-rs crashed the app's process (SIGSEGV) when its load thread parsed through it
    (tests/tui/test_problems_screen.py, run as a file, reproduced it): off the main thread
    the fast path steps aside and the composer reads the file, with the same result."""
    import threading

    found: list[object] = []
    worker = threading.Thread(target=lambda: found.append(fast_papers(PAPER, "p.yaml", "bert")))
    worker.start()
    worker.join()
    assert found == [None]
    assert fast_papers(PAPER, "p.yaml", "bert") is not None  # on the main thread: used
    slow, problems = composed(PAPER)  # what the thread's load reads instead
    assert slow and problems == []
